"""Vietnamese text analysis: normalization, tone placement, folding and syllable tokens.

One module owns the rules of VIETNAMESE.md §1–2; the schema, the query builder, the
gazetteer and facet labels all call it, so documents and queries always agree.

>>> [t.exact for t in tokenize("Đường Nguyễn Huệ")]
['đường', 'nguyễn', 'huệ']
>>> [t.folded for t in tokenize("Đường Nguyễn Huệ")]
['duong', 'nguyen', 'hue']
>>> canonical("Thuỷ điện Hoà Bình")
'thủy điện hòa bình'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

# --- N2: character fix-ups -------------------------------------------------------------
_SPACES = "\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))
_FIXUPS: dict[int, str | None] = {ord(c): " " for c in _SPACES}
_FIXUPS.update(
    {
        0x00D0: "\u0110",  # Icelandic eth Ð → Đ
        0x00F0: "\u0111",  # ð → đ
        0x00AD: None,  # soft hyphen
        0x200B: None,  # zero-width space
        0x200C: None,
        0x200D: None,
        0x2060: None,  # word joiner
        0xFEFF: None,  # BOM / zero-width no-break space
    }
)

# str.translate with a dict is slow on non-ASCII text; these characters are rare, so find
# them with one regex first.
_FIXUP_RE = re.compile("[" + "".join(chr(c) for c in _FIXUPS) + "]")

# --- N4: tone placement ----------------------------------------------------------------
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_SHAPED = frozenset("ăâêôơư")
_OLD_STYLE_FIRST = frozenset({"oa", "oe", "uy"})  # R4: the only old/new difference

# --- N3: tokens --------------------------------------------------------------------------
# T1 letter runs (combining marks included, for text that is not NFC), T2 numbers with
# internal separators kept whole; T3 everything else separates.
# A token is letters, each with the combining marks that follow it (text not yet NFC); a
# stray mark before any letter separates tokens (alone, it would fold to an empty term).
_LETTERS = r"(?:[^\W\d_][\u0300-\u036f]*)+"
TOKEN_RE = re.compile(_LETTERS + r"|\d+(?:[.,]\d+)*")
_WORD_RE = re.compile(_LETTERS)


def normalize(text: str) -> str:
    """Apply N1–N2: NFC, eth → Đ, spaces to space, drop zero-width characters. Case is kept.

    >>> normalize("Vie\\u0323\\u0302t\\u00a0Nam")
    'Việt Nam'
    """
    if _FIXUP_RE.search(text):
        text = _FIXUP_RE.sub(_fixup, text)
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _fixup(m: re.Match[str]) -> str:
    return _FIXUPS[ord(m.group())] or ""


def place_tone(syllable: str) -> str:
    """Move the tone mark of one lower-case NFC syllable to its canonical (old-style) place.

    >>> place_tone("hoà"), place_tone("thuỷ"), place_tone("qúy"), place_tone("gìa")
    ('hòa', 'thủy', 'quý', 'già')
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return syllable
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    n = len(base)
    start = 0
    while start < n and base[start] not in _VOWELS:
        start += 1
    if start < n and start > 0:
        onset = base[:start]
        if onset[-1] == "q" and base[start] == "u":
            start += 1  # "qu": the u belongs to the onset
        elif onset == "g" and base[start] == "i" and start + 1 < n and base[start + 1] in _VOWELS:
            start += 1  # "gi" + vowel: the i belongs to the onset
    end = start
    while end < n and base[end] in _VOWELS:
        end += 1
    if end == start:
        return syllable
    nucleus = base[start:end]
    shaped = [i for i, c in enumerate(nucleus) if c in _SHAPED]
    if shaped:
        at = shaped[-1]  # R1
    elif end < n:
        at = len(nucleus) - 1  # R2: closed syllable
    elif len(nucleus) == 3:
        at = 1  # R3
    elif len(nucleus) == 2:
        at = 0  # R4 (old style oa/oe/uy) and R5 both put it on the first vowel
    else:
        at = 0  # R6
    pos = start + at
    return unicodedata.normalize("NFC", base[: pos + 1] + tones[0] + base[pos + 1 :])


