"""HTML parser on hand-made pages in the markup styles of Vietnamese news sites."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from archive.models import VN_TZ
from indexer.parsers import ParseError
from indexer.parsers.html import parse_html

FIXTURES = Path(__file__).parent / "fixtures"


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_vnexpress_style() -> None:
    a = parse_html(page("vnexpress_style.html"), path="vne.html")
    assert a.id == "" and a.path == "vne.html"
    assert a.title == "Hà Nội mở thêm ba tuyến buýt điện nối ngoại thành"
    assert a.lead.startswith("Ba tuyến buýt điện mới")
    assert a.topic == "Thời sự"
    assert a.date == datetime(2024, 1, 15, 10, 30, tzinfo=VN_TZ)
    assert a.author == "Minh Anh"
    assert a.source == "VnExpress"
    assert a.url == "https://vnexpress.net/ha-noi-mo-them-ba-tuyen-buyt-dien-1234567.html"
    assert a.province == "Hà Nội"
    assert a.captions == ["Xe buýt điện chờ khách tại điểm đầu ở Sóc Sơn. Ảnh: Minh Anh"]
    paras = a.body.split("\n\n")
    assert len(paras) == 4
    assert paras[0].startswith("Sở Giao thông Vận tải") and paras[-1].startswith("Hành khách")
    for junk in (
        "Tin liên quan",
        "vé điện tử",
        "Ý kiến",
        "tuyến buýt chạy về phía tây",
        "Chia sẻ",
        "Giá vàng",
        "giấy phép",
        "Minh Anh",
        "Xe buýt điện chờ",
    ):
        assert junk not in a.body


def test_dantri_style_json_ld_graph() -> None:
    a = parse_html(page("dantri_style.html"))
    assert a.title == "Nông dân Đồng Tháp trúng mùa xoài xuất khẩu"
    assert a.lead.startswith("Vụ xoài năm nay được giá")  # "(Dân trí) - " brand tag dropped
    assert a.topic == "Kinh doanh"  # breadcrumb after "Trang chủ"
    assert a.date == datetime(2024, 2, 20, 9, 15, tzinfo=VN_TZ)
    assert a.author == "Hoàng Lan"
    assert a.source == "Dân trí"  # brand, not "Báo điện tử Dân Trí"
    assert a.url and a.url.startswith("https://dantri.com.vn/kinh-doanh/")
    assert a.captions == ["Nông dân thu hoạch xoài tại một vườn ở Cao Lãnh (Ảnh: Hoàng Lan)."]
    assert len(a.body.split("\n\n")) == 3
    for junk in ("Xem thêm", "Sầu riêng", "Bình luận", "chúc bà con", "Cơ quan chủ quản"):
        assert junk not in a.body


def test_tuoitre_style() -> None:
    a = parse_html(page("tuoitre_style.html"))
    assert a.title == "Sinh viên chế tạo robot nhặt rác trên sông"
    assert a.topic == "Giáo dục"  # "GIÁO DỤC" in sentence case
    assert a.date == datetime(2024, 3, 5, 7, 45, tzinfo=VN_TZ)
    assert a.author == "Ngọc Hà"  # the site name in meta author is not an author
    assert a.captions and a.captions[0].startswith("Robot thử nghiệm")
    assert len(a.body.split("\n\n")) == 3
    for junk in ("Đọc thêm", "Tin liên quan", "máy lọc nước", "Bình luận", "nhân rộng"):
        assert junk not in a.body


def test_thanhnien_style_without_metadata() -> None:
    a = parse_html(page("thanhnien_style.html"))
    assert a.title == "Mưa lớn gây ngập nhiều tuyến đường ở Đà Nẵng"
    assert a.date == datetime(2019, 3, 20, 8, 0, tzinfo=VN_TZ)  # only in visible text
    assert a.url is None and a.source is None and a.topic is None
    assert a.captions == ["Người dân dắt xe qua đoạn đường ngập trên phố Hàm Nghi"]
    assert len(a.body.split("\n\n")) == 3
    assert "Đọc thêm" not in a.body and "sơ tán" not in a.body


def test_vietnamnet_style_breadcrumb_and_bold_author() -> None:
    a = parse_html(page("vietnamnet_style.html"))
    assert a.title == "Trường học vùng cao đón học sinh trở lại sau Tết"
    assert a.topic == "Giáo dục"
    assert a.author == "Thanh Hùng"
    assert a.date == datetime(2024, 2, 20, 9, 15, tzinfo=VN_TZ)  # day-first meta value
    assert a.source == "VietNamNet"
    assert "Thanh Hùng" not in a.body and "lịch nghỉ hè" not in a.body


def test_24h_style_all_caps_title_and_url_section() -> None:
    a = parse_html(page("24h_style.html"))
    assert a.title == "CÔNG PHƯỢNG LẬP CÚ ĐÚP, ĐỘI NHÀ NGƯỢC DÒNG ẤN TƯỢNG"
    assert a.topic == "Bóng đá"  # from the canonical URL's section slug
    assert a.date == datetime(2024, 1, 15, 19, 5, tzinfo=VN_TZ)
    assert a.source == "24h"
    assert a.captions == ["Công Phượng ăn mừng bàn thắng thứ hai"]
    for junk in ("Lưu bài viết", "Bài viết liên quan", "Bảng xếp hạng", "cập nhật liên tục"):
        assert junk not in a.body


def test_amp_page() -> None:
    a = parse_html(page("vietnamplus_amp.html"))
    assert a.title == "Đồng bằng sông Cửu Long chủ động ứng phó xâm nhập mặn"
    assert (
        a.url
        == "https://www.vietnamplus.vn/dong-bang-song-cuu-long-ung-pho-xam-nhap-man-post900001.vnp"
    )
    assert a.topic == "Xã hội"
    assert a.date == datetime(2024, 3, 20, 8, 0, tzinfo=VN_TZ)
    assert a.author == "Công Trí"
    assert a.province == "Bến Tre"  # raw hint from the "(TTXVN/Vietnam+) Bến Tre," dateline
    assert a.captions == ["Người dân trữ nước ngọt trong các bồn chứa. (Ảnh: Công Trí/TTXVN)"]
    assert len(a.body.split("\n\n")) == 3


def test_broken_html_with_comments() -> None:
    a = parse_html(page("baomoi_broken.html"))
    assert a.title == "Giá xăng giảm nhẹ từ chiều nay"
    assert (
        a.lead
        == "Liên bộ điều chỉnh giá xăng dầu theo chu kỳ, xăng giảm khoảng ba trăm đồng mỗi lít."
    )
    assert a.date == datetime(2019, 3, 20, 15, 0, tzinfo=VN_TZ)
    assert len(a.body.split("\n\n")) == 3
    assert "Bình luận" not in a.body and "mong giảm thêm" not in a.body


def test_windows_1258_page_and_str_input() -> None:
    html = (FIXTURES / "thanhnien_style.html").read_text(encoding="utf-8")
    assert parse_html(html).title == "Mưa lớn gây ngập nhiều tuyến đường ở Đà Nẵng"


def test_deeply_nested_html_falls_back_to_flat_text() -> None:
    text = "Nội dung nằm rất sâu trong trang nhưng vẫn phải được lấy ra."
    deep = "<div>" * 5000 + f"<p>{text}</p>" + "</div>" * 5000
    a = parse_html(f"<html><head><title>Trang lồng sâu</title></head><body>{deep}</body></html>")
    assert a.title == "Trang lồng sâu"
    assert text in a.body


def test_title_suffixes() -> None:
    for raw in (
        "Tin nóng | Báo Tuổi Trẻ",
        "Tin nóng - Báo Dân trí",
        "Tin nóng – VietnamPlus",
        "Tin nóng - Thời sự - VnExpress",
    ):
        html = f"<html><head><title>{raw}</title></head><body><p>x</p></body></html>"
        assert parse_html(html).title == "Tin nóng", raw
    keep = "<html><head><title>Hà Nội - Hải Phòng</title></head><body></body></html>"
    assert parse_html(keep).title == "Hà Nội - Hải Phòng"


def test_nothing_to_parse() -> None:
    with pytest.raises(ParseError, match="no title"):
        parse_html("<html><head></head><body><nav>menu</nav></body></html>")
    with pytest.raises(ParseError):
        parse_html(b"")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("THỜI SỰ", "Thời sự"),
        ("  kinh   doanh ", "Kinh doanh"),
        ("bong-da", "Bóng đá"),
        ("suc-khoe", "Sức khỏe"),
        ("the-gioi", "Thế giới"),
        ("oto-xe-may", "Ô tô - Xe máy"),
        ("nhip-song-tre", "Nhip song tre"),
        ("Xây dựng Đảng", "Xây dựng Đảng"),
        ("", None),
        (None, None),
    ],
)
def test_normalize_topic(raw: str | None, expected: str | None) -> None:
    from indexer.metadata import normalize_topic

    assert normalize_topic(raw) == expected


def test_topic_map_and_author(tmp_path: Path) -> None:
    from indexer.metadata import load_topic_map, normalize_author, normalize_topic

    mapping_file = tmp_path / "topics.json"
    mapping_file.write_text('{"Bóng đá": "Thể thao", "THỂ THAO": "Thể thao"}', encoding="utf-8")
    mapping = load_topic_map(mapping_file)
    assert normalize_topic("bong-da", mapping) == "Thể thao"
    assert normalize_topic("Kinh doanh", mapping) == "Kinh doanh"
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON object"):
        load_topic_map(bad)
    assert normalize_author("Theo TTXVN") == "TTXVN"
    assert normalize_author("NGUYỄN VĂN AN") == "Nguyễn Văn An"
    assert normalize_author("https://facebook.com/x") is None
    assert normalize_author("  ") is None
