"""Find input files and read them into articles: HTML, plain text and JSON Lines.

("Source" in this project means the publisher; this module is about input files.)
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.models import Article
from indexer.boilerplate import Boilerplate, Learner
from indexer.records import RecordError, finish, learn_record, record_article

SUFFIXES = (".html", ".htm", ".txt", ".jsonl", ".jsonl.gz")
#: Largest HTML or text file read (bigger ones are reported, not read): 20 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest decompressed size of a .jsonl.gz (stops gzip bombs): 4 GiB.
MAX_GZIP_BYTES = 4 * 1024**3
#: News text compresses 3–5×; a file that expands more than this is treated as a bomb …
MAX_GZIP_RATIO = 100
#: … once it has produced this much (small files may legitimately compress well).
MIN_GZIP_LIMIT = 64 * 1024**2
#: Longest JSONL line: 50 MB.
MAX_LINE_BYTES = 50 * 1024 * 1024


class InputError(ValueError):
    """A whole file cannot be read; the message says why."""


@dataclass(frozen=True)
class InputFile:
    """A file to index: its absolute path, and its path relative to the folder given."""

    path: Path
    rel: str

    @property
    def is_jsonl(self) -> bool:
        return self.path.name.endswith((".jsonl", ".jsonl.gz"))


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return None


def walk(paths: list[Path]) -> tuple[list[InputFile], list[Path], list[dict[str, str]]]:
    """Expand files and folders; return the input files, the folders, and usage problems."""
    files: list[InputFile] = []
    roots: list[Path] = []
    problems: list[dict[str, str]] = []
    for given in paths:
        p = given.resolve()
        if p.is_dir():
            roots.append(p)
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    f = Path(dirpath) / name
                    if not name.startswith(".") and kind_of(f):
                        files.append(InputFile(f, f.relative_to(p).as_posix()))
        elif p.is_file():
            if kind_of(p) is None:
                problems.append(
                    {
                        "path": str(given),
                        "error": "unsupported file type (use .html, .htm, .txt, .jsonl, .jsonl.gz)",
                    }
                )
            else:
                files.append(InputFile(p, p.name))
        else:
            problems.append({"path": str(given), "error": "no such file or folder"})
    return files, roots, problems


def read_document(f: InputFile, data: bytes, topic_map: dict[str, str] | None = None) -> Article:
    """Parse one HTML or text file into an article whose id is its URL or relative path.

    :raises ValueError: the file cannot be decoded or parsed (message says why)
    """
    return finish_document(parse_document(f, data), topic_map)


def finish_document(
    article: Article,
    topic_map: dict[str, str] | None = None,
    boilerplate: Boilerplate | None = None,
) -> Article:
    """Normalise what :func:`parse_document` read; its id is its URL or relative path."""
    article = finish(article, topic_map, boilerplate=boilerplate)
    article.id = article.url or article.path or ""
    return article


def parse_document(f: InputFile, data: bytes) -> Article:
    """Parse one HTML or text file into raw fields (:func:`finish_document` completes it).

    :raises ValueError: the file cannot be decoded or parsed (message says why)
    """
    from indexer.encoding import decode_bytes

    if not data.strip():
        raise InputError("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if f.path.suffix.lower() in (".html", ".htm"):
        from indexer.parsers.html import parse_html

        article = parse_html(data, path=f.rel)
    else:
        from indexer.parsers.text import parse_text

        article = parse_text(decode_bytes(data), path=f.rel)
    article.path = f.rel
    return article


@dataclass
class Line:
    """One JSONL line: its number, raw bytes (for hashing), and the article or the error."""

    number: int
    raw: bytes
    article: Article | None
    error: str | None


def _open_lines(path: Path) -> io.BufferedIOBase:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def learn_jsonl(f: InputFile, learner: Learner) -> None:
    """Show every record of a JSONL file to ``learner`` (bad lines and files are skipped
    here: :func:`read_jsonl` reports them)."""
    try:
        for _number, raw in _raw_lines(f):
            try:
                learn_record(json.loads(raw), learner)
            except ValueError:
                continue
    except InputError:
        return


def read_jsonl(
    f: InputFile,
    topic_map: dict[str, str] | None = None,
    boilerplate: Boilerplate | None = None,
) -> Iterator[Line]:
    """Yield each non-empty line of a JSONL file as an article or an error naming the line.

    :param boilerplate: learned boilerplate to remove from each record's text
    :raises InputError: the file is not gzip, or decompresses beyond its limit
        (``MAX_GZIP_BYTES``, or ``MAX_GZIP_RATIO`` times its size: a gzip bomb)
    """
    for number, raw in _raw_lines(f):
        try:
            obj = json.loads(raw)
            art = record_article(obj, f"{f.rel}#{number}", topic_map, boilerplate)
            art.path = obj.get("path") if isinstance(obj.get("path"), str) else f.rel
            yield Line(number, raw, art, None)
        except (ValueError, RecordError) as exc:
            yield Line(number, raw, None, f"line {number}: {exc}")


def _raw_lines(f: InputFile) -> Iterator[tuple[int, bytes]]:
    """Yield ``(number, bytes)`` of each non-empty line, within the size limits."""
    total = 0
    limit = MAX_GZIP_BYTES
    if f.path.name.endswith(".gz"):
        limit = min(limit, max(MIN_GZIP_LIMIT, MAX_GZIP_RATIO * f.path.stat().st_size))
    try:
        with _open_lines(f.path) as fh:
            for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE_BYTES + 1), b""), 1):
                total += len(raw)
                if total > limit:
                    raise InputError(
                        f"stopped after {limit} decompressed bytes: too large or a gzip bomb"
                    )
                if len(raw) > MAX_LINE_BYTES:
                    raise InputError(f"line {number}: longer than {MAX_LINE_BYTES} bytes")
                if raw.strip():
                    yield number, raw
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(str(exc) or exc.__class__.__name__) from exc
