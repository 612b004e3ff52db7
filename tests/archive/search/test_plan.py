"""Planning: which field each syllable searches, and the fallback ladder as data."""

from __future__ import annotations

from archive.search.parse import parse_query
from archive.search.plan import NOTICE_ANY_WORD, Term, make_plan
from archive.search.seam import BIGRAM, EXACT, FOLDED


def _terms(q: str) -> list[list[tuple[str, str]]]:
    step = make_plan(parse_query(q)).steps[0]
    return [
        [(t.field, t.text) for t in alt[0].terms] for c in step.clauses for alt in c.alternatives
    ]


def test_accent_rule_per_syllable() -> None:
    assert _terms("Ha Nội") == [[(FOLDED, "ha")], [(EXACT, "nội")]]
    assert _terms("Ha-Nội") == [[(FOLDED, "ha"), (EXACT, "nội")]]  # one word: adjacent
    assert _terms('"Ha Nội"') == [[(FOLDED, "ha"), (FOLDED, "noi")]]  # quoted, not all accented
    assert _terms('"Hà Nội"') == [[(EXACT, "hà"), (EXACT, "nội")]]


def test_synonym_clause_has_every_variant() -> None:
    step = make_plan(parse_query("tphcm")).steps[0]
    variants = [tuple(t.text for t in alt[0].terms) for alt in step.clauses[0].alternatives]
    assert ("tp", "hcm") in variants and ("thanh", "pho", "ho", "chi", "minh") in variants


def test_ladder() -> None:
    plan = make_plan(parse_query("Hà Nội mưa"))
    assert [(s.name, s.any_clause) for s in plan.steps] == [
        (None, False), ("folded", False), ("any_word", True), ("any_word", True)
    ]  # fmt: skip
    assert plan.steps[1].notice and "ha noi mua" in plan.steps[1].notice
    assert plan.steps[2].notice == NOTICE_ANY_WORD and plan.steps[2].any_clause
    assert [s.name for s in make_plan(parse_query("ha noi")).steps] == [None, "any_word"]
    assert [s.name for s in make_plan(parse_query("hanoi")).steps] == [None]


def test_bigram_boosts_and_browse() -> None:
    step = make_plan(parse_query("giá vàng tăng")).steps[0]
    assert step.boosts[0].terms == (Term(BIGRAM, "gia vang", 1.5),)
    plan = make_plan(parse_query("-covid"))
    assert plan.browse and plan.steps[0].exclude
