"""Present a search: hits with snippets, the suggestion, notices, the result object."""

from __future__ import annotations

import html

from archive.results import FacetValue, Hit, SearchResult
from archive.search.match import Matched
from archive.search.parse import MAX_WORDS, ParsedQuery
from archive.search.plan import NOTICE_CORRECTED, NOTICE_TRUNCATED
from archive.search.request import SearchRequest, SortMode
from archive.search.seam import SnapshotLike
from archive.search.snippets import mark, snippet


def hit(
    snap: SnapshotLike, parsed: ParsedQuery | None, docnum: int, score: float, light: bool
) -> Hit:
    """The hit of one document; ``light`` (export rows) skips the snippet and marks."""
    doc = snap.stored(docnum)
    wanted = parsed.highlights() if parsed else ()
    title = doc.get("title", "")
    text = (doc.get("lead") or "") + "\n" + (doc.get("body") or "")
    raw_date = doc.get("date")
    return Hit(
        id=doc.get("id", ""),
        title=title,
        topic=doc.get("topic"),
        province=doc.get("province"),
        date=raw_date[:10] if raw_date else None,
        source=doc.get("source"),
        url=doc.get("url"),
        author=doc.get("author"),
        snippet="" if light else snippet(text, wanted),
        score=score,
        title_html=html.escape(title) if light else mark(title, wanted),
    )


def notice(parsed: ParsedQuery, matched: Matched, corrected: str | None = None) -> str | None:
    """The sentences telling the user which fallback was taken or what was ignored."""
    parts = [matched.step.notice] if matched.step.notice else []
    if corrected is not None:
        parts.insert(0, NOTICE_CORRECTED.format(shown=corrected))
    if parsed.truncated:
        parts.append(NOTICE_TRUNCATED.format(n=MAX_WORDS))
    return " ".join(parts) or None


def result(
    req: SearchRequest,
    parsed: ParsedQuery,
    matched: Matched,
    total: int,
    hits: list[Hit],
    facets: dict[str, list[FacetValue]],
    mode: SortMode,
    suggestion: str | None,
    *,
    corrected: tuple[str, str] | None = None,
) -> SearchResult:
    """Assemble the :class:`SearchResult` (its ``filters`` report the sort applied).

    ``corrected`` is ``(query shown, query typed)`` when the hits are a corrected query's.
    """
    filters = req.filters()
    filters["sort"] = mode.value
    shown, typed = corrected if corrected else (parsed.text, None)
    return SearchResult(
        query=shown,
        total=total,
        page=req.page,
        per_page=req.per_page,
        hits=hits,
        facets=facets,
        suggestion=suggestion,
        notice=notice(parsed, matched, shown if corrected else None),
        fallback="corrected" if corrected else matched.step.name,
        filters=filters,
        corrected_from=typed,
    )
