"""Saved news pages → :class:`Article`, without per-site code.

Metadata first (JSON-LD, OpenGraph, ``article:*``, ``meta name=…``, ``itemprop``,
``<time>``, canonical link, breadcrumbs), then the visible text of the best-scoring
content block with boilerplate (navigation, related links, comments, share and ad
blocks, captions) left out.  Parsing uses lxml's HTML parser directly — the parser that
BeautifulSoup's ``"lxml"`` builder wraps — because building a bs4 tree alone costs
~17 ms on a 30 KB page, six times the whole budget (see ``docs/extraction.md``).
BeautifulSoup serves the flat-text fallback for pages nested too deeply for lxml.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from archive.gazetteer import canonical_province, resolve_province
from archive.models import Article
from indexer.authors import pick_byline
from indexer.brands import (
    brand_key,
    is_publisher,
    site_host,
    source_name,
    strip_brand_prefix,
    strip_site_suffix,
)
from indexer.dates import find_date_in_text, parse_date
from indexer.encoding import clean_text, decode_bytes
from indexer.jsonld import json_ld_fields
from indexer.parsers import ParseError
from indexer.topics import SECTION_SLUGS, is_generic_topic, normalize_topic, pick_section

__all__ = ["parse_html"]

_SKIP_TAGS = frozenset(
    "script style noscript iframe form button select textarea input nav aside footer "
    "header svg template object embed video audio canvas map head title menu dialog".split()
)
_BLOCK_TAGS = frozenset(
    "p div section article main blockquote ul ol li h1 h2 h3 h4 h5 h6 pre table tr td th "
    "dl dt dd figure center address details summary body".split()
)
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
# "ArticleLead" (camel case) too, but not "misleading".
_SAPO_RE = re.compile(
    r"(?i:sapo|\blead\b|description|summary|chapeau|excerpt|\bintro\b)|[a-z]Lead\b"
)
_DATE_CLASS_RE = re.compile(r"date|time|publish|ngay-?dang", re.IGNORECASE)
_CRUMB_RE = re.compile(r"breadcrumb|bread-crumb|breadcrum", re.IGNORECASE)
_AUTHOR_CLASS_RE = re.compile(r"author|tac-?gia|byline", re.IGNORECASE)
_CONTENT_RE = re.compile(r"detail|content|body|article|entry|post|fck|news", re.IGNORECASE)
_STOP_MARKERS = ("bình luận", "ý kiến bạn đọc", "ý kiến của bạn", "gửi bình luận")
_SKIP_MARKERS = tuple(
    "tin liên quan|bài viết liên quan|bài liên quan|xem thêm|đọc thêm|tin cùng chuyên mục|"
    "tin mới nhất|tin khác|có thể bạn quan tâm".split("|")
)
_DATE_KEYS = "article:published_time datepublished pubdate publishdate date dc.date.issued".split()
_AUTHOR_KEYS = ("article:author", "author", "dc.creator")
# Visible publication lines open with the weekday: "Thứ Bảy, ngày 20/12/2025 18:00".
_WEEKDAY_RE = re.compile(
    r"\s*(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s+nhật|CN)\s*[,\-–]", re.IGNORECASE
)
# A small block naming the article's section ("detail-cate", "category", "chuyen-muc").
_CATE_RE = re.compile(
    r"(?:^|[\s_-])cate(?:gory|gories)?(?:$|[\s_-])|chuyen-?muc|\bsection-?name", re.I
)
_INLINE_TAGS = frozenset("a span em strong b i u font small sup sub mark abbr".split())
_CREDIT_RE = re.compile(r"^(?:ảnh|video|đồ họa|đồ hoạ|clip|thiết kế)\s*:", re.I)
_ACTIVE_RE = re.compile(r"(?:^|\s)(?:active|current|selected)(?:$|\s)", re.I)
_AUTHOR_META_KEYS = ("article:author", "author", "dc.creator", "dable:author")
_SEO_SPLIT_RE = re.compile(r"\s*[-|–]\s*(?=[a-z0-9 ]+$)")
_SLUG_END_RE = re.compile(r"(?:-c\d+)?(?:\.\w{2,5})?$")
_HOME_CRUMBS = {"trang chủ", "home", "trang chu", "trang nhất"}
_DATELINE_RE = re.compile(
    r"^\(?(?:TTXVN|VNA|Dân trí|PLO|VOV|TTO|NLĐO|Chinhphu\.vn)(?:/[\w+ .]+)?\)?\s*"
    r"(?:[-–]\s*)?(?P<place>[A-ZĐÂ][^,.\-–]{1,30}?)\s*[,\-–]"
)


@dataclass
class _Meta:
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


def _text(el: etree._Element) -> str:
    """Return the element's text with whitespace collapsed."""
    return " ".join(el.text_content().split())


