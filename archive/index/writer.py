"""The one way into the index: add, replace and delete articles, then commit or roll back.

Example::

    with ArchiveWriter("var/index") as w:
        if not w.has_record(article.id, digest):
            w.add(article, content_hash=digest, src="feed.jsonl")
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

from whoosh.index import Index
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from archive.index.build import SegmentBuilds
from archive.index.cleanup import (
    publish_generation,
    remove_stale_generations,
    retire_generation,
    tidy_generation,
)
from archive.index.codec import VnCodec
from archive.index.files import FileRecord, IngestState
from archive.index.layout import current_generation, new_generation, open_generation, set_current
from archive.index.lock import writer_lock
from archive.index.merge import merge_tiers
from archive.index.schema import search_value
from archive.models import Article
from archive.pg import is_pg_url

log = logging.getLogger("archive")

KEY_SEP = "\x1f"


def _day(article: Article) -> int:
    d = article.date
    return d.year * 10000 + d.month * 100 + d.day if d else 0


def doc_search_value(doc: dict[str, Any]) -> str:
    """The one string of the three search fields, from a stored article dict."""
    body = doc.get("body") or ""
    if doc.get("captions"):
        body = body + "\n" + "\n".join(doc["captions"])
    return search_value(doc.get("title") or "", doc.get("lead") or "", body)


def article_fields(article: Article, *, content_hash: str, src: str) -> dict[str, Any]:
    """Return the Whoosh document for an article (see :func:`archive.schema.build_schema`)."""
    doc = article.to_dict()
    value = doc_search_value(doc)
    return {
        "id": article.id,
        "key": article.id + KEY_SEP + content_hash,
        "src": src,
        # one string for the three search fields: analyzed once (schema.analyze_value)
        "text": value,
        "text_f": value,
        "text_bi": value,
        "topic": article.topic or "",
        "province": article.province or "",
        "day": _day(article),
        "doc": doc,
    }


class ArchiveWriter:
    """Write to the index at ``root`` under its writer lock.

    ``full=True`` (or no index yet) builds a new generation that becomes live only when
    :meth:`commit` finishes; otherwise changes go into the live generation as one Whoosh
    commit. Leaving the ``with`` block by an exception cancels everything.

    A killed writer leaves nothing that blocks or corrupts the next one: its lock is an
    ``flock`` (the next writer reports "cleared a stale lock left by process N" in
    :attr:`notices` and on the ``archive`` logger), an uncommitted Whoosh commit is invisible,
    and the generation a killed ``--full`` was building is removed by the next commit.

    :param procs: worker processes for Whoosh (each writes its own segment)
    :param limitmb: memory per worker for Whoosh's posting pool
    """

    def __new__(cls, root: str | os.PathLike[str], **kwargs: Any) -> ArchiveWriter:
        # "postgresql://…" writes to the PostgreSQL engine (archive.pg), same interface
        if cls is ArchiveWriter and is_pg_url(root):
            from archive.pg.writer import PgWriter

            return PgWriter(str(root), **kwargs)  # type: ignore[return-value]
        return super().__new__(cls)

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        full: bool = False,
        procs: int = 1,
        limitmb: int = 256,
    ) -> None:
        self.root = Path(root)
        self.full = full
        self.procs = procs
        self.limitmb = limitmb
        self.created = False
        self._lock: contextlib.ExitStack | None = None
        self._ix: Index | None = None
        self._gen = ""
        self._writer: IndexWriter | None = None
        self._searcher: Searcher | None = None
        self.added = self.deleted = 0
        self.notices: list[str] = []
        self.removed_generations: list[str] = []
        self._files: FileRecord | None = None  # the record of indexed files (sources.json)
        self._state: IngestState | None = None  # the indexer's own state (state.json)
        self._builds: SegmentBuilds | None = None  # a new generation's segments
        self._created_deletes: list[str] = []

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> ArchiveWriter:
        stack = contextlib.ExitStack()
        lock = stack.enter_context(writer_lock(self.root))
        self._lock = stack
        if lock.message:
            self.notices.append(lock.message)
            log.warning("%s", lock.message)
        try:
            if self.full or current_generation(self.root) is None:
                self._gen, self._ix = new_generation(self.root)
                self.created = True
                self._files = FileRecord(self.root / self._gen, load=False)
                self._state = IngestState(self.root / self._gen, load=False)
                self._builds = SegmentBuilds(self._ix, self.root / self._gen, self.procs)
            else:
                self._gen, self._ix = open_generation(self.root)
                self._searcher = self._ix.searcher()
                self._files = FileRecord(self.root / self._gen, load=True)
                self._state = IngestState(self.root / self._gen, load=True)
        except BaseException:
            stack.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.cancel()
        finally:
            if self._lock is not None:
                self._lock.close()

    def _record(self) -> FileRecord:
        assert self._files is not None, "use ArchiveWriter in a with block"
        return self._files

    def _w(self) -> IndexWriter:
        if self._writer is None:
            assert self._ix is not None, "use ArchiveWriter in a with block"
            # compound=False: Whoosh reads a compound segment file into memory whole when
            # a reader opens it (500 MB for the news corpus); separate files are read lazily
            if self.procs > 1:
                self._writer = self._ix.writer(
                    procs=self.procs,
                    multisegment=True,
                    limitmb=self.limitmb,
                    compound=False,
                    codec=VnCodec(),
                )
            else:
                self._writer = self._ix.writer(
                    limitmb=self.limitmb, compound=False, codec=VnCodec()
                )
        return self._writer

    def commit(self) -> None:
        """Make every change visible; a new generation becomes the live one."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._builds is not None:
            self._builds.commit()  # a new generation: its segments, listed in one TOC
            self._builds = None
            for article_id in self._created_deletes:
                self._w().delete_by_term("id", article_id)
            self._created_deletes.clear()
        if self._writer is not None:
            if self.created:
                self._writer.commit(merge=False)
            else:
                self._writer.commit(mergetype=merge_tiers)
            self._writer = None
        self._record().commit()
        if self._state is not None:
            self._state.commit()
        if self.created:
            previous = current_generation(self.root)
            if previous and previous != self._gen:
                retire_generation(self.root, previous)
            set_current(self.root, self._gen)
        publish_generation(self.root, self._gen)
        # Still under the writer lock: no other writer is building a generation.
        self.removed_generations = remove_stale_generations(self.root, keep=self._gen)
        tidy_generation(self.root / self._gen)

    def cancel(self) -> None:
        """Drop every change since the last commit; a new generation is removed."""
        if self._files is not None:
            self._files.pending.clear()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.cancel()
            self._writer = None
        if self._builds is not None:
            with contextlib.suppress(Exception):
                self._builds.close()
            self._builds = None
        if self.created:
            shutil.rmtree(self.root / self._gen, ignore_errors=True)

    # -- what is there -------------------------------------------------------------------
    def _live(self, field: str, term: str) -> bool:
        if self._searcher is None:
            return False
        return self._searcher.document_number(**{field: term}) is not None

    def has_record(self, article_id: str, content_hash: str) -> bool:
        """True when the article with this id and content is already indexed."""
        return self._live("key", article_id + KEY_SEP + content_hash)

    def source_entry(self, src: str, src_hash: str) -> dict[str, Any] | None:
        """Return ``{"count", "failed"}`` when this exact file content is already indexed.

        The record of file hashes is forgotten on disk before a file's articles change and
        written again only after the commit (:meth:`end_source` keeps its entry in memory
        until then), so a crash can make a file look changed (and re-read) but never
        unchanged when it is not.
        """
        return self._record().entry(src, src_hash)

    def begin_source(self, src: str) -> None:
        """Announce that the articles of ``src`` are about to change."""
        self._record().forget(src, save=not self.created)

    def end_source(
        self, src: str, src_hash: str, count: int, failed: list[dict[str, str]] | None = None
    ) -> None:
        """Record the file content now indexed for ``src`` and its bad lines (saved at commit)."""
        self._record().record(src, src_hash, count, failed or [])

    def ingest_state(self, name: str) -> Any:
        """Return what the indexer stored under ``name`` (None when nothing is)."""
        return None if self._state is None else self._state.get(name)

    def set_ingest_state(self, name: str, value: Any) -> None:
        """Store a JSON value under ``name`` for the next runs (saved at commit)."""
        assert self._state is not None, "use ArchiveWriter in a with block"
        self._state.set(name, value)

    def known_sources(self) -> set[str]:
        """Return every source file recorded in this generation or present in the index."""
        return self._record().names() | self.sources()

    def has_id(self, article_id: str) -> bool:
        """True when an article with this id is indexed."""
        return self._live("id", article_id)

    def ids_from(self, src: str) -> set[str]:
        """Return the ids of the indexed articles that came from file ``src``."""
        if self._searcher is None:
            return set()
        return {fields["id"] for fields in self._searcher.documents(src=src)}

    def sources(self) -> set[str]:
        """Return every source path with at least one live article."""
        if self._searcher is None:
            return set()
        reader = self._searcher.reader()
        out = set()
        for raw in reader.lexicon("src"):
            src = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if self._live("src", src):
                out.add(src)
        return out

    # -- changes -------------------------------------------------------------------------
    def add(self, article: Article, *, content_hash: str, src: str = "") -> None:
        """Add an article, replacing any article with the same id."""
        fields = article_fields(article, content_hash=content_hash, src=src)
        if self._builds is not None:
            # a new generation: array-built segments (archive.index.build), no Whoosh pool
            self._builds.add(fields)
        else:
            self._w().update_document(**fields)
        self.added += 1

    def delete_id(self, article_id: str) -> None:
        """Delete the article with this id (no-op when absent)."""
        if self._builds is not None:
            self._created_deletes.append(article_id)  # once its segments are committed
        else:
            self._w().delete_by_term("id", article_id)
        self.deleted += 1

    def delete_source(self, src: str) -> int:
        """Delete every article that came from file ``src``; return how many there were."""
        self.begin_source(src)
        n = len(self.ids_from(src))
        if n:
            self._w().delete_by_term("src", src)
            self.deleted += n
        return n
