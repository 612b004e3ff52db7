"""Plan what to match for a parsed query: leaves per clause and the fallback ladder, as data.

Pure functions (no index): the plan names fields and terms; :mod:`archive.search.match`
executes it. The ladder (VIETNAMESE.md Q4): all words as typed; then, for an accented
query, every word folded; then any word — each rung with the notice it shows.

>>> [step.name for step in make_plan(parse_query("Hà Nội mưa")).steps]
[None, 'folded', 'any_word', 'any_word']
>>> make_plan(parse_query("ha noi")).steps[0].clauses[0].alternatives
((Leaf(terms=(Term(field='text_f', text='ha', boost=1.0),)),),)
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.analysis import Token, bigrams
from archive.search.parse import HCM_VARIANTS, Clause, ParsedQuery, parse_query
from archive.search.rank import BOOSTS
from archive.search.seam import BIGRAM, EXACT, FOLDED

NOTICE_ANY_WORD = "Không có kết quả chứa tất cả các từ; hiển thị kết quả chứa một trong các từ."
NOTICE_FOLDED = "Không có kết quả cho «{typed}»; kết quả cho «{folded}»."
NOTICE_TRUNCATED = "Truy vấn quá dài: chỉ tìm {n} từ đầu tiên."
NOTICE_CORRECTED = "Đang hiển thị kết quả cho «{shown}»."


@dataclass(frozen=True)
class Term:
    """One term of one field, and the boost of its score."""

    field: str
    text: str
    boost: float


@dataclass(frozen=True)
class Leaf:
    """One term, or a phrase: terms at consecutive positions, each in its own field (the
    exact and the folded field number a document's syllables alike)."""

    terms: tuple[Term, ...]


@dataclass(frozen=True)
class ClausePlan:
    """A document matches a clause when it matches every leaf of one alternative."""

    alternatives: tuple[tuple[Leaf, ...], ...]


@dataclass(frozen=True)
class Step:
    """One rung of the ladder: required clauses (all, or any), exclusions, score boosts."""

    name: str | None  # None (as typed), "folded" or "any_word": SearchResult.fallback
    clauses: tuple[ClausePlan, ...]
    any_clause: bool
    exclude: tuple[ClausePlan, ...]
    boosts: tuple[Leaf, ...]
    notice: str | None = None


@dataclass(frozen=True)
class Plan:
    """The ladder of steps for one query; ``browse`` (no words) matches every document."""

    steps: tuple[Step, ...]
    browse: bool


def _term(token: Token, fold: bool) -> Term:
    """A syllable typed with diacritics searches the exact field, else the folded one."""
    if token.accented and not fold:
        return Term(EXACT, token.exact, BOOSTS["exact"])
    return Term(FOLDED, token.folded, BOOSTS["folded"])


def _folded(words: tuple[str, ...]) -> Leaf:
    return Leaf(tuple(Term(FOLDED, w, BOOSTS["folded"]) for w in words))


def clause_plan(clause: Clause, *, fold: bool = False) -> ClausePlan:
    """Plan one clause (``fold`` searches every syllable folded).

    A quoted phrase with a syllable typed without diacritics is searched folded whole
    (Q3); a word joined by punctuation ("Ha-Nội", "TP.HCM") keeps the accent rule of each
    syllable and requires them adjacent.
    """
    if clause.synonym:
        return ClausePlan(tuple((_folded(v),) for v in HCM_VARIANTS))
    if clause.quoted and not clause.accented:
        return ClausePlan(((_folded(clause.folded),),))
    return ClausePlan(((Leaf(tuple(_term(t, fold) for t in clause.tokens)),),))


def bigram_boosts(parsed: ParsedQuery) -> tuple[Leaf, ...]:
    """Optional leaves rewarding adjacent query syllables (the title/lead bigram field)."""
    words = [t.folded for c in parsed.include if not c.synonym for t in c.tokens]
    pairs = sorted(set(bigrams(words)))
    return tuple(Leaf((Term(BIGRAM, p, BOOSTS["bigram"]),)) for p in pairs)


def reading_boosts(parsed: ParsedQuery) -> tuple[Leaf, ...]:
    """Optional leaves ranking first the documents that hold the words' dominant readings."""
    out = []
    for clause in parsed.include:
        reading = clause.fitting_reading
        if reading:
            for form, token in zip(reading, clause.tokens, strict=True):
                if not token.accented and form != token.folded:
                    out.append(Leaf((Term(EXACT, form, BOOSTS["reading"]),)))
    return tuple(out)


def make_plan(parsed: ParsedQuery, syllables: ParsedQuery | None = None) -> Plan:
    """Return the ladder of steps for a parsed query.

    ``parsed`` may hold words of the archive (:mod:`archive.search.units`); ``syllables`` is
    the same query as typed, one clause a syllable: the rung below the words, "syllables
    anywhere", before the folded and any-word rungs.
    """
    exclude = tuple(clause_plan(c, fold=not c.accented) for c in parsed.exclude)
    if parsed.is_empty:
        return Plan((Step(None, (), False, exclude, ()),), browse=True)
    boosts = bigram_boosts(parsed) + reading_boosts(parsed)
    rungs = (
        [parsed]
        if syllables is None or syllables.include == parsed.include
        else [parsed, syllables]
    )

    def step(q: ParsedQuery, name: str | None, fold: bool, any_clause: bool) -> Step:
        clauses = tuple(clause_plan(c, fold=fold) for c in q.include)
        notice = None
        if name == "folded":
            folded = " ".join(t.folded for t in q.tokens)
            notice = NOTICE_FOLDED.format(typed=q.text, folded=folded)
        elif name == "any_word":
            notice = NOTICE_ANY_WORD
        return Step(name, clauses, any_clause, exclude, boosts, notice)

    steps = [step(q, None, False, False) for q in rungs]
    if parsed.has_accents:
        steps += [step(q, "folded", True, False) for q in rungs]
    last = rungs[-1]
    if len(last.include) > 1:
        steps.append(step(last, "any_word", False, True))
        if last.has_accents:
            steps.append(step(last, "any_word", True, True))
    return Plan(tuple(steps), browse=False)


def plan_text(text: str) -> Plan:
    """Parse and plan in one call (for suggestions and tests)."""
    return make_plan(parse_query(text))
