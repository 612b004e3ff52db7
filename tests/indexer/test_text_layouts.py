"""Plain-text articles in the common layouts (issue 13 point 2), from real corpus articles.

Each sampled corpus article is written in five layouts, decoded the way ``vnarchive index``
reads a file, parsed, and checked field by field (title, lead, topic, date, author, last
paragraph). The corpus is internal test data read at run time: the test skips without it.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from indexer.encoding import decode_bytes
from indexer.parsers.text import parse_text

SHARED = Path(os.environ.get("VNARCHIVE_SHARED", Path(__file__).parents[3] / "shared"))
CORPUS = SHARED / "corpus" / "articles.jsonl.gz"


def _sample(n: int) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(rows) >= 20 * n:
                break
            r = json.loads(line)
            paras = [p.strip() for p in (r.get("text") or "").split("\n") if p.strip()]
            if r.get("title") and len(paras) >= 2 and r.get("source") == "baomoi.com":
                paras = [" ".join(p.split()) for p in paras]  # the parser collapses spaces
                rows.append({"title": " ".join(r["title"].split()), "paras": paras})
    return random.Random(13).sample(rows, n)


AUTHOR, TOPIC, DATE = "Nguyễn Văn An", "Kinh tế", "20/02/2024"


def _layouts(title: str, paras: list[str]) -> dict[str, tuple[bytes, bool]]:
    """layout → (file bytes, whether the layout carries topic, date and author)."""
    blank = "\n\n".join([title, *paras])
    header = f"Tiêu đề: {title}\nNgày: {DATE}\nTác giả: {AUTHOR}\nChuyên mục: {TOPIC}\n\n"
    return {
        "title-blank-body": (blank.encode(), False),
        "one-paragraph-a-line": ("\n".join([title, *paras]).encode(), False),
        "header": ((header + "\n\n".join(paras)).encode(), True),
        "crlf-bom": (b"\xef\xbb\xbf" + blank.replace("\n", "\r\n").encode(), False),
        "utf16": (blank.encode("utf-16"), False),
    }


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus is not here ({CORPUS})")
def test_real_articles_in_every_layout_keep_their_fields() -> None:
    right = total = 0
    misses: list[str] = []
    for row in _sample(50):
        for name, (data, has_meta) in _layouts(row["title"], row["paras"]).items():
            art = parse_text(decode_bytes(data))
            body = art.body.split("\n\n")
            checks = {
                "title": art.title == row["title"],
                "lead": art.lead == row["paras"][0],
                "last": bool(body) and body[-1] == row["paras"][-1],
                "topic": art.topic == (TOPIC if has_meta else None),
            }
            if has_meta:
                checks["date"] = isinstance(art.date, datetime) and art.date.day == 20
                checks["author"] = art.author == AUTHOR
            for field, ok in checks.items():
                right += ok
                total += 1
                if not ok:
                    misses.append(f"{name}/{field}: {row['title'][:50]}")
    assert right / total >= 0.97, (right, total, misses[:20])
