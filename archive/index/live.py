"""The live snapshot of an index: opened, leased to searches, swapped when it is rebuilt.

Threads never wait for each other: a search leases the current snapshot (a counter), and a
rebuilt index is swapped in under a short lock while older leases finish on the old one,
which closes when its last lease ends.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from archive.index.snapshot import Snapshot

REFRESH_EVERY = 1.0  # seconds between checks for a rebuilt index


class LiveIndex:
    """The snapshot of ``root`` that searches use now."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._swap = threading.Lock()
        # the first snapshot is prepared before Archive.open returns (the typo index: 0.25 s
        # on the full corpus), so no first query waits for it; later ones in the background
        self.current = Snapshot(root)
        self.current.prepare()
        self._checked = time.monotonic()

    def close(self) -> None:
        """Close the snapshot once the searches still running on it end."""
        self.current.retire()

    def refresh(self, force: bool = False) -> bool:
        """Reopen when the index changed since it was opened; return True if it did."""
        now = time.monotonic()
        if not force and now - self._checked < REFRESH_EVERY:
            return False
        with self._swap:  # one thread checks; the others search on meanwhile
            self._checked = now
            if not self.current.is_stale():
                return False
            try:
                fresh = _prepared(Snapshot(self.root))
            except Exception:  # noqa: BLE001 - keep serving the old one; retry next time
                return False
            old, self.current = self.current, fresh
        old.retire()
        return True

    @contextlib.contextmanager
    def lease(self) -> Iterator[Snapshot]:
        """Hold the current snapshot open for the length of a ``with`` block."""
        self.refresh()
        while True:
            snap = self.current
            if snap.acquire():
                break
        try:
            yield snap
        finally:
            snap.release()

    def committed_at(self) -> float | None:
        """When the current snapshot was committed (Unix time); None if its files are gone."""
        snap = self.current
        # Whoosh renames the generation's table of contents into place last: its mtime is
        # the commit's time. A later commit deletes it (until refresh() opens the new one).
        toc = self.root / snap.name / f"_{snap.index.indexname}_{snap.generation[1]}.toc"
        try:
            return toc.stat().st_mtime
        except OSError:
            return None


def _prepared(snap: Snapshot) -> Snapshot:
    """Start building the snapshot's derived data in the background; return it."""
    threading.Thread(target=snap.prepare, name="vnarchive-prepare", daemon=True).start()
    return snap
