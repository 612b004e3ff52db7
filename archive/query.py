"""Turn what a user typed into a Whoosh query (VIETNAMESE.md §3) — pure functions.

User text never reaches Whoosh's query parser: it is split here into quoted phrases,
``-exclusions`` and loose words, every piece is analyzed with :mod:`archive.analysis`, and
the query objects are built directly, so no field syntax, wildcard or parse error leaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from whoosh import query as wq

from archive.analysis import Token, normalize, tokenize
from archive.schema import BIGRAM, EXACT, FOLDED

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 32
#: Boosts of the query parts. An accented term searches the exact field and outranks
#: other accent forms; an adjacent pair in the title/lead bigram field adds a bonus.
SEARCH_BOOSTS = {"exact": 3.0, "folded": 1.0, "bigram": 1.5, "phrase_exact": 3.0}

#: Curated synonym set (VIETNAMESE.md §2): folded syllable sequences that mean Ho Chi Minh City.
HCM_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("tp", "hcm"),
    ("tphcm",),
    ("thanh", "pho", "ho", "chi", "minh"),
    ("tp", "ho", "chi", "minh"),
)

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_PIECE_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class SortMode(StrEnum):
    """How results are ordered."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True)
class Clause:
    """A unit of the query: one syllable, or a phrase (quoted, or a word such as "TP.HCM")."""

    tokens: tuple[Token, ...]
    quoted: bool = False
    synonym: bool = False  # one of HCM_VARIANTS: expands to all of them

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(t.folded for t in self.tokens)

    @property
    def accented(self) -> bool:
        return all(t.accented for t in self.tokens)


@dataclass(frozen=True)
class ParsedQuery:
    """The analyzed query: required clauses, excluded clauses, and the cleaned text."""

    text: str
    include: tuple[Clause, ...]
    exclude: tuple[Clause, ...]

    @property
    def is_empty(self) -> bool:
        return not self.include

    @property
    def has_accents(self) -> bool:
        return any(t.accented for c in self.include for t in c.tokens)

    def highlight_terms(self) -> tuple[frozenset[str], frozenset[str]]:
        """Return ``(exact forms, folded forms)`` to mark in snippets.

        Accented tokens mark only their exact form; unaccented tokens mark every accent form.
        """
        exact: set[str] = set()
        folded: set[str] = set()
        for clause in self.include:
            variants = HCM_VARIANTS if clause.synonym else (clause.folded,)
            if clause.synonym:
                for v in variants:
                    folded.update(v)
                continue
            for t in clause.tokens:
                (exact if t.accented else folded).add(t.exact if t.accented else t.folded)
        return frozenset(exact), frozenset(folded)


def clean_query(text: str) -> str:
    """Bound the length, drop control characters, normalize quotes and spaces."""
    text = _CONTROL_RE.sub(" ", normalize(text or "")[:MAX_QUERY_CHARS])
    return " ".join(text.translate(_QUOTES).split())


def parse_query(text: str) -> ParsedQuery:
    """Split user text into clauses.

    >>> [c.folded for c in parse_query('cán bộ "ho chi minh" -covid TP.HCM').include]
    [('can',), ('bo',), ('ho', 'chi', 'minh'), ('tp', 'hcm')]
    """
    cleaned = clean_query(text)
    include: list[Clause] = []
    exclude: list[Clause] = []
    for m in _PIECE_RE.finditer(cleaned):
        neg, quoted, word = m.group(1), m.group(2), m.group(3)
        if quoted is not None:
            toks = tuple(tokenize(quoted))
            if toks:
                (exclude if neg else include).append(Clause(toks, quoted=True))
            continue
        negative = word.startswith("-") and len(word) > 1
        toks = tuple(tokenize(word[1:] if negative else word))
        if not toks:
            continue
        (exclude if negative else include).append(Clause(toks))
    include = _mark_synonyms(include)[:MAX_CLAUSES]
    return ParsedQuery(cleaned, tuple(include), tuple(exclude[:MAX_CLAUSES]))