@lru_cache(maxsize=200_000)
def exact_syllable(raw: str) -> str:
    """Canonical exact form of one token: NFC, lower-case, canonical tone placement."""
    low = normalize(raw).lower()
    if low.isascii():
        return low
    return place_tone(low)


@lru_cache(maxsize=200_000)
def fold_syllable(raw: str) -> str:
    """Folded form of one token: no diacritics at all and đ → d (:func:`fold`, memoized)."""
    return fold(raw)


@lru_cache(maxsize=200_000)
def syllable_forms(raw: str) -> tuple[str, str]:
    """Return ``(exact, folded)`` for one raw token; memoized (Vietnamese has few syllables)."""
    return exact_syllable(raw), fold_syllable(raw)


@dataclass(frozen=True, slots=True)
class Token:
    """A syllable or number with its position and character span in the normalized text."""

    exact: str
    folded: str
    pos: int
    start: int
    end: int

    @property
    def accented(self) -> bool:
        """True when the token carries any diacritic (so it searches the exact field)."""
        return self.exact != self.folded


def tokenize(text: str, *, normalized: bool = False) -> list[Token]:
    """Split text into syllable tokens (rules T1–T3). Offsets refer to ``normalize(text)``.

    >>> [(t.exact, t.pos) for t in tokenize("TP.HCM 19/5/2018 tăng 8,11%")]
    [('tp', 0), ('hcm', 1), ('19', 2), ('5', 3), ('2018', 4), ('tăng', 5), ('8,11', 6)]
    """
    if not normalized:
        text = normalize(text)
    out = []
    for pos, m in enumerate(TOKEN_RE.finditer(text)):
        exact, folded = syllable_forms(m.group())
        out.append(Token(exact, folded, pos, m.start(), m.end()))
    return out


def iter_raw_tokens(text: str) -> Iterator[re.Match[str]]:
    """Yield regex matches of raw tokens in already-normalized text (hot path of indexing)."""
    return TOKEN_RE.finditer(text)


def canonical(text: str) -> str:
    """Normalize, lower-case and canonicalize tones in running text; punctuation is kept.

    >>> canonical("UỶ BAN Khánh Hoà")
    'ủy ban khánh hòa'
    """
    return _WORD_RE.sub(lambda m: exact_syllable(m.group()), normalize(text)).lower()


