"""Whoosh file storage whose open files can be read by many threads at once.

Whoosh reads its files through one shared file object per segment file, with ``seek``
followed by ``read``: two threads searching the same segment move each other's file
position. Here every file opened for reading is memory-mapped and wrapped in a cursor whose
position is kept per thread, so reads never share state and no search waits for another
(the bytes come from the page cache; nothing is copied up front).
"""

from __future__ import annotations

import mmap
import os
import threading
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class _Cursor(threading.local):
    pos = 0


class SharedFile:
    """A read-only, memory-mapped file with a per-thread position (file-like for Whoosh).

    ``buffer`` exposes the mapped bytes (a memoryview) for bulk reads with numpy.
    """

    def __init__(self, path: str) -> None:
        self.name = path
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            # an empty file cannot be mapped
            self._map: mmap.mmap | None = (
                mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else None
            )
        self._size = size
        self._cursor = _Cursor()
        self.closed = False

    @property
    def buffer(self) -> memoryview:
        return memoryview(self._map) if self._map is not None else memoryview(b"")

    def read(self, n: int = -1) -> bytes:
        pos = self._cursor.pos
        end = self._size if n is None or n < 0 else min(self._size, pos + n)
        if self._map is None or pos >= end:
            return b""
        self._cursor.pos = end
        return self._map[pos:end]

    def readline(self, limit: int = -1) -> bytes:
        pos = self._cursor.pos
        if self._map is None or pos >= self._size:
            return b""
        nl = self._map.find(b"\n", pos)
        end = self._size if nl < 0 else nl + 1
        if limit is not None and limit >= 0:
            end = min(end, pos + limit)
        self._cursor.pos = end
        return self._map[pos:end]

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._cursor.pos
        elif whence == os.SEEK_END:
            offset += self._size
        self._cursor.pos = max(0, offset)
        return self._cursor.pos

    def tell(self) -> int:
        return self._cursor.pos

    def close(self) -> None:
        if self._map is not None and not self.closed:
            try:
                self._map.close()
            except BufferError:  # numpy views are still alive: the GC unmaps it later
                pass
        self.closed = True


class IndexStorage(FileStorage):
    """Whoosh's ``FileStorage`` whose read-side files are :class:`SharedFile` s."""

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False) -> None:
        super().__init__(str(path), supports_mmap=False, readonly=readonly)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        return StructFile(SharedFile(self._fpath(name)), name=name, **kwargs)
