"""Benchmark queries drawn from corpus titles, and the quality measures applied to the hits.

Nothing from the corpus is written into the repository: queries are drawn at run time from the
corpus file and only aggregate numbers (plus folded fragments in the local, git-ignored
``bench/out``) leave this module.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from archive.analysis import canonical, fold, tokenize


@dataclass(frozen=True)
class Query:
    """One known-item query: the text typed, the article it came from, all same-title ids."""

    text: str
    accented: bool  # typed as written (True) or folded, without diacritics (False)
    source_id: str
    relevant: frozenset[str]  # every record whose title is identical (canonical form)


def read_records(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield the corpus records (JSONL, gzip or plain), at most ``limit`` of them."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        n = 0
        for line in fh:
            if not line.strip():
                continue
            if limit is not None and n >= limit:
                return
            n += 1
            yield json.loads(line)


def title_key(title: str) -> str:
    """Identity of a title for duplicate detection: canonical form, whitespace collapsed."""
    return " ".join(canonical(title).split())


def draw_queries(records: list[dict[str, Any]], n: int, seed: int) -> list[Query]:
    """Draw ``n`` distinct titles at random (seeded); the first half folded, the rest as written.

    Only records that the indexer accepts (a title with at least 3 tokens and non-empty text)
    are eligible. Every record sharing the drawn title counts as a correct answer.
    """
    by_title: dict[str, set[str]] = {}
    for r in records:
        by_title.setdefault(title_key(r.get("title") or ""), set()).add(r["id"])
    eligible = [
        r
        for r in records
        if len(tokenize(r.get("title") or "")) >= 3 and (r.get("text") or "").strip()
    ]
    rng = random.Random(seed)
    picked: list[dict[str, Any]] = []
    seen: set[str] = set()
    for r in rng.sample(eligible, len(eligible)):
        key = title_key(r["title"])
        if key in seen:
            continue
        seen.add(key)
        picked.append(r)
        if len(picked) == n:
            break
    half = len(picked) // 2
    out = []
    for i, r in enumerate(picked):
        title = " ".join(r["title"].split())
        accented = i >= half
        out.append(
            Query(
                text=title if accented else fold(title),
                accented=accented,
                source_id=r["id"],
                relevant=frozenset(by_title[title_key(r["title"])]),
            )
        )
    return out


_FTS_WORD = re.compile(r"\w+")


def fts5_match(text: str) -> str:
    """FTS5 MATCH expression: every word as a quoted string, implicitly ANDed."""
    words = _FTS_WORD.findall(text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def reciprocal_rank(ids: list[str], relevant: frozenset[str], depth: int = 10) -> float:
    """1/rank of the first relevant id within ``depth``; 0 when none."""
    for rank, doc_id in enumerate(ids[:depth], 1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def accented_words(text: str) -> set[str]:
    """The query's words that carry a diacritic (đ included), in canonical form."""
    return {t.exact for t in tokenize(canonical(text)) if t.accented}


class DocWords:
    """Canonical word sets of corpus records, computed on demand and cached."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self.records = records

    @lru_cache(maxsize=20_000)  # noqa: B019 - one instance per run
    def words(self, doc_id: str) -> frozenset[str]:
        r = self.records.get(doc_id)
        if r is None:
            return frozenset()
        text = (r.get("title") or "") + "\n" + (r.get("sapo") or "") + "\n" + (r.get("text") or "")
        return frozenset(t.exact for t in tokenize(canonical(text)))


def accent_counts(query: str, ids: list[str], docs: DocWords) -> tuple[int, int]:
    """(hits containing the accented word, hits checked) over every accented word × top hit."""
    good = total = 0
    for word in accented_words(query):
        for doc_id in ids[:10]:
            total += 1
            good += word in docs.words(doc_id)
    return good, total
