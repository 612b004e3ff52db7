"""``ArchiveWriter`` on PostgreSQL: add, replace, delete; ``full`` builds a new table set.

One writer at a time (a session advisory lock, released if the process dies). An
incremental run changes the live set in one transaction; ``full`` (or an empty database)
fills a new set and swaps it in with one ``UPDATE`` of the pointer at commit, in the same
transaction that refreshes its vocabulary. Set names, not rows, tell readers what changed.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from archive.analysis import TOKEN_RE, normalize
from archive.errors import IndexBusyError
from archive.index.schema import SEGMENT_SEP, analyze_value
from archive.index.writer import KEY_SEP, article_fields
from archive.models import Article
from archive.pg import connect, schema
from archive.pg.schema import q
from archive.pg.vectors import bigram_vector, vector

log = logging.getLogger("archive")
LOCK_KEY = 0x766E61  # "vna": pg_try_advisory_lock key of the one writer
BATCH = 500


class PgWriter:
    """Write to the database at ``dsn`` (the interface of :class:`archive.ArchiveWriter`)."""

    def __init__(self, dsn: str, *, full: bool = False, procs: int = 1, limitmb: int = 256) -> None:
        self.dsn = dsn
        self.full = full
        self.created = False
        self._indexed = False
        self.added = self.deleted = 0
        self.notices: list[str] = []
        self.removed_generations: list[str] = []
        self._conn: psycopg.Connection | None = None
        self._gen = ""
        self._next = 0
        self._rows: list[tuple[Any, ...]] = []
        self._pending: dict[str, tuple[str, int, list[dict[str, str]]]] = {}
        self._forgotten: set[str] = set()
        self._state: dict[str, Any] = {}

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> PgWriter:
        conn = connect(self.dsn, autocommit=True)
        try:
            got = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
            if not got or not got[0]:
                raise IndexBusyError("another vnarchive writer is indexing this database")
            schema.ensure_pointer(conn)
            live = schema.current(conn)
            conn.autocommit = False
            if self.full or live is None:
                self._gen = schema.create_set(conn)
                self.created = True
                conn.commit()  # an empty set nobody points at yet; dropped if we fail
            else:
                self._gen = live[0]
                row = conn.execute(
                    q("SELECT coalesce(max(docnum) + 1, 0) FROM {s}.docs", self._gen)
                ).fetchone()
                self._next = int(row[0]) if row else 0
                conn.execute(q(schema.STATE_DDL, self._gen))  # sets made before it existed
                conn.commit()
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if et is None:
                self.commit()
            else:
                self.cancel()
        finally:
            if self._conn is not None:
                self._conn.close()  # ends the session: releases the advisory lock
                self._conn = None

    def _c(self) -> psycopg.Connection:
        assert self._conn is not None, "use PgWriter in a with block"
        return self._conn

    def commit(self) -> None:
        """Make every change visible; a new table set becomes the live one (one transaction)."""
        conn = self._c()
        self._flush()
        for src in self._forgotten - set(self._pending):
            conn.execute(q("DELETE FROM {s}.sources WHERE src = %s", self._gen), (src,))
        for src, (digest, count, failed) in self._pending.items():
            conn.execute(
                q("""INSERT INTO {s}.sources VALUES (%s, %s, %s, %s) ON CONFLICT (src)
                   DO UPDATE SET hash = excluded.hash, count = excluded.count,
                   failed = excluded.failed""", self._gen),
                (src, digest, count, Jsonb(failed)),
            )  # fmt: skip
        for name, value in self._state.items():
            conn.execute(
                q("""INSERT INTO {s}.state VALUES (%s, %s) ON CONFLICT (name)
                   DO UPDATE SET value = excluded.value""", self._gen),
                (name, Jsonb(value)),
            )  # fmt: skip
        self._state.clear()
        schema.refresh_vocab(conn, self._gen)
        if self.created and not self._indexed:
            schema.index_set(conn, self._gen)
            self._indexed = True
        previous = schema.current(conn)
        schema.publish(conn, self._gen)
        conn.commit()
        self._pending.clear()
        self._forgotten.clear()
        keep = {self._gen} | ({previous[0]} if previous else set())
        # readers may still hold the previous set until they refresh: it goes next time
        self.removed_generations = schema.drop_old_sets(conn, keep)
        conn.commit()

    def cancel(self) -> None:
        """Drop every change since the last commit; a new table set is removed."""
        conn = self._c()
        self._rows.clear()
        self._pending.clear()
        self._state.clear()
        conn.rollback()
        if self.created:
            conn.execute(q("DROP SCHEMA IF EXISTS {s} CASCADE", self._gen))
            conn.commit()

    # -- what is there -------------------------------------------------------------------
    def _one(self, template: str, *args: Any) -> Any:
        self._flush()
        row = self._c().execute(q(template, self._gen), args).fetchone()
        return None if row is None else row[0]

    def has_record(self, article_id: str, content_hash: str) -> bool:
        """True when the article with this id and content is already indexed."""
        key = article_id + KEY_SEP + content_hash
        return self._one("SELECT 1 FROM {s}.docs WHERE live AND key = %s", key) is not None

    def has_id(self, article_id: str) -> bool:
        """True when an article with this id is indexed."""
        return self._one("SELECT 1 FROM {s}.docs WHERE live AND id = %s", article_id) is not None

    def source_entry(self, src: str, src_hash: str) -> dict[str, Any] | None:
        """Return ``{"count", "failed"}`` when this exact file content is already indexed."""
        if src in self._forgotten:
            return None
        row = (
            self._c()
            .execute(
                q("SELECT count, failed FROM {s}.sources WHERE src = %s AND hash = %s", self._gen),
                (src, src_hash),
            )
            .fetchone()
        )
        return None if row is None else {"count": int(row[0]), "failed": row[1]}

    def begin_source(self, src: str) -> None:
        """Announce that the articles of ``src`` are about to change."""
        self._forgotten.add(src)
        self._pending.pop(src, None)

    def end_source(
        self, src: str, src_hash: str, count: int, failed: list[dict[str, str]] | None = None
    ) -> None:
        """Record the file content now indexed for ``src`` (saved at commit)."""
        self._pending[src] = (src_hash, count, failed or [])

    def ingest_state(self, name: str) -> Any:
        """Return what the indexer stored under ``name`` (None when nothing is)."""
        if name in self._state:
            return self._state[name]
        row = (
            self._c()
            .execute(q("SELECT value FROM {s}.state WHERE name = %s", self._gen), (name,))
            .fetchone()
        )
        return None if row is None else row[0]

    def set_ingest_state(self, name: str, value: Any) -> None:
        """Store a JSON value under ``name`` for the next runs (saved at commit)."""
        self._state[name] = value

    def known_sources(self) -> set[str]:
        """Every source file recorded or present in the live set."""
        rows = (
            self._c()
            .execute(
                q(
                    "SELECT src FROM {s}.sources UNION SELECT src FROM {s}.docs WHERE live",
                    self._gen,
                )
            )
            .fetchall()
        )
        return {r[0] for r in rows if r[0]} | set(self._pending)

    def ids_from(self, src: str) -> set[str]:
        """Return the ids of the indexed articles that came from file ``src``."""
        self._flush()
        rows = (
            self._c()
            .execute(q("SELECT id FROM {s}.docs WHERE live AND src = %s", self._gen), (src,))
            .fetchall()
        )
        return {r[0] for r in rows}

    def sources(self) -> set[str]:
        """Return every source path with at least one live article."""
        rows = self._c().execute(q("SELECT DISTINCT src FROM {s}.docs WHERE live", self._gen))
        return {r[0] for r in rows.fetchall()}

    # -- changes -------------------------------------------------------------------------
    def add(self, article: Article, *, content_hash: str, src: str = "") -> None:
        """Add an article, replacing any article with the same id."""
        fields = article_fields(article, content_hash=content_hash, src=src)
        value: str = fields["text"]
        terms = analyze_value(value)
        title_end = len(TOKEN_RE.findall(normalize(value.split(SEGMENT_SEP, 1)[0])))
        if not self.created:
            self._flush()
            self._c().execute(
                q("UPDATE {s}.docs SET live = false WHERE live AND id = %s", self._gen),
                (article.id,),
            )
        else:
            self._rows = [r for r in self._rows if r[1] != article.id]
        self._rows.append(
            (
                self._next, article.id, fields["key"], src, fields["topic"], fields["province"],
                fields["day"],
                float(sum(len(p) for p in terms.exact.positions.values())),
                float(sum(len(p) for p in terms.folded.positions.values())),
                float(sum(len(p) for p in terms.bigram.positions.values())),
                vector(terms.exact, title_end), vector(terms.folded, title_end),
                bigram_vector(terms.bigram), Jsonb(fields["doc"]),
            )
        )  # fmt: skip
        self._next += 1
        self.added += 1
        if len(self._rows) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        with self._c().cursor() as cur:
            cur.executemany(
                q("""INSERT INTO {s}.docs (docnum, id, key, src, topic, province, day,
                   len_exact, len_folded, len_bigram, tsv_exact, tsv_folded, tsv_bigram, doc)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                   %s::tsvector, %s::tsvector, %s::tsvector, %s)""", self._gen),
                self._rows,
            )  # fmt: skip
        self._rows.clear()

    def delete_id(self, article_id: str) -> None:
        """Delete the article with this id (no-op when absent)."""
        self._flush()
        self._c().execute(
            q("UPDATE {s}.docs SET live = false WHERE live AND id = %s", self._gen), (article_id,)
        )
        self.deleted += 1

    def delete_source(self, src: str) -> int:
        """Delete every article that came from file ``src``; return how many there were."""
        self.begin_source(src)
        self._flush()
        cur = self._c().execute(
            q("UPDATE {s}.docs SET live = false WHERE live AND src = %s", self._gen), (src,)
        )
        self.deleted += cur.rowcount
        return cur.rowcount
