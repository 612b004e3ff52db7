"""Bylines: an author value tidied, and the printed person names picked from candidates.

>>> normalize_author("  Theo  TTXVN ")
'TTXVN'
>>> pick_byline(["VnExpress", "Tác giả Anh Hoa / baodautu.vn"], [])
'Anh Hoa'
"""

from __future__ import annotations

import re
import unicodedata

from indexer.brands import is_agency, is_publisher
from indexer.encoding import clean_text

__all__ = ["is_person_byline", "normalize_author", "pick_byline"]

_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:theo|bài(?:\s+và\s+ảnh)?|tác giả|phóng viên|pv|by|nguồn)\s*[:\-–]?\s+", re.IGNORECASE
)
_AUTHOR_JUNK = re.compile(r"^[\s\-–—/:|,.]+|[\s\-–—/:|,.]+$")
# A trailing "(TTXVN/Vietnam+)", "(Tin tức 24h)", "- TTXVN" after a byline.
_AUTHOR_TAIL_RE = re.compile(r"\s*(?:\(([^()]{2,40})\)|[-–—]\s*([^\s()\-–—][^()\-–—]{1,30}))$")


def normalize_author(s: str | None) -> str | None:
    """Tidy an author value: NFC, one space, no "Theo"/"Bài:" prefix, title case if all caps.

    :return: the name, or ``None`` when nothing is left or the value is a URL.
    """
    if not s:
        return None
    text = clean_text(s).replace("\n", " ")
    if re.match(r"^https?://", text):
        return None
    text = _AUTHOR_JUNK.sub("", _AUTHOR_PREFIX_RE.sub("", text))
    tail = _AUTHOR_TAIL_RE.search(text)
    if tail and tail.start() > 0 and is_agency(tail.group(1) or tail.group(2)):
        text = _AUTHOR_JUNK.sub("", text[: tail.start()])
    if not text or len(text) > 80:
        return None
    if text.isupper() and len(text) > 5 and " " in text:
        text = " ".join(w[:1] + w[1:].lower() for w in text.split())
    return unicodedata.normalize("NFC", text)


def is_person_byline(name: str | None) -> bool:
    """Return True when *name* reads as printed person name(s), not a handle or first name.

    A login handle is one lower-case word ("phanngan"); a bare first name one word in
    title case ("Nam"); initials in capitals ("TP", "H.A") stand for a person.
    """
    if not name or any(ch.isdigit() or ch in "@#_" for ch in name):
        return False
    words = name.replace(",", " ").split()
    if not words or len(words) > 12:
        return False
    if len(words) == 1:
        bare = words[0].replace(".", "")
        return bare.isupper() and 1 < len(bare) <= 4
    return any(w[:1].isupper() for w in words)


def pick_byline(candidates: list[str | None], brands: list[str]) -> str | None:
    """Return the first candidate that names people, with publisher parts dropped.

    "Tác giả Anh Hoa / baodautu.vn" → "Anh Hoa"; "VnExpress" and "phanngan" are skipped.
    """
    for raw in candidates:
        text = normalize_author(raw)
        if not text:
            continue
        parts = [p.strip() for p in re.split(r"\s*/\s*|\s*\|\s*", text) if p.strip()]
        people = [p for p in parts if not is_publisher(p, brands)]
        name = normalize_author(" / ".join(people)) if people else None
        if name and is_person_byline(name):
            return name
    return None
