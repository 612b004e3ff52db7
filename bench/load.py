"""Load a running vnarchive server with concurrent clients for a bounded time.

    python bench/load.py http://127.0.0.1:8000 --clients 8 --seconds 10

Each client (a thread with urllib) requests search pages with varied queries, facets,
dates, sorts and pages, plus some API calls. Prints requests/s, p50/p99 latency and errors.
Only loopback URLs are accepted: this is a local benchmark, not a tool to load other hosts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

QUERIES = [
    "", "hai duong", "đường", "kinh tế", "giáo dục", "bóng đá", "covid", "Hà Nội",
    '"cán bộ"', "xay dung dang", "TP.HCM", "lũ lụt miền Trung", "duong", "nông nghiệp",
]  # fmt: skip
TOPICS = ["Thời sự", "Kinh tế", "Giáo dục", "Thể thao", "Xã hội"]
PROVINCES = ["Hà Nội", "Hải Dương", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Nghệ An", "Cần Thơ"]
WORDS = [
    "tăng", "giá", "xăng", "học sinh", "bệnh viện", "tai nạn", "giao thông", "mưa", "bão",
    "xuất khẩu", "gạo", "cà phê", "đầu tư", "ngân hàng", "lãi suất", "chung cư", "đất",
    "tham nhũng", "khởi tố", "công an", "bắt giữ", "trận đấu", "U23", "World Cup", "ca sĩ",
    "phim", "du lịch", "biển", "nong thon", "thanh nien", "viec lam", "luong", "thue",
    "cong nghe", "dien thoai", "internet", "o nhiem", "rac thai", "nuoc sach", "y te",
]  # fmt: skip
MAX_SECONDS = 300
MAX_CLIENTS = 64


def random_path(rng: random.Random) -> str:
    """A varied request: mostly search pages, some with facets, dates, sorts and pages."""
    params: list[tuple[str, str]] = []
    if rng.random() < 0.5:
        q = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
    else:
        q = rng.choice(QUERIES)
    if q:
        params.append(("q", q))
    if rng.random() < 0.4:
        params.append(("topic", rng.choice(TOPICS)))
    if rng.random() < 0.3:
        params += [("province", p) for p in rng.sample(PROVINCES, rng.randint(1, 2))]
    if rng.random() < 0.2:
        year = rng.randint(2018, 2025)
        params += [("from", f"{year}-01-01"), ("to", f"{year}-12-31")]
    if rng.random() < 0.3:
        params.append(("sort", rng.choice(["newest", "oldest"])))
    if rng.random() < 0.2:
        params.append(("page", str(rng.randint(2, 5))))
    base = "/api/search" if rng.random() < 0.2 else "/"
    return base + ("?" + urlencode(params) if params else "")


def client(
    base: str, deadline: float, seed: int, out: list[float], errors: list[str], budget: list[int]
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1  # a shared request budget (racy by a few requests: fine)
        url = base + random_path(rng)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                resp.read()
            out.append(time.perf_counter() - start)
        except (urllib.error.URLError, OSError) as e:
            errors.append(f"{url}: {e}")


def sample_rss(
    pid: int, times: list[list[float]], out: list[tuple[int, int]], done: threading.Event
) -> None:
    """Record (requests completed, VmRSS in kB) of the server once a second."""
    while not done.wait(1.0):
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as fh:
                kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        except (OSError, StopIteration, ValueError):
            return
        out.append((sum(len(t) for t in times), kb))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("url", help="base URL of a running server, e.g. http://127.0.0.1:8000")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=10**9, help="stop after this many requests")
    ap.add_argument(
        "--server-pid",
        type=int,
        default=None,
        help="sample this server process's resident memory once a second",
    )
    args = ap.parse_args(argv)
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        ap.error("only loopback servers (127.0.0.1, localhost, ::1)")
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        ap.error(f"clients 1..{MAX_CLIENTS}, seconds up to {MAX_SECONDS}")
    base = args.url.rstrip("/")
    times: list[list[float]] = [[] for _ in range(args.clients)]
    errors: list[str] = []
    deadline = time.monotonic() + args.seconds
    budget = [args.requests]
    started = time.perf_counter()
    threads = [
        threading.Thread(
            target=client, args=(base, deadline, args.seed + i, times[i], errors, budget)
        )
        for i in range(args.clients)
    ]
    rss: list[tuple[int, int]] = []  # (requests done, RSS kB)
    done = threading.Event()
    if args.server_pid:
        sampler = threading.Thread(
            target=sample_rss, args=(args.server_pid, times, rss, done), daemon=True
        )
        sampler.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    elapsed = time.perf_counter() - started
    lat = sorted(x for ts in times for x in ts)
    if not lat:
        print(f"no successful requests; {len(errors)} errors", file=sys.stderr)
        for e in errors[:5]:
            print("  " + e, file=sys.stderr)
        return 1
    p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))]
    print(f"clients   {args.clients}   seconds {elapsed:.1f}")
    print(f"requests  {len(lat)}   {len(lat) / elapsed:.1f} req/s")
    print(f"latency   p50 {statistics.median(lat) * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms")
    print(f"errors    {len(errors)}")
    if len(rss) >= 2:
        # memory after the first tenth of the requests (caches filled) vs at the end
        total = rss[-1][0]
        early = next((kb for n, kb in rss if n >= total // 10), rss[0][1])
        growth = 100 * (rss[-1][1] - early) / early
        print(
            f"server RSS {early / 1024:.0f} MiB after {total // 10} requests, "
            f"{rss[-1][1] / 1024:.0f} MiB after {total} (growth {growth:+.1f}%), "
            f"max {max(kb for _, kb in rss) / 1024:.0f} MiB"
        )
    for e in errors[:5]:
        print("  " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
