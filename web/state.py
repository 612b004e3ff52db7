"""The URL is the state: a search page's query string converted to and from a
:class:`archive.SearchRequest` — the library's one request type, which owns the limits.

:func:`from_args` parses the text of each parameter (numbers, dates, the ``merged`` flag)
and lets ``SearchRequest`` check the ranges; every failure is a :class:`BadParam` worded
for the page. :func:`pairs` is the canonical query string (order: q, topic*, province*,
merged, from, to, sort, page, per_page, verbatim) that ``web.urls`` turns into links.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from archive import InvalidParameterError, SearchRequest
from archive.search.request import DEFAULT_PER_PAGE, SORTS
from web import strings as S

FORMATS = ("html", "csv", "atom")
_MERGED = {"": False, "0": False, "1": True, "on": True, "true": True}


class BadParam(ValueError):
    """A query-string parameter is malformed or out of range."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


def from_args(args: MultiDict[str, str]) -> SearchRequest:
    """Read a search from the query string (empty values mean "unset").

    :raises BadParam: a value is malformed or out of range
    """
    for key, value in args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            raise BadParam(key.replace("\x00", ""), S.ERR_NUL)
    merged, verbatim = args.get("merged", ""), args.get("verbatim", "")
    if merged not in _MERGED:
        raise BadParam("merged", S.ERR_MERGED)
    if verbatim not in _MERGED:
        raise BadParam("verbatim", S.ERR_MERGED)
    try:
        return SearchRequest(
            q=args.get("q", "").strip(),
            topic=tuple(args.getlist("topic")),
            province=tuple(args.getlist("province")),
            include_merged=_MERGED[merged],
            verbatim=_MERGED[verbatim],
            date_from=_date(args.get("from", ""), "from"),
            date_to=_date(args.get("to", ""), "to"),
            sort=args.get("sort", ""),
            page=_int(args.get("page", ""), "page", 1),
            per_page=_int(args.get("per_page", ""), "per_page", DEFAULT_PER_PAGE),
        )
    except InvalidParameterError as exc:
        raise bad_param(exc) from None


def bad_param(exc: InvalidParameterError) -> BadParam:
    """Word a library validation error for the page."""
    messages = {
        "too_long": S.ERR_TOO_LONG.format(n=exc.limit),
        "too_many": S.ERR_TOO_MANY.format(n=exc.limit),
        "range": S.ERR_RANGE.format(lo=1, hi=exc.limit),
        "sort": S.ERR_SORT,
        "date": S.ERR_DATE,
        "date_order": S.ERR_DATE_ORDER,
    }
    return BadParam(exc.param, messages.get(exc.code, exc.message))


def pairs(state: SearchRequest) -> list[tuple[str, str]]:
    """Return the canonical query-string pairs of a search; defaults are left out."""
    out: list[tuple[str, str]] = []
    if state.q:
        out.append(("q", state.q))
    out += [("topic", v) for v in state.topic]
    out += [("province", v) for v in state.province]
    if state.include_merged:
        out.append(("merged", "1"))
    if state.date_from:
        out.append(("from", state.date_from.isoformat()))
    if state.date_to:
        out.append(("to", state.date_to.isoformat()))
    if state.sort != SORTS[0]:
        out.append(("sort", state.sort))
    if state.page != 1:
        out.append(("page", str(state.page)))
    if state.per_page != DEFAULT_PER_PAGE:
        out.append(("per_page", str(state.per_page)))
    if state.verbatim:
        out.append(("verbatim", "1"))
    return out


def changed(state: SearchRequest, **changes: Any) -> SearchRequest:
    """Return a copy with ``changes``; any change but ``page`` itself resets the page."""
    changes.setdefault("page", 1)
    return state.replace(**changes)


def reject_nul() -> None:
    """Refuse a NUL byte anywhere in the path or the query string (a 400, never a 500).

    :raises BadParam: the path (``param`` "path") or a query-string key or value holds one
    """
    from flask import request

    if "\x00" in request.path:
        raise BadParam("path", S.ERR_NUL)
    for key, value in request.args.items(multi=True):
        if "\x00" in key or "\x00" in value:
            raise BadParam(key.replace("\x00", ""), S.ERR_NUL)


def parse_format(args: MultiDict[str, str]) -> str:
    """Return ``html``, ``csv`` or ``atom`` from ``format``.

    :raises BadParam: another value
    """
    fmt = args.get("format", "") or "html"
    if fmt not in FORMATS:
        raise BadParam("format", S.ERR_FORMAT)
    return fmt


def _date(value: str, param: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadParam(param, S.ERR_DATE) from None


def _int(value: str, param: str, default: int) -> int:
    value = value.strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise BadParam(param, S.ERR_INT)
    if len(value) > 9:
        value = "0"  # out of range: SearchRequest says so
    return int(value)
