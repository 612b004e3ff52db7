"""The URL builder and the URL ⇄ SearchRequest conversion, without an index (pure functions)."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from archive import SearchRequest
from web import urls
from web.search import page_window
from web.state import BadParam, from_args, pairs


def _pairs(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def test_canonical_order(app: Flask) -> None:
    state = SearchRequest(
        q="hai duong", topic=("A", "B"), province=("P",), include_merged=True,
        date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), sort="newest", page=3,
    )  # fmt: skip
    with app.test_request_context():
        url = urls.search(state)
    assert url.startswith("/?")
    assert [k for k, _ in _pairs(url)] == [
        "q", "topic", "topic", "province", "merged", "from", "to", "sort", "page"
    ]  # fmt: skip


def test_defaults_are_left_out(app: Flask) -> None:
    with app.test_request_context():
        assert urls.search(SearchRequest()) == "/"
        assert urls.search(SearchRequest(q="x", sort="relevance", page=1)) == "/?q=x"


def test_toggle_adds_and_removes_and_resets_page(app: Flask) -> None:
    state = SearchRequest(q="x", topic=("A",), page=4)
    with app.test_request_context():
        added = _pairs(urls.toggle(state, "topic", "B"))
        removed = _pairs(urls.toggle(state, "topic", "A"))
        prov = _pairs(urls.toggle(state, "province", "Hà Nội"))
    assert added == [("q", "x"), ("topic", "A"), ("topic", "B")]
    assert removed == [("q", "x")]
    assert prov == [("q", "x"), ("topic", "A"), ("province", "Hà Nội")]


def test_year_and_month_links(app: Flask) -> None:
    with app.test_request_context():
        y = _pairs(urls.year(SearchRequest(), 2024))
        assert y == [("from", "2024-01-01"), ("to", "2024-12-31")]
        chosen = SearchRequest(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
        assert urls.year(chosen, 2024) == "/"  # clicking the chosen year removes it
        assert _pairs(urls.month(chosen, 2024, 2)) == [("from", "2024-02-01"), ("to", "2024-02-29")]
        feb = SearchRequest(date_from=date(2024, 2, 1), date_to=date(2024, 2, 29))
        assert _pairs(urls.month(feb, 2024, 2)) == [("from", "2024-01-01"), ("to", "2024-12-31")]


def test_format_urls_drop_the_page(app: Flask) -> None:
    with app.test_request_context():
        url = urls.search(SearchRequest(q="x", page=3, sort="oldest"), "csv")
        assert _pairs(url) == [("q", "x"), ("sort", "oldest"), ("format", "csv")]
        assert _pairs(urls.search(SearchRequest(q="x", page=3), "atom")) == [
            ("q", "x"), ("format", "atom")
        ]  # fmt: skip


def test_article_url_keeps_slashes_and_escapes_the_rest(app: Flask) -> None:
    with app.test_request_context():
        assert urls.article("a/b c?d#e", "hà") == "/articles/a/b%20c%3Fd%23e?hl=h%C3%A0"
        assert urls.article("https://x.vn/a") == "/articles/https://x.vn/a"


def test_state_round_trip() -> None:
    args = MultiDict(
        [("q", " hai "), ("topic", "A"), ("topic", "A"), ("topic", ""), ("province", "P"),
         ("merged", "1"), ("from", "2024-01-01"), ("to", ""), ("sort", "oldest"), ("page", "2")]
    )  # fmt: skip
    state = from_args(args)
    assert state.q == "hai" and state.topic == ("A",) and state.province == ("P",)
    assert state.include_merged and state.date_from == date(2024, 1, 1) and state.date_to is None
    assert from_args(MultiDict(pairs(state))) == state


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("sort", "random"), ("page", "0"), ("page", "-1"), ("page", "1000000000"), ("page", "x"),
        ("page", "١"), ("per_page", "1000000"), ("per_page", "0"), ("from", "2024-13-01"),
        ("to", "20240101"), ("from", "yesterday"), ("q", "a\x00b"), ("q", "x" * 501),
        ("merged", "maybe"), ("topic", "t" * 201),
    ],
)  # fmt: skip
def test_bad_values(key: str, value: str) -> None:
    with pytest.raises(BadParam) as info:
        from_args(MultiDict([(key, value)]))
    assert info.value.param == key
    assert info.value.message


def test_dates_in_wrong_order() -> None:
    with pytest.raises(BadParam):
        from_args(MultiDict([("from", "2024-02-01"), ("to", "2024-01-01")]))


def test_page_window() -> None:
    assert page_window(1, 1) == [1]
    assert page_window(1, 3) == [1, 2, 3]
    assert page_window(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert page_window(20, 20) == [1, None, 18, 19, 20]


def test_bulk_toggles_equal_single_toggles(app: Flask) -> None:
    values = ["A", "B", "Hà Nội", "x&y=z", "P"]
    states = [
        SearchRequest(),
        SearchRequest(
            q="q", topic=("A",), province=("P",), include_merged=True, sort="oldest", page=3
        ),
        SearchRequest(province=("Hà Nội", "P"), date_from=date(2024, 1, 1), per_page=20),
    ]
    with app.test_request_context():
        for state in states:
            for facet in ("topic", "province"):
                bulk = urls.toggles(state, facet, values)
                assert bulk == {v: urls.toggle(state, facet, v) for v in values}
