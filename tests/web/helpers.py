"""HTML helpers for the web tests (lxml parses the pages)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from lxml import html as lhtml
from lxml.html import HtmlElement


def parse(data: bytes) -> HtmlElement:
    return lhtml.fromstring(data)


def facet_links(doc: HtmlElement, name: str) -> dict[str, tuple[str, int, bool]]:
    """``{value: (href, count, selected)}`` of one facet group."""
    out = {}
    for a in doc.xpath(
        f'//section[contains(@class, "facet-{name}")]//ul[@class="facet-values"]//a'
    ):
        value = a.xpath('string(.//span[@class="v"])')
        count = int(a.xpath('string(.//span[@class="count"])').replace(".", ""))
        out[value] = (a.get("href"), count, a.get("aria-current") == "true")
    return out


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)
