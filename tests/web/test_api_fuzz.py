"""Fuzz the JSON API against its OpenAPI description (schemathesis, through WSGI).

Every generated request — valid and invalid parameters, any Unicode, any article id —
must answer without a 5xx and with a status, content type and body the description allows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from web.openapi import SPEC

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


# The description the app serves (test_openapi_is_served checks they are the same); loaded
# from the dict because schemathesis' fixture-based loader does not run under pytest 9.
schema = schemathesis.openapi.from_dict(SPEC)


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_openapi(case: Any, app: Flask) -> None:
    case.call_and_validate(app=app, checks=CHECKS)


def test_openapi_is_served(client: FlaskClient) -> None:
    r = client.get("/api/openapi.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.json == SPEC
    assert set(r.json["paths"]) == {"/api/search", "/api/articles/{id}", "/healthz"}


KEYS = ["q", "topic", "province", "merged", "from", "to", "sort", "page", "per_page", "format"]
pairs = st.lists(
    st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=5)), st.text(max_size=40)),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pairs=pairs,
    fmt=st.sampled_from(["", "html", "csv", "atom"]),
    article_id=st.text(min_size=1, max_size=40),
)
def test_pages_never_fail(
    app: Flask, pairs: list[tuple[str, str]], fmt: str, article_id: str
) -> None:
    """The HTML pages, CSV and Atom answer any query string without a 5xx."""
    qs = [*pairs, ("format", fmt)] if fmt else pairs
    client = app.test_client()
    r = client.get("/", query_string=qs)
    assert r.status_code in (200, 400), (qs, r.status_code)
    if r.status_code == 200:
        r.get_data()  # the CSV is streamed: consume it
    r = client.get("/articles/" + quote(article_id, safe=""), query_string=pairs)
    assert r.status_code in (200, 400, 404), (article_id, r.status_code)
