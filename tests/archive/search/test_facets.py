"""Filters and disjunctive facet counts over doc values, without an index."""

from __future__ import annotations

from datetime import date

import numpy as np

from archive import SearchRequest
from archive.search.columns import Column, Columns
from archive.search.facets import apply_filters, facet_counts

COLS = Columns(
    topic=Column.from_strings(["A", "A", "B", "", "B"]),
    province=Column.from_strings(["Hải Dương", "Hải Phòng", "Hải Dương", "Hà Nội", ""]),
    day=np.array([20240105, 20240210, 20230101, 0, 20240301], np.int32),
    live=np.ones(5, np.bool_),
)
ALL = np.arange(5, dtype=np.int32)


def _counts(req: SearchRequest) -> dict[str, list[tuple[str, int]]]:
    filters = apply_filters(COLS, ALL, req)
    return {
        k: [(v.value, v.count) for v in vs] for k, vs in facet_counts(COLS, filters, req).items()
    }


def test_each_facet_ignores_its_own_filter() -> None:
    counts = _counts(SearchRequest(topic=["A"]))
    assert counts["topic"] == [("A", 2), ("B", 2)]  # other topics stay visible
    assert counts["province"] == [("Hải Dương", 1), ("Hải Phòng", 1)]
    assert counts["year"] == [("2024", 2)]


def test_merged_provinces_and_months() -> None:
    req = SearchRequest(province=["Hải Phòng"], include_merged=True)
    passing = apply_filters(COLS, ALL, req).passing()
    assert ALL[passing].tolist() == [0, 1, 2]  # Hải Dương merged into Hải Phòng
    counts = _counts(SearchRequest(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert counts["month"] == [("2024-01", 1), ("2024-02", 1), ("2024-03", 1)]
    assert "month" not in _counts(SearchRequest())


def test_selected_value_without_hits_still_shows() -> None:
    counts = _counts(SearchRequest(topic=["Z"]))
    assert ("Z", 0) in counts["topic"]
