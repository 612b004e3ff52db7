"""Score our parser and trafilatura 2.x on the shared real pages, field by field.

Usage (from the project's root; trafilatura comes with the ``dev`` extra)::

    .venv/bin/python bench/real_pages.py [../shared/real_pages]

Both extractors are scored with the checks of ``../shared/tools/score_pages.py``: ours
through ``indexer.inputs.read_document`` (the ``vnarchive index`` path), trafilatura
through ``bare_extraction(with_metadata=True)`` (title, date, author, categories,
description as the lead, text as the body; it has no province, so it never invents one).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.inputs import InputFile, read_document  # noqa: E402

FIELDS = ("title", "date", "author", "topic", "province", "lead", "body", "boilerplate")


def _scorer(shared: Path):  # noqa: ANN202 - a module loaded from a path
    spec = importlib.util.spec_from_file_location(
        "score_pages", shared / "tools" / "score_pages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ours(path: Path) -> dict[str, object]:
    a = read_document(InputFile(path, path.name), path.read_bytes())
    return {
        k: getattr(a, k) for k in ("title", "date", "author", "topic", "province", "lead", "body")
    }


def _trafilatura(path: Path) -> dict[str, object]:
    import trafilatura

    doc = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True)
    get = (lambda k: getattr(doc, k, None)) if doc is not None else (lambda k: None)
    cats = get("categories") or []
    return {
        "title": get("title"),
        "date": get("date"),
        "author": get("author"),
        "topic": cats[0] if cats else None,
        "province": None,
        "lead": get("description") or "",
        "body": get("text") or "",
    }


def main() -> None:
    pages = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "real_pages"
    scorer = _scorer(pages.parent)
    truth = json.loads((pages / "truth.json").read_text(encoding="utf-8"))
    for name, extract in (("parse_html", _ours), ("trafilatura", _trafilatura)):
        per: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}
        start = time.perf_counter()
        for t in truth:
            fields = extract(pages / t["file"])
            for check, ok, _got in scorer.score(t, fields):
                cell = per[check.split(":")[0]]
                cell[0] += bool(ok)
                cell[1] += 1
        seconds = time.perf_counter() - start
        good, total = sum(g for g, _ in per.values()), sum(n for _, n in per.values())
        cells = " ".join(f"{f}={g}/{n}" for f, (g, n) in per.items())
        print(f"{name:12} {good}/{total} = {good / total:.1%}  {cells}  ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
