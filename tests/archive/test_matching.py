"""VIETNAMESE.md §4 cases 32–56: query → document matching, through a real Whoosh index."""

import unicodedata

import pytest

from archive import Archive
from tests.archive.conftest import ids


@pytest.mark.parametrize(
    ("case", "query", "must", "must_not"),
    [
        (32, "dang", {"dang-1", "dang-2", "dang-3", "dang-4", "dang-5"}, set()),
        (33, "Đảng", {"dang-1", "dang-3", "dang-6"}, {"dang-2", "dang-4", "dang-5"}),
        (33, "ĐẢNG", {"dang-1", "dang-3", "dang-6"}, {"dang-2"}),
        (35, "hoa", {"hoa-1", "hoa-2", "hoa-3"}, set()),
        (36, "hòa", {"hoa-1", "hoa-2"}, {"hoa-3"}),
        (36, "hoà", {"hoa-1", "hoa-2"}, {"hoa-3"}),
        (38, "thủy", {"hoa-1", "hoa-2"}, set()),
        (39, "quy", {"quy-1", "quy-2"}, set()),
        (40, "Quý", {"quy-1"}, {"quy-2"}),
        (41, "gi", {"quy-2"}, set()),
        (42, '"ho chi minh"', {"hcm-1"}, set()),
        (43, "hcm", {"hcm-2"}, set()),
        (43, '"TP.HCM"', {"hcm-2"}, set()),
        (44, '"TP.HCM"', {"hcm-1", "hcm-2"}, set()),
        (45, '"Vũng Tàu"', {"vt-1"}, set()),
        (46, "8,11%", {"quy-1"}, set()),
        (48, '"19/5/2018"', {"date-1"}, set()),
        (48, "2018", {"date-1"}, set()),
        (50, "duong", {"duong-1", "duong-2"}, set()),
        (51, "đường", {"duong-1"}, {"duong-2"}),
        (52, "Nguyen", {"nguyen-1"}, set()),
        (53, "ở", {"o-1"}, set()),
        (54, "Ha Nội", {"o-1"}, {"noi-1"}),
        (55, '"HÒA BÌNH"', {"hoa-1", "hoa-2"}, set()),
    ],
)
def test_matching(arc: Archive, case: int, query: str, must: set[str], must_not: set[str]) -> None:
    found = ids(arc, query)
    assert must <= found, f"case {case}: missing {must - found}"
    assert not (must_not & found), f"case {case}: unexpected {must_not & found}"


def test_case_34_accented_query_does_not_match_other_forms(arc: Archive) -> None:
    found = ids(arc, "Đảng")
    assert {"dang-2", "dang-4", "dang-5"}.isdisjoint(found)


def test_case_37_hoa_accented_excludes_hoa_hoc(arc: Archive) -> None:
    assert "hoa-3" not in ids(arc, "hòa")


def test_case_47_decimal_comma_is_not_rewritten(arc: Archive) -> None:
    res = arc.search("8.11")
    assert "quy-1" not in {h.id for h in res.hits}


def test_case_49_nfd_query_matches_nfc_text(arc: Archive) -> None:
    query = unicodedata.normalize("NFD", '"Việt Nam"')
    assert "viet-1" in ids(arc, query)


def test_case_56_adjacent_words_rank_first(arc: Archive) -> None:
    res = arc.search("cán bộ")
    ranked = [h.id for h in res.hits]
    assert "canbo-1" in ranked and "canbo-2" in ranked
    assert ranked.index("canbo-1") < ranked.index("canbo-2")


def test_accented_query_ranks_exact_form_first(arc: Archive) -> None:
    res = arc.search("Dương")
    assert res.hits[0].id == "duong-2"
