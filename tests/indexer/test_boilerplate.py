"""Boilerplate learned from the batch (issue 13 point 3): what is taken, what never is.

The articles here are made up from a small vocabulary so that every sentence is unique;
the UI strings are the kinds crawlers save (glued to the text, a line of their own, a
footer). The real-corpus check is in ``test_boilerplate_corpus.py``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from archive import Archive
from indexer.boilerplate import MIN_ARTICLES, Boilerplate, Learner, Rule
from indexer.pipeline import index_paths

SUBJECTS = [
    "UBND tỉnh",
    "Công an huyện",
    "Bộ Y tế",
    "Ngân hàng Nhà nước",
    "Sở Giáo dục",
    "Trường tiểu học",
    "Bệnh viện đa khoa",
    "Hội nông dân",
    "Cục Thuế",
    "Ban quản lý",
]
VERBS = [
    "đã tổ chức",
    "vừa công bố",
    "tiếp tục triển khai",
    "đang xem xét",
    "chính thức khởi công",
    "kiểm tra đột xuất",
    "phối hợp thực hiện",
    "đề xuất điều chỉnh",
]
OBJECTS = [
    "dự án cầu mới",
    "kế hoạch phòng dịch",
    "chương trình học bổng",
    "tuyến đường ven biển",
    "quy hoạch khu dân cư",
    "đợt tiêm chủng",
    "giá điện sinh hoạt",
    "lễ hội mùa xuân",
]
UI_GLUED = "Đăng nhập để bình luận Theo dõi chúng tôi trên mạng xã hội ở trangTin mới nhất"


def _sentence(rng: random.Random) -> str:
    n = rng.randrange(1, 10_000)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} số {n}."


def _body(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randrange(3, 7)))


def _learn(texts: list[str], source: str = "Báo Mẫu") -> dict[str, list[Rule]]:
    learner = Learner()
    for t in texts:
        learner.see(source, "", t)
    return learner.rules()


def _texts(n: int, prefix: str = "", suffix: str = "", seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [prefix + _body(rng) + suffix for _ in range(n)]


def test_ui_text_glued_to_the_first_sentence_is_learned_and_removed() -> None:
    texts = _texts(30, UI_GLUED + " ") + _texts(70, seed=1)  # 30 % of the source
    rules = _learn(texts)["Báo Mẫu"]
    assert [(r.side, r.text) for r in rules] == [("start", UI_GLUED)]
    bp = Boilerplate(_learn(texts))
    for t in texts:
        lead, body = bp.strip("Báo Mẫu", "", t)
        assert lead == "" and "Đăng nhập" not in body
        assert body == t.removeprefix(UI_GLUED + " ")  # the article itself is whole
    assert bp.report()["Báo Mẫu"][0]["removed"] == 30


def test_a_line_of_its_own_and_a_footer_sentence_are_learned() -> None:
    texts = _texts(40, "Chia sẻ bài viết này\n", " Nguồn: Báo Mẫu điện tử.")
    bp = Boilerplate(_learn(texts))
    assert sorted((r.side, r.text) for r in bp.rules["Báo Mẫu"]) == [
        ("end", "Nguồn: Báo Mẫu điện tử."),
        ("start", "Chia sẻ bài viết này"),
    ]
    lead, body = bp.strip("Báo Mẫu", "", texts[0])
    assert not body.startswith("Chia sẻ") and body.endswith(".") and "Nguồn" not in body


def test_rare_or_small_runs_are_not_boilerplate() -> None:
    assert _learn(_texts(MIN_ARTICLES - 1, UI_GLUED + " ")) == {}  # too few articles
    assert _learn(_texts(40, UI_GLUED + " ") + _texts(960, seed=2)) == {}  # 4 % of the source


@pytest.mark.parametrize(
    "opening",
    [
        "Tổng Bí thư Tô Lâm {verb} ",  # a subject, followed by lowercase text
        "Hà Nội - ",  # a dateline: normalisation reads the province from it
        "(TTXVN) - ",  # an agency tag
        "Theo thông tin từ ",  # an opening habit followed by capitalised names
        "Kết quả xổ số miền Bắc ngày ",  # a routine opening followed by a date
    ],
)
def test_common_openings_of_real_sentences_are_kept(opening: str) -> None:
    rng = random.Random(3)
    texts = [opening.format(verb=rng.choice(VERBS)) + _body(rng) for _ in range(60)]
    assert _learn(texts) == {}


def test_a_rule_never_cuts_inside_a_word_or_the_middle_of_a_text() -> None:
    bp = Boilerplate({"S": [Rule("start", ("Chia", "sẻ", "bài"), 30)]})
    assert bp.strip("S", "", "Chia sẻ bàiviết hay") == ("", "Chia sẻ bàiviết hay")
    assert bp.strip("S", "", "Tin: Chia sẻ bài viết") == ("", "Tin: Chia sẻ bài viết")
    assert bp.strip("Other", "", "Chia sẻ bài viết") == ("", "Chia sẻ bài viết")


def test_a_run_across_lead_and_body_leaves_each_its_own_rest() -> None:
    bp = Boilerplate({"S": [Rule("start", ("Chia", "sẻ", "\n", "Theo", "dõi"), 30)]})
    assert bp.strip("S", "Chia sẻ", "Theo dõi Hà Nội mưa to.") == ("", "Hà Nội mưa to.")
    bp = Boilerplate({"S": [Rule("start", ("Chia", "sẻ", "ngay"), 30)]})
    assert bp.strip("S", "Chia sẻ ngay Sapo dài.", "Thân bài.") == ("Sapo dài.", "Thân bài.")


def test_rules_survive_their_json_form() -> None:
    learned = _learn(_texts(40, "Chia sẻ bài viết này\n"))
    again = Boilerplate.from_json(json.loads(json.dumps(Boilerplate(learned).to_json())))
    assert again.rules == learned
    assert Boilerplate.from_json({"S": "junk", 3: []}).rules == {}


# -- through the indexer ---------------------------------------------------------------------


@pytest.fixture(params=["whoosh", "postgresql"])
def index_at(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to index: a Whoosh directory, or a fresh PostgreSQL database."""
    if request.param == "whoosh":
        return str(tmp_path / "index")
    dsn: str = request.getfixturevalue("pg_db")[0]
    return dsn


