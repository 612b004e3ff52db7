"""Read Whoosh posting lists, positions, field lengths and the vocabulary into numpy arrays.

Whoosh's matchers walk postings one document at a time in Python, which dominates a query
that ANDs a dozen words. Here each term's posting list is read once per snapshot (block by
block) into sorted ``(docnums, weights)`` arrays and kept in an LRU cache; the search
stages combine them with vectorized set operations (:mod:`archive.search.docsets`).
Deleted documents are dropped here, so every array holds live documents only.

Term statistics (``frequency``, ``doc_frequency``, :meth:`Postings.stats_many`) come from
each segment's sidecar (:mod:`archive.index.termstats`): one ``searchsorted`` per segment
for any number of terms; a segment without one (written before it existed) is asked
through its term table.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3TermInfo
from whoosh.searching import Searcher
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length

from archive.cache import LRU
from archive.index.codec import read_arrays
from archive.index.termstats import SegmentStats, term_hashes

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

#: Cached posting lists per snapshot, counted in postings (8 bytes each).
CACHE_POSTINGS = 16_000_000
#: Cached term statistics per snapshot (splitting and correcting ask for many).
CACHE_DF = 100_000
#: Cached position lists per snapshot, counted in positions (8 bytes each, plus offsets).
CACHE_POSITIONS = 16_000_000

EMPTY_I: IntArray = np.zeros(0, dtype=np.int32)
EMPTY_F: FloatArray = np.zeros(0, dtype=np.float32)
_DF = struct.Struct("!I")  # a Whoosh 3 term info holds its document frequency at byte 5
_WEIGHT_DF = struct.Struct("!fI")  # … after its total weight at byte 1
_INFO_SIZE = W3TermInfo._struct.size  # then, when not inlined, the postings' extent:
_EXTENT = struct.Struct("!qi")  # offset (long) and length (int)


def _raw_terms(reader: Any) -> tuple[Any, dict[str, int], Any] | None:
    """A segment's term table, field numbers and mapped postings (None: not our storage)."""
    terms: Any = getattr(reader, "_terms", None)
    tindex = getattr(terms, "_tindex", None)
    buf = getattr(getattr(terms, "_postfile", None), "_buf", None)
    if tindex is None or buf is None:
        return None
    return tindex, terms._fieldmap, buf


@dataclass(frozen=True)
class PositionList:
    """Positions of one term: ``pos[starts[i]:starts[i + 1]]`` are its positions in
    ``docs[i]`` (ascending)."""

    docs: IntArray
    starts: npt.NDArray[np.int64]
    pos: IntArray

    @property
    def size(self) -> int:
        return int(self.pos.size)


EMPTY_POSITIONS = PositionList(EMPTY_I, np.zeros(1, dtype=np.int64), EMPTY_I)


def _leaf(m: Any) -> Any:
    while not hasattr(m, "_read_ids") and hasattr(m, "child"):
        m = m.child  # unwrap the deleted-documents filter; live docs are masked later
    return m


