"""A careful reader's rules for the HTML field pickers, each on a small hand-written page."""

from __future__ import annotations

import pytest

from indexer.metadata import is_person_byline, is_publisher, pick_byline, pick_section
from indexer.parsers.html import parse_html, strip_seo_tail

BODY = (
    "<p>Câu mở đầu của bài viết này đủ dài để được tính là một đoạn văn thật sự.</p>"
    "<p>Đoạn thứ hai kể tiếp câu chuyện với nhiều chi tiết hơn cho người đọc.</p>"
    "<p>Đoạn cuối cùng khép lại bài viết bằng một nhận định của phóng viên.</p>"
)


def page(head: str = "", before: str = "", body: str = BODY, after: str = "") -> str:
    return (
        f"<html><head>{head}</head><body>"
        "<nav><a href='/thoi-su/'>Thời sự</a> <a href='/ha-noi/'>Hà Nội</a></nav>"
        f"<h1>Tiêu đề bài báo thử nghiệm</h1>{before}"
        f"<div class='article-content'>{body}{after}</div>"
        "<footer>Trụ sở: Hà Nội. Điện thoại 024 0000 0000</footer></body></html>"
    )


@pytest.mark.parametrize(
    "meta",
    [
        "<meta name='author' content='VnExpress'>",
        "<meta name='author' content='NLD.COM.VN'>",
        "<meta name='author' content='baodautu.vn'>",
        "<meta name='author' content='VCCorp.vn'>",
        "<meta name='author' content='phanngan'>",
        "<meta name='author' content='Nam'>",
    ],
)
def test_author_never_publisher_handle_or_first_name(meta: str) -> None:
    assert parse_html(page(head=meta)).author is None


def test_author_falls_back_to_the_printed_byline_at_the_end() -> None:
    byline = "<p style='text-align: right'><strong>Minh Khoa</strong></p>"
    a = parse_html(page(head="<meta name='author' content='VnExpress'>", after=byline))
    assert a.author == "Minh Khoa"
    assert "Minh Khoa" not in a.body


def test_photo_credit_is_not_the_byline() -> None:
    tail = "<p align='right'><b>Lan Chi</b></p><p align='right'>Ảnh: Quốc Việt</p>"
    a = parse_html(page(after=tail))
    assert a.author == "Lan Chi" and "Quốc Việt" not in a.body


def test_byline_drops_the_sister_paper() -> None:
    assert pick_byline(["Tác giả Anh Thư / baodautu.vn"], []) == "Anh Thư"
    assert pick_byline(["TTXVN/Vietnam+"], []) is None
    assert is_publisher("VietNamNet News", ["VietNamNet"])
    assert not is_publisher("Pháp luật", ["Pháp Luật TP.HCM"])
    assert is_person_byline("TP") and not is_person_byline("Nam")


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("Kinh doanh, Tài chính", "Kinh doanh"),
        ("Multimedia,Y tế,Video,Xã hội", "Y tế"),
        ("Tin nóng", None),
        ("News", None),
    ],
)
def test_topic_top_level_never_generic(section: str, expected: str | None) -> None:
    head = f"<meta property='article:section' content='{section}'>"
    assert parse_html(page(head=head)).topic == expected


def test_listed_section_prefers_the_breadcrumb_level() -> None:
    assert pick_section("Thể thao,World Cup,Tin tức", ["World Cup"]) == "World Cup"


def test_topic_from_the_current_menu_entry_and_section_subdomain() -> None:
    menu = (
        "<ul><li><a href='/a/'>Thế giới</a></li><li class='active'><a href='/b/'>Xe</a></li></ul>"
    )
    assert parse_html(page(before=menu)).topic == "Xe"
    head = "<meta property='og:url' content='https://giaitri.example.vn/tin/bai-1.html'>"
    assert parse_html(page(head=head)).topic == "Giải trí"


def test_province_never_from_menus_or_site_metadata() -> None:
    head = "<meta name='geo.placename' content='Ha Noi, Viet Nam'>"
    assert parse_html(page(head=head)).province is None


def test_province_from_a_place_stamp_in_the_sapo() -> None:
    sapo = (
        "<p class='description'><span>Đà Nẵng</span>Thành phố mở thêm hai tuyến xe buýt "
        "mới nối trung tâm với sân bay từ tuần tới.</p>"
    )
    a = parse_html(page(before=sapo))
    assert a.lead.startswith("Thành phố mở thêm")
    assert a.province == "Đà Nẵng"


def test_title_is_the_visible_headline() -> None:
    head = "<title>Mobile</title><meta property='og:title' content='Tiêu đề bài báo thử'>"
    html = page(head=head).replace("<h1>", "<h1>Mobile</h1><h1>", 1)
    assert parse_html(html).title == "Tiêu đề bài báo thử nghiệm"


def test_seo_tail_is_dropped() -> None:
    assert strip_seo_tail("Lò luyện thi ở Hàn Quốc-lo luyen thi o han quoc") == (
        "Lò luyện thi ở Hàn Quốc"
    )
    assert strip_seo_tail("Hà Nội - Hải Phòng") == "Hà Nội - Hải Phòng"


def test_lead_is_never_inline_javascript() -> None:
    script = (
        "<div class='sapo'><script>try { if (typeof (x) != 'undefined') {} } catch(e){}"
        "</script></div>"
    )
    a = parse_html(
        page(
            head="<meta name='description' content='Tóm tắt bài viết đủ dài để làm sapo.'>",
            before=script,
        )
    )
    assert "typeof" not in a.lead


def test_inline_related_link_in_a_sentence_is_text() -> None:
    body = BODY.replace("câu chuyện", "<a class='cms-relate' href='/x'>câu chuyện</a>")
    assert "kể tiếp câu chuyện với" in parse_html(page(body=body)).body


def test_photo_story_body_is_its_captions() -> None:
    cell = (
        "<table class='tplCaption'><tr><td><img src='a.jpg'></td></tr><tr><td>"
        "<p class='Image'>{}</p></td></tr></table>"
    )
    texts = [
        "Nữ ca sĩ đến thăm mộ người bạn tri kỷ vào chiều qua, mang theo một bó hoa hồng vàng.",
        "Cô chọn một chiếc áo dài màu tím nền nã để đến viếng thăm người bạn của mình.",
        "Đêm nhạc dự kiến gồm những ca khúc gắn liền với tên tuổi của nữ danh ca nổi tiếng.",
    ]
    a = parse_html(page(body="".join(cell.format(t) for t in texts)))
    assert all(t in a.body for t in texts)


def test_old_table_layout_keeps_the_article_text() -> None:
    rows = "".join(f"<tr><td class='text'>{p}</td></tr>" for p in BODY.split("</p>") if p)
    html = (
        "<html><head><title>Tin cũ</title></head><body><table><tr><td>"
        "<a href='/'>Trang chủ</a></td></tr><tr><td><table>" + rows + "</table></td></tr>"
        "</table></body></html>"
    )
    assert "Đoạn thứ hai kể tiếp" in parse_html(html).body
