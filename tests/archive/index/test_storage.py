"""Index files are read by many threads at once without sharing a file position."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from whoosh.filedb.structfile import StructFile

from archive.index.storage import IndexStorage, SharedFile


def _file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    return path


def test_reads_like_a_file(tmp_path: Path) -> None:
    data = b"line one\nline two\n" + bytes(range(256))
    f = SharedFile(str(_file(tmp_path, data)))
    assert f.read(4) == b"line" and f.tell() == 4
    assert f.readline() == b" one\n"
    f.seek(-3, os.SEEK_END)
    assert f.read() == bytes([253, 254, 255])
    f.seek(5)
    f.seek(3, os.SEEK_CUR)
    assert f.read(1) == b"\n"
    assert f.read(0) == b""
    assert bytes(f.buffer[:4]) == b"line"
    f.close()


def test_empty_file(tmp_path: Path) -> None:
    f = SharedFile(str(_file(tmp_path, b"")))
    assert f.read() == b"" and f.readline() == b"" and len(f.buffer) == 0
    f.close()


def test_each_thread_has_its_own_position(tmp_path: Path) -> None:
    # Whoosh reads a posting block with seek() then read(): with one shared position, a
    # second thread's seek would make the first read the wrong bytes.
    data = b"".join(i.to_bytes(4, "big") for i in range(50_000))
    st = StructFile(SharedFile(str(_file(tmp_path, data))))
    errors: list[str] = []
    start = threading.Barrier(4)

    def reader(seed: int) -> None:
        start.wait()
        for k in range(20_000):
            i = (seed * 7919 + k * 104_729) % 50_000
            st.seek(i * 4)
            if st.read_uint() != i:
                errors.append(f"thread {seed} read the wrong bytes at {i}")
                return

    threads = [threading.Thread(target=reader, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_storage_opens_files_shared(tmp_path: Path) -> None:
    st = IndexStorage(tmp_path)
    with st.create_file("x") as out:
        out.write(b"abc")
    opened = st.open_file("x")
    assert isinstance(opened.file, SharedFile) and opened.read(3) == b"abc"
    opened.close()
