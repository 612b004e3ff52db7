"""Compatibility names: topics, authors, brands and JSON-LD now live in their own modules.

Import from :mod:`indexer.topics`, :mod:`indexer.authors`, :mod:`indexer.brands` and
:mod:`indexer.jsonld`; this module keeps the old import path working.
"""

from __future__ import annotations

from indexer.authors import is_person_byline, normalize_author, pick_byline
from indexer.brands import (
    PUBLISHER_NAMES,
    brand_key,
    is_publisher,
    site_host,
    source_name,
    strip_brand_prefix,
    strip_site_suffix,
)
from indexer.jsonld import json_ld_fields
from indexer.topics import (
    GENERIC_TOPICS,
    SECTION_SLUGS,
    is_generic_topic,
    load_topic_map,
    normalize_topic,
    pick_section,
)

__all__ = [
    "GENERIC_TOPICS",
    "PUBLISHER_NAMES",
    "SECTION_SLUGS",
    "brand_key",
    "is_generic_topic",
    "is_person_byline",
    "is_publisher",
    "json_ld_fields",
    "load_topic_map",
    "normalize_author",
    "normalize_topic",
    "pick_byline",
    "pick_section",
    "site_host",
    "source_name",
    "strip_brand_prefix",
    "strip_site_suffix",
]
