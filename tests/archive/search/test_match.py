"""Matching on a real (small) index: phrases by positions, across the two syllable fields."""

from __future__ import annotations

from archive import Archive
from tests.archive.conftest import ids


def test_phrase_needs_adjacent_syllables(arc: Archive) -> None:
    assert ids(arc, '"can bo"') == {"canbo-1"}  # "Cán cân …, Bộ Tài chính" is not adjacent
    assert {"canbo-1", "canbo-2"} <= ids(arc, "can bo")


def test_word_keeps_each_syllables_accent_rule(arc: Archive) -> None:
    # "Ha-Nội": ha folded, nội exact, adjacent — "hà nổi" has the wrong tone on the second
    found = ids(arc, "Ha-Nội")
    assert found and "noi-1" not in found
    assert found == ids(arc, "Ha Nội") & ids(arc, '"ha noi"')


def test_phrase_within_one_segment(arc: Archive) -> None:
    # the title ends "… lãnh đạo" and the body starts "Đảng": never one phrase across them
    assert "dang-1" not in ids(arc, '"lanh dao dang"')
    assert "dang-1" in ids(arc, '"dang cong san"')
