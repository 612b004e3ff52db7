"""One version of a table set as the search stages see it (the seam's ``SnapshotLike``).

Opening a snapshot reads the pointer and the per-document columns (facets, day, live flag,
field lengths) of the set it names; terms are read on demand with the GIN indexes
(``tsv @@ 'a' | 'b'``, then only those lexemes' positions taken out of each vector), several
in one statement when the search stages announce them (a query's likely terms, a word's typo
candidates), and cached for the snapshot's life. Rows never change but for ``live``, and the
snapshot keeps its own copy of the flags, so every search on it sees one state of the
archive, whatever is written since.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from psycopg_pool import ConnectionPool
from whoosh.util.numeric import byte_to_length, length_to_byte

from archive.cache import LRU, NamedCaches
from archive.errors import IndexNotFoundError
from archive.index.schema import TITLE_BOOST
from archive.pg import facets as pg_facets
from archive.pg import schema, shown_url
from archive.pg.schema import q
from archive.pg.vectors import lexeme
from archive.results import FacetValue
from archive.search import facets
from archive.search.columns import Column, Columns
from archive.search.parse import HCM_VARIANTS, ParsedQuery
from archive.search.request import SearchRequest
from archive.search.seam import BIGRAM, EXACT, FOLDED
from archive.search.spelling import Spelling, edit_distance

C = TypeVar("C")
IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
COLUMN = {EXACT: "tsv_exact", FOLDED: "tsv_folded", BIGRAM: "tsv_bigram"}
LENGTH = {EXACT: "len_exact", FOLDED: "len_folded", BIGRAM: "len_bigram"}
TERM_CACHE = 4096
DOC_CACHE = 512
#: Read a query's likely terms ahead in one round trip (False: one statement per term, as
#: before; bench/pg.py compares both).
BATCH_LOOKUPS = True
PREFETCH_CANDIDATES = 40  # typo candidates read ahead per word (correct.MAX_CANDIDATES)
#: The lexemes ``%s`` (a text[]) of tsvector ``{v}`` and only them (every position marked
#: weight C, then kept by weight): 2.3 times faster than ``unnest`` of the
#: whole vector filtered by lexeme, which builds a row per lexeme of every matching article.
WANTED = "ts_filter(setweight({v}, 'C', %s), '{{{{c}}}}')"
A = "'{{a}}'"  # the title positions (weight A); braces doubled for ``sql.SQL.format``
#: Archives of at least this many live articles count facets in the database
#: (:mod:`archive.pg.facets`); smaller ones count them from the loaded columns, which is
#: faster at the sizes measured (bench/README.md, PostgreSQL section).
SQL_FACETS_FROM = int(os.environ.get("VNARCHIVE_PG_SQL_FACETS_FROM", 10_000_000))


def quantized(lengths: FloatArray) -> FloatArray:
    """Field lengths rounded as Whoosh stores them (one byte each), so BM25 agrees exactly.

    >>> quantized(np.array([0, 11, 12, 300], np.float32)).tolist()
    [0.0, 12.0, 12.0, 302.0]
    """
    table = np.array([0.0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float32)
    codes = np.fromiter((length_to_byte(int(n)) for n in lengths), np.uint8, count=lengths.size)
    return table[codes]


@dataclass(frozen=True)
class PositionList:
    """``pos[starts[i]:starts[i + 1]]`` are the term's positions in ``docs[i]``."""

    docs: IntArray
    starts: npt.NDArray[np.int64]
    pos: IntArray


def _postings(rows: list[tuple[int, list[int], int]]) -> tuple[IntArray, FloatArray, PositionList]:
    """A term's documents, weights and positions from its ``(docnum, positions, positions
    in the title)`` rows in document order (a title occurrence weighs ``TITLE_BOOST``)."""
    if not rows:
        empty = PositionList(np.zeros(0, np.int32), np.zeros(1, np.int64), np.zeros(0, np.int32))
        return np.zeros(0, np.int32), np.zeros(0, np.float32), empty
    docs = np.fromiter((r[0] for r in rows), dtype=np.int32, count=len(rows))
    tf = np.fromiter(
        (len(r[1]) + (TITLE_BOOST - 1.0) * r[2] for r in rows), dtype=np.float32, count=len(rows)
    )
    counts = np.fromiter((len(r[1]) for r in rows), dtype=np.int64, count=len(rows))
    starts = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    pos = np.fromiter((p - 1 for r in rows for p in r[1]), dtype=np.int32, count=int(starts[-1]))
    return docs, tf, PositionList(docs, starts, pos)


