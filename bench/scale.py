"""Scale benchmark: vnarchive and SQLite FTS5 on N× synthetic copies of the corpus.

    python bench/scale.py --sizes 1,3,10,30 --out bench/out/scale --engines vnarchive,fts5

Per size factor N: a synthetic archive of N× the corpus (``synthetic.jsonl.gz``, written once
and reused), built with each engine in a subprocess under ``/usr/bin/time -v`` (wall time,
peak RSS of the largest process, index size), then a fixed set of title-fragment queries in
a fresh process per engine: a first pass on the just-opened index, a second (warm) pass, and
the serving RSS after it. Every (size, engine, step) result is saved as JSON in the out dir
as soon as it is measured; a re-run skips what is saved (``--redo`` measures again). Ends
with a Markdown table (``scale.md``) of every size measured in the out dir. A fractional N
(``--sizes 0.05``) is a deterministic subset of the corpus. See bench/README.md, "Scale".
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]

from archive.gazetteer import provinces_at  # noqa: E402
from bench.queries import draw_queries, read_records  # noqa: E402
from bench.run import CHILD_FTS5, TreeSampler, dir_mb, git_commit, pct  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
ENGINES = ("vnarchive", "fts5")
VN_TZ = timezone(timedelta(hours=7))
DATE_FROM = datetime(2000, 1, 1, tzinfo=VN_TZ)
DATE_SPAN = int((datetime(2026, 12, 1, tzinfo=VN_TZ) - DATE_FROM).total_seconds())
NO_TOPIC, NO_PROVINCE = 10, 4  # 1 record in 10 has no topic; 1 in 4 no province key
FRAGMENT_WORDS = 3

# -- synthetic archive -----------------------------------------------------------------------


def _h(*parts: object) -> int:
    """A stable 64-bit hash of ``parts`` (not Python's salted ``hash``)."""
    data = "\x1f".join(map(str, parts)).encode()
    return int.from_bytes(hashlib.sha1(data).digest()[:8], "big")


def in_copy(record_id: str, k: int, size: float) -> bool:
    """Whether copy ``k`` of a record belongs to an archive of ``size``× the corpus.

    The whole copies hold every record; the last, partial one the records whose hash falls
    under the fraction (the same records at every size with that fraction).
    """
    whole = int(size)
    return k < whole or (k == whole and _h("subset", record_id) / 2**64 < size - whole)


def synth_record(r: dict[str, Any], k: int, topics: list[str]) -> dict[str, Any]:
    """Copy ``k`` of a corpus record: new id, paragraphs rotated by k, date/topic/province spread.

    Dates fall between 2000-01-01 and 2026-12-01 (+07:00), deterministic from the new id; the
    province is one in force on that date, and is left out for one record in 4 (the indexer
    then looks for a place in the text, as for the corpus records).
    """
    new_id = f"{r['id']}~{k}"
    out = dict(r, id=new_id)
    paras = [p for p in (r.get("text") or "").split("\n") if p.strip()]
    if paras and k % len(paras):
        j = k % len(paras)
        paras = paras[j:] + paras[:j]
        out["text"] = "\n".join(paras)
        if r.get("sapo"):  # baomoi: text = sapo + body, so the lead stays the first paragraph
            out["sapo"] = paras[0]
    when = DATE_FROM + timedelta(seconds=_h("date", new_id) % DATE_SPAN)
    out["date"] = when.isoformat()
    t = _h("topic", new_id)
    out["topic"] = topics[t // NO_TOPIC % len(topics)] if topics and t % NO_TOPIC else None
    p = _h("province", new_id)
    out.pop("province", None)
    if p % NO_PROVINCE:
        names = provinces_at(when)
        out["province"] = names[p // NO_PROVINCE % len(names)]
    return out


@lru_cache(maxsize=2)
def corpus_topics(corpus: Path) -> list[str]:
    """The topic names of the whole corpus (the synthetic records draw theirs from these)."""
    return sorted({r["topic"] for r in read_records(corpus) if r.get("topic")})


def generate(corpus: Path, size: float, dest: Path, limit: int | None = None) -> dict[str, Any]:
    """Write the synthetic archive of ``size``× the corpus (its first ``limit`` records).

    Copy-major order (all of copy 0, then copy 1 …); gzip with no name and mtime 0, so the
    bytes are the same on every run. Topics are drawn from the whole corpus's topic names.
    Written to a temporary name and renamed, so a file at ``dest`` is whole.
    :return: ``{"records": n, "copies": c, "bytes": b}``
    """
    topics = corpus_topics(corpus)
    n = 0
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    copies = int(size) + (size > int(size))
    with open(part, "wb") as raw, gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as gz:
        for k in range(copies):
            for r in read_records(corpus, limit):
                if in_copy(r["id"], k, size):
                    rec = synth_record(r, k, topics)
                    gz.write((json.dumps(rec, ensure_ascii=False) + "\n").encode())
                    n += 1
    part.replace(dest)
    return {"records": n, "copies": copies, "bytes": dest.stat().st_size}


# -- queries ---------------------------------------------------------------------------------


def query_set(corpus: Path, n: int, seed: int) -> list[str]:
    """``n`` title fragments drawn as bench/run.py draws its titles (half folded, half accented).

    Drawn from the whole corpus, so every size runs the same queries; each is a window of
    ``FRAGMENT_WORDS`` words of the title at a seeded position.
    """
    slim = [
        {"id": r["id"], "title": r.get("title") or "", "text": "x" if r.get("text") else ""}
        for r in read_records(corpus)
    ]
    rng = random.Random(seed)
    out = []
    for q in draw_queries(slim, n, seed):
        words = re.findall(r"\w+", q.text)
        i = rng.randrange(max(1, len(words) - FRAGMENT_WORDS + 1))
        out.append(" ".join(words[i : i + FRAGMENT_WORDS]))
    return out


CHILD_QUERY = """
import json, sys, time
from pathlib import Path
a = json.loads(sys.stdin.read())
t = time.perf_counter()
if a["engine"] == "vnarchive":
    from archive import Archive
    arc = Archive.open(a["index"])
    def one(q):
        return arc.search(q, per_page=10).total  # facets are always counted
else:
    sys.path.insert(0, a["bench"])
    from fts5 import Searcher
    arc = Searcher(Path(a["index"]))
    def one(q):
        return arc.search(q)[1]  # top 10, count and the three facet GROUP BYs
open_s = time.perf_counter() - t
passes, totals = [], []
for _ in range(2):
    times = []
    for q in a["queries"]:
        t = time.perf_counter()
        totals.append(one(q))
        times.append((time.perf_counter() - t) * 1000)
    passes.append(times)
status = dict(l.split(":", 1) for l in open("/proc/self/status") if ":" in l)
rss = {k: int(status[k].split()[0]) for k in ("VmRSS", "VmHWM", "RssAnon", "RssFile")}
arc.close()
print(json.dumps({"open_s": open_s, "passes_ms": passes, "totals": totals[: len(a["queries"])],
                  "rss_kb": rss["VmRSS"], "hwm_kb": rss["VmHWM"],
                  "anon_kb": rss["RssAnon"], "file_kb": rss["RssFile"]}))
"""

# -- steps -----------------------------------------------------------------------------------

VN_CLI = "import sys; sys.argv[0] = 'vnarchive'; from indexer.cli import main; main()"


def _time_v(stderr: str) -> dict[str, float]:
    """Wall seconds and max RSS (MiB) from the report of ``/usr/bin/time -v``."""
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    if not wall or not rss:
        raise RuntimeError("no /usr/bin/time -v report in:\n" + stderr[-2000:])
    h, m, s = wall.groups()
    return {
        "wall_s": int(h or 0) * 3600 + int(m) * 60 + float(s),
        "peak_rss_mb": int(rss[1]) / 1024,
    }


def build(engine: str, src: Path, index: Path, log: Path) -> dict[str, Any]:
    """Build one engine's index of ``src`` in a subprocess under ``/usr/bin/time -v``."""
    if engine == "vnarchive":
        shutil.rmtree(index, ignore_errors=True)
        cmd = [sys.executable, "-c", VN_CLI, "index", str(src), "--index", str(index)]
        cmd += ["--full", "--json"]
    else:
        index.unlink(missing_ok=True)
        spec = json.dumps({"corpus": str(src), "index": str(index)})
        cmd = [sys.executable, "-c", CHILD_FTS5, spec, str(BENCH)]
    proc = subprocess.Popen(
        ["/usr/bin/time", "-v", *cmd],
        cwd=ROOT,  # cwd is first on sys.path for `-c`: this checkout's code is the one measured
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    sampler.stop.set()
    sampler.join()
    with open(log, "a") as fh:
        fh.write(f"$ {engine} build {src}\n{err}\n")
    try:  # vnarchive --json prints one indented object; the FTS5 child one line
        report = json.loads(out)
    except ValueError as exc:
        raise RuntimeError(f"{engine} build failed (exit {proc.returncode}); see {log}") from exc
    if engine == "fts5":
        report = {"inner_wall_s": report.get("wall"), **report.get("report", {})}
    if proc.returncode != 0 and not report.get("total"):  # exit 1 = some records failed
        raise RuntimeError(f"{engine} build failed (exit {proc.returncode}); see {log}")
    return {
        **_time_v(err),
        "peak_pss_tree_mb": sampler.peak_pss / 1024,
        "index_mb": dir_mb(index),
        "articles": report.get("added", report.get("rows")),
        "failed": len(report.get("failed") or []),
        "report": report,
        "load_avg": os.getloadavg(),
    }


def query(engine: str, index: Path, queries: list[str]) -> dict[str, Any]:
    """Run the query set twice in a fresh process on ``index``; p50/p95 of each pass."""
    args = {"engine": engine, "index": str(index), "bench": str(BENCH), "queries": queries}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD_QUERY],
        cwd=ROOT,
        input=json.dumps(args),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} queries failed:\n{proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    first, warm = res.pop("passes_ms")
    return {
        "open_s": res["open_s"],
        "first_p50_ms": pct(first, 50),
        "first_p95_ms": pct(first, 95),
        "warm_p50_ms": pct(warm, 50),
        "warm_p95_ms": pct(warm, 95),
        "serving_rss_mb": res["rss_kb"] / 1024,
        "serving_hwm_mb": res["hwm_kb"] / 1024,
        # private memory vs pages of the memory-mapped index files (shared, reclaimable)
        "serving_anon_mb": res.get("anon_kb", 0) / 1024,
        "serving_file_mb": res.get("file_kb", 0) / 1024,
        "mean_matches": sum(res["totals"]) / len(res["totals"]),
        "load_avg": os.getloadavg(),
    }


# -- driver ----------------------------------------------------------------------------------


def label(size: float) -> str:
    return f"{size:g}"


def saved_step(path: Path, redo: bool, **need: Any) -> dict[str, Any] | None:
    """The saved result at ``path`` if it is there, not redone, and matches ``need``."""
    if redo or not path.exists():
        return None
    res = json.loads(path.read_text())
    return res if all(res.get(k) == v for k, v in need.items()) else None


def save(path: Path, res: dict[str, Any]) -> dict[str, Any]:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(res, indent=1, ensure_ascii=False))
    tmp.replace(path)
    return res


def run_size(size: float, args: argparse.Namespace, queries: list[str]) -> None:
    """Generate, build and query one size, each step unless its result is saved."""
    d = args.out / f"size-{label(size)}"
    d.mkdir(parents=True, exist_ok=True)
    src = d / "synthetic.jsonl.gz"
    meta = d / "synthetic.json"
    if saved_step(meta, False, size=size) is None or not src.exists():
        print(f"[{label(size)}×] writing {src} …", flush=True)
        t = time.perf_counter()
        info = generate(args.corpus, size, src)
        save(meta, {"size": size, **info, "seconds": time.perf_counter() - t})
    qkey = hashlib.sha1("\n".join(queries).encode()).hexdigest()[:12]
    for engine in args.engines:
        index = d / ("vnarchive" if engine == "vnarchive" else "fts5.sqlite")
        bpath, qpath = d / f"{engine}-build.json", d / f"{engine}-query.json"
        b = saved_step(bpath, args.redo, size=size) if index.exists() else None
        if b is None:
            print(f"[{label(size)}×] {engine}: building …", flush=True)
            started = {"size": size, "commit": git_commit(), "started": _now()}
            b = build(engine, src, index, d / "build.log")
            save(bpath, {**started, "date": _now(), **b})
            qpath.unlink(missing_ok=True)  # a new index: its queries are measured again
            print(f"[{label(size)}×] {engine}: built in {b['wall_s']:.1f} s", flush=True)
        q = saved_step(qpath, args.redo, size=size, queries_key=qkey)
        if q is None:
            print(f"[{label(size)}×] {engine}: {len(queries)} queries × 2 passes …", flush=True)
            q = query(engine, index, queries)
            q = save(qpath, {"size": size, "queries_key": qkey, "date": _now(), **q})


def saved_results(out: Path) -> dict[str, dict[str, Any]]:
    """Every size measured in ``out`` (this run's and earlier ones), smallest first."""
    results: dict[str, dict[str, Any]] = {}
    dirs = sorted(out.glob("size-*"), key=lambda d: float(d.name.removeprefix("size-")))
    for d in dirs:
        res = {
            engine: {
                "build": json.loads((d / f"{engine}-build.json").read_text()),
                "query": json.loads((d / f"{engine}-query.json").read_text()),
            }
            for engine in ENGINES
            if (d / f"{engine}-build.json").exists() and (d / f"{engine}-query.json").exists()
        }
        if res:
            results[d.name.removeprefix("size-")] = res
    return results


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "—"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.1f}×"


def table(results: dict[str, dict[str, Any]]) -> str:
    """Markdown: one row per size and engine; ratios are vnarchive / FTS5 of the same size."""
    head = (
        "| size | articles | engine | build (s) | × FTS5 | peak RSS (MB) | index (MB) "
        "| first p50 / p95 (ms) | × FTS5 | warm p50 / p95 (ms) | × FTS5 "
        "| serving RSS: anon + file (MB) |"
    )
    lines = [head, "|" + "---|" * 3 + "---:|" * 9]
    for size, res in results.items():
        base = res.get("fts5")
        for engine in ENGINES:
            if engine not in res:
                continue
            b, q = res[engine]["build"], res[engine]["query"]
            fb = fq = None
            if engine != "fts5" and base is not None:
                fb, fq = base["build"], base["query"]

            def r(key: str, mine: dict[str, Any], ref: dict[str, Any] | None) -> str:
                return _ratio(mine[key], ref[key]) if ref else "—"

            lines.append(
                f"| {size}× | {b['articles']:,} | {engine} | {b['wall_s']:.1f} "
                f"| {r('wall_s', b, fb)} | {b['peak_rss_mb']:.0f} | {b['index_mb']:.0f} "
                f"| {q['first_p50_ms']:.1f} / {q['first_p95_ms']:.1f} "
                f"| {r('first_p50_ms', q, fq)} / {r('first_p95_ms', q, fq)} "
                f"| {q['warm_p50_ms']:.1f} / {q['warm_p95_ms']:.1f} "
                f"| {r('warm_p50_ms', q, fq)} / {r('warm_p95_ms', q, fq)} "
                f"| {q['serving_rss_mb']:.0f} ({q.get('serving_anon_mb', 0):.0f} + "
                f"{q.get('serving_file_mb', 0):.0f}) |"
            )
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1,3,10,30", help="size factors, e.g. 0.05 or 1,3,10,30")
    p.add_argument("--engines", default="vnarchive,fts5", help="vnarchive,fts5 or one of them")
    p.add_argument("--out", type=Path, default=BENCH / "out" / "scale")
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--queries", type=int, default=100, help="title fragments (default 100)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--redo", action="store_true", help="measure again what is saved")
    args = p.parse_args(argv)
    args.sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if bad := [e for e in args.engines if e not in ENGINES] + [s for s in args.sizes if s <= 0]:
        p.error(f"unknown engine or size: {bad}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (give --corpus)")
    args.out.mkdir(parents=True, exist_ok=True)
    queries = query_set(args.corpus, args.queries, args.seed)
    for size in args.sizes:
        run_size(size, args, queries)
    md = table(saved_results(args.out))
    (args.out / "scale.md").write_text(md)
    print("\n" + md + f"\nwritten to {args.out / 'scale.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
