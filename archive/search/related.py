"""``more_like_this``: a query made of an article's most distinctive folded terms."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np

from archive.analysis import tokenize
from archive.models import Article
from archive.search import docsets as ds
from archive.search.rank import bm25, related_boost
from archive.search.seam import FOLDED, PostingsLike, SnapshotLike

MAX_TERMS = 25
MAX_CHARS = 6000


def related_terms(postings: PostingsLike, doc: dict[str, Any]) -> list[tuple[str, float]]:
    """Return the article's most distinctive folded terms with weights (tf·idf, top = 1)."""
    text = " ".join(
        [doc.get("title") or ""] * 3 + [doc.get("lead") or "", (doc.get("body") or "")[:MAX_CHARS]]
    )
    counts = Counter(
        t.folded for t in tokenize(text) if len(t.folded) > 1 and not t.folded.isdigit()
    )
    n = postings.doc_count
    weighted = []
    terms = list(counts)
    for term, df in zip(terms, postings.stats_many(FOLDED, terms)[1].tolist(), strict=True):
        tf = counts[term]
        if df <= 1 or df > n * 0.3:
            continue
        weighted.append((tf * math.log(n / df), term))
    weighted.sort(reverse=True)
    if not weighted:
        return []
    top = weighted[:MAX_TERMS]
    best = top[0][0]
    return [(t, w / best) for w, t in top]


def related(snap: SnapshotLike, docnum: int, limit: int) -> list[tuple[int, float]]:
    """Return up to ``limit`` ``(docnum, score)`` of articles like ``docnum``, best first."""
    doc = snap.stored(docnum)
    terms = related_terms(snap.postings, doc)
    if not terms:
        return []
    docs, scores = ds.union([bm25(snap.postings, FOLDED, t, b) for t, b in terms])
    keep = docs != docnum
    docs, scores = docs[keep], scores[keep]
    if docs.size == 0:
        return []
    when = Article.from_dict(doc).date
    day = when.year * 10000 + when.month * 100 + when.day if when else 0
    weighted = related_boost(snap, docs, scores, doc.get("topic") or "", day)
    top = np.argsort(-weighted, kind="stable")[:limit]
    return [(int(docs[i]), float(weighted[i])) for i in top]
