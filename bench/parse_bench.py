"""Benchmark and check the HTML parser against trafilatura.

Usage::

    .venv/bin/python bench/parse_bench.py [--pages N] [--dir SAVED_PAGES_DIR]

1. Quality: on the hand-made site-style pages in ``tests/indexer/fixtures`` it compares
   the body each extractor returns with the known article paragraphs (recall: share of
   article paragraphs found; precision: share of returned paragraphs that are article
   text — body, lead, title or a caption — rather than boilerplate).
2. Speed: it grows every fixture to ~30 KB (more paragraphs, a long menu, inline script,
   as real pages have) or reads ``--dir``'s ``*.html``, and prints pages/s on one core
   for ``parse_html`` and for ``trafilatura.extract``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.parsers.html import parse_html  # noqa: E402

FIXTURES = ROOT / "tests" / "indexer" / "fixtures"

# The article paragraphs of each fixture (their first 30 characters), written by hand.
GOLD: dict[str, list[str]] = {
    "24h_style.html": [
        "Trận đấu trên sân nhà diễn ra ",
        "Sau giờ nghỉ, huấn luyện viên ",
        "Chiến thắng giúp đội bóng vươn",
    ],
    "baomoi_broken.html": [
        "Từ 15h chiều nay, giá xăng E5 ",
        "Giá dầu diesel và dầu hỏa được",
        "Quỹ bình ổn giá tiếp tục được ",
    ],
    "dantri_style.html": [
        "Những ngày này, các vườn xoài ",
        "Ông Sáu, một nhà vườn lâu năm,",
        "Phần lớn sản lượng được các do",
    ],
    "thanhnien_style.html": [
        "Cơn mưa kéo dài từ đêm qua khi",
        "Theo đài khí tượng, lượng mưa ",
        "Lực lượng chức năng đã cắm biể",
    ],
    "tuoitre_style.html": [
        "Robot dài gần hai mét, dùng pi",
        "Trưởng nhóm cho biết chi phí c",
        "Nhóm dự định hoàn thiện phần m",
    ],
    "vietnamnet_style.html": [
        "Sáng nay, thầy cô Trường phổ t",
        "Nhà trường chuẩn bị sẵn chăn ấ",
        "Tỷ lệ học sinh đi học đầy đủ t",
    ],
    "vietnamplus_amp.html": [
        "(TTXVN/Vietnam+) Bến Tre, ngày",
        "Tỉnh đã vận hành các cống ngăn",
        "Các chuyên gia khuyến cáo nông",
    ],
    "vnexpress_style.html": [
        "Sở Giao thông Vận tải cho biết",
        "Mỗi tuyến có từ mười đến mười ",
        "Theo đơn vị vận hành, các xe đ",
        "Hành khách có thể trả tiền vé ",
    ],
}


def _units(text: str) -> list[str]:
    """Split an extractor's output into paragraphs."""
    return [" ".join(p.split()) for p in re.split(r"\n+", text or "") if p.strip()]


def score(paragraphs: list[str], gold: list[str], allowed: list[str]) -> tuple[int, int, int]:
    """Return (gold found, returned paragraphs, returned paragraphs that are article text)."""
    found = sum(any(p.startswith(g) for p in paragraphs) for g in gold)
    good = sum(
        any(p.startswith(g) for g in gold) or any(p and (p in a or a in p) for a in allowed if a)
        for p in paragraphs
    )
    return found, len(paragraphs), good


def quality() -> dict[str, tuple[float, float]]:
    """Compare parse_html and trafilatura on the fixtures; return name → (precision, recall)."""
    import trafilatura

    totals = {"parse_html": [0, 0, 0], "trafilatura": [0, 0, 0]}
    n_gold = 0
    for name, gold in GOLD.items():
        data = (FIXTURES / name).read_bytes()
        art = parse_html(data)
        allowed = [art.title, art.lead, *art.captions]
        n_gold += len(gold)
        outputs = {
            "parse_html": _units(art.body),
            "trafilatura": _units(trafilatura.extract(data.decode("utf-8")) or ""),
        }
        for tool, paras in outputs.items():
            found, returned, good = score(paras, gold, allowed)
            bad = [p[:60] for p in paras if not score([p], gold, allowed)[2]]
            missing = [g for g in gold if not any(p.startswith(g) for p in paras)]
            print(f"{tool:12} {name:24} recall {found}/{len(gold)} precision {good}/{returned}")
            for line in bad:
                print(f"{'':14}boilerplate: {line}")
            for line in missing:
                print(f"{'':14}missing:     {line}")
            for i, value in enumerate((found, returned, good)):
                totals[tool][i] += value
    result = {}
    for tool, (found, returned, good) in totals.items():
        result[tool] = (good / returned if returned else 0.0, found / n_gold)
        print(f"TOTAL {tool:12} precision {result[tool][0]:.1%} recall {result[tool][1]:.1%}")
    return result


def grow(html: str, size: int = 30_000) -> str:
    """Pad a page to about *size* bytes the way real pages are big: text, menus, scripts."""
    paras = re.findall(r"<p[^>]*>.*?</p>", html, flags=re.S)
    extra = "\n".join(paras[i % len(paras)] for i in range(12)) if paras else ""
    menu = "".join(f'<li><a href="/muc-{i}.html">Chuyên mục số {i}</a></li>' for i in range(150))
    script = "<script>var cfg = {" + ",".join(f'"k{i}": {i}' for i in range(600)) + "};</script>"
    html = html.replace("</head>", script + "</head>", 1)
    marker = paras[-1] if paras else "</body>"
    html = html.replace(marker, marker + extra, 1)
    html = html.replace("</body>", f'<div class="footer-menu"><ul>{menu}</ul></div></body>', 1)
    while len(html.encode()) < size:
        html = html.replace("</body>", f"<div class='menu'><ul>{menu}</ul></div></body>", 1)
    return html


def speed(pages: list[bytes], rounds: int) -> None:
    """Print pages/s for parse_html and trafilatura on *pages*."""
    import trafilatura

    avg_kb = sum(len(p) for p in pages) / len(pages) / 1024
    jobs = [p for _ in range(rounds) for p in pages]
    start = time.perf_counter()
    for page in jobs:
        parse_html(page)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for page in jobs:
        trafilatura.extract(page)
    theirs = time.perf_counter() - start
    print(f"{len(jobs)} pages, {avg_kb:.1f} KB average")
    print(f"parse_html:  {len(jobs) / ours:7.1f} pages/s ({ours / len(jobs) * 1000:.2f} ms/page)")
    print(
        f"trafilatura: {len(jobs) / theirs:7.1f} pages/s ({theirs / len(jobs) * 1000:.2f} ms/page)"
    )


def main() -> None:
    """Run the quality comparison and the speed benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="pages to time (default 200)")
    parser.add_argument(
        "--dir", type=Path, help="read *.html/*.htm (recursively) from here instead of fixtures"
    )
    args = parser.parse_args()
    quality()
    if args.dir:
        pages = [p.read_bytes() for p in sorted(args.dir.rglob("*.htm*"))]
    else:
        pages = [grow(p.read_text("utf-8")).encode() for p in sorted(FIXTURES.glob("*.html"))]
    if not pages:
        sys.exit("no pages to time")
    speed(pages, max(1, args.pages // len(pages)))


if __name__ == "__main__":
    main()
