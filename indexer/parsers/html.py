"""Saved news pages → :class:`Article`, without per-site code.

Metadata first (JSON-LD, OpenGraph, ``article:*``, ``meta name=…``, ``itemprop``,
``<time>``, canonical link, breadcrumbs), then the visible text of the best-scoring
content block with boilerplate (navigation, related links, comments, share and ad
blocks, captions) left out.  Parsing uses lxml's HTML parser directly — the parser that
BeautifulSoup's ``"lxml"`` builder wraps — because building a bs4 tree alone costs
~17 ms on a 30 KB page, six times the whole budget (see ``docs/extraction.md``).
BeautifulSoup serves the flat-text fallback for pages nested too deeply for lxml.

The parts live in :mod:`indexer.parsers.page`: ``tree`` (parsing, text helpers),
``scan`` (the one metadata pass), ``body`` (readability and the paragraph walk),
``fields`` (the careful reader's pickers); datelines are read by
:mod:`indexer.datelines`.  Fields leave here raw; :func:`indexer.normalize.finish`
normalises them for every input type.
"""

from __future__ import annotations

import functools

from archive.models import Article
from indexer.authors import pick_byline
from indexer.brands import (
    site_host,
    source_name,
    strip_brand_prefix,
    strip_site_suffix,
)
from indexer.datelines import dateline_place
from indexer.dates import find_date_in_text, parse_date
from indexer.encoding import clean_text, decode_bytes
from indexer.jsonld import json_ld_fields
from indexer.parsers import ParseError
from indexer.parsers.page.body import (
    CREDIT_RE,
    Para,
    find_container,
    is_author_para,
    walk_paragraphs,
)
from indexer.parsers.page.fields import (
    AUTHOR_META_KEYS,
    DATE_KEYS,
    named_in,
    pick_lead,
    pick_title,
    pick_topic,
    strip_seo_tail,
)
from indexer.parsers.page.scan import collect_meta
from indexer.parsers.page.tree import MAX_CHARS, first_text, flat_text, parse_tree
from indexer.topics import normalize_topic

__all__ = ["MAX_CHARS", "parse_html", "strip_seo_tail"]


def parse_html(data: bytes | str, *, path: str | None = None) -> Article:
    """Extract one article from a saved news page.

    :param data: the page's bytes (encoding detected, see :func:`decode_bytes`) or text.
    :param path: the file the page came from, stored in ``Article.path``.
    :return: an :class:`Article` with ``id == ""`` and raw fields for
        :func:`indexer.normalize.finish`; ``province`` is a raw hint or ``None``.
    :raises ParseError: the page has neither a title nor body text.
    :raises indexer.encoding.DecodeError: the bytes are not trustworthy text.
    """
    if len(data) > MAX_CHARS:
        raise ParseError(f"page is larger than {MAX_CHARS // (1024 * 1024)} MB: not one article")
    text = decode_bytes(data, html=True) if isinstance(data, bytes) else data
    root, too_deep = parse_tree(text)
    if root is None:
        raise ParseError("empty document: no HTML to parse")
    m = collect_meta(root)
    ld = json_ld_fields(m.json_ld)
    captions: list[str] = []
    paras: list[Para] = []
    container = None if too_deep else find_container(m)
    if container is not None:
        try:
            paras = walk_paragraphs(container, captions)
        except RecursionError:
            too_deep = True
    url = first_text(m.canonical, m.meta.get("og:url"), ld.get("url"))
    site = first_text(
        m.meta.get("og:site_name"), ld.get("publisher"), m.meta.get("application-name")
    )
    host = site_host(url)
    # Title, source and byline leave here clean, as the parser's own decisions need
    # them: the title is read clean (``first_text``) to cut brands and sections off it,
    # the source is named to know the page's own brands, and ``pick_byline`` normalises
    # candidates to tell a person from a publisher.  finish runs its chain on them too.
    raw_title = pick_title(m, ld)
    source = source_name(site, url)
    brands = [b for b in (site, host, host.split(".")[0] if host else None, source) if b]
    topic = pick_topic(m, ld, raw_title, url, brands)  # raw: finish normalises it
    section = normalize_topic(topic)  # ...but a title's section tail is cut as named
    title = strip_seo_tail(strip_site_suffix(raw_title, brands, section))
    body_paras = flat_text(text) if too_deep else [p.text for p in paras]
    while paras and body_paras and CREDIT_RE.match(paras[-1].text) and len(paras[-1].text) < 60:
        paras.pop()  # "Ảnh: Cao Trung Hiếu": the photographer, neither body nor byline
        body_paras.pop()
    trailing = paras[-1].text if paras and body_paras and is_author_para(paras[-1]) else None
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
            *(m.meta.get(k) for k in AUTHOR_META_KEYS),
            *m.authors,
            trailing,
        ],
        brands,
    )
    lead, stamp = pick_lead(m, ld, container, body_paras)
    lead = strip_brand_prefix(lead, brands)
    if lead and body_paras and body_paras[0].startswith(lead.rstrip(".… ")[:200]):
        lead = body_paras.pop(0)
    body_paras = [p for p in body_paras if p != title]
    body = "\n\n".join(body_paras)  # raw, like the lead and captions: finish cleans them
    # Three decisions below read the text clean (a date in the text, "no text at all",
    # the province the article names): it is cleaned once, and only when one is needed.
    clean_body = functools.cache(lambda: clean_text(body))
    when = None
    for value in (ld.get("date"), *(m.meta.get(k) for k in DATE_KEYS), *m.times):
        if isinstance(value, str) and (when := parse_date(value)) is not None:
            break
    if when is None:
        when = find_date_in_text(" | ".join(m.weekday_texts + m.date_texts)) or find_date_in_text(
            clean_body()[:3000]
        )
    if not title and not clean_body():
        raise ParseError("no title and no body text found in the page")
    # Site-wide metadata ("geo.placename" is the newsroom's city) counts only when the
    # article itself names the place; a stamp printed with the sapo is a dateline.
    hint = stamp
    meta_hint = first_text(
        m.meta.get("geo.placename"), ld.get("location"), m.meta.get("dc.coverage")
    )
    if hint is None and meta_hint:
        own = title + "\n" + clean_text(lead) + "\n" + clean_body()
        hint = meta_hint if named_in(meta_hint, own, when) else None
    if hint is None and body_paras:
        hint = dateline_place(body_paras[0])
    # Resolving the hint (or the text's own mentions) is indexer.normalize's job.
    return Article(
        id="",
        title=title,
        lead=lead,
        body=body,
        topic=topic,
        province=hint,
        date=when,
        author=author,
        source=source,
        url=url,
        captions=captions,
        path=path,
    )
