"""A fault-injecting file system for power-cut tests (the way SQLite tests its promise).

:class:`PowerCut` patches, inside this process and for paths under an index directory only,
``open`` (files opened for writing get a raw file that counts each write), ``os.fsync``,
``os.replace``/``os.rename``, ``os.remove``/``os.unlink``, ``os.mkdir`` and
``shutil.rmtree``. Each of those is one *event*; at the chosen event number the power goes:
the event does not happen and :class:`Cut` is raised.

What survives is computed from what was fsynced, per inode (renames keep inodes; removed
and overwritten files are hard-linked into a graveyard first, so an inode number is never
reused during a run):

- a file's bytes are those of its last fsync (a file never fsynced is empty);
- a directory's entries are those of its last fsync (a directory never fsynced is empty),
  so creates, renames and removals since then are undone.

That is the ``lose`` weather. Real disks write back some unsynced changes too, in any
order, so two more are computed from the same cut: ``meta`` keeps every directory's current
entries (renames reached the disk) but only fsynced bytes (the delayed-allocation failure),
and ``random`` picks, per directory and per file, the fsynced or the current version or
(files) a torn prefix of it. Everything before :meth:`PowerCut.arm` counts as on disk.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import itertools
import os
import random
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

WEATHERS = ("lose", "meta", "random")
Listing = dict[str, tuple[int, bool]]  # name -> (inode, is a directory)


class Cut(BaseException):
    """The power went (a BaseException: no ``except Exception`` of the code swallows it)."""


_open, _fsync, _replace, _rename = builtins.open, os.fsync, os.replace, os.rename
_remove, _unlink, _mkdir, _rmtree = os.remove, os.unlink, os.mkdir, shutil.rmtree


def _listing(path: str) -> Listing:
    with os.scandir(path) as it:
        return {e.name: (e.inode(), e.is_dir(follow_symlinks=False)) for e in it}


def _read(path: str) -> bytes:
    with _open(path, "rb") as fh:
        return bytes(fh.read())


class PowerCut:
    """Count the write events under ``root``; cut the power at event ``cut_at`` (1-based)."""

    def __init__(self, root: Path, graveyard: Path, cut_at: int | None = None) -> None:
        self.root = str(root.resolve())
        self.grave = graveyard.resolve()
        self.grave.mkdir(parents=True, exist_ok=True)
        self.cut_at = cut_at
        self.events: list[str] = []
        self.dirs: dict[int, Listing] = {}  # durable directory entries, by inode
        self.data: dict[int, bytes] = {}  # durable file bytes, by inode
        self.current: tuple[dict[int, Listing], dict[int, bytes]] | None = None
        self.frozen: tuple[dict[int, Listing], dict[int, bytes]] = ({}, {})
        self._ids = itertools.count()
        self.opened: list[Any] = []  # files opened for writing (a cut run leaves them open)

    # -- the model ---------------------------------------------------------------------------
    def _mine(self, path: Any) -> bool:
        if isinstance(path, int):
            return False
        p = os.path.abspath(os.fspath(path))
        return p == self.root or p.startswith(self.root + os.sep)

    def _walk(self) -> tuple[dict[int, Listing], dict[int, bytes]]:
        dirs: dict[int, Listing] = {}
        data: dict[int, bytes] = {}
        for top in (self.root, str(self.grave)):
            for here, _, files in os.walk(top):
                dirs[os.stat(here).st_ino] = _listing(here)
                for name in files:
                    path = os.path.join(here, name)
                    data[os.stat(path).st_ino] = _read(path)
        return dirs, data

    def arm(self) -> None:
        """Take everything on disk now as durable and start counting."""
        self.dirs, self.data = self._walk()

    def tick(self, kind: str) -> None:
        if self.current is not None:
            return  # the power is off: what the code does on its way out is not kept
        self.events.append(kind)
        if self.cut_at is not None and len(self.events) >= self.cut_at:
            self.cut_now()
            raise Cut(kind)

    def cut_now(self) -> None:
        """Freeze what the disk holds: the durable state and, for the weathers, the current."""
        self.current = self._walk()
        self.frozen = (dict(self.dirs), dict(self.data))

    def close_files(self) -> None:
        """Close what the cut run left open (after the cut: nothing of it is kept)."""
        for fh in self.opened:
            with contextlib.suppress(Exception):
                fh.close()

    def _bury(self, path: Any) -> None:
        if self._mine(path) and os.path.lexists(path) and not os.path.isdir(path):
            os.link(path, self.grave / f"{next(self._ids)}", follow_symlinks=False)

    def image(self, out: Path, weather: str, seed: int = 0) -> None:
        """Write what survives the cut in ``weather`` to the new directory ``out``."""
        assert self.current is not None, "no power cut happened"
        cur_dirs, cur_data = self.current
        dirs, data = self.frozen
        rng = random.Random(seed)

        def listing(ino: int) -> Listing:
            durable, now = dirs.get(ino, {}), cur_dirs.get(ino)
            if now is None or weather == "lose":
                return durable
            return now if weather == "meta" or rng.random() < 0.5 else durable

        def content(ino: int) -> bytes:
            durable = data.get(ino, b"")
            now = cur_data.get(ino, durable)
            if weather != "random" or now == durable:
                return durable
            pick = rng.random()
            return (
                durable
                if pick < 0.4 or not now
                else now
                if pick < 0.7
                else now[: rng.randrange(len(now))]
            )

        def build(ino: int, path: Path) -> None:
            path.mkdir()
            for name, (child, is_dir) in sorted(listing(ino).items()):
                if is_dir:
                    build(child, path / name)
                else:
                    with _open(path / name, "wb") as fh:
                        fh.write(content(child))

        build(os.stat(self.root).st_ino, out)

    # -- the patches -------------------------------------------------------------------------
    def install(self, mp: pytest.MonkeyPatch) -> None:
        pc = self

        class Raw(io.FileIO):
            def write(self, b: Any) -> int:
                pc.tick("write")
                return super().write(b)

        def open_(
            file: Any,
            mode: str = "r",
            buffering: int = -1,
            encoding: Any = None,
            errors: Any = None,
            newline: Any = None,
            *a: Any,
            **kw: Any,
        ) -> Any:
            if not pc._mine(file) or not set(mode) & set("wax+"):
                return _open(file, mode, buffering, encoding, errors, newline, *a, **kw)
            pc.tick("open")
            raw = Raw(file, "".join(c for c in mode if c in "rwxa+"))
            buf: Any = io.BufferedRandom(raw) if "+" in mode else io.BufferedWriter(raw)
            pc.opened.append(buf)
            if "b" in mode:
                return buf
            return io.TextIOWrapper(
                buf, encoding=encoding or "utf-8", errors=errors, newline=newline
            )

        def fsync(fd: int) -> None:
            path = os.readlink(f"/proc/self/fd/{fd}").removesuffix(" (deleted)")
            if not pc._mine(path) and not path.startswith(str(pc.grave)):
                return _fsync(fd)
            pc.tick("fsync")
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                pc.dirs[st.st_ino] = _listing(path)
            else:
                pc.data[st.st_ino] = _read(f"/proc/self/fd/{fd}")
            return None  # the model is the disk: no real fsync needed

        def moving(real: Callable[..., Any], kind: str) -> Callable[..., Any]:
            def move(src: Any, dst: Any, **kw: Any) -> Any:
                if pc._mine(dst) and not kw:
                    pc.tick(kind)
                    pc._bury(dst)
                return real(src, dst, **kw)

            return move

        def removing(real: Callable[..., Any]) -> Callable[..., Any]:
            def remove(path: Any, **kw: Any) -> Any:
                if pc._mine(path) and not kw:
                    pc.tick("unlink")
                    pc._bury(path)
                return real(path, **kw)

            return remove

        def mkdir(path: Any, mode: int = 0o777, **kw: Any) -> Any:
            if pc._mine(path):
                pc.tick("mkdir")
            return _mkdir(path, mode, **kw)

        def rmtree(path: Any, ignore_errors: bool = False, onerror: Any = None) -> None:
            if not pc._mine(path):
                return _rmtree(path, ignore_errors, onerror)
            pc.tick("rmtree")
            if os.path.isdir(path):  # keep the inodes alive: a removed tree is buried whole
                _rename(path, pc.grave / f"{next(pc._ids)}")
            return None

        mp.setattr(builtins, "open", open_)
        mp.setattr(io, "open", open_)
        mp.setattr(os, "fsync", fsync)
        mp.setattr(os, "replace", moving(_replace, "rename"))
        mp.setattr(os, "rename", moving(_rename, "rename"))
        mp.setattr(os, "remove", removing(_remove))
        mp.setattr(os, "unlink", removing(_unlink))
        mp.setattr(os, "mkdir", mkdir)
        mp.setattr(shutil, "rmtree", rmtree)
