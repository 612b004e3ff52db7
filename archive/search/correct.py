"""Spelling correction of a query, in bounded time, for results shown rather than suggested.

A noisy channel over the archive's own statistics, for queries of loose syllables (at most
``units.MAX_UNIT_WORDS``). For each typed word, every known word within two edits
(:mod:`archive.search.spelling`) is scored by how well it sits between its neighbours —
``log P(c | left) + log P(right | c)`` (pair counts of headlines and leads, smoothed; a word
alone: its frequency in the archive; see :func:`_fit`) — minus ``EDIT_COST`` per edit (a
slip is about ``e^EDIT_COST`` times rarer than typing right) and the cost of the letter an
edit puts (:func:`archive.search.spelling.channel_cost`: a letter left out or two swapped
are likelier than a wrong or extra one). The best ``SHORTLIST`` variants are then checked
against the full text: a variant that the archive holds as a phrase beats one it does not.

- A word the archive does not know is always replaced, by the best variant; so is a word
  of fewer than ``MIN_DF`` articles (the archive's own slips) among other words, but only
  by a phrase of more articles than the words as typed.
- A known word is replaced only when the query as typed is no phrase of the archive, the
  variant stands beside a neighbour in some headlines, and either it beats the typed words
  by ``MARGIN`` and is a phrase, or (the headlines do not decide) it is a phrase of at
  least ``EVIDENCE_DOCS`` articles: "ha noi covid" stays as typed, "lanh dac ngan" becomes
  "lãnh đạo ngân…".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from itertools import product

from archive.analysis import Token
from archive.search import match
from archive.search.parse import ParsedQuery
from archive.search.plan import Leaf, Term
from archive.search.rank import BOOSTS
from archive.search.seam import BIGRAM, FOLDED, SnapshotLike
from archive.search.spelling import MIN_DF, channel_cost, edit_distance
from archive.search.units import MAX_UNIT_WORDS, totals

#: log of how much rarer one slip of the fingers is than typing the word right (1 in 20).
EDIT_COST = math.log(20.0)
#: a known word gives way only to a candidate this much likelier (log of 10×).
MARGIN = math.log(10.0)
MAX_CANDIDATES = 40
SHORTLIST = 5  # candidates a word whose phrase is looked up in the full text
MAX_VARIANTS = 9
PRIOR = 100.0  # weight of the archive-wide word frequencies in the pair probabilities
MIN_PAIR_DOCS = 2  # a known word gives way only to one its neighbours stand beside
#: when the typed words are never side by side: the ``EVIDENCE_CHECKS`` likeliest one-edit
#: variants are looked up, and one that ``EVIDENCE_DOCS`` articles hold as a phrase is taken
EVIDENCE_CHECKS = 5
EVIDENCE_DOCS = 10
MIN_LEN = 3  # "a", "o", "da": too short to tell a slip from another word


def correct_query(snap: SnapshotLike, parsed: ParsedQuery) -> ParsedQuery | None:
    """The query with its slips fixed (see the module docstring), or None."""
    if not parsed.include or not all(c.loose for c in parsed.include):
        return None
    words = [c.tokens[0].folded for c in parsed.include]
    if len(words) > MAX_UNIT_WORDS or any(c.tokens[0].accented for c in parsed.include):
        return None
    df = snap.postings.stats_many(FOLDED, words)[1].tolist()
    # a word in fewer than MIN_DF articles is a slip of the archive's own writers (the
    # typo index never offers it): one typed among other words is replaced too, but only
    # by a phrase of more articles than the words as typed
    unknown = [i for i, n in enumerate(df) if not n or (n < MIN_DF and len(words) > 1)]
    if unknown:
        choices = [_shortlist(snap, words, i, 2) or [words[i]] for i in unknown]
        variants = []
        for picked in list(product(*choices))[:MAX_VARIANTS]:
            variant = list(words)
            for i, w in zip(unknown, picked, strict=True):
                variant[i] = w
            variants.append(variant)
        fixed = _pick(snap, words, variants)
        rare = [i for i in unknown if df[i] and fixed[i] != words[i]]
        if rare and _phrase_docs(snap, fixed) <= _phrase_docs(snap, words):
            fixed = words
    elif len(words) >= 2 and not _phrase_docs(snap, words):
        likely: list[list[str]] = []
        plausible: list[tuple[float, list[str]]] = []
        for i in range(len(words)):
            typed = _fit(snap, words, i, words[i])
            for cand in _shortlist(snap, words, i, 1):
                if not _attested(snap, words, i, cand):
                    continue
                variant = words[:i] + [cand] + words[i + 1 :]
                fit = _fit(snap, words, i, cand)
                if fit - EDIT_COST >= typed + MARGIN:
                    likely.append(variant)
                else:
                    plausible.append((fit - _cost(words[i], cand) - typed, variant))
        found = [v for v in likely if _phrase_docs(snap, v)]
        if not found:  # the headlines do not decide: a phrase of many articles does
            plausible.sort(key=lambda p: -p[0])
            found = [
                v for _, v in plausible[:EVIDENCE_CHECKS] if _phrase_docs(snap, v) >= EVIDENCE_DOCS
            ]
        fixed = _pick(snap, words, found) if found else words
    else:
        return None
    if fixed == words:
        return None
    include = [
        replace(c, tokens=(Token(w, w, c.tokens[0].pos, c.tokens[0].start, c.tokens[0].end),))
        for c, w in zip(parsed.include, fixed, strict=True)
    ]
    return replace(parsed, include=tuple(include), text=" ".join(fixed))


def _cost(typed: str, meant: str) -> float:
    """Log-cost of typing ``typed`` for ``meant``: ``EDIT_COST`` an edit, plus the letter
    an edit puts (:func:`archive.search.spelling.channel_cost`)."""
    return EDIT_COST * edit_distance(typed, meant) + channel_cost(typed, meant)


def _pick(snap: SnapshotLike, typed: list[str], variants: list[list[str]]) -> list[str]:
    """The likeliest variant: the full text's phrase count, less the edits it takes.

    A variant the archive never holds as a phrase ranks by its headline pairs (``_fit``).
    """

    def score(v: list[str]) -> tuple[bool, float]:
        cost = sum(map(_cost, typed, v))
        docs = _phrase_docs(snap, v)
        if docs:
            return True, math.log(docs) - cost
        return False, sum(_fit(snap, v, i, w) for i, w in enumerate(v)) - cost

    return max(variants, key=score)


def _phrase_docs(snap: SnapshotLike, words: list[str]) -> int:
    """Articles holding the folded words side by side (1 for a single word it knows)."""
    if len(words) == 1:
        return int(snap.postings.doc_frequency(FOLDED, words[0]) > 0)
    leaf = Leaf(tuple(Term(FOLDED, w, BOOSTS["folded"]) for w in words))
    return int(match.leaf_docs(snap, leaf)[0].size)


def _fit(snap: SnapshotLike, words: list[str], i: int, word: str) -> float:
    """Log-probability of ``word`` at position ``i`` given its neighbours.

    A bigram model of headlines and leads, smoothed towards the word frequencies of the
    whole archive (Dirichlet prior ``PRIOR``): an unseen pair is as likely as chance, a
    rare word earns no bonus for having few neighbours.
    """
    return _score(snap.postings.frequency, totals(snap), words, i, word)


def _fits(snap: SnapshotLike, words: list[str], i: int, cands: list[str]) -> list[float]:
    """``_fit`` of each candidate at ``i``, their statistics read at once."""
    left = [words[i - 1]] if i > 0 else []
    right = [words[i + 1]] if i + 1 < len(words) else []
    pairs = [f"{a} {c}" for a in left for c in cands] + [f"{c} {b}" for b in right for c in cands]
    wanted = {FOLDED: cands + left + right, BIGRAM: pairs}
    known: dict[tuple[str, str], float] = {}
    for field, texts in wanted.items():
        if texts:
            weights = snap.postings.stats_many(field, texts)[0].tolist()
            known.update(zip(((field, t) for t in texts), weights, strict=True))
    n_totals = totals(snap)
    return [_score(lambda f, t: known[(f, t)], n_totals, words, i, c) for c in cands]


def _score(
    frequency: Callable[[str, str], float],
    n_totals: tuple[float, float],
    words: list[str],
    i: int,
    word: str,
) -> float:
    """``_fit`` from a term weight lookup and the token totals (``units.totals``)."""
    n, n_pairs = n_totals

    def p_word(w: str) -> float:
        return (frequency(FOLDED, w) + 0.5) / n

    def p_next(a: str, b: str) -> float:  # P(b follows a)
        seen = frequency(BIGRAM, f"{a} {b}")
        return (seen + PRIOR * p_word(b)) / (frequency(FOLDED, a) * n_pairs / n + PRIOR)

    score = math.log(p_next(words[i - 1], word)) if i > 0 else math.log(p_word(word))
    if i + 1 < len(words):
        score += math.log(p_next(word, words[i + 1]))
    return score


def _attested(snap: SnapshotLike, words: list[str], i: int, word: str) -> bool:
    """True when ``word`` at ``i`` stands beside a neighbour in some headlines or leads."""
    postings = snap.postings
    pairs = []
    if i > 0:
        pairs.append(f"{words[i - 1]} {word}")
    if i + 1 < len(words):
        pairs.append(f"{word} {words[i + 1]}")
    return any(postings.doc_frequency(BIGRAM, p) >= MIN_PAIR_DOCS for p in pairs)


def _shortlist(snap: SnapshotLike, words: list[str], i: int, max_edits: int) -> list[str]:
    """The ``SHORTLIST`` best known replacements of ``words[i]`` within ``max_edits``."""
    spelling = snap.spelling
    typed = words[i]
    if len(typed) < MIN_LEN:
        return []
    scored = []
    for cand in spelling.candidates(typed):
        dist = edit_distance(typed, cand)
        if cand != typed and dist <= max_edits:
            scored.append((spelling.frequency(cand), dist, cand))
    scored.sort(reverse=True)
    top = scored[:MAX_CANDIDATES]
    fits = _fits(snap, words, i, [c for _, _, c in top])
    ranked = sorted(
        ((f - _cost(typed, c), c) for f, (_, _d, c) in zip(fits, top, strict=True)),
        reverse=True,
    )
    return [c for _, c in ranked[:SHORTLIST]]
