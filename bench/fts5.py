"""SQLite FTS5 baseline: the same rows in an FTS5 table plus a facet table, and its search.

``tokenize="unicode61 remove_diacritics 2"``; facets (topic, province, year) are counted with
``GROUP BY`` over the matching rows joined to a plain ``meta`` table. The corpus carries no
province, so that column is NULL everywhere, but its ``GROUP BY`` still runs on every query
(the synthetic archives of ``bench/scale.py`` give a ``province``, which is stored).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from queries import fts5_match, read_records

SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize="unicode61 remove_diacritics 2");
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, topic TEXT, province TEXT,
                  year INTEGER);
"""
FACETS = ("topic", "province", "year")


def build(corpus: Path, db_path: Path, batch: int = 2000) -> dict[str, Any]:
    """Load every usable record (title and text present) and optimize; return counts."""
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    rows = 0
    seen: set[str] = set()
    docs: list[tuple[int, str, str]] = []
    meta: list[tuple[int, str, str | None, str | None, int | None]] = []

    def flush() -> None:
        con.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", docs)
        con.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", meta)
        docs.clear()
        meta.clear()

    with con:
        for r in read_records(corpus):
            title, text = r.get("title") or "", r.get("text") or ""
            if not title.strip() or not text.strip() or r["id"] in seen:
                continue
            seen.add(r["id"])
            rows += 1
            date = r.get("date") or ""
            year = int(date[:4]) if date[:4].isdigit() else None
            docs.append((rows, title, text))
            meta.append((rows, r["id"], r.get("topic") or None, r.get("province") or None, year))
            if len(docs) >= batch:
                flush()
        flush()
        con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.close()
    return {"rows": rows}


class Searcher:
    """Top-10 by bm25, total count and three facet GROUP BYs for one query."""

    def __init__(self, db_path: Path, title_weight: float = 1.0) -> None:
        self.con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
        self.title_weight = title_weight
        self.rows = self.con.execute("SELECT count(*) FROM meta").fetchone()[0]

    def close(self) -> None:
        self.con.close()

    def search(self, text: str) -> tuple[list[str], int, dict[str, list[tuple[Any, int]]]]:
        match = fts5_match(text)
        if not match:
            return [], 0, {f: [] for f in FACETS}
        cur = self.con
        top = [
            row[0]
            for row in cur.execute(
                "SELECT m.id FROM (SELECT rowid, bm25(docs, ?, 1.0) AS s FROM docs"
                " WHERE docs MATCH ? ORDER BY s LIMIT 10) t"
                " JOIN meta m ON m.rowid = t.rowid ORDER BY t.s",
                (self.title_weight, match),
            )
        ]
        total = cur.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()[0]
        facets = {
            f: cur.execute(
                f"SELECT m.{f}, count(*) FROM docs JOIN meta m ON m.rowid = docs.rowid"
                f" WHERE docs MATCH ? GROUP BY m.{f} ORDER BY 2 DESC",
                (match,),
            ).fetchall()
            for f in FACETS
        }
        return top, total, facets
