"""Both engines give the same answers: ids in order, totals, facets, notices, scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Archive

QUERIES = [
    "",
    "dang",
    "Đảng",
    "đang -tôi",
    '"hải dương"',
    '"hai duong"',
    "hai duong phat trien",
    "Hải duong",
    "TP.HCM",
    "thanh pho ho chi minh",
    "thuy dien hoa binh",
    "Thuỷ điện Hoà Bình",
    "26-NQ/TW",
    "cán bộ",
    "dảng",
    "khong co tu nao nhu vay",
]


@pytest.fixture(scope="module")
def both(index_dir: Path, pg_index: str) -> tuple[Archive, Archive]:
    return Archive.open(index_dir), Archive.open(pg_index)


@pytest.mark.parametrize("query", QUERIES)
def test_same_results_on_whoosh_and_postgresql(both: tuple[Archive, Archive], query: str) -> None:
    whoosh, pg = (a.search(query, per_page=50).to_dict() for a in both)
    for d in (whoosh, pg):
        for h in d["hits"]:
            h["score"] = round(h["score"], 3)
    assert [h["id"] for h in pg["hits"]] == [h["id"] for h in whoosh["hits"]]
    assert pg == whoosh


def test_postgresql_matches_same_field_phrases_with_followed_by(pg_index: str) -> None:
    with Archive.open(pg_index) as arc:
        postings = arc._live.current.postings
        docs = postings.phrase_docs([("text_f", "hai"), ("text_f", "duong")])
        assert docs is not None and docs.size > 0
        assert postings.phrase_docs([("text", "hải"), ("text_f", "duong")]) is None