def _records(n: int, seed: int, prefix: str = UI_GLUED + " ") -> list[dict[str, Any]]:
    rng = random.Random(seed)
    footer = " Nguồn: [Link nguồn]Nguồn: [Link nguồn]"
    return [
        {"id": f"r{seed}-{i}", "title": f"Tin số {seed}-{i}: {_sentence(rng)[:-1]}",
         "source": "Báo Mẫu", "text": prefix + _body(rng) + footer}
        for i in range(n)
    ]  # fmt: skip


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _holding(ar: Archive, text: str) -> int:
    """How many stored articles hold ``text`` in title, lead or body."""
    return sum(1 for a in ar.iter_articles() if text in f"{a.title}\n{a.lead}\n{a.body}")


def test_indexing_removes_learned_boilerplate_and_keeps_it_across_runs(
    index_at: str, tmp_path: Path
) -> None:
    first = _write(tmp_path / "a.jsonl", _records(30, 1))
    report = index_paths([first], index_at).to_dict()
    assert report["added"] == 30
    assert {(r["where"], r["removed"]) for r in report["boilerplate"]["Báo Mẫu"]} == {
        ("start", 30),
        ("end", 30),
    }
    with Archive.open(index_at) as ar:
        assert _holding(ar, "Đăng nhập") == _holding(ar, "Link nguồn") == 0
        assert _holding(ar, "Tin số") == 30
        hits = ar.search("", sort="newest").hits
        assert hits and all(h.snippet.startswith(tuple(SUBJECTS)) for h in hits)
    # a later run of two articles is far below the threshold: the stored rule cleans them
    second = _write(tmp_path / "b.jsonl", _records(2, 2))
    report = index_paths([first, second], index_at).to_dict()
    assert report["added"] == 2 and report["unchanged"] == 30
    assert {r["removed"] for r in report["boilerplate"]["Báo Mẫu"]} == {2}
    with Archive.open(index_at) as ar:
        assert _holding(ar, "Đăng nhập") == _holding(ar, "Link nguồn") == 0
        assert _holding(ar, "Tin số") == 32


def test_text_files_learn_boilerplate_too(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    for r in _records(25, 4, prefix="Chia sẻ bài viết này\n"):
        (folder / f"{r['id']}.txt").write_text(f"{r['title']}\n\n{r['text']}\n", "utf-8")
    report = index_paths([folder], tmp_path / "index").to_dict()
    assert report["added"] == 25 and report["failed"] == []
    with Archive.open(tmp_path / "index") as ar:
        assert _holding(ar, "Chia sẻ") == 0
        assert _holding(ar, "Link nguồn") == 0
        assert _holding(ar, "UBND tỉnh") > 0


def test_articles_that_are_one_short_text_are_not_boilerplate() -> None:
    # fifty one-line notes saying the same thing: each is an article, nothing surrounds it
    assert _learn(["Nội dung mới được cập nhật"] * 50 + _texts(200, seed=5)) == {}
    bp = Boilerplate({"S": [Rule("start", ("Chia", "sẻ", "bài"), 30)]})
    assert bp.strip("S", "", "Chia sẻ bài") == ("", "Chia sẻ bài")  # never emptied
    assert bp.report()["S"][0]["removed"] == 0
