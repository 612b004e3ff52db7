"""The synthetic archives of ``bench/scale.py``: new ids, rotated paragraphs, spread dates.

Reads the first records of the shared corpus (internal test data, read at run time: the
test skips without it) and writes small synthetic archives into ``tmp_path``.
"""

from __future__ import annotations

import gzip
import json
import os
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from archive.gazetteer import canonical_province
from bench.queries import read_records
from bench.scale import generate
from indexer.pipeline import index_paths

SHARED = Path(os.environ.get("VNARCHIVE_SHARED", Path(__file__).parents[2] / "shared"))
CORPUS = SHARED / "corpus" / "articles.jsonl.gz"
BASE = 200  # corpus records the synthetic archives are made of

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus is not here ({CORPUS})"),
]


def _paras(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    dest = tmp_path_factory.mktemp("scale") / "synthetic.jsonl.gz"
    info = generate(CORPUS, 2.5, dest, limit=BASE)
    rows = list(read_records(dest))
    assert info["records"] == len(rows) and info["copies"] == 3
    return dest, rows


def test_copies_have_new_unique_ids(synthetic: tuple[Path, list[dict[str, Any]]]) -> None:
    _, rows = synthetic
    base = {r["id"] for r in read_records(CORPUS, BASE)}
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert not set(ids) & base
    copies = Counter(int(i.rsplit("~", 1)[1]) for i in ids)
    assert {i.rsplit("~", 1)[0] for i in ids} == base
    assert copies[0] == copies[1] == BASE
    assert 0.3 * BASE < copies[2] < 0.7 * BASE  # the half copy: a deterministic subset


def test_paragraphs_are_rotated_by_the_copy_number(
    synthetic: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, rows = synthetic
    orig = {r["id"]: r for r in read_records(CORPUS, BASE)}
    rotated = moved = 0
    for r in rows:
        src, k = r["id"].rsplit("~", 1)
        paras, mine = _paras(orig[src]["text"]), _paras(r["text"])
        j = int(k) % len(paras)
        assert mine == paras[j:] + paras[:j]
        rotated += j > 0 and mine != paras
        moved += j > 0  # k is not a multiple of the paragraph count
        if orig[src].get("sapo"):
            assert r["sapo"] == mine[0]
        assert r["title"] == orig[src]["title"]
    assert moved > BASE / 2 and rotated >= 0.95 * moved


def test_dates_topics_and_provinces_are_spread(
    synthetic: tuple[Path, list[dict[str, Any]]],
) -> None:
    _, rows = synthetic
    dates = [datetime.fromisoformat(r["date"]) for r in rows]
    assert all(2000 <= d.year <= 2026 for d in dates)
    assert len({d.year for d in dates}) >= 20
    topics = Counter(r["topic"] for r in rows)
    assert len(topics) >= 3 and topics[None] < len(rows) / 5
    with_province = [r for r in rows if "province" in r]
    assert 0.6 * len(rows) < len(with_province) < 0.9 * len(rows)
    for r in with_province:
        assert canonical_province(r["province"], datetime.fromisoformat(r["date"])) == r["province"]


def test_generation_is_deterministic(
    synthetic: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    dest, _ = synthetic
    again = tmp_path / "again.jsonl.gz"
    generate(CORPUS, 2.5, again, limit=BASE)
    assert again.read_bytes() == dest.read_bytes()
    small = tmp_path / "small.jsonl.gz"
    info = generate(CORPUS, 0.25, small, limit=BASE)
    ids = {r["id"] for r in read_records(small)}
    assert info["copies"] == 1 and 0.1 * BASE < len(ids) < 0.4 * BASE
    assert all(i.endswith("~0") for i in ids)


def test_synthetic_records_index(
    synthetic: tuple[Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    _, rows = synthetic
    sample = rows[::2][:200]  # copies 0, 1 and 2 alike
    src = tmp_path / "sample.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in sample)
    report = index_paths([src], tmp_path / "index", full=True)
    assert report.failed == []
    assert report.added == len(sample) == 200
