"""Datelines that open an article's first paragraph ("(TTXVN) Hà Nội, …")."""

from __future__ import annotations

import re

_DATELINE_RE = re.compile(
    r"^\(?(?:TTXVN|VNA|Dân trí|PLO|VOV|TTO|NLĐO|Chinhphu\.vn)(?:/[\w+ .]+)?\)?\s*"
    r"(?:[-–]\s*)?(?P<place>[A-ZĐÂ][^,.\-–]{1,30}?)\s*[,\-–]"
)
