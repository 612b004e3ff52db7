"""One search, top to bottom: parse → words → plan → match → facets → rank → present.

Example (``snapshot`` is an engine's open snapshot)::

    run(snapshot, SearchRequest("hai duong", sort="newest")).total

The query as typed is parsed into syllables, then read as the archive's words (units,
split run-together tokens, dominant readings); the plan's ladder goes words → syllables
anywhere → folded → any word. A query with a slip (:mod:`archive.search.correct`) shows
the corrected query's results instead, unless the request is ``verbatim``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from archive.results import SearchResult
from archive.search import correct, facets, match, present, rank, readings, suggest, units
from archive.search.match import Matched
from archive.search.parse import ParsedQuery, parse_query
from archive.search.plan import make_plan
from archive.search.request import SearchRequest, SortMode
from archive.search.seam import SnapshotLike


@dataclass(frozen=True)
class Understood:
    """A query as the archive reads it, and what its ladder matched."""

    typed: ParsedQuery  # syllables as typed
    words: ParsedQuery  # with units and readings
    matched: Matched


def read_words(snap: SnapshotLike, parsed: ParsedQuery) -> ParsedQuery:
    """The query's syllables read as the archive's words (units, splits, readings)."""
    return readings.add_readings(snap, units.find_units(snap, parsed))


def understand(snap: SnapshotLike, parsed: ParsedQuery) -> Understood:
    """Read the archive's words into a parsed query and run its ladder."""
    prefetch = getattr(snap.postings, "prefetch_query", None)  # optional: batched lookups
    if prefetch:
        prefetch(parsed)
    words = read_words(snap, parsed)
    return Understood(parsed, words, match.match_plan(snap, make_plan(words, parsed)))


def run(snap: SnapshotLike, req: SearchRequest, *, light: bool = False) -> SearchResult:
    """Search one snapshot; ``light`` skips snippets and suggestions (rows for exports)."""
    found = understand(snap, parse_query(req.q))
    corrected_from = None
    if not req.verbatim:
        fixed = correct.correct_query(snap, found.typed)
        if fixed is not None:
            other = understand(snap, fixed)
            if other.matched.docs.size and other.matched.step.name is None:
                found, corrected_from = other, found.typed.text
    matched, words = found.matched, found.words
    mode = req.sort_mode
    if words.is_empty and mode is SortMode.RELEVANCE:
        mode = SortMode.NEWEST  # browsing has no relevance
    filters = facets.apply_filters(snap.columns, matched.docs, req)
    count = getattr(snap, "facet_counts", None)  # optional: an engine that counts itself
    counts = count(filters, req) if count else facets.facet_counts(snap.columns, filters, req)
    keep = filters.passing()
    docs, scores = matched.docs[keep], matched.scores[keep]
    ordered = rank.order(snap, words, (docs, scores), mode, req.page * req.per_page)
    page = ordered[(req.page - 1) * req.per_page : req.page * req.per_page]
    hits = [present.hit(snap, words, d, s, light) for d, s in page]
    suggestion = None
    if corrected_from is not None:
        shown = suggest.written_form(snap, words, matched.docs, matched.scores)
        return present.result(
            req, words, matched, int(docs.size), hits, counts, mode, None,
            corrected=(shown, corrected_from),
        )  # fmt: skip
    if light:
        pass
    elif matched.step.name:  # the words as typed found nothing: look for a typo
        none = np.zeros(0, dtype=np.int32)
        suggestion = suggest.suggestion(snap, words, none, none.astype(np.float32))
    else:
        suggestion = suggest.suggestion(snap, words, docs, scores)
    return present.result(req, words, matched, int(docs.size), hits, counts, mode, suggestion)
