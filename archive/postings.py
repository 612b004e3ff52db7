"""Posting lists as numpy arrays, and BM25 over them.

Whoosh's matchers walk postings one document at a time in Python, which dominates a
query that ANDs a dozen words. Here each term's posting list is read once per searcher
(block by block where the codec allows) into sorted ``(docnums, weights)`` arrays, kept in
an LRU cache, and queries combine them with vectorized intersections and BM25.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.searching import Searcher

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]

#: BM25 parameters (Whoosh's BM25F defaults).
BM25_B = 0.75
BM25_K1 = 1.2
#: Cached posting lists per searcher, counted in postings (8 bytes each).
CACHE_POSTINGS = 16_000_000

EMPTY_I: IntArray = np.zeros(0, dtype=np.int32)
EMPTY_F: FloatArray = np.zeros(0, dtype=np.float32)


def _read_leaf(m: Any) -> tuple[IntArray, FloatArray]:
    """Read every (docnum, weight) of a leaf matcher, a block at a time when supported."""
    leaf = m
    while not hasattr(leaf, "_read_ids") and hasattr(leaf, "child"):
        leaf = leaf.child  # unwrap the deleted-documents filter; live docs are masked later
    if all(hasattr(leaf, a) for a in ("_read_ids", "_read_weights", "_next_block", "_atend")):
        ids_parts: list[IntArray] = []
        w_parts: list[FloatArray] = []
        while not leaf._atend:
            leaf._read_ids()
            leaf._read_weights()
            ids_parts.append(np.asarray(leaf._ids, dtype=np.int32))
            w_parts.append(np.asarray(leaf._weights, dtype=np.float32))
            leaf._next_block()
        if not ids_parts:
            return EMPTY_I, EMPTY_F
        return np.concatenate(ids_parts), np.concatenate(w_parts)
    ids, weights = [], []  # any other codec: the classic one-posting-at-a-time API
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


class Postings:
    """Posting arrays, field lengths and BM25 for one searcher."""

    def __init__(self, searcher: Searcher, live: npt.NDArray[np.bool_]) -> None:
        self.searcher = searcher
        self.live = live
        self.n = max(1, searcher.doc_count())
        self._cache: OrderedDict[tuple[str, str], tuple[IntArray, FloatArray]] = OrderedDict()
        self._cached = 0
        self._lengths: dict[str, FloatArray] = {}
        self._avg: dict[str, float] = {}

    def term(self, field: str, text: str) -> tuple[IntArray, FloatArray]:
        """Return the live documents containing a term and the term's weight in each."""
        key = (field, text)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        ids_parts, w_parts = [], []
        for leaf, offset in self.searcher.leaf_searchers():
            reader = leaf.reader()
            if (field, text) not in reader:
                continue
            ids, w = _read_leaf(reader.postings(field, text))
            ids_parts.append(ids + offset)
            w_parts.append(w)
        if ids_parts:
            ids = np.concatenate(ids_parts)
            w = np.concatenate(w_parts)
            keep = self.live[ids]
            result = (ids[keep], w[keep])
        else:
            result = (EMPTY_I, EMPTY_F)
        self._cache[key] = result
        self._cached += result[0].size
        while self._cached > CACHE_POSTINGS and len(self._cache) > 1:
            _, (old, _w) = self._cache.popitem(last=False)
            self._cached -= old.size
        return result

    def lengths(self, field: str) -> FloatArray:
        """Per-document field lengths (as Whoosh stores them) for BM25 normalization."""
        arr = self._lengths.get(field)
        if arr is None:
            parts = []
            for leaf, _offset in self.searcher.leaf_searchers():
                reader = leaf.reader()
                count = reader.doc_count_all()
                parts.append(
                    np.fromiter(
                        (reader.doc_field_length(d, field, 0) for d in range(count)),
                        dtype=np.float32,
                        count=count,
                    )
                )
            arr = np.concatenate(parts) if parts else EMPTY_F
            # a document without the field reads back as NaN (or nothing): length 0
            arr = np.nan_to_num(arr, nan=0.0, posinf=0.0, neginf=0.0)
            self._lengths[field] = arr
            total = float(arr[self.live].sum()) if arr.size else 0.0
            self._avg[field] = total / self.n if total else 1.0
        return arr

    def bm25(self, field: str, text: str, boost: float = 1.0) -> tuple[IntArray, FloatArray]:
        """Return the documents of a term with their BM25 score times ``boost``."""
        docs, tf = self.term(field, text)
        if docs.size == 0:
            return docs, tf
        fl = self.lengths(field)[docs]
        avg = self._avg[field]
        idf = math.log(self.n / (docs.size + 1)) + 1.0
        norm = BM25_K1 * ((1.0 - BM25_B) + BM25_B * fl / avg)
        scores = (idf * boost) * (tf * (BM25_K1 + 1.0)) / (tf + norm)
        return docs, scores.astype(np.float32)


def intersect(
    a: tuple[IntArray, FloatArray], b: tuple[IntArray, FloatArray]
) -> tuple[IntArray, FloatArray]:
    """AND two sorted result sets, adding their scores."""
    (da, sa), (db, sb) = a, b
    if da.size > db.size:
        (da, sa), (db, sb) = (db, sb), (da, sa)
    if da.size == 0:
        return EMPTY_I, EMPTY_F
    pos = np.searchsorted(db, da)
    pos[pos >= db.size] = db.size - 1
    hit = db[pos] == da
    return da[hit], sa[hit] + sb[pos[hit]]


def union(parts: list[tuple[IntArray, FloatArray]]) -> tuple[IntArray, FloatArray]:
    """OR result sets, adding the scores of documents found more than once."""
    parts = [p for p in parts if p[0].size]
    if not parts:
        return EMPTY_I, EMPTY_F
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts])
    uniq, inverse = np.unique(docs, return_inverse=True)
    summed = np.zeros(uniq.size, dtype=np.float32)
    np.add.at(summed, inverse, scores)
    return uniq.astype(np.int32), summed


def boost_where(
    base: tuple[IntArray, FloatArray], extra: tuple[IntArray, FloatArray]
) -> tuple[IntArray, FloatArray]:
    """Add ``extra``'s scores to the documents of ``base`` that it contains."""
    docs, scores = base
    edocs, escores = extra
    if docs.size == 0 or edocs.size == 0:
        return base
    pos = np.searchsorted(edocs, docs)
    pos[pos >= edocs.size] = edocs.size - 1
    hit = edocs[pos] == docs
    out = scores.copy()
    out[hit] += escores[pos[hit]]
    return docs, out


def exclude(base: tuple[IntArray, FloatArray], drop: IntArray) -> tuple[IntArray, FloatArray]:
    """Remove the documents in ``drop`` from ``base``."""
    if drop.size == 0 or base[0].size == 0:
        return base
    keep = ~np.isin(base[0], drop)
    return base[0][keep], base[1][keep]