def _cls(el: etree._Element) -> str:
    """Return the class and id of an element as one string."""
    return f"{el.get('class', '')[:200]} {el.get('id', '')[:100]}"  # regexes stay cheap


def _collect(root: etree._Element) -> _Meta:
    """Walk the tree once: metadata, breadcrumbs, date/sapo candidates, paragraph scores."""
    m = _Meta()
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
            m.title_tag = m.title_tag or _text(el)
            continue
        if tag == "h1":
            heading = _text(el)
            if len(heading) <= 200:  # an unclosed <h1> swallows the page
                m.h1.append(heading)
        elif tag == "time":
            if el.get("datetime"):
                m.times.append(el.get("datetime", ""))
            elif len(m.date_texts) < 5:
                m.date_texts.append(_text(el)[:120])
        if el.text and len(m.weekday_texts) < 3 and _WEEKDAY_RE.match(el.text):
            m.weekday_texts.append(_text(el)[:120])
        elif tag == "a" and len(m.links) < 400:
            href = el.get("href")
            if href and el.text and len(el.text) <= 40 and not len(el):
                m.links.setdefault(href, el.text)
        prop = el.get("itemprop")
        if prop and prop not in m.meta:
            m.meta[prop.lower()] = el.get("datetime") or el.get("content") or _text(el)
        classes = _cls(el)
        if tag in ("a", "li") and len(m.active) < 5 and _ACTIVE_RE.search(classes):
            link = el if tag == "a" else next(el.iter("a"), None)
            name = _text(link) if link is not None else ""
            if 0 < len(name) <= 40:
                m.active.append(name)
        if classes.strip():
            if _CRUMB_RE.search(classes) and not m.crumbs:
                m.crumbs = [_text(a) for a in el.iter("a", "span", "li") if len(el) and _text(a)]
            elif _CATE_RE.search(classes) and len(m.cates) < 3 and tag != "a":
                first = next(el.iter("a"), None)
                if first is not None and len(_text(el)) <= 80 and 0 < len(_text(first)) <= 40:
                    m.cates.append(_text(first))
            elif _SAPO_RE.search(classes) and tag != "meta":
                m.sapos.append(el)
            elif (
                _AUTHOR_CLASS_RE.search(classes)
                and len(m.authors) < 5
                and (0 < len(name := _text(el)) <= 40 and not any(ch.isdigit() for ch in name))
            ):
                m.authors.append(name)
            elif _DATE_CLASS_RE.search(classes) and len(m.date_texts) < 5 and tag != "time":
                m.date_texts.append(_text(el)[:120])
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


def _link_slug(href: str) -> str:
    """Return the last path part of a link without extension or "-c12" id: a section slug."""
    path = urlsplit(href).path.rstrip("/") if "://" in href or href.startswith("/") else href
    return _SLUG_END_RE.sub("", path.rsplit("/", 1)[-1].lower(), count=1)


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
        classes = _cls(node)
        if node.tag in _SKIP_TAGS or _HARD_BAD_RE.search(classes):
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