def _read_blocks(m: Any, values: bool) -> tuple[list[Any], list[Any], list[Any]]:
    """Read every block of a Whoosh 3 leaf matcher: ids, weights (and raw values)."""
    leaf = _leaf(m)
    ids: list[Any] = []
    weights: list[Any] = []
    vals: list[Any] = []
    arrays = getattr(leaf, "arrays", None)
    if arrays is not None:  # archive.index.codec: the record is already arrays
        ids.append(arrays[0])
        weights.append(arrays[1])
        if values:
            vals.append(list(leaf._values or ()))
        return ids, weights, vals
    if not all(hasattr(leaf, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        while m.is_active():  # any other codec: the classic one-posting-at-a-time API
            ids.append([m.id()])
            weights.append([m.weight()])
            if values:
                vals.append([m.value()])
            m.next()
        return ids, weights, vals
    while not leaf._atend:
        leaf._read_ids()
        leaf._read_weights()
        ids.append(leaf._ids)
        weights.append(leaf._weights)
        if values:
            leaf._read_values()
            vals.append(leaf._values)
        leaf._next_block()
    return ids, weights, vals


#: Whoosh stores a field length as one byte (a logarithmic scale); its decoding table
_LENGTH_OF_BYTE = np.array([0.0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.float32)


def _field_lengths(reader: Any, field: str) -> FloatArray:
    """Read one segment's lengths of ``field`` in bulk (0 for a document without it)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN) if perdoc else None
    if column is None or not hasattr(column, "_basepos"):
        lengths = (reader.doc_field_length(d, field, 0) or 0 for d in range(count))
        return np.fromiter(lengths, dtype=np.float32, count=count)
    stored = min(count, column._count)  # trailing documents of length 0 are not written
    raw = np.zeros(count, dtype=np.uint8)
    if stored:
        raw[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), np.uint8)
    return _LENGTH_OF_BYTE[raw]


_LENGTHS = struct.Struct("!ii")  # key and value lengths before each record of a hash file


def _items_from(tindex: Any, prefix: bytes) -> Iterator[tuple[memoryview, memoryview]]:
    """``(key, value)`` of an ordered Whoosh hash file from ``prefix`` on, read in bulk.

    The records are stored back to back (lengths, key, value); reading them from the mapped
    buffer skips Whoosh's three seek-and-read calls per record (200,000 records: 0.2 s
    instead of 4 s).
    """
    pos = tindex.closest_key_pos(prefix)
    raw = getattr(getattr(tindex.dbfile, "file", None), "buffer", None)
    if pos is None:
        return
    if raw is None:  # not our storage: Whoosh's own iteration
        yield from ((memoryview(k), memoryview(v)) for k, v in tindex.items_from(prefix))
        return
    end, size, unpack = tindex.endofdata, _LENGTHS.size, _LENGTHS.unpack_from
    while pos < end:
        keylen, datalen = unpack(raw, pos)
        key_at = pos + size
        yield raw[key_at : key_at + keylen], raw[key_at + keylen : key_at + keylen + datalen]
        pos = key_at + keylen + datalen


def _segment_stats(reader: Any, raw: Any, field: str, text: str, btext: bytes) -> tuple[float, int]:
    """One segment's ``(weight, document frequency)`` of a term from its term info (a
    segment without a statistics sidecar)."""
    if raw is None:
        if (field, text) in reader:
            return reader.frequency(field, text), reader.doc_frequency(field, text)
        return 0.0, 0
    tindex, fieldmap, _buf = raw
    fnum = fieldmap.get(field)
    value = None if fnum is None else tindex.get(pack_ushort(fnum) + btext)
    if value is None:
        return 0.0, 0
    w, n = _WEIGHT_DF.unpack_from(value, 1)
    return w, n


class Postings:
    """Posting arrays, positions, field lengths and vocabulary of one Whoosh searcher."""

    def __init__(self, searcher: Searcher, live: BoolArray) -> None:
        self.searcher = searcher
        self.live = live
        self.doc_count = max(1, searcher.doc_count())
        self._leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._terms: LRU[tuple[str, str], tuple[IntArray, FloatArray]] = LRU(
            CACHE_POSTINGS, weigh=lambda v: int(v[0].size) + 1
        )
        self._positions: LRU[tuple[str, str], PositionList] = LRU(
            CACHE_POSITIONS, weigh=lambda v: v.size + int(v.docs.size) + 1
        )
        self._lengths: dict[str, tuple[FloatArray, float]] = {}
        self._raw = [_raw_terms(reader) for reader, _ in self._leaves]
        self._df: LRU[tuple[str, str], tuple[float, int]] = LRU(CACHE_DF)
        self._tables = [SegmentStats.open(reader) for reader, _ in self._leaves]

    def close(self) -> None:
        """Close the statistics sidecars (the snapshot closes its segment files)."""
        for table in self._tables:
            if table is not None:
                table.close()
        self._tables = [None] * len(self._tables)

    def _records(self, field: str, text: str) -> Iterator[tuple[int, Any, Any]]:
        """``(offset, arrays or None, reader)`` of each segment holding the term.

        Our codec's records are found with one lookup in the segment's term table and read
        from its mapped postings file (Whoosh's ``in`` then ``postings`` costs two lookups
        and a matcher per segment); ``arrays`` is None where that way is not open (another
        codec or storage): the caller asks Whoosh.
        """
        btext = text.encode("utf-8")
        for (reader, offset), raw in zip(self._leaves, self._raw, strict=True):
            if raw is not None:
                tindex, fieldmap, buf = raw
                fnum = fieldmap.get(field)
                if fnum is None:
                    continue
                value = tindex.get(pack_ushort(fnum) + btext)
                if value is None:
                    continue
                if not value[0]:  # not inlined: an extent in the postings file
                    at, _length = _EXTENT.unpack_from(value, _INFO_SIZE)
                    yield offset, read_arrays(buf, at), reader
                    continue
            if (field, text) in reader:
                yield offset, None, reader

    def term(self, field: str, text: str) -> tuple[IntArray, FloatArray]:
        """Return the live documents containing a term and the term's weight in each."""
        key = (field, text)
        return self._terms.get_or_compute(key, lambda: self._read_term(field, text))

    def _read_term(self, field: str, text: str) -> tuple[IntArray, FloatArray]:
        ids_parts, w_parts = [], []
        for offset, arrays, reader in self._records(field, text):
            if arrays is not None:
                ids_parts.append(arrays[0] + offset)
                w_parts.append(arrays[1])
                continue
            ids, weights, _ = _read_blocks(reader.postings(field, text), values=False)
            for i, w in zip(ids, weights, strict=True):
                ids_parts.append(np.asarray(i, dtype=np.int32) + offset)
                w_parts.append(np.asarray(w, dtype=np.float32))
        if not ids_parts:
            return EMPTY_I, EMPTY_F
        docs = np.concatenate(ids_parts)
        tf = np.concatenate(w_parts)
        keep = self.live[docs]
        return docs[keep], tf[keep]

    def positions(self, field: str, text: str) -> PositionList:
        """Return the positions of a term in every live document that has it."""
        key = (field, text)
        return self._positions.get_or_compute(key, lambda: self._read_positions(field, text))

    def _read_positions(self, field: str, text: str) -> PositionList:
        docs: list[IntArray] = []
        counts: list[npt.NDArray[np.int64]] = []
        flat: list[IntArray] = []
        for offset, arrays, reader in self._records(field, text):
            leaf = None if arrays is not None else _leaf(reader.postings(field, text))
            if arrays is None:
                arrays = getattr(leaf, "arrays", None)
            if arrays is not None:  # archive.index.codec: raw int32 values, back to back
                ids, _w, ends, blob = arrays
                docs.append(np.asarray(ids, dtype=np.int32) + offset)
                bounds = np.concatenate(([0], np.asarray(ends, dtype=np.int64)))
                counts.append((bounds[1:] - bounds[:-1]) // 4)
                flat.append(np.frombuffer(blob, dtype="<i4").astype(np.int32, copy=False))
                continue
            fmt = reader.schema[field].format  # another codec: decode posting by posting
            block_ids, _, vals = _read_blocks(leaf, values=True)
            for ids_part, vals_part in zip(block_ids, vals, strict=True):
                docs.append(np.asarray(ids_part, dtype=np.int32) + offset)
                lists = [fmt.decode_positions(v) for v in vals_part]
                counts.append(np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)))
                flat.append(np.fromiter((p for ps in lists for p in ps), dtype=np.int32))
        if not docs:
            return EMPTY_POSITIONS
        all_docs = np.concatenate(docs)
        n = np.concatenate(counts)
        starts = np.zeros(n.size + 1, dtype=np.int64)
        np.cumsum(n, out=starts[1:])
        pos = np.concatenate(flat)
        keep = self.live[all_docs]
        if keep.all():
            return PositionList(all_docs, starts, pos)
        kept_starts = np.zeros(int(keep.sum()) + 1, dtype=np.int64)
        np.cumsum(n[keep], out=kept_starts[1:])
        return PositionList(all_docs[keep], kept_starts, pos[np.repeat(keep, n)])

    def lengths(self, field: str) -> tuple[FloatArray, float]:
        """Per-document field lengths (as Whoosh stores them) and their live average."""
        found = self._lengths.get(field)
        if found is None:
            parts = [_field_lengths(reader, field) for reader, _offset in self._leaves]
            arr = np.concatenate(parts) if parts else EMPTY_F
            total = float(arr[self.live].sum()) if arr.size else 0.0
            found = (arr, total / self.doc_count if total else 1.0)
            self._lengths[field] = found
        return found

    def frequency(self, field: str, text: str) -> float:
        """Total weight of a term over all documents (its count, title tokens thrice)."""
        return self._stats(field, text)[0]

    def doc_frequency(self, field: str, text: str) -> int:
        """Number of documents holding the term (deleted ones included, as Whoosh counts)."""
        return self._stats(field, text)[1]

    def _stats(self, field: str, text: str) -> tuple[float, int]:
        key = (field, text)
        return self._df.get_or_compute(key, lambda: self._read_stats(field, text))

    def stats_many(
        self, field: str, texts: list[str]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """``(total weights, document frequencies)`` of many terms of one field.

        Each pair equals :meth:`frequency` and :meth:`doc_frequency` of its term; the terms
        not cached yet cost one vectorized lookup per segment together.
        """
        weights = np.zeros(len(texts), dtype=np.float64)
        dfs = np.zeros(len(texts), dtype=np.int64)
        missing = []
        for j, text in enumerate(texts):
            found = self._df.get((field, text))
            if found is None:
                missing.append(j)
            else:
                weights[j], dfs[j] = found
        if missing:
            w, d = self._read_stats_many(field, [texts[j] for j in missing])
            weights[missing], dfs[missing] = w, d
            for j, wj, dj in zip(missing, w.tolist(), d.tolist(), strict=True):
                self._df.put((field, texts[j]), (wj, dj))
        return weights, dfs

    def _read_stats_many(
        self, field: str, texts: list[str]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        btexts = [t.encode("utf-8") for t in texts]
        weights = np.zeros(len(texts), dtype=np.float64)
        dfs = np.zeros(len(texts), dtype=np.int64)
        hashes = None
        for (reader, _offset), raw, table in zip(
            self._leaves, self._raw, self._tables, strict=True
        ):
            if table is not None:
                if hashes is None:
                    hashes = term_hashes(field, btexts)
                at, hit = table.find(hashes)
                at = at[hit]
                weights[hit] += table.weights[at]  # float32 summed as float64, segment order
                dfs[hit] += table.dfs[at]
                continue
            for j, (text, btext) in enumerate(zip(texts, btexts, strict=True)):
                w, n = _segment_stats(reader, raw, field, text, btext)
                weights[j] += w
                dfs[j] += n
        return weights, dfs

    def _read_stats(self, field: str, text: str) -> tuple[float, int]:
        """``(total weight, document frequency)``: the sum of each segment's."""
        btext = text.encode("utf-8")
        weight, df = 0.0, 0
        h = None
        for (reader, _offset), raw, table in zip(
            self._leaves, self._raw, self._tables, strict=True
        ):
            if table is not None:
                if h is None:
                    h = term_hashes(field, [btext])[0]
                at = table.find_one(h)
                if at >= 0:
                    weight += float(table.weights[at])
                    df += int(table.dfs[at])
                continue
            w, n = _segment_stats(reader, raw, field, text, btext)
            weight += w
            df += n
        return weight, df

    def vocabulary(self, field: str) -> tuple[list[str], npt.NDArray[np.int64]]:
        """Every term of ``field`` (sorted) with its document frequency.

        Reads the raw term dictionary: Whoosh's ``iter_field`` decodes (and unpickles)
        every term info, ten times slower.
        """
        counts: dict[bytes, int] = {}
        for reader, _offset in self._leaves:
            tindex = getattr(getattr(reader, "_terms", None), "_tindex", None)
            fieldmap = getattr(tindex, "extras", {}).get("fieldmap", {}) if tindex else {}
            if tindex is None or field not in fieldmap:
                for term, info in reader.iter_field(field):  # another codec: the slow way
                    counts[term] = counts.get(term, 0) + info.doc_frequency()
                continue
            prefix = struct.pack("!H", fieldmap[field])
            unpack = _DF.unpack_from
            for key, value in _items_from(tindex, prefix):
                if key[:2] != prefix:
                    break
                term = bytes(key[2:])
                counts[term] = counts.get(term, 0) + unpack(value, 5)[0]
        terms = sorted(counts)
        df = np.fromiter((counts[t] for t in terms), dtype=np.int64, count=len(terms))
        return [t.decode("utf-8") for t in terms], df
