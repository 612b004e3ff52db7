"""Parse what a user typed into clauses (VIETNAMESE.md §3) — pure functions.

User text never reaches Whoosh's query parser: it is split here into quoted phrases,
``-exclusions`` and loose words, and every piece is analyzed with :mod:`archive.analysis`;
:mod:`archive.search.plan` turns the clauses into what to match. No field syntax, wildcard
or parse error can leak.

The query budget bounds the work of any query: at most ``MAX_WORDS`` syllables are
searched (a pasted paragraph keeps its first ``MAX_WORDS``) and ``MAX_EXCLUDED``
exclusions; the rest is ignored and :attr:`ParsedQuery.truncated` says so (a notice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from archive.analysis import Token, normalize, tokenize

#: The query budget: syllables searched (titles run to 26 syllables at the 99.9th
#: percentile of the news corpus, so a pasted headline is searched whole) and exclusions.
MAX_WORDS = 32
MAX_EXCLUDED = 8

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


Forms = tuple[tuple[bool, str], ...]  # (exact?, form) per syllable: see search.snippets


@dataclass(frozen=True)
class Clause:
    """A unit of the query: one syllable, or a phrase (quoted, or a word such as "TP.HCM")."""

    tokens: tuple[Token, ...]
    quoted: bool = False
    synonym: bool = False  # one of HCM_VARIANTS: expands to all of them
    piece: int = 0  # which piece of the typed text it came from (pieces split at spaces)
    unit: bool = False  # loose syllables merged into a word of the archive (search.units)
    #: the dominant accented reading of its syllables (exact forms), when one dominates
    reading: tuple[str, ...] | None = None

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(t.folded for t in self.tokens)

    @property
    def accented(self) -> bool:
        return all(t.accented for t in self.tokens)

    @property
    def fitting_reading(self) -> tuple[str, ...] | None:
        """The reading, when it agrees with every syllable typed with diacritics."""
        if self.reading is None:
            return None
        pairs = zip(self.reading, self.tokens, strict=True)
        return self.reading if all(r == t.exact for r, t in pairs if t.accented) else None

    @property
    def loose(self) -> bool:
        """One syllable typed on its own (neither quoted nor a synonym)."""
        return len(self.tokens) == 1 and not self.quoted and not self.synonym

    def highlights(self) -> tuple[Forms, ...]:
        """The sequences of forms that show this clause in a text (see ``snippets``)."""
        if self.synonym:
            return tuple(tuple((False, w) for w in v) for v in HCM_VARIANTS)
        forms = []
        reading = self.fitting_reading
        for i, t in enumerate(self.tokens):
            read = reading[i] if reading else None
            if t.accented and not (self.quoted and not self.accented):
                forms.append((True, t.exact))
            elif read is not None and read != t.folded:
                forms.append((True, read))  # the dominant reading only
            else:
                forms.append((False, t.folded))
        return (tuple(forms),)


@dataclass(frozen=True)
class ParsedQuery:
    """The analyzed query: required clauses, excluded clauses, and the cleaned text."""

    text: str
    include: tuple[Clause, ...]
    exclude: tuple[Clause, ...]
    truncated: bool = False  # the query budget cut words off (they are not searched)

    @property
    def is_empty(self) -> bool:
        return not self.include

    @property
    def has_accents(self) -> bool:
        return any(t.accented for c in self.include for t in c.tokens)

    @property
    def tokens(self) -> list[Token]:
        """Every syllable of the included clauses, in order."""
        return [t for c in self.include for t in c.tokens]

    def highlights(self) -> tuple[Forms, ...]:
        """Every sequence of forms to mark in snippets, one or more per clause."""
        return tuple(seq for clause in self.include for seq in clause.highlights())


def clean_query(text: str) -> str:
    """Drop control characters, normalize quotes and spaces."""
    text = _CONTROL_RE.sub(" ", normalize(text or ""))
    return " ".join(text.translate(_QUOTES).split())


def parse_query(text: str) -> ParsedQuery:
    """Split user text into clauses.

    >>> [c.folded for c in parse_query('cán bộ "ho chi minh" -covid TP.HCM').include]
    [('can',), ('bo',), ('ho', 'chi', 'minh'), ('tp', 'hcm')]
    """
    cleaned = clean_query(text)
    include: list[Clause] = []
    exclude: list[Clause] = []
    for piece, m in enumerate(_PIECE_RE.finditer(cleaned)):
        neg, quoted, word = m.group(1), m.group(2), m.group(3)
        if quoted is not None:
            toks = tuple(tokenize(quoted))
            if toks:
                (exclude if neg else include).append(Clause(toks, quoted=True, piece=piece))
            continue
        negative = word.startswith("-") and len(word) > 1
        toks = tuple(tokenize(word[1:] if negative else word))
        if not toks:
            continue
        (exclude if negative else include).append(Clause(toks, piece=piece))
    kept, cut = _budget(_mark_synonyms(include), MAX_WORDS)
    kept_out, cut_out = _budget(exclude, MAX_EXCLUDED)
    return ParsedQuery(cleaned, tuple(kept), tuple(kept_out), truncated=cut or cut_out)


def _budget(clauses: list[Clause], limit: int) -> tuple[list[Clause], bool]:
    """Keep clauses until ``limit`` syllables; a phrase that crosses it is shortened.

    >>> kept, cut = _budget([Clause(tuple(tokenize("a b c")), quoted=True)], 2)
    >>> [c.folded for c in kept], cut
    ([('a', 'b')], True)
    """
    out: list[Clause] = []
    used = 0
    for clause in clauses:
        room = limit - used
        if room <= 0:
            return out, True
        if len(clause.tokens) > room:
            if not clause.synonym:  # a synonym clause is all or nothing
                out.append(replace(clause, tokens=clause.tokens[:room]))
            return out, True
        out.append(clause)
        used += len(clause.tokens)
    return out, False


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
                merged = (Clause(tuple(toks), synonym=True, piece=clauses[i].piece), j)
                break
        if clauses[i].quoted and clauses[i].folded in HCM_VARIANTS:
            merged = (replace(clauses[i], synonym=True), i + 1)
        if merged:
            out.append(merged[0])
            i = merged[1]
        else:
            out.append(clauses[i])
            i += 1
    return out
