"""PostgreSQL next to Whoosh on the shared corpus: build time, query p50/p95 with facets, quality.

    python bench/pg.py [--docs N] [--queries 200] [--variants] [--skip-fts5]
                       [--out bench/out/pg.json]

Starts its own PostgreSQL 15 cluster (tests/pg_cluster.py; as ``nobody`` when run as root),
builds both engines from the same JSONL subset with ``indexer.pipeline.index_paths``
(``--full``) and the SQLite FTS5 baseline with ``bench/fts5.py``, then runs the known-item
queries of ``bench/queries.py`` against every engine, alternating: one cold pass, then 3
timed passes (figures as in ``bench/run.py``).

``--variants`` adds two more readers of the same database, each with its own snapshot:
``pg-sqlfacets`` (facets counted by ``GROUP BY`` in the database, archive/pg/facets.py)
and ``pg-unbatched`` (one statement per term lookup, as before the read-ahead).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import fts5  # noqa: E402
from queries import DocWords, draw_queries, read_records  # noqa: E402
from run import Engine, git_commit, subset_file  # noqa: E402

from archive import Archive  # noqa: E402
from archive.pg import snapshot  # noqa: E402
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
    p.add_argument("--variants", action="store_true", help="add pg-sqlfacets, pg-unbatched")
    p.add_argument("--skip-fts5", action="store_true")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vnarchive-pgbench-"))
    src = subset_file(args.corpus, args.docs) if args.docs else args.corpus
    records = list(read_records(src))
    queries = draw_queries(records, args.queries, args.seed)
    docs = DocWords({r["id"]: r for r in records})
    out: dict[str, object] = {"docs": len(records), "queries": len(queries)}
    out["commit"] = git_commit()
    out["load_before"] = os.getloadavg()
    with pg_cluster.start_pair() as pair:
        dsn = pair.primary.dsn
        builds = {}
        for name, target in (("postgresql", dsn), ("whoosh", str(work / "whoosh"))):
            t = time.perf_counter()
            report = index_paths([src], target, full=True)
            builds[name] = {"seconds": round(time.perf_counter() - t, 1), "added": report.added}
            print(name, builds[name], flush=True)
        if not args.skip_fts5:
            t = time.perf_counter()
            rows = fts5.build(src, work / "fts5.sqlite")["rows"]
            builds["fts5"] = {"seconds": round(time.perf_counter() - t, 1), "added": rows}
            print("fts5", builds["fts5"], flush=True)
        out["build"] = builds
        readers = [("postgresql", dsn, {}), ("whoosh", str(work / "whoosh"), {})]
        if args.variants:
            readers += [
                ("pg-sqlfacets", dsn, {"SQL_FACETS_FROM": 0}),
                ("pg-unbatched", dsn, {"BATCH_LOOKUPS": False}),
            ]
        engines: list[tuple[Engine, Any]] = []
        for name, target, settings in readers:
            arc = Archive.open(target)

            def search(
                text: str, arc: Archive = arc, settings: dict[str, Any] = settings
            ) -> tuple[list[str], str | None]:
                saved = {k: getattr(snapshot, k) for k in settings}
                for k, v in settings.items():
                    setattr(snapshot, k, v)
                try:
                    res = arc.search(text, per_page=10)  # facets are always counted
                finally:
                    for k, v in saved.items():
                        setattr(snapshot, k, v)
                return [h.id for h in res.hits], res.fallback

            engines.append((Engine(name, search), arc))
        if not args.skip_fts5:
            fts = fts5.Searcher(work / "fts5.sqlite")

            def fts_search(text: str) -> tuple[list[str], str | None]:
                ids, total, _facets = fts.search(text)
                return ids, None if total else "no_match"

            engines.append((Engine("fts5", fts_search), fts))
        for e, _ in engines:
            e.run_pass(queries, record=True)
        for _ in range(3):
            for e, _ in engines:
                e.run_pass(queries, record=False)
        for e, handle in engines:
            lat = e.latency()
            qual = e.quality(queries, docs)
            qual.pop("misses", None)
            if isinstance(handle, Archive):
                size = handle.stats()["index_bytes"]
            else:
                size = (work / "fts5.sqlite").stat().st_size
            out[e.name] = {"latency": lat, "quality": qual, "index_bytes": size}
            print(e.name, json.dumps(out[e.name], ensure_ascii=False), flush=True)
            handle.close()
    out["load_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