def _mark_synonyms(clauses: list[Clause]) -> list[Clause]:
    """Merge loose clauses that spell a Ho Chi Minh City variant into one synonym clause."""
    out: list[Clause] = []
    i = 0
    while i < len(clauses):
        merged = None
        for variant in sorted(HCM_VARIANTS, key=len, reverse=True):
            toks: list[Token] = []
            j = i
            while j < len(clauses) and len(toks) < len(variant) and not clauses[j].quoted:
                toks.extend(clauses[j].tokens)
                j += 1
            if tuple(t.folded for t in toks) == variant:
                merged = (Clause(tuple(toks), synonym=True), j)
                break
        if clauses[i].quoted and clauses[i].folded in HCM_VARIANTS:
            merged = (Clause(clauses[i].tokens, quoted=True, synonym=True), i + 1)
        if merged:
            out.append(merged[0])
            i = merged[1]
        else:
            out.append(clauses[i])
            i += 1
    return out


def _term(token: Token, fold: bool) -> wq.Query:
    if token.accented and not fold:
        return wq.Term(EXACT, token.exact, boost=SEARCH_BOOSTS["exact"])
    return wq.Term(FOLDED, token.folded, boost=SEARCH_BOOSTS["folded"])


def clause_query(clause: Clause, *, fold: bool = False) -> wq.Query:
    """Build the Whoosh query of one clause (``fold`` forces the folded field)."""
    if clause.synonym:
        return wq.Or([_phrase(FOLDED, list(v), 1.0) for v in HCM_VARIANTS])
    if len(clause.tokens) == 1:
        return _term(clause.tokens[0], fold)
    if clause.accented and not fold:
        return _phrase(EXACT, [t.exact for t in clause.tokens], SEARCH_BOOSTS["phrase_exact"])
    if clause.quoted or fold or not any(t.accented for t in clause.tokens):
        return _phrase(FOLDED, list(clause.folded), 1.0)
    # An unquoted word such as "Ha-Nội": keep per-token accent rules, require adjacency.
    return wq.And(
        [_term(t, fold) for t in clause.tokens] + [_phrase(FOLDED, list(clause.folded), 0.0)]
    )


def _phrase(field: str, words: list[str], boost: float) -> wq.Query:
    if len(words) == 1:
        return wq.Term(field, words[0], boost=boost)
    return wq.Phrase(field, words, boost=boost)


def bigram_boost(parsed: ParsedQuery) -> list[wq.Query]:
    """Optional clauses rewarding adjacent query syllables (title/lead bigram field)."""
    tokens = [t for c in parsed.include if not c.synonym for t in c.tokens]
    pairs = {f"{a.folded} {b.folded}" for a, b in zip(tokens, tokens[1:], strict=False)}
    return [wq.Term(BIGRAM, p, boost=SEARCH_BOOSTS["bigram"]) for p in sorted(pairs)]


def build_query(parsed: ParsedQuery, *, any_word: bool = False, fold: bool = False) -> wq.Query:
    """Build the whole query: all clauses required (or any, for the fallback), minus exclusions.

    :param any_word: OR the clauses instead of AND (the fallback when AND finds nothing)
    :param fold: search every token folded (the fallback for an accented query)
    """
    parts = [clause_query(c, fold=fold) for c in parsed.include]
    if not parts:
        base: wq.Query = wq.Every()
    elif len(parts) == 1:
        base = parts[0]
    else:
        base = wq.Or(parts) if any_word else wq.And(parts)
    boosts = bigram_boost(parsed)
    if boosts:
        base = wq.AndMaybe(base, wq.Or(boosts))
    if parsed.exclude:
        excluded = [clause_query(c, fold=not c.accented) for c in parsed.exclude]
        base = wq.AndNot(base, wq.Or(excluded))
    return base
