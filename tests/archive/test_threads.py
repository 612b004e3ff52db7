"""Threads searching one Archive never wait for each other, nor for an export."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from archive import Archive, ArchiveWriter, Article
from archive.index.snapshot import Snapshot
from tests.archive.conftest import ARTICLES

QUERIES = ["hai duong", "Đảng", "can bo", '"ho chi minh"', "ha noi -covid", "tphcm", "duonh"]


def _search_all(arc: Archive, rounds: int, out: list[tuple[str, int]], errors: list[str]) -> None:
    try:
        for i in range(rounds):
            q = QUERIES[i % len(QUERIES)]
            out.append((q, arc.search(q, per_page=5).total))
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(repr(exc))


def _run_threads(arc: Archive, n: int, rounds: int) -> tuple[list[tuple[str, int]], list[str]]:
    out: list[tuple[str, int]] = []
    errors: list[str] = []
    threads = [
        threading.Thread(target=_search_all, args=(arc, rounds, out, errors)) for _ in range(n)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a search thread is stuck"
    return out, errors


def test_paused_export_never_blocks_searches(arc: Archive) -> None:
    expected = {q: arc.search(q, per_page=5).total for q in QUERIES}
    export = arc.iter_articles()
    first = next(export)  # an export paused after its first article
    out, errors = _run_threads(arc, 4, 40)
    assert errors == [] and len(out) == 160
    assert all(total == expected[q] for q, total in out)
    rest = list(export)  # the export then finishes on the same snapshot
    assert len(rest) + 1 == len(ARTICLES) and first.id not in {a.id for a in rest}


def test_a_slow_search_does_not_hold_back_the_others(
    arc: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot_class = type(arc._live.current)  # the engine's snapshot (Whoosh or PostgreSQL)
    inside, release = threading.Event(), threading.Event()
    original = snapshot_class.stored

    def stored(self: Snapshot, docnum: int) -> dict[str, object]:
        if threading.current_thread() is slow_thread:
            inside.set()
            release.wait(30)
        return original(self, docnum)

    monkeypatch.setattr(snapshot_class, "stored", stored)
    slow_thread = threading.Thread(target=lambda: arc.search("Hải Dương phát triển"))
    slow_thread.start()
    assert inside.wait(10)
    out, errors = _run_threads(arc, 2, 20)  # all of these finish while the slow one waits
    assert errors == [] and len(out) == 40
    assert slow_thread.is_alive()
    release.set()
    slow_thread.join(10)
    assert not slow_thread.is_alive()


def test_rebuild_while_searching_swaps_without_errors(index_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    shutil.copytree(index_dir, root)
    with Archive.open(root) as arc:
        old = arc._live.current
        stop = threading.Event()
        errors: list[str] = []
        totals: list[int] = []

        def searcher() -> None:
            while not stop.is_set():
                try:
                    totals.append(arc.search("hai duong").total)
                except Exception as exc:  # noqa: BLE001
                    errors.append(repr(exc))

        threads = [threading.Thread(target=searcher) for _ in range(3)]
        for t in threads:
            t.start()
        extra = Article("new-1", "Hải Dương mới", "", "Tin mới về Hải Dương.")
        with ArchiveWriter(root, full=True) as w:
            for a in [*ARTICLES, extra]:
                w.add(a, content_hash="v2", src="fixture")
        assert arc.refresh(force=True)
        before, deadline = len(totals), time.monotonic() + 30
        while len(totals) < before + 30 and not errors and time.monotonic() < deadline:
            time.sleep(0.01)  # let the searchers run on the new snapshot for a while
        stop.set()
        for t in threads:
            t.join(10)
        assert errors == []
        assert old._closed  # the replaced snapshot closed once its last search ended
        assert arc.search("hai duong").total == max(totals)
        assert len(set(totals)) <= 2  # the old count, then the new one: nothing in between
