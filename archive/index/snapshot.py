"""One open generation of the index: the seam between the index and the search stages.

The search stages (:mod:`archive.search`) read a snapshot through four things only:
``postings`` (term postings, positions, field lengths, document frequencies, vocabulary),
``columns`` (per-document facet values), stored articles (:meth:`Snapshot.stored`), and the
spelling index built from the vocabulary. Another engine implements the same four.

A snapshot is shared by every thread of an ``Archive``: its files are read through
:class:`archive.index.storage.IndexStorage` (per-thread positions) and its caches lock only
their dictionaries. Leases (:meth:`acquire`/:meth:`release`) keep it open while a search or
an iteration uses it; a retired snapshot closes when its last lease ends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from whoosh.index import Index
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from archive.cache import LRU, NamedCaches
from archive.errors import ArchiveError
from archive.index.holds import GenerationHold, open_held_generation
from archive.index.layout import current_generation
from archive.index.postings import Postings
from archive.search.columns import Column, Columns
from archive.search.seam import BIGRAM, EXACT, FOLDED
from archive.search.spelling import Spelling

DOC_CACHE_SIZE = 512
C = TypeVar("C")


class Snapshot:
    """A searcher over one generation with the caches and derived data hanging off it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name, self.index, self.hold = _open_with_retry(root)
        try:
            self.searcher: Searcher = self.index.searcher()
        except BaseException:
            self.hold.release()
            raise
        self.generation = (self.name, self.index.latest_generation())
        self.columns = _load_columns(self.searcher.reader())
        self.postings = Postings(self.searcher, self.columns.live)
        for field in (EXACT, FOLDED, BIGRAM):  # read in bulk now: no query pays for them
            self.postings.lengths(field)
        self.doc_count = self.postings.doc_count
        self.opened = time.monotonic()
        self._docs: LRU[int, dict[str, Any]] = LRU(DOC_CACHE_SIZE)
        self._caches = NamedCaches()  # named caches of the search stages
        self._spelling: Spelling | None = None
        self._spelling_once = threading.Lock()
        self._leases = 0
        self._retired = False
        self._closed = False
        self._state = threading.Lock()

    # -- lifetime ------------------------------------------------------------------------
    def acquire(self) -> bool:
        """Take a lease; False when the snapshot is already retired and closed."""
        with self._state:
            if self._closed:
                return False
            self._leases += 1
            return True

    def release(self) -> None:
        """End a lease; the last lease of a retired snapshot closes it."""
        with self._state:
            self._leases -= 1
            close = self._retired and self._leases == 0 and not self._closed
            if close:
                self._closed = True
        if close:
            self._close_files()

    def retire(self) -> None:
        """Close once no lease is left (now, if none is)."""
        with self._state:
            self._retired = True
            close = self._leases == 0 and not self._closed
            if close:
                self._closed = True
        if close:
            self._close_files()

    def close(self) -> None:
        """Close now (the owner is done with it)."""
        self.retire()

    def _close_files(self) -> None:
        self.postings.close()
        self.searcher.close()
        self.hold.release()

    def __del__(self) -> None:
        # An Archive dropped without close() (a web app that goes away, say) still closes
        # its segment files rather than leaving them to the garbage collector.
        try:
            if not self._closed:
                self._closed = True
                self._close_files()
        except Exception:  # noqa: BLE001, S110 - best effort at interpreter teardown
            pass

    def is_stale(self) -> bool:
        """True when ``CURRENT`` or the generation's commit changed since we opened."""
        name = current_generation(self.root)
        if name != self.name:
            return name is not None
        try:
            return bool(self.index.latest_generation() != self.generation[1])
        except OSError:
            return False

    # -- the seam ------------------------------------------------------------------------
    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored article dict of a document (cached)."""
        return self._docs.get_or_compute(docnum, lambda: self._read_stored(docnum))

    def _read_stored(self, docnum: int) -> dict[str, Any]:
        fields: dict[str, Any] = self.searcher.stored_fields(docnum)
        doc: dict[str, Any] = fields.get("doc") or {}
        return doc

    def docnum(self, article_id: str) -> int | None:
        """The document number of a live article, or None."""
        found = self.searcher.document_number(id=article_id)
        return None if found is None else int(found)

    def iter_stored(self) -> Iterator[dict[str, Any]]:
        """Yield every live article dict, in document order (uncached: for exports)."""
        for docnum in self.columns.live_docs.tolist():
            doc = self._read_stored(int(docnum))
            if doc:
                yield doc

    def cache(self, name: str, make: Callable[[], C]) -> C:
        """Return this snapshot's cache called ``name``, made by ``make()`` on first use."""
        return self._caches.get(name, make)

    def prepare(self) -> None:
        """Build the derived data searches may need (the typo index) ahead of the first query.

        Meant for a background thread right after the snapshot opens; a search that needs it
        sooner waits for this build rather than starting its own.
        """
        if not self.acquire():
            return
        try:
            self.spelling  # noqa: B018 - builds it
        except Exception:  # noqa: BLE001 - closed underneath us, or damaged: built on demand
            pass
        finally:
            self.release()

    @property
    def spelling(self) -> Spelling:
        """The typo index of the folded vocabulary (built on first use, once)."""
        if self._spelling is None:
            with self._spelling_once:
                if self._spelling is None:
                    terms, df = self.postings.vocabulary(FOLDED)
                    self._spelling = Spelling(terms, df)
        return self._spelling


def _load_columns(reader: IndexReader) -> Columns:
    n = reader.doc_count_all()
    if reader.has_column("day") and n:
        day = np.fromiter(reader.column_reader("day"), dtype=np.int32, count=n)
    else:
        day = np.zeros(n, dtype=np.int32)
    live = np.ones(n, dtype=np.bool_)
    if reader.has_deletions():
        for docnum in range(n):
            if reader.is_deleted(docnum):
                live[docnum] = False
    return Columns(
        topic=Column.from_strings(_strings(reader, "topic", n)),
        province=Column.from_strings(_strings(reader, "province", n)),
        day=day,
        live=live,
    )


def _strings(reader: IndexReader, name: str, n: int) -> list[str]:
    if not n or not reader.has_column(name):
        return [""] * n
    return [
        v.decode("utf-8") if isinstance(v, bytes) else (v or "") for v in reader.column_reader(name)
    ]


def _open_with_retry(root: Path, tries: int = 5) -> tuple[str, Index, GenerationHold]:
    """Open the live generation; retry briefly when the open races a commit or a swap."""
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
