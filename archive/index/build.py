"""Segments built from arrays: a full build without Whoosh's per-posting pool (issue 10).

Whoosh indexes a document by asking each field for its postings one at a time, pickling
them into a ``SortingPool``, sorting the pool, and handing each posting back to the codec,
which looks up the document's field length for each of them: three quarters of a build
was that walk. :class:`VnSegmentWriter` keeps Whoosh's segment writer for everything it
does well (stored fields, the sortable columns, field lengths, the ID fields, the segment
files and the TOC) but gives each search field's terms of a document to an
:class:`ArrayPool` in one call: term ids, document numbers, weights and positions go
into flat arrays. When the segment is written the arrays are sorted once with numpy
(terms in byte order, then documents) and every term's record
(:mod:`archive.index.codec`) and term info are cut from them; the per-term statistics
Whoosh keeps (weight, document frequency, shortest and longest field, best weight, first
and last document) come from ``reduceat`` over the sorted arrays.

:func:`build_segment` runs one batch of documents in a worker process; the
:class:`~archive.index.writer.ArchiveWriter` of a new generation lists the segments in one
TOC when it commits (nothing is visible before).
"""

from __future__ import annotations

import contextlib
import struct
from array import array
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from archive.index.codec import HEADER, MAGIC, VnCodec
from archive.index.schema import FieldTerms, VnPositions, analyze_value
from archive.search.seam import BIGRAM, EXACT, FOLDED

__all__ = ["ArrayPool", "VnSegmentWriter", "build_segment"]

#: The fields whose postings go through the arrays (the rest through Whoosh's pool).
ARRAY_FIELDS = (EXACT, FOLDED, BIGRAM)
_INFO = struct.Struct(W3TermInfo._struct.format + "qi")  # + offset (long), length (int)
#: Field length → Whoosh's one-byte code, for lengths up to this (longer ones are 255).
_MAX_CODED = 106374
_BYTE_OF_LENGTH = np.array([length_to_byte(n) for n in range(4096)], dtype=np.uint8)


def _length_bytes(lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.uint8]:
    out = np.empty(lengths.size, dtype=np.uint8)
    small = lengths < _BYTE_OF_LENGTH.size
    out[small] = _BYTE_OF_LENGTH[lengths[small]]
    big = np.flatnonzero(~small)
    out[big] = [length_to_byte(int(n)) if n < _MAX_CODED else 255 for n in lengths[big]]
    return out


class _FieldArrays:
    """One search field's postings of a segment, in the order documents were added."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.tids = array("i")
        self.docs = array("i")
        self.weights = array("f")
        self.counts = array("i")  # positions per posting
        self.pos = array("i")
        self.lengths: dict[int, int] = {}  # docnum → field length (tokens)

    def add(self, docnum: int, terms: FieldTerms, boost: float) -> int:
        vocab = self.vocab
        tids, docs, weights, counts, pos = self.tids, self.docs, self.weights, self.counts, self.pos
        length = 0
        for term, plist in terms.positions.items():
            tid = vocab.get(term)
            if tid is None:
                tid = vocab[term] = len(vocab)
            tids.append(tid)
            docs.append(docnum)
            weights.append(terms.weights[term] * boost)
            counts.append(len(plist))
            pos.extend(plist)
            length += len(plist)
        if length:
            self.lengths[docnum] = length
        return length


class ArrayPool:
    """Whoosh's posting pool for the ID fields, arrays for the search fields."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes, int, float, bytes]] = []
        self.fieldnames: set[str] = set()
        self.fields: dict[str, _FieldArrays] = {}

    # the pool interface Whoosh's SegmentWriter uses
    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        self.fieldnames.add(item[0])
        self.items.append(item)

    def iter_postings(self) -> Any:
        self.items.sort()
        return iter(self.items)

    def cleanup(self) -> None:
        self.items.clear()
        self.fields.clear()

    def add_terms(self, fieldname: str, docnum: int, terms: FieldTerms, boost: float) -> int:
        """Take one document's terms of a search field; return the field's length."""
        self.fieldnames.add(fieldname)
        acc = self.fields.get(fieldname)
        if acc is None:
            acc = self.fields[fieldname] = _FieldArrays()
        return acc.add(docnum, terms, boost)


class VnSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with an :class:`ArrayPool` (see the module docstring)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("codec", VnCodec())
        kwargs.setdefault("compound", False)
        super().__init__(ix, **kwargs)
        self.pool: ArrayPool = ArrayPool()

    def add_document(self, **fields: Any) -> None:
        """Add one document (the fields of :func:`archive.index.writer.article_fields`)."""
        self._check_state()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        perdoc.start_doc(docnum)
        for name in sorted(n for n in fields if not n.startswith("_")):
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if name in ARRAY_FIELDS:
                fmt = field.format
                terms = analyze_value(value).of(name)
                length = self.pool.add_terms(name, docnum, terms, fmt.field_boost)
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    self.pool.add((name, tbytes, docnum, weight, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        fw = self.fieldwriter
        fw.add_postings(self.schema, pdr, self.pool.iter_postings())
        for name in sorted(self.pool.fields):
            _write_field(fw, name, self.schema[name], self.pool.fields[name])
        fw.close()
        if pdr:
            pdr.close()


def _write_field(fw: Any, name: str, fieldobj: Any, acc: _FieldArrays) -> None:
    """Write one search field's term records and term infos from its arrays."""
    if not acc.vocab:
        return
    fw.start_field(name, fieldobj)
    fieldid = fw._fieldid
    terms = [t.encode("utf-8") for t in acc.vocab]  # in id order
    by_bytes = sorted(range(len(terms)), key=terms.__getitem__)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[np.asarray(by_bytes, dtype=np.int64)] = np.arange(len(terms))
    tids = np.frombuffer(acc.tids, dtype=np.int32)
    order = np.argsort(rank[tids], kind="stable")  # documents were added in order
    key = rank[tids][order]
    docs = np.frombuffer(acc.docs, dtype=np.int32)[order]
    weights = np.frombuffer(acc.weights, dtype=np.float32)[order]
    counts = np.frombuffer(acc.counts, dtype=np.int32).astype(np.int64)
    n = key.size
    starts = np.flatnonzero(np.diff(key, prepend=-1))  # first posting of each term
    bounds = np.append(starts, n)
    # values: raw positions (int32) or, for the frequency field, the count (big-endian uint)
    if isinstance(fieldobj.format, VnPositions):
        src_start = np.zeros(counts.size + 1, dtype=np.int64)
        np.cumsum(counts, out=src_start[1:])
        c = counts[order]
        out_start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(c, out=out_start[1:])
        idx = np.repeat(src_start[:-1][order] - out_start[:-1], c) + np.arange(out_start[-1])
        blob = np.frombuffer(acc.pos, dtype=np.int32)[idx].astype("<i4").tobytes()
        value_end = out_start[1:] * 4  # byte offset in blob where each posting ends
        term_blob_start = out_start[:-1][starts] * 4
    else:
        c = counts[order]
        blob = c.astype(">u4").tobytes()
        value_end = (np.arange(n, dtype=np.int64) + 1) * 4
        term_blob_start = starts.astype(np.int64) * 4
    # ends relative to each term's first value
    rel_end = (value_end - np.repeat(term_blob_start, np.diff(bounds))).astype("<i4")
    doc_len = np.zeros(int(docs.max()) + 1 if n else 1, dtype=np.int64)
    if acc.lengths:
        ld = np.fromiter(acc.lengths.keys(), dtype=np.int64, count=len(acc.lengths))
        doc_len[ld] = np.fromiter(acc.lengths.values(), dtype=np.int64, count=len(acc.lengths))
    len_bytes = _length_bytes(doc_len[docs])
    sum_w = np.add.reduceat(weights.astype(np.float64), starts).tolist()
    max_w = np.maximum.reduceat(weights, starts).tolist()
    min_len = np.minimum.reduceat(len_bytes, starts).tolist()
    max_len = np.maximum.reduceat(len_bytes, starts).tolist()
    df = np.diff(bounds).tolist()
    first = docs[starts].tolist()
    last = docs[bounds[1:] - 1].tolist()
    docs_b = docs.astype("<i4").tobytes()
    weights_b = weights.astype("<f4").tobytes()
    ends_b = rel_end.tobytes()
    postfile, tindex = fw._postfile, fw._tindex
    prefix = pack_ushort(fieldid)
    blob_at = (term_blob_start.tolist(), np.append(term_blob_start[1:], len(blob)).tolist())
    pack_head, pack_info = HEADER.pack, _INFO.pack
    for i, (a, b) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)):
        va, vb = blob_at[0][i], blob_at[1][i]
        record = b"".join(
            (
                MAGIC,
                pack_head(b - a, vb - va),
                docs_b[4 * a : 4 * b],
                weights_b[4 * a : 4 * b],
                ends_b[4 * a : 4 * b],
                blob[va:vb],
            )
        )
        offset = postfile.tell()
        postfile.write(record)
        info = pack_info(
            0, sum_w[i], df[i], min_len[i], max_len[i], max_w[i], first[i], last[i], offset,
            len(record),
        )  # fmt: skip
        tindex.add(prefix + terms[by_bytes[int(key[a])]], info)
    fw.finish_field()


