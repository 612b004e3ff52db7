"""The merge policy of incremental commits."""

from __future__ import annotations

from typing import Any


def merge_tiers(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: keep the segment count small and drop deleted documents.

    Whoosh's default policy (``MERGE_SMALL``) leaves the segment of each incremental run
    alone until they number dozens, and every run and search gets slower for it. Here a
    segment is merged into the new one when it holds less than an eighth of the documents
    of the largest segment, or when more than a third of its documents are deleted; so the
    equal-sized segments of a fresh build stay as they are and a merge rewrites small
    segments only.
    """
    from whoosh.reading import SegmentReader

    largest = max((seg.doc_count_all() for seg in segments), default=0)

    def wasteful(seg: Any) -> bool:
        return bool(seg.deleted_count() * 3 > seg.doc_count_all())

    merge = [seg for seg in segments if seg.doc_count_all() * 8 < largest or wasteful(seg)]
    if len(merge) < 2 and not any(wasteful(seg) for seg in merge):
        return segments
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in merge]
