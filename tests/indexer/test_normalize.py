"""indexer.normalize: the one chain that finishes every parser's raw fields."""

from __future__ import annotations

from archive.models import Article
from indexer.normalize import finish


def _raw(**fields: object) -> Article:
    base: dict[str, object] = {
        "id": "",
        "title": "  Tiêu đề\n thử ",
        "lead": "HẢI PHÒNG - Thành phố khởi công cây cầu mới.",
        "body": "Cây cầu dài hai cây số.",
        "topic": "THỜI SỰ",
        "province": None,
        "date": None,
        "author": "Theo  Minh An",
        "source": "TUOI TRE ONLINE",
        "url": None,
    }
    base.update(fields)
    return Article(**base)  # type: ignore[arg-type]


def test_finish_normalises_every_field() -> None:
    a = finish(_raw())
    assert a.title == "Tiêu đề thử"
    assert a.topic == "Thời sự"
    assert a.author == "Minh An"
    assert a.source == "Tuổi Trẻ"
    assert a.province == "Hải Phòng"  # from the dateline of the article's own text


def test_finish_takes_a_raw_hint_and_honours_an_explicit_none() -> None:
    assert finish(_raw(province="TP.HCM")).province == "TP Hồ Chí Minh"
    assert finish(_raw(), detect_province=False).province is None
