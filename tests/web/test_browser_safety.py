"""Nothing runs in a reader's browser: hostile articles, queries and highlights in Chromium.

Every payload calls ``alert(...)`` or ``console.log("PWNED")``. Headless Debian Chromium
visits the search page, the article pages, the Atom feed, the CSV download and the
suggestion link, with ``dialog`` and ``console`` listeners: no dialog may open and no
"PWNED" may be logged. Pages are visited twice: with the app's Content-Security-Policy, and
with CSP bypassed (``bypass_csp``) so that escaping alone is shown to hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask

from archive import Article
from archive.models import VN_TZ
from tests.web.conftest import build_index, serve
from web import create_app

pytestmark = pytest.mark.browser

PAYLOADS = [
    '<script>console.log("PWNED")</script>',
    '<img src=x onerror=alert("img")>',
    '<svg onload=alert("svg")>',
    '</mark><script>alert("mark")</script><mark>',
    '"><script>console.log("PWNED")</script>',
    "'><img src=x onerror=console.log('PWNED')>",
    '<a href="javascript:alert(1)" onclick="alert(2)">bấm</a>',
    '<iframe srcdoc="<script>parent.alert(3)</script>"></iframe>',
    '<details open ontoggle=alert("toggle")>x</details>',
    '<object data="data:text/html,<script>alert(4)</script>"></object>',
    '<math><a xlink:href="javascript:alert(5)">m</a></math>',
    "javascript:alert(6)",
    "data:text/html,<script>alert(7)</script>",
    "{{7*7}}${alert(8)}",
]
BAD_URLS = [
    "javascript:alert('url')",
    " JaVaScRiPt:console.log('PWNED')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert('url')</script>",
    "vbscript:msgbox(1)",
    "https://ok.example/\" onmouseover=\"alert('q')",
]


def _evil(i: int, payload: str) -> Article:
    """An article with ``payload`` in every text field, around searchable words."""
    words = f"đường mark {payload} đường"
    return Article(
        id=f"evil-{i}/{payload}" if i % 2 else f"evil-{i}",
        title=f"Tin xấu {i} {words}",
        lead=f"Mở đầu {words}",
        body=f"Thân bài {words}.\n\nĐoạn hai {payload} mark.",
        topic=f"Chủ đề {payload}",
        province=f"Tỉnh {payload}" if i % 3 else "Hải Dương",
        date=datetime(2024, 1 + i % 12, 1 + i, tzinfo=VN_TZ),
        author=f"Tác giả {payload}",
        source=f"Nguồn {payload}",
        url=BAD_URLS[i % len(BAD_URLS)],
        captions=[f"Ảnh {payload}", payload],
    )


EVIL = [_evil(i, p) for i, p in enumerate(PAYLOADS)]
PLAIN = Article(
    id="hai-duong",
    title="Tin Hải Dương hôm nay",
    body="Tỉnh Hải Dương có đường mới.",
    province="Hải Dương",
    topic="Thời sự",
    date=datetime(2024, 5, 5, tzinfo=VN_TZ),
    url="https://example.vn/hai-duong.html",
)
JS_ID = Article(id="javascript:alert('id')", title="Mã bài javascript đường", body="đường")


@pytest.fixture(scope="module")
def evil_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("evil") / "index"
    app: Flask = create_app(
        {"INDEX_PATH": str(build_index(path, [*EVIL, PLAIN, JS_ID])), "TESTING": True}
    )
    with serve(app) as url:
        yield url


class Watch:
    """A page whose dialogs and console messages are recorded (dialogs are dismissed)."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def pwned(self) -> list[str]:
        return self.dialogs + [m for m in self.console if "PWNED" in m]

    def assert_no_markup_injected(self) -> None:
        """No element, handler or link that hostile text could have produced is in the DOM."""
        found = self.page.evaluate(
            """() => {
              const out = [];
              for (const el of document.querySelectorAll('*')) {
                const tag = el.tagName.toLowerCase();
                if (['img', 'svg', 'iframe', 'object', 'embed', 'details', 'math', 'style',
                     'base', 'form', 'frame'].includes(tag) && !el.classList.length)
                  out.push('<' + tag + '>');  // the app's own forms and details have classes
                if (tag === 'script' && !el.src) out.push('inline script');
                for (const a of el.attributes)
                  if (a.name.toLowerCase().startsWith('on')) out.push(tag + '[' + a.name + ']');
                const href = (el.getAttribute('href') || el.getAttribute('src') || '').trim();
                if (/^(javascript|data|vbscript):/i.test(href)
                    && !(tag === 'link' && href === 'data:,'))
                  out.push(tag + ' ' + href);
              }
              return out;
            }"""
        )
        assert found == [], found


def _violations(w: Watch) -> list[str]:
    """Script errors and Content-Security-Policy refusals (a blocked injected script)."""
    return [
        m for m in w.console
        if m.startswith("pageerror") or "Content Security Policy" in m or "Refused to" in m
    ]  # fmt: skip


@pytest.fixture()
def watch(browser: Any) -> Iterator[Watch]:
    """A page with the CSP bypassed: escaping alone must keep every payload inert."""
    context = browser.new_context(bypass_csp=True, accept_downloads=True)
    w = Watch(context)
    yield w
    context.close()
    assert w.pwned() == [], w.pwned()
    assert _violations(w) == [], w.console


def _visit(w: Watch, url: str) -> None:
    response = w.page.goto(url)
    assert response is not None and response.status < 500, url
    w.page.wait_for_timeout(20)  # let onload/onerror/ontoggle handlers fire, if any
    w.assert_no_markup_injected()
    assert w.pwned() == [], (url, w.pwned())


def test_harness_catches_script(browser: Any) -> None:
    """The listeners do see a script that runs (so silence below means something)."""
    context = browser.new_context()
    w = Watch(context)
    w.page.set_content('<img src=x onerror=alert("ran")><script>console.log("PWNED")</script>')
    w.page.wait_for_timeout(100)
    assert w.dialogs == ["ran"] and any("PWNED" in m for m in w.console)
    context.close()


def test_search_pages(watch: Watch, evil_url: str) -> None:
    _visit(watch, evil_url + "/")
    _visit(watch, evil_url + "/?q=%C4%91%C6%B0%E1%BB%9Dng&per_page=50")  # đường: every payload
    _visit(watch, evil_url + "/?q=mark+script+alert+img&per_page=50")
    hostile = {"q": PAYLOADS[3], "topic": f"Chủ đề {PAYLOADS[2]}", "province": PAYLOADS[1]}
    _visit(watch, evil_url + "/?" + urlencode(hostile))
    for half in (PAYLOADS[:7], PAYLOADS[7:]):
        _visit(watch, evil_url + "/?" + urlencode({"q": " ".join(half), "topic": half}, True))
    # The facets list the hostile topics and provinces: follow one as a reader would.
    watch.page.goto(evil_url + "/")
    watch.page.click('.facet-topic a:has-text("onerror")')
    watch.page.wait_for_load_state("load")
    watch.assert_no_markup_injected()
    assert "onerror" in watch.page.inner_text(".chips")  # shown as text


def test_article_pages(watch: Watch, evil_url: str) -> None:
    for art in [*EVIL, JS_ID]:
        base = evil_url + "/articles/" + quote(art.id, safe="")
        _visit(watch, base + "?" + urlencode({"hl": "mark " + PAYLOADS[3]}))
        assert watch.page.locator("h1").inner_text().startswith(("Tin xấu", "Mã bài"))
        # javascript:, data: and vbscript: sources never become links
        assert watch.page.locator("dl.meta a").count() == 0
        assert watch.page.locator("p.original").count() == 0
    _visit(watch, evil_url + "/articles/evil-0")
    for half in (PAYLOADS[:7], PAYLOADS[7:]):
        _visit(watch, evil_url + "/articles/evil-0?" + urlencode({"hl": " ".join(half)}))
    # A reader clicking every link on a hostile article page lands nowhere dangerous.
    watch.page.goto(evil_url + "/articles/" + quote(EVIL[1].id, safe="") + "?hl=mark")
    hrefs = watch.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert hrefs and all(h.startswith((evil_url, "#")) for h in hrefs), hrefs