def _container(m: _Meta) -> etree._Element | None:
    """Pick the element holding the article's paragraphs (readability-style scoring)."""
    cache: dict[etree._Element, bool] = {}
    best, best_score = None, 0.0
    fallback, fallback_score = None, 0.0
    for el, score in m.scores.items():
        if (
            el.tag == "article"
            or el.get("itemprop") == "articleBody"
            or _CONTENT_RE.search(_cls(el))
        ):
            score *= 1.3
        if score > fallback_score:
            fallback, fallback_score = el, score
        if score > best_score and not _is_bad(el, cache):
            best, best_score = el, score
    return best if best is not None else fallback


@dataclass
class _Para:
    text: str
    el: etree._Element
    links: int


def _walk(container: etree._Element, captions: list[str]) -> list[_Para]:
    """Return the container's paragraphs in order, minus boilerplate; fill *captions*."""
    paras: list[_Para] = []
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
            paras.append(_Para(text, blocks[-1], count))

    walker = etree.iterwalk(container, events=("start", "end", "comment"))
    for event, el in walker:
        tag = el.tag
        if event == "comment":
            buf.append(el.tail or "")
            continue
        if not isinstance(tag, str):
            continue
        if event == "start":
            classes = _cls(el)
            is_caption = tag == "figcaption" or bool(_CAPTION_RE.search(classes))
            if el is not container and (
                is_caption
                or tag in _SKIP_TAGS
                # an inline link in a sentence ("cms-relate") is text, not a related box
                or (tag not in _INLINE_TAGS and _boilerplate_class(classes))
            ):
                cap = _text(el) if is_caption else ""
                if cap and cap not in captions:
                    captions.append(cap)
                walker.skip_subtree()
                skipped.add(el)
                continue
            if tag == "br":
                flush()
            elif tag in _BLOCK_TAGS:
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
            elif tag in _BLOCK_TAGS:
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


def _is_author_para(p: _Para) -> bool:
    """Return True for a short trailing byline: bold, right-aligned or class author."""
    words = p.text.split()
    if not 1 <= len(words) <= 6 or len(p.text) > 50 or p.text[-1] in '.?!:;"”':
        return False
    el = p.el
    style = (el.get("style") or "").replace(" ", "").lower()
    if "text-align:right" in style or (el.get("align") or "").lower() == "right":
        return True
    if _AUTHOR_CLASS_RE.search(_cls(el)):
        return True
    bold = [c for c in el if c.tag in ("b", "strong")]
    return bool(bold) and sum(len(_text(b)) for b in bold) >= 0.8 * len(p.text)


def _pick_topic(
    m: _Meta, ld: dict[str, str | list[str]], title: str, url: str | None, brands: list[str]
) -> str | None:
    """Choose the section: metadata, breadcrumbs, section blocks, the current menu entry,
    then the URL (a section subdomain or path part); never a generic word or a brand."""

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
                return normalize_topic(picked)
    for name in (*meaningful, *m.cates, *m.active):
        if usable(name):
            return normalize_topic(name)
    host = site_host(url) or ""
    labels = host.split(".")
    if len(labels) >= 3 and labels[0] in _JOINED_SLUGS:  # "giaitri.vnexpress.net"
        return _JOINED_SLUGS[labels[0]]
    parts = [p.lower() for p in urlsplit(url or "").path.split("/") if p][:-1]
    wanted = {_link_slug(p) for p in parts[:2]} - {""}
    if wanted:  # "/an-ninh-hinh-su/<article>": the site's own section link names it
        for href, name in m.links.items():
            if len(href) < 200 and _link_slug(href) in wanted and usable(name):
                return normalize_topic(name)
    for part in parts[:3]:
        if part in SECTION_SLUGS and not is_generic_topic(SECTION_SLUGS[part]):
            return SECTION_SLUGS[part]
    return None


_JOINED_SLUGS = {slug.replace("-", ""): name for slug, name in SECTION_SLUGS.items()}


