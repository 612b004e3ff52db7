"""Fuzz the JSON API against its OpenAPI description (schemathesis, through WSGI).

Every generated request — valid and invalid parameters, any Unicode, any article id —
must answer without a 5xx and with a status, content type and body the description allows.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
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
