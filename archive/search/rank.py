"""Scoring and ordering: BM25 over posting arrays, sorts, and the adjacency rerank.

Every scoring constant of the library lives here.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from archive.analysis import TOKEN_RE, bigrams, fold_aligned, folded_words, normalize
from archive.cache import LRU
from archive.search.docsets import DocSet
from archive.search.parse import ParsedQuery
from archive.search.request import SortMode
from archive.search.seam import PostingsLike, SnapshotLike

#: BM25 parameters (Whoosh's BM25F defaults).
BM25_B = 0.75
BM25_K1 = 1.2
#: Boosts of the query parts. An accented term searches the exact field and outranks
#: other accent forms; an adjacent pair in the title/lead bigram field adds a bonus.
#: A word typed without diacritics ranks its dominant reading first (search.readings).
BOOSTS = {"exact": 3.0, "folded": 1.0, "bigram": 1.5, "reading": 2.0}
#: The best hits re-ranked by adjacency of the query words in the body.
RERANK_DEPTH = 20
#: Score multiplier gained when every adjacent query pair stands adjacent in the article.
ADJACENCY_BONUS = 0.35
#: ``more_like_this``: same-topic articles weigh this much more; a near date adds up to this.
RELATED_TOPIC_BOOST = 1.3
RELATED_DATE_BOOST = 0.2
PAIRS_CACHE_SIZE = 4096  # articles whose folded text is kept per snapshot (~5 KB each)


def bm25(postings: PostingsLike, field: str, text: str, boost: float = 1.0) -> DocSet:
    """Return the documents of a term with their BM25 score times ``boost``."""
    docs, tf = postings.term(field, text)
    if docs.size == 0:
        return docs, tf
    lengths, avg = postings.lengths(field)
    fl = lengths[docs]
    idf = math.log(postings.doc_count / (docs.size + 1)) + 1.0
    norm = BM25_K1 * ((1.0 - BM25_B) + BM25_B * fl / avg)
    scores = (idf * boost) * (tf * (BM25_K1 + 1.0)) / (tf + norm)
    return docs, scores.astype(np.float32)


def order(
    snap: SnapshotLike, parsed: ParsedQuery, found: DocSet, mode: SortMode, need: int
) -> list[tuple[int, float]]:
    """Return the first ``need`` ``(docnum, score)`` pairs in the order of ``mode``.

    Ties break by date (newest first) and then by document number, so pages are stable.
    """
    docs, scores = found
    if docs.size == 0:
        return []
    days = snap.columns.day[docs]
    if mode is SortMode.NEWEST:
        idx = np.lexsort((-scores, -docs, -days))
    elif mode is SortMode.OLDEST:
        undated = days == 0
        idx = np.lexsort((-scores, docs, np.where(undated, 99999999, days)))
    else:
        depth = max(need, RERANK_DEPTH)
        if docs.size > depth:
            top = np.argpartition(-scores, depth - 1)[:depth]
        else:
            top = np.arange(docs.size)
        idx = top[np.lexsort((-days[top], -scores[top]))]
        if len(parsed.include) > 1:
            return _rerank(snap, parsed, docs, scores, idx)
    return [(int(docs[i]), float(scores[i])) for i in idx[: max(need, 1)]]


def _rerank(
    snap: SnapshotLike, parsed: ParsedQuery, docs: Any, scores: Any, idx: Any
) -> list[tuple[int, float]]:
    """Boost the best hits whose text has the query words next to each other."""
    head = [int(i) for i in idx[:RERANK_DEPTH]]
    adj = adjacency(snap, parsed, [int(docs[i]) for i in head])
    day = snap.columns.day
    rescored = [
        (int(docs[i]), float(scores[i]) * (1.0 + ADJACENCY_BONUS * adj.get(int(docs[i]), 0.0)))
        for i in head
    ]
    rescored.sort(key=lambda p: (-p[1], -int(day[p[0]])))
    rest = [(int(docs[i]), float(scores[i])) for i in idx[RERANK_DEPTH:]]
    return rescored + rest


def adjacency(snap: SnapshotLike, parsed: ParsedQuery, docnums: list[int]) -> dict[int, float]:
    """Share of adjacent query pairs that stand adjacent anywhere in each document."""
    words = [t.folded for c in parsed.include if not c.synonym for t in c.tokens]
    pairs = set(bigrams(words))
    if not pairs:
        return {}
    wanted = [f" {p} " for p in pairs]
    cache: LRU[int, str] = snap.cache("folded_text", lambda: LRU(PAIRS_CACHE_SIZE))
    out = {}
    for d in docnums:
        text = cache.get_or_compute(d, lambda d=d: _folded_text(snap.stored(d)))  # type: ignore[misc]
        out[d] = sum(1 for p in wanted if p in text) / len(pairs)
    return out


def _folded_text(doc: dict[str, Any]) -> str:
    """The document's folded tokens, one space apart and around: " a b " in it is a pair."""
    parts = (doc.get("title") or "", doc.get("lead") or "", doc.get("body") or "")
    text = normalize("\n".join(parts))
    flat = fold_aligned(text)  # letter for letter: its tokens are the folded tokens
    words = TOKEN_RE.findall(flat) if flat is not None else folded_words(text)
    return " " + " ".join(words) + " "


def related_boost(snap: SnapshotLike, docs: Any, scores: Any, topic: str, day: int) -> Any:
    """Weigh ``more_like_this`` candidates: same topic, and the nearer in time the better."""
    cols = snap.columns
    scores = scores.astype(np.float64)
    if topic:
        scores = scores * np.where(cols.topic.value_of(docs, topic), RELATED_TOPIC_BOOST, 1.0)
    if day:
        days = cols.day[docs]
        gap = np.abs(days.astype(np.int64) - day) // 10000
        scores = scores * np.where(days > 0, 1.0 + RELATED_DATE_BOOST / (1 + gap), 1.0)
    return scores
