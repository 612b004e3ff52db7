"""Boilerplate learned on the shared corpus (issue 13 point 3), read at run time.

Every one of its 887 24h.com.vn records opens with the site's UI text "Lưu bài viết thành
công …" and ends with "Nguồn: [Link nguồn]": learned from the corpus, both go, from every
record, and no sentence that occurs once in the corpus is ever removed. The corpus is
internal test data: the tests skip without it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from archive import Archive
from indexer.boilerplate import Boilerplate, Learner
from indexer.brands import source_name
from indexer.encoding import clean_text
from indexer.inputs import InputFile, learn_jsonl
from indexer.pipeline import index_paths

SHARED = Path(os.environ.get("VNARCHIVE_SHARED", Path(__file__).parents[3] / "shared"))
CORPUS = SHARED / "corpus" / "articles.jsonl.gz"
UI = "Lưu bài viết thành công"

pytestmark = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"the shared corpus is not here ({CORPUS})"
)
_SENTENCE_RE = re.compile(r"[^.!?…\n]+[.!?…]*")


def _records() -> list[dict[str, Any]]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_the_corpus_teaches_its_ui_text_and_nothing_unique_is_removed() -> None:
    learner = Learner()
    learn_jsonl(InputFile(CORPUS, CORPUS.name), learner)
    bp = Boilerplate(learner.rules())
    records = _records()
    texts = [clean_text(r.get("text") or "").strip() for r in records]
    sources = [r.get("source") for r in records]
    removed: Counter[str] = Counter()
    kept_ui = n24h = 0
    for text, source in zip(texts, sources, strict=True):
        name = source_name(source, None)
        _, body = bp.strip(name, "", text)
        if name == "24h":
            n24h += 1
            kept_ui += UI in body
        if body != text:
            at = text.find(body)
            assert at >= 0, "stripping only cuts the ends"
            for part in (text[:at], text[at + len(body) :]):
                removed.update(s.strip() for s in _SENTENCE_RE.findall(part) if s.strip())
    assert n24h == 887 and kept_ui == 0
    assert removed, "the corpus's UI text was not learned"
    # a removed sentence recurs: count the articles holding each one
    for sentence in removed:
        holding = sum(1 for t in texts if sentence in t)
        assert holding >= 20, f"{sentence!r} is in {holding} articles, yet was removed"


def test_indexing_corpus_records_keeps_ui_text_out(tmp_path: Path) -> None:
    rows = [r for r in _records() if r.get("source") == "24h.com.vn"]
    rows += [r for r in _records() if r.get("source") == "baomoi.com"][:300]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    report = index_paths([feed], tmp_path / "index").to_dict()
    assert report["added"] == len(rows)
    listed = {r["text"]: r["removed"] for r in report["boilerplate"]["24h"]}
    assert any(t.startswith(UI) for t in listed) and set(listed.values()) == {887}
    assert set(report["boilerplate"]) == {"24h"}
    with Archive.open(tmp_path / "index") as ar:
        assert not [a.id for a in ar.iter_articles() if UI in a.lead + a.body]
        newest = ar.search("", sort="newest").hits
        assert newest and not [h.id for h in newest if "Lưu bài viết" in h.snippet]
