"""Incremental, atomic indexing of files and folders through ``archive``'s writer.

Each input file is tracked by path and content hash: an unchanged file is skipped without
being parsed, a changed one has its articles replaced (unchanged records inside a changed
JSONL are skipped by id + record hash), and files gone from an indexed folder lose their
articles. One bad file or line is reported in ``failed`` and never stops the run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from archive import ArchiveWriter
from archive.models import Article
from indexer.boilerplate import Boilerplate, Learner
from indexer.brands import source_name
from indexer.inputs import (
    InputError,
    InputFile,
    finish_document,
    learn_jsonl,
    parse_document,
    read_jsonl,
    walk,
)

#: Inputs larger than this use Whoosh's multi-process writer (one segment per process).
PARALLEL_BYTES = 8 * 1024 * 1024
#: Folders with more HTML/text files than this parse them in a process pool.
PARALLEL_FILES = 200

#: Where the writer keeps the learned boilerplate between runs.
BOILERPLATE_STATE = "boilerplate"

Progress = Callable[[int], None]


@dataclass
class IndexReport:
    """What an index run did (DESIGN §2 ``--json``)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    #: ``{"path": the file, "line": the JSONL line number or None, "error": why}``
    failed: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    duplicates: int = 0
    #: ``{source: [{"where": "start"|"end", "text": …, "removed": articles this run}]}``
    boilerplate: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "failed": self.failed,
            "total": self.total,
            "seconds": round(self.seconds, 3),
            "boilerplate": self.boilerplate,
        }


