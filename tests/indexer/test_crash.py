"""Crash safety: a `vnarchive index` killed with SIGKILL anywhere leaves a usable index.

A real subprocess indexes a folder (a JSONL feed of small records and a folder of HTML
pages) and is killed at seeded random points spread over its run, and right after its
commit starts (the first new column file appears). After each kill the index opens and holds
exactly the old state or exactly the new one; the next run finishes and gives the new state
and leaves no half-built generation or Whoosh temporary file behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from archive import Archive
from archive.check import check_index
from archive.index import cleanup
from archive.index.layout import GEN_PREFIX, current_generation
from archive.index.lock import LOCK, writer_lock
from indexer.pipeline import index_paths

CLI = [sys.executable, "-m", "indexer.cli"]
RECORDS = 300
PAGES = 20
TIMED_KILLS = 8  # per mode, stratified over the run (parsing, indexing, commit, swap)
COMMIT_KILLS = 4  # per mode: as Whoosh's commit starts, as it ends, (--full) after the swap

WORDS = (
    "Hà Nội mưa lớn đường phố ngập nước cán bộ nhân dân kinh tế phát triển Đà Nẵng du lịch "
    "Hải Dương nông nghiệp giáo dục thủy lợi"
).split()

State = dict[str, tuple[str, str]]


def write_dataset(folder: Path, variant: str) -> None:
    """Variant "B" drops, edits and adds records and pages relative to "A"."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(RECORDS):
        rng = random.Random(i)
        if variant == "B" and i % 10 == 0:
            continue
        title = f"Bài {i} " + " ".join(rng.choice(WORDS) for _ in range(6))
        if variant == "B" and i % 7 == 0:
            title += " (cập nhật)"
        text = " ".join(rng.choice(WORDS) for _ in range(40))
        lines.append({"id": f"r{i}", "title": title, "text": text, "date": "2024-01-02"})
    if variant == "B":
        lines += [
            {"id": f"n{i}", "title": f"Tin mới {i}", "text": "nội dung mới"} for i in range(50)
        ]
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in lines), encoding="utf-8"
    )
    pages = folder / "pages"
    if pages.exists():
        for old in pages.iterdir():
            old.unlink()
    pages.mkdir(exist_ok=True)
    for i in range(PAGES):
        if variant == "B" and i % 5 == 0:
            continue
        title = f"Trang {i}" + (" mới" if variant == "B" else "")
        (pages / f"p{i}.html").write_text(
            f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>{' '.join(WORDS)} số {i}.</p></body></html>",
            encoding="utf-8",
        )


def state(index: Path) -> State:
    with Archive.open(index) as arc:
        return {a.id: (a.title, a.body[:40]) for a in arc.iter_articles()}


def generations(index: Path) -> set[str]:
    return {p.name for p in index.iterdir() if p.name.startswith(GEN_PREFIX)}


def assert_tidy(index: Path) -> None:
    """Only the live generation is left, and it holds no temporary file of a killed writer."""
    live = current_generation(index)
    assert live is not None
    assert generations(index) == {live}
    names = {p.name for p in (index / live).iterdir()}
    tocs = [n for n in names if n.startswith("_MAIN_")]
    assert len(tocs) == 1 and tocs[0].endswith(".toc"), names
    assert "MAIN.tmp" not in names and "sources.tmp" not in names, names
    assert not list(index.glob(".CURRENT.*")), "a temporary CURRENT was left behind"


