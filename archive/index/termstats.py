"""Term statistics sidecars: each segment's total weight and document frequency per term.

Whoosh keeps a term's statistics in its term info, one hash-file lookup per segment; a cold
spelling correction asks them of ~40 candidates and their neighbour pairs in every segment
(tens of thousands of lookups). So the codec also writes, when it writes a segment's
postings, a small sidecar file ``<segment id>.sts`` holding every ``(field, term)`` of the
segment as three arrays sorted by a stable 64-bit hash of the term::

    b"VNS1" | 4 zero bytes | n (uint64, little-endian)
    | hashes (n uint64) | total weights (n float32) | document frequencies (n uint32)

(the header keeps the hashes 8-byte aligned in the mapped file: numpy copies an unaligned
array on every ``searchsorted``).

The weight is the float32 Whoosh's term info stores, the document frequency counts deleted
documents as Whoosh does; so summing a term's entries over the segments in order gives
exactly Whoosh's ``frequency`` and ``doc_frequency``. A lookup of many terms is one
``searchsorted`` per segment (:meth:`SegmentStats.find`). Segments written before this file
existed (or by another codec) have none: :class:`archive.index.postings.Postings` asks
their term table as before.

The hash is BLAKE2b (8-byte digest) of ``field name + NUL + term bytes``, stable across
processes (unlike Python's salted ``hash``). Two terms of one segment share a hash with
probability about ``n² / 2⁶⁵`` (a segment of 10⁶ terms: 3·10⁻⁸), so collisions are ignored.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from hashlib import blake2b
from typing import Any

import numpy as np
import numpy.typing as npt

EXT = ".sts"
MAGIC = b"VNS1"
_HEAD = struct.Struct("<4s4xQ")
HashArray = npt.NDArray[np.uint64]


def term_hashes(field: str, btexts: Iterable[bytes]) -> HashArray:
    """The 64-bit hash of each term of ``field`` (see the module docstring)."""
    prefix = field.encode("utf-8") + b"\x00"
    raw = b"".join(blake2b(prefix + t, digest_size=8).digest() for t in btexts)
    return np.frombuffer(raw, dtype="<u8").astype(np.uint64, copy=False)


def encode_stats(hashes: HashArray, weights: npt.ArrayLike, dfs: npt.ArrayLike) -> bytes:
    """The bytes of a sidecar (entries in any order: they are sorted here)."""
    order = np.argsort(hashes, kind="stable")
    h = np.asarray(hashes, dtype="<u8")[order]
    w = np.asarray(weights, dtype="<f4")[order]
    d = np.asarray(dfs, dtype="<u4")[order]
    return b"".join((_HEAD.pack(MAGIC, h.size), h.tobytes(), w.tobytes(), d.tobytes()))


class StatsWriter:
    """Collects a segment's term statistics, field by field, and writes the sidecar."""

    def __init__(self) -> None:
        self._hashes: list[HashArray] = []
        self._weights: list[npt.NDArray[np.float32]] = []
        self._dfs: list[npt.NDArray[np.uint32]] = []
        self._field: str | None = None
        self._btexts: list[bytes] = []
        self._w: list[float] = []
        self._d: list[int] = []

    def add_term(self, field: str, btext: bytes, weight: float, df: int) -> None:
        """One term (the codec's per-term path: Whoosh's writer and merges)."""
        if field != self._field:
            self._flush()
            self._field = field
        self._btexts.append(btext)
        self._w.append(weight)
        self._d.append(df)

    def add_field(
        self, field: str, btexts: Sequence[bytes], weights: npt.ArrayLike, dfs: npt.ArrayLike
    ) -> None:
        """Every term of one field at once (the array build)."""
        self._flush()
        self._append(field, btexts, weights, dfs)

    def _append(
        self, field: str, btexts: Sequence[bytes], weights: npt.ArrayLike, dfs: npt.ArrayLike
    ) -> None:
        self._hashes.append(term_hashes(field, btexts))
        self._weights.append(np.asarray(weights, dtype=np.float32))
        self._dfs.append(np.asarray(dfs, dtype=np.uint32))

    def _flush(self) -> None:
        if self._field is not None and self._btexts:
            self._append(self._field, self._btexts, self._w, self._d)
        self._field, self._btexts, self._w, self._d = None, [], [], []

    def write(self, segment: Any, storage: Any) -> None:
        """Write the sidecar of ``segment`` into ``storage``."""
        self._flush()
        h = np.concatenate(self._hashes) if self._hashes else np.zeros(0, np.uint64)
        w = np.concatenate(self._weights) if self._weights else np.zeros(0, np.float32)
        d = np.concatenate(self._dfs) if self._dfs else np.zeros(0, np.uint32)
        f = segment.create_file(storage, EXT)
        try:
            f.write(encode_stats(h, w, d))
        finally:
            f.close()


class SegmentStats:
    """One segment's sidecar: sorted hashes with their weights and document frequencies."""

    def __init__(self, buf: Any, keep: Any = None) -> None:
        view = memoryview(buf)
        if len(view) < _HEAD.size:
            raise ValueError("term statistics file too short")
        magic, n = _HEAD.unpack_from(view, 0)
        if magic != MAGIC or len(view) != _HEAD.size + 16 * n:
            raise ValueError("not a term statistics file")
        at = _HEAD.size
        self.hashes: HashArray = np.frombuffer(view, dtype="<u8", count=n, offset=at)
        self.weights = np.frombuffer(view, dtype="<f4", count=n, offset=at + 8 * n)
        self.dfs = np.frombuffer(view, dtype="<u4", count=n, offset=at + 12 * n)
        self._keep = keep  # the open file the arrays map (closed by close())

    @classmethod
    def open(cls, reader: Any) -> SegmentStats | None:
        """The sidecar of a Whoosh segment reader's segment (None: it has none)."""
        if not (hasattr(reader, "segment") and hasattr(reader, "storage")):
            return None  # not a Whoosh segment reader
        segment, storage = reader.segment(), reader.storage()
        name = segment.make_filename(EXT)
        try:
            if not storage.file_exists(name):
                return None
            f = storage.open_file(name)
        except OSError:
            return None
        buf = getattr(f, "_buf", None)  # archive.index.storage: the file is memory-mapped
        try:
            if buf is None:
                buf = f.read()
                f.close()
                f = None
            return cls(buf, keep=f)
        except ValueError:
            if f is not None:
                f.close()
            return None

    def find(self, hashes: HashArray) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """``(index, found)`` of each hash in this segment's arrays."""
        n = self.hashes.size
        if not n:
            return np.zeros(hashes.size, np.intp), np.zeros(hashes.size, np.bool_)
        at = np.minimum(np.searchsorted(self.hashes, hashes), n - 1)
        return at, self.hashes[at] == hashes

    def find_one(self, h: np.uint64) -> int:
        """The index of one hash, or -1."""
        at = int(self.hashes.searchsorted(h))
        return at if at < self.hashes.size and self.hashes[at] == h else -1

    def close(self) -> None:
        """Drop the arrays and close the mapped file (a no-op for one read in memory)."""
        self.hashes = np.zeros(0, np.uint64)
        self.weights = np.zeros(0, np.float32)
        self.dfs = np.zeros(0, np.uint32)
        keep, self._keep = self._keep, None
        if keep is not None:
            keep.close()
