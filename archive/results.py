"""Search results: the objects the library returns and their JSON shape (DESIGN §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its count; ``selected`` when it is an active filter."""

    value: str
    count: int
    selected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class Hit:
    """One search hit. ``snippet`` is escaped HTML whose only markup is ``<mark>``."""

    id: str
    title: str
    topic: str | None
    province: str | None
    date: str | None  # YYYY-MM-DD
    source: str | None
    url: str | None
    author: str | None
    snippet: str
    score: float
    title_html: str = ""  # escaped title with <mark> around matched words

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "topic": self.topic,
            "province": self.province,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


@dataclass
class SearchResult:
    """A page of results with facets.

    ``facets`` maps ``topic``, ``province``, ``year`` (and ``month`` once one year is
    chosen) to value lists. ``notice`` explains a fallback (any-word or folded search) or
    a correction (``corrected_from``: the query as typed, when the hits are those of the
    corrected ``query``).
    """

    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    notice: str | None = None
    fallback: str | None = None  # None, "any_word", "folded" or "corrected"
    #: set when the hits are those of a corrected query: what was typed (``query`` is the
    #: corrected query shown)
    corrected_from: str | None = None
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON of DESIGN §3 (plus ``notice`` and ``fallback``)."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vals] for k, vals in self.facets.items()},
            "suggestion": self.suggestion,
            "corrected_from": self.corrected_from,
            "notice": self.notice,
            "fallback": self.fallback,
        }
