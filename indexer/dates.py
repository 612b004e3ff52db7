"""Publication dates from metadata and Vietnamese text, always day-first (DESIGN §6).

Every result is timezone-aware in Asia/Ho_Chi_Minh.  A value without an offset is
taken as Vietnam time.  No date is ``None`` — never the file's mtime.

>>> parse_date("Thứ Hai, 15/1/2024, 10:30 (GMT+7)").isoformat()
'2024-01-15T10:30:00+07:00'
>>> parse_date("2024-01-15T03:30:00Z").isoformat()
'2024-01-15T10:30:00+07:00'
>>> find_date_in_text("Hà Nội, ngày 19 tháng 5 năm 2018 — Sáng nay ...").date().isoformat()
'2018-05-19'
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from archive.models import VN_TZ

__all__ = ["find_date_in_text", "parse_date"]

_TZ = r"(?:\s*\(?\s*(?:GMT|UTC)\s*(?P<tzs>[+-])\s*(?P<tzh>\d{1,2})(?::?(?P<tzm>\d{2}))?\s*\)?)?"
_TIME_AFTER = (
    r"(?:\s*(?:[,|\-–]|lúc|\bluc)?\s*(?P<hh>\d{1,2})\s*[:hg]\s*(?P<mi>\d{2})"
    r"(?::(?P<ss>\d{2}))?(?:\s*(?P<ampm>[AaPp][Mm])\b)?)?"
)
_DMY = (
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
)
_WORDS = r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*,?\s+năm\s+(?P<y>\d{4})"
_YMD = r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"
_PATTERNS = [re.compile(p + _TIME_AFTER + _TZ, re.IGNORECASE) for p in (_DMY, _WORDS, _YMD)]
_TIME_BEFORE_RE = re.compile(r"(\d{1,2})\s*[:h]\s*(\d{2})(?::\d{2})?\s*(?:[,|\-–]|ngày)?\s*$")
_ISO_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)


def _to_vn(when: datetime) -> datetime:
    """Return *when* in Vietnam time; naive values are taken as Vietnam time already."""
    if when.tzinfo is None:
        return when.replace(tzinfo=VN_TZ)
    return when.astimezone(VN_TZ)


def _parse_iso(s: str) -> datetime | None:
    """Parse ISO 8601 (``Z``, ``+07:00``, ``+0700``, fractions, date only)."""
    if not _ISO_RE.match(s):
        return None
    text = s.replace(" ", "T", 1) if len(s) > 10 and s[10] == " " else s
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        return _to_vn(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def _build(match: re.Match[str], text: str, min_year: int) -> datetime | None:
    """Turn a date match (plus a neighbouring time and offset) into a Vietnam datetime."""
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not min_year <= year <= 2100:
        return None
    hour = minute = second = 0
    if match["hh"] is not None:
        hour, minute, second = int(match["hh"]), int(match["mi"]), int(match["ss"] or 0)
        ampm = (match["ampm"] or "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
    else:
        before = _TIME_BEFORE_RE.search(text[max(0, match.start() - 16) : match.start()])
        if before:
            hour, minute = int(before.group(1)), int(before.group(2))
    try:
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if match["tzh"] is not None:
        offset = timedelta(hours=int(match["tzh"]), minutes=int(match["tzm"] or 0))
        sign = -1 if match["tzs"] == "-" else 1
        return when.replace(tzinfo=timezone(sign * offset)).astimezone(VN_TZ)
    return when.replace(tzinfo=VN_TZ)


def _scan(text: str, min_year: int) -> datetime | None:
    """Return the earliest valid date phrase in *text*."""
    found: list[tuple[int, datetime]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            when = _build(match, text, min_year)
            if when is not None:
                found.append((match.start(), when))
                break
    return min(found, key=lambda pair: pair[0])[1] if found else None


def parse_date(s: str) -> datetime | None:
    """Parse one date value from metadata or a dateline.

    Accepts ISO 8601 (with or without offset), RFC 2822 (RSS ``pubDate``) and the
    day-first Vietnamese forms ("Thứ Ba, 20/02/2024 - 09:15", "ngày 19 tháng 5 năm 2018",
    "20-03-2019 08:00", "15/01/2024 10:30 GMT+7").

    :return: an aware datetime in Asia/Ho_Chi_Minh, or ``None`` when *s* holds no date.
    """
    if not s:
        return None
    text = unicodedata.normalize("NFC", s).strip()
    iso = _parse_iso(text)
    if iso is not None:
        return iso
    if re.match(r"^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            return _to_vn(parsedate_to_datetime(text))
        except (TypeError, ValueError):
            pass
    return _scan(text, 1900)


def find_date_in_text(text: str) -> datetime | None:
    """Find the first plausible date phrase in visible text (years 1990-2100).

    :return: an aware datetime in Asia/Ho_Chi_Minh, or ``None``.
    """
    if not text:
        return None
    return _scan(unicodedata.normalize("NFC", text), 1990)
