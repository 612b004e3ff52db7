"""Benchmark vnarchive against SQLite FTS5 on the shared news corpus (``make bench``).

Indexes the corpus with both engines (each build in its own subprocess, peak memory measured),
re-indexes the unchanged corpus incrementally with vnarchive, then runs known-item queries drawn
from corpus titles (half folded, half accented) against both in the same run and prints a table.
Results go to ``bench/out/results.json``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from queries import (  # noqa: E402
    DocWords,
    Query,
    accent_counts,
    draw_queries,
    read_records,
    reciprocal_rank,
)

OUT = BENCH / "out"
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/articles.jsonl.gz"
PASSES = 3
REINDEX_TARGET = 10.0  # % of the first run
ACCENT_TARGET = 98.0  # %

# -- child processes -------------------------------------------------------------------------

CHILD_VNARCHIVE = """
import json, resource, sys, time
from indexer.pipeline import index_paths
a = json.loads(sys.argv[1])
t = time.perf_counter()
rep = index_paths([a["corpus"]], a["index"], full=a["full"])
wall = time.perf_counter() - t
ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
ru_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "report": rep.to_dict(), "self_kb": ru_self, "kids_kb": ru_kids}))
"""

CHILD_FTS5 = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
import fts5
a = json.loads(sys.argv[1])
t = time.perf_counter()
rep = fts5.build(Path(a["corpus"]), Path(a["index"]))
wall = time.perf_counter() - t
ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
ru_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "report": rep, "self_kb": ru_self, "kids_kb": ru_kids}))
"""


