"""The one article model that travels from parser to index to API (DESIGN §1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class Article:
    """A news article.

    ``date`` is timezone-aware in Asia/Ho_Chi_Minh, or ``None`` when unknown.
    ``captions`` are the image captions, kept apart from the body.
    ``path`` is the file the article came from (empty for API-built articles).
    """

    id: str
    title: str
    lead: str = ""
    body: str = ""
    topic: str | None = None
    province: str | None = None
    date: datetime | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of DESIGN §3 (``date`` as ISO 8601)."""
        return {
            "id": self.id,
            "title": self.title,
            "lead": self.lead,
            "body": self.body,
            "topic": self.topic,
            "province": self.province,
            "date": self.date.isoformat() if self.date else None,
            "author": self.author,
            "source": self.source,
            "url": self.url,
            "captions": list(self.captions),
            "path": self.path,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an article from :meth:`to_dict` output."""
        raw_date = data.get("date")
        when = datetime.fromisoformat(raw_date) if raw_date else None
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=VN_TZ)
        return cls(
            id=str(data["id"]),
            title=data.get("title") or "",
            lead=data.get("lead") or "",
            body=data.get("body") or "",
            topic=data.get("topic"),
            province=data.get("province"),
            date=when,
            author=data.get("author"),
            source=data.get("source"),
            url=data.get("url"),
            captions=list(data.get("captions") or []),
            path=data.get("path"),
        )
