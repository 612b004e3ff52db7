"""Fuzz the readers with random bytes: they return, or raise a ``ValueError`` subclass with a
message — never another exception, and never hang (hypothesis deadlines, small inputs)."""

from __future__ import annotations

import gzip
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archive import Article
from indexer.encoding import decode_bytes
from indexer.inputs import InputFile, read_jsonl
from indexer.parsers.html import parse_html
from indexer.parsers.text import parse_text

T = TypeVar("T")
FUZZ = settings(max_examples=150, deadline=2000)

# Fragments that steer random input towards the parsers' interesting paths.
HTML_BITS = [
    "<html>", "<head>", "<meta charset=\"windows-1258\">", "<meta charset=tcvn3>",
    '<meta property="og:title" content="Tiêu đề">', '<link rel="canonical" href="javascript:x">',
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":', "]}", "</script>",
    "<article>", "<p>", "</p>", "<div class=\"sapo\">", "<h1>", "</h1>", "<time datetime=\"",
    "2024-02-30T25:61", "<figure><figcaption>", "<!--", "-->", "<![CDATA[", "<?xml version='1.0'?>",
    "&#0;", "&#x110000;", "&amp", "Đường Hải Dương", "\xa0", "\u200b", "\ufeff", "<", ">", "\"",
]  # fmt: skip
TEXT_BITS = [
    "Thời sự\n", "Hà Nội\n", "HẢI DƯƠNG\n", "Ngày 20/2/2024\n", "20/02/2024 08:30\n",
    "(TTXVN) - ", "Ảnh: Minh họa\n", "Nguyễn Văn A\n", "Xem thêm:\n", "\n\n", "99/99/9999\n",
    "\r\n", "\t", "\x0c",
]  # fmt: skip
JSON_BITS = [
    "{", "}", "[", "]", '"title":', '"text":', '"html":', '"body":', '"date":', '"id":', '"url":',
    '"province":', '"topic":', '"captions":', "null", "true", "1e999", "-0", '"x"', ",", ":",
    '"2024-02-20"', '"20/13/2024"', '"\\ud800"', '"\\u0000"', "\n", "NaN", "[[[[[[[[[[",
]  # fmt: skip


def _mix(bits: list[str]) -> st.SearchStrategy[bytes]:
    pieces = st.one_of(st.sampled_from(bits), st.text(max_size=8))
    joined = st.lists(pieces, max_size=40).map("".join)
    return st.one_of(
        st.binary(max_size=2048),
        joined.map(lambda s: s.encode("utf-8", "surrogatepass")),
        joined.map(lambda s: s.encode("utf-16")),
        joined.map(lambda s: s.encode("cp1258", "ignore")),
        st.tuples(joined, st.binary(max_size=64)).map(lambda t: t[0].encode() + t[1]),
    )


def _returns_or_value_error(fn: Callable[[], T]) -> T | None:
    try:
        return fn()
    except ValueError as exc:  # every documented failure is a ValueError subclass
        assert str(exc).strip(), f"{type(exc).__name__} without a message"
        return None


@FUZZ
@given(_mix(HTML_BITS + TEXT_BITS), st.booleans())
@example(b"\xef\xbb\xbf\xff\xfe", False)
@example(b"\xff\xfe\x00\xd8", False)  # UTF-16 BOM then a lone surrogate
@example(b"\x00" * 64, True)
@example(b"Vi\xea\xf2t " * 50, True)
def test_decode_bytes(data: bytes, html: bool) -> None:
    text = _returns_or_value_error(lambda: decode_bytes(data, html=html))
    if text is not None:
        assert isinstance(text, str) and "\ufffd" not in text


@FUZZ
@given(_mix(HTML_BITS))
@example(b"<html>" + b"<div>" * 3000 + b"x")
@example(b"<?xml version='1.0' encoding='utf-8'?><html><body><p>" + "Đường".encode() * 40)
@example(b'<meta charset="x-nonexistent">\xff\xfe')
def test_parse_html(data: bytes) -> None:
    art = _returns_or_value_error(lambda: parse_html(data, path="f.html"))
    if art is not None:
        assert isinstance(art, Article) and isinstance(art.title, str)


@FUZZ
@given(st.one_of(_mix(TEXT_BITS).map(lambda b: b.decode("utf-8", "replace")), st.text()))
@example("Thời sự\nHà Nội\n\n\n")
@example("\x00\x0b\x1c\u2028\u2029\ud7ff")
def test_parse_text(text: str) -> None:
    art = _returns_or_value_error(lambda: parse_text(text, path="f.txt"))
    if art is not None:
        assert isinstance(art, Article) and isinstance(art.body, str)


@FUZZ
@given(_mix(JSON_BITS), st.booleans())
@example(b'{"title": "T", "text": "x"}\n\xff\xfe\n{"title": 1}\n[]\n"s"\n', False)
@example(b'{"title": "T", "text": "x"}\n', True)
@example(b"\x1f\x8b\x08\x00garbage", False)
def test_read_jsonl(data: bytes, gz: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        name = "f.jsonl.gz" if gz else "f.jsonl"
        path = Path(tmp) / name
        path.write_bytes(gzip.compress(data) if gz else data)
        lines = _returns_or_value_error(lambda: list(read_jsonl(InputFile(path, name))))
    for line in lines or []:
        assert (line.article is None) != (line.error is None)
        assert line.error is None or line.error.startswith(f"line {line.number}: ")
