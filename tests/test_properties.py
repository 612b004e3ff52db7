"""Property-based tests (hypothesis): the text rules are stable and no input breaks search.

- ``normalize`` and ``canonical`` are idempotent; ``fold`` is stable and agrees with
  ``canonical``; folded tokens carry no combining marks (and Vietnamese ones are ASCII).
- ``parse_query`` + ``make_plan`` never raise, whatever Unicode is typed, and keep the
  query budget (at most ``MAX_WORDS`` syllables searched, ``MAX_EXCLUDED`` exclusions).
- ``Archive.search`` on a small index never raises for any query and any valid filters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive import Archive, ArchiveWriter, Article
from archive.analysis import (
    bigrams,
    canonical,
    fold,
    fold_keep_case,
    fold_syllable,
    folded_words,
    new_style,
    normalize,
    tokenize,
)
from archive.index.schema import analyze_value, search_value
from archive.models import VN_TZ
from archive.search import rank
from archive.search.parse import MAX_EXCLUDED, MAX_WORDS, parse_query
from archive.search.plan import make_plan
from archive.search.snippets import find

# Text that looks like Vietnamese news (precomposed and decomposed marks, both tone
# placements, đ/Đ, eth, odd spaces, zero-width characters, quotes and query syntax) mixed
# with anything else Unicode has.
VIET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠĐÈÉÌÍÒÓÙÚÝ"
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"  # combining tones and shapes
    "\u00d0\u00f0\u00a0\u200b\u200d\ufeff\u00ad\u3000"  # eth, odd spaces, zero-width
    " -\"'“”«».,:;/()*?~^!&|+0123456789\t\n\r\x00\x1f\x7f"
)
viet_text = st.text(alphabet=st.sampled_from(VIET), max_size=80)
any_text = st.one_of(
    viet_text, st.text(max_size=80), st.text(alphabet=st.characters(), max_size=80)
)
# Letters that fold to ASCII: the Vietnamese alphabet, any case and tone.
_VIET_LETTERS = frozenset(c for c in VIET[: VIET.index("\u0300")] if c.isalpha())


@given(any_text)
@example("Vie\u0323\u0302t Nam\u00a0hoà thuỷ")
@example("\u00d0\u00f0\u2000\u2001\ufeff")
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
@example("UỶ BAN Khánh Hoà, QÚY, gìa, İstanbul ﬁ ß")
def test_canonical_is_idempotent(text: str) -> None:
    once = canonical(text)
    assert canonical(once) == once


@given(any_text)
@example("Hải Dương, Đà Nẵng, ĐƯỜNG, İ, ǅ")
def test_fold_is_stable(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(canonical(text)) == folded


@given(any_text)
@example("Đường Nguyễn Huệ tăng 8,11% TP.HCM")
def test_folded_tokens_have_no_combining_marks(text: str) -> None:
    for token in tokenize(text):
        assert not any(unicodedata.category(c) == "Mn" for c in token.folded), token
        if all(c in _VIET_LETTERS for c in token.exact):
            assert token.folded.isascii(), token
        assert token.accented == (token.exact != token.folded)


LONG = "đường " * 2000 + '"' * 300 + "-" * 300


@settings(max_examples=200, deadline=None)
@given(st.one_of(any_text, st.text(max_size=3000)))
@example(LONG)
@example('"unclosed -"" --x -"" """ * ? ~ ^ title:x AND OR NOT ( ) [ ]')
@example("\x00\x01\x02\x7f\u2028\u2029\ud7ff\U0010ffff")
@example("TP.HCM TPHCM TP HCM Thành phố Hồ Chí Minh " * 20)
def test_query_parsing_never_raises(text: str) -> None:
    parsed = parse_query(text)
    plan = make_plan(parsed)
    parsed.highlights()
    assert plan.steps
    assert len(parsed.tokens) <= MAX_WORDS
    assert sum(len(c.tokens) for c in parsed.exclude) <= MAX_EXCLUDED
    words = len(tokenize(text))
    assert (
        parsed.truncated or len(parsed.tokens) + sum(len(c.tokens) for c in parsed.exclude) <= words
    )


