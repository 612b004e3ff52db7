"""Export every article of an index as JSON Lines that ``vnarchive index`` reads back.

Each line is :meth:`archive.Article.to_dict` (``date`` in ISO 8601 with its offset, the
``captions`` list, ``path``), UTF-8, unescaped. Indexing the file gives the same articles
with the same ids; only ``path`` becomes the export file's name (the JSONL reader records
the file an article was read from).
"""

from __future__ import annotations

import json
import os
from typing import TextIO

from archive import Archive


def export_articles(index: str | os.PathLike[str], out: TextIO) -> int:
    """Write every article of the index at ``index`` to ``out``; return how many."""
    n = 0
    with Archive.open(index) as arc:
        for article in arc.iter_articles():
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n
