"""The PostgreSQL engine: the same ``Archive`` and ``ArchiveWriter`` over a database.

``Archive.open("postgresql://…")`` and ``ArchiveWriter("postgresql://…")`` land here.
Analysis stays ours (:mod:`archive.index.schema`'s ``analyze_value``): each article's exact,
folded and bigram token streams are stored as ``tsvector`` literals (title positions carry
weight A) in one *table set* (a schema ``vn_<n>``); the search stages read it through the
seam (:mod:`archive.search.seam`), looking terms up with the GIN indexes.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")
#: Seconds to wait for the server when the URL does not say (``connect_timeout``).
CONNECT_TIMEOUT = 10


def is_pg_url(target: str | os.PathLike[str]) -> bool:
    """True when ``target`` names a PostgreSQL database rather than an index directory."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def shown_url(dsn: str) -> str:
    """The URL to show in a message: without its password.

    >>> shown_url("postgresql://me:secret@db:5432/news?password=x&sslmode=require")
    'postgresql://me@db:5432/news?sslmode=require'
    >>> shown_url("postgresql://db/news")
    'postgresql://db/news'
    """
    try:
        parts = urlsplit(dsn)
        netloc = parts.netloc
        if parts.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
        return urlunsplit(parts._replace(netloc=netloc, query=query))
    except ValueError:
        return "postgresql://…"


def connect(dsn: str, **kwargs: Any) -> Any:
    """A connection to ``dsn``, waiting at most :data:`CONNECT_TIMEOUT` seconds unless it
    says otherwise.

    :raises IndexNotFoundError: the server cannot be reached or refuses (no such database,
        authentication); the message is one line naming the URL (without its password)
    """
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    from archive.errors import IndexNotFoundError

    try:
        if "connect_timeout" not in conninfo_to_dict(dsn):
            kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT)
        return psycopg.connect(dsn, **kwargs)
    except psycopg.Error as exc:  # refused, unreachable, or a malformed URL
        reason = " ".join(str(exc).split())
        raise IndexNotFoundError(
            f"no index at {shown_url(dsn)}: cannot connect to the database ({reason})"
        ) from None
