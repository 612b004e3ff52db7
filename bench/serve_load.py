"""Serve an index with ``vnarchive serve`` on a free loopback port and run the load scenarios.

Issue 5's load runs: 8 and 32 concurrent clients for 60 s each, then 20,000 requests (at most
300 s) while the server's memory is sampled. ``make bench-load`` runs it on the index that
``make bench`` keeps in ``bench/out/full/vnarchive``.

    .venv/bin/python bench/serve_load.py bench/out/full/vnarchive
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (the sibling script)

SCENARIOS = [
    ["--clients", "8", "--seconds", "60"],
    ["--clients", "32", "--seconds", "60", "--seed", "7"],
    ["--clients", "8", "--seconds", "300", "--requests", "20000", "--seed", "11"],
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("index")
    args = ap.parse_args()
    port = free_port()
    exe = Path(sys.executable).with_name("vnarchive")
    cmd = [str(exe), "serve", "--index", args.index, "--port", str(port)]
    server = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            print("the server did not come up", file=sys.stderr)
            return 1
        worst = 0
        for scenario in SCENARIOS:
            print(f"\n$ load.py {url} {' '.join(scenario)}", flush=True)
            worst = max(worst, load.main([url, *scenario, "--server-pid", str(server.pid)]))
        return worst
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
