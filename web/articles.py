"""The article page ``GET /articles/<id>`` (ids may contain slashes: they can be URLs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request
from markupsafe import Markup, escape

from archive import Archive
from archive.search.parse import Forms
from archive.search.request import MAX_QUERY_CHARS
from archive.search.snippets import mark
from web import strings as S
from web.db import get_archive
from web.errors import error_response

bp = Blueprint("articles", __name__)

RELATED = 5
_PARAGRAPHS = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Highlighter:
    """Escape text, marking the words of the query the reader arrived with."""

    wanted: tuple[Forms, ...] = ()

    @classmethod
    def for_query(cls, arc: Archive, hl: str) -> Highlighter:
        """Mark ``hl`` as the search page did (the archive's words, their readings)."""
        if not hl:
            return cls()
        return cls(arc.highlights(hl))

    def __call__(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        if not self.wanted:
            return escape(text)
        # mark() escapes the text and adds only <mark> elements.
        return Markup(mark(text, self.wanted))


def paragraphs(text: str) -> list[str]:
    """Split a body on blank lines.

    >>> paragraphs("Một.\\n\\nHai\\ndòng.\\n \\n")
    ['Một.', 'Hai dòng.']
    """
    return [" ".join(p.split()) for p in _PARAGRAPHS.split(text) if p.strip()]


def safe_link(url: str | None) -> str | None:
    """Only http(s) URLs become links (never ``javascript:`` or ``data:``)."""
    if url and re.match(r"https?://[^\s]+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


@bp.get("/articles/<path:article_id>")
def show(article_id: str) -> str | tuple[Response | str, int]:
    """Show one article, with the query words marked when ``hl`` is given."""
    hl = request.args.get("hl", "").replace("\x00", "")[:MAX_QUERY_CHARS].strip()
    arc = get_archive()
    article = arc.get(article_id)
    if article is None:
        return error_response(404, S.ERROR_404_ARTICLE, S.ERROR_404_HINT)
    return render_template(
        "article.html",
        article=article,
        hl=hl,
        h=Highlighter.for_query(arc, hl),
        paragraphs=paragraphs(article.body),
        source_link=safe_link(article.url),
        related=arc.more_like_this(article.id, limit=RELATED),
    )
