"""A throwaway PostgreSQL 15 primary and streaming replica on loopback, for the tests.

``initdb`` and ``pg_ctl`` refuse to run as root, so when the tests run as root the cluster
belongs to an unprivileged user (``nobody``; override with ``VNARCHIVE_PG_USER``) and every
server command runs through ``runuser``. Each cluster lives in a temporary directory on a
free port; :func:`start_pair` returns once the replica streams from the primary.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BIN = Path(os.environ.get("VNARCHIVE_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> bool:
    """True when the PostgreSQL 15 server binaries are installed."""
    return (BIN / "initdb").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _user() -> str | None:
    """The user to run the server as (None: the current user, when not root)."""
    return os.environ.get("VNARCHIVE_PG_USER", "nobody") if os.geteuid() == 0 else None


def _run(args: list[str], user: str | None) -> None:
    cmd = ["runuser", "-u", user, "--", *args] if user else args
    subprocess.run(cmd, check=True, capture_output=True, cwd="/")


@dataclass
class Server:
    """One running cluster: its data directory and port."""

    data: Path
    port: int
    user: str | None

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        log = self.data.parent / f"{self.data.name}.log"
        _run([str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "-t", "60",
              "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data.parent}",
              "start"], self.user)  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            _run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"], self.user)


@dataclass
class Pair:
    primary: Server
    replica: Server

    def create_database(self, name: str) -> tuple[str, str]:
        """Create database ``name`` on the primary: ``(primary DSN, replica DSN)``."""
        import psycopg

        with psycopg.connect(self.primary.dsn, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        primary, replica = (s.dsn.rsplit("/", 1)[0] for s in (self.primary, self.replica))
        return f"{primary}/{name}", f"{replica}/{name}"


def _wait_streaming(primary: Server, timeout: float = 60) -> None:
    import psycopg

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with psycopg.connect(primary.dsn, autocommit=True) as conn:
            row = conn.execute("SELECT count(*) FROM pg_stat_replication").fetchone()
            if row and row[0] > 0:
                return
        time.sleep(0.2)
    raise RuntimeError("the replica did not start streaming")


@contextlib.contextmanager
def start_pair() -> Iterator[Pair]:
    """Start a primary and a streaming replica; stop both and remove their files after."""
    user = _user()
    top = Path(tempfile.mkdtemp(prefix="pgcluster-"))
    if user:
        shutil.chown(top, user)
    primary = Server(top / "primary", _free_port(), user)
    replica = Server(top / "replica", _free_port(), user)
    started: list[Server] = []
    try:
        _run([str(BIN / "initdb"), "-D", str(primary.data), "-U", "postgres", "-A", "trust",
              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], user)  # fmt: skip
        with open(primary.data / "postgresql.conf", "a") as conf:
            conf.write("fsync = off\nfull_page_writes = off\n"
                       "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                       "hot_standby_feedback = on\nmax_standby_streaming_delay = -1\n")  # fmt: skip
        with open(primary.data / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        primary.start()
        started.append(primary)
        _run([str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
              "-U", "postgres", "-D", str(replica.data), "-R", "-X", "stream"], user)  # fmt: skip
        replica.start()
        started.append(replica)
        _wait_streaming(primary)
        yield Pair(primary, replica)
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(top, ignore_errors=True)


def wait_replayed(primary_dsn: str, replica_dsn: str, timeout: float = 30) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    import psycopg

    with psycopg.connect(primary_dsn, autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
    assert row is not None
    end = time.monotonic() + timeout
    # the maintenance database: the one named may not be replayed yet
    with psycopg.connect(replica_dsn, dbname="postgres", autocommit=True) as conn:
        while time.monotonic() < end:
            done = conn.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (row[0],)
            ).fetchone()
            if done and done[0]:
                return
            time.sleep(0.05)
    raise RuntimeError("the replica did not catch up")
