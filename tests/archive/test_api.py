"""The Archive API: filters, disjunctive facets, sorting, paging, fallbacks, suggestions."""

import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import Archive, ArchiveWriter, Article, IndexNotFoundError, InvalidParameterError
from archive.index.layout import META, current_generation
from archive.search.parse import MAX_WORDS
from tests.archive.conftest import ARTICLES, BY_ID, ids


def facet(res, name):  # type: ignore[no-untyped-def]
    return {v.value: v.count for v in res.facets[name]}


def test_to_dict_has_the_design_shape(arc: Archive) -> None:
    data = arc.search("hai duong").to_dict()
    assert set(data) >= {"query", "total", "page", "per_page", "hits", "facets", "suggestion"}
    hit = data["hits"][0]
    assert set(hit) == {
        "id",
        "title",
        "topic",
        "province",
        "date",
        "source",
        "url",
        "author",
        "snippet",
        "score",
    }
    assert set(data["facets"]) == {"topic", "province", "year"}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_browse_mode_lists_everything_newest_first(arc: Archive) -> None:
    res = arc.search("", per_page=100)
    assert res.total == len(ARTICLES)
    dated = [h.date for h in res.hits if h.date]
    assert dated == sorted(dated, reverse=True)
    assert res.hits[-1].date is None  # undated last


def test_filters_or_within_a_facet_and_across_facets(arc: Archive) -> None:
    hn = ids(arc, "", province=["Hà Nội"])
    dn = ids(arc, "", province=["Đà Nẵng"])
    both = ids(arc, "", province=["Hà Nội", "Đà Nẵng"])
    assert both == hn | dn
    hn_kt = ids(arc, "", province=["Hà Nội"], topic=["Kinh tế"])
    assert hn_kt == {a.id for a in ARTICLES if a.province == "Hà Nội" and a.topic == "Kinh tế"}


def test_facet_counts_are_disjunctive(arc: Archive) -> None:
    res = arc.search("", province=["Hà Nội"])
    # the province facet ignores its own filter: other provinces stay visible with counts
    prov = facet(res, "province")
    assert prov["Đà Nẵng"] == sum(1 for a in ARTICLES if a.province == "Đà Nẵng")
    assert prov["Hà Nội"] == res.total
    # the topic facet applies the province filter
    topics = facet(res, "topic")
    assert topics["Kinh tế"] == sum(
        1 for a in ARTICLES if a.province == "Hà Nội" and a.topic == "Kinh tế"
    )
    assert [v.selected for v in res.facets["province"] if v.value == "Hà Nội"] == [True]


def test_facets_sorted_by_count_and_year_by_year(arc: Archive) -> None:
    res = arc.search("")
    counts = [v.count for v in res.facets["topic"]]
    assert counts == sorted(counts, reverse=True)
    years = [v.value for v in res.facets["year"]]
    assert years == sorted(years)
    assert "month" not in res.facets


def test_month_facet_once_a_year_is_chosen(arc: Archive) -> None:
    res = arc.search("", date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    months = facet(res, "month")
    assert months["2024-02"] == 3
    assert all(k.startswith("2024-") for k in months)
    # years stay visible (the date filter is the year facet's own)
    assert "2018" in facet(res, "year")


def test_date_range_filter(arc: Archive) -> None:
    found = ids(arc, "", date_from=date(2024, 2, 20), date_to=date(2024, 2, 22))
    assert found == {"dang-1", "canbo-1", "canbo-2"}


def test_include_merged_finds_predecessor_provinces(arc: Archive) -> None:
    plain = ids(arc, "", province=["Hải Phòng"])
    merged = ids(arc, "", province=["Hải Phòng"], include_merged=True)
    assert plain == {"duong-2", "hp-1"}
    assert merged >= plain | {"hai-duong-1", "duong-1"}


def test_sort_orders(arc: Archive) -> None:
    newest = [h.date for h in arc.search("kinh tế", sort="newest", per_page=100).hits]
    oldest = [h.date for h in arc.search("kinh tế", sort="oldest", per_page=100).hits]
    assert newest == sorted(newest, reverse=True)
    assert [d for d in oldest if d] == sorted(d for d in oldest if d)


def test_pagination(arc: Archive) -> None:
    all_ids = [h.id for h in arc.search("", per_page=100).hits]
    p1 = [h.id for h in arc.search("", per_page=5, page=1).hits]
    p2 = [h.id for h in arc.search("", per_page=5, page=2).hits]
    assert p1 + p2 == all_ids[:10]
    far = arc.search("", per_page=5, page=999)
    assert far.hits == [] and far.total == len(ARTICLES)
    assert far.pages == -(-len(ARTICLES) // 5)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"sort": "random"}, "sort"),
        ({"page": 0}, "page"),
        ({"page": 10**9}, "page"),
        ({"per_page": 10**6}, "per_page"),
        ({"per_page": 0}, "per_page"),
        ({"date_from": date(2024, 1, 2), "date_to": date(2024, 1, 1)}, "from"),
    ],
)
def test_bad_parameters_name_the_parameter(arc: Archive, kwargs: dict, param: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidParameterError) as exc:
        arc.search("x", **kwargs)
    assert exc.value.param == param


