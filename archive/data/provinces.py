"""Vietnam's provincial-level units: the 63 before and the 34 after the 2025 merger.

Facts only, written by hand as compact tables; :mod:`archive.gazetteer` builds its
indexes from them.  Names use the canonical *old-style* tone placement of
VIETNAMESE.md §1.1 ("Hòa Bình", "Thanh Hóa", "Khánh Hòa").  Ho Chi Minh City is
"TP Hồ Chí Minh", the common newsroom form (the bare "Hồ Chí Minh" is the person).

Sources: Resolution 202/2025/QH15 (merger, effective 2025-07-01); Resolution
1314/NQ-UBTVQH15 (Thừa Thiên Huế becomes the centrally-run city Huế, 2025-01-01);
Resolution 30/2026/QH16 (Đồng Nai becomes "Thành phố Đồng Nai", 2026-04-30).
"""

from __future__ import annotations

from datetime import date
from typing import Final

MERGER_DATE: Final = date(2025, 7, 1)
"""Resolution 202/2025/QH15 takes effect: 63 provincial units become 34."""

HUE_CITY_DATE: Final = date(2025, 1, 1)
"""Thừa Thiên Huế province becomes the centrally-run city of Huế."""

DONG_NAI_CITY_DATE: Final = date(2026, 4, 30)
"""Đồng Nai becomes "Thành phố Đồng Nai" (its short name stays "Đồng Nai")."""

# (old code, name on 2025-06-30, the post-merger province it became)
OLD_PROVINCES: Final[tuple[tuple[str, str, str], ...]] = (
    ("01", "Hà Nội", "Hà Nội"),
    ("02", "Hà Giang", "Tuyên Quang"),
    ("04", "Cao Bằng", "Cao Bằng"),
    ("06", "Bắc Kạn", "Thái Nguyên"),
    ("08", "Tuyên Quang", "Tuyên Quang"),
    ("10", "Lào Cai", "Lào Cai"),
    ("11", "Điện Biên", "Điện Biên"),
    ("12", "Lai Châu", "Lai Châu"),
    ("14", "Sơn La", "Sơn La"),
    ("15", "Yên Bái", "Lào Cai"),
    ("17", "Hòa Bình", "Phú Thọ"),
    ("19", "Thái Nguyên", "Thái Nguyên"),
    ("20", "Lạng Sơn", "Lạng Sơn"),
    ("22", "Quảng Ninh", "Quảng Ninh"),
    ("24", "Bắc Giang", "Bắc Ninh"),
    ("25", "Phú Thọ", "Phú Thọ"),
    ("26", "Vĩnh Phúc", "Phú Thọ"),
    ("27", "Bắc Ninh", "Bắc Ninh"),
    ("30", "Hải Dương", "Hải Phòng"),
    ("31", "Hải Phòng", "Hải Phòng"),
    ("33", "Hưng Yên", "Hưng Yên"),
    ("34", "Thái Bình", "Hưng Yên"),
    ("35", "Hà Nam", "Ninh Bình"),
    ("36", "Nam Định", "Ninh Bình"),
    ("37", "Ninh Bình", "Ninh Bình"),
    ("38", "Thanh Hóa", "Thanh Hóa"),
    ("40", "Nghệ An", "Nghệ An"),
    ("42", "Hà Tĩnh", "Hà Tĩnh"),
    ("44", "Quảng Bình", "Quảng Trị"),
    ("45", "Quảng Trị", "Quảng Trị"),
    ("46", "Huế", "Huế"),
    ("48", "Đà Nẵng", "Đà Nẵng"),
    ("49", "Quảng Nam", "Đà Nẵng"),
    ("51", "Quảng Ngãi", "Quảng Ngãi"),
    ("52", "Bình Định", "Gia Lai"),
    ("54", "Phú Yên", "Đắk Lắk"),
    ("56", "Khánh Hòa", "Khánh Hòa"),
    ("58", "Ninh Thuận", "Khánh Hòa"),
    ("60", "Bình Thuận", "Lâm Đồng"),
    ("62", "Kon Tum", "Quảng Ngãi"),
    ("64", "Gia Lai", "Gia Lai"),
    ("66", "Đắk Lắk", "Đắk Lắk"),
    ("67", "Đắk Nông", "Lâm Đồng"),
    ("68", "Lâm Đồng", "Lâm Đồng"),
    ("70", "Bình Phước", "Đồng Nai"),
    ("72", "Tây Ninh", "Tây Ninh"),
    ("74", "Bình Dương", "TP Hồ Chí Minh"),
    ("75", "Đồng Nai", "Đồng Nai"),
    ("77", "Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh"),
    ("79", "TP Hồ Chí Minh", "TP Hồ Chí Minh"),
    ("80", "Long An", "Tây Ninh"),
    ("82", "Tiền Giang", "Đồng Tháp"),
    ("83", "Bến Tre", "Vĩnh Long"),
    ("84", "Trà Vinh", "Vĩnh Long"),
    ("86", "Vĩnh Long", "Vĩnh Long"),
    ("87", "Đồng Tháp", "Đồng Tháp"),
    ("89", "An Giang", "An Giang"),
    ("91", "Kiên Giang", "An Giang"),
    ("92", "Cần Thơ", "Cần Thơ"),
    ("93", "Hậu Giang", "Cần Thơ"),
    ("94", "Sóc Trăng", "Cần Thơ"),
    ("95", "Bạc Liêu", "Cà Mau"),
    ("96", "Cà Mau", "Cà Mau"),
)

