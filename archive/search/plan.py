"""Plan what to match for a parsed query: leaves per clause and the fallback ladder, as data.

Pure functions (no index): the plan names fields and terms; :mod:`archive.search.match`
executes it. The ladder (VIETNAMESE.md Q4): all words as typed; then, for an accented
query, every word folded; then any word — each rung with the notice it shows.

>>> [step.name for step in make_plan(parse_query("Hà Nội mưa")).steps]
[None, 'folded', 'any_word', 'any_word']
>>> make_plan(parse_query("ha noi")).steps[0].clauses[0].alternatives
((Leaf(field='text_f', words=('ha',), boost=1.0),),)
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


@dataclass(frozen=True)
class Leaf:
    """Match one term (one word) or one phrase (adjacent words) of a field."""

    field: str
    words: tuple[str, ...]
    boost: float


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


def _term(token: Token, fold: bool) -> Leaf:
    if token.accented and not fold:
        return Leaf(EXACT, (token.exact,), BOOSTS["exact"])
    return Leaf(FOLDED, (token.folded,), BOOSTS["folded"])


def clause_plan(clause: Clause, *, fold: bool = False) -> ClausePlan:
    """Plan one clause (``fold`` searches every syllable folded)."""
    if clause.synonym:
        return ClausePlan(tuple((Leaf(FOLDED, v, BOOSTS["folded"]),) for v in HCM_VARIANTS))
    if len(clause.tokens) == 1:
        return ClausePlan(((_term(clause.tokens[0], fold),),))
    if clause.accented and not fold:
        return ClausePlan(((Leaf(EXACT, tuple(t.exact for t in clause.tokens), BOOSTS["exact"]),),))
    if clause.quoted or fold or not any(t.accented for t in clause.tokens):
        return ClausePlan(((Leaf(FOLDED, clause.folded, BOOSTS["folded"]),),))
    # An unquoted word such as "Ha-Nội": per-syllable accent rules, adjacency required.
    terms = tuple(_term(t, fold) for t in clause.tokens)
    return ClausePlan((terms + (Leaf(FOLDED, clause.folded, 0.0),),))


def bigram_boosts(parsed: ParsedQuery) -> tuple[Leaf, ...]:
    """Optional leaves rewarding adjacent query syllables (the title/lead bigram field)."""
    words = [t.folded for c in parsed.include if not c.synonym for t in c.tokens]
    pairs = sorted(set(bigrams(words)))
    return tuple(Leaf(BIGRAM, (p,), BOOSTS["bigram"]) for p in pairs)


def make_plan(parsed: ParsedQuery) -> Plan:
    """Return the ladder of steps for a parsed query."""
    exclude = tuple(clause_plan(c, fold=not c.accented) for c in parsed.exclude)
    if parsed.is_empty:
        return Plan((Step(None, (), False, exclude, ()),), browse=True)
    boosts = bigram_boosts(parsed)

    def step(name: str | None, fold: bool, any_clause: bool, notice: str | None) -> Step:
        clauses = tuple(clause_plan(c, fold=fold) for c in parsed.include)
        return Step(name, clauses, any_clause, exclude, boosts, notice)

    steps = [step(None, False, False, None)]
    if parsed.has_accents:
        typed = parsed.text
        folded = " ".join(t.folded for t in parsed.tokens)
        notice = NOTICE_FOLDED.format(typed=typed, folded=folded)
        steps.append(step("folded", True, False, notice))
    if len(parsed.include) > 1:
        steps.append(step("any_word", False, True, NOTICE_ANY_WORD))
        if parsed.has_accents:
            steps.append(step("any_word", True, True, NOTICE_ANY_WORD))
    return Plan(tuple(steps), browse=False)


def plan_text(text: str) -> Plan:
    """Parse and plan in one call (for suggestions and tests)."""
    return make_plan(parse_query(text))