def _tree(pid: int) -> list[int]:
    """``pid`` and all its live descendants (via /proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _mem_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, 0 when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Sample the summed RSS/PSS of a process tree every ``interval`` seconds; keep the peaks."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.peak_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            mems = [_mem_kb(p) for p in pids]
            self.peak_rss = max(self.peak_rss, sum(m[0] for m in mems))
            self.peak_pss = max(self.peak_pss, sum(m[1] for m in mems))
            self.peak_procs = max(self.peak_procs, len(pids))
            self.stop.wait(self.interval)


def run_child(code: str, args: dict[str, Any], log: Path, interval: float = 0.25) -> dict[str, Any]:
    """Run a build in a fresh interpreter; return its JSON report plus memory figures."""
    started = time.perf_counter()
    with open(log, "ab") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(args), str(BENCH)],
            stdout=subprocess.PIPE,
            stderr=err,
        )
        sampler = TreeSampler(proc.pid, interval)
        sampler.start()
        out, _ = proc.communicate()
        sampler.stop.set()
        sampler.join()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed (exit {proc.returncode}); see {log}")
    res = json.loads(out.decode().strip().splitlines()[-1])
    res.update(
        process_seconds=elapsed,
        peak_rss_largest_mb=max(res["self_kb"], res["kids_kb"]) / 1024,
        peak_rss_tree_mb=sampler.peak_rss / 1024,
        peak_pss_tree_mb=sampler.peak_pss / 1024,
        peak_processes=sampler.peak_procs,
        sample_interval_s=interval,
    )
    return res


def dir_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


# -- corpus subset ---------------------------------------------------------------------------


def subset_file(corpus: Path, n: int) -> Path:
    """Write the first ``n`` records to bench/out (deterministic bytes, so reuse sees no change)."""
    OUT.mkdir(parents=True, exist_ok=True)
    dest = OUT / f"subset-{n}.jsonl.gz"
    lines = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(lines) >= n:
                break
            if line.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
    data = "".join(lines).encode("utf-8")
    if dest.exists():
        with gzip.open(dest, "rb") as fh:
            if fh.read() == data:
                return dest
    with open(dest, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(data)
    return dest


# -- queries ---------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


class Engine:
    """A named search function returning the top-10 ids; keeps per-pass latencies."""

    def __init__(self, name: str, fn: Any) -> None:
        self.name, self.fn = name, fn
        self.passes: list[list[float]] = []
        self.cold: list[float] = []  # the first pass: caches empty, the searcher just opened
        self.first: list[list[str]] = []
        self.fallbacks: dict[str, int] = {}

    def run_pass(self, queries: list[Query], record: bool) -> None:
        times = []
        for q in queries:
            t = time.perf_counter()
            ids, extra = self.fn(q.text)
            times.append((time.perf_counter() - t) * 1000)
            if record:
                self.first.append(ids)
                if extra:
                    self.fallbacks[extra] = self.fallbacks.get(extra, 0) + 1
        if record:
            self.cold = times
        else:
            self.passes.append(times)

    def latency(self) -> dict[str, float]:
        return {
            "p50_ms": float(np.median([pct(p, 50) for p in self.passes])),
            "p95_ms": float(np.median([pct(p, 95) for p in self.passes])),
            "passes_p50_ms": [round(pct(p, 50), 3) for p in self.passes],
            "passes_p95_ms": [round(pct(p, 95), 3) for p in self.passes],
            "cold_p50_ms": pct(self.cold, 50) if self.cold else None,
            "cold_p95_ms": pct(self.cold, 95) if self.cold else None,
        }

    def quality(self, queries: list[Query], docs: DocWords) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for label, want in (("folded", False), ("accented", True), ("all", None)):
            sel = [
                (q, ids)
                for q, ids in zip(queries, self.first, strict=True)
                if want is None or q.accented == want
            ]
            if not sel:
                continue
            rr = [reciprocal_rank(ids, q.relevant) for q, ids in sel]
            out[label] = {
                "queries": len(sel),
                "success_at_1": sum(r == 1.0 for r in rr) / len(sel),
                "mrr_at_10": sum(rr) / len(sel),
                "found_in_10": sum(r > 0 for r in rr) / len(sel),
            }
        good = total = 0
        for q, ids in zip(queries, self.first, strict=True):
            if q.accented:
                g, t = accent_counts(q.text, ids, docs)
                good, total = good + g, total + t
        out["accent_precision"] = {
            "matching": good,
            "checked": total,
            "share": good / total if total else None,
        }
        misses = []
        for q, ids in zip(queries, self.first, strict=True):
            rr = reciprocal_rank(ids, q.relevant)
            if rr != 1.0:
                from archive.analysis import fold

                misses.append(
                    {
                        "id": q.source_id,
                        "accented": q.accented,
                        "rank": round(1 / rr) if rr else None,
                        "words": len(q.text.split()),
                        "first_words": " ".join(fold(q.text).split()[:4]),
                        "duplicates": len(q.relevant),
                    }
                )
        out["misses"] = misses
        return out


# -- main ------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--queries", type=int, default=200, help="number of queries (default 200)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--limit-docs",
        type=int,
        default=None,
        metavar="N",
        help="index only the first N records (temp subset file in bench/out)",
    )
    p.add_argument("--skip-fts5", action="store_true")
    p.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="build the indexes in DIR and keep them",
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="with --keep: reuse indexes already in DIR (build figures from DIR)",
    )
    p.add_argument(
        "--fts5-title-weight",
        type=float,
        default=1.0,
        help="bm25 weight of the FTS5 title column (body is 1.0)",
    )
    p.add_argument(
        "--sample-ms",
        type=int,
        default=250,
        help="memory sampling interval of the process tree (default 250 ms)",
    )
    p.add_argument("--out", type=Path, default=OUT / "results.json")
    return p.parse_args(argv)


def git_commit() -> str | None:
    """Short HEAD hash, with "+dirty" when archive/ or indexer/ have uncommitted changes."""
    try:

        def git(*a: str) -> str:
            return subprocess.run(
                ["git", *a], cwd=BENCH, text=True, capture_output=True, check=True
            ).stdout.strip()

        dirty = git("status", "--porcelain", "--", "../archive", "../indexer")
        return git("rev-parse", "--short", "HEAD") + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def build_all(args: argparse.Namespace, corpus: Path, work: Path) -> dict[str, Any]:
    vn_dir, fts_db, saved = work / "vnarchive", work / "fts5.sqlite", work / "build.json"
    log = work / "build.log"
    builds: dict[str, Any] = {}
    if args.reuse and saved.exists():
        builds = json.loads(saved.read_text())
        if builds.get("corpus") != str(corpus):
            builds = {}
    builds["corpus"] = str(corpus)
    if not (args.reuse and "vnarchive" in builds and vn_dir.exists()):
        shutil.rmtree(vn_dir, ignore_errors=True)
        print(f"indexing with vnarchive into {vn_dir} …", flush=True)
        builds["vnarchive"] = run_child(
            CHILD_VNARCHIVE,
            {"corpus": str(corpus), "index": str(vn_dir), "full": True},
            log,
            args.sample_ms / 1000,
        )
        builds["vnarchive"]["reused"] = False
    else:
        builds["vnarchive"]["reused"] = True
    if not args.skip_fts5:
        if not (args.reuse and "fts5" in builds and fts_db.exists()):
            print(f"indexing with FTS5 into {fts_db} …", flush=True)
            builds["fts5"] = run_child(
                CHILD_FTS5,
                {"corpus": str(corpus), "index": str(fts_db)},
                log,
                args.sample_ms / 1000,
            )
            builds["fts5"]["reused"] = False
        else:
            builds["fts5"]["reused"] = True
    saved.write_text(json.dumps(builds, indent=1))
    print("re-indexing the unchanged corpus (incremental) …", flush=True)
    builds["reindex"] = run_child(
        CHILD_VNARCHIVE,
        {"corpus": str(corpus), "index": str(vn_dir), "full": False},
        log,
        args.sample_ms / 1000,
    )
    builds["vnarchive"]["index_mb"] = dir_mb(vn_dir)
    if "fts5" in builds:
        builds["fts5"]["index_mb"] = dir_mb(fts_db)
    return builds


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from archive import Archive

    corpus = args.corpus.resolve()
    if not corpus.exists():
        sys.exit(f"corpus not found: {corpus} (give --corpus)")
    if args.limit_docs:
        corpus = subset_file(corpus, args.limit_docs)
    OUT.mkdir(parents=True, exist_ok=True)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="vnbench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    commit = git_commit()  # before the run: the library under test
    try:
        builds = build_all(args, corpus, work)

        records = list(read_records(corpus))
        queries = draw_queries(records, args.queries, args.seed)
        docs = DocWords({r["id"]: r for r in records})
        engines: list[Engine] = []
        arc = Archive.open(work / "vnarchive")

        def vn_search(text: str) -> tuple[list[str], str | None]:
            res = arc.search(text, per_page=10)
            return [h.id for h in res.hits], res.fallback

        engines.append(Engine("vnarchive", vn_search))
        fts = None
        if not args.skip_fts5:
            from fts5 import Searcher

            fts = Searcher(work / "fts5.sqlite", args.fts5_title_weight)

            def fts_search(text: str) -> tuple[list[str], str | None]:
                ids, total, _facets = fts.search(text)
                return ids, None if total else "no_match"

            engines.append(Engine("fts5", fts_search))
        print(f"querying: {len(queries)} queries, 1 warm-up + {PASSES} passes …", flush=True)
        for e in engines:
            e.run_pass(queries, record=True)  # warm-up; its results are the ones judged
        for _ in range(PASSES):
            for e in engines:  # interleaved, so background load hits both engines alike
                e.run_pass(queries, record=False)
        arc.close()
        if fts:
            fts.close()
        results = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": commit,
            "machine": {
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
                "load_avg_at_end": os.getloadavg(),
            },
            "corpus": str(corpus),
            "records": len(records),
            "queries": {
                "n": len(queries),
                "seed": args.seed,
                "folded": sum(not q.accented for q in queries),
                "accented": sum(q.accented for q in queries),
                "with_duplicate_titles": sum(len(q.relevant) > 1 for q in queries),
            },
            "builds": builds,
            "engines": {
                e.name: {**e.latency(), **e.quality(queries, docs), "fallbacks": e.fallbacks}
                for e in engines
            },
            "bench_seconds": round(time.time() - started, 1),
        }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print_table(results)
    for name, e in results["engines"].items():
        misses = e["misses"]
        print(f"\n{name}: {len(misses)} queries not at rank 1 (rank, half, first folded words):")
        for m in misses[:15]:
            half = "accented" if m["accented"] else "folded"
            print(f"  {m['rank'] or '>10':>4}  {half:8}  {m['first_words']} …")
        if len(misses) > 15:
            print(f"  … and {len(misses) - 15} more (see {args.out})")
    print(f"\nwritten to {args.out}")
    return 0


def _fmt(v: float | None, unit: str = "", digits: int = 2) -> str:
    return "—" if v is None else f"{v:.{digits}f}{unit}"


def table_rows(res: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    b, eng = res["builds"], res["engines"]
    vn, ft = eng["vnarchive"], eng.get("fts5")
    bv, bf = b["vnarchive"], b.get("fts5")
    rows: list[tuple[str, str, str, str, str, str]] = []

    def row(
        name: str,
        a: float | None,
        f: float | None,
        unit: str = "",
        digits: int = 2,
        target: str = "",
        met: bool | None = None,
    ) -> None:
        ratio = f"{a / f:.2f}×" if a is not None and f else "—"
        ok = "" if met is None else ("yes" if met else "NO")
        rows.append((name, _fmt(a, unit, digits), _fmt(f, unit, digits), ratio, target, ok))

    row("articles indexed", bv["report"]["total"], bf and bf["report"]["rows"], "", 0)
    row("index time (s)", bv["wall"], bf and bf["wall"], "", 1, "≤ 120", bv["wall"] <= 120)
    if bf:
        ratio = bv["wall"] / bf["wall"]
        row("index time ratio (×FTS5)", ratio, None, "", 1, "≤ 40", ratio <= 40)
    row(
        "peak RSS, largest process (MiB)",
        bv["peak_rss_largest_mb"],
        bf and bf["peak_rss_largest_mb"],
        "",
        0,
    )
    row(
        "peak PSS, process tree (MiB)",
        bv["peak_pss_tree_mb"],
        bf and bf["peak_pss_tree_mb"],
        "",
        0,
        "≤ 1024",
        bv["peak_pss_tree_mb"] <= 1024,
    )
    row("index size (MiB)", bv["index_mb"], bf and bf["index_mb"], "", 0)
    re_pct = 100 * b["reindex"]["wall"] / bv["wall"]
    row(
        "re-index unchanged (% of first)",
        re_pct,
        None,
        "%",
        1,
        f"≤ {REINDEX_TARGET:.0f}%",
        re_pct <= REINDEX_TARGET,
    )
    row("query p50 (ms)", vn["p50_ms"], ft and ft["p50_ms"], "", 2, "≤ 25", vn["p50_ms"] <= 25)
    row("query p95 (ms)", vn["p95_ms"], ft and ft["p95_ms"], "", 2, "≤ 100", vn["p95_ms"] <= 100)
    if vn.get("cold_p50_ms") is not None:
        row("first-pass p50 (ms)", vn["cold_p50_ms"], ft and ft.get("cold_p50_ms"), "", 2)
        row("first-pass p95 (ms)", vn["cold_p95_ms"], ft and ft.get("cold_p95_ms"), "", 2)
    for label in ("folded", "accented"):
        if label not in vn:
            continue
        s1 = vn[label]["success_at_1"]
        f1 = ft and ft[label]["success_at_1"]
        ok = s1 >= 0.97 and (f1 is None or s1 > f1) if label == "folded" else None
        row(
            f"success@1, {label}",
            100 * s1,
            f1 and 100 * f1,
            "%",
            1,
            "≥ 97%, > FTS5" if label == "folded" else "",
            ok,
        )
        row(f"MRR@10, {label}", vn[label]["mrr_at_10"], ft and ft[label]["mrr_at_10"], "", 3)
    share = vn["accent_precision"]["share"]
    fshare = ft and ft["accent_precision"]["share"]
    row(
        "accent precision (top 10)",
        share and 100 * share,
        fshare and 100 * fshare,
        "%",
        1,
        f"≥ {ACCENT_TARGET:.0f}%",
        share is not None and 100 * share >= ACCENT_TARGET,
    )
    return rows


def print_table(res: dict[str, Any]) -> None:
    rows = [("metric", "vnarchive", "FTS5", "ratio", "target", "met?"), *table_rows(res)]
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    print()
    for i, r in enumerate(rows):
        print(
            "  ".join(
                c.ljust(w) if j == 0 else c.rjust(w)
                for j, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
        if i == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    raise SystemExit(main())
