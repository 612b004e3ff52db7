"""The live snapshot of a PostgreSQL archive: one connection pool, snapshots swapped on change.

The same lease/refresh contract as :class:`archive.index.live.LiveIndex`: a search takes
the current snapshot, a check at most every ``REFRESH_EVERY`` seconds reads the pointer,
and a new version (a commit, or a rebuilt table set) opens a new snapshot while searches
already running finish on theirs.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from archive.pg import connect
from archive.pg.snapshot import PgSnapshot

REFRESH_EVERY = 1.0
POOL_MAX = 8


class PgLive:
    """The snapshot of the database at ``dsn`` that searches use now."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        connect(dsn).close()  # fail now, in one line, rather than when the pool times out
        self.pool = ConnectionPool(
            dsn, min_size=1, max_size=POOL_MAX, kwargs={"autocommit": True}, open=True
        )
        try:
            self.current = _prepared(PgSnapshot(self.pool))
        except BaseException:
            self.pool.close()
            raise
        self._swap = threading.Lock()
        self._checked = time.monotonic()

    def close(self) -> None:
        """Close the pool (searches still running on it fail)."""
        self.pool.close()

    def refresh(self, force: bool = False) -> bool:
        """Reopen when the database changed since it was opened; return True if it did."""
        now = time.monotonic()
        if not force and now - self._checked < REFRESH_EVERY:
            return False
        with self._swap:
            self._checked = now
            try:
                if not self.current.is_stale():
                    return False
                fresh = _prepared(PgSnapshot(self.pool))
            except Exception:  # noqa: BLE001 - keep serving the old one; retry next time
                return False
            self.current = fresh
        return True

    @contextlib.contextmanager
    def lease(self) -> Iterator[PgSnapshot]:
        """The current snapshot for the length of a ``with`` block."""
        self.refresh()
        try:
            yield self.current
        except psycopg.errors.UndefinedTable:
            # the set was dropped under us (two rebuilds within one refresh interval): open
            # the live one now, so only this search fails
            self.refresh(force=True)
            raise

    def committed_at(self) -> float | None:
        return self.current.committed


def _prepared(snap: PgSnapshot) -> PgSnapshot:
    threading.Thread(target=snap.prepare, name="vnarchive-prepare", daemon=True).start()
    return snap


def pg_stats(snap: PgSnapshot, browse: Any, dsn: str) -> dict[str, Any]:
    """``Archive.stats()`` of a PostgreSQL archive (the shape of ``archive_stats``)."""
    from archive.index.schema import SCHEMA_VERSION

    cols = snap.columns
    days = cols.day[cols.live_docs]
    dated = days[days > 0]

    def iso(d: int) -> str:
        return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"

    return {
        "articles": browse.total,
        "facets": {k: [v.to_dict() for v in vals] for k, vals in browse.facets.items()},
        "date_range": {
            "from": iso(int(dated.min())) if dated.size else None,
            "to": iso(int(dated.max())) if dated.size else None,
        },
        "undated": int(days.size - dated.size),
        "index_bytes": snap.size_bytes(),
        "schema_version": SCHEMA_VERSION,
        "generation": f"{snap.generation[0]}:{snap.generation[1]}",
        "path": _redacted(dsn),
    }


def _redacted(dsn: str) -> str:
    """The DSN without its password."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        parts = conninfo_to_dict(dsn)
    except Exception:  # noqa: BLE001
        return "postgresql://…"
    parts.pop("password", None)
    return make_conninfo("", **{k: v for k, v in parts.items() if v is not None})
