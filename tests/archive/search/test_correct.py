"""Shown corrections: which slip is likelier, phrase evidence, and the archive's own typos.

Each archive here is small and built for one rule of :mod:`archive.search.correct`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from archive import Archive, ArchiveWriter, Article
from archive.models import VN_TZ
from archive.search.spelling import channel_cost


def _d(i: int) -> datetime:
    return datetime(2024, 1 + i % 12, 1 + i % 28, 8, 0, tzinfo=VN_TZ)


def _open(root: Path, articles: list[Article]) -> Archive:
    with ArchiveWriter(root, full=True) as w:
        for a in articles:
            w.add(a, content_hash="1", src="correct")
    return Archive.open(root)


FILLER = [
    Article(f"f-{i}", f"Bản tin buổi sáng số {i}", "Tin tổng hợp.",
            "Thời tiết nắng nhẹ, giao thông thông suốt, học sinh đến trường.", "Thời sự",
            None, _d(i))
    for i in range(10)
]  # fmt: skip


def test_a_letter_left_out_is_likelier_than_a_wrong_one() -> None:
    # "gim" is "giam" with a letter left out, or "gia" with a wrong last letter
    assert channel_cost("gim", "giam") < channel_cost("gim", "gia")
    assert channel_cost("thoi", "tohi") == channel_cost("gim", "giam") == 0.0  # swap, omission
    # a wrong letter costs less when its key is next to the right one (d is beside c)
    assert channel_cost("dan", "can") < channel_cost("pan", "can")
    # an extra letter typed: less when it doubles or neighbours its letters
    assert channel_cost("giaam", "giam") < channel_cost("giapm", "giam")


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    # "chính hãng giá" is a phrase of a few more articles than "chính hãng giảm"
    arts = [
        Article(f"giam-{i}", f"Điện thoại chính hãng giảm sâu đợt {i}", "", "Máy mới về.",
                "Công nghệ", None, _d(i))
        for i in range(4)
    ] + [
        Article(f"gia-{i}", f"Điện thoại chính hãng giá tốt đợt {i}", "", "Máy mới về.",
                "Công nghệ", None, _d(i))
        for i in range(6)
    ]  # fmt: skip
    with _open(tmp_path_factory.mktemp("shops") / "index", arts + FILLER) as arc:
        yield arc


def test_a_close_phrase_count_goes_to_the_likelier_slip(shops: Archive) -> None:
    # a wrong letter that happens to be typed is far rarer than a letter left out
    res = shops.search("chinh hang gim")
    assert res.corrected_from == "chinh hang gim"
    assert res.query.lower() == "chính hãng giảm"
    assert {h.id for h in res.hits} == {f"giam-{i}" for i in range(4)}


def _vaccine_archive(root: Path, phrase_articles: int) -> Archive:
    """``phrase_articles`` bodies say "tiêm vắc xin" (two leads say "vắc xin"); "sin" is a
    known word elsewhere, never beside "vắc"; no headline holds the phrase."""
    arts = [
        Article(f"vx-{i}", f"Phường {i} mở điểm mới", "Người dân đi tiêm vắc xin." if i < 2 else "",
                f"Sáng nay người dân phường {i} xếp hàng để tiêm vắc xin mũi nhắc lại.",
                "Y tế", None, _d(i))
        for i in range(phrase_articles)
    ] + [
        Article(f"math-{i}", f"Bài toán lượng giác số {i}", "", "Tính sin và cos của góc.",
                "Giáo dục", None, _d(i))
        for i in range(3)
    ]  # fmt: skip
    return _open(root, arts + FILLER)


def test_a_phrase_many_articles_hold_corrects_known_words(tmp_path: Path) -> None:
    # every typed word is known, and the headlines alone do not make "xin" likelier than
    # "sin"; but "tiem vac sin" is in no article while "tiêm vắc xin" is in twelve
    with _vaccine_archive(tmp_path / "many", 12) as arc:
        res = arc.search("tiem vac sin")
        assert res.corrected_from == "tiem vac sin" and res.total == 12
        assert all(h.id.startswith("vx-") for h in res.hits)


def test_a_phrase_of_few_articles_does_not(tmp_path: Path) -> None:
    with _vaccine_archive(tmp_path / "few", 4) as arc:
        res = arc.search("tiem vac sin")
        assert res.corrected_from is None and res.query == "tiem vac sin"


@pytest.fixture(scope="module")
def slips(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    arts = [
        Article(f"ruou-{i}", f"Trẻ {i} tuổi biết uống rượu", "",
                "Phụ huynh lo lắng khi trẻ biết uống rượu.", "Đời sống", None, _d(i))
        for i in range(3)
    ] + [
        # the archive's own slip: "beit" once, in a headline
        Article("slip", "Ai beit uống rượu thì vào", "", "Nội dung.", "Đời sống", None, _d(5)),
        # a rare name that is no slip: its one-edit neighbour "kiem" makes no phrase here
        Article("kiet", "Ông Kiet về quê ăn Tết", "", "Ông Kiet về quê sau 20 năm.", "Đời sống",
                None, _d(6)),
    ] + [
        Article(f"tk-{i}", f"Cách tiết kiệm điện mùa hè {i}", "", "Tiết kiệm là quốc sách.",
                "Kinh tế", None, _d(i))
        for i in range(4)
    ]  # fmt: skip
    with _open(tmp_path_factory.mktemp("slips") / "index", arts + FILLER) as arc:
        yield arc


def test_a_word_of_one_article_gives_way_to_a_phrase(slips: Archive) -> None:
    res = slips.search("beit uong ruou")
    assert res.corrected_from == "beit uong ruou"
    assert {h.id for h in res.hits} >= {f"ruou-{i}" for i in range(3)}


def test_a_rare_word_with_no_phrase_variant_is_kept(slips: Archive) -> None:
    res = slips.search("kiet ve que")
    assert res.corrected_from is None
    assert [h.id for h in res.hits] == ["kiet"]
