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
and last document) come from ``reduceat`` over the sorted arrays; the weights and document
frequencies also go to the segment's statistics sidecar (:mod:`archive.index.termstats`).

:func:`build_segment` runs one batch of documents in a worker process; the
:class:`~archive.index.writer.ArchiveWriter` of a new generation lists the segments in one
TOC when it commits (nothing is visible before).
"""

from __future__ import annotations

import contextlib
import os
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from archive.analysis import TOKEN_RE, normalize, syllable_forms
from archive.index.codec import HEADER, MAGIC, VnCodec
from archive.index.schema import POSITION_GAP, SEGMENT_SEP, TITLE_BOOST
from archive.search.seam import BIGRAM, EXACT, FOLDED

__all__ = ["ArrayPool", "SegmentTerms", "VnSegmentWriter", "build_segment"]

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


_LOW = np.int64(0xFFFFFFFF)


class SegmentTerms:
    """Every search-field token of a segment's documents, as flat arrays.

    The same rules as :func:`archive.index.schema.analyze_value` (the reference; a test
    checks that both give the same postings): each token's exact form goes to the exact
    field when it carries a diacritic, its folded form to the folded field, adjacent
    folded pairs of the title and the lead to the bigram field; title tokens weigh
    ``TITLE_BOOST``; segments are ``POSITION_GAP`` positions apart. A token is looked up
    once per segment (``codes``: raw token → exact id + 1 in the high half, folded id in
    the low half), so a document costs one dictionary lookup per token.
    """

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.exact: dict[str, int] = {}
        self.folded: dict[str, int] = {}
        self.doc = array("i")
        self.code = array("q")
        self.pos = array("i")
        self.title = array("b")
        self.pair_doc = array("i")
        self.pair_key = array("q")
        self.pair_title = array("b")
        self.lengths: dict[str, dict[int, int]] = {EXACT: {}, FOLDED: {}, BIGRAM: {}}

    def _code(self, raw: str) -> int:
        e, f = syllable_forms(raw)
        fid = self.folded.setdefault(f, len(self.folded))
        eid = self.exact.setdefault(e, len(self.exact)) + 1 if e != f else 0
        code = self.codes[raw] = (eid << 32) | fid
        return code

    def add(self, docnum: int, value: str) -> dict[str, int]:
        """Take one document's search value; return the length of each search field."""
        codes, miss = self.codes, self._code
        all_codes: list[int] = []
        positions: list[int] = []
        pairs: list[int] = []
        title_tokens = title_pairs = 0
        pos = 0
        for seg_no, segment in enumerate(normalize(value).split(SEGMENT_SEP)):
            seg = [codes[r] if r in codes else miss(r) for r in TOKEN_RE.findall(segment)]
            all_codes += seg
            positions += range(pos, pos + len(seg))
            if seg_no < 2 and len(seg) > 1:
                folded = [c & 0xFFFFFFFF for c in seg]
                pairs += [(x << 32) | y for x, y in zip(folded, folded[1:], strict=False)]
            if seg_no == 0:
                title_tokens, title_pairs = len(seg), len(pairs)
            pos += len(seg) + POSITION_GAP
        n = len(all_codes)
        arr = np.asarray(all_codes, dtype=np.int64)
        accented = int(np.count_nonzero(arr >> 32))
        self.doc.extend([docnum] * n)
        self.code.frombytes(arr.tobytes())
        self.pos.extend(positions)
        self.title.frombytes(b"\x01" * title_tokens + b"\x00" * (n - title_tokens))
        self.pair_doc.extend([docnum] * len(pairs))
        self.pair_key.extend(pairs)
        self.pair_title.frombytes(b"\x01" * title_pairs + b"\x00" * (len(pairs) - title_pairs))
        lengths = {EXACT: accented, FOLDED: n, BIGRAM: len(pairs)}
        for name, length in lengths.items():
            if length:
                self.lengths[name][docnum] = length
        return lengths

    def postings(self, name: str) -> Postings | None:
        """One field's postings, sorted by term bytes then document (None when empty)."""
        doc = np.frombuffer(self.doc, dtype=np.int32)
        title = np.frombuffer(self.title, dtype=np.int8)
        pos: npt.NDArray[np.int32] | None = np.frombuffer(self.pos, dtype=np.int32)
        if name == BIGRAM:
            keys = np.frombuffer(self.pair_key, dtype=np.int64)
            uniq, tid = np.unique(keys, return_inverse=True)
            names = list(self.folded)
            terms = [f"{names[k >> 32]} {names[k & 0xFFFFFFFF]}" for k in uniq.tolist()]
            doc = np.frombuffer(self.pair_doc, dtype=np.int32)
            title = np.frombuffer(self.pair_title, dtype=np.int8)
            pos = None
        else:
            code = np.frombuffer(self.code, dtype=np.int64)
            if name == EXACT:
                keep = (code >> 32) > 0
                tid = (code[keep] >> 32) - 1
                doc, title, pos = doc[keep], title[keep], pos[keep] if pos is not None else None
                terms = list(self.exact)
            else:
                tid = code & _LOW
                terms = list(self.folded)
        if tid.size == 0:
            return None
        return Postings.group(terms, tid, doc, title, pos, self.lengths[name])


