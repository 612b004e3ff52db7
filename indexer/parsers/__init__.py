"""Input parsers: saved HTML pages and the plain-text article format.

``indexer.parsers.html.parse_html`` and ``indexer.parsers.text.parse_text`` both
return an :class:`archive.models.Article` with ``id == ""`` (the pipeline assigns ids)
and raise :class:`ParseError` when a file holds no article.
"""

from __future__ import annotations

__all__ = ["ParseError"]


class ParseError(ValueError):
    """The input holds no article (no title and no body); the message says why."""
