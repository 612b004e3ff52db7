"""Vietnamese and ISO date parsing (DESIGN §6): day-first, Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import datetime

import pytest

from archive.models import VN_TZ
from indexer.dates import find_date_in_text, parse_date


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ Hai, 15/1/2024, 10:30 (GMT+7)", vn(2024, 1, 15, 10, 30)),
        ("Thứ Ba, 20/02/2024 - 09:15", vn(2024, 2, 20, 9, 15)),
        ("ngày 19 tháng 5 năm 2018", vn(2018, 5, 19)),
        ("20/03/2019", vn(2019, 3, 20)),
        ("20-03-2019 08:00", vn(2019, 3, 20, 8, 0)),
        ("15/01/2024 10:30 GMT+7", vn(2024, 1, 15, 10, 30)),
        ("15/01/2024 10:30 GMT+0", vn(2024, 1, 15, 17, 30)),
        ("10:30 15/01/2024", vn(2024, 1, 15, 10, 30)),
        ("Chủ nhật, 15/01/2024 07:05 PM (GMT+7)", vn(2024, 1, 15, 19, 5)),
        ("2024-01-15T10:30:00+07:00", vn(2024, 1, 15, 10, 30)),
        ("2024-01-15T03:30:00Z", vn(2024, 1, 15, 10, 30)),
        ("2024-01-15T10:30:00+0700", vn(2024, 1, 15, 10, 30)),
        ("2024-01-15 10:30:00", vn(2024, 1, 15, 10, 30)),
        ("2024-01-15", vn(2024, 1, 15)),
        ("Mon, 15 Jan 2024 03:30:00 GMT", vn(2024, 1, 15, 10, 30)),
    ],
)
def test_parse_date(text: str, expected: datetime) -> None:
    got = parse_date(text)
    assert got == expected
    assert got is not None and got.tzinfo is not None
    assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["", "không có ngày", "31/02/2024", "15/13/2024", "12/15"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_naive_iso_is_vietnam_time() -> None:
    got = parse_date("2024-02-20T09:15:00")
    assert got is not None and got.isoformat() == "2024-02-20T09:15:00+07:00"


def test_find_date_in_text_skips_implausible() -> None:
    text = (
        "Hoàn thành 13/15 chỉ tiêu, tăng 8,11%. Số liệu 31/02/2024 và 01/03/1980 bị loại; "
        "họp 05/06/2023 09:00."
    )
    assert find_date_in_text(text) == vn(2023, 6, 5, 9, 0)


def test_find_date_in_text_takes_first() -> None:
    text = "(TTXVN) Bến Tre, ngày 20 tháng 3 năm 2024 - sau đó, ngày 21/03/2024 ..."
    assert find_date_in_text(text) == vn(2024, 3, 20)
    assert find_date_in_text("không có ngày tháng nào") is None
