"""Decode news files to clean Unicode text (DESIGN §5 steps 1-3, VIETNAMESE.md §5).

Order: byte-order marks, the charset an HTML page declares, strict UTF-8, then the
8-bit Vietnamese encodings (Windows-1258, TCVN3/ABC, VNI-Windows), chosen by the share
of tokens that are valid Vietnamese syllables.  Nothing is guessed silently: binary
data and text that decodes to U+FFFD raise :class:`DecodeError`.

>>> decode_bytes(b"Ti\\xea\\xecng Vi\\xea\\xf2t")  # Windows-1258: base letters + tone bytes
'Tiếng Việt'
>>> decode_bytes(b"Ti\\xd5ng Vi\\xd6t")  # TCVN3
'Tiếng Việt'
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata

__all__ = ["DecodeError", "clean_text", "decode_bytes", "syllable_share"]


class DecodeError(ValueError):
    """The bytes do not decode to trustworthy text; the message says why."""


# TCVN3 (ABC) bytes 0x80-0xFF, derived once from glibc ``iconv -f TCVN5712-1`` (bytes
# below 0x80 are ASCII; TCVN3's capitals in control codes are never seen in files).
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
_TCVN3_TABLE = {0x80 + i: ch for i, ch in enumerate(_TCVN3_HIGH)}


def _build_vni_pairs() -> dict[str, str]:
    """Build the VNI-Windows table from the public chart: base letter + mark byte.

    Tone bytes follow a plain vowel (sắc ù, huyền ø, hỏi û, ngã õ, nặng ï); circumflex
    vowels use â then á à å ã ä; breve uses ê then é è ú ü ë.  ơ = ô, ư = ö, đ = ñ,
    and i, ỵ have single bytes.  Capitals use the upper-case Latin-1 bytes.
    """
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    plain = ["", "ù", "ø", "û", "õ", "ï"]
    circ = ["â", "á", "à", "å", "ã", "ä"]
    breve = ["ê", "é", "è", "ú", "ü", "ë"]
    pairs: dict[str, str] = {}

    def add(vni: str, uni: str) -> None:
        uni = unicodedata.normalize("NFC", uni)
        pairs[vni] = uni
        pairs[vni.upper()] = uni.upper()

    for t, tone in enumerate(tones):
        for base in "aeouy":
            if t:
                add(base + plain[t], base + tone)
        for base in "aeo":
            add(base + circ[t], base + "\u0302" + tone)
        add("a" + breve[t], "a\u0306" + tone)
        add("ô" + plain[t], "o\u031b" + tone)  # ơ
        add("ö" + plain[t], "u\u031b" + tone)  # ư
    for vni, uni in zip("íìæóò", "íìỉĩị", strict=True):
        add(vni, uni)
    add("î", "ỵ")
    add("ñ", "đ")
    return pairs


_VNI_PAIRS = _build_vni_pairs()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI_PAIRS, key=len, reverse=True)))

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui "
    "uô uơ uy ưa ưi ưu ươ yê iêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu yêu"
).split()
_SYLLABLE_RE = re.compile(
    _ONSET + "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")(?:ng|nh|ch|[cmnpt])?"
)
_EDGE_PUNCT = "\"'()[]{}<>.,;:!?-–—…“”‘’«»/*+=_#@$%^&|\\~`"
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(rb"""^<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")
_LATIN1_FAMILY = {"latin_1", "iso8859_1", "cp1252", "iso8859_15", "ascii"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but whitespace, DEL
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad\u2060]")
_FIXUP_PAIRS = (("\u00d0", "\u0110"), ("\u00f0", "\u0111"), ("\r", ""))
_ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MOJIBAKE_RE = re.compile("(?:Ã[\u0080-\u00bf]|á»|áº|Ä‘|Ä\u0090|Æ°|Æ¡)")
_SCORE_TOKENS = 3000
# cp1252's bytes 0x80-0x9F mapped back from their characters; other chars are Latin-1.
_CP1252_BACK = {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _is_syllable(token: str) -> bool:
    """Return True when *token* (lower-case, NFC) is a well-formed Vietnamese syllable."""
    if token.isascii():
        return _SYLLABLE_RE.fullmatch(token) is not None
    decomposed = unicodedata.normalize("NFD", token)
    marks = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if marks > 1:
        return False
    if marks:
        decomposed = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return _SYLLABLE_RE.fullmatch(unicodedata.normalize("NFC", decomposed)) is not None


def syllable_share(text: str) -> float:
    """Return the share (0..1) of word tokens in *text* that are valid Vietnamese syllables.

    Only tokens that contain a letter count; text without such tokens scores 0.
    """
    total = valid = 0
    for raw in text.split()[:_SCORE_TOKENS]:
        token = raw.strip(_EDGE_PUNCT).lower()
        if not token or not any(ch.isalpha() for ch in token):
            continue
        if any(ch.isdigit() for ch in token):
            continue
        total += 1
        valid += _is_syllable(unicodedata.normalize("NFC", token))
    return valid / total if total else 0.0


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to NFC text (plain bytes carry no capitals for toned letters)."""
    text = data.decode("latin-1").translate(_TCVN3_TABLE)
    return unicodedata.normalize("NFC", text)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes to NFC text with a longest-match pair table."""
    text = data.decode("latin-1")
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI_PAIRS[m.group(0)], text))


