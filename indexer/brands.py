"""Publication brands: site names in titles and sapos, known sites and publishers.

>>> source_name("TUOI TRE ONLINE", None), source_name(None, "https://www.24h.com.vn/a.html")
('Tuổi Trẻ', '24h')
>>> is_publisher("NLD.COM.VN"), is_publisher("Thanh Lam")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

from indexer.encoding import clean_text
from indexer.topics import SECTION_SLUGS

__all__ = [
    "DATELINE_AGENCIES",
    "PUBLISHER_NAMES",
    "brand_key",
    "is_agency",
    "is_publisher",
    "site_host",
    "source_name",
    "strip_brand_prefix",
    "strip_site_suffix",
]

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
#: Agencies and sites whose tag opens a dateline ("(TTXVN) Hà Nội, …", "VNA - …"), as
#: they print it; :mod:`indexer.datelines` reads datelines with this table.  The
#: Vietnamese ones are sites of the table above (``is_agency`` knows them); the foreign
#: wire agencies are not.
DATELINE_AGENCIES: tuple[str, ...] = (
    "TTXVN", "VNA", "Vietnam+", "VietnamPlus", "VOV", "TTO", "PLO", "Dân trí", "NLĐO",
    "Chinhphu.vn", "AFP", "AP", "Reuters", "Xinhua",
)  # fmt: skip
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
    first = parts.path.lower().strip("/").split("/")[0]
    return _brand_at((parts.hostname or "").lower(), first)


@lru_cache(maxsize=8192)
def _brand_at(host: str, first: str) -> str | None:
    """The brand of ``host`` (or of its first path segment ``first`` there)."""
    while host:
        for key in (host + "/" + first, host):
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


def is_agency(text: str | None) -> bool:
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
