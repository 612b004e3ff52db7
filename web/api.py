"""The JSON API for programs: ``/api/search``, ``/api/articles/<id>``, ``/healthz``.

Search JSON is ``SearchResult.to_dict()``: the same document ``vnarchive search --json``
prints.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from web import observe
from web import strings as S
from web.db import get_archive
from web.errors import error_response
from web.state import from_args

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search() -> Response:
    res = get_archive().run(from_args(request.args))
    observe.record_search(res)
    return jsonify(res.to_dict())


@bp.get("/api/articles/<path:article_id>")
def article(article_id: str) -> Response | tuple[Response | str, int]:
    found = get_archive().get(article_id)
    if found is None:
        return error_response(404, S.ERROR_404_ARTICLE, api_error="article not found")
    return jsonify(found.to_dict())


@bp.get("/healthz")
def healthz() -> Response:
    """200 with the article count and generation; 503 (error handler) without an index."""
    arc = get_archive()
    total = arc.search("", per_page=1).total
    return jsonify({"status": "ok", "articles": total, "generation": arc.generation})
