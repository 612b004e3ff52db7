"""VIETNAMESE.md §4 cases 1–31: input → exact tokens | folded tokens."""

import doctest
import unicodedata

import pytest

from archive import analysis
from archive.analysis import canonical, fold, folded_terms, normalize, terms, tokenize

NFD_DANG = "\u0110a\u0309ng"  # case 3: Đ a U+0309 n g
CP1258_DANG = bytes([0xD0, 0x61, 0xD2, 0x6E, 0x67]).decode("cp1258")  # case 27

CASES = [
    (1, "Đảng", "đảng", "dang"),
    (2, "ĐẢNG", "đảng", "dang"),
    (3, NFD_DANG, "đảng", "dang"),
    (4, "Ðảng", "đảng", "dang"),
    (5, "hoà", "hòa", "hoa"),
    (6, "hòa", "hòa", "hoa"),
    (7, "thuỷ", "thủy", "thuy"),
    (7, "thủy", "thủy", "thuy"),
    (8, "khoẻ", "khỏe", "khoe"),
    (9, "Quý", "quý", "quy"),
    (9, "QUÝ", "quý", "quy"),
    (10, "qúy", "quý", "quy"),
    (11, "gìa", "già", "gia"),
    (12, "gì", "gì", "gi"),
    (13, "ngoài", "ngoài", "ngoai"),
    (14, "hoàn", "hoàn", "hoan"),
    (15, "người", "người", "nguoi"),
    (16, "Ơn ưu", "ơn ưu", "on uu"),
    (17, "UỶ BAN", "ủy ban", "uy ban"),
    (17, "Ủy ban", "ủy ban", "uy ban"),
    (18, "Thuỵ Điển", "thụy điển", "thuy dien"),
    (19, "TP.HCM", "tp hcm", "tp hcm"),
    (20, "TP Hồ Chí Minh", "tp hồ chí minh", "tp ho chi minh"),
    (21, "8,11%", "8,11", "8,11"),
    (22, "1.000 tỷ đồng", "1.000 tỷ đồng", "1.000 ty dong"),
    (23, "19/5/2018", "19 5 2018", "19 5 2018"),
    (24, "Bà Rịa-Vũng Tàu", "bà rịa vũng tàu", "ba ria vung tau"),
    (25, "Park Hang-seo", "park hang seo", "park hang seo"),
    (
        26,
        "ĐẠI HỘI ĐẢNG TOÀN QUỐC LẦN THỨ XIII",
        "đại hội đảng toàn quốc lần thứ xiii",
        "dai hoi dang toan quoc lan thu xiii",
    ),
    (27, CP1258_DANG, "đảng", "dang"),
    (28, "ở Hà Nội", "ở hà nội", "o ha noi"),
    (29, "Việt\u00a0Nam", "việt nam", "viet nam"),
    (30, "U23 Việt Nam", "u 23 việt nam", "u 23 viet nam"),
    (30, "COVID-19", "covid 19", "covid 19"),
    (31, "đường", "đường", "duong"),
    (31, "Dương", "dương", "duong"),
]


@pytest.mark.parametrize(("case", "text", "exact", "folded"), CASES)
def test_case(case: int, text: str, exact: str, folded: str) -> None:
    assert " ".join(terms(text)) == exact, f"case {case}"
    assert " ".join(folded_terms(text)) == folded, f"case {case}"


def test_case_3_input_really_is_decomposed() -> None:
    assert len(NFD_DANG) == 5
    assert not unicodedata.is_normalized("NFC", CP1258_DANG)


def test_case_23_positions_are_consecutive() -> None:
    assert [t.pos for t in tokenize("19/5/2018")] == [0, 1, 2]


def test_offsets_point_into_normalized_text() -> None:
    text = "Sáng nay, " + NFD_DANG + " họp"
    norm = normalize(text)
    spans = [norm[t.start : t.end] for t in tokenize(text)]
    assert spans == ["Sáng", "nay", "Đảng", "họp"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa", "hoà"),
        ("hóa", "hoá"),
        ("khỏe", "khoẻ"),
        ("thủy", "thuỷ"),
        ("lòa", "loà"),
        ("ùy", "uỳ"),
        ("họa", "hoạ"),
    ],
)
def test_old_and_new_tone_styles_are_one_term(old: str, new: str) -> None:
    assert terms(old) == terms(new) == [old]


@pytest.mark.parametrize(
    "word",
    [
        "việt",
        "người",
        "rượu",
        "thuở",
        "khuấy",
        "chuyện",
        "lửa",
        "cứu",
        "hoàn",
        "toán",
        "hoạch",
        "huýt",
        "quỳnh",
        "khuỳnh",
        "ngoài",
        "xoáy",
        "khuỷu",
        "ngoẹo",
        "mái",
        "cháo",
        "cháu",
        "cháy",
        "kéo",
        "mía",
        "líu",
        "nói",
        "múa",
        "túi",
        "giữ",
        "giường",
        "gìn",
    ],
)
def test_rules_r1_to_r6_keep_correct_syllables(word: str) -> None:
    assert terms(word) == [word]


def test_zero_width_and_soft_hyphen_do_not_split_words() -> None:
    assert terms("Vi\u200bệt Nam\u00ad") == ["việt", "nam"]
    assert terms("\ufeffHà Nội") == ["hà", "nội"]


def test_running_text_helpers_keep_punctuation() -> None:
    assert canonical("UỶ BAN Khánh Hoà, TP.HCM") == "ủy ban khánh hòa, tp.hcm"
    assert fold("Đắk Lắk - Hải Dương") == "dak lak - hai duong"


def test_module_doctests() -> None:
    assert doctest.testmod(analysis).failed == 0
