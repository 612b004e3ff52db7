"""What an operator watches: ``/metrics`` scraped by Prometheus and the access log."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from archive import Archive, ArchiveWriter, SearchRequest, SearchResult
from tests.web.conftest import ALL, ARTICLES, build_index
from web import create_app, observe

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

SEARCH = "/api/search"
ARTICLE = "/articles/<path:article_id>"
# Queries over the fixture index: as typed, retried folded, retried with any word.
QUERIES = ["đường", "hai duong", "đưởng", "đường qwertyzz", "Hải Dương", ""]


def scrape(client: FlaskClient) -> Samples:
    """Parse ``/metrics`` the way Prometheus does; ``{(name, labels): value}``."""
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.mimetype == "text/plain"
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(r.get_data(as_text=True))
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture()
def fresh(index_path: Path) -> FlaskClient:
    """A client of an app of its own: counters start from zero."""
    return create_app({"INDEX_PATH": str(index_path), "TESTING": True}).test_client()


def test_scrape_counts_searches_unknown_articles_latency_and_articles(
    fresh: FlaskClient, index_path: Path
) -> None:
    before = scrape(fresh)
    queries = [QUERIES[i % len(QUERIES)] for i in range(20)]
    for q in queries:
        assert fresh.get(SEARCH, query_string={"q": q}).status_code == 200
    for i in range(3):
        assert fresh.get(f"/articles/khong-co-{i}").status_code == 404
    after = scrape(fresh)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("vnarchive_http_requests_total", route=SEARCH, status="200") == 20
    assert delta("vnarchive_http_requests_total", route=ARTICLE, status="404") == 3
    assert delta("vnarchive_http_request_duration_seconds_count", route=SEARCH) == 20
    assert delta("vnarchive_http_request_duration_seconds_count", route=ARTICLE) == 3
    buckets = {
        dict(labels)["le"]: v
        for (name, labels), v in after.items()
        if name == "vnarchive_http_request_duration_seconds_bucket"
        and dict(labels)["route"] == SEARCH
    }
    assert len(buckets) > 5 and buckets["+Inf"] == 20
    counts = [buckets[le] for le in sorted(buckets, key=float)]
    assert counts == sorted(counts)  # cumulative
    assert value(after, "vnarchive_http_request_duration_seconds_sum", route=SEARCH) > 0
    with Archive.open(index_path) as arc:
        assert value(after, "vnarchive_articles") == arc.stats()["articles"] == len(ALL)
        assert value(after, "vnarchive_snapshot_info", generation=arc.generation) == 1
    assert value(after, "vnarchive_index_up") == 1
    assert delta("vnarchive_searches_total") == 20


def test_fallbacks_are_counted_by_kind(fresh: FlaskClient, index_path: Path) -> None:
    with Archive.open(index_path) as arc:
        kinds = [arc.search(q).fallback for q in QUERIES]
    assert {"any_word", "folded"} <= set(kinds)  # the queries exercise both
    before = scrape(fresh)
    for q in QUERIES:
        fresh.get("/", query_string={"q": q})  # the page counts like the API
    after = scrape(fresh)
    for kind in ("any_word", "folded"):
        got = value(after, "vnarchive_search_fallbacks_total", kind=kind)
        assert got - value(before, "vnarchive_search_fallbacks_total", kind=kind) == kinds.count(
            kind
        )
    assert value(after, "vnarchive_search_fallbacks_total", kind="corrected") == 0


def test_corrections_are_counted_once_results_carry_corrected_from(
    fresh: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = Archive.run

    def corrected(self: Archive, request: SearchRequest, **kwargs: bool) -> SearchResult:
        res = run(self, request, **kwargs)
        res.corrected_from = "duogn"  # type: ignore[attr-defined]  # the field a later issue adds
        return res

    monkeypatch.setattr(Archive, "run", corrected)
    fresh.get(SEARCH, query_string={"q": "đường"})
    fresh.get(SEARCH, query_string={"q": "duong"})
    assert value(scrape(fresh), "vnarchive_search_fallbacks_total", kind="corrected") == 2


def test_server_errors_are_counted_and_logged(
    fresh: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: Archive, request: SearchRequest, **kwargs: bool) -> SearchResult:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Archive, "run", broken)
    with caplog.at_level(logging.INFO, logger="vnarchive.access"):
        assert fresh.get(SEARCH, query_string={"q": "x"}).status_code == 500
    assert value(scrape(fresh), "vnarchive_http_requests_total", route=SEARCH, status="500") == 1
    assert fields(access_lines(caplog)[0])["status"] == "500"


def test_routes_label_rules_never_raw_paths(fresh: FlaskClient) -> None:
    for i in range(5):
        fresh.get(f"/articles/bai-la-{i}")
        fresh.get(f"/khong-co-trang-nay-{i}")
    fresh.get("/articles/bai-01")
    text = fresh.get("/metrics").get_data(as_text=True)
    assert "bai-la-" not in text and "khong-co-trang" not in text and "bai-01" not in text
    routes = {
        dict(labels)["route"]
        for (name, labels) in scrape(fresh)
        if name == "vnarchive_http_requests_total"
    }
    assert routes == {ARTICLE, observe.UNMATCHED, "/metrics"}


def test_snapshot_age_and_generation_follow_a_new_commit(tmp_path: Path) -> None:
    started = time.time()
    index = build_index(tmp_path / "index", ARTICLES[:3])
    client = create_app({"INDEX_PATH": str(index), "TESTING": True}).test_client()
    first = scrape(client)
    age = value(first, "vnarchive_snapshot_age_seconds")
    assert 0 <= age <= time.time() - started + 1
    assert value(first, "vnarchive_articles") == 3
    time.sleep(1.1)  # the archive looks for a new commit at most once a second
    with ArchiveWriter(index) as w:
        w.add(ARTICLES[3], content_hash="x", src="t")
    then = scrape(client)
    assert value(then, "vnarchive_articles") == 4
    generations = {
        dict(labels)["generation"] for (n, labels) in then if n == "vnarchive_snapshot_info"
    }
    old = {dict(labels)["generation"] for (n, labels) in first if n == "vnarchive_snapshot_info"}
    assert len(generations) == 1 and generations != old
    assert value(then, "vnarchive_snapshot_age_seconds") < age + 1.1


def test_metrics_without_an_index_say_so_and_still_answer(tmp_path: Path) -> None:
    client = create_app({"INDEX_PATH": str(tmp_path / "nothing"), "TESTING": True}).test_client()
    assert client.get("/api/search").status_code == 503
    samples = scrape(client)
    assert value(samples, "vnarchive_index_up") == 0
    assert value(samples, "vnarchive_http_requests_total", route=SEARCH, status="503") == 1
    assert not any(name == "vnarchive_articles" for name, _ in samples)


def test_apps_keep_their_own_counts(index_path: Path) -> None:
    a = create_app({"INDEX_PATH": str(index_path), "TESTING": True}).test_client()
    b = create_app({"INDEX_PATH": str(index_path), "TESTING": True}).test_client()
    a.get(SEARCH)
    assert value(scrape(a), "vnarchive_http_requests_total", route=SEARCH, status="200") == 1
    assert value(scrape(b), "vnarchive_http_requests_total", route=SEARCH, status="200") == 0


# --- access log ----------------------------------------------------------------------
_FIELD = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s"]+)(?: |$)')


def fields(line: str) -> dict[str, str]:
    """Parse a logfmt line, failing unless every character belongs to one key=value."""
    found = list(_FIELD.finditer(line))
    assert "".join(m.group(0) for m in found) == line, line
    keys = [m.group(1) for m in found]
    assert len(keys) == len(set(keys)), line
    return {m.group(1): m.group(2) for m in found}


def access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "vnarchive.access"]


def test_one_access_line_per_request(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="vnarchive.access"):
        res = client.get(SEARCH, query_string={"q": "hai duong"}).json
        client.get("/articles/bai-01")
        client.get("/articles/khong-co")
    lines = access_lines(caplog)
    assert len(lines) == 3
    search, article, missing = (fields(line) for line in lines)
    assert res is not None
    assert search["method"] == "GET" and search["path"] == '"/api/search?q=hai+duong"'
    assert (search["status"], search["hits"]) == ("200", str(res["total"]))
    assert float(search["ms"]) > 0
    assert (article["path"], article["status"]) == ("/articles/bai-01", "200")
    assert "hits" not in article
    assert missing["status"] == "404"


@pytest.mark.parametrize(
    "path",
    [
        "/articles/x%0Astatus=200 method=POST",
        "/articles/x%0D%0Aforged=1",
        '/articles/x" status=200',
        "/articles/x%E2%80%A8forged=1",  # U+2028, a line break to some log viewers
        "/x%00%1b[31m\\",
    ],
)
def test_hostile_paths_cannot_forge_log_lines(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    with caplog.at_level(logging.INFO, logger="vnarchive.access"):
        status = client.get(path).status_code
    (line,) = access_lines(caplog)
    assert len(line.splitlines()) == 1 and line.isprintable()
    got = fields(line)
    assert set(got) == {"method", "path", "status", "ms"}
    assert got["status"] == str(status) and got["method"] == "GET"


def test_access_log_can_be_silenced(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="vnarchive.access"):
        client.get(SEARCH)
    assert access_lines(caplog) == []
