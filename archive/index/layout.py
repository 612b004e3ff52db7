"""Where an index lives on disk: generation directories and the ``CURRENT`` pointer.

An index path is a directory holding generation directories (``gen-000001``…), each a
complete Whoosh index, and a ``CURRENT`` file naming the live one. A full rebuild writes a
new generation and then replaces ``CURRENT`` atomically (write + fsync + ``os.replace``, see
:mod:`archive.index.durable`), so readers see either the complete old index or the complete
new one, never a mix.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from whoosh.index import Index

from archive.errors import IndexNotFoundError, SchemaVersionError
from archive.index.durable import DurableStorage, fsync_dir, write_durably
from archive.index.schema import SCHEMA_VERSION, build_schema

CURRENT = "CURRENT"
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
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return name or None


def set_current(root: Path, name: str) -> None:
    """Point ``CURRENT`` at generation ``name`` atomically and durably.

    The generation's own files are durable already (its commit fsynced them and its
    directory); fsyncing ``root`` before the rename makes its directory entry durable too,
    so no power cut can leave ``CURRENT`` naming a generation that is not on disk.
    """
    tmp = root / f".{CURRENT}.{os.getpid()}.tmp"
    write_durably(tmp, (name + "\n").encode("utf-8"))
    fsync_dir(root)
    os.replace(tmp, root / CURRENT)
    fsync_dir(root)


def read_meta(gen_dir: Path) -> dict[str, Any]:
    """Return the generation's metadata (schema version, creation time)."""
    try:
        data: dict[str, Any] = json.loads((gen_dir / META).read_text(encoding="utf-8"))
        return data
    except (FileNotFoundError, ValueError):
        return {}


def open_generation(root: Path, name: str | None = None) -> tuple[str, Index]:
    """Open the live generation (or ``name``), checking that it exists and its schema version.

    :raises IndexNotFoundError: no index at ``root``
    :raises SchemaVersionError: the index was written by another schema version
    """
    name = name or current_generation(root)
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
    return name, DurableStorage(gen_dir).open_index()


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
    ix = DurableStorage(gen_dir).create_index(build_schema())
    meta = {"schema_version": SCHEMA_VERSION, "created": time.time()}
    write_durably(gen_dir / META, json.dumps(meta).encode("utf-8"))
    return name, ix


def directory_size(path: Path) -> int:
    """Return the total size in bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
