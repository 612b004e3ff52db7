"""The one-writer rule: an ``flock`` on ``write.lock``, safe across forks and crashes."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from archive.errors import IndexBusyError

LOCK = "write.lock"


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
