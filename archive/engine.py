"""One open generation of the index: its searcher, facet columns and query execution.

Matching runs in one pass that records every matching document number with its score
(``_AllScores``); filters, facets, sorting and paging then work on numpy arrays.
"""

from __future__ import annotations

import time
from array import array
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.collectors import ScoredCollector
from whoosh.index import Index
from whoosh.searching import Searcher

from archive.facets import FacetColumns
from archive.query import ParsedQuery
from archive.schema import FOLDED
from archive.store import open_generation

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]

RESULT_CACHE_SIZE = 128
RERANK_DEPTH = 40
ADJACENCY_BONUS = 0.35  # score multiplier gained when every adjacent query pair is adjacent


class _AllScores(ScoredCollector):
    """Collect every matching document with its score (no top-N pruning)."""

    def prepare(self, top_searcher: Searcher, q: wq.Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.ids = array("i")
        self.scores = array("f")

    def _collect(self, global_docnum: int, score: float) -> int:
        self.ids.append(global_docnum)
        self.scores.append(score)
        return 0

    def results(self) -> None:  # the arrays are the result
        return None


class Snapshot:
    """A searcher over one generation, with the per-searcher caches hanging off it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name, self.index = _open_with_retry(root)
        self.searcher: Searcher = self.index.searcher()
        self.generation = (self.name, self.index.latest_generation())
        self.facets = FacetColumns(self.searcher.reader())
        self._cache: OrderedDict[str, tuple[IntArray, FloatArray]] = OrderedDict()
        self.opened = time.monotonic()

    def close(self) -> None:
        self.searcher.close()

    def is_stale(self) -> bool:
        """True when ``CURRENT`` or the generation's commit changed since we opened."""
        from archive.store import current_generation

        name = current_generation(self.root)
        if name != self.name:
            return name is not None
        try:
            return self.index.latest_generation() != self.generation[1]
        except OSError:
            return False

    def match(self, q: wq.Query) -> tuple[IntArray, FloatArray]:
        """Return every matching document number and its score (cached per query)."""
        key = repr(q)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        collector = _AllScores()
        self.searcher.search_with_collector(q, collector)
        result = (
            np.frombuffer(collector.ids, dtype=np.int32).copy(),
            np.frombuffer(collector.scores, dtype=np.float32).copy(),
        )
        self._cache[key] = result
        if len(self._cache) > RESULT_CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def count(self, q: wq.Query) -> int:
        return int(self.match(q)[0].size)

    def stored(self, docnum: int) -> dict[str, Any]:
        fields: dict[str, Any] = self.searcher.stored_fields(docnum)
        doc: dict[str, Any] = fields.get("doc") or {}
        return doc

    def adjacency(self, parsed: ParsedQuery, docnums: list[int]) -> dict[int, float]:
        """Share of adjacent query pairs that stand adjacent in each document's text."""
        words = [t.folded for c in parsed.include if not c.synonym for t in c.tokens]
        pairs = list(zip(words, words[1:], strict=False))
        if not pairs or not docnums:
            return {}
        positions: dict[tuple[int, str], set[int]] = {}
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            local = sorted(
                d - offset for d in docnums if offset <= d < offset + reader.doc_count_all()
            )
            if not local:
                continue
            for word in set(words):
                if not reader.doc_frequency(FOLDED, word):
                    continue
                m = reader.postings(FOLDED, word)
                for d in local:
                    if not m.is_active():
                        break
                    if m.id() < d:
                        m.skip_to(d)
                    if m.is_active() and m.id() == d:
                        positions[(d + offset, word)] = set(m.value_as("positions"))
        out = {}
        for d in docnums:
            found = 0
            for a, b in pairs:
                pa, pb = positions.get((d, a)), positions.get((d, b))
                if pa and pb and any(p + 1 in pb for p in pa):
                    found += 1
            out[d] = found / len(pairs)
        return out


def _open_with_retry(root: Path, tries: int = 5) -> tuple[str, Index]:
    """Open the live generation; retry briefly when the open races a commit or a swap."""
    from archive.errors import ArchiveError

    for attempt in range(tries):
        try:
            return open_generation(root)
        except ArchiveError:
            raise
        except (OSError, EOFError, ValueError, KeyError):
            if attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
