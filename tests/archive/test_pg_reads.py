"""Terms read together in one round trip equal terms read one statement each (the former
``unnest`` of whole vectors filtered by lexeme, with their weights)."""

from __future__ import annotations

from typing import Any

import numpy as np

from archive import Archive
from archive.pg.schema import q
from archive.pg.snapshot import COLUMN, query_terms
from archive.pg.vectors import lexeme, weight_of
from archive.search.parse import parse_query

TERMS = [
    ("text_f", "dang"),
    ("text", "đảng"),
    ("text", "đang"),
    ("text_f", "hai"),
    ("text_bi", "hai duong"),
    ("text_f", "khongcotunao"),
    ("text", "dang"),
    ("text_f", "it's"),
]


def _one_by_one(snap: Any, field: str, text: str) -> list[Any]:
    col = COLUMN[field]
    stmt = q(
        f"SELECT d.docnum, u.positions, u.weights FROM {{s}}.docs d, unnest(d.{col}) u "
        f"WHERE d.{col} @@ %s::tsquery AND u.lexeme = %s ORDER BY d.docnum",
        snap.name,
    )
    with snap.pool.connection() as conn:
        return conn.execute(stmt, (lexeme(text), text)).fetchall()


def test_batched_reads_equal_single_statements(pg_index: str) -> None:
    with Archive.open(pg_index) as arc:
        postings = arc._live.current.postings
        together = postings._read_many(TERMS)
        assert list(together) == TERMS
        for field, text in TERMS:
            rows = _one_by_one(arc._live.current, field, text)
            docs, tf, pl = together[(field, text)]
            assert docs.tolist() == [r[0] for r in rows]
            assert pl.docs.tolist() == docs.tolist()
            got = [pl.pos[pl.starts[i] : pl.starts[i + 1]].tolist() for i in range(docs.size)]
            assert got == [[p - 1 for p in r[1]] for r in rows]
            assert tf.dtype == np.float32
            assert tf.tolist() == [weight_of(r[2]) for r in rows]  # title positions weigh more
        assert together[("text_f", "dang")][0].size > 0
        assert together[("text_f", "khongcotunao")][0].size == 0


def test_prefetch_fills_the_term_cache(pg_index: str) -> None:
    with Archive.open(pg_index) as arc:
        postings = arc._live.current.postings
        terms = query_terms(parse_query("hai duong TP.HCM"))
        postings.prefetch_query(parse_query("hai duong TP.HCM"))
        assert all(t in postings._terms for t in terms)
        assert ("text_bi", "hai duong") in terms and ("text_f", "minh") in terms
