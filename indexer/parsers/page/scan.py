"""One pass over the page tree: metadata, breadcrumbs, sapo, byline and date candidates,
paragraph scores."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from indexer.parsers.page.tree import class_and_id, element_text

__all__ = ["AUTHOR_CLASS_RE", "PageMeta", "collect_meta"]

# "ArticleLead" (camel case) too, but not "misleading".
_SAPO_RE = re.compile(
    r"(?i:sapo|\blead\b|description|summary|chapeau|excerpt|\bintro\b)|[a-z]Lead\b"
)


_DATE_CLASS_RE = re.compile(r"date|time|publish|ngay-?dang", re.IGNORECASE)


_CRUMB_RE = re.compile(r"breadcrumb|bread-crumb|breadcrum", re.IGNORECASE)


AUTHOR_CLASS_RE = re.compile(r"author|tac-?gia|byline", re.IGNORECASE)


# Visible publication lines open with the weekday: "Thứ Bảy, ngày 20/12/2025 18:00".
_WEEKDAY_RE = re.compile(
    r"\s*(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s+nhật|CN)\s*[,\-–]", re.IGNORECASE
)


# A small block naming the article's section ("detail-cate", "category", "chuyen-muc").
_CATE_RE = re.compile(
    r"(?:^|[\s_-])cate(?:gory|gories)?(?:$|[\s_-])|chuyen-?muc|\bsection-?name", re.I
)


_ACTIVE_RE = re.compile(r"(?:^|\s)(?:active|current|selected)(?:$|\s)", re.I)


@dataclass
class PageMeta:
    """Metadata gathered in one pass over the tree (first value wins)."""

    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[str] = field(default_factory=list)
    canonical: str | None = None
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    date_texts: list[str] = field(default_factory=list)
    weekday_texts: list[str] = field(default_factory=list)
    sapos: list[etree._Element] = field(default_factory=list)
    crumbs: list[str] = field(default_factory=list)
    cates: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # href → text of short links
    authors: list[str] = field(default_factory=list)
    active: list[str] = field(default_factory=list)  # menu entries marked as current
    scores: dict[etree._Element, float] = field(default_factory=dict)


def collect_meta(root: etree._Element) -> PageMeta:
    """Walk the tree once: metadata, breadcrumbs, date/sapo candidates, paragraph scores."""
    m = PageMeta()
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            content = el.get("content")
            if key and content and content.strip():
                m.meta.setdefault(key, content.strip())
            continue
        if tag == "link":
            if "canonical" in (el.get("rel") or "").lower() and el.get("href"):
                m.canonical = m.canonical or el.get("href")
            continue
        if tag == "script":
            if "ld+json" in (el.get("type") or "") and el.text:
                m.json_ld.append(el.text)
            continue
        if tag == "title":
            m.title_tag = m.title_tag or element_text(el)
            continue
        if tag == "h1":
            heading = element_text(el)
            if len(heading) <= 200:  # an unclosed <h1> swallows the page
                m.h1.append(heading)
        elif tag == "time":
            if el.get("datetime"):
                m.times.append(el.get("datetime", ""))
            elif len(m.date_texts) < 5:
                m.date_texts.append(element_text(el)[:120])
        if el.text and len(m.weekday_texts) < 3 and _WEEKDAY_RE.match(el.text):
            m.weekday_texts.append(element_text(el)[:120])
        elif tag == "a" and len(m.links) < 400:
            href = el.get("href")
            if href and el.text and len(el.text) <= 40 and not len(el):
                m.links.setdefault(href, el.text)
        prop = el.get("itemprop")
        if prop and prop not in m.meta:
            m.meta[prop.lower()] = el.get("datetime") or el.get("content") or element_text(el)
        classes = class_and_id(el)
        if tag in ("a", "li") and len(m.active) < 5 and _ACTIVE_RE.search(classes):
            link = el if tag == "a" else next(el.iter("a"), None)
            name = element_text(link) if link is not None else ""
            if 0 < len(name) <= 40:
                m.active.append(name)
        if classes.strip():
            if _CRUMB_RE.search(classes) and not m.crumbs:
                m.crumbs = [
                    element_text(a)
                    for a in el.iter("a", "span", "li")
                    if len(el) and element_text(a)
                ]
            elif _CATE_RE.search(classes) and len(m.cates) < 3 and tag != "a":
                first = next(el.iter("a"), None)
                if (
                    first is not None
                    and len(element_text(el)) <= 80
                    and 0 < len(element_text(first)) <= 40
                ):
                    m.cates.append(element_text(first))
            elif _SAPO_RE.search(classes) and tag != "meta":
                m.sapos.append(el)
            elif (
                AUTHOR_CLASS_RE.search(classes)
                and len(m.authors) < 5
                and (
                    0 < len(name := element_text(el)) <= 40 and not any(ch.isdigit() for ch in name)
                )
            ):
                m.authors.append(name)
            elif _DATE_CLASS_RE.search(classes) and len(m.date_texts) < 5 and tag != "time":
                m.date_texts.append(element_text(el)[:120])
        if tag == "p" or tag == "div" and (el.text or "").strip():
            size = len(el.text_content().strip()) if tag == "p" else len(el.text.strip())
            if size >= 25:
                parent = el.getparent()
                if parent is not None:
                    m.scores[parent] = m.scores.get(parent, 0.0) + size
                    grand = parent.getparent()
                    if grand is not None:
                        m.scores[grand] = m.scores.get(grand, 0.0) + size / 2
                    if parent.tag == "td":  # a photo story's caption tables, a table layout
                        holder = _table_holder(parent)
                        if holder is not None:
                            m.scores[holder] = m.scores.get(holder, 0.0) + size
    return m


def _table_holder(cell: etree._Element) -> etree._Element | None:
    """Return the element that holds the table of *cell* (one table up, not further).

    A photo story is a run of one-cell tables, each photo over its text: no one cell
    holds the story, the element holding the tables does.
    """
    node = cell.getparent()
    while node is not None and node.tag in ("tr", "tbody", "thead", "tfoot"):
        node = node.getparent()
    if node is None or node.tag != "table":
        return None
    return node.getparent()
