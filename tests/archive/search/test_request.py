"""SearchRequest: the one owner of the search limits and their validation."""

from __future__ import annotations

from datetime import date

import pytest

from archive import InvalidParameterError, SearchRequest
from archive.search.request import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_VALUES


def test_normalises_filters() -> None:
    req = SearchRequest("x", topic=["A", "A", " ", "B "], province="Hà Nội")
    assert req.topic == ("A", "B") and req.province == ("Hà Nội",)
    assert req == SearchRequest("x", topic=("A", "B"), province=("Hà Nội",))  # hashable, equal
    assert req.replace(page=2).page == 2 and req.page == 1


@pytest.mark.parametrize(
    ("kwargs", "param", "code"),
    [
        ({"q": "x" * (MAX_QUERY_CHARS + 1)}, "q", "too_long"),
        ({"page": 0}, "page", "range"),
        ({"page": MAX_PAGE + 1}, "page", "range"),
        ({"per_page": MAX_PER_PAGE + 1}, "per_page", "range"),
        ({"page": True}, "page", "range"),
        ({"sort": "random"}, "sort", "sort"),
        ({"topic": [str(i) for i in range(MAX_VALUES + 1)]}, "topic", "too_many"),
        ({"province": ["p" * 201]}, "province", "too_long"),
        ({"date_from": date(2024, 2, 1), "date_to": date(2024, 1, 1)}, "from", "date_order"),
        ({"date_to": "2024-01-01"}, "to", "date"),
    ],
)
def test_bad_values_name_the_parameter(kwargs: dict, param: str, code: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidParameterError) as err:
        SearchRequest(**kwargs)
    assert (err.value.param, err.value.code) == (param, code)
    assert str(err.value).startswith(param + ":")


def test_filters_report() -> None:
    req = SearchRequest(topic=["A"], date_from=date(2024, 1, 2), include_merged=True)
    assert req.filters() == {
        "topic": ["A"], "province": [], "from": "2024-01-02", "to": None,
        "sort": "relevance", "include_merged": True,
    }  # fmt: skip
    assert req.has_filters and not SearchRequest("q").has_filters
