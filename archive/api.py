"""The ``Archive`` API (DESIGN §4): open an index, search it, fetch articles.

>>> with Archive.open("var/index") as arc:                      # doctest: +SKIP
...     res = arc.search("hai duong", province=["Hải Dương"], sort="newest")
...     res.total, res.hits[0].title, res.to_dict()["facets"]["province"]
"""

from __future__ import annotations

import html
import os
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from archive import gazetteer, suggest
from archive import postings as pl
from archive.analysis import tokenize
from archive.engine import ADJACENCY_BONUS, RERANK_DEPTH, FloatArray, IntArray, Snapshot
from archive.errors import InvalidParameterError
from archive.facets import facet_values, month_counts, year_counts
from archive.models import Article
from archive.query import ParsedQuery, SortMode, parse_query
from archive.results import FacetValue, Hit, SearchResult
from archive.schema import FOLDED, SCHEMA_VERSION
from archive.snippets import mark, snippet
from archive.store import directory_size

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
SUGGEST_SAMPLE = 20  # top hits whose titles and leads show how the words are written
REFRESH_EVERY = 1.0  # seconds between checks for a rebuilt index

NOTICE_ANY_WORD = "Không có kết quả chứa tất cả các từ; hiển thị kết quả chứa một trong các từ."
NOTICE_FOLDED = "Không có kết quả cho «{typed}»; kết quả cho «{folded}»."


def _day_int(d: date | None, default: int) -> int:
    return d.year * 10000 + d.month * 100 + d.day if d else default


