"""Field pickers: title, topic, lead, the careful reader's choices among the scanned candidates."""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

from lxml import etree

from archive.gazetteer import canonical_province
from indexer.brands import (
    brand_key,
    is_publisher,
    site_host,
)
from indexer.encoding import clean_text
from indexer.parsers.page.scan import PageMeta
from indexer.parsers.page.tree import BLOCK_TAGS, element_text, first_text
from indexer.topics import SECTION_SLUGS, is_generic_topic, pick_section

__all__ = [
    "AUTHOR_META_KEYS",
    "DATE_KEYS",
    "named_in",
    "pick_lead",
    "pick_title",
    "pick_topic",
    "strip_seo_tail",
]

DATE_KEYS = "article:published_time datepublished pubdate publishdate date dc.date.issued".split()


AUTHOR_META_KEYS = ("article:author", "author", "dc.creator", "dable:author")


_SEO_SPLIT_RE = re.compile(r"\s*[-|–]\s*(?=[a-z0-9 ]+$)")


_SLUG_END_RE = re.compile(r"(?:-c\d+)?(?:\.\w{2,5})?$")


_HOME_CRUMBS = {"trang chủ", "home", "trang chu", "trang nhất"}


def _link_slug(href: str) -> str:
    """Return the last path part of a link without extension or "-c12" id: a section slug."""
    path = urlsplit(href).path.rstrip("/") if "://" in href or href.startswith("/") else href
    return _SLUG_END_RE.sub("", path.rsplit("/", 1)[-1].lower(), count=1)


def pick_topic(
    m: PageMeta, ld: dict[str, str | list[str]], title: str, url: str | None, brands: list[str]
) -> str | None:
    """Choose the section: metadata, breadcrumbs, section blocks, the current menu entry,
    then the URL (a section subdomain or path part); never a generic word or a brand.

    The name leaves as the page writes it ("THỜI SỰ"); :func:`indexer.normalize.finish`
    normalises it.
    """

    def usable(name: str) -> bool:
        name = name.strip()
        return (
            0 < len(name) <= 60
            and name.lower() not in _HOME_CRUMBS
            and name != title
            and not is_generic_topic(name)
            and not is_publisher(name, brands)
        )

    meaningful: list[str] = []
    for trail in (ld.get("breadcrumbs") or [], m.crumbs):  # JSON-LD may hold only "Tin tức"
        meaningful = meaningful or [c for c in trail if isinstance(c, str) and usable(c)]
    for value in (m.meta.get("article:section"), ld.get("section"), m.meta.get("articlesection")):
        if isinstance(value, str) and value.strip():
            picked = pick_section(value, meaningful)
            if picked and usable(picked):
                return picked
    for name in (*meaningful, *m.cates, *m.active):
        if usable(name):
            return name
    host = site_host(url) or ""
    labels = host.split(".")
    if len(labels) >= 3 and labels[0] in _JOINED_SLUGS:  # "giaitri.vnexpress.net"
        return _JOINED_SLUGS[labels[0]]
    parts = [p.lower() for p in urlsplit(url or "").path.split("/") if p][:-1]
    wanted = {_link_slug(p) for p in parts[:2]} - {""}
    if wanted:  # "/an-ninh-hinh-su/<article>": the site's own section link names it
        for href, name in m.links.items():
            if len(href) < 200 and _link_slug(href) in wanted and usable(name):
                return name
    for part in parts[:3]:
        if part in SECTION_SLUGS and not is_generic_topic(SECTION_SLUGS[part]):
            return SECTION_SLUGS[part]
    return None


_JOINED_SLUGS = {slug.replace("-", ""): name for slug, name in SECTION_SLUGS.items()}


