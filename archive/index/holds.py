"""Readers' claims on generations, so a writer never deletes one that is being read.

A reader places an ``flock``-ed marker file in ``gen-N/readers/`` before it opens the
generation (:func:`open_held_generation`); writers count the live markers before they
remove a replaced generation (:func:`live_readers`). The kernel drops a dead reader's lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import uuid
from pathlib import Path

from whoosh.index import Index

from archive.index.layout import current_generation, open_generation

READERS = "readers"  # per-generation folder of reader markers (see hold_generation)


class GenerationHold:
    """A reader's claim on one generation: an ``flock``-ed marker file in its ``readers/``.

    Writers never delete a generation while a marker in it is locked; the kernel drops the
    lock when the reader exits or dies, and the next writer removes the dead marker. When the
    directory is not writable the hold is empty (``marker is None``) and only the time grace
    (:data:`RETIRED_GRACE`) protects the reader.
    """

    def __init__(self, root: Path, name: str, fd: int | None, marker: Path | None) -> None:
        self.root, self.name, self.marker = root, name, marker
        self._fd = fd
        self._pid = os.getpid()

    def release(self) -> None:
        """Drop the claim (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if self.marker is not None and os.getpid() == self._pid:  # not in a forked child
            with contextlib.suppress(OSError):
                self.marker.unlink()
        os.close(fd)

    def __enter__(self) -> GenerationHold:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.release()


def hold_generation(root: str | os.PathLike[str], name: str) -> GenerationHold:
    """Claim generation ``name`` of the index at ``root`` for reading.

    Call it *before* opening the generation, then check that ``CURRENT`` still names it
    (:func:`open_held_generation` does both); release the hold when the searcher is closed.

    :raises FileNotFoundError: the generation is gone (it was replaced and removed)
    """
    root = Path(root)
    gen_dir = root / name
    if not gen_dir.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such generation", str(gen_dir))
    folder = gen_dir / READERS
    marker = folder / f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    try:
        folder.mkdir(exist_ok=True)
        fd = os.open(marker, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except FileNotFoundError:
        raise
    except OSError:  # read-only index: rely on the grace period
        return GenerationHold(root, name, None, None)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return GenerationHold(root, name, fd, marker)


def open_held_generation(root: Path, tries: int = 20) -> tuple[str, Index, GenerationHold]:
    """Open the live generation like :func:`open_generation`, holding it for reading.

    The marker is placed before ``CURRENT`` is read again, so a writer that swaps and cleans
    up concurrently either sees the marker or the reader sees the new ``CURRENT`` and retries.
    """
    for _ in range(tries):
        name = current_generation(root)
        if name is None:
            break
        try:
            hold = hold_generation(root, name)
        except FileNotFoundError:
            continue
        if current_generation(root) != name:
            hold.release()
            continue
        try:
            opened, ix = open_generation(root, name)
        except BaseException:
            hold.release()
            raise
        return opened, ix, hold
    return (*open_generation(root), GenerationHold(root, "", None, None))


def live_readers(gen_dir: Path) -> int:
    """Count the live reader markers in a generation; remove the markers of dead readers."""
    folder = gen_dir / READERS
    try:
        markers = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return 0
    live = 0
    for marker in markers:
        try:
            fd = os.open(marker, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        except OSError:
            live += 1  # cannot tell: assume it is alive
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                live += 1
                continue
            with contextlib.suppress(OSError):
                marker.unlink()
        finally:
            os.close(fd)
    return live