def test_all_words_required_then_any_word_fallback(arc: Archive) -> None:
    strict = arc.search("thủy điện")
    assert strict.fallback is None and ids(arc, "thủy điện") == {"hoa-1", "hoa-2"}
    loose = arc.search("thủy zzzxqq")
    assert loose.fallback == "any_word" and loose.notice
    assert {h.id for h in loose.hits} == {"hoa-1", "hoa-2"}


def test_accented_query_falls_back_to_folded_with_notice(arc: Archive) -> None:
    res = arc.search("Ngũ")  # the archive only has "Ngữ"
    assert res.fallback == "folded"
    assert "dang-4" in {h.id for h in res.hits}
    assert "Ngũ" in (res.notice or "") and "ngu" in (res.notice or "")


def test_exclusion(arc: Archive) -> None:
    assert "hoa-2" not in ids(arc, "thủy điện -khô")
    assert "hoa-1" in ids(arc, "thủy điện -khô")
    assert "hoa-2" not in ids(arc, 'thủy -"mùa khô"')


def test_snippet_marks_accented_words_for_folded_query(arc: Archive) -> None:
    hit = next(h for h in arc.search("hai duong").hits if h.id == "hai-duong-1")
    assert "<mark>Hải Dương</mark>" in hit.snippet
    assert "<mark>Hải Dương</mark>" in hit.title_html


def test_snippet_accented_query_marks_only_its_form(arc: Archive) -> None:
    hit = next(h for h in arc.search("đường").hits if h.id == "duong-1")
    assert "<mark>đường</mark>" in hit.snippet


def test_snippets_escape_hostile_text(arc: Archive) -> None:
    res = arc.search("alert")
    hit = next(h for h in res.hits if h.id == "xss-1")
    assert "<script>" not in hit.snippet and "</mark><script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped
    assert "<script>" not in hit.title_html


def test_suggestion_restores_diacritics(arc: Archive) -> None:
    res = arc.search("hai duong")
    assert res.suggestion == "Hải Dương"


def test_a_typo_shows_the_corrected_results(arc: Archive) -> None:
    res = arc.search("thuyd dien")
    assert res.corrected_from == "thuyd dien" and res.fallback == "corrected"
    assert "điện" in res.query.lower() and res.notice and res.query in res.notice
    assert res.total > 0 and res.total == arc.search(res.query).total
    assert res.to_dict()["corrected_from"] == "thuyd dien"


def test_verbatim_searches_what_was_typed_and_suggests(arc: Archive) -> None:
    res = arc.search("thuyd dien", verbatim=True)
    assert res.corrected_from is None and res.query == "thuyd dien"
    assert res.total == 0 or res.fallback == "any_word"
    assert res.suggestion is not None and "điện" in res.suggestion.lower()
    assert arc.search(res.suggestion).total > 0


def test_no_suggestion_when_nothing_would_match(arc: Archive) -> None:
    assert arc.search("qwxzv").suggestion is None
    assert arc.search("Hải Dương").suggestion is None


def test_tp_hcm_synonyms(arc: Archive) -> None:
    for q in ("TP.HCM", "tphcm", "TP HCM", "Thành phố Hồ Chí Minh"):
        assert {"hcm-1", "hcm-2"} <= ids(arc, q), q
    assert "hcm-2" not in ids(arc, '"Hồ Chí Minh"')


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("title:foo", '"title foo"'),  # no field syntax: a word joined by punctuation
        ("*", ""),  # no wildcards: punctuation alone browses
        ("?", ""),
        ("a AND OR NOT", "a and or not"),  # operators are words
        ("(((", ""),
        ('"unclosed', "unclosed"),
        ("-", ""),
        ("\x00\x01", ""),
        ("~2^3", '"2 3"'),
        ("field:value [a TO b]", '"field value" a to b'),
        ("<script>", "script"),
        ("'; DROP TABLE x; --", "drop table x"),
        ("đ" * 400, "đ" * 400),
    ],
)
def test_query_syntax_is_inert(arc: Archive, query: str, same_as: str) -> None:
    res, plain = arc.search(query), arc.search(same_as)
    assert (res.total, [h.id for h in res.hits]) == (plain.total, [h.id for h in plain.hits])
    json.dumps(res.to_dict())


