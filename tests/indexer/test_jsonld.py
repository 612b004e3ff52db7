"""indexer.jsonld: article fields from JSON-LD."""

from __future__ import annotations

from indexer.jsonld import json_ld_fields


def test_twice_escaped_headline_is_unescaped() -> None:
    blob = (
        '{"@type": "NewsArticle", "headline": "Chi&amp;#7871;n s&#7921;",'
        ' "articleSection": ["A", "B"]}'
    )
    found = json_ld_fields([blob])
    assert found["headline"] == "Chiến sự"
    assert found["section"] == "A"


def test_breadcrumbs() -> None:
    blob = (
        '{"@type": "BreadcrumbList", "itemListElement": ['
        '{"item": {"@id": "https://x.vn/a/", "name": "Thể thao"}}]}'
    )
    assert json_ld_fields([blob])["breadcrumbs"] == ["Thể thao"]
