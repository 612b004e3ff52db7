"""Term statistics sidecars (``archive.index.termstats``) answer exactly what Whoosh answers.

Every segment written through the codec (the array build on one or two processes, Whoosh's
own writer in an incremental run, Whoosh's merges) gets a sidecar; the snapshot's
``frequency``, ``doc_frequency`` and ``stats_many`` read them and must equal the sum of the
segments' term infos (deleted documents included), and an index whose sidecars are gone
(written before they existed) must answer the same through the term tables.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh.fields import NUMERIC

from archive import ArchiveWriter, Article
from archive.check import check_index
from archive.index import build
from archive.index.snapshot import Snapshot
from archive.index.termstats import EXT, SegmentStats, encode_stats, term_hashes
from archive.search.seam import BIGRAM, FOLDED

from .test_build import _articles


def _whoosh_stats(snap: Snapshot) -> dict[tuple[str, str], tuple[float, int]]:
    """Every text term's ``(weight, df)`` summed over the segments' own term infos."""
    leaves = [leaf.reader() for leaf, _ in snap.searcher.leaf_searchers()]
    out: dict[tuple[str, str], tuple[float, int]] = {}
    for reader in leaves:
        for field, btext in reader.all_terms():
            if isinstance(reader.schema[field], NUMERIC):  # ``day``: never asked by text
                continue
            out.setdefault((field, btext.decode("utf-8")), (0.0, 0))
    for field, text in out:
        weight, df = 0.0, 0
        for reader in leaves:
            if (field, text) in reader:
                weight += reader.frequency(field, text)
                df += reader.doc_frequency(field, text)
        out[(field, text)] = (weight, df)
    return out


def _check(root: Path, *, sidecars: bool) -> dict[tuple[str, str], tuple[float, int]]:
    snap = Snapshot(root)
    try:
        tables = snap.postings._tables
        assert len(tables) > 1
        assert all((t is not None) == sidecars for t in tables)
        expected = _whoosh_stats(snap)
        assert len(expected) > 200
        postings = snap.postings
        by_field: dict[str, list[str]] = {}
        for field, text in expected:
            by_field.setdefault(field, []).append(text)
        for field, texts in by_field.items():
            texts = [*texts, "no such term", f"{texts[0]}x"]
            weights, dfs = postings.stats_many(field, texts)
            want = [expected.get((field, t), (0.0, 0)) for t in texts]
            assert weights.tolist() == [w for w, _ in want]
            assert dfs.tolist() == [d for _, d in want]
        snap_one = Snapshot(root)  # single lookups, nothing cached
        try:
            for (field, text), (w, d) in expected.items():
                assert snap_one.postings.frequency(field, text) == w
                assert snap_one.postings.doc_frequency(field, text) == d
            assert snap_one.postings.doc_frequency(FOLDED, "no such term") == 0
        finally:
            snap_one.close()
        return expected
    finally:
        snap.close()


def _gen_dir(root: Path) -> Path:
    return next(root.glob("gen-*"))


@pytest.mark.parametrize("procs", [1, 2])
def test_sidecars_equal_whoosh_term_infos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procs: int
) -> None:
    monkeypatch.setattr(build, "BATCH_CHARS", 2_000)  # a segment every few articles
    root = tmp_path / "ix"
    arts = _articles(40)
    with ArchiveWriter(root, full=True, procs=procs) as w:  # the array build
        for a in arts:
            w.add(a, content_hash="h", src="s")
    with ArchiveWriter(root) as w:  # Whoosh's writer: new, replaced and deleted articles
        assert not w.created
        w.add(Article("new", "Quảng Trị độc nhất", "", "zyzzyva"), content_hash="h", src="t")
        w.add(arts[3], content_hash="h2", src="s")  # replaces a3 (deleted in its segment)
        w.delete_id("a7")
        w.delete_id("a8")
    sidecars = list(_gen_dir(root).glob(f"*{EXT}"))
    expected = _check(root, sidecars=True)
    assert len(sidecars) >= len(list(_gen_dir(root).glob("*.trm")))
    # a term of one segment only, and deleted documents still counted (as Whoosh does)
    assert expected[(FOLDED, "zyzzyva")] == (1.0, 1)
    assert expected[(BIGRAM, "quang tri")][1] == 1
    assert expected[("id", "a7")] == (1.0, 1)
    assert expected[("id", "a3")] == (2.0, 2)
    # a segment with a third of its documents deleted is merged (Whoosh's merge, our codec)
    before = {p.name for p in _gen_dir(root).glob("*.trm")}
    with ArchiveWriter(root) as w:
        for i in (0, 1, 2, 4, 5, 6, 9, 10, 11):
            w.delete_id(f"a{i}")
    after = {p.name for p in _gen_dir(root).glob("*.trm")}
    assert before - after  # a segment was merged away
    merged = _check(root, sidecars=True)
    assert ("id", "a7") not in merged


def test_index_without_sidecars_answers_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "BATCH_CHARS", 2_000)
    root = tmp_path / "ix"
    with ArchiveWriter(root, full=True, procs=1) as w:
        for a in _articles(30):
            w.add(a, content_hash="h", src="s")
    with ArchiveWriter(root) as w:
        w.delete_id("a2")
    with_tables = _check(root, sidecars=True)
    for p in _gen_dir(root).glob(f"*{EXT}"):
        p.unlink()
    assert _check(root, sidecars=False) == with_tables


def test_damaged_sidecar_is_ignored(tmp_path: Path) -> None:
    root = tmp_path / "ix"
    with ArchiveWriter(root, full=True, procs=1) as w:
        for a in _articles(10):
            w.add(a, content_hash="h", src="s")
    for p in _gen_dir(root).glob(f"*{EXT}"):
        p.write_bytes(b"VNS1\0\0\0\0 truncated")
    snap = Snapshot(root)
    try:
        assert snap.postings._tables == [None]
        assert snap.postings.doc_frequency(FOLDED, "vang") > 0
    finally:
        snap.close()


def test_check_verifies_the_sidecars(tmp_path: Path) -> None:
    root = tmp_path / "ix"
    with ArchiveWriter(root, full=True, procs=1) as w:
        for a in _articles(10):
            w.add(a, content_hash="h", src="s")
    assert check_index(root).ok
    (path,) = _gen_dir(root).glob(f"*{EXT}")
    good = path.read_bytes()
    table = SegmentStats(good)
    dfs = table.dfs.copy()
    dfs[0] += 1  # one wrong document frequency
    path.write_bytes(encode_stats(table.hashes.copy(), table.weights.copy(), dfs))
    assert any("disagree" in p for p in check_index(root).problems)
    path.write_bytes(good[:-4])
    assert any("damaged" in p for p in check_index(root).problems)
    path.unlink()  # an index written before the sidecars
    assert check_index(root).ok


def test_hashes_are_stable() -> None:
    # the sidecars on disk depend on these values: changing the hash needs a new MAGIC
    h = term_hashes("text_f", [b"ha noi", b""])
    assert h.dtype == np.uint64
    assert h.tolist() == [_HASHES["ha noi"], _HASHES[""]]
    assert term_hashes("text_bi", [b"ha noi"])[0] != h[0]


def test_find_on_an_empty_table() -> None:
    table = SegmentStats(encode_stats(np.zeros(0, np.uint64), [], []))
    at, hit = table.find(term_hashes("text_f", [b"x"]))
    assert not hit.any()
    assert table.find_one(term_hashes("text_f", [b"x"])[0]) == -1


_HASHES = {"ha noi": 3993667218522072033, "": 3935117939142123468}
