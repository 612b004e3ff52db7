"""The index schema: stored display fields, the exact/folded/bigram search fields, facets.

Search fields are fed one string ``title SEP lead SEP body``; the tokenizer weights the title
segment (``TITLE_BOOST``) and leaves a position gap between segments so phrases never span
the title and the lead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, FieldType, Schema
from whoosh.formats import Frequency, Positions

from archive.analysis import TOKEN_RE, iter_raw_tokens, normalize, syllable_forms

SCHEMA_VERSION = 3
SEGMENT_SEP = "\x1e"  # separates title, lead and body in a search field's value
TITLE_BOOST = 3.0
POSITION_GAP = 10

EXACT, FOLDED, BIGRAM = "text", "text_f", "text_bi"


class VnTokenizer(Tokenizer):
    """Whoosh tokenizer over Vietnamese syllables (see :mod:`archive.analysis`).

    ``mode`` is ``"exact"`` (canonical tones, lower-case) or ``"fold"`` (no diacritics);
    with ``bigrams=True`` it emits folded adjacent pairs ``"can bo"`` instead of syllables.
    """

    def __init__(self, mode: str = "exact", bigrams: bool = False) -> None:
        self.mode = mode
        self.bigrams = bigrams

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, VnTokenizer)
            and self.mode == other.mode
            and self.bigrams == other.bigrams
        )

    def __hash__(self) -> int:
        return hash((self.mode, self.bigrams))

    def __call__(  # noqa: PLR0913 - Whoosh's tokenizer signature
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        which = 1 if self.mode == "fold" else 0
        pos = start_pos
        offset = start_char
        for seg_no, segment in enumerate(normalize(value).split(SEGMENT_SEP)):
            t.boost = TITLE_BOOST if seg_no == 0 else 1.0
            prev = None
            for m in iter_raw_tokens(segment):
                text = syllable_forms(m.group())[which]
                if self.bigrams:
                    if prev is None:
                        prev = text
                        continue
                    text, prev = prev + " " + text, text
                t.text = text
                t.stopped = False
                if keeporiginal:
                    t.original = m.group()
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar, t.endchar = offset + m.start(), offset + m.end()
                yield t
            pos += POSITION_GAP
            offset += len(segment) + 1


Analysis = tuple[dict[str, list[int]], dict[str, list[int]], dict[str, float], dict[str, float]]
_last: tuple[str, Analysis] = ("", ({}, {}, {}, {}))
_forms: dict[str, tuple[str, str]] = {}  # raw token -> (exact, folded); syllables are few


def analyze_value(value: str) -> Analysis:
    """Analyze a search value once for both syllable fields.

    Returns the positions and weights of each exact term and of each folded term. Only
    accented syllables go to the exact field: a word typed without diacritics searches
    the folded field, so an unaccented exact term would never be looked up (and would
    cost a tenth of the postings). Title tokens weigh ``TITLE_BOOST``. The two fields
    receive the same string one after the other, so the last result is reused.
    """
    global _last
    if value is _last[0] or value == _last[0]:
        return _last[1]
    exact: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    title_exact: dict[str, int] = {}
    title_folded: dict[str, int] = {}
    forms = _forms
    pos = 0
    for seg_no, segment in enumerate(normalize(value).split(SEGMENT_SEP)):
        for raw in TOKEN_RE.findall(segment):
            ef = forms.get(raw)
            if ef is None:
                ef = forms[raw] = syllable_forms(raw)
            e, f = ef
            if e != f:
                lst = exact.get(e)
                if lst is None:
                    exact[e] = [pos]
                else:
                    lst.append(pos)
                if seg_no == 0:
                    title_exact[e] = title_exact.get(e, 0) + 1
            lst = folded.get(f)
            if lst is None:
                folded[f] = [pos]
            else:
                lst.append(pos)
            if seg_no == 0:
                title_folded[f] = title_folded.get(f, 0) + 1
            pos += 1
        pos += POSITION_GAP
    extra = TITLE_BOOST - 1.0
    wexact = {t: len(p) + extra * title_exact.get(t, 0) for t, p in exact.items()}
    wfolded = {t: len(p) + extra * title_folded.get(t, 0) for t, p in folded.items()}
    result = (exact, folded, wexact, wfolded)
    _last = (value, result)
    return result


class VnPositions(Positions):
    """Positions format that analyzes the value itself in one pass (see :func:`analyze_value`).

    Postings are encoded exactly like Whoosh's ``Positions``, so reading is unchanged.
    """

    def __init__(self, fold: bool = False, field_boost: float = 1.0) -> None:
        super().__init__(field_boost=field_boost)
        self.fold = fold

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        exact, folded, wexact, wfolded = analyze_value(value)
        poses, weights = (folded, wfolded) if self.fold else (exact, wexact)
        fb = self.field_boost
        encode = self.encode
        # sorted terms make each document one ascending run of postings, which Whoosh's
        # pool then sorts much faster
        for w in sorted(poses):
            poslist = poses[w]
            yield (w, len(poslist), weights[w] * fb, encode(poslist))


def _text_field(tokenizer: VnTokenizer, positions: bool) -> FieldType:
    fmt = VnPositions(fold=tokenizer.mode == "fold") if positions else Frequency()
    return FieldType(fmt, tokenizer, scorable=True, stored=False)


def build_schema() -> Schema:
    """Return a fresh schema object (Whoosh stores it pickled in the index)."""
    return Schema(
        id=ID(stored=True, unique=True),
        key=ID(),  # "<id>\x1f<content hash>": lets incremental runs skip unchanged records
        src=ID(stored=True),  # the file an article came from
        text=_text_field(VnTokenizer("exact"), positions=True),
        text_f=_text_field(VnTokenizer("fold"), positions=True),
        text_bi=_text_field(VnTokenizer("fold", bigrams=True), positions=False),
        topic=ID(stored=True, sortable=True),
        province=ID(stored=True, sortable=True),
        day=NUMERIC(int, bits=32, stored=False, sortable=True, signed=False),  # yyyymmdd, 0 = none
        doc=STORED(),  # the whole Article as a dict (display, export, snippets)
    )


def search_value(title: str, lead: str, body: str) -> str:
    """Join the parts of an article into one search-field value."""
    return SEGMENT_SEP.join((title, lead, body))
