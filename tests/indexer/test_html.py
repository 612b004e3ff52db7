"""HTML parser on hand-made pages in the markup styles of Vietnamese news sites."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import pytest

from archive.models import VN_TZ, Article
from indexer.normalize import finish
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
    assert a.topic == "GIÁO DỤC"  # raw, as the page writes it...
    assert finish(a).topic == "Giáo dục"  # ...and in sentence case once finished
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


# --- hostile inputs: a clear ValueError subclass or a parse, never a hang or a crash ---------
_VI_PARA = "<p>Người dân Hà Nội đón Tết trong không khí ấm áp, vui tươi và đầm ấm.</p>"


T = TypeVar("T")


def _timed(fn: Callable[[], T], limit: float = 3.0) -> T:
    """Run *fn*; fail when it takes *limit* seconds or more (even when it raises)."""
    start = time.perf_counter()
    try:
        return fn()
    finally:
        assert time.perf_counter() - start < limit


@pytest.mark.parametrize("closed", [True, False])
def test_hostile_100k_nesting_levels(closed: bool) -> None:
    from indexer.inputs import InputFile, read_document

    page = "<html><body><h1>Tiêu đề</h1>" + "<div><b>" * 100_000 + _VI_PARA
    page += "</b></div>" * 100_000 + "</body></html>" if closed else ""
    a = _timed(lambda: read_document(InputFile(Path("deep.html"), "deep.html"), page.encode()))
    assert isinstance(a, Article) and a.title == "Tiêu đề" and "Người dân Hà Nội" in a.body


def test_hostile_50mb_single_line() -> None:
    from indexer.inputs import InputError, InputFile, read_document

    line = b"<html><body><h1>T</h1><p>" + b"Nguoi dan Ha Noi don Tet. " * 2_000_000 + b"</p>"
    assert len(line) > 50_000_000
    with pytest.raises(InputError, match="larger than"):
        _timed(lambda: read_document(InputFile(Path("big.html"), "big.html"), line))
    with pytest.raises(ParseError, match="larger than"):
        _timed(lambda: parse_html(line))  # the JSONL "html" field reaches parse_html directly


def test_hostile_2mb_single_line_parses_quickly() -> None:
    page = ("<h1>Tiêu đề</h1><p>" + "Người dân Hà Nội đón Tết. " * 80_000 + "</p>").encode()
    a = _timed(lambda: parse_html(page))
    assert isinstance(a, Article) and a.title == "Tiêu đề" and len(a.body) > 2_000_000
    attr = b"<div class='" + b"a" * 5_000_000 + b"'>" + _VI_PARA.encode() + b"</div>"
    assert isinstance(_timed(lambda: parse_html(attr)), Article)


def test_hostile_control_characters() -> None:
    from indexer.encoding import DecodeError

    few = ("<h1>Tiêu\x01 đề\x0b</h1>" + _VI_PARA.replace("Tết", "T\x07ết") + _VI_PARA * 20).encode()
    a = finish(parse_html(few))  # the parser hands the body over raw; finish cleans it
    assert a.title == "Tiêu đề" and "Tết" in a.body
    assert not any(ch in a.body + a.title for ch in "\x01\x07\x0b")
    many = ("<h1>Tiêu đề</h1>" + "<p>a\x01b\x02c\x1b</p>" * 500).encode()
    with pytest.raises(DecodeError, match="control bytes"):
        parse_html(many)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hostile_binary_junk(seed: int) -> None:
    import random

    from indexer.encoding import DecodeError

    junk = random.Random(seed).randbytes(200_000)
    with pytest.raises(DecodeError, match="binary"):
        _timed(lambda: parse_html(junk))
    with pytest.raises(DecodeError, match="binary"):
        parse_html(junk.replace(b"\x00", b"\x01"))


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"<html><body></body></html>", b"<!-- -->"])
def test_hostile_empty_pages(data: bytes) -> None:
    from indexer.inputs import InputFile, read_document

    with pytest.raises(ValueError, match="empty|no title"):
        parse_html(data)
    with pytest.raises(ValueError, match="empty|no title"):
        read_document(InputFile(Path("e.html"), "e.html"), data)


def test_topic_from_category_block_and_url_section_link() -> None:
    body = "<p>" + "Người dân Hà Nội đón Tết trong không khí ấm áp. " * 3 + "</p>"
    cate = (
        '<html><body><nav><a href="/the-thao.htm">Thể thao</a></nav>'
        '<div class="detail-cate"><a href="/van-hoa.htm">Văn hóa</a> <a href="/d.htm">Di sản</a>'
        f"</div><h1>Tiêu đề</h1><div class='detail-content'>{body}</div></body></html>"
    )
    assert parse_html(cate).topic == "Văn hóa"
    section = (
        '<html><head><link rel="canonical" href="https://www.24h.com.vn/an-ninh-hinh-su/'
        'bat-nhom-trom-c57a1.html"></head><body><ul><li><a href="/bong-da-c48.html">Bóng đá</a>'
        '</li><li><a href="https://www.24h.com.vn/an-ninh-hinh-su-c12.html">An ninh - Hình sự</a>'
        f"</li></ul><h1>Tiêu đề</h1><article>{body}</article></body></html>"
    )
    a = parse_html(section)
    assert (a.topic, a.source) == ("An ninh - Hình sự", "24h")


def test_source_brand_author_agency_and_weekday_date() -> None:
    body = "<p>" + "Người dân Hà Nội đón Tết trong không khí ấm áp. " * 3 + "</p>"
    page = (
        '<html><head><meta property="og:site_name" content="Vietnam+ (VietnamPlus)">'
        '<meta name="author" content="Văn Đức (TTXVN/Vietnam+)"></head><body><h1>Tiêu đề</h1>'
        '<div class="cre-post">Thứ Bảy, ngày 20/12/2025 18:00 PM (GMT+7)</div>'
        f"<article>{body}</article></body></html>"
    )
    a = parse_html(page)
    assert (a.source, a.author) == ("Vietnam+", "Văn Đức")
    assert a.date == datetime(2025, 12, 20, 18, 0, tzinfo=VN_TZ)
