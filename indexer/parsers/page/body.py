"""Readability: the block holding the article, its paragraphs in order, boilerplate left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from indexer.parsers.page.scan import AUTHOR_CLASS_RE, PageMeta
from indexer.parsers.page.tree import BLOCK_TAGS, INLINE_TAGS, SKIP_TAGS, class_and_id, element_text

__all__ = ["CREDIT_RE", "Para", "find_container", "is_author_para", "walk_paragraphs"]

# Hard boilerplate is dropped even inside a content-looking wrapper; soft boilerplate
# is kept when the same class list also says "content"/"article"/"detail"/"main".
_HARD_BAD_RE = re.compile(
    r"comment|binh-?luan|related|relate\b|lien-?quan|xem-?them|doc-?them|tin-?cung|"
    r"cung-?chuyen-?muc|most-?read|doc-?nhieu|recommend|suggest|\bshare|sharing|social|"
    r"quang-?cao|advert|\bads?\b|banner|popup|modal|cookie|newsletter|subscribe|\bsapo\b",
    re.IGNORECASE,
)


_SOFT_BAD_RE = re.compile(
    r"sidebar|side-?bar|\bmenu|navbar|\bnav\b|breadcrumb|footer|\bfoot\b|\bheader\b|"
    r"\btags?\b|keyword|widget|login|rating|vote|toolbar|\bprint\b|\bhidden\b|box-?tin|"
    r"list-?news|video-?list|fb-|facebook|zalo|\blead\b|\btitle\b",
    re.IGNORECASE,
)


_RESCUE_RE = re.compile(r"content|article|detail|\bmain\b|\bbody\b|\bentry\b", re.I)


_CAPTION_RE = re.compile(
    r"caption|\bdesc\b|image-?desc|chu[-_]?thich|expnoedit|img-?note|photo-?note", re.IGNORECASE
)


_CONTENT_RE = re.compile(r"detail|content|body|article|entry|post|fck|news", re.IGNORECASE)


_STOP_MARKERS = ("bình luận", "ý kiến bạn đọc", "ý kiến của bạn", "gửi bình luận")


_SKIP_MARKERS = tuple(
    "tin liên quan|bài viết liên quan|bài liên quan|xem thêm|đọc thêm|tin cùng chuyên mục|"
    "tin mới nhất|tin khác|có thể bạn quan tâm".split("|")
)


CREDIT_RE = re.compile(r"^(?:ảnh|video|đồ họa|đồ hoạ|clip|thiết kế)\s*:", re.I)


def _boilerplate_class(classes: str) -> bool:
    """Return True when a class/id list names a boilerplate block."""
    if not classes.strip():
        return False
    if _HARD_BAD_RE.search(classes):
        return True
    return bool(_SOFT_BAD_RE.search(classes)) and not _RESCUE_RE.search(classes)


def _is_bad(el: etree._Element, cache: dict[etree._Element, bool]) -> bool:
    """Return True when *el* sits in boilerplate: a skipped tag or hard-boilerplate class
    on any ancestor, or a soft-boilerplate or caption class on *el* itself.

    Soft classes ("sidebar", "header") are not trusted higher up: sites name their main
    column "sidebar-1" or wrap the whole page in "has-header".
    """
    node: etree._Element | None = el
    level = 0
    chain = []
    verdict = False
    if el.tag in ("figure", "figcaption"):
        return True
    while node is not None and node.tag not in ("body", "html"):
        if level > 1 and node in cache:
            verdict = cache[node]
            break
        classes = class_and_id(node)
        if node.tag in SKIP_TAGS or _HARD_BAD_RE.search(classes):
            verdict = True
            break
        if level == 0 and (_boilerplate_class(classes) or _CAPTION_RE.search(classes)):
            verdict = True
            break
        if level > 1:
            chain.append(node)
        node = node.getparent()
        level += 1
    if not verdict:
        for item in chain:
            cache[item] = False
    return verdict


def find_container(m: PageMeta) -> etree._Element | None:
    """Pick the element holding the article's paragraphs (readability-style scoring)."""
    cache: dict[etree._Element, bool] = {}
    best, best_score = None, 0.0
    fallback, fallback_score = None, 0.0
    for el, score in m.scores.items():
        if (
            el.tag == "article"
            or el.get("itemprop") == "articleBody"
            or _CONTENT_RE.search(class_and_id(el))
        ):
            score *= 1.3
        if score > fallback_score:
            fallback, fallback_score = el, score
        if score > best_score and not _is_bad(el, cache):
            best, best_score = el, score
    return best if best is not None else fallback


