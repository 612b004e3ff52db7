"""One open generation of the index: its searcher, facet columns and query execution.

Matching runs in one pass that records every matching document number with its score
(``_AllScores``); filters, facets, sorting and paging then work on numpy arrays.
"""

from __future__ import annotations

import re
import time
from array import array
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.collectors import ScoredCollector
from whoosh.index import Index
from whoosh.searching import Searcher

from archive import postings as pl
from archive.analysis import fold_fast
from archive.facets import FacetColumns
from archive.query import Clause, ParsedQuery, bigram_boost, clause_query
from archive.store import GenerationHold, open_held_generation

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]

RESULT_CACHE_SIZE = 128
CLAUSE_CACHE_SIZE = 2048
RERANK_DEPTH = 20
DOC_CACHE_SIZE = 512
ADJACENCY_BONUS = 0.35  # score multiplier gained when every adjacent query pair is adjacent
#: a folded syllable or number, as the tokenizer sees it (after folding, letters are ASCII)
_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")


class _AllScores(ScoredCollector):
    """Collect every matching document with its score (no top-N pruning)."""

    def prepare(self, top_searcher: Searcher, q: wq.Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.ids = array("i")
        self.scores = array("f")

    def _collect(self, global_docnum: int, score: float) -> int:
        self.ids.append(global_docnum)
        self.scores.append(score)
        return 0

    def results(self) -> None:  # the arrays are the result
        return None


class Snapshot:
    """A searcher over one generation, with the per-searcher caches hanging off it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name, self.index, self.hold = _open_with_retry(root)
        try:
            self.searcher: Searcher = self.index.searcher()
        except BaseException:
            self.hold.release()
            raise
        self.generation = (self.name, self.index.latest_generation())
        self.facets = FacetColumns(self.searcher.reader())
        self.postings = pl.Postings(self.searcher, self.facets.live)
        self._cache: OrderedDict[str, tuple[IntArray, FloatArray]] = OrderedDict()
        self._docs: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._pairs: OrderedDict[int, frozenset[str]] = OrderedDict()
        # phrases need Whoosh's positional matchers: the slowest part, so cached apart
        self._clauses: OrderedDict[str, tuple[IntArray, FloatArray]] = OrderedDict()
        self.opened = time.monotonic()

    def close(self) -> None:
        self.searcher.close()
        self.hold.release()

    def __del__(self) -> None:
        # An Archive dropped without close() (a web app that goes away, say) still closes
        # its segment files rather than leaving them to the garbage collector.
        try:
            self.close()
        except Exception:  # noqa: BLE001, S110 - best effort at interpreter teardown
            pass

    def is_stale(self) -> bool:
        """True when ``CURRENT`` or the generation's commit changed since we opened."""
        from archive.store import current_generation

        name = current_generation(self.root)
        if name != self.name:
            return name is not None
        try:
            return self.index.latest_generation() != self.generation[1]
        except OSError:
            return False

    def match(self, q: wq.Query) -> tuple[IntArray, FloatArray]:
        """Return every matching document number and its score (cached per query)."""
        key = repr(q)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        collector = _AllScores()
        self.searcher.search_with_collector(q, collector)
        result = (
            np.frombuffer(collector.ids, dtype=np.int32).copy(),
            np.frombuffer(collector.scores, dtype=np.float32).copy(),
        )
        self._remember(key, result)
        return result

    def evaluate(
        self, parsed: ParsedQuery, *, any_word: bool = False, fold: bool = False
    ) -> tuple[IntArray, FloatArray]:
        """Return the documents matching a parsed query, sorted by docnum, with scores.

        Single terms are scored here with BM25 over cached posting arrays; phrases and
        synonym sets go through Whoosh's matchers (they need positions).
        """
        key = repr((parsed.include, parsed.exclude, any_word, fold))
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        if parsed.include:
            parts = [self._clause(c, fold) for c in parsed.include]
            if any_word:
                base = pl.union(parts)
            else:
                parts.sort(key=lambda p: p[0].size)
                base = parts[0]
                for part in parts[1:]:
                    base = pl.intersect(base, part)
            for q in bigram_boost(parsed):
                assert isinstance(q, wq.Term)
                base = pl.boost_where(base, self.postings.bm25(q.fieldname, q.text, q.boost))
        else:
            live = self.facets.live_docs
            base = (live, np.zeros(live.size, dtype=np.float32))
        for clause in parsed.exclude:
            base = pl.exclude(base, self._clause(clause, fold=not clause.accented)[0])
        self._remember(key, base)
        return base

    def _clause(self, clause: Clause, fold: bool) -> tuple[IntArray, FloatArray]:
        q = clause_query(clause, fold=fold)
        if isinstance(q, wq.Term):
            return self.postings.bm25(q.fieldname, q.text, q.boost)
        key = repr(q)
        hit = self._clauses.get(key)
        if hit is not None:
            self._clauses.move_to_end(key)
            return hit
        docs, scores = self.match(q)
        order = np.argsort(docs, kind="stable")
        result = (docs[order], scores[order])
        self._clauses[key] = result
        if len(self._clauses) > CLAUSE_CACHE_SIZE:
            self._clauses.popitem(last=False)
        return result

    def _remember(self, key: str, value: tuple[IntArray, FloatArray]) -> None:
        self._cache[key] = value
        if len(self._cache) > RESULT_CACHE_SIZE:
            self._cache.popitem(last=False)

    def count(self, parsed: ParsedQuery) -> int:
        return int(self.evaluate(parsed)[0].size)

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored article dict of a document (cached)."""
        doc = self._docs.get(docnum)
        if doc is None:
            fields: dict[str, Any] = self.searcher.stored_fields(docnum)
            doc = fields.get("doc") or {}
            self._docs[docnum] = doc
            if len(self._docs) > DOC_CACHE_SIZE:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(docnum)
        return doc

    def adjacency(self, parsed: ParsedQuery, docnums: list[int]) -> dict[int, float]:
        """Share of adjacent query pairs that stand adjacent anywhere in each document."""
        words = [t.folded for c in parsed.include if not c.synonym for t in c.tokens]
        pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        if not pairs:
            return {}
        return {d: len(pairs & self.folded_pairs(d)) / len(pairs) for d in docnums}

    def folded_pairs(self, docnum: int) -> frozenset[str]:
        """Every pair of adjacent folded syllables in an article (cached)."""
        found = self._pairs.get(docnum)
        if found is None:
            doc = self.stored(docnum)
            parts = (doc.get("title") or "", doc.get("lead") or "", doc.get("body") or "")
            words = _WORD.findall(fold_fast("\n".join(parts)))
            found = frozenset(map(" ".join, zip(words, words[1:], strict=False)))
            self._pairs[docnum] = found
            if len(self._pairs) > DOC_CACHE_SIZE:
                self._pairs.popitem(last=False)
        return found


def _open_with_retry(root: Path, tries: int = 5) -> tuple[str, Index, GenerationHold]:
    """Open the live generation; retry briefly when the open races a commit or a swap."""
    from archive.errors import ArchiveError

    for attempt in range(tries):
        try:
            return open_held_generation(root)
        except ArchiveError:
            raise
        except (OSError, EOFError, ValueError, KeyError):
            if attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
