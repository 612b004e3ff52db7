"""Normalise topic (section) and author values as sources write them (DESIGN §6).

>>> normalize_topic("THỜI SỰ"), normalize_topic("  kinh   doanh "), normalize_topic("bong-da")
('Thời sự', 'Kinh doanh', 'Bóng đá')
>>> normalize_author("  Theo  TTXVN ")
'TTXVN'
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from indexer.encoding import clean_text

__all__ = [
    "GENERIC_TOPICS",
    "SECTION_SLUGS",
    "brand_key",
    "json_ld_fields",
    "is_generic_topic",
    "is_person_byline",
    "is_publisher",
    "load_topic_map",
    "normalize_author",
    "normalize_topic",
    "pick_byline",
    "pick_section",
    "site_host",
    "source_name",
    "strip_brand_prefix",
    "strip_site_suffix",
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
_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:theo|bài(?:\s+và\s+ảnh)?|tác giả|phóng viên|pv|by|nguồn)\s*[:\-–]?\s+", re.IGNORECASE
)
_AUTHOR_JUNK = re.compile(r"^[\s\-–—/:|,.]+|[\s\-–—/:|,.]+$")
# A trailing "(TTXVN/Vietnam+)", "(Tin tức 24h)", "- TTXVN" after a byline.
_AUTHOR_TAIL_RE = re.compile(r"\s*(?:\(([^()]{2,40})\)|[-–—]\s*([^\s()\-–—][^()\-–—]{1,30}))$")


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


def normalize_author(s: str | None) -> str | None:
    """Tidy an author value: NFC, one space, no "Theo"/"Bài:" prefix, title case if all caps.

    :return: the name, or ``None`` when nothing is left or the value is a URL.
    """
    if not s:
        return None
    text = clean_text(s).replace("\n", " ")
    if re.match(r"^https?://", text):
        return None
    text = _AUTHOR_JUNK.sub("", _AUTHOR_PREFIX_RE.sub("", text))
    tail = _AUTHOR_TAIL_RE.search(text)
    if tail and tail.start() > 0 and _is_agency(tail.group(1) or tail.group(2)):
        text = _AUTHOR_JUNK.sub("", text[: tail.start()])
    if not text or len(text) > 80:
        return None
    if text.isupper() and len(text) > 5 and " " in text:
        text = " ".join(w[:1] + w[1:].lower() for w in text.split())
    return unicodedata.normalize("NFC", text)


_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "socialmediaposting",
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _ld_nodes(data: object) -> list[dict[str, object]]:
    """Flatten JSON-LD (lists and ``@graph``) into a list of objects."""
    stack, nodes = [data], []
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            nodes.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return nodes


def _ld_text(value: object) -> str | None:
    """Return the first name/text of a JSON-LD value (string, object or list)."""
    if isinstance(value, list):
        names = [n for n in (_ld_text(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("@id") or value.get("url"))
    if isinstance(value, str | int | float) and str(value).strip():
        return str(value).strip()
    return None


def _ld_types(node: dict[str, object]) -> set[str]:
    """Return the lower-cased ``@type`` values of a JSON-LD node."""
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def json_ld_fields(blobs: list[str]) -> dict[str, str | list[str]]:
    """Read the article fields from the page's JSON-LD ``<script>`` blocks.

    :return: any of ``headline, description, date, author, section, url, publisher,
        location`` (strings) and ``breadcrumbs`` (list of names); malformed JSON is skipped.
    """
    found: dict[str, str | list[str]] = {}
    for blob in blobs:
        try:
            data = json.loads(_CONTROL_RE.sub(" ", blob))
        except ValueError:
            continue
        for node in _ld_nodes(data):
            kinds = _ld_types(node)
            if "breadcrumblist" in kinds and "breadcrumbs" not in found:
                items = node.get("itemListElement")
                crumbs = []
                for el in items if isinstance(items, list) else []:
                    if isinstance(el, dict):
                        name = _ld_text(el.get("name") or el.get("item"))
                        if name and not name.startswith("http"):
                            crumbs.append(name)
                found["breadcrumbs"] = crumbs
            if not kinds & _ARTICLE_TYPES or "headline" in found:
                continue
            fields = {
                "headline": node.get("headline") or node.get("name"),
                "description": node.get("description"),
                "date": node.get("datePublished") or node.get("dateCreated"),
                "author": node.get("author") or node.get("creator"),
                "section": node.get("articleSection"),
                "url": node.get("url") or node.get("mainEntityOfPage"),
                "publisher": node.get("publisher"),
                "location": node.get("contentLocation") or node.get("locationCreated"),
            }
            for key, value in fields.items():
                text = _ld_text(
                    value[0] if key == "section" and isinstance(value, list) and value else value
                )
                if text:
                    found[key] = text
    return found


# --- Site names in titles and sapos -------------------------------------------------

_SEPARATORS_RE = re.compile(r"\s+[-|–—:]{1,2}\s+")
_BRAND_RE = re.compile(
    r"^(?:báo|tạp chí|trang|cổng thông tin|kênh)\b|\.(?:vn|com|net|org)$|online$|"
    r"^(?:vnexpress|dân trí|tuổi trẻ|thanh niên|vietnamnet|24h|báo mới|baomoi|vietnam\+|"
    r"vietnamplus|ttxvn|vna|zing|znews|vtc news|vov|vtv|lao động|nhân dân|tiền phong|"
    r"kenh14|soha|cafef|cafebiz|người lao động|sggp|plo|vietnamfinance|thời nay)$",
    re.IGNORECASE,
)
_BRAND_PREFIX_RE = re.compile(r"^\(([^()]{2,30})\)\s*[-–—:]?\s*")


def site_host(url: str | None) -> str | None:
    """Return the host of *url* without ``www.``."""
    host = urlsplit(url).hostname if url else None
    return host[4:] if host and host.startswith("www.") else host


def brand_key(s: str) -> str:
    """Lower-case, drop diacritics and non-alphanumerics (for brand comparison)."""
    folded = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in folded if c.isalnum() and unicodedata.category(c) != "Mn")


_SECTION_NAMES = {name.lower() for name in SECTION_SLUGS.values()}


def strip_site_suffix(title: str, brands: list[str], topic: str | None = None) -> str:
    """Drop a trailing site brand (" - VnExpress", " | Báo Tuổi Trẻ") from *title*.

    A tail is a brand when it looks like one ("Báo …", "….vn", a known masthead) or
    matches the site name or host; once a brand went, a section name before it goes too.
    """
    keys = [k for k in (brand_key(b) for b in brands if b) if k]
    sections = _SECTION_NAMES | ({topic.lower()} if topic else set())
    stripped = False
    for _ in range(3):
        parts = _SEPARATORS_RE.split(title)
        if len(parts) < 2:
            break
        tail = parts[-1].strip()
        squashed = brand_key(tail)
        brand_like = bool(_BRAND_RE.search(tail)) or any(
            squashed and (k in squashed or (len(squashed) >= 4 and squashed in k)) for k in keys
        )
        if not (brand_like or stripped and tail.lower() in sections) or len(tail) > 40:
            break
        title = title[: title.rstrip().rfind(tail)].rstrip(" -|–—:")
        stripped = True
    return title.strip()


def strip_brand_prefix(lead: str, brands: list[str]) -> str:
    """Drop a leading "(Dân trí) - " style brand tag from the sapo."""
    match = _BRAND_PREFIX_RE.match(lead)
    if match:
        tag = brand_key(match.group(1))
        if any(tag and (tag in brand_key(b) or brand_key(b) in tag) for b in brands):
            return lead[match.end() :]
    return lead


# --- Source brands ------------------------------------------------------------------

#: Known news sites: (brand as readers know it, hosts or host/path prefixes, other names).
#: Other names are compared with :func:`_name_key` (no case, diacritics, "Báo", "online").
_BRANDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("VnExpress", ("vnexpress.net",), ("vne", "vnexpress")),
    ("Dân trí", ("dantri.com.vn",), ("dantri", "baodientudantri")),
    ("Tuổi Trẻ", ("tuoitre.vn", "tuoitre.com.vn"), ("tuoitre", "tto", "tuoitreonline")),
    ("Thanh Niên", ("thanhnien.vn", "thanhnien.com.vn"), ("thanhnien", "thanhnienonline")),
    ("VietNamNet", ("vietnamnet.vn",), ("vietnamnet", "vnn")),
    ("24h", ("24h.com.vn",), ("24h", "tintuc24h", "24hcomvn")),
    ("Vietnam+", ("vietnamplus.vn",), ("vietnam+", "vietnamplus")),
    ("Báo Mới", ("baomoi.com",), ("baomoi",)),
    ("Nhân Dân", ("nhandan.vn", "nhandan.com.vn", "nhandan.org.vn"), ("nhandan",)),
    ("Lao Động", ("laodong.vn", "laodong.com.vn"), ("laodong",)),
    ("Người Lao Động", ("nld.com.vn",), ("nguoilaodong", "nld", "nldo")),
    ("Tiền Phong", ("tienphong.vn",), ("tienphong",)),
    ("Znews", ("znews.vn", "zingnews.vn", "news.zing.vn"), ("znews", "zing", "zingnews")),
    ("VOV", ("vov.vn",), ("vov", "vovvn", "daitiengnoivietnam")),
    ("VTV", ("vtv.vn",), ("vtv", "vtvnews", "vtvdientu")),
    ("VTC News", ("vtc.vn",), ("vtcnews", "vtc")),
    ("Báo Chính phủ", ("baochinhphu.vn", "chinhphu.vn"), ("chinhphu", "baochinhphu")),
    ("Quân đội nhân dân", ("qdnd.vn",), ("quandoinhandan", "qdnd")),
    ("Công an nhân dân", ("cand.com.vn",), ("congannhandan", "cand")),
    ("Pháp Luật TP.HCM", ("plo.vn",), ("plo", "phapluattphcm", "phapluatthanhphohochiminh")),
    ("Sài Gòn Giải Phóng", ("sggp.org.vn",), ("saigongiaiphong", "sggp")),
    ("TTXVN", ("vnanet.vn", "ttxvn.org.vn"), ("ttxvn", "vna", "thongtanxavietnam")),
    ("Báo Tin tức", ("baotintuc.vn",), ("baotintuc",)),
    ("VnEconomy", ("vneconomy.vn",), ("vneconomy",)),
    ("Dân Việt", ("danviet.vn",), ("danviet",)),
    ("Kenh14", ("kenh14.vn",), ("kenh14",)),
    ("Soha", ("soha.vn",), ("soha",)),
    ("CafeF", ("cafef.vn",), ("cafef",)),
    ("Vietnam News", ("vietnamnews.vn",), ("vietnamnews",)),
    ("BBC News Tiếng Việt", ("bbc.com/vietnamese", "bbc.co.uk/vietnamese"), ("bbctiengviet",)),
    ("VOA Tiếng Việt", ("voatiengviet.com",), ("voatiengviet",)),
    ("RFA Tiếng Việt", ("rfa.org/vietnamese",), ("rfatiengviet",)),
)
_HOST_BRANDS: dict[str, str] = {h: brand for brand, hosts, _ in _BRANDS for h in hosts}
_NAME_PREFIX_RE = re.compile(r"^(?:bao(?:dientu)?|tapchi|trang(?:tin)?|kenh)(?=.)")
_NAME_SUFFIX_RE = re.compile(r"(?:online|dientu)$")
_DOMAIN_RE = re.compile(r"^(?:www\.)?|\.(?:com|org|net|gov|edu)?\.?(?:vn|com|net|org)$", re.I)


def _name_key(s: str) -> str:
    """Comparison key of a site name: :func:`brand_key`, keeping "+" ("Vietnam+")."""
    return brand_key(s.replace("+", "plus")).replace("plus", "+")


def _name_keys(s: str) -> list[str]:
    """Keys to look up for a site name: whole, then without "Báo"/"online"/".vn" affixes."""
    keys = []
    for part in (s, *re.split(r"[()|/\-–—]", s)):
        key = _name_key(_DOMAIN_RE.sub("", part.strip()))
        if not key:
            continue
        bare = _NAME_SUFFIX_RE.sub("", _NAME_PREFIX_RE.sub("", key)) or key
        keys += [key, bare]
    return keys


_NAME_BRANDS: dict[str, str] = {}
for _brand, _hosts, _names in _BRANDS:
    for _name in (_brand, *_names, *(h for h in _hosts if "/" not in h)):
        _NAME_BRANDS.setdefault(_name_keys(_name)[0], _brand)
        if len(_bare := _name_keys(_name)[1]) >= 4 and not _brand.startswith("Báo "):
            _NAME_BRANDS.setdefault(_bare, _brand)
del _brand, _hosts, _names, _name, _bare


def _brand_of_host(url: str) -> str | None:
    """Return the brand of a URL on a known host (any subdomain: ``m.``, ``amp.``)."""
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    while host:
        for key in (host + "/" + path.strip("/").split("/")[0], host):
            if key in _HOST_BRANDS:
                return _HOST_BRANDS[key]
        host = host.partition(".")[2] if host.count(".") > 1 else ""
    return None


def _brand_of_name(name: str) -> str | None:
    """Return the brand a site name stands for ("Báo Dân trí", "TUOI TRE ONLINE")."""
    for key in _name_keys(name):
        if key in _NAME_BRANDS:
            return _NAME_BRANDS[key]
    return None


def _is_agency(text: str | None) -> bool:
    """Return True when *text* names only known sites ("TTXVN/Vietnam+", "Tin tức 24h")."""
    parts = [p for p in re.split(r"[/,;&]|\s+và\s+", text or "") if p.strip()]
    return bool(parts) and all(_brand_of_name(p.strip()) for p in parts)


def source_name(source: str | None, url: str | None) -> str | None:
    """Return the brand name of a publication, as readers know it.

    Order: the host of *url* when it is a known site ("https://m.vnexpress.net/…" →
    "VnExpress"); a known site name in *source* ("Báo Dân trí", "TUOI TRE ONLINE",
    "Vietnam+ (VietnamPlus)", "vnexpress.net" → "Dân trí", "Tuổi Trẻ", "Vietnam+",
    "VnExpress"); *source* itself, tidied, when it is not a known site ("Báo Bình
    Dương" stays); else the bare host of *url*; else ``None``.

    >>> source_name("TUOI TRE ONLINE", None), source_name(None, "https://www.24h.com.vn/a.html")
    ('Tuổi Trẻ', '24h')
    >>> source_name("Báo Bình Dương", "https://baobinhduong.vn/a.html")
    'Báo Bình Dương'
    """
    if url and url.strip():
        brand = _brand_of_host(url.strip())
        if brand:
            return brand
    text = " ".join(clean_text(source).split()) if source else ""
    if text:
        return _brand_of_name(text) or (_brand_of_host(text) if " " not in text else None) or text
    return site_host(url.strip()) if url and url.strip() else None


# --- Careful-reader rules for bylines and sections ------------------------------------

#: Publishers and owners that sites put in ``<meta name=author>`` (never a byline).
PUBLISHER_NAMES: frozenset[str] = frozenset(
    brand_key(n)
    for n in (
        "FPT Online",
        "VCCorp",
        "VCCorp.vn",
        "baodantridientu",
        "baotuoitre",
        "Tuoi Tre Online",
        "VietNamNet News",
        "Báo Nhân Dân điện tử",
        "Admin",
        "Ban biên tập",
        "BBT",
        "PV",
        "Phóng viên",
        "Nhóm PV",
    )
)
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


def is_publisher(name: str, brands: list[str] | None = None) -> bool:
    """Return True when *name* is a publisher, site or domain rather than a person.

    >>> is_publisher("NLD.COM.VN"), is_publisher("VnExpress"), is_publisher("Thanh Lam")
    (True, True, False)
    """
    key = brand_key(name)
    if not key:
        return True
    if re.search(r"\.(?:vn|com|net|org)\b|https?://|www\.", name, re.I) or key in PUBLISHER_NAMES:
        return True
    if _brand_of_name(name) or _BRAND_RE.search(name.strip()):
        return True
    for brand in brands or []:
        other = brand_key(brand)
        if len(other) >= 4 and other in key:
            return True
    return False


def is_person_byline(name: str | None) -> bool:
    """Return True when *name* reads as printed person name(s), not a handle or first name.

    A login handle is one lower-case word ("phanngan"); a bare first name one word in
    title case ("Nam"); initials in capitals ("TP", "H.A") stand for a person.
    """
    if not name or any(ch.isdigit() or ch in "@#_" for ch in name):
        return False
    words = name.replace(",", " ").split()
    if not words or len(words) > 12:
        return False
    if len(words) == 1:
        bare = words[0].replace(".", "")
        return bare.isupper() and 1 < len(bare) <= 4
    return any(w[:1].isupper() for w in words)


def pick_byline(candidates: list[str | None], brands: list[str]) -> str | None:
    """Return the first candidate that names people, with publisher parts dropped.

    "Tác giả Anh Hoa / baodautu.vn" → "Anh Hoa"; "VnExpress" and "phanngan" are skipped.
    """
    for raw in candidates:
        text = normalize_author(raw)
        if not text:
            continue
        parts = [p.strip() for p in re.split(r"\s*/\s*|\s*\|\s*", text) if p.strip()]
        people = [p for p in parts if not is_publisher(p, brands)]
        name = normalize_author(" / ".join(people)) if people else None
        if name and is_person_byline(name):
            return name
    return None


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
