"""vnarchive's web app: faceted search pages for people and a JSON API for programs.

>>> app = create_app({"INDEX_PATH": "/nonexistent/index"})
>>> app.test_client().get("/healthz").status_code  # no index there (yet): 503, not a crash
503
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the app; the index is ``INDEX_PATH``, else ``$VNARCHIVE_INDEX``, else var/index."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_PATH=os.environ.get("VNARCHIVE_INDEX", "var/index"),
        MAX_CONTENT_LENGTH=64 * 1024,  # the app only answers GETs; refuse large bodies
    )
    if config:
        app.config.update(config)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the CLI's key order
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    # Article ids may be URLs ("https://…"): keep their double slashes.
    app.url_map.merge_slashes = False

    from web import api, articles, db, errors, observe, openapi, search, templating
    from web.state import reject_nul

    db.init_app(app)
    observe.init_app(app)  # first: its hooks time every request, even one stopped early
    templating.init_app(app)
    errors.init_app(app)
    app.register_blueprint(search.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.before_request(reject_nul)

    @app.after_request
    def _headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
