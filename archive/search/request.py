"""One search request: what to search, with its limits and validation (the one owner).

The library, the CLI, the web (which only converts the URL to and from it) and the OpenAPI
description all use :class:`SearchRequest` and the limits below.

>>> SearchRequest("hai duong", province=["Hải Dương"], sort="newest").province
('Hải Dương',)
>>> SearchRequest(page=0)
Traceback (most recent call last):
...
archive.errors.InvalidParameterError: page: must be between 1 and 10000
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypedDict

from archive.errors import InvalidParameterError

#: A query longer than this is refused (400 on the web); shorter ones are always answered,
#: their cost bounded by the query budget of :mod:`archive.search.parse`.
MAX_QUERY_CHARS = 500
MAX_VALUE_CHARS = 200  # one topic or province value
MAX_VALUES = 50  # values of one facet filter
MAX_PAGE = 10_000
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10


class SortMode(StrEnum):
    """How results are ordered."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


SORTS: tuple[str, ...] = tuple(m.value for m in SortMode)


class SearchFilters(TypedDict, total=False):
    """The keyword arguments of ``Archive.search`` besides the query."""

    topic: Sequence[str]
    province: Sequence[str]
    date_from: date | None
    date_to: date | None
    sort: str
    page: int
    per_page: int
    include_merged: bool
    verbatim: bool


@dataclass(frozen=True)
class SearchRequest:
    """A validated search; an empty ``q`` browses (newest first).

    Values repeated within ``topic`` or ``province`` are ORed, different filters ANDed.

    :raises InvalidParameterError: a value is out of range (the error names the parameter
        and carries a ``code`` and the limit, for messages in other languages)
    """

    q: str = ""
    topic: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = SortMode.RELEVANCE.value
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    include_merged: bool = False
    #: search exactly what was typed: no correction (the "search instead for" link)
    verbatim: bool = False

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise the fields once, here
        set_(self, "q", _text(self.q or "", "q", MAX_QUERY_CHARS))
        set_(self, "topic", _values(self.topic, "topic"))
        set_(self, "province", _values(self.province, "province"))
        set_(self, "sort", _sort(self.sort))
        _int(self.page, "page", MAX_PAGE)
        _int(self.per_page, "per_page", MAX_PER_PAGE)
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, date):
                raise InvalidParameterError(
                    "from" if name == "date_from" else "to", "must be a date", code="date"
                )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidParameterError(
                "from", "the start date is after the end date", code="date_order"
            )
        set_(self, "include_merged", bool(self.include_merged))
        set_(self, "verbatim", bool(self.verbatim))

    @property
    def sort_mode(self) -> SortMode:
        return SortMode(self.sort)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.topic or self.province or self.include_merged or self.date_from or self.date_to
        )

    def replace(self, **changes: Any) -> SearchRequest:
        """Return a validated copy with ``changes``."""
        return dataclasses.replace(self, **changes)

    def filters(self) -> dict[str, Any]:
        """The filters as :attr:`SearchResult.filters` reports them (dates in ISO form)."""
        return {
            "topic": list(self.topic),
            "province": list(self.province),
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "sort": self.sort,
            "include_merged": self.include_merged,
        }


def _text(value: str, param: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidParameterError(param, "must be a string", code="type")
    if len(value) > limit:
        raise InvalidParameterError(
            param, f"too long (at most {limit} characters)", code="too_long", limit=limit
        )
    return value


def _values(values: Sequence[str] | str, param: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = (values,)
    cleaned = tuple(dict.fromkeys(_text(v, param, MAX_VALUE_CHARS).strip() for v in values))
    cleaned = tuple(v for v in cleaned if v)
    if len(cleaned) > MAX_VALUES:
        raise InvalidParameterError(
            param, f"too many values (at most {MAX_VALUES})", code="too_many", limit=MAX_VALUES
        )
    return cleaned


def _sort(value: str) -> str:
    try:
        return SortMode(value or SortMode.RELEVANCE.value).value
    except ValueError:
        raise InvalidParameterError(
            "sort", f"unknown sort {value!r}; use {', '.join(SORTS)}", code="sort"
        ) from None


def _int(value: int, param: str, hi: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= hi:
        raise InvalidParameterError(param, f"must be between 1 and {hi}", code="range", limit=hi)
