"""Every URL the app links to is built here; views and templates never glue query strings.

Search URLs are ``/`` plus the search's canonical query string (``web.state.pairs``).
Changing anything but the page resets the page to 1.
"""

from __future__ import annotations

import calendar
from datetime import date
from urllib.parse import urlencode, urljoin

from flask import g, request, url_for

from archive import SearchRequest
from web import state as st


def _search_path() -> str:
    # url_for once per request: a results page builds ~100 facet links.
    path: str | None = g.get("_search_path")
    if path is None:
        path = g._search_path = url_for("search.index")
    return path


def _qs(pairs: list[tuple[str, str]]) -> str:
    return ("?" + urlencode(pairs)) if pairs else ""


def search(state: SearchRequest, fmt: str | None = None) -> str:
    """The search page for ``state``; ``fmt`` ("csv", "atom") gives the same search as a file."""
    qs = st.pairs(state)
    if fmt:
        if fmt == "atom":
            qs = [(k, v) for k, v in qs if k not in ("sort", "page", "per_page")]
        else:
            qs = [(k, v) for k, v in qs if k not in ("page", "per_page")]
        qs.append(("format", fmt))
    return _search_path() + _qs(qs)


def api_search(state: SearchRequest) -> str:
    """The JSON API URL for ``state``."""
    return url_for("api.search") + _qs(st.pairs(state))


def toggle(state: SearchRequest, facet: str, value: str) -> str:
    """Add ``value`` to the ``facet`` ("topic" or "province") filter, or remove it when present."""
    current: tuple[str, ...] = getattr(state, facet)
    values = tuple(v for v in current if v != value) if value in current else (*current, value)
    return search(st.changed(state, **{facet: values}))


def toggles(state: SearchRequest, facet: str, values: list[str]) -> dict[str, str]:
    """``toggle`` for every value of a facet list, encoding the shared parts only once.

    A page shows up to ~100 facet values; this keeps link building far below search time.
    """
    current: tuple[str, ...] = getattr(state, facet)
    pairs = st.pairs(st.changed(state, page=1))
    keys = ("q", "topic") if facet == "topic" else ("q", "topic", "province")
    cut = sum(1 for k, _ in pairs if k in keys)  # where a new value goes in canonical order
    head, tail = urlencode(pairs[:cut]), urlencode(pairs[cut:])
    path = _search_path()
    out = {}
    for v in values:
        if v in current:
            out[v] = toggle(state, facet, v)
        else:
            out[v] = path + "?" + "&".join(p for p in (head, urlencode([(facet, v)]), tail) if p)
    return out


def dates(state: SearchRequest, date_from: date | None, date_to: date | None) -> str:
    """Set (or with ``None``, clear) the date range."""
    return search(st.changed(state, date_from=date_from, date_to=date_to))


def year(state: SearchRequest, y: int) -> str:
    """Filter to year ``y``; when that year is already the filter, remove it."""
    lo, hi = date(y, 1, 1), date(y, 12, 31)
    if (state.date_from, state.date_to) == (lo, hi):
        return dates(state, None, None)
    return dates(state, lo, hi)


def month(state: SearchRequest, y: int, m: int) -> str:
    """Filter to month ``m`` of ``y``; when already chosen, go back to the whole year."""
    lo, hi = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    if (state.date_from, state.date_to) == (lo, hi):
        return dates(state, date(y, 1, 1), date(y, 12, 31))
    return dates(state, lo, hi)


def merged(state: SearchRequest) -> str:
    """Toggle including the provinces merged in 2025."""
    return search(st.changed(state, include_merged=not state.include_merged))


def sort(state: SearchRequest, mode: str) -> str:
    return search(st.changed(state, sort=mode))


def page(state: SearchRequest, n: int) -> str:
    return search(st.changed(state, page=n))


def clear_filters(state: SearchRequest) -> str:
    """Keep the query and the sort, drop every filter."""
    return search(SearchRequest(q=state.q, sort=state.sort, per_page=state.per_page))


def query(q: str) -> str:
    """A fresh search for ``q`` (suggestions, "bỏ dấu")."""
    return search(SearchRequest(q=q))


def verbatim(state: SearchRequest) -> str:
    """The same search, exactly as typed (no spelling correction)."""
    return search(st.changed(state, verbatim=True))


def query_keep_filters(state: SearchRequest, q: str) -> str:
    """Another query with the same filters (a new query is corrected again)."""
    return search(st.changed(state, q=q, verbatim=False))


def article(article_id: str, hl: str | None = None) -> str:
    """The article page; ``hl`` marks the query's words in it."""
    return url_for("articles.show", article_id=article_id, hl=hl or None)


def api_article(article_id: str) -> str:
    return url_for("api.article", article_id=article_id)


def static(filename: str) -> str:
    return url_for("static", filename=filename)


def absolute(path: str) -> str:
    """Make a URL built here absolute (Atom ids and links must be)."""
    return urljoin(request.host_url, path)


def form_fields(state: SearchRequest, *drop: str) -> list[tuple[str, str]]:
    """Hidden ``(name, value)`` fields that carry the rest of the state through a GET form."""
    return [(k, v) for k, v in st.pairs(st.changed(state, page=1)) if k not in drop]
