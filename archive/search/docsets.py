"""Scored document sets as sorted numpy arrays, and their algebra.

A doc set is ``(docnums, scores)``: docnums ascending and unique, a score for each.
Every operation is vectorized; none walks postings one at a time.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
DocSet = tuple[IntArray, FloatArray]

EMPTY_I: IntArray = np.zeros(0, dtype=np.int32)
EMPTY_F: FloatArray = np.zeros(0, dtype=np.float32)
EMPTY: DocSet = (EMPTY_I, EMPTY_F)


def intersect(a: DocSet, b: DocSet) -> DocSet:
    """AND two doc sets, adding their scores.

    >>> d, s = intersect((np.array([1, 3, 5], np.int32), np.ones(3, np.float32)),
    ...                  (np.array([3, 4, 5], np.int32), np.ones(3, np.float32)))
    >>> d.tolist(), s.tolist()
    ([3, 5], [2.0, 2.0])
    """
    (da, sa), (db, sb) = a, b
    if da.size > db.size:
        (da, sa), (db, sb) = (db, sb), (da, sa)
    if da.size == 0:
        return EMPTY
    pos = np.searchsorted(db, da)
    pos[pos >= db.size] = db.size - 1
    hit = db[pos] == da
    return da[hit], sa[hit] + sb[pos[hit]]


def intersect_all(parts: list[DocSet]) -> DocSet:
    """AND many doc sets, smallest first (so each step shrinks the work)."""
    if not parts:
        return EMPTY
    parts = sorted(parts, key=lambda p: p[0].size)
    base = parts[0]
    for part in parts[1:]:
        if base[0].size == 0:
            return EMPTY
        base = intersect(base, part)
    return base


def union(parts: list[DocSet]) -> DocSet:
    """OR doc sets, adding the scores of documents found more than once."""
    parts = [p for p in parts if p[0].size]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p[0] for p in parts])
    scores = np.concatenate([p[1] for p in parts])
    # counting over the docnum range beats sorting: docnums are small dense integers
    size = int(docs.max()) + 1
    summed = np.bincount(docs, weights=scores, minlength=size)
    present = np.bincount(docs, minlength=size) > 0
    uniq = np.nonzero(present)[0].astype(np.int32)
    return uniq, summed[uniq].astype(np.float32)


def boost_where(base: DocSet, extra: DocSet) -> DocSet:
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


def exclude(base: DocSet, drop: IntArray) -> DocSet:
    """Remove the documents in ``drop`` from ``base``."""
    if drop.size == 0 or base[0].size == 0:
        return base
    keep = ~np.isin(base[0], drop, assume_unique=True)
    return base[0][keep], base[1][keep]


def restrict(base: DocSet, docs: IntArray) -> DocSet:
    """Keep only the documents of ``base`` that are in ``docs`` (sorted)."""
    if base[0].size == 0 or docs.size == 0:
        return EMPTY
    keep = np.isin(base[0], docs, assume_unique=True)
    return base[0][keep], base[1][keep]