@dataclass(frozen=True)
class Postings:
    """One field's postings of a segment, sorted by term bytes then document."""

    btexts: list[bytes]  # term bytes, by term id
    by_bytes: list[int]  # term ids in byte order (``by_bytes[key]`` is a posting's term)
    key: npt.NDArray[np.int64]  # each posting's term rank
    docs: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float32]
    counts: npt.NDArray[np.int64]  # positions of each posting
    positions: npt.NDArray[np.int32] | None  # every posting's positions, back to back
    doc_len: npt.NDArray[np.int64]  # field length of each document

    @classmethod
    def group(
        cls,
        terms: list[str],
        tid: npt.NDArray[np.int64],
        doc: npt.NDArray[np.int32],
        title: npt.NDArray[np.int8],
        pos: npt.NDArray[np.int32] | None,
        lengths: dict[int, int],
    ) -> Postings:
        """Group token arrays (in document then position order) into postings."""
        btexts = [t.encode("utf-8") for t in terms]
        by_bytes = sorted(range(len(btexts)), key=btexts.__getitem__)
        rank = np.empty(len(btexts), dtype=np.int64)
        rank[np.asarray(by_bytes, dtype=np.int64)] = np.arange(len(btexts))
        r = rank[tid]
        order = np.argsort(r, kind="stable")  # keeps document, then position, order
        r, d, t = r[order], doc[order], title[order]
        width = np.int64(int(doc.max()) + 1)
        starts = np.flatnonzero(np.diff(r * width + d, prepend=-1))  # one per posting
        counts = np.diff(np.append(starts, r.size))
        in_title = np.add.reduceat(t.astype(np.int64), starts)
        weights = (counts + (TITLE_BOOST - 1.0) * in_title).astype(np.float32)
        doc_len = np.zeros(int(width), dtype=np.int64)
        if lengths:
            ld = np.fromiter(lengths.keys(), dtype=np.int64, count=len(lengths))
            doc_len[ld] = np.fromiter(lengths.values(), dtype=np.int64, count=len(lengths))
        return cls(
            btexts=btexts,
            by_bytes=by_bytes,
            key=r[starts],
            docs=d[starts],
            weights=weights,
            counts=counts.astype(np.int64),
            positions=None if pos is None else pos[order],
            doc_len=doc_len,
        )