def file_hash(path: Path) -> str:
    """Return the BLAKE2b digest of a file's bytes (mtime never counts as a change)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _parse_one(f: InputFile) -> tuple[InputFile, str, Article | str]:
    try:
        data = f.path.read_bytes()
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    except OSError as exc:
        return f, "", f"cannot read: {exc.strerror or exc}"
    try:
        return f, digest, parse_document(f, data)
    except RecursionError:
        return f, digest, "document nested too deeply to parse"
    except (ValueError, LookupError) as exc:
        return f, digest, str(exc) or exc.__class__.__name__


class _Run:
    def __init__(self, w: ArchiveWriter, report: IndexReport, on_progress: Progress | None) -> None:
        self.w, self.report, self.on_progress = w, report, on_progress
        self.seen: set[str] = set()

    def fail(self, path: Path | str, error: str, line: int | None = None) -> None:
        self.report.failed.append(failure(path, error, line))

    def put(self, article: Article, content_hash: str, src: str) -> bool:
        """Add or replace one article; False when its id was already seen in this run."""
        if article.id in self.seen:
            self.report.duplicates += 1
            return False
        self.seen.add(article.id)
        if not self.w.created and self.w.has_record(article.id, content_hash):
            self.report.unchanged += 1
            return True
        existed = not self.w.created and self.w.has_id(article.id)
        self.w.add(article, content_hash=content_hash, src=src)
        if existed:
            self.report.updated += 1
        else:
            self.report.added += 1
        return True

    def drop_missing(self, src: str, keep: set[str]) -> None:
        """Delete articles that ``src`` used to hold and holds no more."""
        if self.w.created:
            return
        for old in self.w.ids_from(src) - keep:
            if old not in self.seen:
                self.w.delete_id(old)
                self.report.deleted += 1

    def jsonl(
        self, f: InputFile, digest: str, topic_map: dict[str, str] | None, bp: Boilerplate
    ) -> None:
        src = str(f.path)
        self.w.begin_source(src)
        ids: set[str] = set()
        failed_before = len(self.report.failed)
        try:
            for line in read_jsonl(f, topic_map, bp):
                if line.article is None:
                    self.fail(f.path, line.error or "bad line", line.number)
                    continue
                record_hash = hashlib.blake2b(line.raw, digest_size=16).hexdigest()
                if self.put(line.article, record_hash, src):
                    ids.add(line.article.id)
        except InputError as exc:
            self.fail(f.path, str(exc))
            return  # what was read is kept; the file stays "changed" for the next run
        if not ids and len(self.report.failed) == failed_before:
            self.fail(f.path, "no article in file")  # as an empty .txt or .html is
        self.drop_missing(src, ids)
        self.w.end_source(src, digest, len(ids), self.report.failed[failed_before:])

    def document(self, f: InputFile, digest: str, result: Article | str) -> None:
        src = str(f.path)
        self.w.begin_source(src)
        if isinstance(result, str):
            self.fail(f.path, result)
            return
        kept = self.put(result, digest, src)
        self.drop_missing(src, {result.id} if kept else set())
        self.w.end_source(src, digest, 1 if kept else 0)


def index_paths(
    paths: Sequence[str | os.PathLike[str]],
    index: str | os.PathLike[str],
    *,
    full: bool = False,
    procs: int | None = None,
    topic_map: dict[str, str] | None = None,
    on_progress: Progress | None = None,
) -> IndexReport:
    """Index files and folders into the index at ``index`` and report what changed.

    :param full: rebuild into a new generation and swap it in atomically at the end
    :param procs: worker processes (default: 2 for large inputs on a multi-core machine)
    :param on_progress: called with the number of input bytes just processed
    :raises IndexBusyError: another writer holds the index
    """
    started = time.perf_counter()
    files, roots, problems = walk([Path(p) for p in paths])
    report = IndexReport(failed=[failure(p["path"], p["error"]) for p in problems])
    sizes = {f.path: _size(f.path) for f in files}
    cpus = os.cpu_count() or 1
    if procs is None:
        procs = min(2, cpus) if sum(sizes.values()) > PARALLEL_BYTES else 1
    with ArchiveWriter(index, full=full, procs=procs) as w:
        run = _Run(w, report, on_progress)
        todo: list[tuple[InputFile, str]] = []
        for f in files:
            try:
                digest = file_hash(f.path)
            except OSError as exc:
                run.fail(f.path, f"cannot read: {exc.strerror or exc}")
                continue
            entry = None if full else w.source_entry(str(f.path), digest)
            if entry is not None:
                report.unchanged += int(entry.get("count", 0))
                report.failed.extend(_upgrade(e) for e in entry.get("failed") or [])
                _tick(on_progress, sizes[f.path])
                continue
            todo.append((f, digest))
        # Two passes: the batch teaches its boilerplate (pages parsed once, kept on disk
        # meanwhile; records only glanced at), then every article is finished without it.
        learner = Learner()
        documents = [f for f, _ in todo if not f.is_jsonl]
        with tempfile.TemporaryFile() as spool:
            for f, digest, result in _parse_all(documents, procs):
                if isinstance(result, Article):
                    learner.see(source_name(result.source, result.url), result.lead, result.body)
                pickle.dump((f, digest, result), spool, pickle.HIGHEST_PROTOCOL)
                _tick(on_progress, sizes[f.path])
            for f, _ in todo:
                if f.is_jsonl:
                    learn_jsonl(f, learner)
            bp = Boilerplate() if w.created else _stored_boilerplate(w)
            bp.add(learner.rules())
            for f, digest, result in _unspool(spool):
                if isinstance(result, Article):
                    result = finish_document(result, topic_map, bp)
                run.document(f, digest, result)
        for f, digest in todo:
            if f.is_jsonl:
                run.jsonl(f, digest, topic_map, bp)
                _tick(on_progress, sizes[f.path])
        if bp:
            w.set_ingest_state(BOILERPLATE_STATE, bp.to_json())
        report.boilerplate = bp.report()
        if not full:
            present = {str(f.path) for f in files}
            for src in sorted(w.known_sources() - present):
                if any(_under(src, root) for root in roots):
                    report.deleted += w.delete_source(src)
    report.seconds = time.perf_counter() - started
    return report


def failure(path: Path | str, error: str, line: int | None = None) -> dict[str, Any]:
    """Return one ``failed`` entry of the report (the same shape for every input type)."""
    return {"path": str(path), "line": line, "error": error}


def _upgrade(entry: dict[str, Any]) -> dict[str, Any]:
    """Read a ``failed`` entry recorded by an older version (``"path": "file.jsonl:6"``)."""
    if "line" in entry:
        return entry
    path, _, number = str(entry.get("path", "")).rpartition(":")
    if path and number.isdigit():
        return failure(path, str(entry.get("error", "")), int(number))
    return failure(str(entry.get("path", "")), str(entry.get("error", "")))


def _stored_boilerplate(w: ArchiveWriter) -> Boilerplate:
    """The boilerplate learned by earlier runs (kept across incremental runs)."""
    return Boilerplate.from_json(w.ingest_state(BOILERPLATE_STATE))


def _unspool(spool: IO[bytes]) -> Iterable[tuple[InputFile, str, Article | str]]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def _parse_all(
    files: list[InputFile], procs: int
) -> Iterable[tuple[InputFile, str, Article | str]]:
    if len(files) > PARALLEL_FILES and (os.cpu_count() or 1) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=max(2, procs)) as pool:
            yield from pool.map(_parse_one, files, chunksize=16)
    else:
        for f in files:
            yield _parse_one(f)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _tick(on_progress: Progress | None, n: int) -> None:
    if on_progress is not None:
        on_progress(n)


def _under(src: str, root: Path) -> bool:
    return src.startswith(str(root) + os.sep)
