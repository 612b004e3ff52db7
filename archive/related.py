"""``more_like_this``: a query made of an article's most distinctive folded terms."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from whoosh.reading import IndexReader

from archive.analysis import tokenize
from archive.schema import FOLDED

MAX_TERMS = 25
MAX_CHARS = 6000


def related_terms(reader: IndexReader, doc: dict[str, Any]) -> list[tuple[str, float]]:
    """Return the article's most distinctive folded terms with weights (tf·idf, top = 1)."""
    text = " ".join(
        [doc.get("title") or ""] * 3 + [doc.get("lead") or "", (doc.get("body") or "")[:MAX_CHARS]]
    )
    counts = Counter(
        t.folded for t in tokenize(text) if len(t.folded) > 1 and not t.folded.isdigit()
    )
    n = max(1, reader.doc_count())
    weighted = []
    for term, tf in counts.items():
        df = reader.doc_frequency(FOLDED, term)
        if df <= 1 or df > n * 0.3:
            continue
        weighted.append((tf * math.log(n / df), term))
    weighted.sort(reverse=True)
    if not weighted:
        return []
    top = weighted[:MAX_TERMS]
    best = top[0][0]
    return [(t, w / best) for w, t in top]
