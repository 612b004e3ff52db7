"""End-to-end field accuracy on ``sample_data/`` against its ``expected.json``.

Every HTML and text file goes through :func:`indexer.inputs.read_document` and the
JSONL export through :func:`indexer.inputs.read_jsonl` — the same code path as
``vnarchive index`` — and the seven fields of each article are compared with the
hand-written ground truth.  Note: the parser was tuned on these pages after a first
blind measurement (see ``docs/extraction.md``), so this is accuracy on seen pages.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from archive.analysis import canonical
from archive.models import Article
from indexer.inputs import InputFile, read_document, read_jsonl

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
FIELDS = ("title", "topic", "province", "date", "author", "source", "url")
MIN_ACCURACY = 0.95

pytestmark = pytest.mark.skipif(
    not (SAMPLE / "expected.json").is_file(), reason="sample_data/ is not present"
)


def _expected() -> list[dict[str, Any]]:
    data = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    return data


def _parse_all() -> dict[str, Article]:
    """Parse sample_data into articles keyed like expected.json's ``path``."""
    found: dict[str, Article] = {}
    for path in sorted(SAMPLE.rglob("*")):
        rel = path.relative_to(SAMPLE).as_posix()
        if path.suffix.lower() in (".html", ".htm", ".txt") and path.name != "README.md":
            found[rel] = read_document(InputFile(path, rel), path.read_bytes())
        elif path.name.endswith(".jsonl"):
            for line in read_jsonl(InputFile(path, rel)):
                assert line.article is not None, line.error
                found[f"{rel}#{line.article.id}"] = line.article
    return found


@pytest.fixture(scope="module")
def parsed() -> dict[str, Article]:
    return _parse_all()


def _value(article: Article, name: str) -> str | None:
    if name == "date":
        return article.date.date().isoformat() if article.date else None
    value = getattr(article, name)
    return value or None


def _same(name: str, got: str | None, want: str | None) -> bool:
    if name == "province" and got and want:  # "Khánh Hoà" == "Khánh Hòa"
        return canonical(got) == canonical(want)
    return got == (want or None)


def test_every_expected_article_is_parsed(parsed: dict[str, Article]) -> None:
    expected = {e["path"] for e in _expected()}
    assert expected <= set(parsed), sorted(expected - set(parsed))


def test_field_accuracy(parsed: dict[str, Article]) -> None:
    right = total = 0
    misses: list[str] = []
    for exp in _expected():
        art = parsed[exp["path"]]
        for name in FIELDS:
            got, want = _value(art, name), exp[name]
            total += 1
            if _same(name, got, want):
                right += 1
            else:
                misses.append(f"{exp['path']}: {name}: got {got!r}, want {want!r}")
    share = right / total
    assert share >= MIN_ACCURACY, f"{right}/{total} = {share:.1%}\n" + "\n".join(misses)


@pytest.mark.parametrize("name", ["title", "url", "date"])
def test_hard_fields_are_all_right(parsed: dict[str, Article], name: str) -> None:
    misses = [
        f"{e['path']}: got {_value(parsed[e['path']], name)!r}, want {e[name]!r}"
        for e in _expected()
        if _value(parsed[e["path"]], name) != e[name]
    ]
    assert not misses, "\n".join(misses)


@pytest.mark.parametrize("feature", ["cp1258", "nfd"])
def test_legacy_encodings_come_out_as_nfc(parsed: dict[str, Article], feature: str) -> None:
    pages = [e for e in _expected() if feature in (e.get("features") or "")]
    assert pages, f"no {feature} page in expected.json"
    for exp in pages:
        art = parsed[exp["path"]]
        raw = (SAMPLE / exp["path"]).read_bytes()
        if feature == "cp1258":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
        else:
            assert not unicodedata.is_normalized("NFC", raw.decode("utf-8"))
        for text in (art.title, art.lead, art.body):
            assert unicodedata.is_normalized("NFC", text)
            assert "\ufffd" not in text
        assert art.title == exp["title"]
        assert len(art.body.split()) >= 0.8 * exp["words"]
        assert any(w in art.body for w in ("được", "người", "đồng", "của"))  # composed text
