"""Folder and JSONL indexing: incremental by content, deletions, bad files, atomic --full."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from archive import Archive, ArchiveWriter, IndexBusyError
from archive.index.layout import current_generation
from archive.index.lock import writer_lock
from indexer.pipeline import index_paths

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - VnExpress</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-02-20T09:15:00+07:00">
<link rel="canonical" href="https://vnexpress.net/{slug}.html"></head>
<body><nav>Trang chủ Thời sự</nav><article><h1>{title}</h1>
<p class="description">Tóm tắt bài {slug}.</p>
<p>Hôm nay tại Hà Nội, {body} Hà Nội tiếp tục triển khai kế hoạch.</p>
<p>Đây là đoạn thứ hai của bài {slug} với đủ nội dung để thành bài báo.</p>
</article></body></html>"""


def write_page(folder: Path, slug: str, title: str, body: str = "nội dung chính") -> Path:
    path = folder / f"{slug}.html"
    path.write_text(PAGE.format(title=title, slug=slug, body=body), encoding="utf-8")
    return path


def record(i: int, title: str | None = None, **extra: object) -> str:
    obj = {"id": f"r{i}", "title": title or f"Bài số {i}", "text": f"Nội dung bài {i} ở Đà Nẵng."}
    obj.update(extra)
    return json.dumps(obj, ensure_ascii=False)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    write_page(d, "a", "Bài A về giao thông")
    write_page(d, "b", "Bài B về giáo dục")
    (d / "sub").mkdir()
    write_page(d / "sub", "c", "Bài C về y tế")
    return d


def all_ids(index: Path) -> set[str]:
    with Archive.open(index) as arc:
        return {a.id for a in arc.iter_articles()}


