"""Server-side cost of a search page against the library's own search time (issue 4).

For each query the library's ``Archive.search`` and a full ``GET /`` through the Flask app
(test client: routing, state parsing, facets, template) run on the same warm archive; the
ratio of medians is the page's overhead (target ≤ 1.5×). Also prints the page weight.

    .venv/bin/python bench/web_overhead.py bench/out/full/vnarchive
"""

from __future__ import annotations

import argparse
import statistics
import time
from urllib.parse import urlencode

from web import create_app
from web.db import get_archive

QUERIES = [
    "", "hai duong", "đường", "kinh tế", "giáo dục", "bóng đá", "Hà Nội", '"cán bộ"',
    "xay dung dang", "TP.HCM", "lũ lụt miền Trung", "duong", "nông nghiệp", "giá xăng tăng",
    "tai nan giao thong", "bệnh viện", "học sinh", "ngân hàng lãi suất", "u23 viet nam", "covid",
]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("index")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    app = create_app({"INDEX_PATH": args.index})
    client = app.test_client()
    lib, page, sizes = [], [], []
    with app.app_context():
        arc = get_archive()
        for q in QUERIES:  # warm both paths
            arc.search(q)
            client.get("/?" + urlencode({"q": q}))
        for _ in range(args.repeat):
            for q in QUERIES:
                t = time.perf_counter()
                arc.search(q)
                lib.append(time.perf_counter() - t)
                t = time.perf_counter()
                resp = client.get("/?" + urlencode({"q": q}))
                page.append(time.perf_counter() - t)
                sizes.append(len(resp.data))
        static = sum(len(client.get(f"/static/{n}").data) for n in ("style.css", "app.js"))
    lm, pm = statistics.median(lib) * 1000, statistics.median(page) * 1000
    print(
        f"library search median {lm:.2f} ms; search page median {pm:.2f} ms; "
        f"ratio {pm / lm:.2f} (target <= 1.5)"
    )
    print(
        f"page weight with CSS and JS ({static / 1024:.1f} KB): "
        f"median {(statistics.median(sizes) + static) / 1024:.1f} KB, "
        f"max {(max(sizes) + static) / 1024:.1f} KB (target <= 60 KB, without images)"
    )


if __name__ == "__main__":
    main()