def query_terms(parsed: ParsedQuery) -> list[tuple[str, str]]:
    """The ``(field, text)`` terms :meth:`PgPostings.prefetch_query` reads ahead.

    >>> from archive.search.parse import parse_query
    >>> query_terms(parse_query("Hà nội"))
    [('text', 'hà'), ('text', 'nội'), ('text_bi', 'ha noi')]
    """
    terms: list[tuple[str, str]] = []
    for clause in parsed.include + parsed.exclude:
        for words in HCM_VARIANTS if clause.synonym else ():
            terms.extend((FOLDED, w) for w in words)
        # a syllable typed with diacritics searches its exact form; its folded form is
        # looked up only by some stages (units, when a pair is frequent): not read ahead
        terms.extend((EXACT, t.exact) if t.accented else (FOLDED, t.folded) for t in clause.tokens)
    folded = [t.folded for t in parsed.tokens]
    terms.extend((BIGRAM, f"{a} {b}") for a, b in zip(folded, folded[1:], strict=False))
    return list(dict.fromkeys(terms))


class PgPostings:
    """Postings of one snapshot read from the tsvector columns (:class:`PostingsLike`)."""

    def __init__(
        self,
        pool: ConnectionPool,
        gen: str,
        live: npt.NDArray[np.bool_],
        lengths: dict[str, FloatArray],
    ) -> None:
        self.pool, self.gen, self.live = pool, gen, live
        self.doc_count = int(live.sum())
        self._lengths = {
            f: (a, float(a[live].sum()) / self.doc_count if self.doc_count else 1.0)
            for f, a in lengths.items()
        }
        self._terms: LRU[tuple[str, str], tuple[IntArray, FloatArray, PositionList]] = LRU(
            TERM_CACHE
        )
        self._phrases: LRU[str, IntArray] = LRU(TERM_CACHE)
        self._query = threading.local()  # the folded words of this thread's query

    def _read(self, field: str, text: str) -> tuple[IntArray, FloatArray, PositionList]:
        return self._read_many([(field, text)])[(field, text)]

    def _read_many(
        self, terms: list[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[IntArray, FloatArray, PositionList]]:
        """The postings of several terms in one round trip (one ``UNION ALL`` branch per
        field: ``tsv @@ 'a' | 'b' …`` by the GIN index, then the vectors' matching lexemes)."""
        by_field: dict[str, list[str]] = {}
        for field, text in dict.fromkeys(terms):
            by_field.setdefault(field, []).append(text)
        parts, params = [], []
        for field, texts in by_field.items():
            col = COLUMN[field]
            parts.append(
                f"SELECT %s::text, u.lexeme, d.docnum, u.positions, cardinality(a.positions) "
                f"FROM {{s}}.docs d "
                f"CROSS JOIN LATERAL unnest({WANTED.format(v=f'd.{col}')}) u "
                f"LEFT JOIN LATERAL unnest({WANTED.format(v=f'ts_filter(d.{col}, {A})')}) a "
                f"ON a.lexeme = u.lexeme WHERE d.{col} @@ %s::tsquery"
            )
            params += [field, texts, texts, " | ".join(lexeme(t) for t in texts)]
        stmt = q(" UNION ALL ".join(parts) + " ORDER BY 3", self.gen)
        with self.pool.connection() as conn:
            rows = conn.execute(stmt, params).fetchall()
        n = self.live.size
        grouped: dict[tuple[str, str], list[tuple[int, list[int], int]]] = {t: [] for t in terms}
        for field, text, docnum, positions, in_title in rows:
            if docnum < n and self.live[docnum]:
                grouped[(field, text)].append((docnum, positions, in_title or 0))
        return {t: _postings(found) for t, found in grouped.items()}

    def prefetch(self, terms: list[tuple[str, str]]) -> None:
        """Read the terms not cached yet in one round trip (cold queries)."""
        missing = [t for t in dict.fromkeys(terms) if t not in self._terms]
        if BATCH_LOOKUPS and len(missing) > 1:
            for t, found in self._read_many(missing).items():
                self._terms.put(t, found)

    def prefetch_query(self, parsed: ParsedQuery) -> None:
        """Read ahead, in one round trip, the terms a query's stages look up first (the seam's
        optional ``prefetch_query``): each syllable's exact form when typed with diacritics,
        else its folded form, and the folded pairs of neighbouring syllables. Typo candidates
        are read ahead by :class:`BatchedSpelling`; other lookups (readings, splits, folded
        forms of accented syllables) go one by one."""
        self._query.words = [t.folded for t in parsed.tokens]
        self.prefetch(query_terms(parsed))

    def prefetch_candidates(self, word: str, candidates: set[str], spelling: Spelling) -> None:
        """Read ahead the typo candidates of ``word`` and their pairs with the neighbours
        ``word`` has in the query this thread last read ahead (what ``correct`` scores)."""
        words: list[str] = getattr(self._query, "words", [])
        reach = 1 if self.doc_frequency(FOLDED, word) else 2  # as correct._shortlist
        near = sorted(
            ((spelling.frequency(c), d, c) for c in candidates
             if (d := edit_distance(word, c)) <= reach),
            reverse=True,
        )[:PREFETCH_CANDIDATES]  # fmt: skip
        terms = []
        for _, _, c in near:
            terms.append((FOLDED, c))
            for i, w in enumerate(words):
                if w == word:
                    if i > 0:
                        terms.append((BIGRAM, f"{words[i - 1]} {c}"))
                    if i + 1 < len(words):
                        terms.append((BIGRAM, f"{c} {words[i + 1]}"))
        self.prefetch(terms)

    def _get(self, field: str, text: str) -> tuple[IntArray, FloatArray, PositionList]:
        return self._terms.get_or_compute((field, text), lambda: self._read(field, text))

    def term(self, field: str, text: str) -> tuple[IntArray, FloatArray]:
        docs, tf, _ = self._get(field, text)
        return docs, tf

    def positions(self, field: str, text: str) -> PositionList:
        return self._get(field, text)[2]

    def phrase_docs(self, terms: list[tuple[str, str]]) -> IntArray | None:
        """Documents matching a phrase by ``<->`` when its terms share one field, else None.

        A phrase mixing exact and folded syllables spans two tsvector columns (their
        positions agree, but ``<->`` works within one vector): the search stages match it
        by positions instead.
        """
        fields = {f for f, _ in terms}
        if len(fields) != 1 or BIGRAM in fields:
            return None
        col = COLUMN[fields.pop()]
        query = " <-> ".join(lexeme(t) for _, t in terms)
        found = self._phrases.get_or_compute(query, lambda: self._read_phrase(col, query))
        return found

    def _read_phrase(self, col: str, query: str) -> IntArray:
        stmt = q(f"SELECT docnum FROM {{s}}.docs WHERE {col} @@ %s::tsquery", self.gen)
        with self.pool.connection() as conn:
            rows = conn.execute(stmt, (query,)).fetchall()
        n = self.live.size
        return np.array(sorted(r[0] for r in rows if r[0] < n and self.live[r[0]]), np.int32)

    def lengths(self, field: str) -> tuple[FloatArray, float]:
        return self._lengths[field]

    def doc_frequency(self, field: str, text: str) -> int:
        return int(self._get(field, text)[0].size)

    def frequency(self, field: str, text: str) -> float:
        return float(self._get(field, text)[1].sum())

    def stats_many(
        self, field: str, texts: list[str]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """``frequency`` and ``doc_frequency`` of each term (read ahead in one round trip)."""
        self.prefetch([(field, t) for t in texts])
        weights = np.array([self.frequency(field, t) for t in texts], dtype=np.float64)
        dfs = np.array([self.doc_frequency(field, t) for t in texts], dtype=np.int64)
        return weights, dfs


class BatchedSpelling(Spelling):
    """The typo index, reading its candidates' postings ahead in one round trip."""

    def __init__(self, words: list[str], df: npt.NDArray[np.int64], postings: PgPostings) -> None:
        super().__init__(words, df)
        self._postings = postings

        self._plain = threading.local()

    def candidates(self, word: str) -> set[str]:
        found = super().candidates(word)
        if not getattr(self._plain, "on", False):
            self._postings.prefetch_candidates(word, found - {word}, self)
        return found

    def correct(self, word: str) -> str | None:
        self._plain.on = True  # the suggestion ranks candidates by ``vocab`` alone
        try:
            return super().correct(word)
        finally:
            self._plain.on = False


class PgSnapshot:
    """The live table set at one version, with its caches (:class:`SnapshotLike`)."""

    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool
        with pool.connection() as conn:
            with conn.transaction():  # pointer and columns from one database snapshot
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                found = schema.current(conn)
                if found is None:
                    dsn = pool.conninfo  # a str: PgLive passes its DSN
                    url = shown_url(dsn if isinstance(dsn, str) else "postgresql://…")
                    raise IndexNotFoundError(
                        f"no index at {url}: build one with `vnarchive index PATH --index {url}`"
                    )
                self.name, version, self.committed = found
                rows = conn.execute(
                    q("SELECT docnum, topic, province, day, live, len_exact, len_folded, "
                      "len_bigram FROM {s}.docs ORDER BY docnum", self.name)
                ).fetchall()  # fmt: skip
        self.generation = (self.name, version)
        n = rows[-1][0] + 1 if rows else 0
        topic, province = [""] * n, [""] * n
        day = np.zeros(n, np.int32)
        live = np.zeros(n, np.bool_)
        lengths = {f: np.zeros(n, np.float32) for f in (EXACT, FOLDED, BIGRAM)}
        for docnum, t, p, d, alive, le, lf, lb in rows:
            topic[docnum], province[docnum], day[docnum], live[docnum] = t, p, d, alive
            lengths[EXACT][docnum], lengths[FOLDED][docnum], lengths[BIGRAM][docnum] = le, lf, lb
        for f in lengths:  # score as the Whoosh index does: lengths quantized to one byte
            lengths[f] = quantized(lengths[f])
        self.columns = Columns(Column.from_strings(topic), Column.from_strings(province), day, live)
        self.postings = PgPostings(pool, self.name, live, lengths)
        self.doc_count = self.postings.doc_count
        self._docs: LRU[int, dict[str, Any]] = LRU(DOC_CACHE)
        self._caches = NamedCaches()  # named caches of the search stages
        self._state = threading.Lock()
        self._spelling: Spelling | None = None

    def is_stale(self) -> bool:
        """True when the pointer names another set or version than this snapshot's."""
        with self.pool.connection() as conn:
            found = schema.current(conn)
        return found is not None and (found[0], found[1]) != self.generation

    # -- leases: nothing to close but the cache (the pool belongs to the Archive) ----------
    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        pass

    def retire(self) -> None:
        pass

    def prepare(self) -> None:
        """Build the typo index ahead of the first query (background thread)."""
        try:
            self.spelling  # noqa: B018 - builds it
        except Exception:  # noqa: BLE001 - built on demand then
            pass

    # -- the seam ------------------------------------------------------------------------
    def stored(self, docnum: int) -> dict[str, Any]:
        return self._docs.get_or_compute(docnum, lambda: self._read_stored(docnum))

    def _read_stored(self, docnum: int) -> dict[str, Any]:
        with self.pool.connection() as conn:
            row = conn.execute(
                q("SELECT doc FROM {s}.docs WHERE docnum = %s", self.name), (docnum,)
            ).fetchone()
        return dict(row[0]) if row else {}

    def docnum(self, article_id: str) -> int | None:
        with self.pool.connection() as conn:
            rows = conn.execute(
                q("SELECT docnum FROM {s}.docs WHERE id = %s ORDER BY docnum DESC", self.name),
                (article_id,),
            ).fetchall()
        live = self.columns.live
        for (d,) in rows:  # the version live in this snapshot (later ones are not ours)
            if d < live.size and live[d]:
                return int(d)
        return None

    def iter_stored(self) -> Iterator[dict[str, Any]]:
        live = self.columns.live_docs.tolist()
        for start in range(0, len(live), 500):
            chunk = live[start : start + 500]
            with self.pool.connection() as conn:
                rows = conn.execute(
                    q("SELECT doc FROM {s}.docs WHERE docnum = ANY(%s) ORDER BY docnum", self.name),
                    (chunk,),
                ).fetchall()
            for (doc,) in rows:
                yield dict(doc)

    def facet_counts(
        self, filters: facets.Filters, req: SearchRequest
    ) -> dict[str, list[FacetValue]]:
        """The facet counts of a search (the seam's optional ``facet_counts``)."""
        if self.doc_count >= SQL_FACETS_FROM:
            return pg_facets.facet_counts(self.pool, self.name, filters, req)
        return facets.facet_counts(self.columns, filters, req)

    def cache(self, name: str, make: Callable[[], C]) -> C:
        return self._caches.get(name, make)

    @property
    def spelling(self) -> Spelling:
        """The typo index over the set's ``vocab`` table (built once per snapshot)."""
        if self._spelling is None:
            with self._state:
                if self._spelling is None:
                    with self.pool.connection() as conn:
                        rows = conn.execute(
                            q("SELECT term, df FROM {s}.vocab ORDER BY term", self.name)
                        ).fetchall()
                    self._spelling = BatchedSpelling(
                        [r[0] for r in rows],
                        np.array([r[1] for r in rows], dtype=np.int64),
                        self.postings,
                    )
        return self._spelling

    def size_bytes(self) -> int:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r'",
                (self.name,),
            ).fetchone()
        return int(row[0]) if row else 0