class ArrayPool:
    """Whoosh's posting pool for the ID fields, arrays for the search fields."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes, int, float, bytes]] = []
        self.fieldnames: set[str] = set()
        self.terms = SegmentTerms()
        self._last: tuple[int, dict[str, int]] = (-1, {})

    # the pool interface Whoosh's SegmentWriter uses
    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        self.fieldnames.add(item[0])
        self.items.append(item)

    def iter_postings(self) -> Any:
        self.items.sort()
        return iter(self.items)

    def cleanup(self) -> None:
        self.items.clear()
        self.terms = SegmentTerms()

    def search_length(self, name: str, docnum: int, value: str) -> int:
        """Take a document's search value (once for its three fields); one field's length."""
        if self._last[0] != docnum:
            self._last = (docnum, self.terms.add(docnum, value))
            self.fieldnames.update(ARRAY_FIELDS)
        return self._last[1][name]


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
                length = self.pool.search_length(name, docnum, value)
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
        fw = self.fieldwriter
        fw.add_postings(self.schema, None, self.pool.iter_postings())  # ID fields: unscored
        for name in sorted(ARRAY_FIELDS):
            postings = self.pool.terms.postings(name)
            if postings is not None:
                field = self.schema[name]
                _write_field(fw, name, field, postings, field.format.field_boost)
        fw.close()


def _write_field(fw: Any, name: str, fieldobj: Any, p: Postings, boost: float) -> None:
    """Write one search field's term records and term infos from its postings."""
    fw.start_field(name, fieldobj)
    fieldid = fw._fieldid
    key, docs, counts = p.key, p.docs, p.counts
    weights = p.weights * np.float32(boost) if boost != 1.0 else p.weights
    n = key.size
    starts = np.flatnonzero(np.diff(key, prepend=-1))  # first posting of each term
    bounds = np.append(starts, n)
    # values: raw positions (int32) or, for the frequency field, the count (big-endian uint)
    if p.positions is not None:
        out_start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=out_start[1:])
        blob = p.positions.astype("<i4").tobytes()
        value_end = out_start[1:] * 4  # byte offset in blob where each posting ends
        term_blob_start = out_start[:-1][starts] * 4
    else:
        blob = counts.astype(">u4").tobytes()
        value_end = (np.arange(n, dtype=np.int64) + 1) * 4
        term_blob_start = starts.astype(np.int64) * 4
    # ends relative to each term's first value
    rel_end = (value_end - np.repeat(term_blob_start, np.diff(bounds))).astype("<i4")
    len_bytes = _length_bytes(p.doc_len[docs])
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
    btexts, by_bytes = p.btexts, p.by_bytes
    prefix = pack_ushort(fieldid)
    blob_at = (term_blob_start.tolist(), np.append(term_blob_start[1:], len(blob)).tolist())
    pack_head, pack_info = HEADER.pack, _INFO.pack
    terms: list[bytes] = []
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
        term = btexts[by_bytes[int(key[a])]]
        terms.append(term)
        tindex.add(prefix + term, info)
    fw.add_field_stats(terms, sum_w, df)  # the segment's statistics sidecar (termstats)
    fw.finish_field()


def build_segment(gen_dir: str, docs: list[dict[str, Any]]) -> Any:
    """Write ``docs`` (article field dicts) as one new segment of the generation at
    ``gen_dir``; return the segment (not yet in any TOC: the caller commits it)."""
    from archive.index.durable import DurableStorage

    ix = DurableStorage(Path(gen_dir)).open_index()
    from archive.index.writer import doc_search_value

    writer = VnSegmentWriter(ix, _lk=False)
    try:
        for fields in docs:
            if EXACT not in fields:  # sent without its search value (SegmentBuilds.add)
                value = doc_search_value(fields["doc"])
                fields = {**fields, EXACT: value, FOLDED: value, BIGRAM: value}
            writer.add_document(**fields)
        return writer._finalize_segment()
    except BaseException:
        with contextlib.suppress(Exception):  # the files may be gone with what failed
            writer._close_segment()
        raise


#: Text of one batch (one segment) of a new generation: about 2,500 news articles; a
#: worker holds it and its arrays in about 150 MB (``VNARCHIVE_BATCH_CHARS`` sets it).
BATCH_CHARS = int(os.environ.get("VNARCHIVE_BATCH_CHARS") or 8_000_000)


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
        self._chars += len(fields.get("text") or "")
        # the search value is the stored article's text again: the worker makes it anew
        # (doc_search_value), so a batch holds each article's text once, here and there
        self._batch.append({k: v for k, v in fields.items() if k not in ARRAY_FIELDS})
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
