"""Error pages and JSON errors: 400 for bad parameters, 404, 503 without an index, and a
generic 500 that never shows details."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from archive import IndexNotFoundError, InvalidParameterError, SchemaVersionError
from web import strings as S
from web.db import index_path
from web.state import BadParam

log = logging.getLogger(__name__)

TITLES = {400: S.ERROR_400, 404: S.ERROR_404, 405: S.ERROR_405, 413: S.ERROR_413}


def wants_json() -> bool:
    """The JSON API and the health check answer JSON; everything else is a page."""
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(
    status: int, title: str, message: str = "", *, param: str | None = None, api_error: str = ""
) -> tuple[Response | str, int]:
    """Render an error as JSON ``{"error", "param"?}`` or as a page."""
    if wants_json():
        body: dict[str, str] = {"error": api_error or message or title}
        if param is not None:
            body["param"] = param
        return jsonify(body), status
    return render_template("error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(BadParam)
    def _bad_param(e: BadParam) -> tuple[Response | str, int]:
        return error_response(
            400,
            S.ERROR_400,
            S.ERR_PARAM.format(param=e.param, message=e.message),
            param=e.param,
            api_error=e.message,
        )

    @app.errorhandler(InvalidParameterError)
    def _invalid(e: InvalidParameterError) -> tuple[Response | str, int]:
        return error_response(400, S.ERROR_400, str(e), param=e.param)

    @app.errorhandler(IndexNotFoundError)
    @app.errorhandler(SchemaVersionError)
    def _no_index(e: Exception) -> tuple[Response | str, int]:
        title = S.NO_INDEX_TITLE if isinstance(e, IndexNotFoundError) else S.BAD_INDEX_TITLE
        message = S.NO_INDEX_HINT.format(path=index_path())
        api = S.NO_INDEX_API if isinstance(e, IndexNotFoundError) else str(e)
        resp, status = error_response(503, title, message, api_error=api)
        return resp, status

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException) -> tuple[Response | str, int]:
        status = e.code or 500
        resp, _ = error_response(status, TITLES.get(status, S.ERROR_GENERIC), api_error=e.name)
        if isinstance(resp, str):
            resp = Response(resp, mimetype="text/html")
        for name, value in e.get_headers():  # e.g. Allow on a 405
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp, status

    @app.errorhandler(Exception)
    def _unexpected(e: Exception) -> tuple[Response | str, int]:
        log.exception("unhandled error on %s", request.path)
        return error_response(500, S.ERROR_500, S.ERROR_500_HINT, api_error="internal error")
