"""Turn exported records (JSONL objects) into articles; :func:`finish` normalises them."""

from __future__ import annotations

from typing import Any

from archive.models import Article
from indexer.boilerplate import Boilerplate, Learner
from indexer.brands import source_name
from indexer.dates import parse_date
from indexer.normalize import finish

__all__ = ["RecordError", "finish", "learn_record", "record_article"]


class RecordError(ValueError):
    """A record cannot become an article; the message says why."""


def _str(obj: dict[str, Any], *names: str) -> str:
    for name in names:
        v = obj.get(name)
        if isinstance(v, str) and v.strip():
            return v
        if isinstance(v, int | float) and not isinstance(v, bool):
            return str(v)
    return ""


def _lead_body(obj: dict[str, Any], text: str) -> tuple[str, str]:
    lead = _str(obj, "lead", "sapo")
    body = text
    if lead and body.lstrip().startswith(lead.strip()):
        body = body.lstrip()[len(lead.strip()) :]
    return lead, body


def learn_record(obj: Any, learner: Learner) -> None:
    """Show one JSONL object's source and text edges to ``learner`` (cheap: no parsing)."""
    if isinstance(obj, dict):
        text = _str(obj, "text", "body")
        if text:  # a record of raw html only is cleaned by what the others teach
            learner.see(source_name(_str(obj, "source"), _str(obj, "url")), *_lead_body(obj, text))


def record_article(
    obj: Any,
    default_id: str,
    topic_map: dict[str, str] | None = None,
    boilerplate: Boilerplate | None = None,
) -> Article:
    """Build an article from one JSONL object (DESIGN §2 fields).

    :param boilerplate: learned boilerplate to remove from its text (see :func:`finish`)
    :raises RecordError: not an object, no title, or no text
    """
    if not isinstance(obj, dict):
        raise RecordError("not a JSON object")
    title = _str(obj, "title")
    text = _str(obj, "text", "body")
    html = _str(obj, "html")
    if html and not text:
        from indexer.parsers.html import parse_html

        parsed = parse_html(html)
        title = title or parsed.title
        text = parsed.body
        found = {k: v for k, v in parsed.to_dict().items() if v}
        if _str(obj, "section", "category"):
            found.pop("topic", None)  # the record's own section beats the page's
        obj = {**found, **obj}
    if not title.strip():
        raise RecordError("missing title")
    if not text.strip():
        raise RecordError("missing text (give text, body or html)")
    lead, body = _lead_body(obj, text)
    raw_date = _str(obj, "date", "published", "published_time")
    when = parse_date(raw_date) if raw_date else None
    if raw_date and when is None:
        raise RecordError(f"unreadable date {raw_date[:40]!r}")
    article = Article(
        id=_str(obj, "id") or _str(obj, "url") or default_id,
        title=title,
        lead=lead,
        body=body,
        topic=_str(obj, "topic", "section", "category") or None,
        province=_str(obj, "province") or None,
        date=when,
        author=_str(obj, "author") or None,
        source=_str(obj, "source") or None,
        url=_str(obj, "url") or None,
        captions=[c for c in obj.get("captions") or [] if isinstance(c, str)],
    )
    explicit_none = "province" in obj and obj["province"] is None
    article = finish(article, topic_map, detect_province=not explicit_none, boilerplate=boilerplate)
    if not article.title:  # judged again on clean text: "\u200b" alone is no title
        raise RecordError("missing title")
    if not (article.body or article.lead):
        raise RecordError("missing text (give text, body or html)")
    return article
