"""Browser tests: headless Debian Chromium through Playwright, against a live server.

Without Chromium (``$CHROMIUM``, else /usr/bin/chromium) they fail, never skip: ``make
test`` installs it first (``tools/ensure-deps``). Screenshots of the main states go to a
scratch folder (``$VNARCHIVE_SCREENSHOTS``). The ``live_url`` and ``browser`` fixtures are
in conftest.py (test_browser_safety.py shares them).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Screenshots of the test states go to a scratch folder (the README's come from the sample
# archive: tools/screenshots.py); set VNARCHIVE_SCREENSHOTS to keep them elsewhere.
SHOTS = Path(
    os.environ.get("VNARCHIVE_SCREENSHOTS") or Path(tempfile.gettempdir()) / "vnarchive-shots"
)

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    context.close()
    assert errors == [], errors  # no console errors (CSP violations included)


def test_search_facet_sort_page_article(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    page.fill("#q", "duong")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=duong")
    assert "cho «duong»" in page.inner_text("#result-line")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search.png"), full_page=False)

    page.click('.facet-topic a:has-text("Kinh tế")')
    page.wait_for_url("**topic=Kinh*")
    assert page.get_attribute('.facet-topic a:has-text("Kinh tế")', "aria-current") == "true"
    page.click('.histogram a:has-text("2023")')
    page.wait_for_url("**from=2023-01-01**")
    assert page.locator(".chip").count() >= 3
    page.screenshot(path=str(SHOTS / "facets.png"), full_page=True)

    page.click(".chip-clear")
    page.click('nav.sort a:has-text("Mới nhất")')
    page.wait_for_url("**sort=newest")
    page.click('a[rel="next"]')
    page.wait_for_url("**page=2")
    assert page.inner_text("#result-line").startswith("Kết quả 11–")

    title = page.inner_text(".hit-title a >> nth=0")
    page.click(".hit-title a >> nth=0")
    page.wait_for_url("**/articles/**")
    assert page.inner_text("h1") == title
    assert page.locator("article mark").count() >= 1
    page.goto(live_url + "/articles/bai-03?hl=%C4%91%C6%B0%E1%BB%9Dng")
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)


def test_phone_layout(browser: Any, live_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    pg.goto(live_url + "/?q=duong")
    assert pg.evaluate("document.getElementById('filters').open") is False
    summary = pg.locator("#filters > summary")
    assert summary.is_visible() and summary.inner_text().startswith("Bộ lọc")
    assert not pg.locator(".facet-topic").is_visible()
    hits_y = pg.locator(".hits").bounding_box()["y"]
    assert hits_y < summary.bounding_box()["y"]
    pg.screenshot(path=str(SHOTS / "phone.png"), full_page=False)
    pg.click(".filters-jump")
    assert pg.locator(".facet-topic").is_visible()
    context.close()


def test_province_filter_box(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    box = page.locator("#province-filter")
    assert box.is_visible()
    box.fill("hai")
    visible = page.locator(".facet-province li:not(.hidden-by-filter) .v").all_inner_texts()
    assert set(visible) == {"Hải Dương", "Hải Phòng"}


def test_accessibility_basics(page: Any, live_url: str) -> None:
    for url in ["/?q=duong", "/articles/bai-01?hl=duong", "/?q=zzzz"]:
        page.goto(live_url + url)
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                 .map(el => el.outerHTML)"""
        )
        assert unlabelled == [], url
        levels = page.evaluate(
            "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
        )
        assert levels.count(1) == 1 and levels[0] == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


def test_keyboard_reaches_search_box_then_results_with_visible_focus(
    page: Any, live_url: str
) -> None:
    page.goto(live_url + "/?q=duong")
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                 return {id: el.id, cls: el.className, hit: !!el.closest('.hit'),
                         outline: s.outlineStyle, width: s.outlineWidth}; }"""
        )
        assert info["outline"] != "none" and info["width"] != "0px", info
        order.append(info)
        if info["hit"]:
            break
    assert order[0]["cls"] == "skip-link"
    ids = [o["id"] for o in order]
    assert "q" in ids and order[-1]["hit"] and ids.index("q") < len(order) - 1
    # the skip link jumps straight to the results
    page.goto(live_url + "/?q=duong")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#results"
