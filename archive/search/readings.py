"""Accent intent: which accented reading a word typed without diacritics has in this archive.

"bong da" could be bóng đá, bông đã, bỏng da…; the archive says: among the articles that
hold the folded syllables side by side, look at how they are written (the best
``SAMPLE_DOCS`` of them, their opening ``SCAN_CHARS``). When one reading makes up at least
``DOMINANT_SHARE`` of the occurrences, it is the query's reading: documents holding it rank
first, and only its forms are highlighted. A reading that contradicts a syllable typed with
diacritics ("bóng đa") is not applied; it becomes the suggestion instead.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np

from archive.analysis import (
    TOKEN_RE,
    exact_syllable,
    fold_aligned,
    folded_words_re,
    normalize,
)
from archive.cache import LRU
from archive.search import match
from archive.search.parse import ParsedQuery
from archive.search.plan import Leaf, Term
from archive.search.rank import BOOSTS
from archive.search.seam import FOLDED, SnapshotLike

SAMPLE_DOCS = 12
SCAN_CHARS = 3000
MIN_OCCURRENCES = 5
DOMINANT_SHARE = 0.75
#: Occurrences after which the scan stops: a 75 % share is then known within a few points.
ENOUGH_OCCURRENCES = 60
READINGS_CACHE = 4096  # folded words per snapshot


def dominant_reading(snap: SnapshotLike, folded: tuple[str, ...]) -> tuple[str, ...] | None:
    """The exact forms of the dominant reading of folded syllables, or None."""
    cache: LRU[tuple[str, ...], tuple[str, ...]] = snap.cache(
        "readings", lambda: LRU(READINGS_CACHE)
    )
    found = cache.get(folded)
    if found is None:
        found = cache.put(folded, _count(snap, folded))
    return found or None


def _count(snap: SnapshotLike, folded: tuple[str, ...]) -> tuple[str, ...]:
    leaf = Leaf(tuple(Term(FOLDED, w, BOOSTS["folded"]) for w in folded))
    docs, scores = match.leaf_docs(snap, leaf)
    if docs.size == 0:
        return ()
    top = docs[np.argsort(-scores, kind="stable")[:SAMPLE_DOCS]]
    counts: Counter[tuple[str, ...]] = Counter()
    pattern = folded_words_re(folded, adjacent=True)
    seen = 0
    for d in top.tolist():
        doc = snap.stored(int(d))
        text = "\n".join((doc.get("title") or "", doc.get("lead") or "", doc.get("body") or ""))
        text = normalize(text[:SCAN_CHARS])
        flat = fold_aligned(text)
        if flat is None:
            continue  # does not fold letter for letter (rare): the sample has others
        for m in pattern.finditer(flat):
            forms = tuple(exact_syllable(t) for t in TOKEN_RE.findall(text, *m.span()))
            if len(forms) == len(folded):
                counts[forms] += 1
                seen += 1
        if seen >= ENOUGH_OCCURRENCES:
            break  # the share is known well enough
    total = sum(counts.values())
    if total < MIN_OCCURRENCES:
        return ()
    best, count = counts.most_common(1)[0]
    return best if count >= DOMINANT_SHARE * total else ()


def add_readings(snap: SnapshotLike, parsed: ParsedQuery) -> ParsedQuery:
    """Attach its dominant reading to each word of the query.

    Loose syllables typed with diacritics keep what was typed; a word of several syllables
    gets its reading even when typed with diacritics, for the suggestion ("bóng đa").
    """
    include = []
    changed = False
    for clause in parsed.include:
        if clause.unit or (clause.loose and not clause.accented):
            reading = dominant_reading(snap, clause.folded)
            if reading is not None:
                clause = replace(clause, reading=reading)
                changed = True
        include.append(clause)
    return replace(parsed, include=tuple(include)) if changed else parsed
