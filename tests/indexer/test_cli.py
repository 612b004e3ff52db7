"""The vnarchive command line: JSON shared with the library, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from indexer.cli import main


@pytest.fixture()
def feed(tmp_path: Path) -> Path:
    f = tmp_path / "feed.jsonl"
    rows = [
        {
            "id": "a1",
            "title": "Hải Dương mưa lớn",
            "text": "Sáng nay Hải Dương mưa lớn.",
            "date": "2024-02-20T09:15:00+07:00",
            "topic": "Thời sự",
            "province": "Hải Dương",
        },
        {
            "id": "a2",
            "title": "Đà Nẵng đón khách",
            "text": "Du lịch Đà Nẵng tăng trưởng.",
            "date": "2019-05-19T08:00:00+07:00",
            "topic": "Du lịch",
            "province": "Đà Nẵng",
        },
    ]
    f.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    return f


@pytest.fixture(params=["whoosh", "postgresql"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The ``--index`` of a new, empty archive on each engine: the contract tests run on both."""
    if request.param == "whoosh":
        return str(tmp_path / "ix")
    primary, _ = request.getfixturevalue("pg_db")
    return str(primary)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_index_json_report_and_exit_codes(feed: Path, index: str) -> None:
    code, out, _ = run("index", str(feed), "--index", index, "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {
        "added",
        "updated",
        "unchanged",
        "deleted",
        "failed",
        "total",
        "seconds",
        "boilerplate",
    }
    assert data["added"] == 2 and data["total"] == 2
    with feed.open("a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    code, out, _ = run("index", str(feed), "--index", index, "--json")
    assert code == 1
    failed = json.loads(out)["failed"][0]
    assert failed["path"] == str(feed) and failed["line"] == 3 and failed["error"]


def test_index_usage_error_exit_2(index: str) -> None:
    code, _, err = run("index", "--index", index)
    assert code == 2 and "PATHS" in err


COUNTS = ("added", "updated", "unchanged", "deleted", "total")


def counts(*args: str) -> tuple[int, ...]:
    """The counts (:data:`COUNTS`) of ``vnarchive index --json`` of a run that must succeed."""
    code, out, err = run("index", *args, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["failed"] == []
    return tuple(data[k] for k in COUNTS)


def test_incremental_runs_and_full(feed: Path, index: str) -> None:
    more = feed.parent / "more.jsonl"
    more.write_text('{"id": "b1", "title": "Hà Nội mùa thu", "text": "Thu."}\n', encoding="utf-8")
    folder = str(feed.parent)
    assert counts(folder, "--index", index) == (3, 0, 0, 0, 3)
    assert counts(folder, "--index", index) == (0, 0, 3, 0, 3)
    first = feed.read_text(encoding="utf-8").splitlines()[0]
    feed.write_text(first.replace("mưa lớn", "mưa rất lớn", 1) + "\n", encoding="utf-8")
    assert counts(folder, "--index", index) == (0, 1, 1, 1, 2)  # a1 changed, a2 gone
    more.unlink()
    assert counts(folder, "--index", index) == (0, 0, 1, 1, 1)  # b1 gone with its file
    assert counts(folder, "--index", index, "--full") == (1, 0, 0, 0, 1)
    code, out, _ = run("search", "", "--index", index, "--json")
    assert code == 0 and [h["title"] for h in json.loads(out)["hits"]] == ["Hải Dương mưa rất lớn"]


def test_export_round_trips_through_index(feed: Path, index: str, tmp_path: Path) -> None:
    run("index", str(feed), "--index", index)
    code, out, err = run("export", "--index", index)
    assert code == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["id"] for r in rows) == ["a1", "a2"]
    with Archive.open(index) as arc:
        assert {r["id"]: r for r in rows} == {a.id: a.to_dict() for a in arc.iter_articles()}
    dump = tmp_path / "export" / "dump.jsonl"
    dump.parent.mkdir()
    dump.write_text(out, encoding="utf-8")
    assert counts(str(dump), "--index", index, "--full") == (2, 0, 0, 0, 2)
    code, again, _ = run("export", "--index", index)
    assert code == 0
    by_id = {r["id"]: dict(r, path="") for r in map(json.loads, again.splitlines())}
    assert by_id == {r["id"]: dict(r, path="") for r in rows}  # only path names the new file


def test_search_json_equals_library_json(feed: Path, index: str) -> None:
    run("index", str(feed), "--index", index)
    code, out, _ = run("search", "hai duong", "--index", index, "--json", "--topic", "Thời sự")
    assert code == 0
    with Archive.open(index) as arc:
        assert json.loads(out) == arc.search("hai duong", topic=["Thời sự"]).to_dict()


def test_search_text_output(feed: Path, index: str) -> None:
    run("index", str(feed), "--index", index)
    code, out, _ = run("search", "da nang", "--index", index)
    assert code == 0 and "Đà Nẵng đón khách" in out and "1 results" in out


def test_env_variable_names_the_index(
    feed: Path, index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNARCHIVE_INDEX", index)
    run("index", str(feed))
    code, out, _ = run("stats", "--json")
    assert code == 0 and json.loads(out)["articles"] == 2


def test_show_and_stats(feed: Path, index: str) -> None:
    run("index", str(feed), "--index", index)
    code, out, _ = run("show", "a1", "--index", index, "--json")
    assert code == 0 and json.loads(out)["title"] == "Hải Dương mưa lớn"
    code, out, _ = run("show", "a1", "--index", index)
    assert "Hải Dương mưa lớn" in out and "2024-02-20" in out
    code, out, _ = run("stats", "--index", index, "--json")
    stats = json.loads(out)
    assert stats["articles"] == 2 and stats["date_range"] == {
        "from": "2019-05-19",
        "to": "2024-02-20",
    }


@pytest.fixture(params=["whoosh", "postgresql", "postgresql-no-database"])
def missing_index(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An ``--index`` with no archive: no directory, an empty database, no database at all."""
    if request.param == "whoosh":
        return str(tmp_path / "none")
    primary, _ = request.getfixturevalue("pg_db")
    if request.param == "postgresql":
        return str(primary)
    return str(primary).rsplit("/", 1)[0] + "/no_such_database"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "x"), "no index at"),
        (("show", "x"), "no index at"),
        (("stats",), "no index at"),
        (("export",), "no index at"),
    ],
)
def test_missing_index_is_one_clear_line(
    missing_index: str, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(*args, "--index", missing_index)
    assert code != 0 and message in err
    assert "Traceback" not in err + out and len(err.strip().splitlines()) == 1


def test_index_into_a_database_that_cannot_be_reached(feed: Path, pg_db: tuple[str, str]) -> None:
    # PostgreSQL only: a directory that does not exist is created, a database is not
    target = pg_db[0].rsplit("/", 1)[0] + "/no_such_database"
    code, out, err = run("index", str(feed), "--index", target)
    assert code == 1 and "no index at" in err and "no_such_database" in err
    assert "Traceback" not in err + out and len(err.strip().splitlines()) == 1


def test_check_refuses_a_database(feed: Path, pg_db: tuple[str, str]) -> None:
    # check itself is Whoosh-only (it verifies the directory layout: CURRENT, generations,
    # segments; tests/indexer/test_export_check.py): on a database it says so in one line
    run("index", str(feed), "--index", pg_db[0])
    code, out, err = run("check", "--index", pg_db[0])
    assert code == 2 and "not a PostgreSQL database" in err and "Traceback" not in err + out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2024-13-01"), "--from"),
        (("--to", "yesterday"), "--to"),
        (("--page", "0"), "--page"),
        (("--per-page", "1000000"), "--per-page"),
        (("--sort", "random"), "--sort"),
    ],
)
def test_bad_search_options(feed: Path, index: str, args: tuple[str, ...], message: str) -> None:
    run("index", str(feed), "--index", index)
    code, out, err = run("search", "x", "--index", index, *args)
    assert code == 2 and message in err and "Traceback" not in err + out


def test_unknown_article(feed: Path, index: str) -> None:
    run("index", str(feed), "--index", index)
    code, _, err = run("show", "nope", "--index", index)
    assert code == 1 and "no article with id 'nope'" in err


def test_every_command_has_help_and_is_documented() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():  # type: ignore[attr-defined]
        assert cmd.help, name
        assert f"vnarchive {name}" in readme, f"README does not document `vnarchive {name}`"


def test_serve_uses_waitress_never_the_debugger(
    feed: Path, index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flask
    import waitress

    calls: dict[str, object] = {}

    def fake_serve(app: flask.Flask, **options: object) -> None:
        calls.update(options, app=app)

    def no_dev_server(*args: object, **kwargs: object) -> None:
        raise AssertionError("the development server must not run")

    monkeypatch.setattr(waitress, "serve", fake_serve)
    monkeypatch.setattr(flask.Flask, "run", no_dev_server)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    run("index", str(feed), "--index", index)
    code, _, err = run("serve", "--index", index, "--port", "8123")
    assert code == 0, err
    app = calls["app"]
    assert isinstance(app, flask.Flask) and app.debug is False
    assert app.config["INDEX_PATH"] == index
    assert (calls["host"], calls["port"]) == ("127.0.0.1", 8123)


@pytest.fixture()
def fake_waitress(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Replace waitress.serve: record its options and answer one search while "serving"."""
    import flask
    import waitress

    calls: dict[str, object] = {}

    def fake_serve(app: flask.Flask, **options: object) -> None:
        calls.update(options, app=app)
        app.test_client().get("/api/search?q=hai+duong")

    monkeypatch.setattr(waitress, "serve", fake_serve)
    return calls


@pytest.mark.parametrize("threads", ["0", "-3", "many"])
def test_serve_threads_must_be_a_positive_number(
    fake_waitress: dict[str, object], threads: str
) -> None:
    code, _, err = run("serve", "--threads", threads)
    assert code == 2
    assert err.strip().splitlines()[-1].startswith("Error: Invalid value for '--threads': ")
    assert fake_waitress == {}  # nothing was served


def test_serve_threads_reach_waitress(
    fake_waitress: dict[str, object], feed: Path, index: str
) -> None:
    run("index", str(feed), "--index", index)
    assert run("serve", "--index", index, "--threads", "3")[0] == 0
    assert fake_waitress["threads"] == 3
    assert run("serve", "--index", index)[0] == 0
    assert fake_waitress["threads"] == 8


def test_serve_writes_one_access_line_per_request_unless_told_not_to(
    fake_waitress: dict[str, object], feed: Path, index: str
) -> None:
    run("index", str(feed), "--index", index)
    code, _, err = run("serve", "--index", index)
    assert code == 0, err
    (line,) = [x for x in err.splitlines() if " method=" in x]
    assert line.startswith("ts=")
    assert 'path="/api/search?q=hai+duong" status=200 ms=' in line and line.endswith(" hits=1")
    code, _, err = run("serve", "--index", index, "--no-access-log")
    assert code == 0 and "method=" not in err
