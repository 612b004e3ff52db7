"""The ``vnarchive`` command line (DESIGN §2): thin commands over ``archive`` and ``indexer``."""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from archive import Archive, ArchiveError, InvalidParameterError, SearchRequest
from archive.index.layout import default_index_path
from archive.search.request import DEFAULT_PER_PAGE, SORTS

INDEX_HELP = "Index directory, or a postgresql:// URL (default: $VNARCHIVE_INDEX, else var/index)."


def _index_option(f: Any) -> Any:
    return click.option("--index", "index", type=str, default=None, help=INDEX_HELP)(f)


def _index(path: str | None) -> Any:
    """The index directory, or a ``postgresql://`` URL kept as a string (the PostgreSQL engine)."""
    if path is None:
        env = os.environ.get("VNARCHIVE_INDEX") or ""
        return env if env.startswith(("postgresql://", "postgres://")) else default_index_path()
    return path if path.startswith(("postgresql://", "postgres://")) else Path(path)


def _open(path: str | None) -> Archive:
    try:
        return Archive.open(_index(path))
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None


def _date(param: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.UsageError(f"{param}: {value!r} is not a date in YYYY-MM-DD form") from None


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnarchive")
def main() -> None:
    """Index and search an archive of Vietnamese news articles."""


class _Notices(logging.Handler):
    """Collect the library's warnings (e.g. a stale lock cleared) to show on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@main.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_index_option
@click.option("--full", is_flag=True, help="Rebuild into a new index and swap it in atomically.")
@click.option("--procs", type=click.IntRange(1, 64), default=None, help="Worker processes.")
@click.option(
    "--topic-map",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="JSON file mapping topic names to the names to use instead.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def index_cmd(
    paths: tuple[Path, ...],
    index: str | None,
    full: bool,
    procs: int | None,
    topic_map: Path | None,
    as_json: bool,
) -> None:
    """Index files and folders (.html, .htm, .txt, .jsonl, .jsonl.gz), incrementally."""
    from indexer.inputs import walk
    from indexer.metadata import load_topic_map
    from indexer.pipeline import index_paths

    mapping = load_topic_map(topic_map) if topic_map else None
    target = _index(index)
    show_bar = sys.stderr.isatty() and not as_json
    files, _, _ = walk(list(paths))
    total = sum(f.path.stat().st_size for f in files if f.path.exists())
    notices = _Notices()
    logging.getLogger("archive").addHandler(notices)
    try:
        if show_bar:
            with click.progressbar(length=total, label="Đang lập chỉ mục", file=sys.stderr) as bar:
                report = index_paths(
                    paths, target, full=full, procs=procs, topic_map=mapping, on_progress=bar.update
                )
        else:
            report = index_paths(paths, target, full=full, procs=procs, topic_map=mapping)
    except ArchiveError as exc:  # another writer holds it; a database that cannot be reached
        raise click.ClickException(str(exc)) from None
    finally:
        logging.getLogger("archive").removeHandler(notices)
        for message in notices.messages:
            click.echo(f"vnarchive: {message}", err=True)
    if as_json:
        _dump(report.to_dict())
    else:
        click.echo(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.deleted} deleted, {len(report.failed)} failed in {report.seconds:.1f}s"
        )
        for source, rules in report.boilerplate.items():
            for rule in rules:
                if rule["removed"]:
                    click.echo(
                        f"boilerplate removed from {rule['removed']} articles of {source} "
                        f"({rule['where']}): {rule['text'][:80]!r}"
                    )
        for f in report.failed:
            where = f"{f['path']}:{f['line']}" if f.get("line") else f["path"]
            click.echo(f"failed: {where}: {f['error']}", err=True)
    sys.exit(1 if report.failed else 0)


@main.command("search")
@click.argument("query", required=False, default="")
@click.option("--topic", multiple=True, help="Topic filter (repeat for OR).")
@click.option("--province", multiple=True, help="Province filter (repeat for OR).")
@click.option("--merged", is_flag=True, help="Include provinces merged into the ones given.")
@click.option("--verbatim", is_flag=True, help="Search exactly what was typed (no correction).")
@click.option("--from", "date_from", default=None, help="Earliest date, YYYY-MM-DD.")
@click.option("--to", "date_to", default=None, help="Latest date, YYYY-MM-DD.")
@click.option("--sort", type=click.Choice(SORTS), default=SORTS[0])
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--per-page", type=int, default=DEFAULT_PER_PAGE, show_default=True)
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the JSON of the HTTP API.")
def search_cmd(
    query: str,
    topic: tuple[str, ...],
    province: tuple[str, ...],
    merged: bool,
    verbatim: bool,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    page: int,
    per_page: int,
    index: str | None,
    as_json: bool,
) -> None:
    """Search the archive; an empty QUERY lists the newest articles."""
    try:
        request = SearchRequest(
            query,
            topic=topic,
            province=province,
            date_from=_date("--from", date_from),
            date_to=_date("--to", date_to),
            sort=sort,
            page=page,
            per_page=per_page,
            include_merged=merged,
            verbatim=verbatim,
        )
    except InvalidParameterError as exc:
        raise click.UsageError(f"--{exc.param.replace('_', '-')}: {exc}") from None
    with _open(index) as arc:
        res = arc.run(request)
    if as_json:
        _dump(res.to_dict())
        return
    first = (res.page - 1) * res.per_page + 1
    last = first + len(res.hits) - 1
    click.echo(f"{res.total} results" + (f", showing {first}–{last}" if res.hits else ""))
    if res.notice:
        click.echo(res.notice)
    if res.corrected_from:
        click.echo(f"Tìm chính xác «{res.corrected_from}»: --verbatim")
    if res.suggestion:
        click.echo(f"Có phải bạn muốn tìm: {res.suggestion}")
    for hit in res.hits:
        meta = " · ".join(x for x in (hit.date, hit.topic, hit.province, hit.source) if x)
        click.echo(f"\n{hit.title}\n  {hit.id}\n  {meta}")


@main.command("show")
@click.argument("article_id")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
def show_cmd(article_id: str, index: str | None, as_json: bool) -> None:
    """Show one article by id."""
    with _open(index) as arc:
        art = arc.get(article_id)
    if art is None:
        raise click.ClickException(f"no article with id {article_id!r}")
    if as_json:
        _dump(art.to_dict())
        return
    click.echo(art.title)
    meta = " · ".join(
        x
        for x in (
            art.date.date().isoformat() if art.date else None,
            art.topic,
            art.province,
            art.author,
            art.source,
        )
        if x
    )
    click.echo(meta)
    if art.url:
        click.echo(art.url)
    click.echo("")
    if art.lead:
        click.echo(art.lead + "\n")
    click.echo(art.body)


@main.command("stats")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats_cmd(index: str | None, as_json: bool) -> None:
    """Show article count, facet counts, date range, index size and schema version."""
    with _open(index) as arc:
        data = arc.stats()
    if as_json:
        _dump(data)
        return
    click.echo(
        f"{data['articles']} articles, schema version {data['schema_version']}, "
        f"{data['index_bytes'] / 1e6:.1f} MB at {data['path']}"
    )
    rng = data["date_range"]
    click.echo(f"dates {rng['from']} – {rng['to']} ({data['undated']} undated)")
    for facet, values in data["facets"].items():
        top = ", ".join(f"{v['value']} ({v['count']})" for v in values[:10])
        click.echo(f"{facet}: {top}")


@main.command("export")
@_index_option
def export_cmd(index: str | None) -> None:
    """Write every article as JSON Lines to stdout (re-indexable with `vnarchive index`)."""
    from indexer.export import export_articles

    sys.stdout.flush()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    try:
        export_articles(_index(index), out)
        out.flush()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    except BrokenPipeError:  # `vnarchive export | head`
        sys.exit(0)
    finally:
        out.detach()  # leave sys.stdout open


@main.command("check")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check_cmd(index: str | None, as_json: bool) -> None:
    """Verify the index on disk; exit 1 with the reason when it is damaged."""
    from archive.check import check_index

    target = _index(index)
    if isinstance(target, str):  # a postgresql:// URL: the database keeps its own integrity
        raise click.UsageError(
            "--index: `vnarchive check` verifies an index directory, not a PostgreSQL database"
        )
    report = check_index(target)
    if as_json:
        _dump(report.to_dict())
    elif report.ok:
        click.echo(report.summary())
    if not report.ok:
        if not as_json:
            click.echo(report.summary(), err=True)
        sys.exit(1)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Requests served at once (waitress worker threads).",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="One line per request on stderr (logger vnarchive.access).",
)
@_index_option
def serve_cmd(host: str, port: int, threads: int, access_log: bool, index: str | None) -> None:
    """Serve the web app with a production WSGI server (waitress; never the debugger)."""
    from waitress import serve

    from web import create_app
    from web.observe import ACCESS_LOG

    app = create_app({"INDEX_PATH": str(_index(index))})
    app.debug = False  # whatever FLASK_DEBUG says: waitress, never the Werkzeug debugger
    handler = logging.StreamHandler(sys.stderr)
    # ts first keeps the whole line logfmt: ts=2024-02-20T09:15:00+0700 method=GET …
    handler.setFormatter(logging.Formatter("ts=%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
    level, propagate = ACCESS_LOG.level, ACCESS_LOG.propagate
    if access_log:
        ACCESS_LOG.addHandler(handler)
        ACCESS_LOG.setLevel(logging.INFO)
        ACCESS_LOG.propagate = False  # waitress gives the root logger a handler: one line only
    else:
        ACCESS_LOG.setLevel(logging.WARNING)
    click.echo(f"Serving {_index(index)} on http://{host}:{port}/ ({threads} threads)", err=True)
    try:
        serve(app, host=host, port=port, threads=threads)
    finally:  # serve() returns only in tests; leave the logger as it was
        ACCESS_LOG.removeHandler(handler)
        ACCESS_LOG.setLevel(level)
        ACCESS_LOG.propagate = propagate


if __name__ == "__main__":  # pragma: no cover
    main()
