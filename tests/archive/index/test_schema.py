"""Index-time analysis: one pass feeds the exact, folded and bigram fields."""

from __future__ import annotations

from archive.analysis import bigrams, tokenize
from archive.index.schema import POSITION_GAP, TITLE_BOOST, analyze_value, search_value


def test_fields_share_positions_and_exact_holds_only_accented_syllables() -> None:
    value = search_value("Hà Nội mưa", "Lead ngắn", "Hà Nội hôm nay")
    terms = analyze_value(value)
    assert terms.folded.positions["ha"] == terms.exact.positions["hà"]
    assert "mua" in terms.folded.positions and "mưa" in terms.exact.positions
    assert "lead" not in terms.exact.positions  # unaccented: searched folded only
    body_start = 3 + POSITION_GAP + 2 + POSITION_GAP
    assert terms.folded.positions["hom"] == [body_start + 2]


def test_title_tokens_weigh_more() -> None:
    terms = analyze_value(search_value("Đảng", "", "Đảng Đảng"))
    assert terms.exact.weights["đảng"] == TITLE_BOOST + 2


def test_bigrams_of_title_and_lead_only() -> None:
    title, lead, body = "Cán bộ công chức", "Thành phố Huế", "giá vàng tăng"
    terms = analyze_value(search_value(title, lead, body))
    expected = bigrams([t.folded for t in tokenize(title)]) + bigrams(
        [t.folded for t in tokenize(lead)]
    )
    assert sorted(terms.bigram.positions) == sorted(expected)
    assert "gia vang" not in terms.bigram.positions
    assert "chuc thanh" not in terms.bigram.positions  # never across the title and the lead