def start(data: Path, index: Path, full: bool) -> subprocess.Popen[bytes]:
    args = [*CLI, "index", str(data), "--index", str(index), "--json"]
    return subprocess.Popen(
        args + (["--full"] if full else []), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate()


def column_files(index: Path) -> set[Path]:
    return set(index.glob(f"{GEN_PREFIX}*/*.col"))


def wait_until(proc: subprocess.Popen[bytes], ready: Callable[[], object]) -> bool:
    """Poll until ``ready()`` is true or the process ends; True when it became ready."""
    while proc.poll() is None:
        if ready():
            return True
        time.sleep(0.002)
    return False


def has_lock(index: Path, pid: int) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return (index / LOCK).read_text(encoding="ascii").strip() == str(pid)
        except OSError:
            return False

    return ready


def toc_files(index: Path) -> set[Path]:
    """The TOC files of commits (``_MAIN_0.toc`` is an empty new generation's)."""
    return {p for p in index.glob(f"{GEN_PREFIX}*/_MAIN_*.toc") if p.name != "_MAIN_0.toc"}


def wait_for_phase(proc: subprocess.Popen[bytes], index: Path, phase: str) -> bool:
    """Wait until the run reaches ``phase``:

    - ``commit``: Whoosh's commit has begun (a new segment's column files appear);
    - ``toc``: Whoosh's commit is done (a new TOC file appears; --full swaps next);
    - ``swap``: ``CURRENT`` names another generation (--full cleans up next).
    """
    if phase == "commit":
        cols = column_files(index)
        return wait_until(proc, lambda: column_files(index) - cols)
    if phase == "toc":
        tocs = toc_files(index)
        return wait_until(proc, lambda: toc_files(index) - tocs)
    live = current_generation(index)
    return wait_until(proc, lambda: current_generation(index) != live)


@pytest.fixture()
def no_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replaced generations go as soon as no reader holds them (the test holds none)."""
    monkeypatch.setattr(cleanup, "RETIRED_GRACE", 0.0)


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_sigkill_anywhere_leaves_old_or_new_state(
    tmp_path: Path, full: bool, no_grace: None, caplog: pytest.LogCaptureFixture
) -> None:
    data, index = tmp_path / "data", tmp_path / "ix"
    write_dataset(data, "A")
    assert index_paths([data], index).failed == []
    refs = {"A": state(index)}
    write_dataset(data, "B")
    proc = start(data, index, full)
    assert wait_until(proc, has_lock(index, proc.pid))
    locked = time.monotonic()
    out, err = proc.communicate()
    work_seconds = time.monotonic() - locked
    assert proc.returncode == 0, err.decode()
    assert json.loads(out)["failed"] == []
    refs["B"] = state(index)
    assert refs["A"] != refs["B"]

    # Kill points: stratified over the run from the moment it holds the writer lock (so
    # none is wasted on Python's start-up), and right inside the commit.
    rng = random.Random(20240520 + full)
    slots = list(range(TIMED_KILLS))
    rng.shuffle(slots)
    plan = [("timed", (s + rng.random()) / TIMED_KILLS * work_seconds * 0.9) for s in slots]
    plan += [("commit", rng.uniform(0.0, 0.1)) for _ in range(COMMIT_KILLS - 2)]
    plan += [("toc", rng.uniform(0.0, 0.01)), ("swap" if full else "toc", 0.0)]
    rng.shuffle(plan)

    have = "B"
    outcomes = []
    for n, (kind, delay) in enumerate(plan):
        want = "A" if have == "B" else "B"
        write_dataset(data, want)
        proc = start(data, index, full)
        if kind != "timed":
            wait_for_phase(proc, index, kind)
        else:
            wait_until(proc, has_lock(index, proc.pid))
        time.sleep(delay)
        finished = proc.poll() is not None
        kill(proc)
        # the index opens and holds exactly one of the two states, and checks clean
        now = state(index)
        assert now in (refs[have], refs[want]), f"{kind} kill after {delay:.2f}s: mixed state"
        outcomes.append((kind, "new" if now == refs[want] else "old", finished))
        if n % 2 == 0 or kind == "commit":
            report = check_index(index)
            assert report.ok, report.problems
        recorded = (index / LOCK).read_text(encoding="ascii").strip()
        # the next run completes, says so when the killed writer's lock was left, and
        # gives the new state with nothing of the killed run left behind
        caplog.clear()
        assert index_paths([data], index, full=full).failed == []
        assert state(index) == refs[want]
        if recorded == str(proc.pid):
            assert f"cleared a stale lock left by process {proc.pid}" in caplog.text
        assert_tidy(index)
        have = want
    # most kills landed while the run was going on (a later run can be quicker than the
    # reference run on a loaded machine), some inside the commit, and (with SIGKILL
    # landing after the point of no return) both outcomes were seen
    assert sum(not done for _, _, done in outcomes) >= len(plan) // 2, outcomes
    assert any(kind == "commit" and not done for kind, _, done in outcomes), outcomes
    # killed once Whoosh's commit (incremental) or the swap (--full) is done: the new state
    assert all(o == "new" for kind, o, _ in outcomes if kind == ("swap" if full else "toc"))
    assert {"old", "new"} <= {o for _, o, _ in outcomes}, outcomes


def test_stale_writer_lock_is_reported_and_cleared(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "ix"
    write_dataset(data, "A")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pathlib\n"
            "from archive.index.lock import writer_lock\n"
            "with writer_lock(pathlib.Path(sys.argv[1])):\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(60)\n",
            str(index),
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    busy = subprocess.run(
        [*CLI, "index", str(data), "--index", str(index)], capture_output=True, timeout=60
    )
    assert busy.returncode == 1
    assert f"index busy: {index} is being written by process {holder.pid}" in busy.stderr.decode()
    kill(holder)
    done = subprocess.run(
        [*CLI, "index", str(data), "--index", str(index)], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    assert f"cleared a stale lock left by process {holder.pid}" in done.stderr.decode()
    assert (index / LOCK).read_text(encoding="ascii") == ""  # a clean exit empties it


def test_whoosh_writelock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "ix"
    write_dataset(data, "A")
    index_paths([data], index)
    gen = index / str(current_generation(index))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from whoosh import index\n"
            "w = index.open_dir(sys.argv[1]).writer()\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
            str(gen),
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
    kill(holder)
    assert (gen / "MAIN_WRITELOCK").exists()
    write_dataset(data, "B")
    assert index_paths([data], index).failed == []
    assert "n1" in state(index)


def test_workers_forked_by_a_killed_writer_die_and_release_the_lock(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    script = (
        "import os, sys, time, pathlib\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from archive.index.lock import writer_lock\n"
        "with writer_lock(pathlib.Path(sys.argv[1])):\n"
        "    pool = ProcessPoolExecutor(2)\n"
        "    pids = [pool.submit(os.getpid).result() for _ in range(4)]\n"
        "    print(' '.join(map(str, sorted(set(pids)))), flush=True)\n"
        "    pool.submit(time.sleep, 60)\n"
        "    time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script, str(index)], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert workers
    kill(parent)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.05)
    assert not any(_alive(p) for p in workers), "pool workers outlived the killed writer"
    with writer_lock(index) as lock:
        assert lock.stale_pid == parent.pid


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its (re-parented) parent to reap it is gone too
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_orphan_generation_of_a_killed_full_run_is_removed(tmp_path: Path) -> None:
    data, index = tmp_path / "data", tmp_path / "ix"
    write_dataset(data, "A")
    index_paths([data], index)
    live = current_generation(index)
    proc = start(data, index, full=True)
    wait_until(proc, lambda: len(generations(index)) > 1)
    time.sleep(0.1)
    kill(proc)
    orphans = generations(index) - {live}
    assert orphans, "the killed --full run had not created its generation yet"
    assert current_generation(index) == live
    index_paths([data], index)  # an incremental run cleans up too
    assert generations(index) == {live}


def test_sigkill_while_build_workers_write_segments(tmp_path: Path, no_grace: None) -> None:
    """A `--full` on two processes, its batches small (many segments), killed at points
    spread over the run: its workers die with it, the old state stays whole, and the
    next run builds the new one with nothing of the killed run left behind."""
    data, index = tmp_path / "data", tmp_path / "ix"
    write_dataset(data, "A")
    assert index_paths([data], index).failed == []
    refs = {"A": state(index)}
    env = {**os.environ, "VNARCHIVE_BATCH_CHARS": "4000"}
    args = [*CLI, "index", str(data), "--index", str(index), "--json", "--full", "--procs", "2"]
    write_dataset(data, "B")
    ref = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert wait_until(ref, has_lock(index, ref.pid))
    locked = time.monotonic()
    out, err = ref.communicate()
    work = time.monotonic() - locked
    assert ref.returncode == 0, (out.decode(), err.decode())
    refs["B"] = state(index)
    have = "B"
    killed_mid_run = 0
    for n in range(5):
        want = "A" if have == "B" else "B"
        write_dataset(data, want)
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        wait_until(proc, has_lock(index, proc.pid))
        time.sleep((n + 0.5) / 5 * work * 0.9)
        killed_mid_run += proc.poll() is None
        children = _children(proc.pid)
        kill(proc)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in children):
            time.sleep(0.05)
        assert not any(_alive(p) for p in children), "build workers outlived the killed run"
        now = state(index)
        assert now in (refs[have], refs[want])
        assert check_index(index).ok
        assert index_paths([data], index, full=True, procs=2).failed == []
        assert state(index) == refs[want]
        assert_tidy(index)
        have = want
    assert killed_mid_run >= 3


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []
