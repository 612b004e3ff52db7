"""The article page, escaping of hostile content and queries, headers and error pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.helpers import parse
from web import create_app

HOSTILE_ID = quote("hostile/<script>alert(1)</script>")


def _no_injected_markup(text: str) -> None:
    """Parse the page as a browser would: hostile text must not have become elements."""
    doc = parse(text.encode())
    assert [s.get("src") for s in doc.xpath("//script")] == ["/static/app.js"]
    assert not doc.xpath("//img | //iframe | //svg | //b | //object | //embed")
    assert not [a for el in doc.iter() for a in el.attrib if a.lower().startswith("on")]
    assert not doc.xpath('//a[starts-with(normalize-space(@href), "javascript")]')
    assert not doc.xpath("//*[@style]")


def test_article_page(client: FlaskClient) -> None:
    r = client.get("/articles/bai-03")
    assert r.status_code == 200
    doc = parse(r.data)
    assert doc.xpath("string(//h1)") == "Đường giao thông mới ở Đà Nẵng số 3"
    assert "04/04/2022 08:30" in doc.xpath('string(//dl[@class="meta"])')
    paragraphs = doc.xpath("//article/p[not(@class)]/text()")
    assert paragraphs == ["Công trình đường 3 dài 6 km.", "Người dân Đà Nẵng vui mừng."]
    assert doc.xpath('//section[@class="captions"]//li/text()') == ["Ảnh công trình 3"]
    source = doc.xpath('//dd/a[@href="https://example.vn/bai-3.html"]')[0]
    assert source.get("rel") == "noopener nofollow"
    related = doc.xpath('//section[@class="related"]//a')
    assert 0 < len(related) <= 5
    assert all(a.get("href") != "/articles/bai-03" for a in related)
    assert not doc.xpath("//mark")


def test_article_highlight(client: FlaskClient) -> None:
    doc = parse(client.get("/articles/bai-03?hl=duong").data)
    assert [m.text for m in doc.xpath("//h1/mark")] == ["Đường"]
    assert doc.xpath('//p[@class="lead"]/mark')
    assert "duong" in doc.xpath('string(//p[@class="back"]/a/@href)')
    accented = parse(client.get("/articles/bai-03?hl=%C4%91%C3%A0+n%E1%BA%B5ng").data)
    assert [m.text for m in accented.xpath("//h1/mark")] == ["Đà Nẵng"]


def test_article_with_url_id(client: FlaskClient) -> None:
    r = client.get("/articles/https://vnexpress.net/thoi-su/bai-viet-4712345.html")
    assert r.status_code == 200 and "Bài có mã là địa chỉ web" in r.text


def test_hostile_article_is_escaped_everywhere(client: FlaskClient) -> None:
    for url in [
        "/?q=%C4%91%C6%B0%E1%BB%9Dng",
        "/?q=tin+%C4%91%E1%BB%99c",
        "/",
        f"/articles/{HOSTILE_ID}",
        f"/articles/{HOSTILE_ID}?hl=%C4%91%C6%B0%E1%BB%9Dng+script",
        f"/articles/{HOSTILE_ID}?hl=mark",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
        _no_injected_markup(r.text)
    page = client.get(f"/articles/{HOSTILE_ID}?hl=script").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page or "&lt;/" in page
    doc = parse(page.encode())
    # javascript: URLs never become links
    assert not doc.xpath('//a[starts-with(@href, "javascript")]')
    assert "alert" in doc.xpath("string(//h1)")  # shown as text


def test_hostile_snippet_in_results(client: FlaskClient) -> None:
    doc = parse(client.get("/?q=m%E1%BB%9F+%C4%91%E1%BA%A7u").data)
    snippet = doc.xpath('//p[@class="snippet"]')[0]
    assert [c.tag for c in snippet.iterchildren()] == ["mark"] * len(snippet)
    assert "</mark><script>" in snippet.text_content()  # the text, escaped


@pytest.mark.parametrize(
    "q",
    ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "</mark><script>x</script>",
     "javascript:alert(1)", "{{7*7}}", "' onmouseover='alert(1)"],
)  # fmt: skip
def test_hostile_queries_are_escaped(client: FlaskClient, q: str) -> None:
    r = client.get("/", query_string={"q": q, "topic": q, "province": q})
    assert r.status_code == 200
    _no_injected_markup(r.text)
    assert "49" not in parse(r.data).xpath("string(//h1)")
    r = client.get("/articles/bai-01", query_string={"hl": q})
    assert r.status_code == 200
    _no_injected_markup(r.text)


def test_security_headers_everywhere(client: FlaskClient) -> None:
    for url in ["/", "/api/search", "/articles/bai-01", "/nope", "/?page=0", "/healthz"]:
        r = client.get(url)
        csp = r.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Referrer-Policy"]


def test_no_inline_scripts_or_styles(client: FlaskClient) -> None:
    for url in ["/", "/?q=duong&from=2023-01-01&to=2023-12-31", "/articles/bai-01", "/?page=0"]:
        doc = parse(client.get(url).data)
        assert all(s.get("src") for s in doc.xpath("//script"))
        assert not doc.xpath("//*[@style]") and not doc.xpath("//style")
        assert not [a for el in doc.iter() for a in el.attrib if a.startswith("on")]


def test_unexpected_error_is_a_generic_500(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app({"INDEX_PATH": str(index_path)})
    from archive import Archive

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(Archive, "run", boom)
    with app.test_client() as c:
        page = c.get("/?q=x")
        assert page.status_code == 500 and "secret" not in page.text
        assert "Đã xảy ra lỗi" in page.text
        api = c.get("/api/search?q=x")
        assert api.status_code == 500 and api.json == {"error": "internal error"}


def test_only_get_and_small_bodies(app: Flask, client: FlaskClient) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] <= 1024 * 1024
    r = client.post("/", data=b"x" * 10)
    assert r.status_code == 405
    assert client.post("/api/search").json == {"error": "Method Not Allowed"}
