"""Checks on the sample data files themselves (no parser involved).

``sample_data/expected.json`` is the ground truth that ingestion tests compare against; these tests
make sure it describes files that exist and that the collection covers what the archive must handle.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
SEED = Path(__file__).resolve().parents[1].parent / "shared/seed"
JSONL = SAMPLE / "export" / "news-export.jsonl"
KEYS = {"path", "title", "topic", "province", "date", "author", "source", "url"}
SHINGLE = 60  # a shared run of this many characters counts as copied text


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def load_expected() -> list[dict]:
    return json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


EXPECTED = load_expected()


def by_encoding(encoding: str) -> dict:
    [entry] = [e for e in EXPECTED if e.get("encoding") == encoding]
    return entry


def read_text(entry: dict) -> str:
    """Return a file's text decoded by its declared encoding and NFC-normalised."""
    raw = (SAMPLE / entry["path"].split("#")[0]).read_bytes()
    codec = "cp1258" if entry.get("encoding") == "windows-1258" else "utf-8"
    return nfc(raw.decode(codec))


def visible_text(markup: str) -> str:
    """Strip tags, unescape entities and collapse whitespace (casefolded, for comparisons)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", nfc(text)).strip().casefold()


def jsonl_records() -> list[dict]:
    return [json.loads(line) for line in JSONL.read_text(encoding="utf-8").splitlines() if line]


def test_expected_entries_are_complete() -> None:
    assert len(EXPECTED) >= 40
    for entry in EXPECTED:
        assert KEYS <= entry.keys(), entry["path"]
        assert entry["title"] and entry["topic"] and entry["source"]
        assert entry["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["date"])
    assert len({e["path"] for e in EXPECTED}) == len(EXPECTED)


def test_every_listed_file_exists_and_every_file_is_listed() -> None:
    listed = {e["path"].split("#")[0] for e in EXPECTED}
    for path in listed:
        assert (SAMPLE / path).is_file(), path
    on_disk = {
        p.relative_to(SAMPLE).as_posix()
        for p in SAMPLE.rglob("*")
        if p.is_file() and p.name not in {"README.md", "expected.json"}
    }
    assert on_disk == listed


def test_readme_lists_every_file() -> None:
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for entry in EXPECTED:
        assert f"`{entry['path']}`" in readme


def test_coverage_of_sites_provinces_topics_and_years() -> None:
    sites = {e["path"].split("/")[1] for e in EXPECTED if e["path"].startswith("html/")}
    assert len(sites) >= 7, sites
    provinces = Counter(e["province"] for e in EXPECTED if e["province"])
    assert len(provinces) >= 12, provinces
    assert provinces["Hà Nội"] >= 5 and provinces["TP Hồ Chí Minh"] >= 4
    assert len({e["topic"] for e in EXPECTED}) >= 8
    years = {int(e["date"][:4]) for e in EXPECTED if e["date"]}
    assert set(range(2017, 2027)) <= years
    assert sum(e["path"].startswith("text/") for e in EXPECTED) >= 8
    assert sum(e["path"].startswith("export/") for e in EXPECTED) >= 8


def test_province_names_follow_the_2025_merger() -> None:
    before = {e["province"] for e in EXPECTED if e["date"] and e["date"] < "2025-07-01"}
    after = {e["province"] for e in EXPECTED if e["date"] and e["date"] >= "2025-07-01"}
    assert {"Hải Dương", "Thừa Thiên Huế", "Bình Dương", "Hà Giang"} <= before
    assert {"Hải Phòng", "Huế", "Tuyên Quang"} <= after
    merged_away = {
        "Hải Dương",
        "Thừa Thiên Huế",
        "Bình Dương",
        "Hà Giang",
        "Quảng Nam",
        "Kiên Giang",
    }
    assert not after & merged_away


def test_html_pages_show_their_title() -> None:
    for entry in EXPECTED:
        if entry["path"].startswith("html/"):
            text = read_text(entry)
            assert entry["title"] in text, entry["path"]
            assert "Bình luận" in text and "Tin liên quan" in text, entry["path"]


def test_windows_1258_page() -> None:
    entry = by_encoding("windows-1258")
    raw = (SAMPLE / entry["path"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    decoded = raw.decode("cp1258")
    assert 'charset="windows-1258"' in decoded
    assert entry["title"] not in decoded  # tone marks are combining characters until NFC
    assert entry["title"] in nfc(decoded)


def test_nfd_page_is_decomposed() -> None:
    entry = by_encoding("utf-8 (NFD)")
    text = (SAMPLE / entry["path"]).read_bytes().decode("utf-8")
    assert text == unicodedata.normalize("NFD", text) != nfc(text)
    assert entry["title"] in nfc(text)


def test_special_pages() -> None:
    pages = {e["path"]: read_text(e) for e in EXPECTED if e["path"].startswith("html/")}
    assert any(re.search(r"<html (⚡|amp)[\s>]", t) for t in pages.values())
    assert any("<meta" not in t.lower() for t in pages.values())
    assert any(e["title"] == e["title"].upper() for e in EXPECTED)
    assert any("</html>" not in t for t in pages.values())  # the broken page
    with_canonical = sum('rel="canonical"' in t for t in pages.values())
    assert with_canonical > len(pages) / 2


def test_text_files_use_the_seed_layout() -> None:
    for entry in EXPECTED:
        if not entry["path"].startswith("text/"):
            continue
        lines = read_text(entry).splitlines()
        assert lines[0] == entry["topic"] and lines[1] == "" and lines[2] == entry["title"]
        assert lines[-1] == "Xem thêm"
        assert entry["author"] in lines
        assert any(line.startswith("TTXVN - ") for line in lines)


def test_jsonl_parses_and_matches_expected() -> None:
    records = jsonl_records()
    assert len(records) >= 8
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    expected = {e["path"].split("#")[1]: e for e in EXPECTED if e["path"].startswith("export/")}
    assert set(ids) == set(expected)
    for record in records:
        assert record["title"] == expected[record["id"]]["title"]
        assert record.get("text") or record.get("body")
        if "date" in record:
            assert record["date"].endswith("+07:00")
    assert any("sapo" in r for r in records)
    assert any("body" in r and "text" not in r for r in records)
    assert any("date" not in r for r in records)


def test_search_strings_are_present() -> None:
    corpus = " ".join(read_text(e) for e in EXPECTED if "#" not in e["path"])
    corpus += JSONL.read_text(encoding="utf-8")
    for needle in ["Hải Dương", "đường", "Đảng", "cán bộ", "8,11%", "19/5/2018", "26-NQ/TW"]:
        assert needle in corpus, needle
    words = set(re.findall(r"\w+", corpus.lower()))
    assert {"hòa", "hoà", "thủy", "thuỷ", "dương"} <= words


def test_no_text_copied_from_the_seed() -> None:
    if not SEED.is_dir():
        pytest.skip(f"seed directory {SEED} is absent, nothing to compare against")
    shingles: set[str] = set()
    for path in SEED.glob("*.txt"):
        text = visible_text(path.read_text(encoding="utf-8"))
        shingles.update(text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1))
    for entry in EXPECTED:
        if "#" in entry["path"]:
            continue
        text = visible_text(read_text(entry))
        copied = [
            text[i : i + SHINGLE]
            for i in range(len(text) - SHINGLE + 1)
            if text[i : i + SHINGLE] in shingles
        ]
        assert not copied, f"{entry['path']} shares text with the seed: {copied[0]!r}"
    jsonl_text = visible_text(" ".join(json.dumps(r, ensure_ascii=False) for r in jsonl_records()))
    assert not any(
        jsonl_text[i : i + SHINGLE] in shingles for i in range(len(jsonl_text) - SHINGLE + 1)
    )
