"""A Whoosh codec whose posting lists are numpy arrays, written and read in bulk (issue 10).

Whoosh keeps everything else of its ``W3Codec`` (the term table, stored fields, columns,
segments); only the posting list of each term changes. A term's postings are one record
in the ``.pst`` file::

    b"VNA1" | n, value bytes (two uint32, big-endian)
    | docnums (n int32, little-endian) | weights (n float32) | value ends (n int32)
    | the values, back to back

so a reader turns a posting list into arrays with three ``np.frombuffer`` calls
(:func:`read_arrays`), and Whoosh's ``Matcher`` API keeps working over them
(:class:`whoosh.matching.ListMatcher`): phrases, merging and ``more_like`` are unchanged.

:class:`archive.index.writer.ArchiveWriter` writes every segment with it (schema version 6).
Positions are raw int32 values (:class:`archive.index.schema.VnPositions`), so a term's
positions are one array too. Each segment also gets a term statistics sidecar (``.sts``,
:mod:`archive.index.termstats`), written when the field writer closes. Still to do (issue
10): the build feeds postings through Whoosh's ``SortingPool`` one at a time; an array
build path is the next step.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3Segment, W3TermInfo
from whoosh.matching import ListMatcher
from whoosh.system import pack_ushort

from archive.index.termstats import StatsWriter

MAGIC = b"VNA1"
HEADER = struct.Struct("!II")
HEADER_SIZE = len(MAGIC) + HEADER.size


def encode_postings(ids: npt.ArrayLike, weights: npt.ArrayLike, values: list[bytes]) -> bytes:
    """Return the record of one posting list (see the module docstring)."""
    docs = np.asarray(ids, dtype="<i4")
    w = np.asarray(weights, dtype="<f4")
    lens = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    ends = np.cumsum(lens).astype("<i4") if values else np.zeros(docs.size, dtype="<i4")
    blob = b"".join(values)
    head = HEADER.pack(docs.size, len(blob))
    return b"".join((MAGIC, head, docs.tobytes(), w.tobytes(), ends.tobytes(), blob))


def read_arrays(
    buf: Any, offset: int = 0
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32], npt.NDArray[np.int32], memoryview]:
    """Return ``(docnums, weights, value ends, value bytes)`` of the record at ``offset``.

    The arrays are views of ``buf`` (no copy when it is a memory map).

    :raises ValueError: the bytes at ``offset`` are not a posting record of this codec
    """
    view = memoryview(buf)
    if bytes(view[offset : offset + len(MAGIC)]) != MAGIC:
        raise ValueError(f"no vnarchive posting list at offset {offset}")
    n, nbytes = HEADER.unpack_from(view, offset + len(MAGIC))
    at = offset + HEADER_SIZE
    docs = np.frombuffer(view, dtype="<i4", count=n, offset=at)
    weights = np.frombuffer(view, dtype="<f4", count=n, offset=at + 4 * n)
    ends = np.frombuffer(view, dtype="<i4", count=n, offset=at + 8 * n)
    blob = view[at + 12 * n : at + 12 * n + nbytes]
    return docs, weights, ends, blob


class VnFieldWriter(W3FieldWriter):
    """Whoosh's field writer, but each term's postings go out as one array record.

    It also writes the segment's term statistics sidecar (:mod:`archive.index.termstats`)
    when it closes: the terms of :meth:`finish_term` (Whoosh's writer, merges) and those the
    array build hands over in bulk (:meth:`add_field_stats`).
    """

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        self.stats = StatsWriter()

    def add_field_stats(self, btexts: list[bytes], weights: Any, dfs: Any) -> None:
        """The statistics of every term of the current field, in one call (array build)."""
        self.stats.add_field(self._fieldname, btexts, weights, dfs)

    def start_term(self, btext: bytes) -> None:
        self._btext = btext
        self._ids: list[int] = []
        self._weights: list[float] = []
        self._values: list[bytes] = []
        self._lengths: list[int] = []

    def add(self, docnum: int, weight: float, vbytes: bytes, length: int) -> None:
        self._ids.append(docnum)
        self._weights.append(weight)
        self._values.append(vbytes or b"")
        if length:
            self._lengths.append(length)

    def finish_term(self) -> None:
        info = W3TermInfo()
        info._weight = float(sum(self._weights))
        info._df = len(self._ids)
        info._minlength = min(self._lengths) if self._lengths else None
        info._maxlength = max(self._lengths) if self._lengths else 0
        info._maxweight = max(self._weights) if self._weights else 0.0
        info._minid = self._ids[0] if self._ids else None
        info._maxid = self._ids[-1] if self._ids else None
        values = self._values if any(self._values) else []
        record = encode_postings(self._ids, self._weights, values)
        info.set_extent(self._postfile.tell(), len(record))
        self._postfile.write(record)
        self._tindex.add(pack_ushort(self._fieldid) + self._btext, info.to_bytes())
        self.stats.add_term(self._fieldname, self._btext, info._weight, info._df)

    def close(self) -> None:
        self.stats.write(self._segment, self._storage)
        super().close()


class VnMatcher(ListMatcher):
    """Whoosh's list matcher over one array record; ``arrays`` gives the record itself.

    The lists Whoosh's own matcher API walks are made from the arrays only when it is used
    (merging segments, Whoosh's tools): the search stages read ``arrays`` directly.
    """

    def __init__(
        self,
        arrays: tuple[Any, ...],
        format_: Any,
        scorer: Any = None,
        term: Any = None,
        terminfo: Any = None,
    ) -> None:
        self.arrays = arrays
        self._all_weights = None
        self._i = 0
        self._format = format_
        self._scorer = scorer
        self._term = term
        self._terminfo = terminfo

    def __getattr__(self, name: str) -> Any:
        if name not in ("_ids", "_weights", "_values"):
            raise AttributeError(name)
        docs, weights, ends, blob = self.arrays
        self._ids = docs.tolist()
        self._weights = weights.tolist()
        self._values = None
        if len(blob):
            starts = np.concatenate(([0], ends[:-1])).tolist()
            raw = bytes(blob)
            self._values = [raw[s:e] for s, e in zip(starts, ends.tolist(), strict=True)]
        return getattr(self, name)

    def copy(self) -> VnMatcher:
        other = VnMatcher(self.arrays, self._format, self._scorer, self._term, self._terminfo)
        other._i = self._i
        return other

    def value(self) -> bytes:
        # ListMatcher returns "" without values; Whoosh's merge pool insists on bytes
        return self._values[self._i] if self._values else b""


class VnCodec(W3Codec):
    """``W3Codec`` with array posting lists (see the module docstring)."""

    def field_writer(self, storage: Any, segment: Any) -> VnFieldWriter:
        return VnFieldWriter(self, storage, segment)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> VnMatcher:
        offset, length = terminfo.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves it a 1-tuple
            length = length[0]
        buf = getattr(dbfile, "_buf", None)
        arrays = (
            read_arrays(buf, offset) if buf is not None else read_arrays(dbfile.get(offset, length))
        )
        return VnMatcher(arrays, format_, scorer=scorer, term=term, terminfo=terminfo)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        return W3Segment(self, indexname)
