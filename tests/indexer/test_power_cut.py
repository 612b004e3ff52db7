"""Durable commits: a power cut at any write leaves the complete old or new state.

Each scenario (an incremental add, replace or delete, and a ``--full`` rebuild) is run once
to count its write events and learn the new state, then again from the old state with the
power cut at chosen events (every rename, the fsync before it, and points spread evenly over
the run) by :class:`tests.indexer.powercut.PowerCut`. What survives, in each of three
weathers, must pass ``vnarchive check``, read back as exactly the old or the new articles,
and let the next run reach the new state. A cut after the run returned must keep the new
state (the commit is durable). With fsync switched off the same harness finds damage.
"""

from __future__ import annotations

import gc
import json
import shutil
import warnings
from pathlib import Path

import pytest

from archive import Archive
from archive.check import check_index
from archive.index import cleanup, durable
from indexer.pipeline import index_paths
from tests.indexer.powercut import WEATHERS, Cut, PowerCut

CUTS_PER_SCENARIO = 6  # spread points; renames (commit points) and the fsync before come on top

State = dict[str, str]


def feed(path: Path, ids: range, tag: str = "") -> None:
    lines = [
        {
            "id": f"{path.stem}-{i}",
            "title": f"Bài {i} Hà Nội mưa lớn {tag}",
            "text": f"cán bộ nhân dân kinh tế phát triển số {i} {tag}",
            "date": "2024-01-02",
        }
        for i in ids
    ]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")


def dataset_a(data: Path) -> None:
    data.mkdir()
    feed(data / "one.jsonl", range(40))
    feed(data / "two.jsonl", range(30))
    (data / "page.html").write_text(
        "<html><head><title>Trang Đà Nẵng</title></head><body><p>du lịch</p></body></html>",
        "utf-8",
    )


def change(data: Path, scenario: str) -> None:
    if scenario in ("add", "full"):
        feed(data / "three.jsonl", range(25))
    if scenario in ("replace", "full"):
        feed(data / "one.jsonl", range(40), tag="(cập nhật)")
    if scenario in ("delete", "full"):
        (data / "two.jsonl").unlink()


def state(index: Path) -> State:
    with Archive.open(index) as arc:
        return {a.id: a.title for a in arc.iter_articles()}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, State]:
    base = tmp_path_factory.mktemp("base")
    dataset_a(base / "data-a")
    shutil.copytree(base / "data-a", base / "data")  # every run indexes this same folder
    assert index_paths([base / "data"], base / "ix").failed == []
    return base / "data-a", base / "ix", state(base / "ix")


def run(
    tmp: Path,
    template: tuple[Path, Path, State],
    scenario: str,
    cut_at: int | None,
    mp: pytest.MonkeyPatch,
) -> tuple[PowerCut, Path, bool]:
    """Copy the old state, change the data, index with the power cut at event ``cut_at``."""
    data_a, ix_a, _ = template
    data, index = data_a.parent / "data", tmp / "ix"
    shutil.rmtree(data)
    shutil.copytree(data_a, data)
    shutil.copytree(ix_a, index)
    change(data, scenario)
    pc = PowerCut(index, tmp / "graveyard", cut_at)
    pc.arm()
    cut = True
    with mp.context() as m:
        m.setattr(cleanup, "RETIRED_GRACE", 0.0)
        pc.install(m)
        try:
            assert index_paths([data], index, full=scenario == "full", procs=1).failed == []
            cut = False
        except Cut:
            with warnings.catch_warnings():  # the cut run's read-side files, left to the GC
                warnings.simplefilter("ignore", ResourceWarning)
                pc.close_files()
                gc.collect()
    if not cut:
        pc.cut_now()  # the power goes after the run returned
    return pc, data, cut


def plan(events: list[str]) -> list[int]:
    """Event numbers to cut at: renames, the event before each, and evenly spread ones."""
    n = len(events)
    at = {i + 1 for i, kind in enumerate(events) if kind == "rename"}
    at |= {i for i in at if i > 1}
    at |= {1 + (k * (n - 1)) // (CUTS_PER_SCENARIO - 1) for k in range(CUTS_PER_SCENARIO)}
    return sorted(at)


def outcomes(
    tmp: Path, pc: PowerCut, data: Path, old: State, new: State, full: bool, seed: int
) -> list[str]:
    """What each weather left: "old", "new", or a description of the damage."""
    found = []
    for weather in WEATHERS:
        out = tmp / f"after-{weather}"
        pc.image(out, weather, seed)
        report = check_index(out)
        if not report.ok:
            found.append(f"{weather}: check failed: {report.problems}")
            continue
        try:
            now = state(out)
        except Exception as exc:  # noqa: BLE001 - damage to report
            found.append(f"{weather}: search fails: {exc!r}")
            continue
        if now not in (old, new):
            found.append(f"{weather}: mixed state ({len(now)} articles)")
            continue
        found.append("new" if now == new else "old")
        if weather == "random":  # the next run finishes the job
            assert index_paths([data], out, full=full).failed == []
            assert state(out) == new
    return found


SCENARIOS = ["add", "replace", "delete", "full"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_power_cut_leaves_old_or_new_state(
    tmp_path: Path,
    template: tuple[Path, Path, State],
    scenario: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = template[2]
    pc, _, cut = run(tmp_path / "dry", template, scenario, None, monkeypatch)
    assert not cut
    new = state(tmp_path / "dry" / "ix")
    assert new != old
    cuts = plan(pc.events)
    assert len(cuts) >= 5, cuts
    seen = set()
    for n, at in enumerate([*cuts, None]):
        tmp = tmp_path / f"cut-{n}"
        pc, data, cut = run(tmp, template, scenario, at, monkeypatch)
        assert cut == (at is not None)
        found = outcomes(tmp, pc, data, old, new, scenario == "full", seed=n)
        assert set(found) <= {"old", "new"}, f"cut at event {at}/{len(pc.events)}: {found}"
        if at is None:  # the run returned: its commit is on disk
            assert found == ["new"] * len(WEATHERS), found
        seen |= set(found)
        shutil.rmtree(tmp)
    assert seen == {"old", "new"}
    print(f"{scenario}: {len(cuts)} cut points over {len(pc.events)} events")


def test_without_fsync_the_harness_finds_damage(
    tmp_path: Path, template: tuple[Path, Path, State], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durable, "FSYNC", False)
    old = template[2]
    bad = []
    for scenario in ("replace", "full"):
        pc, _, _ = run(tmp_path / f"dry-{scenario}", template, scenario, None, monkeypatch)
        new = state(tmp_path / f"dry-{scenario}" / "ix")
        for n, at in enumerate([*plan(pc.events), None]):
            tmp = tmp_path / f"{scenario}-{n}"
            pc, data, _ = run(tmp, template, scenario, at, monkeypatch)
            found = outcomes(tmp, pc, data, old, new, scenario == "full", seed=n)
            bad += [f for f in found if f not in ("old", "new")]
            if at is None and "old" in found:
                bad.append("a returned commit was lost")
            shutil.rmtree(tmp)
    print(f"fsync off: {len(bad)} damaged outcomes: {sorted({b[:90] for b in bad})}")
    assert bad, "fsync off, yet no power cut damaged the index"
