"""The JSON API, CSV, Atom, health check, 404s and the missing/rebuilt index."""

from __future__ import annotations

import csv
import io
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from flask.testing import FlaskClient

from archive import Archive, ArchiveWriter
from tests.web.conftest import ALL, ARTICLES, build_index
from web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"


def test_api_search_is_the_library_json(client: FlaskClient, index_path: Path) -> None:
    r = client.get("/api/search?q=duong&topic=Kinh+t%E1%BA%BF&sort=newest&page=1&per_page=3")
    assert r.status_code == 200 and r.mimetype == "application/json"
    with Archive.open(index_path) as arc:
        expected = arc.search("duong", topic=["Kinh tế"], sort="newest", per_page=3).to_dict()
    assert r.json == expected
    assert list(r.json) == list(expected)  # the CLI's key order


def test_api_article_and_404(client: FlaskClient) -> None:
    r = client.get("/api/articles/bai-03")
    assert r.status_code == 200 and r.json is not None
    assert r.json["id"] == "bai-03" and r.json["date"].startswith("2022-04-04T08:30")
    r = client.get("/api/articles/https://vnexpress.net/thoi-su/bai-viet-4712345.html")
    assert r.status_code == 200
    missing = client.get("/api/articles/khong-co")
    assert missing.status_code == 404 and missing.json == {"error": "article not found"}
    assert client.get("/api/nothing").json == {"error": "Not Found"}


def test_api_bad_parameters_are_400_json(client: FlaskClient) -> None:
    for qs, param in [
        ("sort=abc", "sort"), ("page=0", "page"), ("page=1000000000", "page"),
        ("per_page=1000000", "per_page"), ("from=2024-02-30", "from"), ("to=x", "to"),
        ("q=%00", "q"), ("q=" + "a" * 5000, "q"), ("from=2024-02-01&to=2024-01-01", "from"),
    ]:  # fmt: skip
        r = client.get("/api/search?" + qs)
        assert r.status_code == 400, qs
        assert r.json is not None and r.json["param"] == param and r.json["error"]


def test_html_bad_parameters_are_400_pages(client: FlaskClient) -> None:
    for qs in ["sort=abc", "page=0", "page=99999999999", "per_page=1000000", "from=2024-1-1",
               "q=%00", "format=pdf", "merged=2"]:  # fmt: skip
        r = client.get("/?" + qs)
        assert r.status_code == 400, qs
        assert r.mimetype == "text/html" and "Yêu cầu không hợp lệ" in r.text


def test_csv_streams_every_row(client: FlaskClient) -> None:
    r = client.get("/?q=duong&format=csv&page=3")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.is_streamed
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["id", "title", "date", "topic", "province", "source", "url", "author"]
    api = client.get("/api/search?q=duong").json
    assert api is not None and len(rows) - 1 == api["total"] > 10
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["bai-05"][2] == "2024-06-06"
    # CSV is data: hostile text is kept as it is
    assert by_id["hostile/<script>alert(1)</script>"][7].startswith('"><script>')


def test_csv_formula_cells(tmp_path: Path) -> None:
    from archive import Article

    idx = build_index(
        tmp_path / "ix", [Article(id="f", title="=HYPERLINK(1)", body="x", author="@a")]
    )
    with create_app({"INDEX_PATH": str(idx)}).test_client() as c:
        rows = list(csv.reader(io.StringIO(c.get("/?format=csv").text)))
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][7] == "'@a"


def test_atom_feed(client: FlaskClient) -> None:
    r = client.get("/?q=%C4%91%C6%B0%E1%BB%9Dng&format=atom")
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    feed = ET.fromstring(r.data)
    assert feed.tag == ATOM + "feed"
    for tag in ("title", "id", "updated", "author"):
        assert feed.find(ATOM + tag) is not None
    entries = feed.findall(ATOM + "entry")
    assert entries
    stamps = [e.findtext(ATOM + "updated") or "" for e in entries]
    assert stamps == sorted(stamps, reverse=True)
    hostile = [e for e in entries if "alert" in (e.findtext(ATOM + "title") or "")]
    assert hostile
    # the title is text, the summary HTML whose only markup is <mark>
    summary = hostile[0].findtext(ATOM + "summary") or ""
    assert "<script" not in summary and "<mark>" in summary
    for e in entries:
        assert (e.find(ATOM + "link") is not None) and e.findtext(ATOM + "id", "").startswith(
            "http"
        )


def test_healthz(client: FlaskClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json is not None
    assert r.json["articles"] == len(ALL) and r.json["generation"]


def test_404_pages(client: FlaskClient) -> None:
    r = client.get("/articles/khong-co-bai-nay")
    assert r.status_code == 404 and "Không tìm thấy" in r.text and r.mimetype == "text/html"
    assert client.get("/khong/co").status_code == 404


def test_no_index_then_index_appears(tmp_path: Path) -> None:
    path = tmp_path / "later"
    app = create_app({"INDEX_PATH": str(path)})
    with app.test_client() as c:
        page = c.get("/?q=x")
        assert page.status_code == 503 and "Chưa có chỉ mục" in page.text
        assert c.get("/healthz").status_code == 503
        assert c.get("/api/search").json == {"error": "no index yet"}
        build_index(path, ARTICLES[:3])
        assert c.get("/healthz").json["articles"] == 3  # type: ignore[index]


def test_rebuilt_index_is_noticed_without_restart(tmp_path: Path) -> None:
    path = build_index(tmp_path / "ix", ARTICLES[:3])
    with create_app({"INDEX_PATH": str(path)}).test_client() as c:
        assert c.get("/healthz").json["articles"] == 3  # type: ignore[index]
        with ArchiveWriter(path, full=True) as w:
            for a in ARTICLES[:5]:
                w.add(a, content_hash="y", src="t")
        time.sleep(1.1)  # the Archive checks for a new generation once a second
        assert c.get("/healthz").json["articles"] == 5  # type: ignore[index]


def test_env_variable_gives_the_index(monkeypatch: object, index_path: Path) -> None:
    import pytest

    mp: pytest.MonkeyPatch = monkeypatch  # type: ignore[assignment]
    mp.setenv("VNARCHIVE_INDEX", str(index_path))
    assert create_app().config["INDEX_PATH"] == str(index_path)


def test_atom_drops_characters_xml_cannot_carry(tmp_path: Path) -> None:
    from archive import Article

    bad = Article(id="c", title="Tiêu đề\x01\x0b lạ", body="Nội dung\x02 lạ", author="A\x1f")
    idx = build_index(tmp_path / "ix", [bad])
    with create_app({"INDEX_PATH": str(idx)}).test_client() as c:
        feed = ET.fromstring(c.get("/?format=atom").data)
    titles = [e.findtext(ATOM + "title") for e in feed.iter(ATOM + "entry")]
    assert titles and "\x01" not in (titles[0] or "")


def test_405_keeps_allow_header(client: FlaskClient) -> None:
    r = client.post("/articles/bai-01")
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
