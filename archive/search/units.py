"""Words, not syllables: adjacent query syllables that form a word of this archive.

Vietnamese writes words as syllables ("bóng đá", "giá vàng"); the index holds syllables.
Two adjacent query syllables are one *unit* when the archive's headlines and leads put them
side by side far more often than chance: their count in the title/lead bigram field is at
least ``UNIT_LIFT`` times what two independent syllables of their frequencies would give
(pointwise mutual information; every count is a term statistic the index already keeps,
so the test costs three dictionary lookups). Consecutive unit pairs chain into one unit
("thu tuong chinh phu"). A unit is matched at adjacent positions, each syllable keeping
its accent rule, so totals, every sort, every facet count and the feeds count words.

Run-together input ("hanoi", "bongda", "haiduong") is split into the archive's syllables
when the split is a unit and is far more common than the joined token.

Only queries of up to ``MAX_UNIT_WORDS`` loose syllables are looked at (the cost bound);
quoted phrases, synonyms and exclusions keep their meaning.
"""

from __future__ import annotations

import math
from dataclasses import replace

from archive.analysis import Token
from archive.search.parse import Clause, ParsedQuery
from archive.search.seam import BIGRAM, FOLDED, PostingsLike, SnapshotLike

MAX_UNIT_WORDS = 8
#: A pair is a unit when it stands side by side this many times more often than chance.
UNIT_LIFT = 5.0
#: ... in at least this many articles' headlines and leads (one article is no evidence).
MIN_UNIT_DOCS = 5
#: A run-together token is split when the split is this many times more common.
SPLIT_RATIO = 10.0
MIN_SPLIT_CHARS = 4
#: Longest piece a run-together token is cut into: the longest Vietnamese syllable
#: ("nghiêng") has 7 letters, a loanword or brand a few more.
MAX_PIECE_CHARS = 10


def totals(snap: SnapshotLike) -> tuple[float, float]:
    """Tokens in the folded field and in the title/lead bigram field (cached)."""
    cache: dict[str, tuple[float, float]] = snap.cache("unit-totals", dict)
    found = cache.get("totals")
    if found is None:
        folded = float(snap.postings.lengths(FOLDED)[0].sum()) or 1.0
        pairs = float(snap.postings.lengths(BIGRAM)[0].sum()) or 1.0
        found = cache["totals"] = (folded, pairs)
    return found


def lift(snap: SnapshotLike, a: str, b: str) -> float:
    """How many times more often ``a b`` stands in headlines and leads than by chance."""
    postings: PostingsLike = snap.postings
    pair = f"{a} {b}"
    if postings.doc_frequency(BIGRAM, pair) < MIN_UNIT_DOCS:
        return 0.0
    together = postings.frequency(BIGRAM, pair)
    wa, wb = postings.frequency(FOLDED, a), postings.frequency(FOLDED, b)
    if not wa or not wb:
        return 0.0
    n, n_pairs = totals(snap)
    expected = wa * wb / n * (n_pairs / n)
    return together / expected


def is_unit(snap: SnapshotLike, a: str, b: str) -> bool:
    """True when two folded syllables form a word (or a fixed phrase) of this archive."""
    return lift(snap, a, b) >= UNIT_LIFT


def find_units(snap: SnapshotLike, parsed: ParsedQuery) -> ParsedQuery:
    """Return the query with run-together tokens split and units merged into one clause."""
    loose = [c for c in parsed.include if c.loose]
    if not loose or sum(len(c.tokens) for c in parsed.include) > MAX_UNIT_WORDS:
        return parsed
    clauses = [_split(snap, c) if c.loose else c for c in parsed.include]
    out: list[Clause] = []
    for clause in clauses:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _joinable(prev)
            and _joinable(clause)
            and clause.piece == prev.piece + 1  # typed next to each other
            and is_unit(snap, prev.tokens[-1].folded, clause.tokens[0].folded)
        ):
            # a merged unit carries the piece of its last syllable, for the next test
            out[-1] = Clause(prev.tokens + clause.tokens, piece=clause.piece, unit=True)
            continue
        out.append(clause)
    if [c.tokens for c in out] == [c.tokens for c in parsed.include]:
        return parsed
    return replace(parsed, include=tuple(out))


def _joinable(clause: Clause) -> bool:
    return clause.loose or clause.unit


def _split(snap: SnapshotLike, clause: Clause) -> Clause:
    """Split a run-together token ("hanoi" → "ha noi") when the archive says so."""
    token = clause.tokens[0]
    word = token.folded
    if token.accented or len(word) < MIN_SPLIT_CHARS or not word.isalpha() or not word.isascii():
        return clause
    postings = snap.postings
    joined = postings.doc_frequency(FOLDED, word)
    if joined * SPLIT_RATIO > postings.doc_count / SPLIT_RATIO:
        return clause  # a common word in its own right: no split can be that much commoner
    best: tuple[float, list[str]] | None = None
    splits = [parts for parts in _splits(word) if max(map(len, parts)) <= MAX_PIECE_CHARS]
    pieces = list(dict.fromkeys(p for parts in splits for p in parts))
    known = dict(zip(pieces, postings.stats_many(FOLDED, pieces)[1].tolist(), strict=True))
    for parts in splits:
        if not all(known[p] for p in parts):
            continue
        pairs = list(zip(parts, parts[1:], strict=False))
        lifts = [lift(snap, a, b) for a, b in pairs]
        if min(lifts) < UNIT_LIFT:
            continue
        support = min(postings.doc_frequency(BIGRAM, f"{a} {b}") for a, b in pairs)
        if support < max(MIN_UNIT_DOCS, SPLIT_RATIO * joined):
            continue
        score = sum(math.log(x) for x in lifts) / len(lifts)
        if best is None or score > best[0]:
            best = (score, parts)
    if best is None:
        return clause
    tokens, at = [], token.start
    for i, part in enumerate(best[1]):
        tokens.append(Token(part, part, token.pos + i, at, at + len(part)))
        at += len(part)
    return Clause(tuple(tokens), piece=clause.piece, unit=True)


def _splits(word: str) -> list[list[str]]:
    """Every way to cut ``word`` into two or three pieces."""
    n = len(word)
    out = [[word[:i], word[i:]] for i in range(1, n)]
    out += [[word[:i], word[i:j], word[j:]] for i in range(1, n - 1) for j in range(i + 1, n)]
    return out
