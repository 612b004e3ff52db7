"""JSONL records → articles (``indexer.records``): what a record gives, what it must have."""

from __future__ import annotations

import pytest

from indexer.records import RecordError, record_article


def test_a_record_whose_text_is_only_invisible_characters_is_refused() -> None:
    with pytest.raises(RecordError, match="missing text"):
        record_article({"title": "Tin", "text": "\u200b\u200b \u00ad"}, "f#1")
    with pytest.raises(RecordError, match="missing title"):
        record_article({"title": "\u200b", "text": "Nội dung."}, "f#2")


def test_an_html_record_keeps_its_own_section_over_the_page_topic() -> None:
    page = (
        "<html><head><title>Giá vàng tăng</title>"
        '<meta property="article:section" content="»"></head>'
        "<body><h1>Giá vàng tăng</h1><p>Giá vàng hôm nay tăng mạnh ở Hà Nội.</p></body></html>"
    )
    a = record_article({"html": page, "section": "Kinh doanh"}, "f#3")
    assert a.title == "Giá vàng tăng" and a.topic == "Kinh doanh"
    b = record_article({"html": page}, "f#4")
    assert b.topic is None  # "»" is no section
