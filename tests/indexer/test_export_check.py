"""`vnarchive export` round-trips through `vnarchive index`; `vnarchive check` finds damage."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive, Article
from archive.check import check_index
from archive.index.layout import CURRENT, META, current_generation
from archive.index.schema import SCHEMA_VERSION
from indexer.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("sample") / "ix"
    code, _, err = run("index", str(SAMPLE), "--index", str(index))
    assert code == 0, err
    return index


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    """A small index of its own, for the tests that damage it."""
    index = tmp_path / "ix"
    code, _, err = run("index", str(SAMPLE / "export"), "--index", str(index))
    assert code == 0, err
    return index


def articles(index: Path) -> dict[str, Article]:
    with Archive.open(index) as arc:
        return {a.id: a for a in arc.iter_articles()}


def test_export_round_trips_every_field(sample_index: Path, tmp_path: Path) -> None:
    code, out, err = run("export", "--index", str(sample_index))
    assert code == 0 and err == ""
    lines = out.splitlines()
    original = articles(sample_index)
    assert len(lines) == len(original) == 45
    rows = [json.loads(line) for line in lines]
    for row in rows:  # Article.to_dict(), with an ISO 8601 date that keeps its offset
        assert list(row) == list(Article("x", "x").to_dict())
        if row["date"]:
            assert datetime.fromisoformat(row["date"]).utcoffset() is not None
    assert "\\u" not in out and "Đ" in out  # UTF-8, not escapes
    assert any(row["captions"] for row in rows) and all(row["path"] for row in rows)

    dump = tmp_path / "archive.jsonl"
    dump.write_text(out, encoding="utf-8")
    again = tmp_path / "again"
    code, _, err = run("index", str(dump), "--index", str(again))
    assert code == 0, err
    copy = articles(again)
    assert copy.keys() == original.keys()
    for aid, art in original.items():
        assert copy[aid].to_dict() == art.to_dict(), aid  # the original path included
    # and exporting the copy gives the same lines
    code, out2, _ = run("export", "--index", str(again))
    again_rows = [json.loads(x) for x in out2.splitlines()]
    assert sorted(again_rows, key=lambda r: r["id"]) == sorted(rows, key=lambda r: r["id"])


def test_export_without_index_is_one_line(tmp_path: Path) -> None:
    code, out, err = run("export", "--index", str(tmp_path / "none"))
    assert code == 1 and out == "" and "no index at" in err and len(err.splitlines()) == 1


def test_check_healthy_index(sample_index: Path) -> None:
    code, out, _ = run("check", "--index", str(sample_index))
    assert code == 0 and "ok" in out and "45 articles" in out
    code, out, _ = run("check", "--index", str(sample_index), "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and data["problems"] == []
    assert data["articles"] == 45 and data["schema_version"] == SCHEMA_VERSION
    assert data["generation"] == current_generation(sample_index)


def segment_file(index: Path) -> Path:
    gen = index / str(current_generation(index))
    # a compound segment file, or the postings file of a segment stored as separate files
    files = sorted(gen.glob("MAIN_*.seg")) or sorted(gen.glob("MAIN_*.pst"))
    assert files
    return files[0]


def damage_truncate_segment(index: Path) -> str:
    seg = segment_file(index)
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    return "segment"


def damage_delete_segment(index: Path) -> str:
    segment_file(index).unlink()
    return "segment"


def damage_delete_toc(index: Path) -> str:
    for toc in (index / str(current_generation(index))).glob("_MAIN_*.toc"):
        toc.unlink()
    return "Whoosh cannot open"


def damage_garble_current(index: Path) -> str:
    (index / CURRENT).write_bytes(b"\xff\xfe\x00garbage")
    return "CURRENT is garbled"


def damage_current_elsewhere(index: Path) -> str:
    (index / CURRENT).write_text("gen-000042\n", encoding="utf-8")
    return "CURRENT names 'gen-000042'"


def damage_delete_current(index: Path) -> str:
    (index / CURRENT).unlink()
    return "CURRENT is missing"


def damage_schema_version(index: Path) -> str:
    meta = index / str(current_generation(index)) / META
    meta.write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}), encoding="utf-8")
    return f"schema version {SCHEMA_VERSION - 1}"


def damage_delete_meta(index: Path) -> str:
    (index / str(current_generation(index)) / META).unlink()
    return "vnarchive.json is missing"


def damage_sources(index: Path) -> str:
    (index / str(current_generation(index)) / "sources.json").write_text("{", encoding="utf-8")
    return "sources.json is unreadable"


@pytest.mark.parametrize(
    "damage",
    [
        damage_truncate_segment,
        damage_delete_segment,
        damage_delete_toc,
        damage_garble_current,
        damage_current_elsewhere,
        damage_delete_current,
        damage_schema_version,
        damage_delete_meta,
        damage_sources,
    ],
)
def test_check_names_the_damage(index: Path, damage: object) -> None:
    assert check_index(index).ok
    assert callable(damage)
    reason = damage(index)
    code, out, err = run("check", "--index", str(index))
    assert code == 1 and out == ""
    assert "check failed" in err and reason in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, out, _ = run("check", "--index", str(index), "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and any(reason in p for p in data["problems"])


def test_check_counts_disagreeing(index: Path) -> None:
    """A stored document whose id is not the article's is caught."""
    from whoosh import index as whoosh_index

    gen = index / str(current_generation(index))
    ix = whoosh_index.open_dir(str(gen))
    with ix.writer() as w:
        w.add_document(id="ghost", key="ghost", src="", doc={"id": "other", "title": "x"})
    code, _, err = run("check", "--index", str(index))
    assert code == 1 and "two different ids" in err


def test_check_missing_index(tmp_path: Path) -> None:
    code, _, err = run("check", "--index", str(tmp_path / "none"))
    assert code == 1 and "no index directory" in err
