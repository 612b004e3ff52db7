"""The province gazetteer: aliases, history, the 2025 merger and detection in text."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from archive import gazetteer as g
from archive.analysis import canonical, fold
from archive.data import provinces as data
from archive.models import VN_TZ

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
BEFORE_HUE = date(2024, 12, 31)
BEFORE_MERGER = date(2025, 6, 30)
AFTER_MERGER = date(2025, 7, 1)
D2024 = datetime(2024, 5, 1, 8, 0, tzinfo=VN_TZ)
D2026 = datetime(2026, 5, 1, 8, 0, tzinfo=VN_TZ)


# --- names and aliases -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        *[
            (a, "TP Hồ Chí Minh")
            for a in (
                "TP.HCM", "TPHCM", "TP HCM", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh",
                "thành phố Hồ Chí Minh", "Sài Gòn", "HCM", "Hồ Chí Minh", "Ho Chi Minh City",
                "tp ho chi minh", "TP. HỒ CHÍ MINH", "Saigon", "ho-chi-minh",
            )
        ],
        *[(a, "Hà Nội") for a in ("HN", "Hà Nội", "HÀ NỘI", "ha noi", "Hanoi", "TP Hà Nội",
                                  "Thành phố Hà Nội", "Thủ đô Hà Nội", "ha_noi")],
        *[(a, "Huế") for a in ("Huế", "hue", "Thành phố Huế", "TP Huế")],
        *[(a, "Thừa Thiên Huế") for a in ("Thừa Thiên Huế", "TT-Huế", "Thừa Thiên - Huế",
                                          "tỉnh Thừa Thiên Huế", "thua thien hue")],
        *[(a, "Bà Rịa - Vũng Tàu") for a in ("BR-VT", "Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu",
                                             "ba ria vung tau", "Tỉnh Bà Rịa-Vũng Tàu")],
        *[(a, "Đắk Lắk") for a in ("Đắk Lắk", "Đắc Lắc", "Daklak", "Đăk Lăk", "dak lak")],
        *[(a, "Đắk Nông") for a in ("Đắk Nông", "Đắc Nông", "dak nong")],
        *[(a, "Khánh Hòa") for a in ("Khánh Hoà", "Khánh Hòa", "KHÁNH HOÀ", "khanh hoa")],
        *[(a, "Hòa Bình") for a in ("Hoà Bình", "Hòa Bình", "tỉnh Hoà Bình")],
        *[(a, "Thanh Hóa") for a in ("Thanh Hoá", "Thanh Hóa")],
        *[(a, "Hải Dương") for a in ("Hải Dương", "tỉnh Hải Dương", "HAI DUONG", "Hai Duong")],
        ("TP Hải Phòng", "Hải Phòng"),
        ("Haiphong", "Hải Phòng"),
        ("Bắc Cạn", "Bắc Kạn"),
        ("Đồng Nai", "Đồng Nai"),
        ("Thành phố Đồng Nai", "Đồng Nai"),
    ],
)  # fmt: skip
def test_alias_resolves(alias: str, expected: str) -> None:
    assert g.canonical_province(alias) == expected
    assert g.is_province(alias)


def test_every_name_and_alias_resolves() -> None:
    for name in g.all_provinces():
        for form in (name, *data.ALIASES.get(name, ()), *data.HINT_ALIASES.get(name, ())):
            for variant in (form, form.upper(), form.lower(), fold(form), f"tỉnh {form}"):
                assert g.canonical_province(variant) == name, variant


@pytest.mark.parametrize("text", ["Hài Dương", "Hải Dưong", "Nam", "Bắc", "Việt Nam", "", "  ",
                                  "Hồ Chí", "hải dương học", "Vũng Tàu"])  # fmt: skip
def test_not_provinces(text: str) -> None:
    assert g.canonical_province(text) is None
    assert not g.is_province(text)


def test_counts_and_lists() -> None:
    assert len(g.provinces_at(BEFORE_HUE)) == 63
    assert len(g.provinces_at(BEFORE_MERGER)) == 63
    assert len(g.provinces_at(AFTER_MERGER)) == 34
    assert g.provinces_at() == g.provinces_at(D2026)
    assert "Thừa Thiên Huế" in g.provinces_at(BEFORE_HUE)
    assert "Huế" in g.provinces_at(BEFORE_MERGER)
    assert len(g.all_provinces()) == 64 == len(set(g.all_provinces()))
    assert set(g.provinces_at(AFTER_MERGER)) <= set(g.all_provinces())
    assert all(g.canonical_province(n) == n for n in g.all_provinces())
    assert len({fold(n) for n in g.all_provinces()}) == 64  # unaccented hints are unambiguous


# --- history --------------------------------------------------------------------------------
def test_hue_history() -> None:
    assert g.canonical_province("Huế", date(2024, 12, 31)) == "Thừa Thiên Huế"
    assert g.canonical_province("Huế", date(2025, 1, 1)) == "Huế"
    assert g.canonical_province("Thừa Thiên Huế", D2026) == "Huế"
    assert g.canonical_province("TT-Huế", D2024) == "Thừa Thiên Huế"
    assert g.canonical_province("Huế") == "Huế"  # no date: as written
    assert g.successor("Thừa Thiên Huế") == "Huế"
    assert g.predecessors("Huế") == ["Huế", "Thừa Thiên Huế"]


def test_date_keeps_the_name_as_written() -> None:
    assert g.canonical_province("Hải Dương", D2024) == "Hải Dương"
    assert g.canonical_province("Hải Dương", D2026) == "Hải Dương"
    assert g.canonical_province("Bình Dương", D2026) == "Bình Dương"
    assert g.canonical_province("Đồng Nai", D2024) == "Đồng Nai"


def test_successor_predecessors_family() -> None:
    assert g.successor("Hải Dương") == "Hải Phòng"
    assert g.successor("Hà Nội") == "Hà Nội"
    assert g.successor("BR-VT") == "TP Hồ Chí Minh"
    assert g.predecessors("Hải Phòng") == ["Hải Phòng", "Hải Dương"]
    assert g.predecessors("TP.HCM") == ["TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"]
    assert g.predecessors("Ninh Bình") == ["Ninh Bình", "Hà Nam", "Nam Định"]
    assert g.predecessors("Hà Nội") == ["Hà Nội"]
    assert g.predecessors("Hải Dương") == ["Hải Dương"]
    assert g.merged_family(["Hải Phòng"]) == {"Hải Phòng", "Hải Dương"}
    assert g.merged_family(["hai duong", "Cao Bằng"]) == {"Hải Phòng", "Hải Dương", "Cao Bằng"}
    assert g.merged_family(["Atlantis"]) == {"Atlantis"}
    new = g.provinces_at(AFTER_MERGER)
    assert sorted(n for p in new for n in g.predecessors(p)) == sorted(g.all_provinces())
    with pytest.raises(KeyError):
        g.successor("Atlantis")
    with pytest.raises(KeyError):
        g.predecessors("Atlantis")


def test_full_names() -> None:
    assert g.full_name("Hải Dương", D2024) == "Tỉnh Hải Dương"
    assert g.full_name("TP.HCM") == "Thành phố Hồ Chí Minh"
    assert g.full_name("Huế", D2024) == "Tỉnh Thừa Thiên Huế"
    assert g.full_name("Huế", D2026) == "Thành phố Huế"
    assert g.full_name("Đồng Nai", date(2026, 4, 29)) == "Tỉnh Đồng Nai"
    assert g.full_name("Đồng Nai", date(2026, 4, 30)) == "Thành phố Đồng Nai"


# --- the reference data -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    path = REFERENCE / "provinces_2025_merger.json"
    if not path.is_file():
        pytest.skip(f"reference data absent: {path} (needs the shared ../shared/reference tree)")
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def _ours(ref_name: str) -> str:
    found = g.canonical_province(ref_name)
    assert found is not None, ref_name
    assert canonical(found.removeprefix("TP ")) == canonical(ref_name)  # same name, any tone style
    return found


def test_reference_old_63(reference: dict[str, Any]) -> None:
    old = reference["old_provinces"]
    assert len(old) == 63 == reference["counts"]["old"]
    ours = {code: name for code, name, _ in data.OLD_PROVINCES}
    assert {p["code"]: _ours(p["name"]) for p in old} == ours
    assert sorted(ours.values(), key=str) == sorted(g.provinces_at(BEFORE_MERGER), key=str)
    for p in old:
        assert canonical(g.full_name(p["name"], BEFORE_MERGER)) == canonical(p["full_name"])


def test_reference_new_34(reference: dict[str, Any]) -> None:
    new = reference["new_provinces"]
    assert len(new) == 34 == reference["counts"]["new"]
    assert {p["code"]: _ours(p["name"]) for p in new} == {c: n for n, c in data.NEW_CODES.items()}
    assert {_ours(p["name"]) for p in new} == set(g.provinces_at(AFTER_MERGER))
    for p in new:  # the reference is a mid-2026 snapshot (Thành phố Đồng Nai)
        assert canonical(g.full_name(p["name"], date(2026, 8, 1))) == canonical(p["full_name"])


def test_reference_merger_mapping(reference: dict[str, Any]) -> None:
    old_to_new = {
        _ours(o): _ours(v["new_name"]) for o, v in reference["mapping_old_to_new"].items()
    }
    assert old_to_new == {name: new for _, name, new in data.OLD_PROVINCES}
    assert all(g.successor(o) == n for o, n in old_to_new.items())
    for entry in reference["mapping_new_to_old"]:
        new = _ours(entry["new_name"])
        expected = {_ours(m["name"]) for m in entry["merged_from"]}
        assert set(g.predecessors(new)) - {"Thừa Thiên Huế"} == expected


# --- datelines and text -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hải Dương – Sáng 15/1, mưa lớn gây ngập.", "Hải Dương"),
        ("HẢI DƯƠNG - Sáng 15/1, mưa lớn gây ngập.", "Hải Dương"),
        ("(TTXVN) Hà Nội, sáng nay Quốc hội khai mạc.", "Hà Nội"),
        ("Hà Nội, 15/1 (TTXVN) - Sáng nay Quốc hội khai mạc.", "Hà Nội"),
        ("(Dân trí) - Tại TP.HCM, hội nghị đã diễn ra.", "TP Hồ Chí Minh"),
        ("TP.HCM: giá xăng tăng mạnh từ chiều nay.", "TP Hồ Chí Minh"),
        ("  ĐÀ NẴNG (Reuters) - Tàu cập cảng.", "Đà Nẵng"),
        ("VOV.VN - Tại Cần Thơ, lễ hội diễn ra.", "Cần Thơ"),
        ("HUẾ - Lễ hội mở màn.", "Thừa Thiên Huế"),
    ],
)
def test_dateline(text: str, expected: str) -> None:
    assert g.resolve_province(None, text, D2024) == expected


def test_dateline_rejects_routes_and_lists() -> None:
    assert g.resolve_province(None, "Hà Nội - Hải Phòng là tuyến cao tốc đẹp.", D2024) is None
    assert g.resolve_province(None, "Hà Nội, Đà Nẵng và Cần Thơ tăng trưởng.", D2024) is None


def test_hint_first() -> None:
    body = "HẢI DƯƠNG - Sáng nay mưa lớn."
    assert g.resolve_province("TP.HCM", body, D2024) == "TP Hồ Chí Minh"
    assert g.resolve_province("hai-duong", "", D2024) == "Hải Dương"
    assert g.resolve_province("Hải Dương, Việt Nam", "", None) == "Hải Dương"
    assert g.resolve_province("Huế", "", D2024) == "Thừa Thiên Huế"
    assert g.resolve_province("không rõ", body, D2024) == "Hải Dương"  # falls through
    assert g.resolve_province("Hà Nội / TP.HCM", "", D2024) is None  # ambiguous hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mưa lớn ở Hải Dương. Người dân Hải Dương chống lũ. Hà Nội cũng mưa.", "Hải Dương"),
        ("Giá nhà tại Thành phố Hồ Chí Minh tăng. Người dân TP.HCM và thành phố Hồ Chí Minh.",
         "TP Hồ Chí Minh"),
        ("Khánh Hoà đón khách. Biển Khánh Hòa đẹp.", "Khánh Hòa"),
        ("Nông dân Đắk Lắk thu hoạch cà phê. Cà phê Đắc Lắc nổi tiếng.", "Đắk Lắk"),
        ("Sở Y tế Bà Rịa-Vũng Tàu họp. Bệnh viện BR-VT quá tải.", "Bà Rịa - Vũng Tàu"),
        ("Về Hải Phòng, du khách ghé Hải Phòng và Hải Dương.", "Hải Phòng"),
    ],
)  # fmt: skip
def test_text_positive(text: str, expected: str) -> None:
    assert g.resolve_province(None, "Tin tức. " + text, D2024) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chủ tịch Hồ Chí Minh. Tư tưởng Hồ Chí Minh. Đường Hồ Chí Minh.",  # the person
        "Ông Nguyễn Thái Bình nói. Anh Nguyễn Thái Bình cho biết.",  # a person's name
        "Chị Lê Thị Hà Giang và Trần Thị Hà Giang.",
        "Thái Bình Dương rộng lớn. Thái Bình Dương sâu thẳm.",  # the Pacific
        "Quảng Nam Đà Nẵng cũ. Quảng Nam - Đà Nẵng ngày ấy.",  # the pre-1997 province
        "Phố Điện Biên Phủ. Đường Điện Biên Phủ.",
        "Ngành hải dương học. Nghiên cứu hải dương.",  # lower case: the ocean
        "Hà Nội và Đà Nẵng. Hà Nội, Đà Nẵng, Cần Thơ.",  # unclear: no 60 % majority
        "Một lần ở Cần Thơ.",  # one mention is not enough
        "Bắc vào Nam, từ Nam ra Bắc. Long an toàn.",  # partial names
        "",
    ],
)
def test_text_negative(text: str) -> None:
    assert g.resolve_province(None, "Tin tức. " + text, D2024) is None


def test_text_without_diacritics() -> None:
    text = "Tin tuc. Nong dan o Ha Noi. Cho Ha Noi dong nguoi. Chu tich Ho Chi Minh."
    assert g.resolve_province(None, text, D2024) == "Hà Nội"
    assert g.resolve_province(None, "HAI DUONG - Sang nay mua lon.", D2024) == "Hải Dương"
    assert g.resolve_province(None, "Tin. Ong Nguyen Thai Binh. Nguyen Thai Binh.", D2024) is None


def test_text_is_word_bounded_and_normalized() -> None:
    nfd = "Tin. Người dân Hải Dương. Hải Dương mưa."

    assert g.resolve_province(None, unicodedata.normalize("NFD", nfd), D2024) == "Hải Dương"
    assert g.resolve_province(None, "Tin. XHà Nội. Hà Nộii. Hà\u00a0Nội.", D2024) is None


def test_text_date_dependent() -> None:
    text = "Tin. Du khách đến Huế. Huế mộng mơ. Thừa Thiên Huế đẹp."
    assert g.resolve_province(None, text, D2024) == "Thừa Thiên Huế"
    assert g.resolve_province(None, text, D2026) == "Huế"
    old = "Tin. Người dân Hải Dương vui. Hải Dương nay thuộc Hải Phòng. Hải Dương."
    assert g.resolve_province(None, old, D2026) == "Hải Dương"


# --- headline weight, towns, former provinces -------------------------------------------------
def test_title_province_counts_strongly() -> None:
    body = "Trận chung kết diễn ra tối qua. Cầu thủ đến từ Bình Định thi đấu hay."
    assert g.resolve_province(None, body, D2024) is None
    title = "Cô gái Quảng Nam giành HCV giải karate"
    assert g.resolve_province(None, body, D2024, title=title) == "Quảng Nam"
    # the one province of the headline wins unless another has more mentions; then the
    # usual majority rule decides (4 of 7 weighted mentions is no 60 % majority)
    many = "Bình Định đăng cai. Bình Định, Bình Định và Bình Định chào đón các đoàn."
    assert g.resolve_province(None, many, D2024, title=title) is None
    assert g.resolve_province(None, many * 2, D2024, title=title) == "Bình Định"
    # a headline naming two provinces is not decisive
    assert g.resolve_province(None, body, D2024, title="Hà Nội gặp Hải Phòng") is None
    assert g.resolve_province(None, "", D2024, title="GIẢI BÓNG ĐÁ HÀ NỘI") == "Hà Nội"


def test_dateline_on_a_later_opening_line() -> None:
    text = "Lead không nêu tỉnh nào.\nHẢI PHÒNG - Sáng nay, khu vực Hải Dương cũ mưa lớn."
    assert g.resolve_province(None, text, D2026, title="Tăng trưởng hai con số") == "Hải Phòng"


def test_former_province_is_no_mention() -> None:
    text = "Tin. Cần Thơ khởi công cảng tại khu vực Sóc Trăng cũ. Cần Thơ mở rộng. Sóc Trăng cũ."
    assert g.resolve_province(None, text, D2026) == "Cần Thơ"
    assert g.resolve_province(None, "Tin. Hà Giang (cũ) và Hà Giang cũ.", D2026) is None


def test_towns_count_for_their_province_as_of_the_date() -> None:
    text = "Tin. Đà Lạt kín phòng. Du khách đến Đà Lạt đông, khách từ Sài Gòn."
    assert g.resolve_province(None, text, D2024) == "Lâm Đồng"
    hoi_an = "Tin. Phố cổ Hội An lên đèn. Hội An đón khách."
    assert g.resolve_province(None, hoi_an, D2024) == "Quảng Nam"
    assert g.resolve_province(None, hoi_an, D2026) == "Đà Nẵng"  # merged on 2025-07-01
    assert g.resolve_province(None, "Tin. Bà Vinh nói. Ông Quang Vinh kể.", D2024) is None
    assert g.resolve_province(None, "Tin. Ở thành phố Vinh. TP Vinh đẹp.", D2024) == "Nghệ An"
    assert g.canonical_province("Đà Lạt") is None  # towns are never hints