def _pick_title(m: _Meta, ld: dict[str, str | list[str]]) -> str:
    """Choose the visible headline: the ``h1`` that the metadata title agrees with, else
    the metadata title (JSON-LD, OpenGraph, Twitter, ``<title>``), else the first ``h1``.

    A page's logo or widget can be an ``h1`` too ("Mobile"), and the metadata title can
    differ in a word from the printed headline: the ``h1`` wins where most of its words
    are in the metadata title.
    """
    ref = _first(ld.get("headline"), m.meta.get("og:title"), m.meta.get("twitter:title"))
    ref = ref or _first(m.title_tag) or ""
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
        return _first(best) or ""
    return ref or _first(*m.h1) or ""


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


_MAX_SOUP_TAGS = 20_000
_TAG_STRIP_RE = re.compile(
    r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<[^>]{0,2000}>", re.S | re.I
)
#: Longest page text parsed (characters); ``read_document`` refuses files over 20 MB too.
MAX_CHARS = 20 * 1024 * 1024


def _flat_text(text: str) -> list[str]:
    """Fallback for pages lxml cannot hold: BeautifulSoup text, then a regex tag strip."""
    from bs4 import BeautifulSoup

    flat = ""
    if text.count("<") <= _MAX_SOUP_TAGS:  # bs4 costs ~40 µs a tag: 100k tags is 4 s
        try:
            soup = BeautifulSoup(text, "lxml")
            for bad in soup(["script", "style", "noscript"]):
                bad.decompose()
            flat = soup.get_text("\n")
        except RecursionError:
            flat = ""
    if not flat:
        flat = _TAG_STRIP_RE.sub("\n", text)
    lines = (" ".join(line.split()) for line in flat.split("\n"))
    return [line for line in lines if len(line) > 1]


def _parse_tree(text: str) -> tuple[etree._Element | None, bool]:
    """Parse *text* with lxml; return (root, too_deep)."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    too_deep = any("depth" in entry.message.lower() for entry in parser.error_log)
    return root, too_deep


def _first(*values: object) -> str | None:
    """Return the first non-empty string among *values*, cleaned."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return clean_text(value).replace("\n", " ")
    return None


def _sapo_text(el: etree._Element) -> tuple[str, str | None]:
    """Return a sapo element's text and the place stamp glued before it, if any.

    Sites print the dateline as a first child inside the sapo ("<span>Hà Nội</span>Bị
    cáo …"): a short first child, with no text before it, that names a province.
    """
    if next(el.iter("script", "style", "noscript", "template"), None) is not None:
        el = copy.deepcopy(el)  # a sapo block's inline JavaScript is not its text
        etree.strip_elements(el, "script", "style", "noscript", "template", with_tail=False)
    text = _text(el)
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is not None and not (el.text or "").strip() and first.tag not in _BLOCK_TAGS:
        stamp = _text(first)
        if 0 < len(stamp) <= 30 and canonical_province(stamp) and text.startswith(stamp):
            return text[len(stamp) :].lstrip(" -–,:"), stamp
    return text, None


def _pick_lead(
    m: _Meta, ld: dict[str, str | list[str]], container: etree._Element | None, paras: list[str]
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
        _first(m.meta.get("description"), m.meta.get("og:description"), ld.get("description"))
        or "",
        None,
    )


def _named_in(place: str, text: str, when: object) -> bool:
    """Return True when the article's own *text* names the province *place* stands for."""
    from archive.gazetteer import resolve_province as resolve

    canon = canonical_province(place)
    return (
        bool(canon)
        and resolve(None, text, None, title="") == canon
        or bool(canon and canon.lower() in text.lower())
    )


