"""Real saved pages of Vietnamese news sites (``../shared/real_pages``), scored the way
the project is scored on its private set (``../shared/tools/score_pages.py``).

The pages are copyrighted and never copied into the project: the test skips where the
shared folder is absent.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("VNARCHIVE_SHARED", Path(__file__).parents[3] / "shared"))
PAGES = SHARED / "real_pages"
SCORER = SHARED / "tools" / "score_pages.py"
TARGET = 0.98


@pytest.mark.skipif(
    not (PAGES / "truth.json").is_file() or not SCORER.is_file(),
    reason=f"the shared real pages and scorer are not here ({SHARED}): internal test data",
)
def test_real_pages_field_share(tmp_path: Path) -> None:
    import json

    from archive import Archive
    from indexer.pipeline import index_paths

    spec = importlib.util.spec_from_file_location("score_pages", SCORER)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)

    truth = json.loads((PAGES / "truth.json").read_text(encoding="utf-8"))
    index_paths([PAGES / "pages"], tmp_path / "idx")
    with Archive.open(tmp_path / "idx") as arc:
        arts = [arc.get(h.id) for h in arc.search("", per_page=100).hits]
    byfile = {os.path.basename(str(a.path)): a for a in arts if a is not None and a.path}
    good = total = 0
    wrong = []
    for t in truth:
        a = byfile.get(os.path.basename(t["file"]))
        fields = ("title", "date", "author", "topic", "province", "lead", "body")
        checks = scorer.score(t, {k: getattr(a, k) for k in fields}) if a else [("found", 0, "")]
        for name, ok, got in checks:
            good, total = good + bool(ok), total + 1
            if not ok:
                wrong.append(f"{t['file']} {name}: got {got!r}")
    share = good / total
    assert share >= TARGET, f"real pages {share:.1%} < {TARGET:.0%}:\n" + "\n".join(wrong)