def test_folder_first_run_then_unchanged(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    first = index_paths([folder], index)
    assert (first.added, first.failed) == (3, [])
    again = index_paths([folder], index)
    assert (again.added, again.updated, again.unchanged, again.deleted) == (0, 0, 3, 0)


def test_touching_mtime_is_not_a_change(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_paths([folder], index)
    os.utime(folder / "a.html", (1, 1))
    report = index_paths([folder], index)
    assert report.unchanged == 3 and report.updated == 0


def test_edited_file_is_replaced(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_paths([folder], index)
    write_page(folder, "a", "Bài A đã sửa tiêu đề")
    report = index_paths([folder], index)
    assert (report.updated, report.unchanged) == (1, 2)
    with Archive.open(index) as arc:
        hits = arc.search("đã sửa").hits
        assert [h.id for h in hits] == ["https://vnexpress.net/a.html"]
        assert arc.search("", per_page=100).total == 3


def test_vanished_file_is_deleted(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_paths([folder], index)
    (folder / "sub" / "c.html").unlink()
    report = index_paths([folder], index)
    assert report.deleted == 1
    assert all_ids(index) == {"https://vnexpress.net/a.html", "https://vnexpress.net/b.html"}


def test_bad_files_are_reported_and_never_stop_the_run(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.html").write_bytes(b"")
    (folder / "junk.html").write_bytes(bytes(range(256)) * 50)
    (folder / "junk.txt").write_bytes(b"\x00\xff\xfe\x00" * 1000)
    index = tmp_path / "ix"
    report = index_paths([folder], index)
    failed = {Path(f["path"]).name: f["error"] for f in report.failed}
    assert set(failed) == {"empty.html", "junk.html", "junk.txt"}
    assert all(failed.values())
    assert report.added == 3


def test_duplicate_canonical_url_becomes_one_article(folder: Path, tmp_path: Path) -> None:
    shutil.copy(folder / "a.html", folder / "a-copy.html")
    report = index_paths([folder], tmp_path / "ix")
    assert report.added == 3 and report.duplicates == 1


def test_jsonl_bad_line_reported_with_number(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([record(1), "{not json", record(3), '{"id": "x"}', "[1, 2]"]) + "\n")
    report = index_paths([f], tmp_path / "ix")
    assert report.added == 2
    assert {r["path"] for r in report.failed} == {str(f)}
    assert sorted(r["line"] for r in report.failed) == [2, 4, 5]
    assert "missing title" in " ".join(r["error"] for r in report.failed)


def test_jsonl_incremental_by_record(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    index = tmp_path / "ix"
    f.write_text("\n".join(record(i) for i in range(5)) + "\n")
    index_paths([f], index)
    lines = [record(i) for i in range(5)]
    lines[1] = record(1, title="Bài số một đã sửa")
    del lines[4]
    lines.append(record(9))
    f.write_text("\n".join(lines) + "\n")
    report = index_paths([f], index)
    assert (report.added, report.updated, report.unchanged, report.deleted) == (1, 1, 3, 1)
    assert all_ids(index) == {"r0", "r1", "r2", "r3", "r9"}
    again = index_paths([f], index)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)


def test_jsonl_gz_and_field_variants(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl.gz"
    rows = [
        record(1, sapo="Tóm tắt một.", date="2024-02-20T09:15:00+07:00", topic="THỜI SỰ"),
        json.dumps({"id": "r2", "title": "Hai", "body": "Thân bài hai.", "lead": "Dẫn hai."}),
    ]
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    index = tmp_path / "ix"
    assert index_paths([f], index).added == 2
    with Archive.open(index) as arc:
        one, two = arc.get("r1"), arc.get("r2")
    assert one is not None and two is not None
    assert one.lead == "Tóm tắt một." and one.topic == "Thời sự"
    assert one.date is not None and one.date.isoformat() == "2024-02-20T09:15:00+07:00"
    assert two.body == "Thân bài hai." and two.lead == "Dẫn hai."


def test_not_gzip_is_a_clear_failure(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl.gz"
    f.write_bytes(b"this is not gzip at all")
    report = index_paths([f], tmp_path / "ix")
    assert report.failed and "gzip" in report.failed[0]["error"].lower()


def test_full_rebuild_swaps_generation(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_paths([folder], index)
    before = current_generation(index)
    (folder / "b.html").unlink()
    report = index_paths([folder], index, full=True)
    assert report.added == 2
    assert current_generation(index) != before
    assert all_ids(index) == {"https://vnexpress.net/a.html", "https://vnexpress.net/c.html"}


def test_failed_full_rebuild_keeps_the_old_index(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_paths([folder], index)
    before = current_generation(index)
    with pytest.raises(RuntimeError), ArchiveWriter(index, full=True) as w:
        from archive import Article

        w.add(Article("x", "x"), content_hash="x")
        raise RuntimeError("crash mid-run")
    assert current_generation(index) == before
    assert len(all_ids(index)) == 3
    assert sorted(p.name for p in index.iterdir() if p.name.startswith("gen-")) == [before]


def test_second_writer_is_told_index_busy(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    index_paths([folder], index)
    with writer_lock(index), pytest.raises(IndexBusyError, match="index busy"):
        index_paths([folder], index)


def test_sample_data_indexes_every_article(tmp_path: Path) -> None:
    expected = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
    report = index_paths([SAMPLE], tmp_path / "ix")
    assert report.failed == []
    assert report.total == len(expected)


def test_gzip_bomb_is_stopped_not_expanded(tmp_path: Path) -> None:
    f = tmp_path / "bomb.jsonl.gz"
    member = gzip.compress(b" " * (1024 * 1024 - 1) + b"\n", compresslevel=9)
    with open(f, "wb") as fh:
        fh.write(gzip.compress((record(1) + "\n").encode()))
        for _ in range(1024):  # 1 GiB of blank lines from ~1 MB on disk
            fh.write(member)
    good = tmp_path / "good.jsonl"
    good.write_text(record(2) + "\n", encoding="utf-8")
    report = index_paths([f, good], tmp_path / "ix")
    assert "gzip bomb" in report.failed[0]["error"]
    assert all_ids(tmp_path / "ix") == {"r1", "r2"}  # what came before the bomb, and the rest


def test_file_without_article_is_reported_alike_for_every_type(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("empty.txt", "empty.jsonl", "blank.jsonl"):
        (folder / name).write_text("" if name.startswith("empty") else "\n\n")
    report = index_paths([folder], tmp_path / "ix")
    failed = {Path(r["path"]).name: r for r in report.failed}
    assert set(failed) == {"empty.txt", "empty.jsonl", "blank.jsonl"}
    assert all(set(r) == {"path", "line", "error"} and r["line"] is None for r in failed.values())
    again = index_paths([folder], tmp_path / "ix")  # unchanged files: still reported
    assert sorted(Path(r["path"]).name for r in again.failed) == sorted(failed)


def test_old_failed_entries_are_read_in_the_new_shape() -> None:
    from indexer.pipeline import _upgrade

    assert _upgrade({"path": "/x/f.jsonl:6", "error": "line 6: bad"}) == {
        "path": "/x/f.jsonl",
        "line": 6,
        "error": "line 6: bad",
    }
    assert _upgrade({"path": "/x/a.txt", "error": "e"})["line"] is None