def _declared_charset(data: bytes) -> str | None:
    """Return the Python codec name of the charset declared in an HTML/XML head, if known."""
    head = data[:4096]
    match = _XML_DECL_RE.search(head) or _META_CHARSET_RE.search(head)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _check_binary(data: bytes) -> None:
    """Raise DecodeError when *data* looks like binary rather than text."""
    sample = data[:8192]
    if b"\x00" in sample:
        raise DecodeError("binary data: NUL bytes found (not a text or HTML file)")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if sample and controls / len(sample) > 0.01:
        raise DecodeError(f"binary data: {controls} control bytes in the first {len(sample)}")


def _looks_utf16(data: bytes) -> str | None:
    """Return a UTF-16 codec name for BOM-less UTF-16 (every other byte NUL), else None."""
    sample = data[:2048]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * len(sample) / 2 and even == 0:
        return "utf-16-le"
    if even > 0.4 * len(sample) / 2 and odd == 0:
        return "utf-16-be"
    return None


def _best_legacy(data: bytes, first: str | None = None) -> str:
    """Decode 8-bit *data* with the candidate whose text has the most valid syllables."""
    candidates: list[str] = []
    for codec in (first, "cp1258"):
        if codec:
            try:
                candidates.append(unicodedata.normalize("NFC", data.decode(codec)))
            except UnicodeDecodeError:
                pass
    candidates.append(decode_tcvn3(data))
    candidates.append(decode_vni(data))
    scored = [(syllable_share(text), -i, text) for i, text in enumerate(candidates)]
    return max(scored)[2]


def _fix_legacy_in_unicode(text: str) -> str:
    """Repair TCVN3/VNI text that was converted to Unicode as if it were Latin-1."""
    if text.isascii() or any(ord(ch) > 0xFF for ch in text):
        return text
    base = syllable_share(text)
    if base > 0.9:
        return text
    raw = text.encode("latin-1")
    for fixed in (decode_tcvn3(raw), decode_vni(raw)):
        if syllable_share(fixed) > base + 0.1:
            return fixed
    return text


