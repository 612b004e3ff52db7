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
import re
import shutil
import signal
import sys
import time
import uuid
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
    except (FileNotFoundError, UnicodeDecodeError):
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


READERS = "readers"  # per-generation folder of reader markers (see hold_generation)
RETIRED = "RETIRED"  # written into a generation when a swap replaces it
PUBLISHED = "PUBLISHED"  # written into a generation once CURRENT has named it
#: Seconds a replaced generation is kept even without reader markers, for readers that
#: could not leave one (read-only index directory) or do not use :func:`hold_generation`.
RETIRED_GRACE = 60.0
_WHOOSH_TEMP_TOC = re.compile(r"^_MAIN_[0-9]+\.toc\.[0-9.]+$")
_WHOOSH_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")


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


def publish_generation(root: Path, name: str) -> None:
    """Stamp generation ``name`` as having been live (after ``CURRENT`` names it)."""
    stamp = root / name / PUBLISHED
    if not stamp.exists():
        with contextlib.suppress(OSError):
            stamp.write_text(str(time.time()), encoding="ascii")


def retire_generation(root: Path, name: str) -> None:
    """Stamp generation ``name`` as replaced now (called just before ``CURRENT`` moves on)."""
    with contextlib.suppress(OSError):
        (root / name / RETIRED).write_text(str(time.time()), encoding="ascii")


def remove_stale_generations(root: Path, keep: str, min_age: float | None = None) -> list[str]:
    """Delete generation directories other than ``keep`` that no reader holds.

    Call it only under the writer lock (so no other writer is building a generation).
    A generation that was never live (left by a killed ``--full``) goes at once; one that a
    swap replaced goes once no live reader marker is left in it and it was replaced at least
    ``min_age`` seconds ago (default :data:`RETIRED_GRACE`). One that was live and never
    replaced is kept: ``CURRENT`` was lost or damaged, and it may be the only copy.
    """
    grace = RETIRED_GRACE if min_age is None else min_age
    removed = []
    now = time.time()
    for p in sorted(root.iterdir()):
        if not p.name.startswith(GEN_PREFIX) or p.name == keep or not p.is_dir():
            continue
        try:
            retired: float | None = (p / RETIRED).stat().st_mtime
        except OSError:
            retired = None
        if retired is not None and now - retired < grace:
            continue
        if retired is None and (p / PUBLISHED).exists():
            continue
        if live_readers(p):
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p.name)
    for tmp in root.glob(f".{CURRENT}.*.tmp"):  # left by a writer killed in set_current
        with contextlib.suppress(OSError):
            tmp.unlink()
    return removed


def tidy_generation(gen_dir: Path) -> list[str]:
    """Remove the temporary files a killed writer left in a generation (writer lock held).

    Whoosh removes unused segment files at each commit, but not its own temporary TOC
    files (``_MAIN_N.toc.<time>``); and a TOC older than the latest, or the ``MAIN.tmp``
    scratch directory of Whoosh's multi-process writer, can be left behind when a killed
    writer's workers raced the commit (seen once in the SIGKILL test under load).
    """
    removed = []
    found = ((p.name, _WHOOSH_TOC.match(p.name)) for p in gen_dir.iterdir())
    tocs = {name: int(m.group(1)) for name, m in found if m}
    latest = max(tocs.values(), default=None)
    for p in gen_dir.iterdir():
        stale_toc = p.name in tocs and tocs[p.name] != latest  # Whoosh's clean_files missed it
        if _WHOOSH_TEMP_TOC.match(p.name) or p.name == "sources.tmp" or stale_toc:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p.name)
        elif p.name == "MAIN.tmp" and p.is_dir():  # a writer's posting-pool scratch space
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


# Lock file descriptors this process holds, closed in forked children (a worker pool forked
# while indexing would otherwise keep the writer lock alive after the writer is killed).
_HELD: dict[int, int] = {}


def _after_fork_in_child() -> None:
    if not _HELD:
        return
    owners = set(_HELD.values())
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)  # drops the child's reference only; the parent keeps the lock
    _HELD.clear()
    _die_with_parent()
    if os.getppid() not in owners:  # the writer died before we got here
        os._exit(1)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this (forked worker) process when its parent dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


os.register_at_fork(after_in_child=_after_fork_in_child)


class WriterLock:
    """The held writer lock; ``stale_pid`` is the killed writer whose lock was found."""

    def __init__(self, root: Path, stale_pid: int | None) -> None:
        self.root = root
        self.stale_pid = stale_pid

    @property
    def message(self) -> str | None:
        """The notice to show the user when a stale lock was cleared."""
        if self.stale_pid is None:
            return None
        return f"cleared a stale lock left by process {self.stale_pid}"


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[WriterLock]:
    """Hold the index's writer lock (an ``flock``, released by the kernel if we die).

    The lock file records the holder's pid and is emptied on a clean exit, so a pid found
    in it when the lock is free names a writer that was killed (``WriterLock.stale_pid``).

    :raises IndexBusyError: another live process holds it
    """
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    pid = os.getpid()
    locked = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            msg = f"index busy: {root} is being written by process {holder or '?'}"
            if holder.isdigit() and not _pid_alive(int(holder)):
                msg += f" (gone, but a process it started still holds {path})"
            raise IndexBusyError(msg) from None
        locked = True
        _HELD[fd] = pid
        recorded = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        stale = int(recorded) if recorded.isdigit() and int(recorded) != pid else None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(pid).encode(), 0)
        os.fsync(fd)
        yield WriterLock(root, stale)
    finally:
        if os.getpid() == pid:  # never in a forked child: it closed the descriptor
            _HELD.pop(fd, None)
            if locked:  # a writer told "busy" must not erase the holder's pid
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
            os.close(fd)


def directory_size(path: Path) -> int:
    """Return the total size in bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
