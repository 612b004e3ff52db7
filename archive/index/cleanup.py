"""Cleaning up after writers: stamps on generations, stale generations, stray files.

Every function here runs under the writer lock (no other writer is building a generation).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from pathlib import Path

from archive.index.holds import live_readers
from archive.index.layout import CURRENT, GEN_PREFIX

RETIRED = "RETIRED"  # written into a generation when a swap replaces it
PUBLISHED = "PUBLISHED"  # written into a generation once CURRENT has named it
#: Seconds a replaced generation is kept even without reader markers, for readers that
#: could not leave one (read-only index directory) or do not use ``hold_generation``.
RETIRED_GRACE = 60.0
_WHOOSH_TEMP_TOC = re.compile(r"^_MAIN_[0-9]+\.toc\.[0-9.]+$")
_WHOOSH_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")


def publish_generation(root: Path, name: str) -> None:
    """Stamp generation ``name`` as having been live (after ``CURRENT`` names it)."""
    stamp = root / name / PUBLISHED
    if not stamp.exists():
        with contextlib.suppress(OSError):
            stamp.write_text(str(time.time()), encoding="ascii")


def retire_generation(root: Path, name: str) -> None:
    """Stamp generation ``name`` as replaced now (called just before ``CURRENT`` moves on)."""
    with contextlib.suppress(OSError):
        (root / name / RETIRED).write_text(str(time.time()), encoding="ascii")


def remove_stale_generations(root: Path, keep: str, min_age: float | None = None) -> list[str]:
    """Delete generation directories other than ``keep`` that no reader holds.

    Call it only under the writer lock (so no other writer is building a generation).
    A generation that was never live (left by a killed ``--full``) goes at once; one that a
    swap replaced goes once no live reader marker is left in it and it was replaced at least
    ``min_age`` seconds ago (default :data:`RETIRED_GRACE`). One that was live and never
    replaced is kept: ``CURRENT`` was lost or damaged, and it may be the only copy.
    """
    grace = RETIRED_GRACE if min_age is None else min_age
    removed = []
    now = time.time()
    for p in sorted(root.iterdir()):
        if not p.name.startswith(GEN_PREFIX) or p.name == keep or not p.is_dir():
            continue
        try:
            retired: float | None = (p / RETIRED).stat().st_mtime
        except OSError:
            retired = None
        if retired is not None and now - retired < grace:
            continue
        if retired is None and (p / PUBLISHED).exists():
            continue
        if live_readers(p):
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p.name)
    for tmp in root.glob(f".{CURRENT}.*.tmp"):  # left by a writer killed in set_current
        with contextlib.suppress(OSError):
            tmp.unlink()
    return removed


def tidy_generation(gen_dir: Path) -> list[str]:
    """Remove the temporary files a killed writer left in a generation (writer lock held).

    Whoosh removes unused segment files at each commit, but not its own temporary TOC
    files (``_MAIN_N.toc.<time>``); and a TOC older than the latest, or the ``MAIN.tmp``
    scratch directory of Whoosh's multi-process writer, can be left behind when a killed
    writer's workers raced the commit (seen once in the SIGKILL test under load).
    """
    removed = []
    found = ((p.name, _WHOOSH_TOC.match(p.name)) for p in gen_dir.iterdir())
    tocs = {name: int(m.group(1)) for name, m in found if m}
    latest = max(tocs.values(), default=None)
    for p in gen_dir.iterdir():
        stale_toc = p.name in tocs and tocs[p.name] != latest  # Whoosh's clean_files missed it
        if _WHOOSH_TEMP_TOC.match(p.name) or p.name in ("sources.tmp", "state.tmp") or stale_toc:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p.name)
        elif p.name == "MAIN.tmp" and p.is_dir():  # a writer's posting-pool scratch space
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    return removed
