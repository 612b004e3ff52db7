"""The array postings codec (issue 10): Whoosh writes, opens and searches an index with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from archive.index.codec import VnCodec, read_arrays
from archive.index.storage import IndexStorage

DOCS = ["cán bộ tốt", "cán bộ xã", "đường cán bộ cán bộ", "không có gì"]


def _index(tmp_path: Path) -> IndexStorage:
    storage = IndexStorage(tmp_path)
    ix = storage.create_index(Schema(id=ID(stored=True), body=TEXT(phrase=True)))
    with ix.writer(codec=VnCodec(), compound=False) as w:
        for i, text in enumerate(DOCS):
            w.add_document(id=str(i), body=text)
    return storage


def test_postings_are_arrays(tmp_path: Path) -> None:
    ix = _index(tmp_path).open_index()
    with ix.searcher() as s:
        m = s.reader().postings("body", "bộ")
        docs, weights, ends, blob = m.arrays
        assert docs.tolist() == [0, 1, 2]
        assert weights.tolist() == [1.0, 1.0, 2.0]
        assert ends.size == 3 and len(blob) == ends[-1]


def test_search_and_phrases_work_through_whoosh(tmp_path: Path) -> None:
    ix = _index(tmp_path).open_index()
    with ix.searcher() as s:
        qp = QueryParser("body", ix.schema)
        assert sorted(h["id"] for h in s.search(qp.parse("cán"))) == ["0", "1", "2"]
        assert sorted(h["id"] for h in s.search(qp.parse('"bộ cán"'))) == ["2"]
        assert s.document_number(id="3") == 3


def test_records_are_checked() -> None:
    try:
        read_arrays(b"W3Bl" + bytes(20))
    except ValueError as e:
        assert "no vnarchive posting list" in str(e)
    else:
        raise AssertionError("accepted a foreign record")
    assert np.asarray(read_arrays(b"VNA1" + bytes(8))[0]).size == 0


def test_postings_read_the_arrays(tmp_path: Path) -> None:
    from archive.index.postings import Postings

    ix = _index(tmp_path).open_index()
    with ix.searcher() as s:
        p = Postings(s, np.ones(len(DOCS), dtype=np.bool_))
        docs, tf = p.term("body", "bộ")
        assert docs.tolist() == [0, 1, 2] and tf.tolist() == [1.0, 1.0, 2.0]


def test_matcher_copies(tmp_path: Path) -> None:
    ix = _index(tmp_path).open_index()
    with ix.searcher() as s:
        m = s.reader().postings("body", "cán")
        m.next()
        c = m.copy()
        assert c.id() == m.id() == 1 and c.value() == m.value()
