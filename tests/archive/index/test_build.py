"""The array build (``archive.index.build``) writes exactly what Whoosh's own writer writes.

A new generation is built from arrays; an incremental run still goes through Whoosh's
per-posting writer with the same codec and formats. Both must give every search term the
same postings (documents, weights, positions), term statistics and field lengths, or
rankings would change with the way an archive was built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir

from archive import Archive, ArchiveWriter, Article
from archive.index import build
from archive.index.layout import current_generation
from archive.search.seam import BIGRAM, EXACT, FOLDED

TEXTS = [
    ("Giá vàng hôm nay tăng mạnh", "Giá vàng SJC tăng 200.000 đồng/lượng.", "Giá vàng thế giới…"),
    ("Bóng đá Việt Nam: đội tuyển thắng 2-0", "", "Đội tuyển bóng đá thắng. Bóng đá! 2-0"),
    ("Hà Nội mưa lớn", "Mưa lớn ở Hà Nội, HÀ NỘI ngập.", "Người dân Hà Nội đi làm muộn."),
    ("ha noi khong dau", "van ban khong dau", "Thuỷ điện Hoà Bình xả lũ; thủy điện hòa bình."),
    ("TP.HCM 19/5/2018 tăng 8,11%", "Ðà Nẵng (chữ Ð)", "số 123 và 4.500 người"),
]


def _articles(n: int) -> list[Article]:
    return [
        Article(f"a{i}", TEXTS[i % 5][0] + f" {i}", TEXTS[i % 5][1], TEXTS[i % 5][2] * (1 + i % 3))
        for i in range(n)
    ]


def _dump(root: Path) -> dict[str, Any]:
    """Every search posting, term statistic and field length, keyed by article id."""
    ix = open_dir(str(root / (current_generation(root) or "")))
    out: dict[str, Any] = {}
    with ix.reader() as r:
        ids = {d: f["id"] for d, f in r.iter_docs()}
        for field in (EXACT, FOLDED, BIGRAM):
            fmt = r.schema[field].format
            for term in r.lexicon(field):
                info = r.term_info(field, term)
                stats = (info.doc_frequency(), round(info.weight(), 4), info.max_weight())
                m = r.postings(field, term)
                posts = []
                while m.is_active():
                    value = m.value()
                    where = fmt.decode_positions(value) if field != BIGRAM else value
                    posts.append((ids[m.id()], round(m.weight(), 4), where))
                    m.next()
                out[f"{field}:{term!r}"] = (stats, sorted(posts))
            for d, article_id in ids.items():
                out[f"len:{field}:{article_id}"] = r.doc_field_length(d, field)
    return out


def test_array_build_writes_what_whoosh_writes(tmp_path: Path) -> None:
    arts = _articles(40)
    with ArchiveWriter(tmp_path / "arrays", full=True, procs=1) as w:
        for a in arts:
            w.add(a, content_hash="h", src="s")
    # Whoosh's own writer: an incremental run into an existing (empty) generation
    with ArchiveWriter(tmp_path / "whoosh", full=True, procs=1):
        pass
    with ArchiveWriter(tmp_path / "whoosh") as w:
        assert not w.created
        for a in arts:
            w.add(a, content_hash="h", src="s")
    built, whoosh = _dump(tmp_path / "arrays"), _dump(tmp_path / "whoosh")
    assert len(built) > 300
    assert built == whoosh


def test_many_batches_on_two_processes_are_one_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "BATCH_CHARS", 2_000)  # a segment every few articles
    arts = _articles(60)
    with ArchiveWriter(tmp_path / "ix", full=True, procs=2) as w:
        for a in arts:
            w.add(a, content_hash="h", src="s")
    with ArchiveWriter(tmp_path / "one", full=True, procs=1) as w:
        for a in arts:
            w.add(a, content_hash="h", src="s")
    gen = tmp_path / "ix" / (current_generation(tmp_path / "ix") or "")
    with open_dir(str(gen)).reader() as r:
        assert len(r.leaf_readers()) > 3
    with Archive.open(tmp_path / "ix") as many, Archive.open(tmp_path / "one") as one:
        for q in ("gia vang", '"bóng đá"', "ha noi", "thuy dien hoa binh", "2018"):
            a, b = many.search(q, per_page=50), one.search(q, per_page=50)
            assert a.total == b.total > 0
            assert sorted(h.id for h in a.hits) == sorted(h.id for h in b.hits)
            assert {h.id: round(h.score, 4) for h in a.hits} == {
                h.id: round(h.score, 4) for h in b.hits
            }
