"""indexer.topics: section names normalised, generic words refused, top level picked."""

from __future__ import annotations

from indexer.topics import is_generic_topic, normalize_topic, pick_section


def test_normalize_topic_slugs_and_capitals() -> None:
    assert normalize_topic("THỜI SỰ") == "Thời sự"
    assert normalize_topic("bong-da") == "Bóng đá"


def test_generic_words_are_not_sections() -> None:
    for word in ("News", "Tin nóng", "Video", "Multimedia", "Trang chủ", " XEM NHIỀU NHẤT "):
        assert is_generic_topic(word), word
    assert not is_generic_topic("Kinh doanh")


def test_pick_section_top_level() -> None:
    assert pick_section("Kinh doanh, Tài chính", []) == "Kinh doanh"
    assert pick_section("Multimedia,Y tế,Video,Xã hội", []) == "Y tế"
    assert pick_section("Video", []) is None
    assert pick_section("Quy hoạch,Địa ốc", ["Địa ốc", "Pháp luật"]) == "Địa ốc"
