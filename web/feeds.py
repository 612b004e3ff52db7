"""The search as files: CSV of every matching row (streamed) and an Atom feed (newest first)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime

from flask import render_template, request
from werkzeug.wrappers import Response

from archive import Archive, Hit, SearchRequest
from web import observe
from web import strings as S

CSV_COLUMNS = ("id", "title", "date", "topic", "province", "source", "url", "author")
FEED_ENTRIES = 50
# Cells a spreadsheet would run as a formula (CSV injection); they get a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_rows(hits: Iterator[Hit]) -> Iterator[str]:
    """Yield the CSV text row by row, the header first."""
    buf = io.StringIO()
    writer = csv.writer(buf)

    def flush() -> str:
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for hit in hits:
        writer.writerow([hit.id] + [_cell(getattr(hit, c)) for c in CSV_COLUMNS[1:]])
        yield flush()


def csv_response(arc: Archive, state: SearchRequest) -> Response:
    """Stream every hit of the search (the page is ignored) as CSV."""
    hits = arc.iter_hits(state)
    first = next(
        hits, None
    )  # run the first search now: its errors become a 400, not a broken stream

    def all_hits() -> Iterator[Hit]:
        if first is not None:
            yield first
            yield from hits

    return Response(
        csv_rows(all_hits()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="vnarchive.csv"'},
    )


def _stamp(day: str | None) -> str:
    return f"{day}T00:00:00+07:00" if day else "1970-01-01T00:00:00Z"


def atom_response(arc: Archive, state: SearchRequest) -> Response:
    """The newest matching articles as an Atom feed."""
    res = arc.run(state.replace(page=1, per_page=FEED_ENTRIES, sort="newest"))
    observe.record_search(res)
    dated = [h.date for h in res.hits if h.date]
    updated = _stamp(max(dated)) if dated else datetime.now(UTC).isoformat(timespec="seconds")
    body = render_template(
        "atom.xml",
        state=state,
        res=res,
        title=S.FEED_TITLE.format(what=f"«{state.q}»" if state.q else S.FEED_ALL),
        updated=updated,
        stamp=_stamp,
        feed_id=request.url,
    )
    return Response(body, mimetype="application/atom+xml")
