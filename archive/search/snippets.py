"""Highlighted snippets: escaped text where the only markup is ``<mark>``.

What to mark is a list of *sequences*, one per query word: a syllable, or the syllables
of a phrase or of a word of the archive ("bóng đá"), each to be matched by its exact form
(accented, canonical tones) or by its folded form. A multi-syllable sequence is marked only
where all its syllables stand side by side, so "bong da" never marks a lone "đã"; a folded
form marks every accent form ("hai duong" marks "Hải Dương"), an exact form only itself.
Snippet windows are chosen by the number of distinct sequences they show.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from archive.analysis import (
    TOKEN_RE,
    Token,
    fold,
    fold_aligned,
    folded_words_re,
    iter_raw_tokens,
    normalize,
    syllable_forms,
)

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 40
MAX_SCAN_CHARS = 30_000
FIRST_SCAN_CHARS = 2_000

#: One syllable to match: ``(True, exact form)`` or ``(False, folded form)``.
Form = tuple[bool, str]
Highlights = Sequence[tuple[Form, ...]]


def _tokens(text: str) -> list[Token]:
    out = []
    for pos, m in enumerate(iter_raw_tokens(text)):
        e, f = syllable_forms(m.group())
        out.append(Token(e, f, pos, m.start(), m.end()))
    return out


def _matches(token: Token, form: Form) -> bool:
    return (token.exact if form[0] else token.folded) == form[1]


def find(text: str, wanted: Highlights) -> list[tuple[int, list[Token]]]:
    """Occurrences in normalized ``text``: ``(sequence number, its tokens)``, in order.

    Only the places where a sequence's first syllable stands (found by one regex over the
    folded text) are tokenized; a number as first syllable ("2018" inside "6.2.2018" is no
    token) or a text that does not fold letter for letter takes the token-by-token way
    (:func:`find_by_tokens`).
    """
    firsts = _firsts(wanted)
    if not firsts:
        return []
    flat = fold_aligned(text)
    if flat is None or any(not f.isalpha() for f in firsts):
        return find_by_tokens(text, wanted)
    longest = max(len(seq) for seq in wanted)
    heads = folded_words_re(tuple(sorted({fold(f) for f in firsts})), adjacent=False)
    out: list[tuple[int, list[Token]]] = []
    cursor = 0
    for m in heads.finditer(flat):
        if m.start() < cursor:
            continue
        toks: list[Token] = []
        for tm in TOKEN_RE.finditer(text, m.start()):
            e, f = syllable_forms(tm.group())
            toks.append(Token(e, f, -1, tm.start(), tm.end()))
            if len(toks) == longest:
                break
        hit = _longest(toks, firsts, wanted)
        if hit:
            out.append(hit)
            cursor = hit[1][-1].end
    return out


def _firsts(wanted: Highlights) -> dict[str, list[int]]:
    """First syllable's form → the numbers of the sequences that open with it."""
    firsts: dict[str, list[int]] = {}
    for i, seq in enumerate(wanted):
        if seq:
            firsts.setdefault(seq[0][1], []).append(i)
    return firsts


def _longest(
    toks: list[Token], firsts: dict[str, list[int]], wanted: Highlights
) -> tuple[int, list[Token]] | None:
    """The longest sequence that ``toks`` opens with, or None."""
    t = toks[0]
    hit = None
    for i in firsts.get(t.exact, []) + firsts.get(t.folded, []):
        seq = wanted[i]
        span = toks[: len(seq)]
        if len(span) == len(seq) and all(map(_matches, span, seq)):
            if hit is None or len(seq) > len(hit[1]):
                hit = (i, span)
    return hit


def find_by_tokens(text: str, wanted: Highlights) -> list[tuple[int, list[Token]]]:
    """:func:`find`, tokenizing the whole text (the reference the fast way is tested on)."""
    firsts = _firsts(wanted)
    if not firsts:
        return []
    tokens = _tokens(text)
    out: list[tuple[int, list[Token]]] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        hit = None
        for i in firsts.get(t.exact, []) + firsts.get(t.folded, []):
            seq = wanted[i]
            span = tokens[k : k + len(seq)]
            if len(span) == len(seq) and all(map(_matches, span, seq)):
                if hit is None or len(seq) > len(hit[1]):
                    hit = (i, span)
        if hit:
            out.append(hit)
            k += len(hit[1])
        else:
            k += 1
    return out


def mark(text: str, wanted: Highlights) -> str:
    """Escape ``text`` and wrap every occurrence in ``<mark>`` (adjacent ones share one).

    >>> mark("Hải Dương & <b> hải", [((False, "hai"), (False, "duong"))])
    '<mark>Hải Dương</mark> &amp; &lt;b&gt; hải'
    """
    text = normalize(text)
    return _render(text, 0, len(text), [t for _, span in find(text, wanted) for t in span])


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


def snippet(text: str, wanted: Highlights, max_chars: int = SNIPPET_CHARS) -> str:
    """Return the passage of ``text`` showing the most distinct sequences, highlighted.

    Without any occurrence it returns the escaped opening of the text.
    """
    text = " ".join(normalize(text[:MAX_SCAN_CHARS]).split())
    if not text:
        return ""
    found: list[tuple[int, list[Token]]] = []
    if wanted:
        # most matches sit in the lead or the first paragraphs: scan there first
        found = find(text[:FIRST_SCAN_CHARS], wanted)
        if not found and len(text) > FIRST_SCAN_CHARS:
            found = find(text, wanted)
    if not found:
        lo, hi = 0, min(len(text), max_chars)
    else:
        best_lo, best_score = 0, -1
        j = 0
        for i, (_, span) in enumerate(found):
            lo = max(0, span[0].start - CONTEXT_BEFORE)
            hi = lo + max_chars
            while j < len(found) and found[j][1][-1].end <= hi:
                j += 1
            distinct = len({seq for seq, _ in found[i:j]})
            if distinct > best_score:
                best_lo, best_score = lo, distinct
            if best_score >= len(wanted):
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
    body = _render(text, lo, hi, [t for _, span in found for t in span])
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else "")
