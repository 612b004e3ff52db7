"""Section names (topics) as sources write them, normalised (DESIGN §6).

>>> normalize_topic("THỜI SỰ"), normalize_topic("  kinh   doanh "), normalize_topic("bong-da")
('Thời sự', 'Kinh doanh', 'Bóng đá')
>>> pick_section("Kinh doanh, Tài chính", [])
'Kinh doanh'
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from indexer.encoding import clean_text

__all__ = [
    "GENERIC_TOPICS",
    "SECTION_SLUGS",
    "is_generic_topic",
    "load_topic_map",
    "normalize_topic",
    "pick_section",
]

#: Common section slugs of Vietnamese news sites and the names the sites show.
SECTION_SLUGS: dict[str, str] = {
    "thoi-su": "Thời sự",
    "tin-tuc": "Tin tức",
    "tin-tuc-trong-ngay": "Tin tức trong ngày",
    "xa-hoi": "Xã hội",
    "chinh-tri": "Chính trị",
    "the-gioi": "Thế giới",
    "quoc-te": "Quốc tế",
    "tin-tuc-quoc-te": "Thế giới",
    "kinh-doanh": "Kinh doanh",
    "kinh-te": "Kinh tế",
    "tai-chinh": "Tài chính",
    "bat-dong-san": "Bất động sản",
    "thi-truong-tieu-dung": "Thị trường tiêu dùng",
    "the-thao": "Thể thao",
    "bong-da": "Bóng đá",
    "giai-tri": "Giải trí",
    "van-hoa": "Văn hóa",
    "phim": "Phim",
    "am-nhac": "Âm nhạc",
    "giao-duc": "Giáo dục",
    "giao-duc-du-hoc": "Giáo dục",
    "suc-khoe": "Sức khỏe",
    "suc-khoe-doi-song": "Sức khỏe",
    "doi-song": "Đời sống",
    "ban-tre-cuoc-song": "Bạn trẻ - Cuộc sống",
    "gia-dinh": "Gia đình",
    "cong-nghe": "Công nghệ",
    "khoa-hoc": "Khoa học",
    "so-hoa": "Số hóa",
    "cong-nghe-thong-tin": "Công nghệ",
    "hi-tech": "Công nghệ",
    "thoi-trang-hi-tech": "Công nghệ",
    "phap-luat": "Pháp luật",
    "an-ninh-xa-hoi": "An ninh xã hội",
    "du-lich": "Du lịch",
    "du-lich-24h": "Du lịch",
    "am-thuc": "Ẩm thực",
    "thoi-trang": "Thời trang",
    "lam-dep": "Làm đẹp",
    "xe": "Xe",
    "oto-xe-may": "Ô tô - Xe máy",
    "ban-doc": "Bạn đọc",
    "y-kien": "Ý kiến",
    "goc-nhin": "Góc nhìn",
    "xay-dung-dang": "Xây dựng Đảng",
    "quan-su": "Quân sự",
    "moi-truong": "Môi trường",
    "media-24h": "Media",
}

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$|^[a-z0-9]+$")


def _sentence_case(s: str) -> str:
    """Upper-case the first letter and lower-case the rest when *s* is all capitals."""
    if s.isupper():
        s = s.lower()
    return s[:1].upper() + s[1:]


def normalize_topic(s: str | None, topic_map: dict[str, str] | None = None) -> str | None:
    """Normalise a section name: NFC, one space, sentence case; slugs become names.

    :param s: the section as the source gives it (name, slug or URL path part).
    :param topic_map: optional synonyms (keys compared case-insensitively) from
        :func:`load_topic_map`, applied after normalisation.
    :return: the display name, or ``None`` for empty input.
    """
    if s is None:
        return None
    text = clean_text(s).replace("\n", " ").strip(" /|>›»-–")
    if not text:
        return None
    lowered = text.lower()
    if lowered in SECTION_SLUGS:
        name = SECTION_SLUGS[lowered]
    elif _SLUG_RE.match(lowered) and ("-" in lowered or "_" in lowered) and text.isascii():
        words = re.split(r"[-_]+", lowered)
        name = " ".join(words)
        name = name[:1].upper() + name[1:]
    else:
        name = _sentence_case(text)
    if topic_map:
        name = topic_map.get(name.lower(), name)
    return name


def load_topic_map(path: str | Path) -> dict[str, str]:
    """Load a JSON object mapping source topic names to canonical ones.

    Keys are normalised with :func:`normalize_topic` and lower-cased, so "THỜI SỰ",
    "thoi-su" and "Thời sự" all hit one entry.

    :raises ValueError: the file is not a JSON object of strings.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected a JSON object mapping topic names to names")
    result: dict[str, str] = {}
    for key, value in data.items():
        norm_key = normalize_topic(key)
        norm_value = normalize_topic(value)
        if norm_key and norm_value:
            result[norm_key.lower()] = norm_value
    return result


#: Section words that name no section: promo tags, formats, widget headings.
GENERIC_TOPICS: frozenset[str] = frozenset(
    "news|tin nóng|tin mới|tin mới nhất|tin khác|tin tức|tin tổng hợp|video|videos|"
    "multimedia|trang chủ|home|trang nhất|podcast|emagazine|e-magazine|infographic|"
    "infographics|ảnh|photo|xem nhiều|xem nhiều nhất|đọc nhiều|đọc nhiều nhất|"
    "chuyên đề|tin liên quan|mới nhất|nổi bật|tiêu điểm|hot|tin hot|tin nổi bật|"
    "bài viết|article|articles|longform|megastory|interactive|live|trực tiếp".split("|")
)


def is_generic_topic(name: str | None) -> bool:
    """Return True when *name* is a promo, format or widget word, not a section."""
    return not name or " ".join(name.lower().split()).strip(" ❯›»>") in GENERIC_TOPICS


def pick_section(value: str, crumbs: list[str]) -> str | None:
    """Return the top section of a list-valued section ("Kinh doanh, Tài chính").

    When breadcrumbs are known, the first listed part that is also a breadcrumb wins
    (sites list a parent category the page's own path does not show); generic words
    never do.
    """
    parts = [p.strip() for p in re.split(r"\s*[,;|]\s*", value) if p.strip()]
    parts = [p for p in parts if not is_generic_topic(p)]
    if not parts:
        return None
    known = {c.lower().strip() for c in crumbs}
    for part in parts:
        if part.lower() in known:
            return part
    return parts[0]
