"""Snippet matching: the fast ``find`` (regex to the candidate places) finds exactly what
tokenizing the whole text finds (``find_by_tokens``), on made-up and real texts."""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path

import pytest

from archive.analysis import normalize, tokenize
from archive.search.snippets import Form, find, find_by_tokens, snippet

SHARED = Path(os.environ.get("VNARCHIVE_SHARED", Path(__file__).parents[4] / "shared"))
CORPUS = SHARED / "corpus" / "articles.jsonl.gz"


def _spans(found: list) -> list:
    return [(i, [(t.start, t.end) for t in span]) for i, span in found]


def _wanted(text: str, rng: random.Random, n: int) -> list[tuple[Form, ...]]:
    toks = tokenize(text, normalized=True)
    out: list[tuple[Form, ...]] = []
    for _ in range(n):
        if not toks:
            break
        k = rng.randrange(len(toks))
        seq = toks[k : k + rng.choice((1, 1, 2, 3))]
        out.append(tuple((rng.random() < 0.4, t.exact if t.accented else t.folded) for t in seq))
    out.append(((False, "khongcotrongbai"),))
    return out


CASES = [
    ("Trận bóng đá: BÓNG ĐÁ, bóng. Đá và đã", [((False, "bong"), (False, "da")), ((True, "đã"),)]),
    ("Hải Dương hải dương HẢI DƯƠNG hai duong", [((False, "hai"), (False, "duong"))]),
    ("Hà Nội-Hà Nội,Hà Nội", [((True, "hà"), (True, "nội")), ((False, "ha"),)]),
    ("Ngày 6.2.2018 và năm 2018", [((False, "2018"),), ((False, "nam"),)]),
    ("", [((False, "a"),)]),
]


@pytest.mark.parametrize(("text", "wanted"), CASES)
def test_fast_find_is_the_token_by_token_find(text: str, wanted: list) -> None:
    text = normalize(text)
    assert _spans(find(text, wanted)) == _spans(find_by_tokens(text, wanted))


def test_snippet_marks_whole_words_only() -> None:
    s = snippet(
        "Đã đến lúc. Bóng đá Việt Nam thắng, bóng đã lăn.", [((False, "bong"), (False, "da"))]
    )
    assert s.count("<mark>") == 2 and "<mark>Bóng đá</mark>" in s and "<mark>bóng đã</mark>" in s


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus is not here ({CORPUS})")
def test_fast_find_agrees_on_real_articles() -> None:
    rng = random.Random(7)
    checked = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n % 97:
                continue
            text = " ".join(normalize(json.loads(line).get("text") or "")[:3000].split())
            wanted = _wanted(text, rng, rng.randrange(1, 6))
            assert _spans(find(text, wanted)) == _spans(find_by_tokens(text, wanted)), wanted
            checked += 1
    assert checked > 300
