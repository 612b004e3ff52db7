"""A small index built once per test session from module-level articles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from archive import Archive, ArchiveWriter, Article
from archive.models import VN_TZ


def _d(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 9, 0, tzinfo=VN_TZ)


CP1258_DANG = bytes([0xD0, 0x61, 0xD2, 0x6E, 0x67]).decode("cp1258")

ARTICLES = [
    Article(
        "dang-1",
        "Đảng Cộng sản lãnh đạo",
        "",
        "Đảng Cộng sản Việt Nam họp bàn.",
        "Xây dựng Đảng",
        "Hà Nội",
        _d(2024, 2, 20),
    ),
    Article(
        "dang-2",
        "Tôi đang đi làm",
        "",
        "Tôi đang đi làm thì trời mưa.",
        "Đời sống",
        "Hà Nội",
        _d(2023, 5, 1),
    ),
    Article(
        "dang-3",
        "ĐẠI HỘI ĐẢNG TOÀN QUỐC LẦN THỨ XIII",
        "",
        "Đại hội diễn ra trang trọng.",
        "Xây dựng Đảng",
        "Hà Nội",
        _d(2021, 1, 25),
    ),
    Article(
        "dang-4",
        "Ông Đặng Văn Ngữ",
        "",
        "Ông Đặng Văn Ngữ là nhà khoa học.",
        "Giáo dục",
        "Thừa Thiên Huế",
        _d(2019, 3, 3),
    ),
    Article(
        "dang-5",
        "Bai viet khong dau",
        "",
        "Noi dung dang cap nhat khong dau.",
        "Công nghệ",
        None,
        _d(2020, 6, 6),
    ),
    Article(
        "dang-6",
        "Tin cũ",
        "",
        CP1258_DANG + " bộ tỉnh họp.",
        "Xây dựng Đảng",
        "Hải Dương",
        _d(2018, 8, 8),
    ),
    Article(
        "hoa-1",
        "Thuỷ điện Hoà Bình",
        "",
        "Nhà máy thuỷ điện Hoà Bình phát điện.",
        "Kinh tế",
        "Hòa Bình",
        _d(2017, 4, 4),
    ),
    Article(
        "hoa-2",
        "Thủy điện Hòa Bình mùa khô",
        "",
        "Thủy điện Hòa Bình thiếu nước.",
        "Kinh tế",
        "Hòa Bình",
        _d(2019, 4, 4),
    ),
    Article(
        "hoa-3",
        "Hoá học đường phố",
        "",
        "Môn hoá học và bông hoa đẹp.",
        "Giáo dục",
        "Đà Nẵng",
        _d(2022, 9, 9),
    ),
    Article(
        "quy-1",
        "Quý II tăng trưởng",
        "",
        "Quý II kinh tế tăng 8,11% so với cùng kỳ.",
        "Kinh tế",
        "Hà Nội",
        _d(2018, 7, 1),
    ),
    Article(
        "quy-2",
        "Quy định mới",
        "",
        "Quy định mới về giao thông ăn gì cũng được.",
        "Pháp luật",
        "Đà Nẵng",
        _d(2024, 1, 15),
    ),
    Article(
        "hcm-1",
        "TP Hồ Chí Minh mưa lớn",
        "",
        "TP Hồ Chí Minh mưa lớn, nhiều tuyến đường ngập.",
        "Thời sự",
        "TP Hồ Chí Minh",
        _d(2024, 9, 10),
    ),
    Article(
        "hcm-2",
        "Kẹt xe tại TP.HCM",
        "",
        "Kẹt xe tại TP.HCM kéo dài.",
        "Thời sự",
        "TP Hồ Chí Minh",
        _d(2025, 8, 1),
    ),
    Article(
        "vt-1",
        "Tỉnh Bà Rịa-Vũng Tàu đón khách",
        "",
        "Du khách đến Tỉnh Bà Rịa-Vũng Tàu.",
        "Du lịch",
        "Bà Rịa - Vũng Tàu",
        _d(2023, 6, 1),
    ),
    Article(
        "date-1",
        "Kỷ niệm",
        "",
        "Sáng 19/5/2018, lễ kỷ niệm diễn ra.",
        "Văn hóa",
        "Nghệ An",
        _d(2018, 5, 19),
    ),
    Article(
        "duong-1",
        "Con đường mới",
        "",
        "Con đường mới nối hai huyện.",
        "Giao thông",
        "Hải Dương",
        _d(2024, 3, 3),
    ),
    Article(
        "duong-2",
        "Ông Dương nhận giải",
        "",
        "Ông Dương nhận giải thưởng lớn.",
        "Văn hóa",
        "Hải Phòng",
        _d(2025, 9, 1),
    ),
    Article(
        "nguyen-1",
        "Nguyễn Phú Trọng thăm cơ sở",
        "",
        "Ông Nguyễn Phú Trọng thăm cơ sở.",
        "Thời sự",
        "Hà Nội",
        _d(2020, 2, 2),
    ),
    Article(
        "o-1",
        "Sống ở Hà Nội",
        "",
        "Cuộc sống ở Hà Nội sôi động.",
        "Đời sống",
        "Hà Nội",
        _d(2021, 11, 11),
    ),
    Article(
        "noi-1",
        "Chiếc thuyền hà nổi",
        "",
        "Chiếc thuyền hà nổi trên sông.",
        "Đời sống",
        None,
        _d(2022, 2, 2),
    ),
    Article(
        "canbo-1",
        "Cán bộ công chức học tập",
        "",
        "Cán bộ công chức tham gia học tập.",
        "Xây dựng Đảng",
        "Hải Dương",
        _d(2024, 2, 21),
    ),
    Article(
        "canbo-2",
        "Cán cân thương mại",
        "",
        "Cán cân thương mại, Bộ Tài chính báo cáo.",
        "Kinh tế",
        "Hà Nội",
        _d(2024, 2, 22),
    ),
    Article("viet-1", "Người Việt Nam", "", "Người Việt Nam yêu hòa bình.", "Văn hóa", None, None),
    Article(
        "hai-duong-1",
        "Hải Dương phát triển công nghiệp",
        "Tỉnh Hải Dương thu hút đầu tư.",
        "Hải Dương có nhiều khu công nghiệp mới. Lãnh đạo Hải Dương cho biết.",
        "Kinh tế",
        "Hải Dương",
        _d(2024, 5, 5),
    ),
    Article(
        "hai-duong-2",
        "Nông sản Hải Dương xuất khẩu",
        "Vải thiều Hải Dương sang Nhật.",
        "Vải thiều của Hải Dương đạt chuẩn.",
        "Kinh tế",
        "Hải Dương",
        _d(2023, 6, 6),
    ),
    Article(
        "hp-1",
        "Hải Phòng mở rộng cảng",
        "",
        "Thành phố Hải Phòng mở rộng cảng biển.",
        "Kinh tế",
        "Hải Phòng",
        _d(2025, 10, 1),
    ),
    Article(
        "xss-1",
        "<script>alert(1)</script> Tiêu đề",
        "",
        "Nội dung </mark><script>alert(2)</script> Hà Nội.",
        "Thời sự",
        "Hà Nội",
        _d(2024, 4, 4),
    ),
]

BY_ID = {a.id: a for a in ARTICLES}


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("index")
    with ArchiveWriter(root) as w:
        for a in ARTICLES:
            w.add(a, content_hash="v1", src="fixture")
    return root


@pytest.fixture(scope="session", params=["whoosh", "postgresql"])
def engine(request: pytest.FixtureRequest) -> str:
    """The engine the contract tests run on (every ``arc`` test runs on both)."""
    return str(request.param)


@pytest.fixture(scope="session")
def pg_index(pg_pair: Any) -> str:
    """The same articles in a database of the session's PostgreSQL primary."""
    dsn, _ = pg_pair.create_database("contract")
    with ArchiveWriter(dsn) as w:
        for a in ARTICLES:
            w.add(a, content_hash="v1", src="fixture")
    return dsn


@pytest.fixture(scope="session")
def arc(engine: str, request: pytest.FixtureRequest) -> Iterator[Archive]:
    target = request.getfixturevalue("index_dir" if engine == "whoosh" else "pg_index")
    with Archive.open(target) as a:
        yield a


def ids(arc: Archive, q: str, **kw: object) -> set[str]:
    """All ids matching a query."""
    return {h.id for h in arc.search(q, per_page=100, **kw).hits}  # type: ignore[arg-type]
