"""The record of indexed files (``sources.json`` in a generation): which content is in.

``{src: {"hash": file hash, "count": articles, "failed": [...]}}``. An entry is forgotten on
disk *before* a file's articles change (:meth:`FileRecord.forget`) and written again only
after the commit (:meth:`FileRecord.commit`), so a crash can make a file look changed (and
re-read) but never unchanged when it is not.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from archive.index.durable import fsync_dir, write_durably

SOURCES = "sources.json"


def _load_object(path: Path) -> dict[str, Any]:
    """The JSON object saved at ``path`` ({} when absent or unreadable: re-read next run)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class FileRecord:
    """The committed entries of one generation plus the entries pending its next commit."""

    def __init__(self, gen_dir: Path, *, load: bool) -> None:
        self.path = gen_dir / SOURCES
        self.committed: dict[str, dict[str, Any]] = {}
        self.pending: dict[str, dict[str, Any]] = {}
        if load:
            self.committed = _load_object(self.path)

    def entry(self, src: str, src_hash: str) -> dict[str, Any] | None:
        """Return the entry of ``src`` when it records exactly this content."""
        entry = self.pending.get(src) or self.committed.get(src)
        if entry and entry.get("hash") == src_hash:
            return entry
        return None

    def forget(self, src: str, *, save: bool) -> None:
        """Drop the entry of ``src`` (on disk at once when ``save``: its articles change)."""
        self.pending.pop(src, None)
        if src in self.committed:
            del self.committed[src]
            if save:
                self.save()

    def record(self, src: str, src_hash: str, count: int, failed: list[Any]) -> None:
        """Remember the content now indexed for ``src`` (saved by :meth:`commit`)."""
        self.pending[src] = {"hash": src_hash, "count": count, "failed": failed}

    def names(self) -> set[str]:
        return set(self.committed) | set(self.pending)

    def commit(self) -> None:
        """Fold the pending entries in and save (call after the index commit)."""
        self.committed.update(self.pending)
        self.pending.clear()
        self.save()

    def save(self) -> None:
        """Write the committed entries atomically and durably (tmp, fsync, rename, fsync)."""
        tmp = self.path.with_suffix(".tmp")
        write_durably(tmp, json.dumps(self.committed, ensure_ascii=False).encode("utf-8"))
        os.replace(tmp, self.path)
        fsync_dir(self.path.parent)


STATE = "state.json"


class IngestState:
    """What the indexer keeps between runs besides the file record (``state.json`` in a
    generation): ``{name: JSON value}``, e.g. the boilerplate it learned. Saved after the
    index commit like the file record; a crash in between only loses what this run learned.
    """

    def __init__(self, gen_dir: Path, *, load: bool) -> None:
        self.path = gen_dir / STATE
        self.values: dict[str, Any] = {}
        self.changed = False
        if load:
            self.values = _load_object(self.path)

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def set(self, name: str, value: Any) -> None:
        self.values[name] = value
        self.changed = True

    def commit(self) -> None:
        """Write the values atomically and durably when they changed."""
        if not self.changed:
            return
        tmp = self.path.with_suffix(".tmp")
        write_durably(tmp, json.dumps(self.values, ensure_ascii=False).encode("utf-8"))
        os.replace(tmp, self.path)
        fsync_dir(self.path.parent)
        self.changed = False
