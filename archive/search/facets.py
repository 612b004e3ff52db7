"""Filters and disjunctive facet counts over the matched documents.

Each facet is counted over the documents that pass every filter *but its own* (DESIGN §3,
like Lucene's DrillSideways), so the other values of a filtered facet stay visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from archive import gazetteer
from archive.results import FacetValue
from archive.search.columns import Columns
from archive.search.request import SearchRequest

IntArray = npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]


def day_int(d: date | None, default: int) -> int:
    """A date as the ``yyyymmdd`` integer of the day column."""
    return d.year * 10000 + d.month * 100 + d.day if d else default


@dataclass
class Filters:
    """Which matched documents pass each filter (None: the filter is not set)."""

    docs: IntArray
    topic: BoolArray | None
    province: BoolArray | None
    date: BoolArray | None

    def passing(self, *, but: str = "") -> BoolArray:
        """Documents passing every filter except ``but``."""
        out = np.ones(self.docs.size, dtype=np.bool_)
        for name in ("topic", "province", "date"):
            mask = getattr(self, name)
            if mask is not None and name != but:
                out &= mask
        return out


def apply_filters(cols: Columns, docs: IntArray, req: SearchRequest) -> Filters:
    """Evaluate the request's filters on the matched documents."""
    provinces = list(req.province)
    if req.include_merged and provinces:
        provinces = sorted(gazetteer.merged_family(provinces))
    m_date = None
    if req.date_from or req.date_to:
        days = cols.day[docs]
        lo, hi = day_int(req.date_from, 0), day_int(req.date_to, 99999999)
        m_date = (days >= lo) & (days <= hi)
    return Filters(
        docs,
        cols.topic.mask(req.topic, docs) if req.topic else None,
        cols.province.mask(provinces, docs) if provinces else None,
        m_date,
    )


def facet_counts(
    cols: Columns, filters: Filters, req: SearchRequest
) -> dict[str, list[FacetValue]]:
    """Count topic, province and year (and month once one year is chosen)."""
    docs = filters.docs
    days = cols.day[docs]
    facets = {
        "topic": facet_values(
            cols.topic.counts(docs[filters.passing(but="topic")]), list(req.topic)
        ),
        "province": facet_values(
            cols.province.counts(docs[filters.passing(but="province")]), list(req.province)
        ),
        "year": [FacetValue(v, c) for v, c in year_counts(days[filters.passing(but="date")])],
    }
    if req.date_from and req.date_to and req.date_from.year == req.date_to.year:
        year_lo = req.date_from.year * 10000
        in_year = (days >= year_lo) & (days <= year_lo + 9999)
        facets["month"] = [
            FacetValue(v, c) for v, c in month_counts(days[filters.passing(but="date") & in_year])
        ]
    return facets


def facet_values(pairs: list[tuple[str, int]], selected: list[str]) -> list[FacetValue]:
    """Turn counted pairs into facet values; a selected value with no hits still shows (0)."""
    seen = {v for v, _ in pairs}
    out = [FacetValue(v, c, v in selected) for v, c in pairs]
    out.extend(FacetValue(v, 0, True) for v in selected if v not in seen)
    return out


def year_counts(days: IntArray) -> list[tuple[str, int]]:
    """Return ``(year, count)`` in year order for the days given (undated documents skipped).

    >>> year_counts(np.array([20240105, 0, 20231231, 20240606], np.int32))
    [('2023', 1), ('2024', 2)]
    """
    years = days[days > 0] // 10000
    if years.size == 0:
        return []
    uniq, counts = np.unique(years, return_counts=True)
    return [(str(int(y)), int(c)) for y, c in zip(uniq, counts, strict=True)]


def month_counts(days: IntArray) -> list[tuple[str, int]]:
    """Return ``(YYYY-MM, count)`` in month order."""
    months = days[days > 0] // 100
    if months.size == 0:
        return []
    uniq, counts = np.unique(months, return_counts=True)
    return [
        (f"{int(m) // 100:04d}-{int(m) % 100:02d}", int(c))
        for m, c in zip(uniq, counts, strict=True)
    ]
