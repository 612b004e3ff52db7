"""Province gazetteer: canonical names, aliases, history and detection in articles.

Canonical names are short names with old-style tones (VIETNAMESE.md §1.1): "Hải Dương",
"Khánh Hòa", "Thừa Thiên Huế".  Ho Chi Minh City is **"TP Hồ Chí Minh"**, the common
newsroom form, because the bare "Hồ Chí Minh" in prose is the person.

History (DESIGN §6), from :mod:`archive.data.provinces`:

* 2025-01-01: Thừa Thiên Huế becomes the city of Huế (a rename of one unit);
* 2025-07-01: Resolution 202/2025/QH15 merges the 63 units into 34;
* 2026-04-30: Đồng Nai becomes "Thành phố Đồng Nai"; its short name stays "Đồng Nai".

An article keeps the province named as of its date: "Hải Dương" is never rewritten to
"Hải Phòng".  Only renames follow the date ("Huế" in a 2024 article is "Thừa Thiên
Huế"; "Thừa Thiên Huế" in a 2025 article is "Huế").  Filters that want the merged
units use :func:`predecessors` / :func:`merged_family`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Final

from archive.analysis import canonical, fold, fold_keep_case, new_style, normalize
from archive.data import provinces as _data

__all__ = [
    "all_provinces",
    "canonical_province",
    "full_name",
    "is_province",
    "merged_family",
    "predecessors",
    "provinces_at",
    "resolve_province",
    "successor",
]

When = date | datetime | None

MIN_MENTIONS: Final = 2
"""Text detection needs at least this many mentions of the winning province..."""
MIN_SHARE: Final = 0.6
"""...and at least this share of all province mentions in the text."""
MAX_SCAN: Final = 100_000
"""Only this many leading characters of the text are scanned (an article's opening)."""
TITLE_WEIGHT: Final = 3
"""A mention in the headline counts as this many mentions in the text."""

# --- the tables ---------------------------------------------------------------------------
_OLD: Final[list[str]] = [name for _, name, _ in _data.OLD_PROVINCES]
_NEW: Final[list[str]] = list(_data.NEW_CODES)
_RENAMED_TO: Final = {old: (new, since) for old, new, since in _data.RENAMES}
_RENAMED_FROM: Final = {new: (old, since) for old, new, since in _data.RENAMES}
_SUCCESSOR: Final[dict[str, str]] = {name: new for _, name, new in _data.OLD_PROVINCES}
_SUCCESSOR.update({old: _SUCCESSOR[new] for old, new, _ in _data.RENAMES})
_ORDER: Final[dict[str, int]] = {}
for _name in _OLD:
    _ORDER.update({old: len(_ORDER) for old, (new, _) in _RENAMED_TO.items() if new == _name})
    _ORDER[_name] = len(_ORDER)
_ALL: Final[list[str]] = sorted(_ORDER, key=_ORDER.__getitem__)

_SEP = re.compile(r"[\s.\-–—_,;:/()'\"]+")
_PREFIXES: Final = (("tỉnh",), ("thành", "phố"), ("tp",), ("thủ", "đô"))
_SUFFIXES: Final = (("city",), ("province",))


def _key(text: str) -> str:
    """Lookup key of an already lower-cased text: punctuation runs become one space."""
    return _SEP.sub(" ", text).strip()


def _strip_affixes(key: str) -> str:
    """Drop one "tỉnh"/"thành phố"/"TP"/"thủ đô" prefix and a "city"/"province" suffix."""
    words = key.split()
    for prefix in _PREFIXES + tuple(tuple(fold(w) for w in p) for p in _PREFIXES):
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            words = words[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if tuple(words[-len(suffix) :]) == suffix and len(words) > len(suffix):
            words = words[: -len(suffix)]
    return " ".join(words)


def _build_keys() -> tuple[dict[str, str], dict[str, str]]:
    """Map accented keys and folded keys to canonical names; refuse ambiguous keys."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for name in _ALL:
        forms = (name, *_data.ALIASES.get(name, ()), *_data.HINT_ALIASES.get(name, ()))
        for form in forms:
            for table, key in ((exact, _key(canonical(form))), (folded, _key(fold(form)))):
                for k in {key, _strip_affixes(key)}:
                    if table.setdefault(k, name) != name:
                        raise RuntimeError(f"gazetteer key {k!r}: {table[k]} or {name}")
    return exact, folded


_BY_EXACT, _BY_FOLD = _build_keys()


def _day(when: When) -> date | None:
    if isinstance(when, datetime):
        return when.date()
    return when


def _as_of(name: str, when: When) -> str:
    """Apply renames (not mergers) so the name is the one in force on ``when``."""
    day = _day(when)
    if day is None:
        return name
    if name in _RENAMED_TO:
        new, since = _RENAMED_TO[name]
        return new if day >= since else name
    if name in _RENAMED_FROM:
        old, since = _RENAMED_FROM[name]
        return old if day < since else name
    return name


# --- public lookups -------------------------------------------------------------------------
def canonical_province(name: str, when: date | datetime | None = None) -> str | None:
    """Resolve a province name or alias to its canonical short name, or ``None``.

    Accepts the aliases of :mod:`archive.data.provinces` ("TP.HCM", "Sài Gòn", "HN",
    "TT-Huế", "BR-VT", "Daklak"…), either tone style, any case, "tỉnh"/"thành phố"/"TP"
    prefixes and, when the input has no diacritics at all, unaccented forms ("hai duong").
    Accented input is matched accent-sensitively: "Hài Dương" is not "Hải Dương".
    Ho Chi Minh City resolves to "TP Hồ Chí Minh".

    ``when`` applies renames only: "Huế" before 2025-01-01 is "Thừa Thiên Huế" and
    "Thừa Thiên Huế" from that day is "Huế".  Merged provinces keep their own names.
    """
    text = normalize(name).strip() if name else ""
    if not text:
        return None
    lowered = text.lower()
    folded = _key(fold(text))
    if folded == _key(lowered):  # no diacritics at all: unaccented lookup
        table, key = _BY_FOLD, folded
    else:
        table, key = _BY_EXACT, _key(canonical(text))
    found = table.get(key) or table.get(_strip_affixes(key))
    return _as_of(found, when) if found else None


def is_province(name: str) -> bool:
    """Return whether ``name`` resolves to a province (old or new) by :func:`canonical_province`."""
    return canonical_province(name) is not None


def all_provinces() -> list[str]:
    """Every canonical name known: the 63 old units, "Thừa Thiên Huế", and so the 34 new."""
    return list(_ALL)


def provinces_at(when: date | datetime | None = None) -> list[str]:
    """The provincial units in force on ``when`` (63, or 34 from 2025-07-01; ``None``: 34)."""
    day = _day(when)
    if day is None or day >= _data.MERGER_DATE:
        return sorted(_NEW, key=_ORDER.__getitem__)
    return [_as_of(name, day) for name in _OLD]


def _require(name: str) -> str:
    found = canonical_province(name)
    if found is None:
        raise KeyError(f"not a province: {name!r}")
    return found


def successor(name: str) -> str:
    """The post-merger province that ``name`` became ("Hải Dương" → "Hải Phòng").

    Survivors map to themselves; "Thừa Thiên Huế" maps to "Huế".  Raises ``KeyError``
    for a name that is not a province.
    """
    return _SUCCESSOR[_require(name)]


def predecessors(name: str) -> list[str]:
    """All units that became the post-merger province ``name``, itself first.

    "Hải Phòng" → ["Hải Phòng", "Hải Dương"]; "Huế" → ["Huế", "Thừa Thiên Huế"].  A name
    that is not a post-merger province gives ``[name]``.  Raises ``KeyError`` for a name
    that is not a province.
    """
    found = _require(name)
    family = [old for old in _ALL if _SUCCESSOR[old] == found and old != found]
    return [found, *family]


def merged_family(names: Iterable[str]) -> set[str]:
    """Canonical names of every unit merged together with any of ``names``.

    For ``include_merged`` filters: {"Hải Phòng"} and {"Hải Dương"} both give
    {"Hải Phòng", "Hải Dương"}.  Names that are not provinces are kept unchanged.
    """
    out: set[str] = set()
    for name in names:
        found = canonical_province(name)
        out.update(predecessors(_SUCCESSOR[found]) if found else (name,))
    return out


def full_name(name: str, when: date | datetime | None = None) -> str:
    """Official full name on ``when`` ("Tỉnh Hải Dương", "Thành phố Hồ Chí Minh").

    ``None`` means today's status.  Raises ``KeyError`` for a name that is not a province.
    """
    short = _as_of(_require(name), when)
    day = _day(when) or date.today()
    bare = short.removeprefix("TP ")
    since = _data.CITIES.get(short)
    return f"Thành phố {bare}" if since is not None and day >= since else f"Tỉnh {bare}"


# --- detection in text ------------------------------------------------------------------------
_BLOCKED: Final = ""  # value of phrases that contain a name but mention no province
_HCM_BARE: Final = "Hồ Chí Minh"  # counts only after "TP"/"thành phố"
_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One regex for many literal words, shaped as a trie: longest match first, fast scan."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        alts += [""] if "" in node else []
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(emit(trie) + r"(?!\w)")


class _Scanner:
    """Compiled text patterns for one script: accented text, or text without diacritics."""

    def __init__(self, ascii_only: bool) -> None:
        conv = fold_keep_case if ascii_only else (lambda s: s)
        self.forms: dict[str, str] = {}
        for name in _ALL:
            for form in (name, *_data.ALIASES.get(name, ())):
                value = _HCM_BARE if form.endswith(_HCM_BARE) else name
                self._add(conv(_HCM_BARE if value == _HCM_BARE else form), value)
        self.cities: dict[str, bool] = {}  # town form → needs "thành phố"/"TP" before it
        for name, towns in _data.CITY_ALIASES.items():
            for town in towns:
                before = set(self.forms)
                self._add(conv(town), name)
                for form in set(self.forms) - before:
                    self.cities[form] = town in _data.CITY_NEEDS_PREFIX
        for phrase in _data.NOT_PROVINCES:
            self._add(conv(phrase), _BLOCKED)
        self.pattern = _trie_pattern(self.forms)
        self.name_words = frozenset(conv(w) for w in _data.NAME_WORDS)
        city = conv("(?:thành phố|Thành phố|THÀNH PHỐ|TP|Tp)")
        self.city_before = re.compile(city + r"\.?\s*$")

    def _add(self, form: str, value: str) -> None:
        for variant in {form, new_style(form)}:
            for cased in (variant, variant.upper()):
                self.forms.setdefault(cased, value)

    def name_at(self, text: str, match: re.Match[str], when: When = None) -> str | None:
        """The canonical name a match stands for, or ``None`` when it is no mention.

        "Hải Dương cũ" (the former province, in a post-merger article) is no mention; a
        town ("Đà Lạt") stands for its province, after the merger for the merged one.
        """
        start, form = match.start(), match.group()
        if start and text[start - 1].isalnum():
            return None
        if _FORMER.match(text, match.end()):
            return None
        value = self.forms[form]
        if value == _HCM_BARE or self.cities.get(form):
            before = text[max(0, start - 12) : start]
            if not self.city_before.search(before):
                return None
            if value == _HCM_BARE:
                return "TP Hồ Chí Minh"
        if form in self.cities:
            day = _day(when)
            return _SUCCESSOR[value] if day and day >= _data.MERGER_DATE else value
        if start > 1 and text[start - 1] == " ":  # a person: "Nguyễn Thái Bình"
            prev = text[text.rfind(" ", max(0, start - 12), start - 1) + 1 : start - 1]
            if prev in self.name_words:
                return None
        return value or None

    def counts(self, text: str, when: When) -> Counter[str]:
        """Mentions per canonical name (as of ``when``)."""
        raw: Counter[str] = Counter()
        name_at = self.name_at
        for match in self.pattern.finditer(text):
            name = name_at(text, match, when)
            if name:
                raw[name] += 1
        found: Counter[str] = Counter()
        for name, count in raw.items():
            found[_as_of(name, when)] += count
        return found


_ACCENTED: Final = _Scanner(ascii_only=False)
_ASCII: Final = _Scanner(ascii_only=True)

_TAG: Final = re.compile(r"\s*(?:\([^()\n]{1,40}\)|[A-ZĐ][\w.&]{1,15}(?=\s*[-–—]))\s*[-–—:]?\s*")
_AT: Final = re.compile(r"(?:Tại|tại|TẠI|Ở|ở|Tai|tai|TAI|O)\s+")
_FORMER: Final = re.compile(r"\s*(?:cũ|CŨ|\(cũ\))(?!\w)")
_AFTER_NAME: Final = re.compile(r"\s*(?:([-–—:(])|,\s*(?:ngày\s+|ngay\s+)?\d)")


def _dateline(text: str, scanner: _Scanner, when: When) -> str | None:
    """A province named at the very opening: "HẢI DƯƠNG -", "(TTXVN) Hà Nội,", "TP.HCM:"."""
    head = text[:240]
    start = len(head) - len(head.lstrip())
    tag = _TAG.match(head)
    for pos in (start, tag.end()) if tag else (start,):
        at = _AT.match(head, pos)
        match = scanner.pattern.match(head, at.end() if at else pos)
        name = scanner.name_at(head, match, when) if match else None
        if match is None or name is None:
            continue
        if at:  # "(Dân trí) - Tại TP.HCM, …"
            return _as_of(name, when)
        after = _AFTER_NAME.match(head, match.end())
        tagged_comma = pos > start and head[match.end() :].lstrip().startswith(",")
        if after is None and not tagged_comma:
            continue
        rest = head[after.end() if after else match.end() :].lstrip(" ,-–—:")
        nxt = scanner.pattern.match(rest)
        if nxt and scanner.name_at(rest, nxt, when):  # "Hà Nội - Hải Phòng …": a route, no dateline
            continue
        return _as_of(name, when)
    return None


def _from_hint(hint: str, when: When) -> str | None:
    found = canonical_province(hint, when)
    if found:
        return found
    parts = {canonical_province(p, when) for p in re.split(r"[,;|/:]", hint) if p.strip()}
    parts.discard(None)
    return parts.pop() if len(parts) == 1 else None


def resolve_province(
    hint: str | None, text: str, when: date | datetime | None, *, title: str = ""
) -> str | None:
    """The province of an article, as named on its date ``when``; ``None`` when unclear.

    Order: the metadata ``hint`` (any alias, "Hải Dương, Việt Nam" too); a dateline at
    the opening of ``title`` or of one of the first three lines of ``text`` ("HẢI DƯƠNG
    -", "(TTXVN) Hà Nội,", "(Dân trí) - Tại TP.HCM", "TP.HCM:"); then mentions, where
    each mention in ``title`` counts ``TITLE_WEIGHT`` times: the one province the title
    names wins unless another has more mentions; else the most-mentioned province, if
    it has at least ``MIN_MENTIONS`` mentions and ``MIN_SHARE`` of all.  Text matching
    is case- and accent-sensitive (Title Case or CAPITALS; "hải dương" the ocean is no
    mention), word-bounded, skips "Thái Bình Dương", person names ("Nguyễn Thái Bình"),
    the bare "Hồ Chí Minh" (the person) and former provinces ("Hải Dương cũ"); well-known
    towns count for their province ("Đà Lạt" → Lâm Đồng).  Text without any diacritics
    is matched in unaccented form.
    """
    if hint and hint.strip():
        found = _from_hint(hint, when)
        if found:
            return found
    if not text and not title:
        return None
    text = normalize(text[:MAX_SCAN])
    title = normalize(title[:1000])
    scanner = _ASCII if text.isascii() and title.isascii() else _ACCENTED
    openings = [title] if title.strip() else []
    openings += [line for line in text[:2000].split("\n") if line.strip()][:3]
    for opening in openings or [text]:
        found = _dateline(opening, scanner, when)
        if found:
            return found
    counts = scanner.counts(text, when)
    in_title = scanner.counts(title, when) if title else Counter()
    for name, count in in_title.items():
        counts[name] += TITLE_WEIGHT * count
    if not counts:
        return None
    (best, top), *rest = counts.most_common(2) + [("", 0)]
    if len(in_title) == 1:
        (named,) = in_title
        if counts[named] >= top:
            return named
    total = sum(counts.values())
    if top < MIN_MENTIONS or top < MIN_SHARE * total or top == rest[0][1]:
        return None
    return best
