"""A build with Whoosh's multi-process writer (as ``vnarchive index`` uses on big inputs)."""

from __future__ import annotations

from pathlib import Path

from archive import Archive, ArchiveWriter, Article


def test_two_process_build_is_searchable(tmp_path: Path) -> None:
    arts = [
        Article(f"a{i}", f"Bài số {i} về Hải Dương", "", f"Nội dung {i} ở Hải Dương và Hà Nội.")
        for i in range(60)
    ]
    with ArchiveWriter(tmp_path / "ix", full=True, procs=2) as w:
        for a in arts:
            w.add(a, content_hash="h", src="s")
    with Archive.open(tmp_path / "ix") as arc:
        assert arc.search("hai duong").total == 60
        assert arc.search('"ha noi"').total == 60
        assert arc.get("a7") is not None and arc.get("a7").title == "Bài số 7 về Hải Dương"
