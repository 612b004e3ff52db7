"""The OpenAPI 3 description of the JSON API, served at ``GET /api/openapi.json``.

Hand-written so it states the contract of DESIGN §3 rather than whatever the code happens
to return; ``tests/web/test_api_fuzz.py`` fuzzes the app against it (schemathesis).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from archive.search.request import (
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    SORTS,
)

bp = Blueprint("openapi", __name__)

_NO_NUL = "^[^\\x00]*$"  # a NUL byte anywhere is a 400
_NULLABLE_STR: dict[str, Any] = {"type": ["string", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _query(name: str, schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description, **extra}  # fmt: skip


_FACET_VALUES = {"type": "array", "items": _ref("FacetValue")}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "minLength": 1},
            "param": {"type": "string", "description": "the query parameter at fault"},
        },
        "additionalProperties": False,
    },
    "FacetValue": {
        "type": "object",
        "required": ["value", "count"],
        "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}},
        "additionalProperties": False,
    },
    "Hit": {
        "type": "object",
        "required": [
            "id",
            "title",
            "topic",
            "province",
            "date",
            "source",
            "url",
            "author",
            "snippet",
            "score",
        ],  # fmt: skip
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "topic": _NULLABLE_STR,
            "province": _NULLABLE_STR,
            "date": {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "source": _NULLABLE_STR,
            "url": _NULLABLE_STR,
            "author": _NULLABLE_STR,
            "snippet": {
                "type": "string",
                "description": "HTML-escaped text where only <mark> is markup",
            },
            "score": {"type": "number"},
        },
        "additionalProperties": False,
    },
    "SearchResult": {
        "type": "object",
        "required": [
            "query",
            "total",
            "page",
            "per_page",
            "hits",
            "facets",
            "suggestion",
            "corrected_from",
            "notice",
            "fallback",
        ],  # fmt: skip
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "hits": {"type": "array", "maxItems": MAX_PER_PAGE, "items": _ref("Hit")},
            "facets": {
                "type": "object",
                "required": ["topic", "province", "year"],
                "properties": {
                    "topic": _FACET_VALUES,
                    "province": _FACET_VALUES,
                    "year": _FACET_VALUES,
                    "month": _FACET_VALUES,
                },
                "additionalProperties": False,
            },
            "suggestion": _NULLABLE_STR,
            "corrected_from": {
                "type": ["string", "null"],
                "description": "Set when the hits are those of a corrected query (`query`): "
                "what was typed. Search it as typed with `verbatim=1`.",
            },
            "notice": _NULLABLE_STR,
            "fallback": {"enum": [None, "any_word", "folded", "corrected"]},
        },
        "additionalProperties": False,
    },
    "Article": {
        "type": "object",
        "required": [
            "id",
            "title",
            "lead",
            "body",
            "topic",
            "province",
            "date",
            "author",
            "source",
            "url",
            "captions",
            "path",
        ],  # fmt: skip
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "lead": {"type": "string"},
            "body": {"type": "string", "description": "plain text"},
            "topic": _NULLABLE_STR,
            "province": _NULLABLE_STR,
            "date": {"type": ["string", "null"], "description": "ISO 8601 date-time"},
            "author": _NULLABLE_STR,
            "source": _NULLABLE_STR,
            "url": _NULLABLE_STR,
            "captions": {"type": "array", "items": {"type": "string"}},
            "path": _NULLABLE_STR,
        },
        "additionalProperties": False,
    },
    "Health": {
        "type": "object",
        "required": ["status", "articles", "generation"],
        "properties": {
            "status": {"const": "ok"},
            "articles": {"type": "integer", "minimum": 0},
            "generation": {"type": "string"},
        },
        "additionalProperties": False,
    },
}

_FACET_FILTER = {
    "type": "array",
    "maxItems": MAX_VALUES,
    "items": {"type": "string", "maxLength": MAX_VALUE_CHARS, "pattern": _NO_NUL},
}
# Empty values mean "unset" (a form submits every field); dates are YYYY-MM-DD.
_DATE = {"type": "string", "pattern": "^ *([0-9]{4}-[0-9]{2}-[0-9]{2})? *$"}


def _count(hi: int) -> dict[str, Any]:
    """A whole number from 1 to ``hi``, or empty (unset)."""
    return {"anyOf": [
        {"type": "integer", "minimum": 1, "maximum": hi},
        {"type": "string", "pattern": "^ *$"},
    ]}  # fmt: skip


SEARCH_PARAMETERS = [
    _query("q", {"type": "string", "maxLength": MAX_QUERY_CHARS, "pattern": _NO_NUL},
           "The query; empty browses every article the filters allow, newest first."),
    _query("topic", _FACET_FILTER, "Topics (repeated values are ORed).",
           style="form", explode=True),
    _query("province", _FACET_FILTER, "Provinces (repeated values are ORed).",
           style="form", explode=True),
    _query("verbatim", {"type": "string", "enum": ["", "0", "1", "on", "true"]},
           "Search exactly what was typed: no spelling correction."),
    _query("merged", {"type": "string", "enum": ["", "0", "1", "on", "true"]},
           "Also find the provinces merged into a chosen one in 2025."),
    _query("from", _DATE, "First day (inclusive); not after `to`."),
    _query("to", _DATE, "Last day (inclusive)."),
    _query("sort", {"type": "string", "enum": ["", *SORTS]}, "Order of the hits."),
    _query("page", _count(MAX_PAGE), "Page number (empty: 1)."),
    _query("per_page", _count(MAX_PER_PAGE), "Hits per page (empty: 10)."),
]  # fmt: skip

_ERROR_400 = _json(_ref("Error"), "A parameter is malformed or out of range (`param` names it).")
_ERROR_503 = _json(_ref("Error"), "There is no usable index yet.")

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "vnarchive",
        "version": "1",
        "description": "Search an archive of Vietnamese news articles (DESIGN §3-4).",
    },
    "paths": {
        "/api/search": {
            "get": {
                "operationId": "search",
                "summary": "Search, or browse with an empty query",
                "parameters": SEARCH_PARAMETERS,
                "responses": {
                    "200": _json(_ref("SearchResult"), "A page of hits with facets."),
                    "400": _ERROR_400,
                    "503": _ERROR_503,
                },
            }
        },
        "/api/articles/{id}": {
            "get": {
                "operationId": "article",
                "summary": "One article",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1},
                        "description": "The article id (it may be a URL, slashes included).",
                    }
                ],  # fmt: skip
                "responses": {
                    "200": _json(_ref("Article"), "The article."),
                    "400": _ERROR_400,
                    "404": _json(_ref("Error"), "No article has this id."),
                    "503": _ERROR_503,
                },
            }
        },
        "/healthz": {
            "get": {
                "operationId": "healthz",
                "summary": "Health check",
                "responses": {
                    "200": _json(_ref("Health"), "The index is open."),
                    "503": _ERROR_503,
                },
            }
        },
    },
    "components": {"schemas": SCHEMAS},
}


@bp.get("/api/openapi.json")
def openapi() -> Response:
    return jsonify(SPEC)