def test_query_past_the_hard_limit_is_refused(arc: Archive) -> None:
    with pytest.raises(InvalidParameterError) as err:
        arc.search("x" * 501)
    assert err.value.param == "q"
    assert arc.search("x" * 500).total == 0


def test_query_budget_ignores_words_past_it_with_a_notice(arc: Archive) -> None:
    head = "Hải Dương"
    res = arc.search(head + " dương" * (MAX_WORDS - 2) + " zzzz")  # zzzz is word 33
    assert res.notice and "quá dài" in res.notice and res.fallback is None
    assert res.total == arc.search(head).total > 0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_unicode_query_is_answered(arc: Archive, query: str) -> None:
    res = arc.search(query, per_page=3)
    assert len(res.hits) <= 3 and res.total >= len(res.hits)
    assert res.pages == max(1, -(-res.total // 3))


def test_get_and_more_like_this(arc: Archive) -> None:
    art = arc.get("hai-duong-1")
    assert art is not None and art.title == BY_ID["hai-duong-1"].title
    assert art.date == BY_ID["hai-duong-1"].date
    assert arc.get("nope") is None
    related = [h.id for h in arc.more_like_this("hai-duong-1", limit=3)]
    assert related and related[0] == "hai-duong-2"
    assert "hai-duong-1" not in related
    assert arc.more_like_this("nope") == []


def test_stats(arc: Archive) -> None:
    s = arc.stats()
    assert s["articles"] == len(ARTICLES)
    assert s["date_range"] == {"from": "2017-04-04", "to": "2025-10-01"}
    assert s["undated"] == 1
    assert s["schema_version"] >= 1 and s["index_bytes"] > 0


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="vnarchive index"):
        Archive.open(tmp_path / "nothing")


def test_other_schema_version_says_to_rebuild(tmp_path: Path) -> None:
    with ArchiveWriter(tmp_path) as w:
        w.add(ARTICLES[0], content_hash="x")
    meta = tmp_path / (current_generation(tmp_path) or "") / META
    meta.write_text(json.dumps({"schema_version": 1}), encoding="utf-8")
    from archive import SchemaVersionError

    with pytest.raises(SchemaVersionError, match="vnarchive index --full"):
        Archive.open(tmp_path)


def test_reader_sees_rebuilt_index(tmp_path: Path) -> None:
    with ArchiveWriter(tmp_path) as w:
        w.add(Article("a", "Bài một", body="nội dung"), content_hash="1")
    with Archive.open(tmp_path) as arc:
        assert arc.search("").total == 1
        with ArchiveWriter(tmp_path, full=True) as w:
            w.add(Article("b", "Bài hai", body="nội dung"), content_hash="1")
            w.add(Article("c", "Bài ba", body="nội dung"), content_hash="1")
        assert arc.refresh(force=True)
        assert {h.id for h in arc.search("").hits} == {"b", "c"}
        with ArchiveWriter(tmp_path) as w:
            w.delete_id("b")
        assert arc.refresh(force=True)
        assert {h.id for h in arc.search("").hits} == {"c"}


def test_committed_at_is_the_open_snapshots_commit_time(tmp_path: Path) -> None:
    started = time.time()
    with ArchiveWriter(tmp_path) as w:
        w.add(Article("a", "Bài một", body="nội dung"), content_hash="1")
    built = time.time()
    with Archive.open(tmp_path) as arc:
        first = arc.committed_at
        assert first is not None and started - 1 <= first <= built + 1
        time.sleep(0.05)
        assert arc.committed_at == first  # the snapshot's time, not the clock's
        for full in (False, True):  # an incremental commit, then a swapped-in rebuild
            time.sleep(0.05)
            with ArchiveWriter(tmp_path, full=full) as w:
                w.add(Article("b", "Bài hai", body="nội dung"), content_hash="1")
            assert arc.committed_at == first or arc.committed_at is None  # until refresh
            assert arc.refresh(force=True)
            newer = arc.committed_at
            assert newer is not None and first < newer <= time.time() + 1
            first = newer