def parse_html(data: bytes | str, *, path: str | None = None) -> Article:
    """Extract one article from a saved news page.

    :param data: the page's bytes (encoding detected, see :func:`decode_bytes`) or text.
    :param path: the file the page came from, stored in ``Article.path``.
    :return: an :class:`Article` with ``id == ""``; ``province`` is a raw hint or ``None``.
    :raises ParseError: the page has neither a title nor body text.
    :raises indexer.encoding.DecodeError: the bytes are not trustworthy text.
    """
    if len(data) > MAX_CHARS:
        raise ParseError(f"page is larger than {MAX_CHARS // (1024 * 1024)} MB: not one article")
    text = decode_bytes(data, html=True) if isinstance(data, bytes) else data
    root, too_deep = _parse_tree(text)
    if root is None:
        raise ParseError("empty document: no HTML to parse")
    m = _collect(root)
    ld = json_ld_fields(m.json_ld)
    captions: list[str] = []
    paras: list[_Para] = []
    container = None if too_deep else _container(m)
    if container is not None:
        try:
            paras = _walk(container, captions)
        except RecursionError:
            too_deep = True
    url = _first(m.canonical, m.meta.get("og:url"), ld.get("url"))
    site = _first(m.meta.get("og:site_name"), ld.get("publisher"), m.meta.get("application-name"))
    host = site_host(url)
    raw_title = _pick_title(m, ld)
    source = source_name(site, url)
    brands = [b for b in (site, host, host.split(".")[0] if host else None, source) if b]
    topic = _pick_topic(m, ld, raw_title, url, brands)
    title = strip_seo_tail(strip_site_suffix(raw_title, brands, topic))
    body_paras = _flat_text(text) if too_deep else [p.text for p in paras]
    while paras and body_paras and _CREDIT_RE.match(paras[-1].text) and len(paras[-1].text) < 60:
        paras.pop()  # "Ảnh: Cao Trung Hiếu": the photographer, neither body nor byline
        body_paras.pop()
    trailing = paras[-1].text if paras and body_paras and _is_author_para(paras[-1]) else None
    if trailing is not None:
        body_paras.pop()
    caption_size = sum(len(c) for c in captions)
    if caption_size >= 200 and sum(len(p) for p in body_paras) < caption_size / 2:
        # A photo story: its text is the captions (one under each photo).
        body_paras = [c for c in captions if c not in body_paras] + body_paras
    ld_author = ld.get("author")
    author = pick_byline(
        [
            ld_author if isinstance(ld_author, str) else None,
            *(m.meta.get(k) for k in _AUTHOR_META_KEYS),
            *m.authors,
            trailing,
        ],
        brands,
    )
    lead, stamp = _pick_lead(m, ld, container, body_paras)
    lead = strip_brand_prefix(lead, brands)
    if lead and body_paras and body_paras[0].startswith(lead.rstrip(".… ")[:200]):
        lead = body_paras.pop(0)
    body_paras = [p for p in body_paras if p != title]
    body = clean_text("\n\n".join(body_paras))
    when = None
    for value in (ld.get("date"), *(m.meta.get(k) for k in _DATE_KEYS), *m.times):
        if isinstance(value, str) and (when := parse_date(value)) is not None:
            break
    if when is None:
        when = find_date_in_text(" | ".join(m.weekday_texts + m.date_texts)) or find_date_in_text(
            body[:3000]
        )
    if not title and not body:
        raise ParseError("no title and no body text found in the page")
    own = title + "\n" + clean_text(lead) + "\n" + body
    # Site-wide metadata ("geo.placename" is the newsroom's city) counts only when the
    # article itself names the place; a stamp printed with the sapo is a dateline.
    hint = stamp
    meta_hint = _first(m.meta.get("geo.placename"), ld.get("location"), m.meta.get("dc.coverage"))
    if hint is None and meta_hint and _named_in(meta_hint, own, when):
        hint = meta_hint
    if hint is None and body_paras:
        dateline = _DATELINE_RE.match(body_paras[0])
        place = dateline.group("place").strip() if dateline else ""
        hint = place if place and not any(ch.isdigit() for ch in place) else None
    if hint is None or canonical_province(hint, when) is None:
        # The headline and the opening dateline weigh more than passing mentions.
        hint = resolve_province(hint, clean_text(lead) + "\n" + body, when, title=title) or hint
    return Article(
        id="",
        title=title,
        lead=clean_text(lead),
        body=body,
        topic=topic,
        province=hint,
        date=when,
        author=author,
        source=source,
        url=url,
        captions=[clean_text(c) for c in captions],
        path=path,
    )
