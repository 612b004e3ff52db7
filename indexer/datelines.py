"""Agency datelines that open a paragraph: "(TTXVN) Hà Nội, 15/1 - …", "VNA – …".

The one home of the dateline rule for the indexer's parsers; the agency names come from
:data:`indexer.brands.DATELINE_AGENCIES`.  It has two readings, for two uses:

* :func:`agency_dateline` (plain text): the strict form, tried on every paragraph, whose
  tag is cut off the text — the agency right before a dash ("VNA - …"), or in
  parentheses, with a place only when a date and a dash follow ("(TTXVN) Hạ Long, 20/2 -");
* :func:`dateline_place` (HTML): the place after an agency tag opening the body's first
  paragraph, parentheses and dash optional ("TTXVN Hà Nội -"); nothing is cut.

:mod:`archive.gazetteer` (which imports nothing of the indexer) keeps its own reading of
an article's opening: it looks for a province after *any* short tag, so it needs no
agency list.

>>> agency_dateline("(TTXVN) Hạ Long, 20/2 - Lễ đón tàu diễn ra sáng nay.")
Dateline(agency='TTXVN', place='Hạ Long', end=24)
>>> dateline_place("(TTXVN) Hà Nội, ngày 15/1")
'Hà Nội'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.brands import DATELINE_AGENCIES

__all__ = ["Dateline", "agency_dateline", "dateline_place"]

# An agency as printed, with a partner after a slash ("TTXVN/Vietnam+").
_AGENCY = "(?:" + "|".join(re.escape(a) for a in DATELINE_AGENCIES) + r")(?:/[\w+ .]+)?"
# "TTXVN - Tại …", "VNA – …"
_DASH_RE = re.compile(rf"^(?P<src>{_AGENCY})\s*[-–—]\s+")
# "(TTXVN) Hà Nội, 15/1 - …", "(TTXVN) - …", "(TTXVN) Tại …"
_PAREN_RE = re.compile(
    rf"^\((?P<src>{_AGENCY})\)\s*(?:[-–—]\s*)?"
    r"(?:(?P<place>[A-ZĐÂĂÊÔƠƯ][^,.\-–—]{1,30}?)\s*,[^-–—]{0,40}?[-–—]\s+)?"
)
# "(TTXVN) Hà Nội, …", "TTXVN - Hà Nội -", "Dân trí Hà Nội,"
_OPENING_RE = re.compile(
    rf"^\(?{_AGENCY}\)?\s*(?:[-–]\s*)?(?P<place>[A-ZĐÂ][^,.\-–]{{1,30}}?)\s*[,\-–]"
)


@dataclass(frozen=True)
class Dateline:
    """An agency dateline at the start of a paragraph."""

    agency: str
    """The agency as printed, without a partner ("TTXVN" of "TTXVN/Vietnam+")."""
    place: str | None
    """The place named after the tag, as printed, or ``None``."""
    end: int
    """Where the paragraph's own text starts."""


def agency_dateline(line: str) -> Dateline | None:
    """Return the strict agency dateline opening *line* (see the module docstring)."""
    match = _DASH_RE.match(line) or _PAREN_RE.match(line)
    if match is None:
        return None
    place = match.group("place") if match.re is _PAREN_RE else None
    return Dateline(match.group("src").split("/")[0], place or None, match.end())


def dateline_place(para: str) -> str | None:
    """Return the place named after an agency tag opening *para*; ``None`` when there is
    none or it holds a digit (a date, not a place)."""
    match = _OPENING_RE.match(para)
    place = match.group("place").strip() if match else ""
    return place if place and not any(ch.isdigit() for ch in place) else None
