"""One search, top to bottom: parse → plan → match → facets → rank → present.

Example (``snapshot`` is an engine's open snapshot)::

    run(snapshot, SearchRequest("hai duong", sort="newest")).total
"""

from __future__ import annotations

import numpy as np

from archive.results import SearchResult
from archive.search import facets, match, present, rank, suggest
from archive.search.parse import parse_query
from archive.search.plan import make_plan
from archive.search.request import SearchRequest, SortMode
from archive.search.seam import SnapshotLike


def run(snap: SnapshotLike, req: SearchRequest, *, light: bool = False) -> SearchResult:
    """Search one snapshot; ``light`` skips snippets and suggestions (rows for exports)."""
    parsed = parse_query(req.q)
    plan = make_plan(parsed)
    matched = match.match_plan(snap, plan)
    mode = req.sort_mode
    if parsed.is_empty and mode is SortMode.RELEVANCE:
        mode = SortMode.NEWEST  # browsing has no relevance
    filters = facets.apply_filters(snap.columns, matched.docs, req)
    counts = facets.facet_counts(snap.columns, filters, req)
    keep = filters.passing()
    docs, scores = matched.docs[keep], matched.scores[keep]
    ordered = rank.order(snap, parsed, (docs, scores), mode, req.page * req.per_page)
    page = ordered[(req.page - 1) * req.per_page : req.page * req.per_page]
    hits = [present.hit(snap, parsed, d, s, light) for d, s in page]
    if light:
        suggestion = None
    elif matched.step.name:  # the words as typed found nothing: look for a typo
        none = np.zeros(0, dtype=np.int32)
        suggestion = suggest.suggestion(snap, parsed, none, none.astype(np.float32))
    else:
        suggestion = suggest.suggestion(snap, parsed, docs, scores)
    return present.result(req, parsed, matched, int(docs.size), hits, counts, mode, suggestion)
