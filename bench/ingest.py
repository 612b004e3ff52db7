"""Ingestion benchmark: a folder of saved HTML pages vs the same articles as JSONL.

Target (issue 3): indexing the HTML folder takes at most 1.5x the time of the JSONL file.
Pages are generated from corpus records in a news-site layout with the usual boilerplate
(menus, related links, comments, scripts), about 30 KB each; they are written under
bench/out/ (git-ignored) and never committed. Each build runs in a fresh index, in a
child process, and the median of ``--repeat`` runs is reported.

    .venv/bin/python bench/ingest.py --docs 2000
"""

from __future__ import annotations

import argparse
import gzip
import html
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "articles.jsonl.gz"
OUT = ROOT / "bench" / "out" / "ingest"

BOILER = "".join(
    f'<li><a href="/muc-{i}.html">Chuyên mục số {i} với tiêu đề dài để giống trang thật</a></li>'
    for i in range(60)
)
COMMENTS = "".join(
    f'<div class="comment-item"><b>Bạn đọc {i}</b><p>Ý kiến bình luận số {i} của bạn đọc.</p></div>'
    for i in range(25)
)
SCRIPT = "<script>" + "var x=1;" * 800 + "</script>"


def page(rec: dict) -> str:
    title = html.escape(rec["title"])
    paras = [p for p in rec["text"].split("\n") if p.strip()]
    lead = html.escape(paras[0] if paras else "")
    body = "".join(f'<p class="Normal">{html.escape(p)}</p>' for p in paras[1:])
    date = rec.get("date") or "2017-06-01T08:00:00+07:00"
    url = f"https://vnexpress.net/{rec['id']}.html"
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>{title} - VnExpress</title><meta property="og:title" content="{title}">
<meta property="og:site_name" content="VnExpress"><meta name="description" content="{lead}">
<meta property="article:published_time" content="{date}">
<meta property="article:section" content="Thời sự">
<link rel="canonical" href="{url}">{SCRIPT}<style>.a{{color:red}}</style></head>
<body><header><nav><ul class="menu">{BOILER}</ul></nav></header>
<ul class="breadcrumb"><li><a href="/">Trang chủ</a></li>
<li><a href="/thoi-su">Thời sự</a></li></ul>
<section class="sidebar"><h3>Đọc nhiều</h3><ul>{BOILER}</ul></section>
<article class="fck_detail"><h1 class="title-detail">{title}</h1>
<p class="description">{lead}</p>{body}</article>
<div class="box-tinlienquan"><h3>Tin liên quan</h3><ul>{BOILER[:3000]}</ul></div>
<section id="box_comment"><h3>Bình luận</h3>{COMMENTS}</section>
<footer><ul>{BOILER}</ul></footer></body></html>"""


def prepare(docs: int) -> tuple[Path, Path]:
    if OUT.exists():
        shutil.rmtree(OUT)
    folder = OUT / "html"
    folder.mkdir(parents=True)
    jsonl = OUT / "articles.jsonl"
    src = gzip.open(CORPUS, "rt", encoding="utf-8")
    with src, open(jsonl, "w", encoding="utf-8") as out:
        for rec in itertools.islice(src, docs):
            obj = json.loads(rec)
            paras = [p for p in obj["text"].split("\n") if p.strip()]
            row = {
                "id": f"https://vnexpress.net/{obj['id']}.html",
                "title": obj["title"],
                "lead": paras[0] if paras else "",
                "text": "\n\n".join(paras[1:]) or (paras[0] if paras else ""),
                "date": obj.get("date") or "2017-06-01T08:00:00+07:00",
                "topic": "Thời sự",
                "source": "VnExpress",
                "url": f"https://vnexpress.net/{obj['id']}.html",
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            (folder / f"{obj['id']}.html").write_text(page(obj), encoding="utf-8")
    return folder, jsonl


def timed_index(path: Path, procs: int | None) -> float:
    index = OUT / "index"
    shutil.rmtree(index, ignore_errors=True)
    cmd = [sys.executable, "-m", "indexer.cli", "index", str(path), "--index", str(index), "--json"]
    if procs:
        cmd += ["--procs", str(procs)]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    report = json.loads(proc.stdout)
    if report["failed"]:
        print("failed:", report["failed"][:3], file=sys.stderr)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--procs", type=int, default=None)
    args = ap.parse_args()
    folder, jsonl = prepare(args.docs)
    size = sum(p.stat().st_size for p in folder.iterdir()) / args.docs / 1024
    print(f"{args.docs} articles; HTML pages average {size:.0f} KB")
    html_t, jsonl_t = [], []
    for _ in range(args.repeat):
        jsonl_t.append(timed_index(jsonl, args.procs))
        html_t.append(timed_index(folder, args.procs))
    h, j = statistics.median(html_t), statistics.median(jsonl_t)
    print(f"JSONL  median {j:6.1f} s  runs {[round(x, 1) for x in jsonl_t]}")
    print(f"HTML   median {h:6.1f} s  runs {[round(x, 1) for x in html_t]}")
    print(f"ratio HTML/JSONL {h / j:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
