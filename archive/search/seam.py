"""What the search stages need from an engine: the seam another engine implements.

An engine's snapshot offers the four things below; :mod:`archive.index.snapshot` is the
Whoosh one. Field names are the logical search fields of the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from archive.search.columns import Columns

C = TypeVar("C")
IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]

#: The search fields: accented syllables (canonical tones), folded syllables, and folded
#: adjacent pairs of the title and the lead.
EXACT, FOLDED, BIGRAM = "text", "text_f", "text_bi"


class PositionsLike(Protocol):
    """``pos[starts[i]:starts[i + 1]]`` are the positions of a term in ``docs[i]``."""

    @property
    def docs(self) -> IntArray: ...

    @property
    def starts(self) -> npt.NDArray[np.int64]: ...

    @property
    def pos(self) -> IntArray: ...


class PostingsLike(Protocol):
    """Term statistics and postings of one snapshot (live documents only)."""

    @property
    def doc_count(self) -> int: ...

    def term(self, field: str, text: str) -> tuple[IntArray, FloatArray]: ...

    def positions(self, field: str, text: str) -> PositionsLike: ...

    def lengths(self, field: str) -> tuple[FloatArray, float]: ...

    def doc_frequency(self, field: str, text: str) -> int: ...

    def frequency(self, field: str, text: str) -> float:
        """Total weight of a term (occurrences; a title occurrence counts three times)."""
        ...

    def stats_many(
        self, field: str, texts: list[str]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """``frequency`` and ``doc_frequency`` of each of many terms of one field, at once."""
        ...

    # Optional: ``phrase_docs(terms) -> IntArray | None`` — the documents where the
    # ``(field, text)`` terms stand at consecutive positions, when the engine can tell
    # (PostgreSQL: ``tsv @@ 'a' <-> 'b'``); None hands the phrase to the position arrays.
    # Optional: ``prefetch_query(parsed)`` — called before a parsed query's stages run, so
    # an engine with a round trip per lookup can read the likely terms at once (PostgreSQL).


class SpellingLike(Protocol):
    """Typo candidates of the folded vocabulary (:class:`archive.search.spelling.Spelling`)."""

    def correct(self, word: str) -> str | None: ...

    def candidates(self, word: str) -> set[str]: ...

    def frequency(self, word: str) -> int: ...


class SnapshotLike(Protocol):
    """One consistent view of an index."""

    @property
    def postings(self) -> PostingsLike: ...

    @property
    def columns(self) -> Columns: ...

    def stored(self, docnum: int) -> dict[str, Any]: ...

    def docnum(self, article_id: str) -> int | None: ...

    def iter_stored(self) -> Iterator[dict[str, Any]]: ...

    def cache(self, name: str, make: Callable[[], C]) -> C:
        """A cache that lives as long as this snapshot (made on first use)."""
        ...

    @property
    def spelling(self) -> SpellingLike: ...

    # Optional: ``facet_counts(filters, req) -> dict[str, list[FacetValue]]`` — the facet
    # counts of :func:`archive.search.facets.facet_counts` (same values, same order), when the
    # engine counts them itself (PostgreSQL: one ``GROUP BY``, see archive/pg/facets.py).
