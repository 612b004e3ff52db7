"""Encoding detection and text clean-up (DESIGN §5 steps 1-3, VIETNAMESE.md §5)."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from indexer.encoding import (
    _TCVN3_TABLE,  # private tables, used here to build test inputs
    _VNI_PAIRS,
    DecodeError,
    clean_text,
    decode_bytes,
    syllable_share,
)

TONES = "\u0300\u0301\u0303\u0309\u0323"
SAMPLE = "Đảng Cộng sản Việt Nam lãnh đạo người dân xây dựng đường phố Hà Nội khang trang"


def to_cp1258(text: str) -> bytes:
    """Encode like Windows-1258 editors: base letters (with ă â ê ô ơ ư) plus tone bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in decomposed if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def to_tcvn3(text: str) -> bytes:
    inverse = {v: k for k, v in _TCVN3_TABLE.items() if len(v) == 1}
    return bytes(inverse[ch] if ch in inverse else ord(ch) for ch in text)


def to_vni(text: str) -> bytes:
    inverse: dict[str, str] = {}
    for vni, uni in sorted(_VNI_PAIRS.items(), key=lambda kv: len(kv[0])):
        inverse.setdefault(uni, vni)
    return "".join(inverse.get(ch, ch) for ch in text).encode("latin-1")


def test_utf8_plain_and_bom() -> None:
    assert decode_bytes(SAMPLE.encode()) == SAMPLE
    assert decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode()) == SAMPLE


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_bytes(bom + SAMPLE.encode(codec)) == SAMPLE


def test_utf16_without_bom() -> None:
    assert decode_bytes(SAMPLE.encode("utf-16-le")) == SAMPLE


def test_nfd_utf8_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", SAMPLE)
    assert decode_bytes(nfd.encode()) == SAMPLE


def test_windows_1258_is_detected_and_composed() -> None:
    data = to_cp1258(SAMPLE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == SAMPLE


def test_meta_charset_windows_1258() -> None:
    page = f'<html><head><meta charset="windows-1258"></head><body><p>{SAMPLE}</p></body></html>'
    assert SAMPLE in decode_bytes(to_cp1258(page), html=True)
    http_equiv = page.replace(
        '<meta charset="windows-1258">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
    )
    assert SAMPLE in decode_bytes(to_cp1258(http_equiv), html=True)


def test_tcvn3() -> None:
    assert decode_bytes(b"Ti\xd5ng Vi\xd6t") == "Tiếng Việt"
    # TCVN3 has no toned capitals: plain bytes come out lower-case where the source used
    # an upper-case ".VnTimeH" font; untoned capitals (Đ Ă Â Ê Ô Ơ Ư) survive.
    text = "Đảng cộng sản việt nam lãnh đạo người dân xây dựng đường phố hà nội"
    assert decode_bytes(to_tcvn3(text)) == text


def test_vni_windows() -> None:
    assert decode_bytes("Tieáng Vieät".encode("latin-1")) == "Tiếng Việt"
    assert decode_bytes(to_vni(SAMPLE)) == SAMPLE


def test_legacy_text_stored_as_latin1_unicode_is_repaired() -> None:
    assert decode_bytes("Tieáng Vieät Nam".encode()) == "Tiếng Việt Nam"


def test_double_encoded_utf8_is_repaired() -> None:
    mojibake = SAMPLE.encode("utf-8").decode("latin-1")
    assert decode_bytes(mojibake.encode("utf-8")) == SAMPLE


def test_binary_junk_is_refused() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(256)) * 8)
    with pytest.raises(DecodeError, match="control"):
        decode_bytes(b"\x01\x02\x03\x04abc\x05\x06\x07" * 50)


def test_replacement_characters_are_refused() -> None:
    with pytest.raises(DecodeError, match="U\\+FFFD"):
        decode_bytes("Vi\ufffd\ufffdt Nam".encode())


def test_syllable_share_separates_vietnamese_from_mojibake() -> None:
    assert syllable_share(SAMPLE) == 1.0
    assert syllable_share("TiÕng ViÖt §¶ng") < 0.5
    assert syllable_share("Tieáng Vieät") < 0.5


def test_clean_text() -> None:
    raw = (
        "Ha\u0300 N\u00f4\u0323i\u00a0\u00a0&amp; \u00d0a\u0300 N\u0103\u0303ng\u200b\u00ad"
        "\n  x\u2009 y \ufeff"
    )
    assert clean_text(raw) == "Hà Nội & Đà Nẵng\nx y"
    assert clean_text("\u00f0\u01b0\u01a1\u0300ng") == "đường"
    assert clean_text("a &lt;b&gt; &#273;") == "a <b> đ"
    assert clean_text("AT&T") == "AT&T"
    assert clean_text("dòng 1\r\n\r\ndòng   2") == "dòng 1\n\ndòng 2"


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Encode like Windows-1258 files are written: precomposed base letters + tone bytes."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def test_mixed_utf8_and_cp1258_lines() -> None:
    utf = "<h1>Tiêu đề bài viết</h1>\n<p>Người dân Hà Nội đón Tết trong không khí ấm áp.</p>\n"
    legacy = "<p>Người dân Hải Dương đón Tết trong không khí vui vẻ, phấn khởi.</p>\n"
    for data in (utf.encode() + _cp1258(legacy) * 3, _cp1258(utf) + legacy.encode() * 3):
        text = decode_bytes(data)
        assert unicodedata.is_normalized("NFC", text)
        assert "Tiêu đề bài viết" in text and "Người dân Hải Dương đón Tết" in text


def test_mixed_encodings_in_one_line_are_reported() -> None:
    line = "Người dân Hà Nội đón Tết. ".encode() + _cp1258("Người dân Hải Dương vui vẻ.")
    with pytest.raises(DecodeError, match="mixed encodings"):
        decode_bytes(line)


def test_clean_text_drops_control_characters() -> None:
    assert clean_text("Hà\x01 Nội\x7f\x0b đón\x1bTết") == "Hà Nội đónTết"