def build_segment(gen_dir: str, docs: list[dict[str, Any]]) -> Any:
    """Write ``docs`` (article field dicts) as one new segment of the generation at
    ``gen_dir``; return the segment (not yet in any TOC: the caller commits it)."""
    from archive.index.durable import DurableStorage

    ix = DurableStorage(Path(gen_dir)).open_index()
    writer = VnSegmentWriter(ix, _lk=False)
    try:
        for fields in docs:
            writer.add_document(**fields)
        return writer._finalize_segment()
    except BaseException:
        with contextlib.suppress(Exception):  # the files may be gone with what failed
            writer._close_segment()
        raise


#: Text of one batch (one segment) of a new generation: about 6,000 news articles; a
#: worker's arrays for it stay near 100 MB.
BATCH_CHARS = 20_000_000


class SegmentBuilds:
    """The batches of a new generation, built into segments by ``procs`` processes.

    :meth:`add` queues a document; each full batch goes to a worker (at most ``procs``
    batches are in flight, so memory is bounded by the batch size, not the archive).
    :meth:`commit` waits for them and lists every segment in one new TOC.
    """

    def __init__(self, ix: Any, gen_dir: Path, procs: int) -> None:
        self.ix = ix
        self.gen_dir = gen_dir
        self.procs = procs
        self.segments: list[Any] = []
        self._batch: list[dict[str, Any]] = []
        self._chars = 0
        self._futures: list[Any] = []
        self._pool: Any = None

    def add(self, fields: dict[str, Any]) -> None:
        self._batch.append(fields)
        self._chars += len(fields.get("text") or "")
        if self._chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        """Send the current batch to be built."""
        if not self._batch:
            return
        batch, self._batch, self._chars = self._batch, [], 0
        if self.procs <= 1:
            self.segments.append(build_segment(str(self.gen_dir), batch))
            return
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.procs)
        while len(self._futures) >= self.procs:
            done, _ = wait(self._futures, return_when=FIRST_COMPLETED)
            for f in done:
                self._futures.remove(f)
                self.segments.append(f.result())
        self._futures.append(self._pool.submit(build_segment, str(self.gen_dir), batch))

    def commit(self) -> None:
        """Build what is left and write the TOC that lists every segment."""
        self.flush()
        try:
            for f in self._futures:
                self.segments.append(f.result())
            self._futures.clear()
        finally:
            self.close()
        writer = VnSegmentWriter(self.ix)  # takes Whoosh's write lock of the generation
        try:
            writer._close_segment()
            writer._commit_toc(list(writer.segments) + self.segments)
        finally:
            writer._finish()

    def close(self) -> None:
        """Stop the workers (cancel: the segments they wrote are in no TOC)."""
        if self._pool is not None:
            for f in self._futures:
                f.cancel()
            self._pool.shutdown(wait=True)
            self._pool = None
