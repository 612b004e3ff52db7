"""One read-only ``Archive`` per app, opened lazily on first use.

The index may not exist when the server starts; every request tries again until it does.
Once open, the ``Archive`` notices a rebuilt index by itself (``Archive.refresh``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask, current_app

from archive import Archive

_EXT = "vnarchive"


class _Holder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.archive: Archive | None = None

    def get(self) -> Archive:
        if self.archive is None:
            with self.lock:
                if self.archive is None:
                    self.archive = Archive.open(self.path)  # raises IndexNotFoundError
        return self.archive


def init_app(app: Flask) -> None:
    app.extensions[_EXT] = _Holder(str(app.config["INDEX_PATH"]))


def opener(app: Flask) -> Callable[[], Archive]:
    """Return the function that opens (once) and returns ``app``'s archive, for use
    outside a request (the metrics collector)."""
    holder: _Holder = app.extensions[_EXT]
    return holder.get


def get_archive() -> Archive:
    """Return the app's archive.

    :raises IndexNotFoundError: there is no index yet (the error handlers answer 503)
    :raises SchemaVersionError: the index needs a rebuild (503 as well)
    """
    holder: _Holder = current_app.extensions[_EXT]
    return holder.get()


def index_path() -> str:
    holder: _Holder = current_app.extensions[_EXT]
    return holder.path
