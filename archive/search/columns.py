"""Doc values: one facet ordinal, day and live flag per document number, as numpy arrays.

Each string facet value gets an ordinal; :class:`Column` holds one ordinal per document.
An engine builds :class:`Columns` when a snapshot opens; filters and facet counts then work
on arrays (:mod:`archive.search.facets`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

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
        """Build the column of a list of per-document values ("" = none).

        >>> col = Column.from_strings(["b", "", "a", "b"])
        >>> col.values, col.ords.tolist()
        (['a', 'b'], [1, -1, 0, 1])
        """
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

    def value_of(self, docs: IntArray, value: str) -> BoolArray:
        """Return which of ``docs`` have exactly ``value`` (all False when it is unknown)."""
        ordinal = self.index.get(value)
        if ordinal is None:
            return np.zeros(docs.size, dtype=np.bool_)
        return self.ords[docs] == ordinal


@dataclass
class Columns:
    """Per-document data of one snapshot: topic, province, day (yyyymmdd, 0 = none), live."""

    topic: Column
    province: Column
    day: IntArray
    live: BoolArray
    live_docs: IntArray = field(init=False)

    def __post_init__(self) -> None:
        self.live_docs = np.nonzero(self.live)[0].astype(np.int32)

    @property
    def size(self) -> int:
        return int(self.live.size)
