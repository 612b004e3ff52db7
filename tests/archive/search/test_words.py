"""Words, not syllables: units learned from the archive, accent intent, shown corrections.

A small archive where "giá vàng", "bóng đá" and "Hà Nội" are words (side by side in many
headlines) while their syllables also stand apart elsewhere — in *newer* articles, so that
a date-sorted list of loose matches would show the noise first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from archive import Archive, ArchiveWriter, Article
from archive.models import VN_TZ
from archive.search.parse import parse_query
from archive.search.units import find_units


def _d(y: int, m: int, d: int = 1) -> datetime:
    return datetime(y, m, d, 8, 0, tzinfo=VN_TZ)


GOLD = [
    Article(f"gold-{i}", f"Giá vàng hôm nay {i}/1 tăng mạnh", "Giá vàng trong nước biến động.",
            f"Sáng nay giá vàng miếng tăng {i}00 nghìn đồng. Chuyên gia dự báo giá vàng còn tăng.",
            "Kinh tế", "Hà Nội", _d(2024, 1, i + 1))
    for i in range(8)
]  # fmt: skip
NOISE = [  # giá/già and vàng/vắng, never side by side — and newer
    Article(f"noise-{i}", f"Người già sống vui khi con cháu vắng nhà {i}",
            "Ông bà già ở quê một mình.",
            f"Giá thuê nhà tăng. Lá vàng rơi ngoài sân, căn nhà vắng lặng lần {i}.",
            "Đời sống", "Nam Định", _d(2025, 6, i + 1))
    for i in range(6)
]  # fmt: skip
FOOTBALL = [
    Article(f"ball-{i}", f"Bóng đá Việt Nam thắng trận {i}", "Đội tuyển bóng đá đã thắng.",
            "Người hâm mộ bóng đá đã ăn mừng. Đội đã chơi hay và đã thắng.",
            "Thể thao", "Hà Nội", _d(2024, 3, i + 1))
    for i in range(7)
] + [
    Article("ball-odd", "Quả bóng đa sắc màu cho trẻ", "", "Đồ chơi quả bóng đa sắc màu.",
            "Đời sống", None, _d(2024, 4, 1)),
]  # fmt: skip
CITY = [
    Article(f"hn-{i}", f"Hà Nội mở thêm tuyến xe buýt số {i}", "Người dân Hà Nội vui mừng.",
            "Thành phố Hà Nội cho biết tuyến mới chạy từ tháng sau.", "Giao thông", "Hà Nội",
            _d(2024, 5, i + 1))
    for i in range(7)
] + [
    Article("hn-covid", "Hà Nội kiểm soát covid", "", "Hà Nội ghi nhận ca covid mới.",
            "Y tế", "Hà Nội", _d(2021, 5, 1)),
    Article("hcm-covid", "TP Hồ Chí Minh và covid", "", "Ca covid giảm; người nội trợ vui.",
            "Y tế", "TP Hồ Chí Minh", _d(2021, 6, 1)),
]  # fmt: skip
FILLER = [
    Article(f"f-{i}", f"Tin tức tổng hợp số {i}", "Bản tin buổi sáng.",
            "Thời tiết hôm nay nắng nhẹ, giao thông thông suốt, học sinh đến trường. " * 3,
            "Thời sự", None, _d(2023, 1 + i % 12, 1))
    for i in range(12)
] + [
    Article("ring", "Đường vành đai mới", "", "Đường vành đai thông xe.", "Giao thông", None,
            _d(2023, 2, 2)),
]  # fmt: skip
ARTICLES = GOLD + NOISE + FOOTBALL + CITY + FILLER


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    root: Path = tmp_path_factory.mktemp("words") / "index"
    with ArchiveWriter(root, full=True) as w:
        for a in ARTICLES:
            w.add(a, content_hash="1", src="words")
    with Archive.open(root) as archive:
        yield archive


def _units(arc: Archive, q: str) -> list[str]:
    parsed = find_units(arc._live.current, parse_query(q))
    return [" ".join(c.folded) for c in parsed.include]


def test_units_are_learned_from_the_archive(arc: Archive) -> None:
    assert _units(arc, "gia vang") == ["gia vang"]
    assert _units(arc, "ha noi covid") == ["ha noi", "covid"]  # unrelated words stay apart
    assert _units(arc, "vang gia") == ["vang", "gia"]  # never side by side in that order
    assert _units(arc, "gia -x vang") == ["gia", "vang"]  # not typed side by side


def test_every_sort_and_facet_counts_only_the_word(arc: Archive) -> None:
    gold = {a.id for a in GOLD}
    for sort in ("newest", "relevance", "oldest"):
        res = arc.search("gia vang", sort=sort, per_page=20)
        assert {h.id for h in res.hits} == gold, sort
        assert res.total == len(gold)
    facets = arc.search("gia vang").facets
    assert [(v.value, v.count) for v in facets["topic"]] == [("Kinh tế", len(GOLD))]
    # quoted phrases and exclusions keep their meaning
    assert arc.search('"gia" "vang"').total == len(GOLD) + len(NOISE)
    # the word excluded everywhere: the syllables anywhere are what is left
    assert {h.id for h in arc.search("gia vang -mieng").hits} <= {a.id for a in NOISE}


def test_no_unit_match_falls_back_to_syllables_anywhere(arc: Archive) -> None:
    res = arc.search("vang gia")  # never side by side in that order: syllables anywhere
    assert res.total == len(GOLD) + len(NOISE) and res.fallback is None


def test_dominant_reading_ranks_highlights_and_snippets(arc: Archive) -> None:
    res = arc.search("bong da")
    assert res.hits[0].id.startswith("ball-") and res.hits[0].id != "ball-odd"
    assert res.hits[-1].id == "ball-odd"  # the other reading last
    snippet = res.hits[0].snippet
    assert "<mark>bóng đá</mark>" in snippet.lower() or "<mark>Bóng đá</mark>" in snippet
    assert "<mark>đã</mark>" not in snippet  # a lone syllable of another word: never marked
    assert "<mark>bóng đa</mark>" not in arc.search("bong da", per_page=20).hits[-1].snippet


def test_partly_accented_query_gets_the_full_reading(arc: Archive) -> None:
    res = arc.search("bóng đa")  # tone forgotten on one word: as typed, one article
    assert [h.id for h in res.hits] == ["ball-odd"]
    assert res.suggestion == "Bóng đá"
    assert arc.search("ha nôi").suggestion == "Hà Nội"


def test_typo_shows_the_corrected_results_with_a_way_back(arc: Archive) -> None:
    res = arc.search("gia vamg")
    assert res.corrected_from == "gia vamg" and res.query == "Giá vàng"
    assert {h.id for h in res.hits} == {a.id for a in GOLD}
    assert res.notice and "Giá vàng" in res.notice
    typed = arc.search("gia vamg", verbatim=True)
    assert typed.corrected_from is None and typed.query == "gia vamg"


def test_known_word_out_of_place_is_corrected_from_context(arc: Archive) -> None:
    # "vanh" (vành) is a word of the archive, but never after "gia" in a headline; one edit
    # away, "vang" is far more common and makes the whole query a known phrase
    res = arc.search("gia vanh hom nay")
    assert res.corrected_from == "gia vanh hom nay" and res.query == "Giá vàng hôm nay"
    assert {h.id for h in res.hits} <= {a.id for a in GOLD} and res.hits
    # unrelated known words are never "corrected"
    assert arc.search("vanh dai covid").corrected_from is None


def test_run_together_words_are_split(arc: Archive) -> None:
    assert _units(arc, "giavang") == ["gia vang"]
    assert _units(arc, "hanoi") == ["ha noi"]
    assert {h.id for h in arc.search("hanoi", per_page=20).hits} == {a.id for a in CITY}
    assert _units(arc, "tphcm") == ["tphcm"]  # a synonym, not a split