# --- N6: folding ------------------------------------------------------------------------
_MARKS_RE = re.compile(r"[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Fold running text (N5–N6): lower-case, every diacritic dropped, đ → d; punctuation kept.

    The one fold of the project: tokens (:func:`fold_syllable`), the gazetteer, snippets,
    suggestions and the indexer all call it. It runs on C-level string operations; only
    text that keeps non-ASCII letters after the Vietnamese marks are gone takes the slow
    per-character path (combining marks of other scripts, category ``Mn``).

    >>> fold("Hải Dương, Đà Nẵng")
    'hai duong, da nang'
    >>> fold("Ðường Nguyễn Huệ")
    'duong nguyen hue'
    """
    text = normalize(text).lower()
    if text.isascii():
        return text
    text = _MARKS_RE.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d")
    if text.isascii():
        return text
    return _NON_ASCII_RE.sub(_drop_mark, text)  # quotes, dashes, other scripts: checked one by one


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _drop_mark(m: re.Match[str]) -> str:
    c = m.group()
    return "" if unicodedata.category(c) == "Mn" else c


def fold_aligned(text: str) -> str | None:
    """:func:`fold` of normalized text when it keeps every character's place, else None.

    Vietnamese letters fold one for one, so a match found in the folded text has the same
    span in the text: searching for folded words needs no per-token work. Text whose
    folding changes its length (a soft hyphen, a stray combining mark, a Korean syllable)
    gives None: the caller goes token by token.

    >>> fold_aligned("Hải Đăng"), fold_aligned("x\u00ady")
    ('hai dang', None)
    """
    flat = fold(text)
    return flat if len(flat) == len(text) else None


@lru_cache(maxsize=4096)
def folded_words_re(folded: tuple[str, ...], *, adjacent: bool) -> re.Pattern[str]:
    """A regex over :func:`fold_aligned` text: the folded syllables side by side
    (``adjacent``; anything but letters and digits between them, T1–T3) or any one of
    them, each a whole token.

    >>> folded_words_re(("bong", "da"), adjacent=True).findall("tran bong da, bong. da so")
    ['bong da', 'bong. da']
    >>> folded_words_re(("da", "hai"), adjacent=False).findall("hai da daa ha")
    ['hai', 'da']
    """
    words = [re.escape(f) for f in folded]
    body = r"[\W_]+".join(words) if adjacent else "(?:" + "|".join(words) + ")"
    return re.compile(r"(?<![^\W\d_])" + body + r"(?![^\W\d_])")


def fold_keep_case(text: str) -> str:
    """Fold like :func:`fold` but keep each letter's case ("Hải Dương" → "Hai Duong").

    >>> fold_keep_case("ĐÀ NẴNG và Huế")
    'DA NANG va Hue'
    """
    text = normalize(text)
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    low = fold(c)
    return low.upper() if c.isupper() else low


# --- R4: the other tone placement -----------------------------------------------------
_OLD_TO_NEW_TONE = re.compile(r"([òóỏõọ])([ae])(?!\w)|([ùúủũụ])(y)(?!\w)", re.IGNORECASE)
_BASE_VOWEL = {c: b for b, cs in (("o", "òóỏõọ"), ("u", "ùúủũụ")) for c in cs}
_TONE_OF = {c: i for cs in ("òóỏõọ", "ùúủũụ") for i, c in enumerate(cs)}
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}


def new_style(text: str) -> str:
    """Rewrite old-style R4 syllables in the new style ("Hòa" → "Hoà"; case kept).

    The canonical form is the old style (:func:`place_tone`); this is its only
    counterpart, for matching literal text that may be written either way.

    >>> new_style("Khánh Hòa, thủy điện, HÒA")
    'Khánh Hoà, thuỷ điện, HOÀ'
    """

    def move(m: re.Match[str]) -> str:
        marked, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        low = marked.lower()
        target = _TONED[second.lower()][_TONE_OF[low]]
        base = _BASE_VOWEL[low]
        if marked.isupper():
            base = base.upper()
        if second.isupper():
            target = target.upper()
        return base + target

    def word(m: re.Match[str]) -> str:
        w = m.group()
        tones = sum(c in _TONES for c in unicodedata.normalize("NFD", w))
        return _OLD_TO_NEW_TONE.sub(move, w) if tones == 1 else w  # one syllable, one tone

    return _WORD_RE.sub(word, normalize(text))


# --- T5: adjacent pairs ---------------------------------------------------------------
def bigrams(words: Sequence[str]) -> list[str]:
    """Return the adjacent pairs of a word sequence, joined by one space (rule T5).

    >>> bigrams(["can", "bo", "cong", "chuc"])
    ['can bo', 'bo cong', 'cong chuc']
    """
    return [a + " " + b for a, b in zip(words, words[1:], strict=False)]


def folded_words(text: str) -> list[str]:
    """Return the folded tokens of running text (:func:`tokenize` without positions).

    >>> folded_words("Đường Nguyễn-Huệ, 8,11%")
    ['duong', 'nguyen', 'hue', '8,11']
    """
    return [fold_syllable(raw) for raw in TOKEN_RE.findall(normalize(text))]


def terms(text: str) -> list[str]:
    """Return the exact terms of a text (shorthand for tests and tools)."""
    return [t.exact for t in tokenize(text)]


def folded_terms(text: str) -> list[str]:
    """Return the folded terms of a text."""
    return [t.folded for t in tokenize(text)]
