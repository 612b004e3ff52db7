"""The plain-text article format → :class:`Article`.

Layouts (blank lines or single newlines separate the parts; CRLF, a BOM and UTF-16 are
undone by :func:`indexer.encoding.decode_bytes` before this parser runs)::

    [<Key: value> header lines]  Tiêu đề/Title, Ngày/Date, Tác giả/Author, Chuyên mục/Topic,
                                 Nguồn/Source, Tỉnh/Province, URL (keys with or without marks)
    [<topic>]                    only when it looks like a section name: a short line with no
                                 sentence punctuation, followed by a title-like line
    <title>
    [<date line, e.g. "Thứ Ba, 20/02/2024 - 09:15">]   (anywhere among the header lines)
    [<province>]                                        (kept only if it looks like a place)
    <lead paragraph>
    <body paragraphs …>         "TTXVN - …" datelines give the source; "(Ảnh: …)" lines are captions
    [<author>]                  a short name alone near the end
    [Xem thêm]                  dropped

The lead is the first body paragraph and is not repeated in ``body``.  Topic, author,
source and province leave as written; :func:`indexer.normalize.finish` normalises them.
"""

from __future__ import annotations

import re
from datetime import datetime

from archive.analysis import fold
from archive.gazetteer import resolve_province
from archive.models import Article
from indexer.datelines import agency_dateline
from indexer.dates import parse_date
from indexer.encoding import clean_text
from indexer.parsers import ParseError

__all__ = ["parse_text"]

_CAPTION_RE = re.compile(r"^\(?Ảnh\s*:|\(Ảnh\s*:[^)]*\)\s*\.?$", re.IGNORECASE)
_TRAILER_RE = re.compile(r"^(?:xem thêm|đọc thêm|tin liên quan|xem tiếp)\s*[:.…]*$", re.IGNORECASE)
_SOURCE_LINE_RE = re.compile(r"^(?:Theo|Nguồn\s*:)\s+(?P<src>.{2,40}?)\s*$")
#: Longest text parsed (characters); ``read_document`` refuses files over 20 MB too.
MAX_CHARS = 20 * 1024 * 1024
_SENTENCE_PUNCT = set('.,;:!?"“”()[]…')


def _looks_like_place(line: str) -> bool:
    """Heuristic: at most 4 capitalised syllables, no digits or sentence punctuation."""
    words = line.replace("-", " ").split()
    if not 1 <= len(words) <= 4 or any(ch in _SENTENCE_PUNCT or ch.isdigit() for ch in line):
        return False
    return all(w[:1].isupper() for w in words if w.upper() != "TP.")


def _province(line: str, when: datetime | None) -> str | None:
    """Return *line*, as written, when it names a province; else ``None``.

    The line must look like a place name and the gazetteer must know it (the parser's
    own decision: a place line is not body text).  Resolving it to the canonical name
    is :func:`indexer.normalize.finish`'s job.
    """
    if len(line) > 40 or not _looks_like_place(re.sub(r"^TP\.\s*", "", line, flags=re.I)):
        return None
    return line if resolve_province(line, "", when) is not None else None


def _is_date_line(line: str) -> datetime | None:
    """Return the date when *line* is a short date line ("Thứ Ba, 20/02/2024 - 09:15")."""
    if len(line) > 60 or not any(ch.isdigit() for ch in line):
        return None
    return parse_date(line)


def _is_author(line: str) -> bool:
    """Return True for a name alone on a short line (2-5 capitalised words, no punctuation)."""
    words = line.split()
    if not 1 <= len(words) <= 5 or len(line) > 40:
        return False
    if any(ch in _SENTENCE_PUNCT or ch.isdigit() for ch in line):
        return False
    return all(w[:1].isupper() for w in words)


#: header keys (folded, lower case) → field
_HEADER_KEYS = {
    "tieu de": "title", "title": "title", "ngay": "date", "date": "date",
    "ngay dang": "date", "tac gia": "author", "author": "author", "chuyen muc": "topic",
    "topic": "topic", "section": "topic", "nguon": "source", "source": "source",
    "tinh": "province", "province": "province", "url": "url",
}  # fmt: skip
_HEADER_RE = re.compile(r"^(?P<key>[^\W\d_][\w ]{0,14}?)\s*:\s*(?P<value>.*)$")
#: a section name: a few words (``Xây dựng Đảng``, ``Thế giới``), no sentence punctuation
_TOPIC_WORDS = 5
#: a title: at most this many words and no sentence inside it
_TITLE_WORDS = 40


