"""Fixtures shared by every test package: the PostgreSQL primary and replica (one per session)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import pg_cluster


@pytest.fixture(scope="session")
def pg_pair() -> Iterator[pg_cluster.Pair]:
    """A PostgreSQL 15 primary with a streaming replica, stopped at the end of the session."""
    if not pg_cluster.available():
        pytest.skip("PostgreSQL 15 server not installed (make test installs postgresql-15)")
    with pg_cluster.start_pair() as pair:
        yield pair


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_db(pg_pair: pg_cluster.Pair) -> tuple[str, str]:
    """A fresh database: ``(primary DSN, replica DSN)``."""
    return pg_pair.create_database(f"t{next(_databases)}")
