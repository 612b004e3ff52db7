"""Verify an index on disk: the pointer, the schema version, every segment and stored doc.

Example::

    report = check_index("var/index")
    report.ok, report.problems  # (True, [])

Checks, in order (a failure stops the checks that depend on it):

1. ``CURRENT`` exists and names an existing generation directory;
2. the generation's ``vnarchive.json`` parses and holds this vnarchive's schema version;
3. Whoosh opens the generation (its TOC and schema unpickle);
4. every segment opens, every stored document unpickles (and is an article with an id),
   every term of every field reads its postings, every sortable column reads, and the
   segment's term statistics file (:mod:`archive.index.termstats`), when it has one,
   holds exactly its term infos' weights and document frequencies;
5. the live documents counted three ways agree: the segments' own counts, the stored
   documents, and the distinct terms of the unique ``id`` field (one per document);
6. ``sources.json`` (the record of indexed files) and ``state.json`` (what the indexer
   keeps between runs, e.g. learned boilerplate) parse.
"""

from __future__ import annotations

import gc
import json
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.reading import SegmentReader

from archive.index.files import SOURCES, STATE
from archive.index.holds import hold_generation
from archive.index.layout import CURRENT, GEN_PREFIX, META, current_generation
from archive.index.schema import SCHEMA_VERSION
from archive.index.storage import IndexStorage
from archive.index.termstats import EXT as STATS_EXT
from archive.index.termstats import SegmentStats, term_hashes


@dataclass
class CheckReport:
    """The outcome of :func:`check_index`; ``ok`` when ``problems`` is empty."""

    path: str
    generation: str | None = None
    schema_version: int | None = None
    segments: int = 0
    articles: int = 0
    sources: int = 0
    other_generations: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "path": self.path,
            "generation": self.generation,
            "schema_version": self.schema_version,
            "segments": self.segments,
            "articles": self.articles,
            "sources": self.sources,
            "other_generations": self.other_generations,
            "problems": self.problems,
        }

    def summary(self) -> str:
        if not self.ok:
            return f"{self.path}: check failed: " + "; ".join(self.problems)
        return (
            f"{self.path}: ok: generation {self.generation}, schema version "
            f"{self.schema_version}, {self.segments} segment(s), {self.articles} articles, "
            f"{self.sources} source files"
        )


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def check_index(root: str | os.PathLike[str]) -> CheckReport:
    """Check the index at ``root`` and return what was found (never raises for damage)."""
    root = Path(root)
    report = CheckReport(path=str(root))
    if not root.is_dir():
        report.problems.append(f"no index directory at {root}")
        return report
    try:
        raw = (root / CURRENT).read_bytes()
    except FileNotFoundError:
        report.problems.append(f"{CURRENT} is missing: no generation is live")
        return report
    except OSError as exc:
        report.problems.append(f"{CURRENT} cannot be read: {_describe(exc)}")
        return report
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        report.problems.append(f"{CURRENT} is garbled (not text)")
        return report
    if (
        not name.startswith(GEN_PREFIX)
        or "/" in name
        or name in (".", "..")
        or not (root / name).is_dir()
    ):
        report.problems.append(f"{CURRENT} names {name[:60]!r}, which is not a generation here")
        return report
    report.generation = name
    report.other_generations = sorted(
        p.name for p in root.iterdir() if p.name.startswith(GEN_PREFIX) and p.name != name
    )
    try:
        hold = hold_generation(root, name)
    except FileNotFoundError:
        report.problems.append(f"generation {name} vanished during the check")
        return report
    with hold:
        for _ in range(3):  # a writer committing meanwhile may remove segments we opened
            before = _stamp(root, name)
            _check_generation(root / name, report)
            if report.ok or _stamp(root, name) == before:
                break
            report.problems.clear()
            report.segments = report.articles = report.sources = 0
            report._ids.clear()
    return report


def _stamp(root: Path, name: str) -> tuple[str | None, list[str]]:
    """What changes when a writer commits: ``CURRENT`` and the generation's TOC files."""
    try:
        tocs = sorted(p.name for p in (root / name).glob("_MAIN_*.toc"))
    except OSError:
        tocs = []
    return current_generation(root), tocs


def _check_generation(gen_dir: Path, report: CheckReport) -> None:
    try:
        meta = json.loads((gen_dir / META).read_text(encoding="utf-8"))
        version = meta.get("schema_version") if isinstance(meta, dict) else None
    except FileNotFoundError:
        report.problems.append(f"{gen_dir.name}/{META} is missing")
        return
    except (OSError, ValueError) as exc:
        report.problems.append(f"{gen_dir.name}/{META} is unreadable: {_describe(exc)}")
        return
    report.schema_version = version if isinstance(version, int) else None
    if version != SCHEMA_VERSION:
        report.problems.append(
            f"schema version {version!r}, this vnarchive needs {SCHEMA_VERSION} "
            "(rebuild with `vnarchive index --full`)"
        )
        return
    try:
        ix = IndexStorage(gen_dir).open_index()
        toc_segments = list(ix._segments())  # noqa: SLF001 - the TOC's segment list
        schema = ix.schema
    except Exception as exc:  # noqa: BLE001 - any failure here is damage to report
        report.problems.append(f"Whoosh cannot open {gen_dir.name}: {_describe(exc)}")
        return
    report.segments = len(toc_segments)
    for seg in toc_segments:
        reader, error = _open_segment(ix, schema, seg)
        if reader is None:
            report.problems.append(f"segment {seg.segment_id()} does not open: {error}")
            continue
        try:
            _check_segment(reader, seg.segment_id(), report)
        except Exception as exc:  # noqa: BLE001
            report.problems.append(f"segment {seg.segment_id()} is damaged: {_describe(exc)}")
        finally:
            try:
                reader.close()
            except Exception:  # noqa: BLE001, S110 - closing a damaged reader may fail too
                pass
    _check_sources(gen_dir, report)


