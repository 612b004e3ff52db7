"""PostgreSQL next to Whoosh on the shared corpus: build time, query p50/p95 with facets, quality.

    python bench/pg.py [--docs N] [--queries 200] [--out bench/out/pg.json]

Starts its own PostgreSQL 15 cluster (tests/pg_cluster.py; as ``nobody`` when run as root),
builds both engines from the same JSONL subset with ``indexer.pipeline.index_paths``
(``--full``), then runs the known-item queries of ``bench/queries.py`` against both,
alternating: one cold pass, then 3 timed passes (figures as in ``bench/run.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from queries import DocWords, draw_queries, read_records  # noqa: E402
from run import Engine, subset_file  # noqa: E402

from archive import Archive  # noqa: E402
from indexer.pipeline import index_paths  # noqa: E402
from tests import pg_cluster  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus" / "articles.jsonl.gz"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=None, help="first N records (default: all)")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--out", type=Path, default=HERE / "out" / "pg.json")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vnarchive-pgbench-"))
    src = subset_file(args.corpus, args.docs) if args.docs else args.corpus
    records = list(read_records(src))
    queries = draw_queries(records, args.queries, args.seed)
    docs = DocWords({r["id"]: r for r in records})
    out: dict[str, object] = {"docs": len(records), "queries": len(queries)}
    with pg_cluster.start_pair() as pair:
        dsn = pair.primary.dsn
        builds = {}
        for name, target in (("postgresql", dsn), ("whoosh", str(work / "whoosh"))):
            t = time.perf_counter()
            report = index_paths([src], target, full=True)
            builds[name] = {"seconds": round(time.perf_counter() - t, 1), "added": report.added}
            print(name, builds[name], flush=True)
        out["build"] = builds
        engines = []
        for name, target in (("postgresql", dsn), ("whoosh", str(work / "whoosh"))):
            arc = Archive.open(target)

            def search(text: str, arc: Archive = arc) -> tuple[list[str], str | None]:
                res = arc.search(text, per_page=10)  # facets are always counted
                return [h.id for h in res.hits], res.fallback

            engines.append((Engine(name, search), arc))
        for e, _ in engines:
            e.run_pass(queries, record=True)
        for _ in range(3):
            for e, _ in engines:
                e.run_pass(queries, record=False)
        for e, arc in engines:
            lat = e.latency()
            qual = e.quality(queries, docs)
            qual.pop("misses", None)
            size = arc.stats()["index_bytes"]
            out[e.name] = {"latency": lat, "quality": qual, "index_bytes": size}
            print(e.name, json.dumps(out[e.name], ensure_ascii=False), flush=True)
            arc.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