@dataclass
class Para:
    text: str
    el: etree._Element
    links: int


def walk_paragraphs(container: etree._Element, captions: list[str]) -> list[Para]:
    """Return the container's paragraphs in order, minus boilerplate; fill *captions*."""
    paras: list[Para] = []
    buf: list[str] = []
    links = 0
    link_depth = 0
    skip_until: etree._Element | None = None
    stopped = False
    blocks: list[etree._Element] = [container]
    skipped: set[etree._Element] = set()

    def flush() -> None:
        nonlocal links, skip_until, stopped
        text = " ".join("".join(buf).split())
        buf.clear()
        count, links = links, 0
        if not text or stopped or skip_until is not None:
            return
        low = text.lower().rstrip(" :.")
        if low in _STOP_MARKERS:
            stopped = True
        elif low in _SKIP_MARKERS:
            parent = blocks[-1].getparent()
            skip_until = parent if parent is not None else container
        elif not any(low.startswith(k + ":") or low.startswith(k + " :") for k in _SKIP_MARKERS):
            paras.append(Para(text, blocks[-1], count))

    walker = etree.iterwalk(container, events=("start", "end", "comment"))
    for event, el in walker:
        tag = el.tag
        if event == "comment":
            buf.append(el.tail or "")
            continue
        if not isinstance(tag, str):
            continue
        if event == "start":
            classes = class_and_id(el)
            is_caption = tag == "figcaption" or bool(_CAPTION_RE.search(classes))
            if el is not container and (
                is_caption
                or tag in SKIP_TAGS
                # an inline link in a sentence ("cms-relate") is text, not a related box
                or (tag not in INLINE_TAGS and _boilerplate_class(classes))
            ):
                cap = element_text(el) if is_caption else ""
                if cap and cap not in captions:
                    captions.append(cap)
                walker.skip_subtree()
                skipped.add(el)
                continue
            if tag == "br":
                flush()
            elif tag in BLOCK_TAGS:
                flush()
                blocks.append(el)
            elif tag == "a":
                link_depth += 1
            if el.text:
                buf.append(el.text)
                if link_depth:
                    links += len(el.text.strip())
        else:
            if el in skipped:
                pass
            elif tag in BLOCK_TAGS:
                flush()
                if blocks and blocks[-1] is el:
                    blocks.pop()
                if skip_until is el:
                    skip_until = None
            elif tag == "a":
                link_depth -= 1
            if el is not container and el.tail:
                buf.append(el.tail)
                if link_depth:
                    links += len(el.tail.strip())
    flush()
    return [p for p in paras if not (p.links > 0.6 * len(p.text) and len(p.text) < 200)]


def is_author_para(p: Para) -> bool:
    """Return True for a short trailing byline: bold, right-aligned or class author."""
    words = p.text.split()
    if not 1 <= len(words) <= 6 or len(p.text) > 50 or p.text[-1] in '.?!:;"”':
        return False
    el = p.el
    style = (el.get("style") or "").replace(" ", "").lower()
    if "text-align:right" in style or (el.get("align") or "").lower() == "right":
        return True
    if AUTHOR_CLASS_RE.search(class_and_id(el)):
        return True
    bold = [c for c in el if c.tag in ("b", "strong")]
    return bool(bold) and sum(len(element_text(b)) for b in bold) >= 0.8 * len(p.text)