# Post-merger code of each of the 34 (the code of one of its predecessors).
NEW_CODES: Final[dict[str, str]] = {
    "Hà Nội": "01", "Cao Bằng": "04", "Tuyên Quang": "08", "Điện Biên": "11",
    "Lai Châu": "12", "Sơn La": "14", "Lào Cai": "15", "Thái Nguyên": "19",
    "Lạng Sơn": "20", "Quảng Ninh": "22", "Bắc Ninh": "24", "Phú Thọ": "25",
    "Hải Phòng": "31", "Hưng Yên": "33", "Ninh Bình": "37", "Thanh Hóa": "38",
    "Nghệ An": "40", "Hà Tĩnh": "42", "Quảng Trị": "44", "Huế": "46",
    "Đà Nẵng": "48", "Quảng Ngãi": "51", "Gia Lai": "52", "Khánh Hòa": "56",
    "Đắk Lắk": "66", "Lâm Đồng": "68", "Đồng Nai": "75", "TP Hồ Chí Minh": "79",
    "Tây Ninh": "80", "Đồng Tháp": "82", "Vĩnh Long": "86", "An Giang": "91",
    "Cần Thơ": "92", "Cà Mau": "96",
}  # fmt: skip

# Renames of one unit (not mergers): (old name, new name, effective date).
RENAMES: Final[tuple[tuple[str, str, date], ...]] = (("Thừa Thiên Huế", "Huế", HUE_CITY_DATE),)

# Centrally-run cities ("thành phố trực thuộc trung ương") and since when;
# the others are "tỉnh".  Dates before 2025 are simply "always" here.
CITIES: Final[dict[str, date]] = {
    "Hà Nội": date.min, "Hải Phòng": date.min, "Đà Nẵng": date.min,
    "TP Hồ Chí Minh": date.min, "Cần Thơ": date.min, "Huế": HUE_CITY_DATE,
    "Đồng Nai": DONG_NAI_CITY_DATE,
}  # fmt: skip

# Aliases accepted everywhere (metadata hints *and* article text).  Every name
# and alias is also accepted in the other tone style ("Khánh Hoà"), in capitals,
# after "tỉnh"/"thành phố"/"TP", and, in hints, without diacritics.
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "TP Hồ Chí Minh": (
        "TP.HCM", "TPHCM", "TP HCM", "TP. HCM", "Tp.HCM", "Tp HCM", "Tp. HCM",
        "TP.Hồ Chí Minh", "TP. Hồ Chí Minh", "Tp. Hồ Chí Minh", "Tp.Hồ Chí Minh",
        "Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh", "Sài Gòn", "HCMC",
    ),
    "Hà Nội": ("Thủ đô Hà Nội", "Hanoi"),
    "Thừa Thiên Huế": (
        "Thừa Thiên - Huế", "Thừa Thiên-Huế", "Thừa Thiên – Huế", "TT-Huế", "TT - Huế",
        "TT.Huế", "TT. Huế",
    ),
    "Bà Rịa - Vũng Tàu": (
        "Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "Bà Rịa Vũng Tàu", "BR-VT", "BR - VT",
        "BRVT",
    ),
    "Đắk Lắk": ("Đắc Lắc", "Đắk Lăk", "Đăk Lăk", "Đắc Lắk", "Daklak", "DakLak", "Dak Lak"),
    "Đắk Nông": ("Đắc Nông", "Đăk Nông", "Daknong", "DakNong", "Dak Nong"),
    "Bắc Kạn": ("Bắc Cạn",),
    "Kon Tum": ("Kontum",),
    "Hải Phòng": ("Haiphong",),
}  # fmt: skip

