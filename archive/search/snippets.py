"""Highlighted snippets: escaped text where the only markup is ``<mark>``.

Matching uses the analyzed forms, so a folded query ("hai duong") marks the original
accented words ("Hải Dương") while an accented query marks only its own form.
"""

from __future__ import annotations

import html

from archive.analysis import Token, iter_raw_tokens, normalize, syllable_forms

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 40
MAX_SCAN_CHARS = 30_000
FIRST_SCAN_CHARS = 2_000


def _find(text: str, exact: frozenset[str], folded: frozenset[str]) -> list[Token]:
    """Tokens of normalized ``text`` whose exact or folded form is wanted (fast scan)."""
    out = []
    for pos, m in enumerate(iter_raw_tokens(text)):
        e, f = syllable_forms(m.group())
        if e in exact or f in folded:
            out.append(Token(e, f, pos, m.start(), m.end()))
    return out


def mark(text: str, exact: frozenset[str], folded: frozenset[str]) -> str:
    """Escape ``text`` and wrap every matching word in ``<mark>`` (adjacent words share one).

    >>> mark("Hải Dương & <b>", frozenset(), frozenset({"hai", "duong"}))
    '<mark>Hải Dương</mark> &amp; &lt;b&gt;'
    """
    text = normalize(text)
    return _render(text, 0, len(text), _find(text, exact, folded))


def _render(text: str, lo: int, hi: int, hits: list[Token]) -> str:
    out: list[str] = []
    cursor = lo
    open_mark = False
    for t in hits:
        if t.start < lo or t.end > hi:
            continue
        gap = text[cursor : t.start]
        if open_mark and gap.strip() == "":
            out.append(html.escape(gap))
        else:
            if open_mark:
                out.append("</mark>")
            out.append(html.escape(gap))
            out.append("<mark>")
        out.append(html.escape(text[t.start : t.end]))
        open_mark = True
        cursor = t.end
    if open_mark:
        out.append("</mark>")
    out.append(html.escape(text[cursor:hi]))
    return "".join(out)


def snippet(
    text: str, exact: frozenset[str], folded: frozenset[str], max_chars: int = SNIPPET_CHARS
) -> str:
    """Return the passage of ``text`` with the most distinct matched words, highlighted.

    Without any match it returns the escaped opening of the text.
    """
    text = " ".join(normalize(text[:MAX_SCAN_CHARS]).split())
    if not text:
        return ""
    hits: list[Token] = []
    if exact or folded:
        # most matches sit in the lead or the first paragraphs: scan there first
        hits = _find(text[:FIRST_SCAN_CHARS], exact, folded)
        if not hits and len(text) > FIRST_SCAN_CHARS:
            hits = _find(text, exact, folded)
    wanted = len(exact) + len(folded)
    if not hits:
        lo, hi = 0, min(len(text), max_chars)
    else:
        best_lo, best_score = 0, -1
        j = 0
        for i, h in enumerate(hits):
            lo = max(0, h.start - CONTEXT_BEFORE)
            hi = lo + max_chars
            while j < len(hits) and hits[j].end <= hi:
                j += 1
            window = hits[i:j]
            distinct = len({t.exact if t.exact in exact else t.folded for t in window})
            if distinct > best_score:
                best_lo, best_score = lo, distinct
            if best_score >= wanted:
                break
        lo = best_lo
        hi = min(len(text), lo + max_chars)
    # widen to word boundaries
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < lo + 20 else lo
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo + max_chars // 2 else hi
    body = _render(text, lo, hi, hits)
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else "")