def _header(paras: list[str]) -> tuple[dict[str, str], int]:
    """The ``Key: value`` lines at the head of the text, and how many lines they take."""
    fields: dict[str, str] = {}
    n = 0
    for line in paras:
        m = _HEADER_RE.match(line)
        key = _HEADER_KEYS.get(fold(m.group("key")).lower().strip()) if m else None
        if m is None or key is None or key in fields:
            break
        fields[key] = m.group("value").strip()
        n += 1
    return fields, n


def _topic_like(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= _TOPIC_WORDS and not any(ch in _SENTENCE_PUNCT for ch in line)


def _title_like(line: str) -> bool:
    """A headline: short, and no sentence ends inside it."""
    words = line.split()
    inner = re.search(r"[.!?…]\s+\S", line)
    return 1 <= len(words) <= _TITLE_WORDS and inner is None and not line.endswith(".")


def parse_text(text: str, *, path: str | None = None) -> Article:
    """Parse one article in the plain-text format described in the module docstring.

    :param text: the decoded file content (see :func:`indexer.encoding.decode_bytes`).
    :param path: the file the text came from, stored in ``Article.path``.
    :return: an :class:`Article` with ``id == ""`` and raw fields (topic, author, source
        and province as written): :func:`indexer.normalize.finish` normalises them.
    :raises ParseError: the text holds neither a title nor a body.
    """
    if len(text) > MAX_CHARS:
        raise ParseError(f"text is larger than {MAX_CHARS // (1024 * 1024)} MB: not one article")
    # Clean first: every decision below (header keys, date, place and byline lines,
    # datelines) reads the lines, so they must be NFC with one space.
    lines = [line.strip() for line in clean_text(text).split("\n")]
    paras = [line for line in lines if line]
    fields, index = _header(paras)
    when: datetime | None = parse_date(fields["date"]) if fields.get("date") else None
    header: list[str] = []
    wanted = 0 if "title" in fields else 2
    while index < len(paras) and len(header) < wanted:
        found = _is_date_line(paras[index]) if when is None else None
        if found is not None:
            when = found
        elif header and not (_topic_like(header[0]) and _title_like(paras[index])):
            break  # "Title\n\nBody": the first line was the title, this is the text
        else:
            header.append(paras[index])
        index += 1
    if len(header) == 1:
        header.insert(0, "")
    topic, title = (header + ["", ""])[:2]
    if "title" in fields:
        topic, title = fields.get("topic", ""), fields["title"]
    elif fields.get("topic") and not topic:
        topic = fields["topic"]
    province: str | None = fields.get("province") or None
    while index < len(paras):
        line = paras[index]
        found = _is_date_line(line) if when is None else None
        if found is not None:
            when = found
        elif province is None and (province := _province(line, when)) is not None:
            pass
        else:
            break
        index += 1
    body_lines = paras[index:]
    while body_lines and _TRAILER_RE.match(body_lines[-1]):
        body_lines.pop()
    source: str | None = None
    author: str | None = None
    if body_lines and (match := _SOURCE_LINE_RE.match(body_lines[-1])):
        source = match.group("src")
        body_lines.pop()
    if len(body_lines) > 1 and _is_author(body_lines[-1]):
        author = body_lines.pop()
    if fields.get("author"):
        author = fields["author"]
    source = fields.get("source") or source
    captions: list[str] = []
    body: list[str] = []
    hint: str | None = None
    for line in body_lines:
        if _CAPTION_RE.search(line):
            captions.append(line)
            continue
        dateline = agency_dateline(line)
        if dateline is not None:
            source = source or dateline.agency
            hint = hint or dateline.place
            line = line[dateline.end :].strip() or line
        body.append(line)
    if province is None and hint is not None:
        province = _province(hint, when)
    lead = body.pop(0) if body else ""
    if not title and not lead:
        raise ParseError("no title and no body text found")
    return Article(
        id="",
        title=title,
        lead=lead,
        body="\n\n".join(body),
        topic=topic or None,
        province=province,
        date=when,
        author=author,
        source=source,
        captions=captions,
        path=path,
    )
