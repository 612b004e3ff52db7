"""Fixtures: a small index built from module-level articles (some hostile), the app, a client."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive import ArchiveWriter, Article
from archive.models import VN_TZ
from web import create_app

PROVINCES = [
    "Hà Nội", "Hải Dương", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ",
    "Nghệ An", "Thanh Hóa", "Quảng Ninh", "Lào Cai", "Khánh Hòa", "Bình Dương",
]  # fmt: skip
TOPICS = ["Thời sự", "Kinh tế", "Giáo dục", "Thể thao"]


def _date(i: int) -> datetime:
    return datetime(2022 + i % 3, 1 + i % 12, 1 + i % 27, 8, 30, tzinfo=VN_TZ)


ARTICLES = [
    Article(
        id=f"bai-{i:02d}",
        title=f"Đường giao thông mới ở {PROVINCES[i % len(PROVINCES)]} số {i}",
        lead=f"Dự án đường bộ thứ {i} được khởi công.",
        body=f"Công trình đường {i} dài {i + 3} km.\n\n"
        f"Người dân {PROVINCES[i % len(PROVINCES)]} vui mừng.",
        topic=TOPICS[i % len(TOPICS)],
        province=PROVINCES[i % len(PROVINCES)],
        date=_date(i),
        author="Phóng viên",
        source="Báo Mẫu",
        url=f"https://example.vn/bai-{i}.html",
        captions=[f"Ảnh công trình {i}"],
    )
    for i in range(30)
]
HOSTILE = Article(
    id="hostile/<script>alert(1)</script>",
    title='Tin độc <script>alert("t")</script> <img src=x onerror=alert(1)>',
    lead='Mở đầu </mark><script>alert("lead")</script> đường',
    body='Thân bài <a href="javascript:alert(1)" onclick="alert(2)">bấm</a> đường sá.\n\n'
    '<iframe src="//evil"></iframe> đường',
    topic='Chủ đề <b onmouseover="alert(3)">x</b>',
    province="Hà Nội",
    date=datetime(2024, 2, 20, tzinfo=VN_TZ),
    author='"><script>alert(4)</script>',
    source="<svg onload=alert(5)>",
    url="javascript:alert(6)",
    captions=['<img src=x onerror="alert(7)">'],
)
URL_ID = Article(
    id="https://vnexpress.net/thoi-su/bai-viet-4712345.html",
    title="Bài có mã là địa chỉ web",
    body="Nội dung kiểm tra mã bài dạng URL.",
    topic="Thời sự",
    province="Hải Dương",
    date=datetime(2025, 8, 1, tzinfo=VN_TZ),
    url="https://vnexpress.net/thoi-su/bai-viet-4712345.html",
)
UNDATED = Article(id="khong-ngay", title="Bài không có ngày", body="Văn bản không ngày tháng.")
ALL = [*ARTICLES, HOSTILE, URL_ID, UNDATED]


def build_index(path: Path, articles: list[Article] = ALL) -> Path:
    with ArchiveWriter(path) as w:
        for a in articles:
            w.add(a, content_hash="x", src="t")
    return path


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("web") / "index")


@pytest.fixture(scope="session")
def web_pg_index(pg_pair: Any) -> str:
    """The same articles in a database of the session's PostgreSQL primary."""
    dsn, _ = pg_pair.create_database("web")
    with ArchiveWriter(dsn) as w:
        for a in ALL:
            w.add(a, content_hash="x", src="t")
    return dsn


@pytest.fixture(scope="session", params=["whoosh", "postgresql"])
def app(request: pytest.FixtureRequest) -> Flask:
    """The app on each engine: the HTTP contract tests run on both."""
    name = "index_path" if request.param == "whoosh" else "web_pg_index"
    target = request.getfixturevalue(name)
    app = create_app({"INDEX_PATH": str(target), "TESTING": True})
    return app


@pytest.fixture()
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as c:
        yield c


# --- Browser tests: a live server and headless Debian Chromium (Playwright) -------------
# The browser the tests drive: Debian's, which `make test` installs (tools/ensure-deps,
# honouring the same variable).
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free local port in a thread; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def live_url(app: Flask) -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Without Chromium the browser tests fail, saying how to get it: never a silent skip
    (deselect them with ``-m "not browser"``)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run tools/ensure-deps chromium (or make test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
