"""Parsing user text into clauses, and the query budget."""

from __future__ import annotations

from archive.search.parse import MAX_EXCLUDED, MAX_WORDS, parse_query


def _word(i: int) -> str:
    """A distinct one-syllable word of letters (digits would split it: rule T3)."""
    return "".join(chr(ord("a") + int(d)) for d in str(i)) + "x"


def test_pieces() -> None:
    parsed = parse_query('cán bộ "ho chi minh" -covid TP.HCM «Hà Nội»')
    assert [c.folded for c in parsed.include] == [
        ("can",), ("bo",), ("ho", "chi", "minh"), ("tp", "hcm"), ("ha", "noi")
    ]  # fmt: skip
    assert [c.quoted for c in parsed.include] == [False, False, True, False, True]
    assert parsed.include[3].synonym
    assert [c.folded for c in parsed.exclude] == [("covid",)]


def test_only_exclusions_is_empty() -> None:
    parsed = parse_query("-covid -!!!")
    assert parsed.is_empty and [c.folded for c in parsed.exclude] == [("covid",)]


def test_budget_keeps_the_first_words() -> None:
    words = [_word(i) for i in range(MAX_WORDS + 10)]
    parsed = parse_query(" ".join(words))
    assert parsed.truncated and [t.folded for t in parsed.tokens] == words[:MAX_WORDS]
    assert not parse_query(" ".join(words[:MAX_WORDS])).truncated


def test_budget_shortens_a_long_phrase_and_caps_exclusions() -> None:
    phrase = " ".join(["a"] * (MAX_WORDS + 5))
    parsed = parse_query(f'"{phrase}"')
    assert parsed.truncated and len(parsed.include[0].tokens) == MAX_WORDS
    parsed = parse_query(" ".join("-" + _word(i) for i in range(MAX_EXCLUDED + 3)))
    assert parsed.truncated and len(parsed.exclude) == MAX_EXCLUDED


def test_run_together_paste_is_bounded() -> None:
    parsed = parse_query("ha noiha noiha noi" * 8)
    assert len(parsed.tokens) <= MAX_WORDS
