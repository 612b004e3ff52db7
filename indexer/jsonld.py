"""Article fields from a page's JSON-LD blocks (schema.org ``NewsArticle``, ``BreadcrumbList``)."""

from __future__ import annotations

import html
import json
import re

__all__ = ["json_ld_fields"]

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "socialmediaposting",
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _ld_nodes(data: object) -> list[dict[str, object]]:
    """Flatten JSON-LD (lists and ``@graph``) into a list of objects."""
    stack, nodes = [data], []
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            nodes.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return nodes


def _ld_text(value: object) -> str | None:
    """Return the first name/text of a JSON-LD value (string, object or list)."""
    if isinstance(value, list):
        names = [n for n in (_ld_text(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("@id") or value.get("url"))
    if isinstance(value, str | int | float) and str(value).strip():
        text = str(value).strip()
        for _ in range(2):  # some sites escape twice ("Chi&amp;#7871;n")
            if "&" not in text or ";" not in text:
                break
            text = html.unescape(text)
        return text
    return None


def _ld_types(node: dict[str, object]) -> set[str]:
    """Return the lower-cased ``@type`` values of a JSON-LD node."""
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def json_ld_fields(blobs: list[str]) -> dict[str, str | list[str]]:
    """Read the article fields from the page's JSON-LD ``<script>`` blocks.

    :return: any of ``headline, description, date, author, section, url, publisher,
        location`` (strings) and ``breadcrumbs`` (list of names); malformed JSON is skipped.
    """
    found: dict[str, str | list[str]] = {}
    for blob in blobs:
        try:
            data = json.loads(_CONTROL_RE.sub(" ", blob))
        except ValueError:
            continue
        for node in _ld_nodes(data):
            kinds = _ld_types(node)
            if "breadcrumblist" in kinds and "breadcrumbs" not in found:
                items = node.get("itemListElement")
                crumbs = []
                for el in items if isinstance(items, list) else []:
                    if isinstance(el, dict):
                        name = _ld_text(el.get("name") or el.get("item"))
                        if name and not name.startswith("http"):
                            crumbs.append(name)
                found["breadcrumbs"] = crumbs
            if not kinds & _ARTICLE_TYPES or "headline" in found:
                continue
            fields = {
                "headline": node.get("headline") or node.get("name"),
                "description": node.get("description"),
                "date": node.get("datePublished") or node.get("dateCreated"),
                "author": node.get("author") or node.get("creator"),
                "section": node.get("articleSection"),
                "url": node.get("url") or node.get("mainEntityOfPage"),
                "publisher": node.get("publisher"),
                "location": node.get("contentLocation") or node.get("locationCreated"),
            }
            for key, value in fields.items():
                text = _ld_text(
                    value[0] if key == "section" and isinstance(value, list) and value else value
                )
                if text:
                    found[key] = text
    return found
