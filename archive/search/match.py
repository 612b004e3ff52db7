"""Execute a plan on a snapshot: postings → scored doc sets, phrases by positions.

Terms are scored with BM25 over cached posting arrays (:func:`archive.search.rank.bm25`);
a phrase is the intersection of its words' postings, kept where the words stand at
consecutive positions (numpy over position arrays: no per-posting matcher, whatever the
words' frequency), scored as the sum of its words' scores. Results of a step are cached
per snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from archive.cache import LRU
from archive.search import docsets as ds
from archive.search.docsets import DocSet, IntArray
from archive.search.plan import ClausePlan, Leaf, Plan, Step
from archive.search.rank import bm25
from archive.search.seam import PostingsLike, SnapshotLike

RESULT_CACHE_SIZE = 128  # whole steps per snapshot
PHRASE_CACHE_SIZE = 2048  # phrase leaves per snapshot
_POS_BITS = 32  # a position key is docnum << 32 | position


@dataclass(frozen=True)
class Matched:
    """The documents of the first step of the ladder that found any (else of the last)."""

    docs: IntArray
    scores: ds.FloatArray
    step: Step


def match_plan(snap: SnapshotLike, plan: Plan) -> Matched:
    """Run the ladder: the first step with hits wins (the first one when none has any)."""
    for step in plan.steps:
        found = match_step(snap, step, browse=plan.browse)
        if found[0].size:
            return Matched(found[0], found[1], step)
    return Matched(ds.EMPTY_I, ds.EMPTY_F, plan.steps[0])


def match_step(snap: SnapshotLike, step: Step, *, browse: bool = False) -> DocSet:
    """Return the documents matching one step (sorted by docnum) with their scores."""
    cache: LRU[tuple[Step, bool], DocSet] = snap.cache("steps", lambda: LRU(RESULT_CACHE_SIZE))
    return cache.get_or_compute((step, browse), lambda: _run_step(snap, step, browse))


def count(snap: SnapshotLike, plan: Plan) -> int:
    """Number of documents the first step matches (no fallback)."""
    return int(match_step(snap, plan.steps[0], browse=plan.browse)[0].size)


def _run_step(snap: SnapshotLike, step: Step, browse: bool) -> DocSet:
    if browse or not step.clauses:
        live = snap.columns.live_docs
        base: DocSet = (live, np.zeros(live.size, dtype=np.float32))
    else:
        parts = [_clause(snap, c) for c in step.clauses]
        base = ds.union(parts) if step.any_clause else ds.intersect_all(parts)
        for leaf in step.boosts:
            base = ds.boost_where(base, leaf_docs(snap, leaf))
    for clause in step.exclude:
        base = ds.exclude(base, _clause(snap, clause)[0])
    return base


def _clause(snap: SnapshotLike, clause: ClausePlan) -> DocSet:
    alternatives = [
        ds.intersect_all([leaf_docs(snap, leaf) for leaf in alt]) for alt in clause.alternatives
    ]
    return alternatives[0] if len(alternatives) == 1 else ds.union(alternatives)


def leaf_docs(snap: SnapshotLike, leaf: Leaf) -> DocSet:
    """The documents of one leaf with their scores (phrases cached per snapshot)."""
    if len(leaf.terms) == 1:
        term = leaf.terms[0]
        return bm25(snap.postings, term.field, term.text, term.boost)
    cache: LRU[Leaf, DocSet] = snap.cache("phrases", lambda: LRU(PHRASE_CACHE_SIZE))
    return cache.get_or_compute(leaf, lambda: phrase(snap.postings, leaf))


def phrase(postings: PostingsLike, leaf: Leaf) -> DocSet:
    """Documents where the leaf's terms stand at consecutive positions.

    The score is the sum of the terms' (boosted) BM25 scores.
    """
    terms = leaf.terms
    docs, scores = ds.intersect_all([bm25(postings, t.field, t.text, t.boost) for t in terms])
    if docs.size == 0:
        return ds.EMPTY
    native = getattr(postings, "phrase_docs", None)  # an engine that matches phrases itself
    if native is not None:
        found = native([(t.field, t.text) for t in terms])
        if found is not None:
            keep = np.isin(docs, found)
            return docs[keep], scores[keep]
    keys = _position_keys(postings, terms[0].field, terms[0].text, docs, 0)
    for offset, term in enumerate(terms[1:], start=1):
        if keys.size == 0:
            return ds.EMPTY
        other = _position_keys(postings, term.field, term.text, docs, offset)
        if other.size == 0:
            return ds.EMPTY
        at = np.minimum(np.searchsorted(other, keys), other.size - 1)
        keys = keys[other[at] == keys]
    hit = np.unique(keys >> _POS_BITS).astype(np.int32)
    keep = np.isin(docs, hit, assume_unique=True)
    return docs[keep], scores[keep]


def _position_keys(
    postings: PostingsLike, field: str, word: str, docs: IntArray, offset: int
) -> np.ndarray:
    """Sorted keys ``doc << 32 | (position - offset)`` of ``word`` in ``docs``."""
    pl = postings.positions(field, word)
    counts = np.diff(pl.starts)
    wanted = np.isin(pl.docs, docs, assume_unique=True)
    per_pos = np.repeat(wanted, counts)
    doc_of_pos = np.repeat(pl.docs.astype(np.int64), counts)[per_pos]
    pos = pl.pos[per_pos].astype(np.int64) - offset
    ok = pos >= 0  # a word cannot stand before the start of the phrase
    return (doc_of_pos[ok] << _POS_BITS) | pos[ok]
