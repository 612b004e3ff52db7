"""The index schema: stored display fields, the exact/folded/bigram search fields, facets.

Search fields are fed one string ``title SEP lead SEP body``. :func:`analyze_value` analyzes
it once for all three search fields (the text rules come from :mod:`archive.analysis`):
title tokens weigh ``TITLE_BOOST`` and a position gap separates the segments so phrases
never span the title and the lead.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, FieldType, Schema
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from archive.analysis import TOKEN_RE, bigrams, normalize, syllable_forms
from archive.search.seam import BIGRAM, EXACT, FOLDED

#: Version 4: modules moved to ``archive.index`` (the pickled schema names them).
#: Version 5: posting lists are array records (:mod:`archive.index.codec`).
#: Version 6: positions are raw int32 values (:class:`VnPositions`), read as one array.
SCHEMA_VERSION = 6
_BIG_ENDIAN = sys.byteorder == "big"
SEGMENT_SEP = "\x1e"  # separates title, lead and body in a search field's value
TITLE_BOOST = 3.0
POSITION_GAP = 10

#: The search fields and how :func:`analyze_value` feeds each.
SEARCH_FIELDS = (EXACT, FOLDED, BIGRAM)


@dataclass(frozen=True, slots=True)
class FieldTerms:
    """One field's terms in one document: positions and weight of each term."""

    positions: dict[str, list[int]]
    weights: dict[str, float]


@dataclass(frozen=True, slots=True)
class ValueTerms:
    """The terms of one search value for each search field."""

    exact: FieldTerms
    folded: FieldTerms
    bigram: FieldTerms

    def of(self, field: str) -> FieldTerms:
        return {EXACT: self.exact, FOLDED: self.folded, BIGRAM: self.bigram}[field]


def _weights(positions: dict[str, list[int]], in_title: dict[str, int]) -> dict[str, float]:
    extra = TITLE_BOOST - 1.0
    return {t: len(p) + extra * in_title.get(t, 0) for t, p in positions.items()}


@lru_cache(maxsize=4)
def analyze_value(value: str) -> ValueTerms:
    """Analyze a search value once for the three search fields.

    Only accented syllables go to the exact field: a word typed without diacritics searches
    the folded field, so an unaccented exact term would never be looked up (and would cost
    a tenth of the postings). The bigram field holds the folded adjacent pairs of the title
    and the lead. Whoosh indexes the fields of a document one after the other with the same
    value string, so the last few results are memoized.

    >>> terms = analyze_value(search_value("Cán bộ", "", "cán bộ tốt"))
    >>> terms.folded.positions, terms.folded.weights["can"]
    ({'can': [0, 22], 'bo': [1, 23], 'tot': [24]}, 4.0)
    >>> sorted(terms.bigram.positions)
    ['can bo']
    """
    exact: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    title_exact: dict[str, int] = {}
    title_folded: dict[str, int] = {}
    pairs: dict[str, list[int]] = {}
    title_pairs: dict[str, int] = {}
    pos = 0
    for seg_no, segment in enumerate(normalize(value).split(SEGMENT_SEP)):
        words = []
        for raw in TOKEN_RE.findall(segment):
            e, f = syllable_forms(raw)
            if e != f:
                exact.setdefault(e, []).append(pos)
                if seg_no == 0:
                    title_exact[e] = title_exact.get(e, 0) + 1
            folded.setdefault(f, []).append(pos)
            if seg_no == 0:
                title_folded[f] = title_folded.get(f, 0) + 1
            if seg_no < 2:
                words.append(f)
            pos += 1
        for i, pair in enumerate(bigrams(words)):
            pairs.setdefault(pair, []).append(i)
            if seg_no == 0:
                title_pairs[pair] = title_pairs.get(pair, 0) + 1
        pos += POSITION_GAP
    return ValueTerms(
        FieldTerms(exact, _weights(exact, title_exact)),
        FieldTerms(folded, _weights(folded, title_folded)),
        FieldTerms(pairs, _weights(pairs, title_pairs)),
    )


class VnTokenizer(Tokenizer):
    """Whoosh tokenizer over :func:`analyze_value`'s terms of one field.

    Indexing never calls it (the formats below read :func:`analyze_value` directly); it is
    the analyzer Whoosh's own tools (``Searcher.key_terms``, ``more_like``) would use.
    """

    def __init__(self, field: str = EXACT) -> None:
        self.field = field

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VnTokenizer) and self.field == other.field

    def __hash__(self) -> int:
        return hash(self.field)

    def __call__(self, value: str, positions: bool = False, **kwargs: Any) -> Iterator[WhooshToken]:
        t = WhooshToken(positions, **kwargs)
        terms = analyze_value(value).of(self.field)
        at = sorted((p, w) for w, ps in terms.positions.items() for p in ps)
        for p, w in at:
            t.text, t.boost, t.stopped = w, 1.0, False
            if positions:
                t.pos = p
            yield t


class VnPositions(Positions):
    """Positions format that takes its terms from :func:`analyze_value` (one pass a document).

    A posting's value is its positions as raw little-endian int32 (schema version 6; Whoosh's
    ``Positions`` pickles a list of deltas per posting), so a term's values, stored back to
    back by :mod:`archive.index.codec`, read as one array with ``np.frombuffer``.
    """

    def __init__(self, field: str = EXACT, field_boost: float = 1.0) -> None:
        super().__init__(field_boost=field_boost)
        self.field = field

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        terms = analyze_value(value).of(self.field)
        fb = self.field_boost
        encode = self.encode
        # sorted terms make each document one ascending run of postings, which Whoosh's
        # pool then sorts much faster
        for w in sorted(terms.positions):
            poslist = terms.positions[w]
            yield (w, len(poslist), terms.weights[w] * fb, encode(poslist))

    def encode(self, poslist: Any) -> bytes:
        a = array("i", poslist)
        if _BIG_ENDIAN:
            a.byteswap()
        return a.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        positions: list[int] = np.frombuffer(valuestring, dtype="<i4").tolist()
        return positions

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(p, 1.0) for p in self.decode_positions(valuestring)]


class VnFrequency(Frequency):
    """Frequency format (no positions) over :func:`analyze_value`'s terms of one field."""

    def __init__(self, field: str = BIGRAM, field_boost: float = 1.0) -> None:
        super().__init__(field_boost=field_boost)
        self.field = field

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        terms = analyze_value(value).of(self.field)
        fb = self.field_boost
        for w in sorted(terms.positions):
            freq = len(terms.positions[w])
            yield (w, freq, terms.weights[w] * fb, pack_uint(freq))


def _text_field(field: str) -> FieldType:
    fmt = VnFrequency(field) if field == BIGRAM else VnPositions(field)
    return FieldType(fmt, VnTokenizer(field), scorable=True, stored=False)


def build_schema() -> Schema:
    """Return a fresh schema object (Whoosh stores it pickled in the index)."""
    return Schema(
        id=ID(stored=True, unique=True),
        key=ID(),  # "<id>\x1f<content hash>": lets incremental runs skip unchanged records
        src=ID(stored=True),  # the file an article came from
        text=_text_field(EXACT),
        text_f=_text_field(FOLDED),
        text_bi=_text_field(BIGRAM),
        topic=ID(stored=True, sortable=True),
        province=ID(stored=True, sortable=True),
        day=NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),  # yyyymmdd, 0 = none
        doc=STORED(),  # the whole Article as a dict (display, export, snippets)
    )


def search_value(title: str, lead: str, body: str) -> str:
    """Join the parts of an article into one search-field value."""
    return SEGMENT_SEP.join((title, lead, body))
