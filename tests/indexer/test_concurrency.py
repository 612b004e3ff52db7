"""Concurrency: one writer at a time, readers undisturbed by rebuilds, old generations removed
only once no reader holds them."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from archive.index import cleanup
from archive.index.cleanup import RETIRED
from archive.index.holds import READERS, hold_generation, live_readers, open_held_generation
from archive.index.layout import GEN_PREFIX, current_generation
from archive.index.lock import LOCK
from indexer.cli import main
from indexer.pipeline import index_paths

CLI = [sys.executable, "-m", "indexer.cli"]
WORDS = "Hà Nội mưa lớn đường phố ngập nước cán bộ nhân dân kinh tế Đà Nẵng du lịch".split()


def write_feed(folder: Path, prefix: str, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(prefix)
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            title = f"{prefix} {i} " + " ".join(rng.choice(WORDS) for _ in range(5))
            text = " ".join(rng.choice(WORDS) for _ in range(40))
            row = {"id": f"{prefix}{i}", "title": title, "text": text, "date": "2024-03-01"}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return folder


def ids(index: Path) -> set[str]:
    with Archive.open(index) as arc:
        return {a.id for a in arc.iter_articles()}


def generations(index: Path) -> set[str]:
    return {p.name for p in index.iterdir() if p.name.startswith(GEN_PREFIX)}


def wait_for_lock(proc: subprocess.Popen[bytes], index: Path) -> None:
    while proc.poll() is None:
        try:
            if (index / LOCK).read_text(encoding="ascii").strip() == str(proc.pid):
                return
        except OSError:
            pass
        time.sleep(0.002)
    raise AssertionError("the writer ended before it was seen holding the lock")


@pytest.fixture()
def no_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cleanup, "RETIRED_GRACE", 0.0)


def test_second_index_run_is_told_busy_and_never_interleaves(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    first = write_feed(tmp_path / "first", "a", 1500)
    second = write_feed(tmp_path / "second", "b", 20)
    proc = subprocess.Popen(
        [*CLI, "index", str(first), "--index", str(index), "--full"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wait_for_lock(proc, index)
    result = CliRunner().invoke(main, ["index", str(second), "--index", str(index), "--json"])
    still_running = proc.poll() is None
    _, err = proc.communicate()
    assert still_running, "the first run ended too soon for the test to mean anything"
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Error: index busy: {index} is being written by process {proc.pid}"
    ]
    assert proc.returncode == 0, err.decode()
    # the busy run wrote nothing, not even into the lock file
    assert ids(index) == {f"a{i}" for i in range(1500)}
    assert (index / LOCK).read_text(encoding="ascii") == ""
    assert CliRunner().invoke(main, ["index", str(second), "--index", str(index)]).exit_code == 0
    assert len(ids(index)) == 1520


def test_reader_keeps_answering_during_full_rebuilds(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    data = write_feed(tmp_path / "data", "a", 300)
    index_paths([data], index)
    errors: list[BaseException] = []
    answers: list[int] = []
    stop = threading.Event()
    with Archive.open(index) as arc:

        def read() -> None:
            while not stop.is_set():
                try:
                    answers.append(arc.search("mưa lớn", per_page=5).total)
                    arc.search("", sort="newest", province=["Hà Nội"])
                    arc.get("a1")
                    arc.refresh(force=True)
                except BaseException as exc:  # noqa: BLE001 - the test reports it
                    errors.append(exc)
                    return

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for prefix in ("b", "c"):  # two swaps while the reader works
                write_feed(data, prefix, 300)
                done = subprocess.run(
                    [*CLI, "index", str(data), "--index", str(index), "--full"],
                    capture_output=True,
                    timeout=120,
                )
                assert done.returncode == 0, done.stderr.decode()
        finally:
            stop.set()
            reader.join()
        assert errors == []
        assert answers and min(answers) > 0
        arc.refresh(force=True)
        assert arc.get("a1") is None and arc.get("c1") is not None
        assert arc.search("c").total == 300
        assert arc.generation.startswith(str(current_generation(index)))


def test_reader_in_another_process_survives_a_rebuild(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    data = write_feed(tmp_path / "data", "a", 200)
    index_paths([data], index)
    script = (
        "import sys\n"
        "from archive import Archive\n"
        "arc = Archive.open(sys.argv[1])\n"
        "for line in sys.stdin:\n"
        "    arc.refresh(force=True)\n"
        "    print(arc.search(line.strip()).total, arc.get('b1') is not None, flush=True)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(index)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None

    def ask(query: str) -> str:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(query + "\n")
        proc.stdin.flush()
        return proc.stdout.readline().strip()

    try:
        assert ask("a") == "200 False"
        write_feed(data, "b", 250)
        index_paths([data], index, full=True)
        assert ask("b") == "250 True"
    finally:
        proc.communicate(timeout=30)
    assert proc.returncode == 0


def test_held_generation_is_kept_until_its_reader_is_gone(tmp_path: Path, no_grace: None) -> None:
    index = tmp_path / "ix"
    data = write_feed(tmp_path / "data", "a", 50)
    index_paths([data], index)
    gen1 = current_generation(index)
    assert gen1 is not None
    # a reader in another process holds the first generation, then is killed
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, pathlib\n"
            "from archive.index.holds import open_held_generation\n"
            "name, ix, hold = open_held_generation(pathlib.Path(sys.argv[1]))\n"
            "print(name, flush=True)\n"
            "time.sleep(60)\n",
            str(index),
        ],
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdout.readline().decode().strip() == gen1
    write_feed(data, "b", 50)
    index_paths([data], index, full=True)
    gen2 = current_generation(index)
    assert gen2 != gen1 and generations(index) == {gen1, gen2}  # held: kept
    assert live_readers(index / gen1) == 1
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert list((index / gen1 / READERS).iterdir())  # a dead reader's marker is left…
    index_paths([data], index)  # …and the next writer run removes the generation
    assert generations(index) == {gen2}

    # the same within one process: Archive-style hold, released on close
    name, ix, hold = open_held_generation(index)
    assert name == gen2 and hold.marker is not None and hold.marker.exists()
    write_feed(data, "c", 50)
    index_paths([data], index, full=True)
    gen3 = current_generation(index)
    assert generations(index) == {gen2, gen3}
    with ix.searcher() as s:  # the held generation still answers
        assert s.doc_count() == 50
    ix.close()
    hold.release()
    assert not hold.marker.exists()
    index_paths([data], index)
    assert generations(index) == {gen3}


def test_replaced_generation_without_readers_waits_out_the_grace(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    data = write_feed(tmp_path / "data", "a", 30)
    index_paths([data], index)
    gen1 = current_generation(index)
    assert gen1 is not None
    # an orphan a killed --full left behind goes at the next run, whatever the grace
    orphan = index / f"{GEN_PREFIX}000099"
    orphan.mkdir()
    (orphan / "vnarchive.json").write_text("{}", encoding="utf-8")
    index_paths([data], index, full=True)
    gen2 = current_generation(index)
    assert generations(index) == {gen1, gen2}  # gen1 was just replaced: kept for the grace
    assert (index / gen1 / RETIRED).exists()
    index_paths([data], index)
    assert gen1 in generations(index)
    past = time.time() - cleanup.RETIRED_GRACE - 1
    os.utime(index / gen1 / RETIRED, (past, past))
    index_paths([data], index)
    assert generations(index) == {gen2}


def test_hold_markers(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_paths([write_feed(tmp_path / "data", "a", 5)], index)
    name = current_generation(index)
    assert name is not None
    gen = index / name
    with hold_generation(index, name) as hold:
        assert hold.marker is not None and hold.marker.parent == gen / READERS
        assert live_readers(gen) == 1
    assert live_readers(gen) == 0 and not list((gen / READERS).iterdir())
    (gen / READERS / "12345-deadbeef").touch()  # a marker nobody holds: a dead reader
    assert live_readers(gen) == 0 and not list((gen / READERS).iterdir())
    with pytest.raises(FileNotFoundError):
        hold_generation(index, "gen-999999")


def test_generation_that_was_live_is_kept_when_current_is_lost(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    data = write_feed(tmp_path / "data", "a", 10)
    index_paths([data], index)
    gen1 = current_generation(index)
    assert gen1 is not None
    (index / "CURRENT").unlink()  # damaged by hand: the next run starts a new generation…
    index_paths([write_feed(tmp_path / "more", "b", 3)], index)
    assert ids(index) == {"b0", "b1", "b2"}
    assert gen1 in generations(index)  # …but never deletes the one that held the archive