@settings(max_examples=300)
@given(viet_text)
@example("Hoà Bình, THUỶ điện; Ðà Nẵng 8,11% TP.HCM")
def test_every_caller_gets_the_one_text_rule(text: str) -> None:
    """The schema, snippets, ranking, the gazetteer and folding all agree with ``tokenize``."""
    tokens = tokenize(text)
    folded = [t.folded for t in tokens]
    # one fold: running text, tokens and the ranking's adjacent pairs
    assert folded_words(text) == folded
    assert [fold_syllable(t.exact) for t in tokens] == folded
    assert [fold(t.exact) for t in tokens] == folded
    assert rank._folded_text({"title": text}) == " " + " ".join(folded) + " "
    # one index-time analysis: the schema's terms are tokenize's
    terms = analyze_value(search_value(text, "", ""))
    assert sorted(terms.folded.positions) == sorted(set(folded))
    assert sorted(terms.exact.positions) == sorted({t.exact for t in tokens if t.accented})
    assert sorted(terms.bigram.positions) == sorted(set(bigrams(folded)))
    # the snippet scanner finds the same forms; the gazetteer's folds agree
    found = find(normalize(text), [((False, f),) for f in set(folded)])
    assert [span[0].folded for _, span in found] == folded
    assert fold_keep_case(text).lower() == fold(text)
    assert canonical(new_style(text)) == canonical(text)


# --- Archive.search on a small index ---------------------------------------------------
TOPICS = ["Thời sự", "Kinh tế", "Giáo dục"]
PROVINCES = ["Hà Nội", "Hải Dương", "Hải Phòng", "Thừa Thiên Huế", "Thành phố Hồ Chí Minh"]
WORDS = ["đường", "Hải Dương", "hoà bình", "thuỷ điện", "TP.HCM", "kinh tế", "2024", "8,5%"]


def _article(i: int) -> Article:
    return Article(
        id=f"p-{i}",
        title=f"{WORDS[i % len(WORDS)]} {WORDS[(i * 3) % len(WORDS)]} số {i}",
        lead=f"Mở đầu {WORDS[(i + 1) % len(WORDS)]}.",
        body=f"Thân bài {WORDS[(i + 2) % len(WORDS)]} {i}.\n\n{WORDS[(i + 5) % len(WORDS)]}",
        topic=TOPICS[i % len(TOPICS)] if i % 5 else None,
        province=PROVINCES[i % len(PROVINCES)] if i % 4 else None,
        date=datetime(2020 + i % 6, 1 + i % 12, 1 + i % 28, tzinfo=VN_TZ) if i % 7 else None,
        source="Báo Mẫu",
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    path: Path = tmp_path_factory.mktemp("props") / "index"
    with ArchiveWriter(path) as w:
        for i in range(24):
            w.add(_article(i), content_hash="x", src="t")
    with Archive.open(path) as arc:
        yield arc


dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
filter_values = st.lists(st.one_of(st.sampled_from(PROVINCES + TOPICS), any_text), max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    query=st.one_of(any_text, st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join)),
    topic=filter_values,
    province=filter_values,
    span=st.tuples(st.none() | dates, st.none() | dates),
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
    page=st.integers(1, 10_000),
    per_page=st.integers(1, 100),
    merged=st.booleans(),
)
def test_search_never_raises(
    archive: Archive,
    query: str,
    topic: list[str],
    province: list[str],
    span: tuple[date | None, date | None],
    sort: str,
    page: int,
    per_page: int,
    merged: bool,
) -> None:
    lo, hi = span
    if lo and hi and lo > hi:
        lo, hi = hi, lo
    res = archive.search(
        query,
        topic=topic,
        province=province,
        date_from=lo,
        date_to=hi,
        sort=sort,
        page=page,
        per_page=per_page,
        include_merged=merged,
    )
    assert 0 <= len(res.hits) <= per_page and res.total >= 0
    assert (res.page, res.per_page) == (page, per_page)
    data = res.to_dict()
    assert set(data["facets"]) >= {"topic", "province", "year"}
    assert len({h["id"] for h in data["hits"]}) == len(data["hits"])
