"""Facet columns as numpy arrays, built once per searcher, and disjunctive counts by masking.

Each facet value gets an ordinal; ``FacetColumns`` holds one ordinal per document number.
Counting a facet for a set of matching documents is then ``bincount`` over the ordinals of
the documents that pass every *other* filter (DESIGN §3: disjunctive facets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from whoosh.reading import IndexReader

from archive.results import FacetValue

IntArray = npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class Column:
    """Ordinals of one string facet; ``values[ord]`` is the label, ordinal -1 means none."""

    values: list[str]
    ords: IntArray
    index: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_strings(cls, strings: list[str]) -> Column:
        labels = sorted({s for s in strings if s})
        index = {v: i for i, v in enumerate(labels)}
        ords = np.fromiter((index.get(s, -1) for s in strings), dtype=np.int32, count=len(strings))
        return cls(labels, ords, index)

    def mask(self, selected: Sequence[str], docs: IntArray) -> BoolArray:
        """Return which of ``docs`` have one of the ``selected`` values."""
        wanted = np.array([self.index[v] for v in selected if v in self.index], dtype=np.int32)
        return np.isin(self.ords[docs], wanted)

    def counts(self, docs: IntArray) -> list[tuple[str, int]]:
        """Return ``(value, count)`` over documents ``docs``, largest count first."""
        ords = self.ords[docs]
        ords = ords[ords >= 0]
        if ords.size == 0:
            return []
        counts = np.bincount(ords, minlength=len(self.values))
        nz = np.nonzero(counts)[0]
        order = sorted(nz.tolist(), key=lambda i: (-int(counts[i]), self.values[i]))
        return [(self.values[i], int(counts[i])) for i in order]


class FacetColumns:
    """Per-document facet data of one reader: topic, province, and day (yyyymmdd, 0 = none)."""

    def __init__(self, reader: IndexReader) -> None:
        n = reader.doc_count_all()
        self.size = n
        self.topic = Column.from_strings(_strings(reader, "topic", n))
        self.province = Column.from_strings(_strings(reader, "province", n))
        if reader.has_column("day") and n:
            self.day = np.fromiter(reader.column_reader("day"), dtype=np.int32, count=n)
        else:
            self.day = np.zeros(n, dtype=np.int32)
        self.live = np.ones(n, dtype=np.bool_)
        if reader.has_deletions():
            for docnum in range(n):
                if reader.is_deleted(docnum):
                    self.live[docnum] = False
        self.live_docs: IntArray = np.nonzero(self.live)[0].astype(np.int32)


def _strings(reader: IndexReader, name: str, n: int) -> list[str]:
    if not n or not reader.has_column(name):
        return [""] * n
    out = []
    for v in reader.column_reader(name):
        out.append(v.decode("utf-8") if isinstance(v, bytes) else (v or ""))
    return out


def facet_values(pairs: list[tuple[str, int]], selected: list[str]) -> list[FacetValue]:
    """Turn counted pairs into facet values; a selected value with no hits still shows (0)."""
    seen = {v for v, _ in pairs}
    out = [FacetValue(v, c, v in selected) for v, c in pairs]
    out.extend(FacetValue(v, 0, True) for v in selected if v not in seen)
    return out


def year_counts(days: IntArray) -> list[tuple[str, int]]:
    """Return ``(year, count)`` in year order for the days given (undated documents skipped)."""
    years = days[days > 0] // 10000
    if years.size == 0:
        return []
    uniq, counts = np.unique(years, return_counts=True)
    return [(str(int(y)), int(c)) for y, c in zip(uniq, counts, strict=True)]


def month_counts(days: IntArray) -> list[tuple[str, int]]:
    """Return ``(YYYY-MM, count)`` in month order."""
    months = days[days > 0] // 100
    if months.size == 0:
        return []
    uniq, counts = np.unique(months, return_counts=True)
    return [
        (f"{int(m) // 100:04d}-{int(m) % 100:02d}", int(c))
        for m, c in zip(uniq, counts, strict=True)
    ]
