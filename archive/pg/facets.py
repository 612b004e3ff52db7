"""Facet counts by one ``GROUP BY`` in the database, every filter but its own.

The same counts as :func:`archive.search.facets.facet_counts` (Lucene's DrillSideways: a
facet is counted over the matched documents passing every filter except the facet's own),
computed by the server over the matched document numbers instead of from the columns the
snapshot loaded. One statement, one scan of the matched rows: each row contributes one
``(facet, value, passes)`` triple per facet through a ``LATERAL (VALUES …)`` and the triples
that pass are counted by ``GROUP BY facet, value``. Ordering and labels are done here, in
Python, so they do not depend on the database's collation.

Rows of ``docs`` never change but for ``live``, and the matched documents are the
snapshot's live ones, so counting them on the current table gives the snapshot's counts.
"""

from __future__ import annotations

from typing import Any

from psycopg_pool import ConnectionPool

from archive import gazetteer
from archive.pg.schema import q
from archive.results import FacetValue
from archive.search.facets import Filters, day_int, facet_values
from archive.search.request import SearchRequest

TOPIC, PROVINCE, YEAR, MONTH = range(4)


def statement(req: SearchRequest) -> tuple[str, dict[str, Any]]:
    """The ``GROUP BY`` statement of a request's facets and its parameters (``docs`` aside).

    >>> text, params = statement(SearchRequest(topic=("Thể thao",)))
    >>> "d.topic = ANY(%(topics)s)" in text, params
    (True, {'topics': ['Thể thao']})
    """
    params: dict[str, Any] = {}
    t = p = d = "true"
    topics = [v for v in req.topic if v]
    if req.topic:
        t, params["topics"] = "d.topic = ANY(%(topics)s)", topics
    provinces = list(req.province)
    if req.include_merged and provinces:
        provinces = sorted(gazetteer.merged_family(provinces))
    if provinces:
        p, params["provinces"] = "d.province = ANY(%(provinces)s)", [v for v in provinces if v]
    if req.date_from or req.date_to:
        d = "d.day BETWEEN %(lo)s AND %(hi)s"
        params["lo"], params["hi"] = day_int(req.date_from, 0), day_int(req.date_to, 99999999)
    rows = [
        f"({TOPIC}, d.topic, {p} AND {d})",
        f"({PROVINCE}, d.province, {t} AND {d})",
        f"({YEAR}, (d.day / 10000)::text, {t} AND {p} AND d.day > 0)",
    ]
    if req.date_from and req.date_to and req.date_from.year == req.date_to.year:
        params["year"] = req.date_from.year * 10000
        rows.append(
            f"({MONTH}, (d.day / 100)::text, {t} AND {p} "
            f"AND d.day BETWEEN %(year)s AND %(year)s + 9999)"
        )
    text = (
        "SELECT x.f, x.v, count(*) FROM {s}.docs d CROSS JOIN LATERAL (VALUES "
        + ", ".join(rows)
        + ") x(f, v, ok) WHERE d.docnum = ANY(%(docs)b) AND x.ok AND x.v <> '' "
        "GROUP BY x.f, x.v"
    )
    return text, params


def facet_counts(
    pool: ConnectionPool, gen: str, filters: Filters, req: SearchRequest
) -> dict[str, list[FacetValue]]:
    """Count topic, province and year (and month once one year is chosen) in the database."""
    text, params = statement(req)
    params["docs"] = filters.docs.tolist()
    found: dict[int, list[tuple[str, int]]] = {TOPIC: [], PROVINCE: [], YEAR: [], MONTH: []}
    if filters.docs.size:
        with pool.connection() as conn:
            for f, v, c in conn.execute(q(text, gen), params).fetchall():
                found[f].append((v, int(c)))
    by_count = sorted(found[TOPIC], key=lambda vc: (-vc[1], vc[0]))
    out = {
        "topic": facet_values(by_count, list(req.topic)),
        "province": facet_values(
            sorted(found[PROVINCE], key=lambda vc: (-vc[1], vc[0])), list(req.province)
        ),
        "year": [FacetValue(v, c) for v, c in sorted(found[YEAR], key=lambda vc: int(vc[0]))],
    }
    if "year" in params:
        out["month"] = [
            FacetValue(f"{int(v) // 100:04d}-{int(v) % 100:02d}", c)
            for v, c in sorted(found[MONTH], key=lambda vc: int(vc[0]))
        ]
    return out
