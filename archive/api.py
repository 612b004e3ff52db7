"""The ``Archive`` API (DESIGN §4): open an index, search it, fetch articles.

A thin facade: searches run the stages of :mod:`archive.search` on the snapshot that
:class:`archive.index.live.LiveIndex` leases (threads never wait for each other).

Example::

    with Archive.open("var/index") as arc:
        res = arc.search("hai duong", province=["Hải Dương"], sort="newest")
        res.total, res.hits[0].title, res.to_dict()["facets"]["province"]
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Unpack

from archive.index.live import LiveIndex
from archive.models import Article
from archive.pg import is_pg_url
from archive.results import Hit, SearchResult
from archive.search import present, related
from archive.search.parse import Forms, parse_query
from archive.search.pipeline import read_words, run
from archive.search.request import MAX_PAGE, SearchFilters, SearchRequest
from archive.stats import archive_stats


class Archive:
    """A read-only view of an index; thread-safe, reopens itself when the index is rebuilt."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self._live: Any
        if is_pg_url(root):  # the PostgreSQL engine (archive.pg): same seam, same stages
            from archive.pg.live import PgLive

            self.dsn: str | None = str(root)
            self.root = Path()
            self._live = PgLive(str(root))
        else:
            self.dsn = None
            self.root = Path(root)
            self._live = LiveIndex(self.root)

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
        """Release the searcher (once the searches still running on it end)."""
        self._live.close()

    def refresh(self, force: bool = False) -> bool:
        """Reopen when the index changed since it was opened; return True if it did."""
        return self._live.refresh(force)

    @property
    def generation(self) -> str:
        """An opaque label that changes whenever the index content changes."""
        name, toc = self._live.current.generation
        return f"{name}:{toc}"

    @property
    def committed_at(self) -> float | None:
        """When the open snapshot was committed (Unix time); None if its files are gone."""
        return self._live.committed_at()

    def search(self, query: str = "", **filters: Unpack[SearchFilters]) -> SearchResult:
        """Search; an empty query browses every article the filters allow, newest first.

        Keyword arguments are the fields of :class:`SearchRequest` (``topic``, ``province``,
        ``date_from``, ``date_to``, ``sort``, ``page``, ``per_page``, ``include_merged``).
        Values repeated within ``topic`` or ``province`` are ORed; different filters are
        ANDed; each facet is counted with every filter but its own.

        :raises InvalidParameterError: a parameter is out of range (the message names it)
        """
        return self.run(SearchRequest(query, **filters))  # type: ignore[arg-type]

    def run(self, request: SearchRequest, *, light: bool = False) -> SearchResult:
        """Run a :class:`SearchRequest` (``light``: no snippets or suggestion)."""
        with self._live.lease() as snap:
            return run(snap, request, light=light)

    def highlights(self, query: str) -> tuple[Forms, ...]:
        """What a page marks for ``query``: its words as this archive reads them."""
        with self._live.lease() as snap:
            return read_words(snap, parse_query(query)).highlights()

    def get(self, article_id: str) -> Article | None:
        """Return the article with this id, or None."""
        with self._live.lease() as snap:
            docnum = snap.docnum(article_id)
            return None if docnum is None else Article.from_dict(snap.stored(docnum))

    def more_like_this(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Return up to ``limit`` articles similar to this one (same topic, near date first)."""
        with self._live.lease() as snap:
            docnum = snap.docnum(article_id)
            if docnum is None:
                return []
            found = related.related(snap, docnum, limit)
            return [present.hit(snap, None, d, s, light=False) for d, s in found]

    def iter_hits(
        self,
        query: str | SearchRequest = "",
        *,
        batch: int = 100,
        **filters: Unpack[SearchFilters],
    ) -> Iterator[Hit]:
        """Yield every matching hit in order, page by page (for CSV export).

        ``query`` is the text (with ``filters``) or a whole :class:`SearchRequest` (its page
        is ignored). The hits carry no snippet (and a plain escaped ``title_html``): exports
        list rows. Each page is its own search, so a long export never holds back a search.
        """
        if isinstance(query, SearchRequest):
            request = query.replace(per_page=batch)
        else:
            request = SearchRequest(query, **{**filters, "per_page": batch})  # type: ignore[arg-type]
        for page in range(1, MAX_PAGE + 1):
            res = self.run(request.replace(page=page), light=True)
            yield from res.hits
            if page * batch >= res.total:
                return

    def iter_articles(self) -> Iterator[Article]:
        """Yield every article of the snapshot open when iteration starts (for export).

        The iteration holds a lease, not a lock: searches go on, and a rebuild is seen by
        them while the export finishes on the snapshot it started with.
        """
        with self._live.lease() as snap:
            for doc in snap.iter_stored():
                yield Article.from_dict(doc)

    def stats(self) -> dict[str, Any]:
        """Return counts, per-facet counts, the date range, index size and schema version."""
        with self._live.lease() as snap:
            browse = run(snap, SearchRequest(per_page=1))
            if self.dsn is not None:
                from archive.pg.live import pg_stats

                return pg_stats(snap, browse, self.dsn)
            return archive_stats(snap, browse, self.root)
