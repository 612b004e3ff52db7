"""indexer.datelines: the agency dateline rule shared by the plain-text and HTML parsers."""

from __future__ import annotations

import pytest

from indexer.datelines import Dateline, agency_dateline, dateline_place


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TTXVN - Tại Hội nghị, ông nói.", Dateline("TTXVN", None, 8)),
        ("VNA – Hội nghị khai mạc sáng nay.", Dateline("VNA", None, 6)),
        ("TTXVN/Vietnam+ - Sáng nay, …", Dateline("TTXVN", None, 17)),
        ("(TTXVN) Hạ Long, 20/2 - Lễ đón tàu.", Dateline("TTXVN", "Hạ Long", 24)),
        ("(Reuters) - Giá dầu tăng.", Dateline("Reuters", None, 12)),
        ("(VOV) Tại Hà Nội, sáng nay …", Dateline("VOV", None, 6)),
    ],
)
def test_agency_dateline_reads_the_strict_forms(line: str, expected: Dateline) -> None:
    assert agency_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    ["Hà Nội - Sáng nay …", "TTXVN cho biết sáng nay …", "VNAS - …", "(Ảnh: TTXVN)", ""],
)
def test_agency_dateline_needs_an_agency_tag(line: str) -> None:
    assert agency_dateline(line) is None


@pytest.mark.parametrize(
    ("para", "place"),
    [
        ("(TTXVN) Hà Nội, ngày 15/1 …", "Hà Nội"),
        ("TTXVN - Hà Nội - Sáng nay …", "Hà Nội"),
        ("Dân trí Đà Nẵng, chiều 3/4 …", "Đà Nẵng"),
        ("(Chinhphu.vn) - Cần Thơ, …", "Cần Thơ"),
        ("(TTXVN) 15/1 - Sáng nay …", None),  # a date, not a place
        ("Hà Nội, ngày 15/1 …", None),  # no agency tag
    ],
)
def test_dateline_place_reads_the_lenient_form(para: str, place: str | None) -> None:
    assert dateline_place(para) == place
