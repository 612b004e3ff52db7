"""indexer.brands: publication names, and what is a publisher rather than a person."""

from __future__ import annotations

from indexer.brands import (
    DATELINE_AGENCIES,
    is_agency,
    is_publisher,
    source_name,
    strip_site_suffix,
)


def test_source_name() -> None:
    assert source_name("TUOI TRE ONLINE", None) == "Tuổi Trẻ"
    assert source_name(None, "https://m.vnexpress.net/a.html") == "VnExpress"


def test_is_publisher() -> None:
    for name in ("VnExpress", "NLD.COM.VN", "genk.vn", "VCCorp.vn", "baodantridientu"):
        assert is_publisher(name), name
    assert is_publisher("VietNamNet News", ["VietNamNet"])
    assert not is_publisher("Pháp luật", ["Pháp Luật TP.HCM"])  # a section of plo.vn
    assert not is_publisher("Thanh Lam", ["VnExpress"])


def test_strip_site_suffix() -> None:
    assert strip_site_suffix("Tin A | Báo Tuổi Trẻ", ["tuoitre.vn"]) == "Tin A"


def test_dateline_agencies_are_the_known_sites_and_the_foreign_wires() -> None:
    """One table of names: every Vietnamese dateline agency is a site of the brand table."""
    assert {a for a in DATELINE_AGENCIES if not is_agency(a)} == {"AFP", "AP", "Reuters", "Xinhua"}
