"""Watching the service: ``GET /metrics`` for Prometheus and one access-log line a request.

Every metric lives in a registry of the app's own (tests build many apps; the global
registry would refuse the second set of names). Requests are labelled by route — the URL
rule, ``/articles/<path:article_id>`` — never by the raw path, so no client can make new
series; the snapshot figures are read from the archive when Prometheus scrapes.

The access log goes to the ``vnarchive.access`` logger at INFO, one logfmt line each::

    method=GET path=/api/search?q=hai+duong status=200 ms=4.2 hits=9
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
)
from prometheus_client import generate_latest as render_metrics
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric

from archive import Archive, SearchResult
from web import db

ACCESS_LOG = logging.getLogger("vnarchive.access")
log = logging.getLogger(__name__)

_EXT = "vnarchive.metrics"
UNMATCHED = "unmatched"  # the route label of a request no URL rule matched (404, 405)
# What a search did besides matching the words as typed: SearchResult.fallback values and
# "corrected" (SearchResult.corrected_from, once the engine corrects typos by itself).
REWRITES = ("any_word", "folded", "corrected")
_BARE = re.compile(r"[A-Za-z0-9_./:-]+")

bp = Blueprint("observe", __name__)


class _SnapshotCollector:
    """Read the index figures from the archive at each scrape (nothing to keep in sync)."""

    def __init__(self, archive: Callable[[], Archive]) -> None:
        self._archive = archive

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("vnarchive_index_up", "1 when the index opens, else 0.")
        try:
            arc = self._archive()
            arc.refresh()  # what the next request will see, not what the last one saw
            articles = arc.search("", per_page=1).total
            generation, committed = arc.generation, arc.committed_at
        except Exception:  # noqa: BLE001 - no index yet, or unreadable: say so, never a 500
            log.debug("index unavailable for metrics", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield GaugeMetricFamily("vnarchive_articles", "Articles in the index.", value=articles)
        yield InfoMetricFamily(
            "vnarchive_snapshot",
            "The index generation being served (changes with each commit).",
            value={"generation": generation},
        )
        if committed is not None:
            yield GaugeMetricFamily(
                "vnarchive_snapshot_age_seconds",
                "Seconds since the served snapshot was committed.",
                value=max(0.0, time.time() - committed),
            )


class Metrics:
    """The app's registry and the metrics its requests and searches update."""

    def __init__(self, archive: Callable[[], Archive]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "vnarchive_http_requests",
            "HTTP requests answered, by route (URL rule) and status.",
            ["route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "vnarchive_http_request_duration_seconds",
            "Time to answer a request (to its headers: a streamed CSV goes on after), by route.",
            ["route"],
            registry=self.registry,
        )
        self.searches = Counter(
            "vnarchive_searches", "Searches run (pages, API and feeds).", registry=self.registry
        )
        self.rewrites = Counter(
            "vnarchive_search_fallbacks",
            "Searches answered with a fallback or a correction, by kind: "
            "any_word, folded, corrected.",
            ["kind"],
            registry=self.registry,
        )
        for kind in REWRITES:  # zero from the start, so rate() works before the first one
            self.rewrites.labels(kind)
        self.registry.register(_SnapshotCollector(archive))


def record_search(res: SearchResult) -> None:
    """Count a search the current request ran, and note its hits for the access log."""
    metrics: Metrics = current_app.extensions[_EXT]
    metrics.searches.inc()
    kinds = {res.fallback, "corrected" if getattr(res, "corrected_from", None) else None}
    for kind in kinds - {None}:
        metrics.rewrites.labels(kind).inc()
    g.search_hits = res.total


@bp.get("/metrics")
def metrics() -> Response:
    """The metrics in the Prometheus text format."""
    registry = current_app.extensions[_EXT].registry
    return Response(render_metrics(registry), content_type=CONTENT_TYPE_LATEST)


def logfmt_value(value: str | int | float) -> str:
    """Format one logfmt value: numbers and plain words bare, anything else quoted with
    every quote, backslash and unprintable character (newlines too) escaped.

    >>> logfmt_value(200), logfmt_value("/articles/bai-01"), logfmt_value('/a b"\\nc=1')
    ('200', '/articles/bai-01', '"/a b\\\\"\\\\nc=1"')
    """
    if not isinstance(value, str):
        return str(value)
    if _BARE.fullmatch(value):
        return value
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():  # Vietnamese letters stay readable; \n, \u2028 … do not pass
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return '"' + "".join(out) + '"'


def _started() -> None:
    g.started = time.perf_counter()


def _finished(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    route = request.url_rule.rule if request.url_rule else UNMATCHED
    metrics: Metrics = current_app.extensions[_EXT]
    metrics.requests.labels(route, str(response.status_code)).inc()
    metrics.latency.labels(route).observe(seconds)
    if ACCESS_LOG.isEnabledFor(logging.INFO):
        query = request.query_string.decode("utf-8", "backslashreplace")
        fields: dict[str, str | int | float] = {
            "method": request.method,
            "path": request.path + ("?" + query if query else ""),
            "status": response.status_code,
            "ms": round(seconds * 1000, 1),
        }
        if "search_hits" in g:
            fields["hits"] = g.search_hits
        ACCESS_LOG.info(" ".join(f"{k}={logfmt_value(v)}" for k, v in fields.items()))
    return response


def init_app(app: Flask) -> None:
    """Register ``/metrics`` and the hooks that time, count and log every request.

    Call it before any other ``before_request`` hook: one that stops a request (a 400)
    would otherwise leave it untimed.
    """
    # The *_created series (a timestamp per series) would double the output, and nothing
    # here needs them: counters start at the process start, which Prometheus detects.
    disable_created_metrics()
    app.extensions[_EXT] = Metrics(db.opener(app))
    app.before_request(_started)
    app.after_request(_finished)
    app.register_blueprint(bp)
