"""The page tree: lxml parsing, element text and classes, the flat-text fallback."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from indexer.encoding import clean_text

__all__ = [
    "BLOCK_TAGS",
    "INLINE_TAGS",
    "MAX_CHARS",
    "SKIP_TAGS",
    "class_and_id",
    "element_text",
    "first_text",
    "flat_text",
    "parse_tree",
]

SKIP_TAGS = frozenset(
    "script style noscript iframe form button select textarea input nav aside footer "
    "header svg template object embed video audio canvas map head title menu dialog".split()
)


BLOCK_TAGS = frozenset(
    "p div section article main blockquote ul ol li h1 h2 h3 h4 h5 h6 pre table tr td th "
    "dl dt dd figure center address details summary body".split()
)


INLINE_TAGS = frozenset("a span em strong b i u font small sup sub mark abbr".split())


def element_text(el: etree._Element) -> str:
    """Return the element's text with whitespace collapsed."""
    return " ".join(el.text_content().split())


def class_and_id(el: etree._Element) -> str:
    """Return the class and id of an element as one string."""
    return f"{el.get('class', '')[:200]} {el.get('id', '')[:100]}"  # regexes stay cheap


_MAX_SOUP_TAGS = 20_000


_TAG_STRIP_RE = re.compile(
    r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[^>]{0,2000}>", re.S | re.I
)


#: Longest page text parsed (characters); ``read_document`` refuses files over 20 MB too.
MAX_CHARS = 20 * 1024 * 1024


def flat_text(text: str) -> list[str]:
    """Fallback for pages lxml cannot hold: BeautifulSoup text, then a regex tag strip."""
    from bs4 import BeautifulSoup

    flat = ""
    if text.count("<") <= _MAX_SOUP_TAGS:  # bs4 costs ~40 µs a tag: 100k tags is 4 s
        try:
            soup = BeautifulSoup(text, "lxml")
            for bad in soup(["script", "style", "noscript"]):
                bad.decompose()
            flat = soup.get_text("\n")
        except RecursionError:
            flat = ""
    if not flat:
        flat = _TAG_STRIP_RE.sub("\n", text)
    lines = (" ".join(line.split()) for line in flat.split("\n"))
    return [line for line in lines if len(line) > 1]


def parse_tree(text: str) -> tuple[etree._Element | None, bool]:
    """Parse *text* with lxml; return (root, too_deep)."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
    return root, too_deep


def first_text(*values: object) -> str | None:
    """Return the first non-empty string among *values*, cleaned."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return clean_text(value).replace("\n", " ")
    return None
