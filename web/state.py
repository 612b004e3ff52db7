"""The state of a search page, read from (and only from) the query string.

``SearchState.from_args`` validates every parameter and raises :class:`BadParam` with a
message naming it; the state's :meth:`SearchState.pairs` is the canonical query string
(order: q, topic*, province*, merged, from, to, sort, page, per_page) that ``web.urls``
turns into links.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from web import strings as S

MAX_QUERY_CHARS = 500
MAX_VALUE_CHARS = 200
MAX_VALUES = 50
MAX_PAGE = 10_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
SORTS = ("relevance", "newest", "oldest")
FORMATS = ("html", "csv", "atom")


class BadParam(ValueError):
    """A query-string parameter is malformed or out of range."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True)
class SearchState:
    """Everything a search page shows is a function of this (the URL is the state)."""

    q: str = ""
    topic: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    merged: bool = False
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> SearchState:
        """Validate the query string.

        :raises BadParam: a value is malformed or out of range (empty values mean "unset")
        """
        for key, value in args.items(multi=True):
            if "\x00" in key or "\x00" in value:
                raise BadParam(key.replace("\x00", ""), S.ERR_NUL)
        q = _text(args.get("q", ""), "q", MAX_QUERY_CHARS)
        state = cls(
            q=q.strip(),
            topic=_values(args, "topic"),
            province=_values(args, "province"),
            merged=_flag(args.get("merged", "")),
            date_from=_date(args.get("from", ""), "from"),
            date_to=_date(args.get("to", ""), "to"),
            sort=_sort(args.get("sort", "")),
            page=_int(args.get("page", ""), "page", 1, MAX_PAGE, 1),
            per_page=_int(args.get("per_page", ""), "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
        )
        if state.date_from and state.date_to and state.date_from > state.date_to:
            raise BadParam("from", S.ERR_DATE_ORDER)
        return state

    def replace(self, **changes: Any) -> SearchState:
        """Return a copy with ``changes``; any change but ``page`` itself resets the page."""
        changes.setdefault("page", 1)
        return dataclasses.replace(self, **changes)

    @property
    def has_filters(self) -> bool:
        return bool(self.topic or self.province or self.merged or self.date_from or self.date_to)

    @property
    def effective_sort(self) -> str:
        """Browsing (no query) has no relevance: it is newest first unless asked otherwise."""
        return "newest" if not self.q and self.sort == "relevance" else self.sort

    def pairs(self) -> list[tuple[str, str]]:
        """Return the canonical query-string pairs; defaults are left out."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        out += [("topic", v) for v in self.topic]
        out += [("province", v) for v in self.province]
        if self.merged:
            out.append(("merged", "1"))
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.page != 1:
            out.append(("page", str(self.page)))
        if self.per_page != DEFAULT_PER_PAGE:
            out.append(("per_page", str(self.per_page)))
        return out

    def search_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Archive.search`` (without page and per_page)."""
        return {
            "topic": list(self.topic),
            "province": list(self.province),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "sort": self.sort,
            "include_merged": self.merged,
        }


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


def _text(value: str, param: str, limit: int) -> str:
    if len(value) > limit:
        raise BadParam(param, S.ERR_TOO_LONG.format(n=limit))
    return value


def _values(args: MultiDict[str, str], param: str) -> tuple[str, ...]:
    raw = [v.strip() for v in args.getlist(param)]
    values = tuple(dict.fromkeys(_text(v, param, MAX_VALUE_CHARS) for v in raw if v))
    if len(values) > MAX_VALUES:
        raise BadParam(param, S.ERR_TOO_MANY.format(n=MAX_VALUES))
    return values


def _flag(value: str) -> bool:
    if value in ("", "0"):
        return False
    if value in ("1", "on", "true"):
        return True
    raise BadParam("merged", S.ERR_MERGED)


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


def _sort(value: str) -> str:
    if not value:
        return "relevance"
    if value not in SORTS:
        raise BadParam("sort", S.ERR_SORT)
    return value


def _int(value: str, param: str, lo: int, hi: int, default: int) -> int:
    value = value.strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        if value.isascii() and value.isdigit():
            raise BadParam(param, S.ERR_RANGE.format(lo=lo, hi=hi))
        raise BadParam(param, S.ERR_INT)
    number = int(value)
    if not lo <= number <= hi:
        raise BadParam(param, S.ERR_RANGE.format(lo=lo, hi=hi))
    return number
