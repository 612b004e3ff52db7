"""indexer.authors: bylines are printed person names, never publishers or handles."""

from __future__ import annotations

from indexer.authors import is_person_byline, normalize_author, pick_byline


def test_normalize_author() -> None:
    assert normalize_author("Theo TTXVN") == "TTXVN"
    assert normalize_author("NGUYỄN VĂN AN") == "Nguyễn Văn An"
    assert normalize_author("https://facebook.com/x") is None


def test_person_byline() -> None:
    assert is_person_byline("Thanh Lam") and is_person_byline("TP")
    assert not is_person_byline("phanngan")  # a login handle
    assert not is_person_byline("Nam")  # a bare first name


def test_pick_byline_skips_publishers() -> None:
    brands = ["VnExpress", "vnexpress.net"]
    assert pick_byline(["VnExpress", "FPT Online", "Hà Thu"], brands) == "Hà Thu"
    assert pick_byline(["NLD.COM.VN", "baodautu.vn", "VCCorp.vn"], []) is None
    assert pick_byline(["Phạm Quốc Trung/VOV-Tây Nguyên"], []) == "Phạm Quốc Trung"
