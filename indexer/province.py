"""Index-time province detection for an article (DESIGN §6)."""

from __future__ import annotations

from archive.gazetteer import resolve_province
from archive.models import Article


def detect_province(article: Article) -> str | None:
    """The article's canonical province as named on its date, or ``None`` when unclear.

    Uses the parser's ``province`` hint first, then a dateline or the mentions in the
    lead and body (see :func:`archive.gazetteer.resolve_province`).
    """
    return resolve_province(article.province, article.lead + "\n" + article.body, article.date)
