"""What durable commits cost: build times with and without fsync, alternating runs.

Usage: ``python bench/fsync.py CORPUS.jsonl[.gz] [--runs 3] [--limit N]``. Each build runs
in a fresh interpreter into a new index directory; ``archive.index.durable.FSYNC`` is
switched off in the child for the "off" runs. Prints each time (and the time the main
process spent inside ``os.fsync``; with ``--procs 1`` that is every fsync of the build) and
the medians.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import sys, time
from pathlib import Path
from archive.index import durable
import os
durable.FSYNC = sys.argv[1] == "on"
spent = [0.0, 0]
real_fsync = os.fsync
def fsync(fd):  # time spent in fsync by this process (worker processes not counted)
    t0 = time.perf_counter()
    real_fsync(fd)
    spent[0] += time.perf_counter() - t0
    spent[1] += 1
os.fsync = fsync
from indexer.pipeline import index_paths
procs = int(sys.argv[4]) if len(sys.argv) > 4 else None
t = time.perf_counter()
index_paths([Path(sys.argv[2])], Path(sys.argv[3]), full=True, procs=procs)
print(time.perf_counter() - t, spent[0], spent[1])
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--procs", type=int, default=0, help="writer processes (default: auto)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if args.limit:
            corpus = Path(tmp) / "subset.jsonl"
            opener = gzip.open if args.corpus.suffix == ".gz" else open
            with opener(args.corpus, "rt", encoding="utf-8") as src, open(corpus, "w") as out:
                out.writelines(itertools.islice(src, args.limit))
        times: dict[str, list[float]] = {"on": [], "off": []}
        for run in range(args.runs):
            for mode in ("on", "off") if run % 2 == 0 else ("off", "on"):
                index = Path(tmp) / f"ix-{mode}-{run}"
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, mode, str(corpus), str(index)]
                    + ([str(args.procs)] if args.procs else []),
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                times[mode].append(float(out[0]))
                print(
                    f"run {run} fsync {mode}: {float(out[0]):.1f} s "
                    f"({int(out[2])} fsyncs in the main process took {float(out[1]):.2f} s)",
                    flush=True,
                )
                subprocess.run(["rm", "-rf", str(index)], check=True)
        on, off = statistics.median(times["on"]), statistics.median(times["off"])
        print(
            json.dumps(
                {
                    "on": times["on"],
                    "off": times["off"],
                    "median_on": on,
                    "median_off": off,
                    "cost_pct": round((on / off - 1) * 100, 2),
                }
            )
        )


if __name__ == "__main__":
    main()