class Archive:
    """A read-only view of an index; thread-safe, reopens itself when the index is rebuilt."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self._lock = threading.RLock()
        self._snap = Snapshot(self.root)
        self._checked = time.monotonic()

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Archive:
        """Open the index at ``root``.

        :raises IndexNotFoundError: there is no index there
        :raises SchemaVersionError: it was built by another version (rebuild with --full)
        """
        return cls(root)

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the searcher."""
        with self._lock:
            self._snap.close()

    # -- freshness ---------------------------------------------------------------------
    def refresh(self, force: bool = False) -> bool:
        """Reopen when the index changed since it was opened; return True if it did."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._checked < REFRESH_EVERY:
                return False
            self._checked = now
            if not self._snap.is_stale():
                return False
            try:
                fresh = Snapshot(self.root)
            except Exception:  # noqa: BLE001 - keep serving the old one; retry next time
                return False
            old, self._snap = self._snap, fresh
            old.close()
            return True

    @property
    def generation(self) -> str:
        """An opaque label that changes whenever the index content changes."""
        return f"{self._snap.generation[0]}:{self._snap.generation[1]}"

    # -- search ------------------------------------------------------------------------
    def search(
        self,
        query: str = "",
        *,
        topic: Sequence[str] = (),
        province: Sequence[str] = (),
        date_from: date | None = None,
        date_to: date | None = None,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 10,
        include_merged: bool = False,
    ) -> SearchResult:
        """Search; an empty query browses every article the filters allow, newest first.

        Values repeated within ``topic`` or ``province`` are ORed; different filters are
        ANDed; each facet is counted with every filter but its own.

        :raises InvalidParameterError: a parameter is out of range (the message names it)
        """
        return self._search(
            query,
            topic=topic,
            province=province,
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=page,
            per_page=per_page,
            include_merged=include_merged,
            light=False,
        )

    def _search(
        self,
        query: str,
        *,
        topic: Sequence[str],
        province: Sequence[str],
        date_from: date | None,
        date_to: date | None,
        sort: str,
        page: int,
        per_page: int,
        include_merged: bool,
        light: bool,
    ) -> SearchResult:
        """:meth:`search`; ``light`` skips snippets and suggestions (rows for CSV export)."""
        mode = _check_sort(sort)
        _check_page(page, per_page)
        if date_from and date_to and date_from > date_to:
            raise InvalidParameterError("from", "the start date is after the end date")
        parsed = parse_query(query)
        self.refresh()
        with self._lock:
            snap = self._snap
            docs, scores, fallback, notice = self._match(snap, parsed)
            if parsed.is_empty and mode is SortMode.RELEVANCE:
                mode = SortMode.NEWEST
            provinces = list(province)
            if include_merged and provinces:
                provinces = sorted(gazetteer.merged_family(provinces))
            cols = snap.facets
            m_topic = cols.topic.mask(topic, docs) if topic else None
            m_prov = cols.province.mask(provinces, docs) if provinces else None
            days = cols.day[docs]
            lo, hi = _day_int(date_from, 0), _day_int(date_to, 99999999)
            m_date = ((days >= lo) & (days <= hi)) if (date_from or date_to) else None
            keep = _and(m_topic, m_prov, m_date, n=docs.size)
            facets = {
                "topic": facet_values(
                    cols.topic.counts(docs[_and(m_prov, m_date, n=docs.size)]), list(topic)
                ),
                "province": facet_values(
                    cols.province.counts(docs[_and(m_topic, m_date, n=docs.size)]), list(province)
                ),
                "year": [
                    FacetValue(v, c)
                    for v, c in year_counts(days[_and(m_topic, m_prov, n=docs.size)])
                ],
            }
            if date_from and date_to and date_from.year == date_to.year:
                year_lo, year_hi = date_from.year * 10000, date_from.year * 10000 + 9999
                in_year = (days >= year_lo) & (days <= year_hi)
                facets["month"] = [
                    FacetValue(v, c)
                    for v, c in month_counts(days[_and(m_topic, m_prov, in_year, n=docs.size)])
                ]
            docs, scores = docs[keep], scores[keep]
            order = self._order(snap, parsed, docs, scores, mode, page * per_page)
            page_docs = order[(page - 1) * per_page : page * per_page]
            hits = [self._hit(snap, parsed, int(d), float(s), light) for d, s in page_docs]
            if light:
                suggestion = None
            elif fallback:  # the words as typed found nothing: try fixing a typo
                none = np.zeros(0, dtype=np.int32)
                suggestion = self._suggest(snap, parsed, none, none.astype(np.float32))
            else:
                suggestion = self._suggest(snap, parsed, docs, scores)
        return SearchResult(
            query=parsed.text,
            total=int(docs.size),
            page=page,
            per_page=per_page,
            hits=hits,
            facets=facets,
            suggestion=suggestion,
            notice=notice,
            fallback=fallback,
            filters={
                "topic": list(topic),
                "province": list(province),
                "from": date_from.isoformat() if date_from else None,
                "to": date_to.isoformat() if date_to else None,
                "sort": mode.value,
                "include_merged": include_merged,
            },
        )

    def _match(
        self, snap: Snapshot, parsed: ParsedQuery
    ) -> tuple[IntArray, FloatArray, str | None, str | None]:
        if parsed.is_empty and not parsed.exclude:
            docs = snap.facets.live_docs
            return docs, np.zeros(docs.size, dtype=np.float32), None, None
        docs, scores = snap.evaluate(parsed)
        if docs.size or parsed.is_empty:
            return docs, scores, None, None
        if parsed.has_accents:
            docs, scores = snap.evaluate(parsed, fold=True)
            if docs.size:
                typed = parsed.text
                folded = " ".join(t.folded for c in parsed.include for t in c.tokens)
                return docs, scores, "folded", NOTICE_FOLDED.format(typed=typed, folded=folded)
        if len(parsed.include) > 1:
            docs, scores = snap.evaluate(parsed, any_word=True)
            if not docs.size and parsed.has_accents:
                docs, scores = snap.evaluate(parsed, any_word=True, fold=True)
            if docs.size:
                return docs, scores, "any_word", NOTICE_ANY_WORD
        return docs, scores, None, None

    def _order(
        self,
        snap: Snapshot,
        parsed: ParsedQuery,
        docs: IntArray,
        scores: FloatArray,
        mode: SortMode,
        need: int,
    ) -> list[tuple[int, float]]:
        if docs.size == 0:
            return []
        days = snap.facets.day[docs]
        if mode is SortMode.NEWEST:
            idx = np.lexsort((-scores, -docs, -days))
        elif mode is SortMode.OLDEST:
            undated = days == 0
            idx = np.lexsort((-scores, docs, np.where(undated, 99999999, days)))
        else:
            depth = max(need, RERANK_DEPTH)
            if docs.size > depth:
                top = np.argpartition(-scores, depth - 1)[:depth]
            else:
                top = np.arange(docs.size)
            idx = top[np.lexsort((-days[top], -scores[top]))]
            if len(parsed.include) > 1:
                return self._rerank(snap, parsed, docs, scores, idx)
        return [(int(docs[i]), float(scores[i])) for i in idx[: max(need, 1)]]

    def _rerank(
        self, snap: Snapshot, parsed: ParsedQuery, docs: IntArray, scores: FloatArray, idx: Any
    ) -> list[tuple[int, float]]:
        """Boost the best hits whose body has the query words next to each other."""
        head = [int(i) for i in idx[:RERANK_DEPTH]]
        adj = snap.adjacency(parsed, [int(docs[i]) for i in head])
        rescored = [
            (int(docs[i]), float(scores[i]) * (1.0 + ADJACENCY_BONUS * adj.get(int(docs[i]), 0.0)))
            for i in head
        ]
        rescored.sort(key=lambda p: (-p[1], -int(snap.facets.day[p[0]])))
        rest = [(int(docs[i]), float(scores[i])) for i in idx[RERANK_DEPTH:]]
        return rescored + rest

    def _hit(
        self, snap: Snapshot, parsed: ParsedQuery, docnum: int, score: float, light: bool = False
    ) -> Hit:
        doc = snap.stored(docnum)
        exact, folded = parsed.highlight_terms()
        title = doc.get("title", "")
        text = (doc.get("lead") or "") + "\n" + (doc.get("body") or "")
        raw_date = doc.get("date")
        return Hit(
            id=doc.get("id", ""),
            title=title,
            topic=doc.get("topic"),
            province=doc.get("province"),
            date=raw_date[:10] if raw_date else None,
            source=doc.get("source"),
            url=doc.get("url"),
            author=doc.get("author"),
            snippet="" if light else snippet(text, exact, folded),
            score=score,
            title_html=html.escape(title) if light else mark(title, exact, folded),
        )

    def _suggest(
        self, snap: Snapshot, parsed: ParsedQuery, docs: IntArray, scores: FloatArray
    ) -> str | None:
        """Offer the words with their diacritics, or with a typo fixed, when that has hits."""
        if parsed.is_empty or parsed.exclude or any(c.quoted or c.synonym for c in parsed.include):
            return None
        typed = [t for c in parsed.include for t in c.tokens]
        if not 2 <= len(typed) <= 8 and docs.size:
            return None
        words = [t.folded for t in typed]
        if docs.size == 0:
            reader = snap.searcher.reader()
            fixed = [suggest.correct(reader, w) or w for w in words]
            if fixed == words:
                return None
            docs, scores = snap.evaluate(parse_query(" ".join(fixed)))
            if docs.size == 0:
                return None
            words = fixed
        elif parsed.has_accents:
            return None
        top = docs[np.argsort(-scores, kind="stable")[:SUGGEST_SAMPLE]]
        texts = []
        for d in top.tolist():
            doc = snap.stored(int(d))
            texts.append((doc.get("title") or "") + "\n" + (doc.get("lead") or ""))
        restored = suggest.restore(words, texts)
        originals = parsed.text.split()
        if len(originals) == len(restored) and all(r.islower() for r in restored):
            restored = [suggest.match_case(r, o) for r, o in zip(restored, originals, strict=True)]
        text = " ".join(restored)
        if [t.exact for t in tokenize(text)] == [t.exact for t in typed]:
            return None
        if snap.count(parse_query(text)) == 0:
            return None
        return text

    # -- articles ----------------------------------------------------------------------
    def get(self, article_id: str) -> Article | None:
        """Return the article with this id, or None."""
        self.refresh()
        with self._lock:
            fields = self._snap.searcher.document(id=article_id)
        if not fields or "doc" not in fields:
            return None
        return Article.from_dict(fields["doc"])

    def more_like_this(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Return up to ``limit`` articles similar to this one (same topic, near date first)."""
        from archive.related import related_terms

        with self._lock:
            snap = self._snap
            docnum = snap.searcher.document_number(id=article_id)
            if docnum is None:
                return []
            doc = snap.stored(docnum)
            terms = related_terms(snap.searcher.reader(), doc)
            if not terms:
                return []
            docs, scores = pl.union([snap.postings.bm25(FOLDED, t, b) for t, b in terms])
            keep = docs != docnum
            docs, scores = docs[keep], scores[keep].astype(np.float64)
            if docs.size == 0:
                return []
            topic = doc.get("topic") or ""
            if topic and topic in snap.facets.topic.index:
                same = snap.facets.topic.ords[docs] == snap.facets.topic.index[topic]
                scores = scores * np.where(same, 1.3, 1.0)
            day = _day_int(Article.from_dict(doc).date, 0)
            if day:
                gap = np.abs(snap.facets.day[docs].astype(np.int64) - day) // 10000
                scores = scores * np.where(snap.facets.day[docs] > 0, 1.0 + 0.2 / (1 + gap), 1.0)
            top = np.argsort(-scores, kind="stable")[:limit]
            none = ParsedQuery("", (), ())
            return [self._hit(snap, none, int(docs[i]), float(scores[i])) for i in top]

    def iter_hits(
        self,
        query: str = "",
        *,
        topic: Sequence[str] = (),
        province: Sequence[str] = (),
        date_from: date | None = None,
        date_to: date | None = None,
        sort: str = "relevance",
        include_merged: bool = False,
        batch: int = 100,
    ) -> Iterator[Hit]:
        """Yield every matching hit in order, page by page (for CSV export).

        The hits carry no snippet (and a plain escaped ``title_html``): exports list rows.
        """
        page = 1
        while page <= MAX_PAGE:
            res = self._search(
                query,
                topic=topic,
                province=province,
                date_from=date_from,
                date_to=date_to,
                sort=sort,
                page=page,
                per_page=batch,
                include_merged=include_merged,
                light=True,
            )
            yield from res.hits
            if page * batch >= res.total:
                return
            page += 1

    def iter_articles(self) -> Iterator[Article]:
        """Yield every article in the index (for export)."""
        with self._lock:
            searcher = self._snap.searcher
            for docnum in self._snap.facets.live_docs.tolist():
                doc = searcher.stored_fields(int(docnum)).get("doc")
                if doc:
                    yield Article.from_dict(doc)

    def stats(self) -> dict[str, Any]:
        """Return counts, per-facet counts, the date range, index size and schema version."""
        res = self.search("", per_page=1)
        with self._lock:
            days = self._snap.facets.day[self._snap.facets.live_docs]
            dated = days[days > 0]
            name = self._snap.name
        first = last = None
        if dated.size:
            lo, hi = int(dated.min()), int(dated.max())
            first = f"{lo // 10000:04d}-{lo // 100 % 100:02d}-{lo % 100:02d}"
            last = f"{hi // 10000:04d}-{hi // 100 % 100:02d}-{hi % 100:02d}"
        return {
            "articles": res.total,
            "facets": {k: [v.to_dict() for v in vals] for k, vals in res.facets.items()},
            "date_range": {"from": first, "to": last},
            "undated": int(days.size - dated.size),
            "index_bytes": directory_size(self.root / name),
            "schema_version": SCHEMA_VERSION,
            "generation": self.generation,
            "path": str(self.root),
        }


def _and(*masks: Any, n: int) -> Any:
    out = np.ones(n, dtype=np.bool_)
    for m in masks:
        if m is not None:
            out &= m
    return out


def _check_sort(sort: str) -> SortMode:
    try:
        return SortMode(sort or "relevance")
    except ValueError:
        raise InvalidParameterError(
            "sort", f"unknown sort {sort!r}; use relevance, newest or oldest"
        ) from None


def _check_page(page: int, per_page: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise InvalidParameterError("page", f"must be between 1 and {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidParameterError("per_page", f"must be between 1 and {MAX_PER_PAGE}")
