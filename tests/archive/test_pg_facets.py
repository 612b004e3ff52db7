"""Facets counted by ``GROUP BY`` in the database equal those counted from the columns."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from archive import Archive
from archive.pg import facets as pg_facets
from archive.pg import snapshot
from archive.search import facets
from archive.search.parse import parse_query
from archive.search.pipeline import understand
from archive.search.request import SearchRequest

REQUESTS: list[dict[str, Any]] = [
    {},
    {"q": "dang"},
    {"q": "dang", "topic": ["Xây dựng Đảng"]},
    {"topic": ["Xây dựng Đảng", "Giáo dục"]},
    {"topic": ["Không có"]},
    {"province": ["Hà Nội"]},
    {"province": ["Hải Phòng"], "include_merged": True},
    {"province": ["Hà Nội"], "topic": ["Kinh tế"]},
    {"date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)},
    {"date_from": date(2024, 2, 20), "date_to": date(2024, 2, 22), "province": ["Hà Nội"]},
    {"date_to": date(2021, 12, 31)},
    {"date_from": date(2022, 1, 1), "topic": ["Xây dựng Đảng"]},
    {"q": "hai duong", "date_from": date(2020, 1, 1), "date_to": date(2020, 12, 31)},
    {"q": "khong co tu nao nhu vay", "topic": ["Giáo dục"]},
]


def _dicts(counts: dict[str, Any]) -> dict[str, Any]:
    return {k: [v.to_dict() for v in vals] for k, vals in counts.items()}


@pytest.mark.parametrize("kw", REQUESTS)
def test_sql_facets_equal_column_facets(pg_index: str, kw: dict[str, Any]) -> None:
    with Archive.open(pg_index) as arc:
        snap = arc._live.current
        req = SearchRequest(**kw)
        matched = understand(snap, parse_query(req.q)).matched
        filters = facets.apply_filters(snap.columns, matched.docs, req)
        in_sql = pg_facets.facet_counts(snap.pool, snap.name, filters, req)
        assert _dicts(in_sql) == _dicts(facets.facet_counts(snap.columns, filters, req))
        assert list(in_sql) == list(facets.facet_counts(snap.columns, filters, req))


@pytest.mark.parametrize("kw", REQUESTS)
def test_sql_facets_give_whoosh_results(
    index_dir: Path, pg_index: str, kw: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "SQL_FACETS_FROM", 0)  # every archive counts in SQL
    with Archive.open(index_dir) as whoosh, Archive.open(pg_index) as pg:
        req = SearchRequest(per_page=50, **kw)
        a, b = (arc.run(req).to_dict() for arc in (whoosh, pg))
    for d in (a, b):
        for h in d["hits"]:
            h["score"] = round(h["score"], 3)
    assert b == a