def test_source_link_only_for_http(watch: Watch, evil_url: str) -> None:
    _visit(watch, evil_url + "/articles/hai-duong")
    links = watch.page.eval_on_selector_all("a[rel~=nofollow]", "els => els.map(e => e.href)")
    assert links == ["https://example.vn/hai-duong.html"] * 2


def test_atom_feed_view(watch: Watch, evil_url: str) -> None:
    for q in ["", "đường", PAYLOADS[0], PAYLOADS[3]]:
        response = watch.page.goto(evil_url + "/?" + urlencode({"q": q, "format": "atom"}))
        assert response is not None and response.status == 200
        assert response.headers["content-type"].startswith("application/atom+xml")
        watch.page.wait_for_timeout(30)
        assert watch.pwned() == []
        # Chromium shows the XML as a tree: the payloads are text in it, never elements.
        assert watch.page.evaluate("document.querySelectorAll('script:not([src])').length") == 0


def test_csv_download_is_not_rendered(watch: Watch, evil_url: str) -> None:
    watch.page.goto(evil_url + "/?q=%C4%91%C6%B0%E1%BB%9Dng")
    with watch.page.expect_download() as info:
        watch.page.click("p.formats a:first-child")
    download = info.value
    assert download.suggested_filename == "vnarchive.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "<script>" in text  # the data as it is, for a spreadsheet, not a browser
    response = watch.page.request.get(evil_url + "/?format=csv&q=" + quote(PAYLOADS[0]))
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert watch.page.url.startswith(evil_url + "/?q=")  # still on the search page
    watch.assert_no_markup_injected()


def test_suggestion_and_fold_links(watch: Watch, evil_url: str) -> None:
    hostile_topic = {"topic": f"Chủ đề {PAYLOADS[0]}", "province": PAYLOADS[1]}
    _visit(watch, evil_url + "/?" + urlencode({"q": "hai duong"}))
    link = watch.page.locator("p.suggestion a")
    assert link.count() == 1, watch.page.content()
    link.click()
    watch.page.wait_for_load_state("load")
    watch.assert_no_markup_injected()
    assert "Hải Dương" in watch.page.locator("h1").inner_text()
    # With hostile filters and a hostile accented query that finds nothing: the "bỏ dấu"
    # (fold) link and the chips carry the payloads in their URLs only.
    _visit(watch, evil_url + "/?" + urlencode({"q": "đường " + PAYLOADS[0], **hostile_topic}))
    for selector in ["div.empty a", "p.suggestion a", ".chips a"]:
        for i in range(watch.page.locator(selector).count()):
            watch.page.goto(
                evil_url + "/?" + urlencode({"q": "đường " + PAYLOADS[0], **hostile_topic})
            )
            watch.page.locator(selector).nth(i).click()
            watch.page.wait_for_load_state("load")
            watch.assert_no_markup_injected()


def test_with_csp_nothing_is_even_blocked(browser: Any, evil_url: str) -> None:
    """With the app's CSP on, no page even tries to run an inline script (no refusals)."""
    context = browser.new_context()
    w = Watch(context)
    q = urlencode({"q": PAYLOADS[0], "topic": f"Chủ đề {PAYLOADS[2]}"})
    for path in ["/?q=%C4%91%C6%B0%E1%BB%9Dng&per_page=50", "/?" + q,
                 "/articles/" + quote(EVIL[1].id, safe="") + "?hl=mark+script",
                 "/articles/evil-2?" + urlencode({"hl": PAYLOADS[3]})]:  # fmt: skip
        _visit(w, evil_url + path)
    context.close()
    assert _violations(w) == [], w.console
