"""Words, not syllables (issue 9): units, accent intent, snippets and shown corrections.

Queries are drawn at run time from the corpus titles (seeded; nothing is stored):

- **collocations**: adjacent pairs of accented title syllables (letters only) found in at
  least ``--min-titles`` titles whose Dice coefficient in titles is at least ``--min-dice``
  (a collocation, not two frequent words side by side: "bóng đá", "giá vàng", "thủ
  tướng"); ``--pairs`` of them drawn at random and typed without diacritics. The
  *dominant reading* is the accented pair's most common form in titles.
- **typos**: 3-syllable title fragments (letters, ≥ 3 characters each) typed without
  diacritics, with one random letter edit (substitution, insertion, deletion,
  transposition) in one word.

Measures, over the top 10 of each query:

- *unit precision*: share of hits whose text has the two syllables adjacent (folded), sorted
  newest and by relevance;
- *reading precision*: share of relevance hits holding the dominant reading;
- *snippet marks*: share of ``<mark>`` spans (relevance snippets) whose words belong to the
  dominant reading;
- *corrections shown*: share of typo queries answered with the fragment's results
  (``corrected_from`` set and the query shown folds to the fragment).

    .venv/bin/python bench/words.py bench/out/full/vnarchive
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import Archive  # noqa: E402
from archive.analysis import bigrams, canonical, fold, folded_words, tokenize  # noqa: E402
from bench.queries import read_records  # noqa: E402
from bench.worst import _edit  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
_MARK = re.compile(r"<mark>(.*?)</mark>")


def collocations(
    records: list[dict[str, Any]], n: int, seed: int, min_titles: int, min_dice: float
) -> list[tuple[str, str]]:
    """``(typed, dominant reading)`` pairs (see the module docstring)."""
    pairs: Counter[tuple[str, str]] = Counter()
    words: Counter[str] = Counter()
    for r in records:
        toks = [t.exact for t in tokenize(r.get("title") or "")]
        seen_pairs = set(zip(toks, toks[1:], strict=False))
        pairs.update(p for p in seen_pairs if all(w.isalpha() and len(w) > 1 for w in p))
        words.update(set(toks))
    eligible = []
    for (a, b), c in pairs.items():
        if c < min_titles or not any(t.accented for t in tokenize(a + " " + b)):
            continue
        if 2 * c / (words[a] + words[b]) >= min_dice:
            eligible.append((a, b))
    # the dominant accented reading of each folded pair
    best: dict[str, tuple[int, str]] = {}
    for a, b in eligible:
        key = fold(a + " " + b)
        best[key] = max(best.get(key, (0, "")), (pairs[(a, b)], a + " " + b))
    keys = sorted(best)
    random.Random(seed).shuffle(keys)
    return [(k, best[k][1]) for k in keys[:n]]


def typos(records: list[dict[str, Any]], n: int, seed: int) -> list[tuple[str, str]]:
    """``(typed, fragment)``: one edit in one word of a 3-syllable title fragment."""
    rng = random.Random(seed)
    titles = [folded_words(r["title"]) for r in records if r.get("title")]
    out: list[tuple[str, str]] = []
    while len(out) < n:
        words = rng.choice(titles)
        if len(words) < 3:
            continue
        i = rng.randrange(len(words) - 2)
        frag = words[i : i + 3]
        if not all(w.isalpha() and len(w) >= 3 for w in frag):
            continue
        j = rng.randrange(3)
        typed = [_edit(w, rng) if k == j else w for k, w in enumerate(frag)]
        if typed != frag:
            out.append((" ".join(typed), " ".join(frag)))
    return out


def adjacent(arc: Archive, hit_id: str, pair: str) -> bool:
    art = arc.get(hit_id)
    if art is None:
        return False
    text = "\n".join((art.title, art.lead, art.body, *art.captions))
    return pair in set(bigrams(folded_words(text)))


def holds_reading(arc: Archive, hit_id: str, reading: str) -> bool:
    art = arc.get(hit_id)
    if art is None:
        return False
    text = "\n".join((art.title, art.lead, art.body, *art.captions))
    return reading in set(bigrams([t.exact for t in tokenize(text)]))


def measure(
    arc: Archive, colls: list[tuple[str, str]], typo_qs: list[tuple[str, str]]
) -> dict[str, Any]:
    unit = {"newest": [0, 0], "relevance": [0, 0]}
    reading = [0, 0]
    marks = [0, 0]
    for typed, dominant in colls:
        want = canonical(dominant)
        for sort in ("newest", "relevance"):
            res = arc.search(typed, sort=sort)
            for hit in res.hits:
                unit[sort][0] += adjacent(arc, hit.id, typed)
                unit[sort][1] += 1
                if sort == "relevance":
                    reading[0] += holds_reading(arc, hit.id, want)
                    reading[1] += 1
                    for span in _MARK.findall(hit.snippet):
                        words = {t.exact for t in tokenize(canonical(span))}
                        marks[0] += bool(words) and words <= set(want.split())
                        marks[1] += 1
    shown = 0
    for typed, frag in typo_qs:
        res = arc.search(typed)
        if res.corrected_from is not None and fold(res.query) == frag:
            shown += 1
    return {
        "collocations": len(colls),
        "unit_precision_newest": unit["newest"][0] / max(1, unit["newest"][1]),
        "unit_precision_relevance": unit["relevance"][0] / max(1, unit["relevance"][1]),
        "reading_precision": reading[0] / max(1, reading[1]),
        "snippet_marks_in_reading": marks[0] / max(1, marks[1]),
        "typo_queries": len(typo_qs),
        "corrections_shown": shown / max(1, len(typo_qs)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index", type=Path)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--pairs", type=int, default=150)
    ap.add_argument("--typos", type=int, default=60)
    ap.add_argument("--min-titles", type=int, default=10)
    ap.add_argument("--min-dice", type=float, default=0.2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "words.json")
    args = ap.parse_args(argv)
    records = list(read_records(args.corpus))
    colls = collocations(records, args.pairs, args.seed, args.min_titles, args.min_dice)
    typo_qs = typos(records, args.typos, args.seed)
    with Archive.open(args.index) as arc:
        res = measure(arc, colls, typo_qs)
    for k, v in res.items():
        print(f"{k:28} {v:.3f}" if isinstance(v, float) else f"{k:28} {v}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
