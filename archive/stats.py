"""``Archive.stats()``: counts, facet counts, the date range, the size on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archive.index.layout import directory_size
from archive.index.schema import SCHEMA_VERSION
from archive.index.snapshot import Snapshot
from archive.results import SearchResult


def _iso(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def archive_stats(snap: Snapshot, browse: SearchResult, root: Path) -> dict[str, Any]:
    """Describe a snapshot; ``browse`` is its browse result (every article, with facets)."""
    cols = snap.columns
    days = cols.day[cols.live_docs]
    dated = days[days > 0]
    return {
        "articles": browse.total,
        "facets": {k: [v.to_dict() for v in vals] for k, vals in browse.facets.items()},
        "date_range": {
            "from": _iso(int(dated.min())) if dated.size else None,
            "to": _iso(int(dated.max())) if dated.size else None,
        },
        "undated": int(days.size - dated.size),
        "index_bytes": directory_size(root / snap.name),
        "schema_version": SCHEMA_VERSION,
        "generation": f"{snap.generation[0]}:{snap.generation[1]}",
        "path": str(root),
    }
