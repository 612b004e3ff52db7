"""indexer.province.detect_province: the thin wrapper over the gazetteer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from archive.models import VN_TZ, Article
from indexer.province import detect_province


def _article(**kw: Any) -> Article:
    return Article(id="a1", title="Tiêu đề", **kw)


def test_hint_wins_and_is_canonicalized() -> None:
    art = _article(province="TP.HCM", body="Hà Nội, 15/1 (TTXVN) - Sáng nay Hà Nội mưa.")
    assert detect_province(art) == "TP Hồ Chí Minh"


def test_dateline_in_lead() -> None:
    art = _article(lead="HẢI DƯƠNG - Sáng 15/1, mưa lớn.", body="Nội dung.")
    assert detect_province(art) == "Hải Dương"


def test_body_mentions_and_date() -> None:
    when = datetime(2024, 3, 1, 9, 0, tzinfo=VN_TZ)
    art = _article(
        lead="Du lịch Huế hút khách.", body="Khách đến Huế đông. Huế mộng mơ.", date=when
    )
    assert detect_province(art) == "Thừa Thiên Huế"
    art.date = datetime(2025, 3, 1, 9, 0, tzinfo=VN_TZ)
    assert detect_province(art) == "Huế"


def test_unclear_is_none() -> None:
    assert detect_province(_article()) is None
    art = _article(body="Hà Nội và Đà Nẵng. Hà Nội, Đà Nẵng, Cần Thơ.")
    assert detect_province(art) is None
