"""The PostgreSQL engine: the same ``Archive`` and ``ArchiveWriter`` over a database.

``Archive.open("postgresql://…")`` and ``ArchiveWriter("postgresql://…")`` land here.
Analysis stays ours (:mod:`archive.index.schema`'s ``analyze_value``): each article's exact,
folded and bigram token streams are stored as ``tsvector`` literals (title positions carry
weight A) in one *table set* (a schema ``vn_<n>``); the search stages read it through the
seam (:mod:`archive.search.seam`), looking terms up with the GIN indexes.
"""

from __future__ import annotations

import os

SCHEMES = ("postgresql://", "postgres://")


def is_pg_url(target: str | os.PathLike[str]) -> bool:
    """True when ``target`` names a PostgreSQL database rather than an index directory."""
    return isinstance(target, str) and target.startswith(SCHEMES)
