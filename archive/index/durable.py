"""Durable commits: every file a commit writes reaches the disk before anything names it.

Whoosh writes segment files and then renames its table of contents (TOC) into place; the
rename is the commit. Without fsync a power cut can keep the rename and lose the bytes it
names (delayed allocation leaves zero-length or short files), and ``CURRENT`` can name a
generation half on disk. :class:`DurableStorage` closes that gap inside Whoosh's own write
path:

1. each file Whoosh creates is fsynced when it is closed (its bytes are complete then; this
   also covers the segments that ``procs > 1`` worker processes write);
2. before the TOC rename the generation directory is fsynced (the new files' entries);
3. after it the directory is fsynced again, so the commit is on disk before Whoosh deletes
   the files it replaced and before ``CURRENT`` can move to this generation.

Scratch space (Whoosh's posting pool: ``temp_storage`` is a plain ``FileStorage``) is not
fsynced: it never outlives
the commit. ``layout.set_current`` and ``files.FileRecord.save`` do the same for the files
outside Whoosh (write, fsync, rename, fsync the directory).

:data:`FSYNC` is the switch a benchmark (and the test proving the power-cut harness finds
the bug) turns off; the product never does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from whoosh.filedb.structfile import StructFile

from archive.index.storage import IndexStorage

#: Whether commits fsync; off only in ``bench/fsync.py`` and the harness's bug-finding test.
FSYNC = True


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make the entries of directory ``path`` (new, renamed and removed files) durable."""
    if not FSYNC:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(fh: Any) -> None:
    """Flush Python's buffer of the open file ``fh`` and fsync it."""
    fh.flush()
    if FSYNC:
        os.fsync(fh.fileno())


def write_durably(path: Path, data: bytes) -> None:
    """Write a new file at ``path`` and fsync it (its directory entry is the caller's)."""
    with open(path, "wb") as fh:
        fh.write(data)
        fsync_file(fh)


def _chain(onclose: Any) -> Any:
    def close(sfile: StructFile) -> None:
        fsync_file(sfile.file)
        if onclose is not None:
            onclose(sfile)

    return close


class DurableStorage(IndexStorage):
    """An :class:`IndexStorage` whose commits survive a power cut (see the module doc)."""

    def create_file(
        self, name: str, excl: bool = False, mode: str = "wb", **kwargs: Any
    ) -> StructFile:
        kwargs["onclose"] = _chain(kwargs.get("onclose"))
        return super().create_file(name, excl=excl, mode=mode, **kwargs)

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        # Whoosh renames only its TOC into place: the commit point
        fsync_dir(self.folder)
        super().rename_file(oldname, newname, safe=safe)
        fsync_dir(self.folder)