def pick_title(m: PageMeta, ld: dict[str, str | list[str]]) -> str:
    """Choose the visible headline: the ``h1`` that the metadata title agrees with, else
    the metadata title (JSON-LD, OpenGraph, Twitter, ``<title>``), else the first ``h1``.

    A page's logo or widget can be an ``h1`` too ("Mobile"), and the metadata title can
    differ in a word from the printed headline: the ``h1`` wins where most of its words
    are in the metadata title.
    """
    ref = first_text(ld.get("headline"), m.meta.get("og:title"), m.meta.get("twitter:title"))
    ref = ref or first_text(m.title_tag) or ""
    ref_words = set(ref.lower().split())
    best, best_share = None, 0.0
    for heading in m.h1:
        words = heading.lower().split()
        if not words:
            continue
        share = sum(w in ref_words for w in words) / len(words)
        if share > best_share:
            best, best_share = heading, share
    if best is not None and (best_share >= 0.6 or not ref):
        return first_text(best) or ""
    return ref or first_text(*m.h1) or ""


def strip_seo_tail(title: str) -> str:
    """Drop an unaccented duplicate of the headline glued to it as an SEO tail.

    "Lò luyện thi công chức Hàn Quốc-lo luyen thi cong chuc o han quoc" keeps its head:
    a tail in lower-case ASCII whose words are mostly the head's words, folded.
    """
    match = _SEO_SPLIT_RE.search(title)
    if match is None or match.start() == 0:
        return title
    head, tail = title[: match.start()], title[match.end() :]
    words = tail.split()
    if len(words) < 3 or head.isascii():
        return title
    folded = {brand_key(w) for w in head.split()}
    if sum(w in folded for w in words) >= 0.6 * len(words):
        return head.rstrip()
    return title


def _sapo_text(el: etree._Element) -> tuple[str, str | None]:
    """Return a sapo element's text and the place stamp glued before it, if any.

    Sites print the dateline as a first child inside the sapo ("<span>Hà Nội</span>Bị
    cáo …"): a short first child, with no text before it, that names a province.
    """
    if next(el.iter("script", "style", "noscript", "template"), None) is not None:
        el = copy.deepcopy(el)  # a sapo block's inline JavaScript is not its text
        etree.strip_elements(el, "script", "style", "noscript", "template", with_tail=False)
    text = element_text(el)
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is not None and not (el.text or "").strip() and first.tag not in BLOCK_TAGS:
        stamp = element_text(first)
        if 0 < len(stamp) <= 30 and canonical_province(stamp) and text.startswith(stamp):
            return text[len(stamp) :].lstrip(" -–,:"), stamp
    return text, None


def pick_lead(
    m: PageMeta, ld: dict[str, str | list[str]], container: etree._Element | None, paras: list[str]
) -> tuple[str, str | None]:
    """Choose the sapo and its place stamp: a sapo/lead/description element outside the
    body (or the body's own opening paragraph when it is marked so), else meta description.
    """
    opening = paras[:3]
    # The body's own opening paragraph, when marked as the sapo, beats any sapo outside
    # it (those are often teasers of other articles in a sidebar).
    inside_first = sorted(
        m.sapos, key=lambda el: container is None or container not in el.iterancestors()
    )
    for el in inside_first:
        if el.tag in ("meta", "img") or el.getparent() is None:
            continue
        inside = container is not None and (el is container or container in el.iterancestors())
        holds_body = container is not None and el in container.iterancestors()
        if holds_body:
            text, stamp = clean_text(" ".join((el.text or "").split())), None
        else:
            raw, stamp = _sapo_text(el)
            text = clean_text(raw)
        if inside and not any(p.startswith(text[:60]) for p in opening if text):
            continue
        if 30 <= len(text) <= 1000:
            return text, stamp
    return (
        first_text(m.meta.get("description"), m.meta.get("og:description"), ld.get("description"))
        or "",
        None,
    )


def named_in(place: str, text: str, when: object) -> bool:
    """Return True when the article's own *text* names the province *place* stands for."""
    from archive.gazetteer import resolve_province as resolve

    canon = canonical_province(place)
    return (
        bool(canon)
        and resolve(None, text, None, title="") == canon
        or bool(canon and canon.lower() in text.lower())
    )