# Aliases accepted only as metadata hints: too short or too ambiguous in prose
# (bare "Hồ Chí Minh" in text is the person, not the city).
HINT_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "TP Hồ Chí Minh": ("Hồ Chí Minh", "HCM", "Ho Chi Minh City", "Saigon"),
    "Hà Nội": ("HN",),
    "Thừa Thiên Huế": ("TTH",),
}

# Phrases that contain a province name but do not mention the province
# (the Pacific Ocean, the pre-1997 province, a national street name).
NOT_PROVINCES: Final[tuple[str, ...]] = (
    "Thái Bình Dương", "Quảng Nam - Đà Nẵng", "Quảng Nam-Đà Nẵng", "Quảng Nam – Đà Nẵng",
    "Quảng Nam Đà Nẵng", "Điện Biên Phủ", "Hà Nam Ninh", "Sài Gòn Giải Phóng",
)  # fmt: skip

# A province name right after one of these capitalized words is part of a
# person's name ("Nguyễn Thái Bình", "Lê Thị Hà Giang", "Trần Thanh Hóa").
NAME_WORDS: Final[frozenset[str]] = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh
    Trịnh Đoàn Lâm Mai Trương Tô Cao Lương Lưu Tạ Kiều Đào Chu Châu Quách Triệu Vương
    Văn Thị Hữu Đức Công Ngọc Xuân Kim Bảo Đình Duy Tuấn Thùy Thúy Diệu Cung""".split()
)

# Well-known cities and towns that stand for their province in article text (never in
# hints, never in canonical lookups): province as of 2025-06-30.  From 2025-07-01 a
# mention counts for the province the town lies in after the merger ("Hội An" →
# Đà Nẵng).  Names that are also common given names ("Vinh") are in CITY_NEEDS_PREFIX.
CITY_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "Lâm Đồng": ("Đà Lạt", "Bảo Lộc"),
    "Khánh Hòa": ("Nha Trang", "Cam Ranh"),
    "Bà Rịa - Vũng Tàu": ("Vũng Tàu", "Côn Đảo"),
    "Quảng Ninh": ("Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí"),
    "Đắk Lắk": ("Buôn Ma Thuột", "Buôn Mê Thuột"),
    "Quảng Nam": ("Hội An", "Tam Kỳ"),
    "Lào Cai": ("Sa Pa", "Sapa"),
    "Kiên Giang": ("Phú Quốc", "Rạch Giá", "Hà Tiên"),
    "Bình Định": ("Quy Nhơn",),
    "Gia Lai": ("Pleiku",),
    "Đồng Nai": ("Biên Hòa",),
    "Bình Dương": ("Thủ Dầu Một",),
    "Bình Thuận": ("Phan Thiết", "Mũi Né"),
    "Ninh Thuận": ("Phan Rang",),
    "Tiền Giang": ("Mỹ Tho",),
    "An Giang": ("Long Xuyên", "Châu Đốc"),
    "Phú Yên": ("Tuy Hòa",),
    "Quảng Bình": ("Đồng Hới",),
    "Quảng Trị": ("Đông Hà",),
    "Nghệ An": ("Vinh", "Cửa Lò"),
    "Hà Giang": ("Đồng Văn",),
}

CITY_NEEDS_PREFIX: Final[frozenset[str]] = frozenset({"Vinh"})
"""Town names of :data:`CITY_ALIASES` counted only after "thành phố"/"TP"."""