def _open_segment(ix: Any, schema: Any, seg: Any) -> tuple[SegmentReader | None, str]:
    # Whoosh leaves the files of a segment that fails to open to the garbage collector.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return SegmentReader(ix.storage, schema, seg), ""
        except Exception as exc:  # noqa: BLE001 - any failure here is damage to report
            error = _describe(exc)
        gc.collect()
    return None, error


def _check_segment(reader: SegmentReader, segid: str, report: CheckReport) -> None:
    live = reader.doc_count()
    stored = 0
    stored_ids: set[str] = set()
    for docnum in range(reader.doc_count_all()):
        if reader.is_deleted(docnum):
            continue
        fields = reader.stored_fields(docnum)
        doc = fields.get("doc")
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
            report.problems.append(f"segment {segid}: document {docnum} is not a stored article")
            return
        if fields.get("id") != doc["id"]:
            report.problems.append(f"segment {segid}: document {docnum} has two different ids")
            return
        stored += 1
        stored_ids.add(doc["id"])
    posted_ids: set[str] = set()
    stats: dict[str, tuple[list[bytes], list[float], list[int]]] = {}
    for fieldname in reader.indexed_field_names():
        terms, weights, dfs = stats[fieldname] = ([], [], [])
        for text in reader.lexicon(fieldname):
            n = sum(1 for _ in reader.postings(fieldname, text).all_ids())
            if fieldname == "id" and n:
                posted_ids.add(text.decode("utf-8") if isinstance(text, bytes) else text)
            info = reader.term_info(fieldname, text)
            terms.append(text)
            weights.append(info.weight())
            dfs.append(info.doc_frequency())
    problem = _check_stats(reader, stats)
    if problem:
        report.problems.append(f"segment {segid}: {problem}")
        return
    for fieldname in reader.schema.names():
        if reader.has_column(fieldname):
            col = reader.column_reader(fieldname)
            for _ in col:
                pass
    if not (live == stored == len(stored_ids) == len(posted_ids)) or stored_ids != posted_ids:
        report.problems.append(
            f"segment {segid}: document counts disagree: {live} live, {stored} stored "
            f"({len(stored_ids)} distinct ids), {len(posted_ids)} ids in the id field"
        )
        return
    twice = report._ids & stored_ids
    if twice:
        report.problems.append(f"article id {min(twice)!r} is live in two segments")
        return
    report._ids |= stored_ids
    report.articles += live


def _check_stats(
    reader: SegmentReader, stats: dict[str, tuple[list[bytes], list[float], list[int]]]
) -> str:
    """What is wrong with the segment's term statistics file ("" when right or absent)."""
    if not reader.storage().file_exists(reader.segment().make_filename(STATS_EXT)):
        return ""  # written before the files existed: the term infos answer
    table = SegmentStats.open(reader)
    if table is None:
        return "its term statistics file is damaged"
    try:
        total = 0
        for fieldname, (terms, weights, dfs) in stats.items():
            at, hit = table.find(term_hashes(fieldname, terms))
            total += len(terms)
            if not hit.all() or not (
                np.array_equal(table.weights[at], np.asarray(weights, dtype=np.float32))
                and np.array_equal(table.dfs[at], np.asarray(dfs, dtype=np.uint32))
            ):
                return f"its term statistics disagree with the term infos of {fieldname!r}"
        if total != table.hashes.size:
            return f"its term statistics list {table.hashes.size} terms, the segment {total}"
        return ""
    finally:
        table.close()


def _check_sources(gen_dir: Path, report: CheckReport) -> None:
    path = gen_dir / SOURCES
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return  # an index written only through the library has no file record
    except (OSError, ValueError) as exc:
        report.problems.append(f"{gen_dir.name}/{SOURCES} is unreadable: {_describe(exc)}")
        return
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        report.problems.append(f"{gen_dir.name}/{SOURCES} is not a record of source files")
        return
    report.sources = len(data)
    state = gen_dir / STATE
    try:
        kept = json.loads(state.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        report.problems.append(f"{gen_dir.name}/{STATE} is unreadable: {_describe(exc)}")
        return
    if not isinstance(kept, dict):
        report.problems.append(f"{gen_dir.name}/{STATE} is not the indexer's state")
