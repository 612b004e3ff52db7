"""Where an index lives on disk: generations, the CURRENT pointer, the writer lock.

An index path is a directory holding generation directories (``gen-000001``…), each a
complete Whoosh index, and a ``CURRENT`` file naming the live one. A full rebuild writes a
new generation and then replaces ``CURRENT`` atomically (write + fsync + ``os.replace``), so
readers see either the complete old index or the complete new one, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from archive.errors import IndexBusyError, IndexNotFoundError, SchemaVersionError
from archive.schema import SCHEMA_VERSION, build_schema

CURRENT = "CURRENT"
LOCK = "write.lock"
META = "vnarchive.json"
GEN_PREFIX = "gen-"
DEFAULT_INDEX = "var/index"


def default_index_path() -> Path:
    """Return ``$VNARCHIVE_INDEX`` or the documented default ``var/index``."""
    return Path(os.environ.get("VNARCHIVE_INDEX") or DEFAULT_INDEX)


def current_generation(root: Path) -> str | None:
    """Return the name of the live generation directory, or None when there is none."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def set_current(root: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name`` atomically."""
    tmp = root / f".{CURRENT}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / CURRENT)
    _fsync_dir(root)


def read_meta(gen_dir: Path) -> dict[str, Any]:
    """Return the generation's metadata (schema version, creation time)."""
    try:
        data: dict[str, Any] = json.loads((gen_dir / META).read_text(encoding="utf-8"))
        return data
    except (FileNotFoundError, ValueError):
        return {}


def open_generation(root: Path) -> tuple[str, Index]:
    """Open the live generation read-only, checking that it exists and its schema version.

    :raises IndexNotFoundError: no index at ``root``
    :raises SchemaVersionError: the index was written by another schema version
    """
    name = current_generation(root)
    if name is None or not (root / name).is_dir():
        raise IndexNotFoundError(
            f"no index at {root}: build one with `vnarchive index PATH --index {root}`"
        )
    gen_dir = root / name
    version = read_meta(gen_dir).get("schema_version")
    if version != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"the index at {root} has schema version {version}, this vnarchive needs "
            f"{SCHEMA_VERSION}: rebuild it with `vnarchive index --full PATH --index {root}`"
        )
    return name, whoosh_index.open_dir(str(gen_dir))


def new_generation(root: Path) -> tuple[str, Index]:
    """Create an empty generation directory (not yet live) with the current schema."""
    root.mkdir(parents=True, exist_ok=True)
    numbers = [
        int(p.name[len(GEN_PREFIX) :])
        for p in root.iterdir()
        if p.name.startswith(GEN_PREFIX) and p.name[len(GEN_PREFIX) :].isdigit()
    ]
    name = f"{GEN_PREFIX}{max(numbers, default=0) + 1:06d}"
    gen_dir = root / name
    gen_dir.mkdir()
    ix = whoosh_index.create_in(str(gen_dir), build_schema())
    meta = {"schema_version": SCHEMA_VERSION, "created": time.time()}
    (gen_dir / META).write_text(json.dumps(meta), encoding="utf-8")
    return name, ix


def remove_stale_generations(root: Path, keep: str, min_age: float = 60.0) -> list[str]:
    """Delete generation directories other than ``keep`` that were replaced ``min_age`` s ago.

    Readers that still hold an old generation keep working for that grace period; POSIX
    keeps open files readable after unlinking, so later removal is safe too.
    """
    removed = []
    now = time.time()
    for p in root.iterdir():
        if not p.name.startswith(GEN_PREFIX) or p.name == keep or not p.is_dir():
            continue
        if now - p.stat().st_mtime >= min_age:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Hold the index's writer lock (an ``flock``, released by the kernel if we die).

    :raises IndexBusyError: another live process holds it
    """
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise IndexBusyError(
                f"index busy: {root} is being written by process {holder or '?'}"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)


def stale_lock_holder(root: Path) -> int | None:
    """Return the pid recorded in a lock file whose process is gone (None if none)."""
    try:
        text = (root / LOCK).read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    if text.isdigit() and not _pid_alive(int(text)):
        return int(text)
    return None


def directory_size(path: Path) -> int:
    """Return the total size in bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
