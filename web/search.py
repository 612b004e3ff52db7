"""The search page ``GET /`` (and the same search as CSV or Atom with ``format=``)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from werkzeug.wrappers import Response

from archive.analysis import fold
from archive.search.request import MAX_PAGE
from web import facets, feeds, observe, urls
from web.db import get_archive
from web.state import from_args, parse_format

bp = Blueprint("search", __name__)

PAGE_WINDOW = 2  # page links either side of the current one


def page_window(current: int, last: int) -> list[int | None]:
    """Page numbers to link, ``None`` standing for a gap.

    >>> page_window(6, 20)
    [1, None, 4, 5, 6, 7, 8, None, 20]
    """
    shown = {1, last, *range(current - PAGE_WINDOW, current + PAGE_WINDOW + 1)}
    out: list[int | None] = []
    previous = 0
    for n in sorted(p for p in shown if 1 <= p <= last):
        if previous and n - previous > 1:
            out.append(None)
        out.append(n)
        previous = n
    return out


@bp.get("/")
def index() -> Response | str:
    """Search, or browse the newest articles when there is no query."""
    state = from_args(request.args)
    fmt = parse_format(request.args)
    arc = get_archive()
    if fmt == "csv":
        return feeds.csv_response(arc, state)
    if fmt == "atom":
        return feeds.atom_response(arc, state)
    res = arc.run(state)
    observe.record_search(res)
    last = min(res.pages, MAX_PAGE)
    folded = fold(state.q)
    return render_template(
        "search.html",
        state=state,
        res=res,
        first=(res.page - 1) * res.per_page + 1,
        last_shown=(res.page - 1) * res.per_page + len(res.hits),
        pages=page_window(res.page, last) if res.total else [],
        last_page=last,
        value_groups=facets.value_groups(state, res.facets),
        date_groups=facets.date_groups(state, res.facets),
        chips=facets.chips(state),
        fold_url=urls.query_keep_filters(state, folded) if folded != state.q.lower() else None,
        folded=folded,
    )
