"""vnarchive's search library: Vietnamese analysis, the Whoosh index, search and facets.

Example (with an index built by ``vnarchive index``)::

    from archive import Archive
    with Archive.open("var/index") as arc:
        arc.search("hai duong").hits[0].title
"""

from archive.api import Archive
from archive.errors import (
    ArchiveError,
    IndexBusyError,
    IndexNotFoundError,
    InvalidParameterError,
    SchemaVersionError,
)
from archive.index.writer import ArchiveWriter
from archive.models import Article
from archive.results import FacetValue, Hit, SearchResult
from archive.search.request import SearchRequest, SortMode

__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveWriter",
    "Article",
    "FacetValue",
    "Hit",
    "IndexBusyError",
    "IndexNotFoundError",
    "InvalidParameterError",
    "SchemaVersionError",
    "SearchRequest",
    "SearchResult",
    "SortMode",
]
