"""Table sets and the pointer to the live one; every DDL statement of the engine.

A table set is a schema ``vn_<n>`` holding ``docs`` (one row per article version), ``sources``
(the files indexed, for incremental runs), ``state`` (what the indexer keeps between runs)
and ``vocab`` (the folded vocabulary, trigram
indexed). ``vnarchive_current`` (one row) names the live set and a version bumped by every
commit: swapping a rebuilt set in is one ``UPDATE`` in one transaction.

Rows of ``docs`` are never updated except their ``live`` flag: a replaced article gets a
new row (a new ``docnum``), so a reader's snapshot (its copy of the ``live`` flags) always
sees whole, unchanging rows.
"""

from __future__ import annotations

import re

from psycopg import Connection, sql

from archive.index.schema import SCHEMA_VERSION

POINTER = "vnarchive_current"
GEN_RE = re.compile(r"vn_\d{6}\Z")

POINTER_DDL = f"""
CREATE TABLE IF NOT EXISTS {POINTER} (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    gen text NOT NULL,
    version bigint NOT NULL,
    schema_version int NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now()
)"""

#: The indexer's own state between runs (e.g. learned boilerplate): ``name → JSON``.
STATE_DDL = "CREATE TABLE IF NOT EXISTS {s}.state (name text PRIMARY KEY, value jsonb NOT NULL)"

SET_DDL = (
    """CREATE TABLE {s}.docs (
        docnum int PRIMARY KEY,
        id text NOT NULL,
        key text NOT NULL,
        src text NOT NULL,
        live boolean NOT NULL DEFAULT true,
        topic text NOT NULL,
        province text NOT NULL,
        day int NOT NULL,
        len_exact real NOT NULL,
        len_folded real NOT NULL,
        len_bigram real NOT NULL,
        tsv_exact tsvector NOT NULL,
        tsv_folded tsvector NOT NULL,
        tsv_bigram tsvector NOT NULL,
        doc jsonb NOT NULL
    )""",
    "CREATE UNIQUE INDEX ON {s}.docs (id) WHERE live",
    "CREATE INDEX ON {s}.docs (key) WHERE live",
    "CREATE INDEX ON {s}.docs (src) WHERE live",
    """CREATE TABLE {s}.sources (
        src text PRIMARY KEY, hash text NOT NULL, count int NOT NULL, failed jsonb NOT NULL
    )""",
    "CREATE TABLE {s}.vocab (term text PRIMARY KEY, df int NOT NULL)",
    STATE_DDL,
)
#: Built once a new set is filled (a GIN index built in one pass is several times faster
#: than one maintained row by row), before the set goes live.
SEARCH_INDEXES = (
    "CREATE INDEX ON {s}.docs USING gin (tsv_exact)",
    "CREATE INDEX ON {s}.docs USING gin (tsv_folded)",
    "CREATE INDEX ON {s}.docs USING gin (tsv_bigram)",
    "CREATE INDEX ON {s}.vocab USING gin (term gin_trgm_ops)",
)


def ident(gen: str) -> sql.Identifier:
    """The schema of a table set (names are checked: they go into SQL text)."""
    if not GEN_RE.match(gen):
        raise ValueError(f"not a table set name: {gen!r}")
    return sql.Identifier(gen)


def q(template: str, gen: str) -> sql.Composed:
    """A statement on table set ``gen`` (``{s}`` in ``template`` is its schema)."""
    return sql.SQL(template).format(s=ident(gen))


def ensure_pointer(conn: Connection) -> None:
    """Create the pointer table and ``pg_trgm`` once per database."""
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    conn.execute(POINTER_DDL)


def current(conn: Connection) -> tuple[str, int, float] | None:
    """``(table set, version, committed_at as Unix time)`` of the live set, or None."""
    exists = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (POINTER,)).fetchone()
    if not exists or not exists[0]:
        return None
    row = conn.execute(
        f"SELECT gen, version, extract(epoch FROM committed_at)::float8, schema_version "
        f"FROM {POINTER}"
    ).fetchone()
    if row is None:
        return None
    if int(row[3]) != SCHEMA_VERSION:
        from archive.errors import SchemaVersionError

        raise SchemaVersionError(
            f"the database holds schema version {row[3]}, this vnarchive reads "
            f"{SCHEMA_VERSION}: rebuild with `vnarchive index --full`"
        )
    return str(row[0]), int(row[1]), float(row[2])


def create_set(conn: Connection) -> str:
    """Create an empty table set named after the highest one so far; return its name."""
    rows = conn.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname ~ '^vn_[0-9]{6}$'"
    ).fetchall()
    n = max((int(r[0][3:]) for r in rows), default=0) + 1
    gen = f"vn_{n:06d}"
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(ident(gen)))
    for stmt in SET_DDL:
        conn.execute(q(stmt, gen))
    return gen


def index_set(conn: Connection, gen: str) -> None:
    """Build the search indexes of a freshly filled set."""
    for stmt in SEARCH_INDEXES:
        conn.execute(q(stmt, gen))


def publish(conn: Connection, gen: str) -> None:
    """Point at ``gen`` and bump the version, inside the caller's transaction."""
    conn.execute(
        f"""INSERT INTO {POINTER} (gen, version, schema_version) VALUES (%s, 1, %s)
        ON CONFLICT (one) DO UPDATE SET gen = excluded.gen,
            version = {POINTER}.version + 1, committed_at = now(),
            schema_version = excluded.schema_version""",
        (gen, SCHEMA_VERSION),
    )


def drop_old_sets(conn: Connection, keep: set[str]) -> list[str]:
    """Drop table sets not in ``keep`` (the live one and the one readers may still hold)."""
    rows = conn.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname ~ '^vn_[0-9]{6}$' ORDER BY 1"
    ).fetchall()
    dropped = []
    for (name,) in rows:
        if name not in keep:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(ident(name)))
            dropped.append(name)
    return dropped


def refresh_vocab(conn: Connection, gen: str) -> None:
    """Rebuild the folded vocabulary of ``gen`` (document frequencies of live articles)."""
    conn.execute(q("TRUNCATE {s}.vocab", gen))
    inner = q("SELECT tsv_folded FROM {s}.docs WHERE live", gen).as_string(conn)
    conn.execute(
        q("INSERT INTO {s}.vocab (term, df) SELECT word, ndoc FROM ts_stat(%s)", gen), (inner,)
    )
