"""Limits: query length, page and per_page, request bodies, article ids that try to leave
the index, and NUL bytes — each answered with a 4xx, never a 500."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.search.request import (
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES,
)


@pytest.mark.parametrize("prefix", ["/", "/api/search"])
def test_query_length_is_bounded(client: FlaskClient, prefix: str) -> None:
    assert MAX_QUERY_CHARS == 500
    assert client.get(prefix, query_string={"q": "đ" * MAX_QUERY_CHARS}).status_code == 200
    r = client.get(prefix, query_string={"q": "đ" * (MAX_QUERY_CHARS + 1)})
    assert r.status_code == 400
    if prefix.startswith("/api"):
        assert r.json["param"] == "q"
    long_value = {"topic": "x" * (MAX_VALUE_CHARS + 1)}
    assert client.get(prefix, query_string=long_value).status_code == 400
    many = {"province": [f"p{i}" for i in range(MAX_VALUES + 1)]}
    assert client.get(prefix, query_string=many).status_code == 400
    assert client.get(prefix, query_string={"q": "a " * 5000}).status_code == 400


def test_highlight_length_is_clamped(client: FlaskClient) -> None:
    r = client.get("/articles/bai-01", query_string={"hl": "đường " * 1000})
    assert r.status_code == 200 and len(r.text) < 200_000


@pytest.mark.parametrize(
    ("param", "value", "ok"),
    [
        ("page", "1", True), ("page", str(MAX_PAGE), True), ("page", "0", False),
        ("page", str(MAX_PAGE + 1), False), ("page", "-1", False), ("page", "9" * 30, False),
        ("page", "1e3", False), ("page", "١٢", False), ("page", "0x10", False),
        ("page", " 2 ", True), ("per_page", str(MAX_PER_PAGE), True), ("per_page", "0", False),
        ("per_page", str(MAX_PER_PAGE + 1), False), ("per_page", "1000000", False),
        ("per_page", "1.5", False),
    ],
)  # fmt: skip
def test_page_and_per_page_are_bounded(
    client: FlaskClient, param: str, value: str, ok: bool
) -> None:
    for prefix in ["/", "/api/search"]:
        r = client.get(prefix, query_string={"q": "duong", param: value})
        assert r.status_code == (200 if ok else 400), (prefix, param, value)
    r = client.get("/api/search", query_string={param: value})
    if not ok:
        assert r.json["param"] == param


def test_far_page_is_empty_not_an_error(client: FlaskClient) -> None:
    r = client.get("/api/search", query_string={"page": MAX_PAGE, "per_page": MAX_PER_PAGE})
    assert r.status_code == 200 and r.json["hits"] == [] and r.json["total"] > 0
    assert client.get("/", query_string={"page": MAX_PAGE}).status_code == 200


def test_request_bodies_are_bounded(app: Flask, client: FlaskClient) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] <= 1024 * 1024
    big = b"x" * (2 * 1024 * 1024)
    for url in ["/", "/api/search", "/articles/bai-01", "/api/articles/bai-01", "/healthz"]:
        for method in (client.post, client.put, client.patch, client.delete):
            r = method(url, data=big)
            assert r.status_code in (405, 413), (method, url, r.status_code)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client.get("/api/search", data=big, headers=form).status_code in (200, 413)


def test_big_body_over_a_socket(live_url: str) -> None:
    """A real client announcing a huge body gets a 4xx, and the server stays up."""
    host = urlsplit(live_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.putrequest("POST", "/api/search")
    conn.putheader("Content-Length", str(10 * 1024**3))
    conn.putheader("Content-Type", "application/x-www-form-urlencoded")
    conn.endheaders(b"q=x&" * 1000)
    status = conn.getresponse().status
    conn.close()
    assert status in (405, 413)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.request("GET", "/healthz")
    assert conn.getresponse().status == 200
    conn.close()


TRAVERSALS = [
    "..%2F..%2Fetc%2Fpasswd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "..%252F..%252Fetc%252Fpasswd",
    "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "%2E%2E/%2E%2E/etc/passwd",
    "..%5C..%5Cetc%5Cpasswd",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "....//....//etc/passwd",
    "/etc/passwd",
    "%2Fetc%2Fpasswd",
    "file:///etc/passwd",
    "C:%5CWindows%5Cwin.ini",
    "..",
    "%2e%2e",
]


@pytest.mark.parametrize("article_id", TRAVERSALS)
def test_article_ids_cannot_leave_the_index(client: FlaskClient, article_id: str) -> None:
    for prefix in ["/articles/", "/api/articles/"]:
        r = client.get(prefix + article_id)
        assert r.status_code == 404, (prefix, article_id, r.status_code)
        assert b"root:" not in r.data
    assert set(client.get("/api/articles/" + article_id).json) == {"error"}


@pytest.mark.parametrize(
    "path",
    ["/articles/../../etc/passwd", "/api/articles/../../../etc/passwd",
     "/articles/..%2F..%2Fetc%2Fpasswd", "/static/../../etc/passwd",
     "/static/..%2F__init__.py", "/static/%2e%2e/%2e%2e/etc/passwd",
     "/articles/%2e%2e/web/__init__.py"],
)  # fmt: skip
def test_traversal_over_a_socket(live_url: str, path: str) -> None:
    """http.client sends the path as written (browsers would have resolved the dots)."""
    host = urlsplit(live_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    assert r.status in (400, 404), (path, r.status)
    assert b"root:" not in body and b"create_app" not in body


NUL_URLS = [
    "/?q=a%00b", "/?q=%00", "/?topic=%00", "/?province=x%00", "/?from=2024-01-01%00",
    "/?to=%002024-01-01", "/?page=1%00", "/?per_page=%00", "/?sort=newest%00", "/?merged=%00",
    "/?format=csv%00", "/?format=csv&q=%00", "/?format=atom&q=%00", "/?a%00b=1", "/?%00",
    "/api/search?q=%00", "/api/search?topic=%00&topic=x", "/api/search?x%00=1",
    "/articles/bai-01?hl=%00", "/articles/bai-01%00", "/articles/%00", "/articles/%00/x",
    "/api/articles/%00", "/api/articles/bai-01%00", "/%00", "/static/app.js%00",
    "/healthz?%00=1", "/api/openapi.json?x=%00",
]  # fmt: skip


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_bytes_are_a_400(client: FlaskClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400, (url, r.status_code)
    if url.startswith(("/api/", "/healthz")):
        assert set(r.json) <= {"error", "param"} and r.json["error"]


def test_odd_encodings_are_not_errors(client: FlaskClient) -> None:
    for url in ["/?q=%ff%fe", "/?q=%", "/?q=%zz", "/api/search?q=%ED%A0%80", "/?q=%E2%80%AE",
                "/articles/%ff", "/api/articles/%ED%A0%80"]:  # fmt: skip
        assert client.get(url).status_code in (200, 400, 404), url
