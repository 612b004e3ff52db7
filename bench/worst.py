"""Worst-case queries and parallel searches on a built index (issue 8's cost bounds).

Every query class is drawn at run time from the corpus (seeded; nothing is stored):

- ``typo1`` / ``typo2``: 3-syllable title fragments typed without diacritics, with one (two)
  random letter edits in one (two) of the words;
- ``random12``: 12 random title syllables;
- ``runtogether``: title fragments with the spaces of every other word dropped, and
  ``ha noiha noi…`` pastes, up to 120 characters;
- ``stopphrase``: quoted phrases of two of the most frequent syllables (``"của các"``);
- ``paste200``: 200-character slices of article bodies.

Each class runs on a **freshly opened** archive (its caches empty), every query once: the
first pass. ``--warm`` passes repeat them. Then the parallel scenario: an export paused after
its first article while 4 threads search. Last, the gazetteer's per-article cost.

    .venv/bin/python bench/worst.py bench/out/full/vnarchive
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive import Archive  # noqa: E402
from archive.analysis import fold, tokenize  # noqa: E402
from archive.gazetteer import resolve_province  # noqa: E402
from bench.queries import read_records  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
TARGET_MS = 250.0
TYPO_P95_MS = 30.0


def _edit(word: str, rng: random.Random) -> str:
    """One random letter edit: substitution, insertion, deletion or transposition."""
    i = rng.randrange(len(word))
    kind = rng.choice("sidt") if len(word) > 3 else rng.choice("si")
    letter = rng.choice(string.ascii_lowercase)
    if kind == "s":
        return word[:i] + letter + word[i + 1 :]
    if kind == "i":
        return word[:i] + letter + word[i:]
    if kind == "d":
        return word[:i] + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _fragments(titles: list[list[str]], rng: random.Random, n: int) -> list[list[str]]:
    out = []
    while len(out) < n:
        words = rng.choice(titles)
        if len(words) >= 3:
            i = rng.randrange(len(words) - 2)
            frag = words[i : i + 3]
            if all(w.isalpha() and len(w) >= 3 for w in frag):
                out.append(frag)
    return out


def draw(records: list[dict[str, Any]], seed: int, n: int) -> dict[str, list[str]]:
    """The query classes (see the module docstring)."""
    rng = random.Random(seed)
    titles = [[t.folded for t in tokenize(r["title"])] for r in records if r.get("title")]
    vocab = sorted({w for t in titles for w in t if w.isalpha()})
    counts = Counter(t.exact for r in records[:5000] for t in tokenize(r.get("title", "")))
    common = [w for w, _ in counts.most_common(12)]
    classes: dict[str, list[str]] = {}
    typo1 = []
    for frag in _fragments(titles, rng, n):
        j = rng.randrange(3)
        typo1.append(" ".join(_edit(w, rng) if k == j else w for k, w in enumerate(frag)))
    classes["typo1"] = typo1
    typo2 = []
    for frag in _fragments(titles, rng, n):
        a, b = rng.sample(range(3), 2)
        typo2.append(" ".join(_edit(w, rng) if k in (a, b) else w for k, w in enumerate(frag)))
    classes["typo2"] = typo2
    classes["random12"] = [" ".join(rng.sample(vocab, 12)) for _ in range(n)]
    run = []
    for frag in _fragments(titles, rng, n // 2):
        words = (frag * 8)[:16]
        run.append(
            " ".join(
                w + (words[i + 1] if i % 2 == 0 and i + 1 < len(words) else "")
                for i, w in enumerate(words)
                if i % 2 == 0
            )[:120]
        )
    run += [("ha noi" * 20)[:120], ("hanoi" * 24)[:120], ("tphcm" * 24)[:120]]
    classes["runtogether"] = run
    classes["stopphrase"] = [f'"{a} {b}"' for a in common[:6] for b in common[:6] if a != b][:n]
    bodies = [r.get("text") or "" for r in records if len(r.get("text") or "") > 400]
    pastes = []
    for _ in range(n):
        body = rng.choice(bodies)
        i = rng.randrange(len(body) - 200)
        pastes.append(" ".join(body[i : i + 200].split()))
    classes["paste200"] = pastes
    return classes


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def run_class(index: Path, queries: list[str], warm: int) -> dict[str, Any]:
    with Archive.open(index) as arc:
        first, worst = [], ("", 0.0)
        for q in queries:
            t0 = time.perf_counter()
            arc.search(q)
            ms = (time.perf_counter() - t0) * 1000
            first.append(ms)
            worst = max(worst, (q, ms), key=lambda p: p[1])
        warm_ms = []
        for _ in range(warm):
            for q in queries:
                t0 = time.perf_counter()
                arc.search(q)
                warm_ms.append((time.perf_counter() - t0) * 1000)
    out = {
        "queries": len(queries),
        "first_p50": pct(first, 50),
        "first_p95": pct(first, 95),
        "first_max": max(first),
        "worst_query_chars": len(worst[0]),
    }
    if warm_ms:
        out.update(warm_p50=pct(warm_ms, 50), warm_p95=pct(warm_ms, 95))
    return out


def parallel(
    index: Path, queries: list[str], threads: int = 4, per_thread: int = 40
) -> dict[str, Any]:
    """4 threads search while an export is paused after its first article."""
    with Archive.open(index) as arc:
        for q in queries:  # warm, so the figure is about waiting, not about cold postings
            arc.search(q)
        export = arc.iter_articles()
        next(export)
        done = [0] * threads

        def work(k: int) -> None:
            for i in range(per_thread):
                arc.search(queries[(k * per_thread + i) % len(queries)])
                done[k] += 1

        t0 = time.perf_counter()
        pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join(timeout=120)
        seconds = time.perf_counter() - t0
        export.close()
        t0 = time.perf_counter()
        for i in range(threads * per_thread):
            arc.search(queries[i % len(queries)])
        serial = time.perf_counter() - t0
    return {
        "threads": threads,
        "searches_done": sum(done),
        "searches_asked": threads * per_thread,
        "seconds_parallel": seconds,
        "seconds_same_searches_one_thread": serial,
    }


def gazetteer_cost(records: list[dict[str, Any]], n: int = 300) -> float:
    """Mean ms of ``resolve_province`` on the first 3 KB of ``n`` articles."""
    texts = [(r.get("text") or "")[:3000] for r in records[:n]]
    t0 = time.perf_counter()
    for text in texts:
        resolve_province(None, text, None)
    return (time.perf_counter() - t0) / len(texts) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index", type=Path)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--per-class", type=int, default=30)
    ap.add_argument("--warm", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "worst.json")
    args = ap.parse_args(argv)
    records = list(read_records(args.corpus))
    classes = draw(records, args.seed, args.per_class)
    results: dict[str, Any] = {"classes": {}}
    for name, queries in classes.items():
        assert all(len(q) <= 200 for q in queries), name
        results["classes"][name] = res = run_class(args.index, queries, args.warm)
        ok = res["first_max"] <= TARGET_MS
        print(
            f"{name:12} n={res['queries']:3}  first p50 {res['first_p50']:6.1f}  p95 "
            f"{res['first_p95']:6.1f}  max {res['first_max']:6.1f} ms  "
            f"warm p95 {res.get('warm_p95', 0):6.1f} ms  {'ok' if ok else 'OVER ' + str(TARGET_MS)}"
        )
    typo = results["classes"]["typo1"]
    print(f"one-typo p95 (first pass) {typo['first_p95']:.1f} ms, target {TYPO_P95_MS}")
    mixed = [q for qs in classes.values() for q in qs[:10]]
    results["parallel"] = par = parallel(args.index, [fold(q) for q in mixed])
    print(
        f"parallel: {par['searches_done']}/{par['searches_asked']} searches by "
        f"{par['threads']} threads in {par['seconds_parallel']:.2f} s with an export paused "
        f"(one thread, same searches: {par['seconds_same_searches_one_thread']:.2f} s)"
    )
    results["gazetteer_ms_per_article"] = gz = gazetteer_cost(records)
    print(f"gazetteer: {gz:.3f} ms per 3 KB article")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
