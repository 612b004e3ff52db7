"""Take the README's screenshots from the sample archive (``sample_data/``).

Indexes ``sample_data`` into a temporary index, serves the web app on a free loopback port
and drives Debian's Chromium (Playwright) through the main states; writes
``docs/screenshots/{search,facets,article,phone}.png``.

    .venv/bin/python tools/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "web"))

from conftest import ARGS, CHROMIUM, serve  # noqa: E402  (the test suite's live server)

from indexer.pipeline import index_paths  # noqa: E402
from web import create_app  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        index_paths([ROOT / "sample_data"], index)
        app = create_app({"INDEX_PATH": str(index)})
        SHOTS.mkdir(parents=True, exist_ok=True)
        with serve(app) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
            page.goto(url + "/?q=" + quote("hai duong"))
            page.screenshot(path=str(SHOTS / "search.png"))
            page.goto(url + "/?topic=" + quote("Kinh tế") + "&from=2024-01-01&to=2024-12-31")
            page.screenshot(path=str(SHOTS / "facets.png"), full_page=True)
            page.goto(url + "/?q=" + quote("hai duong"))
            page.click(".hit-title a >> nth=0")
            page.wait_for_url("**/articles/**")
            page.screenshot(path=str(SHOTS / "article.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
            phone.goto(url + "/?q=" + quote("Hà Nội"))
            phone.screenshot(path=str(SHOTS / "phone.png"))
            browser.close()
    print(f"screenshots written to {SHOTS}")


if __name__ == "__main__":
    main()