def _fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as cp1252 once ("Viá»‡t" → "Việt") when it is clearly so."""
    if len(_MOJIBAKE_RE.findall(text)) < 3:
        return text
    try:
        raw = bytes(_CP1252_BACK.get(ch, ord(ch)) for ch in text)
        fixed = raw.decode("utf-8")
    except (ValueError, UnicodeError):
        return text
    return fixed if syllable_share(fixed) > syllable_share(text) else text


_UTF8_SEQ_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_MIN_LEGACY_SHARE = 0.5


def _decode_mixed(data: bytes, declared: str | None) -> str | None:
    """Decode a file whose lines mix UTF-8 and an 8-bit Vietnamese encoding, line by line.

    :return: the text, or ``None`` when no line is non-ASCII UTF-8 (not a mixed file).
    :raises DecodeError: one line mixes both, or the 8-bit lines are not Vietnamese.
    """
    lines = data.split(b"\n")
    kinds: list[bool | None] = []  # True: UTF-8 with non-ASCII, False: 8-bit, None: ASCII
    for line in lines:
        if line.isascii():
            kinds.append(None)
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            if len(_UTF8_SEQ_RE.findall(line)) >= 3:
                raise DecodeError(
                    f"mixed encodings within line {len(kinds) + 1}: UTF-8 and 8-bit bytes"
                ) from None
            kinds.append(False)
        else:
            kinds.append(True)
    if True not in kinds:
        return None
    legacy = [line for line, kind in zip(lines, kinds, strict=True) if kind is False]
    decoded = _best_legacy(b"\n".join(legacy), declared)
    if syllable_share(decoded) < _MIN_LEGACY_SHARE:
        raise DecodeError("mixed encodings: the non-UTF-8 lines are not Vietnamese 8-bit text")
    fixed = iter(decoded.split("\n"))
    out = [
        next(fixed) if kind is False else line.decode("utf-8")
        for line, kind in zip(lines, kinds, strict=True)
    ]
    return "\n".join(out)


def _finish(text: str, how: str) -> str:
    """NFC-normalise decoded text and refuse it when it carries replacement characters."""
    bad = text.count("\ufffd")
    if bad:
        raise DecodeError(f"{how}: text contains {bad} replacement character(s) U+FFFD")
    return unicodedata.normalize("NFC", text)


def decode_bytes(data: bytes, *, html: bool = False) -> str:
    """Decode a file's bytes to NFC text.

    :param data: the raw file content.
    :param html: honour a ``<meta charset>`` / http-equiv / XML encoding declaration.
    :return: the decoded text (NFC, otherwise unchanged; see :func:`clean_text`).
    :raises DecodeError: binary data, or text that only decodes to replacement characters.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom) :].decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{codec} byte-order mark but invalid {codec}: {exc}") from exc
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return _finish(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    _check_binary(data)
    declared = _declared_charset(data) if html else None
    if declared and declared not in _LATIN1_FAMILY and declared != "utf-8":
        try:
            return _finish(data.decode(declared), f"declared charset {declared}")
        except UnicodeDecodeError:
            pass  # a wrong declaration is common: detect instead
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _finish(_fix_legacy_in_unicode(_fix_mojibake(text)), "utf-8")
    mixed = _decode_mixed(data, declared)
    if mixed is not None:
        return _finish(mixed, "mixed UTF-8 and 8-bit lines")
    return _finish(_best_legacy(data, declared), "8-bit Vietnamese")


def clean_text(s: str) -> str:
    """Apply DESIGN §5 steps 2-3: entities, NFC, Đ/đ fix-ups, no zero-width or control
    characters, one space.

    Newlines are kept; runs of other whitespace become one space and lines are stripped.

    >>> clean_text("Ha\\u0300 N\\u00f4\\u0323i&nbsp;&amp; \\u00d0a\\u0300 N\\u0103\\u0303ng\\u200b")
    'Hà Nội & Đà Nẵng'
    """
    if "&" in s and _ENTITY_RE.search(s):
        s = html.unescape(s)
    for bad, good in _FIXUP_PAIRS:  # str.replace is ~10x faster than str.translate
        if bad in s:
            s = s.replace(bad, good)
    if _ZERO_WIDTH_RE.search(s):
        s = _ZERO_WIDTH_RE.sub("", s)
    if _CONTROL_RE.search(s):
        s = _CONTROL_RE.sub("", s)
    s = unicodedata.normalize("NFC", s)
    # runs of spaces (any Unicode space but the newline) become one: str.split() does it
    # at twice the speed of a regex
    return "\n".join(" ".join(line.split()) for line in s.split("\n")).strip()
