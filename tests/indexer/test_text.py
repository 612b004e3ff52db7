"""Plain-text article format, including the user's seed file (read from ../shared/seed)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from archive.models import VN_TZ
from indexer.encoding import decode_bytes
from indexer.parsers import ParseError
from indexer.parsers.text import parse_text

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_e07126b4108fc420.txt"


@pytest.mark.skipif(not SEED.exists(), reason=f"seed file not present at {SEED}")
def test_seed_file() -> None:
    a = parse_text(decode_bytes(SEED.read_bytes()), path=SEED.name)
    assert a.id == "" and a.path == SEED.name
    assert a.topic == "Xây dựng Đảng"
    assert a.title == "Khuyến khích cán bộ năng động, sáng tạo, dám nghĩ, dám làm"
    assert a.province == "Hải Dương"
    assert a.author == "Mạnh Minh"
    assert a.source == "TTXVN"
    assert a.date is None
    assert a.lead.startswith('"Tạo điều kiện, khuyến khích cán bộ')
    assert a.body.startswith("Tại Hội nghị, Bí thư Tỉnh ủy")  # "TTXVN - " dateline stripped
    assert len(a.captions) == 1 and a.captions[0].endswith("(Ảnh: Mạnh Tú/TTXVN)")
    assert "(Ảnh:" not in a.body and "Xem thêm" not in a.body and "Mạnh Minh" not in a.body
    assert a.lead not in a.body


MADE_UP = """Kinh tế

Cảng biển mới đón chuyến tàu đầu tiên

Thứ Ba, 20/02/2024 - 09:15

Quảng Ninh

Cảng nước sâu vừa đón chuyến tàu container đầu tiên cập bến sau hai năm xây dựng.

(TTXVN) Hạ Long, 20/2 - Lễ đón tàu diễn ra sáng nay với sự tham dự của lãnh đạo tỉnh.

Tàu container cập cầu cảng số một. (Ảnh: Văn Đức/TTXVN)

Cảng có thể tiếp nhận tàu trọng tải lớn, giúp giảm chi phí vận chuyển hàng hóa.

Văn Đức

Xem thêm
"""


def test_date_line_and_paren_dateline() -> None:
    a = parse_text(MADE_UP)
    assert a.topic == "Kinh tế" and a.title == "Cảng biển mới đón chuyến tàu đầu tiên"
    assert a.date == datetime(2024, 2, 20, 9, 15, tzinfo=VN_TZ)
    assert a.province == "Quảng Ninh"
    assert a.source == "TTXVN" and a.author == "Văn Đức"
    assert (
        a.body.split("\n\n")[0] == "Lễ đón tàu diễn ra sáng nay với sự tham dự của lãnh đạo tỉnh."
    )
    assert a.captions == ["Tàu container cập cầu cảng số một. (Ảnh: Văn Đức/TTXVN)"]


def test_missing_province_line() -> None:
    text = (
        "Thời sự\n\nTiêu đề bài viết\n\n"
        "Đoạn mở đầu của bài viết, có dấu phẩy và dấu chấm.\n\nThân bài."
    )
    a = parse_text(text)
    assert a.province is None
    assert a.lead == "Đoạn mở đầu của bài viết, có dấu phẩy và dấu chấm."
    assert a.body == "Thân bài."


def test_vna_dash_dateline_and_nfd_input() -> None:
    import unicodedata

    text = (
        "Thế giới\n\nHội nghị thượng đỉnh khai mạc\n\n"
        "VNA - Hội nghị khai mạc sáng nay.\n\nĐoạn hai."
    )
    a = parse_text(unicodedata.normalize("NFD", text))
    assert a.title == "Hội nghị thượng đỉnh khai mạc" and a.source == "VNA"
    assert a.lead == "Hội nghị khai mạc sáng nay."


def test_empty_text() -> None:
    with pytest.raises(ParseError):
        parse_text("\n\n  \n")


def test_hostile_text_inputs() -> None:
    from indexer.parsers.text import MAX_CHARS

    with pytest.raises(ParseError, match="no title"):
        parse_text("")
    with pytest.raises(ParseError, match="no title"):
        parse_text(" \n\n\t\n")
    with pytest.raises(ParseError, match="larger than"):
        parse_text("a" * (MAX_CHARS + 1))
    one_line = "Người dân Hà Nội đón Tết. " * 100_000  # 2.6 MB on one line
    art = parse_text("Thời sự\n\nTiêu đề\n\n" + one_line)
    assert art.title == "Tiêu đề" and art.lead.startswith("Người dân")
    art = parse_text("Thời\x01 sự\n\nTiêu\x07 đề\n\nNgười dân Hà Nội đón Tết.\n\nMột đoạn nữa.")
    assert (art.topic, art.title) == ("Thời sự", "Tiêu đề")


def test_title_then_body_is_not_read_as_topic_and_title() -> None:
    from indexer.parsers.text import parse_text

    art = parse_text(
        "Bão số 3 đổ bộ Quảng Ninh\n\nChiều 7/9, bão đổ bộ. Gió giật cấp 12.\n\nĐoạn hai.\n"
    )
    assert (art.topic, art.title) == (None, "Bão số 3 đổ bộ Quảng Ninh")
    assert art.lead == "Chiều 7/9, bão đổ bộ. Gió giật cấp 12."
    assert art.body == "Đoạn hai."


def test_key_value_header_gives_the_fields() -> None:
    from indexer.parsers.text import parse_text

    art = parse_text(
        "Tieu de: Giá vàng tăng\nNgày: 20/02/2024\nTác giả: Nguyễn Văn An\n"
        "Chuyên mục: Kinh tế\n\nGiá vàng hôm nay tăng mạnh. Thật vậy.\n\nĐoạn hai.\n"
    )
    assert (art.title, art.topic, art.author) == ("Giá vàng tăng", "Kinh tế", "Nguyễn Văn An")
    assert art.date is not None and (art.date.year, art.date.month, art.date.day) == (2024, 2, 20)
    assert art.lead == "Giá vàng hôm nay tăng mạnh. Thật vậy."


def test_fields_leave_raw_and_finish_normalises_them() -> None:
    from indexer.normalize import finish

    art = parse_text(
        "Chuyên mục: THỜI SỰ\nTiêu đề: Cầu mới\nTác giả: Theo  Minh An\nTỉnh: TP.HCM\n\n"
        "Thành phố khởi công cây cầu mới.\n\nĐoạn hai.\n"
    )
    assert (art.topic, art.author, art.province) == ("THỜI SỰ", "Theo Minh An", "TP.HCM")
    art = finish(art)
    assert (art.topic, art.author, art.province) == ("Thời sự", "Minh An", "TP Hồ Chí Minh")
