"""The one normalisation chain: every parser returns raw fields, this finishes them.

HTML pages, plain-text files and JSONL records all pass through :func:`finish`: text
cleaned (DESIGN §5), title on one line, topic and author normalised, the province
resolved from the parser's raw hint or the article's own text (headline, dateline,
lead, body — never the page's menus: the parsers hand over only the article), the
source named by its brand, and the boilerplate learned from the run's batch
(:mod:`indexer.boilerplate`) removed.
"""

from __future__ import annotations

from archive.gazetteer import canonical_province, resolve_province
from archive.models import Article
from indexer.authors import normalize_author
from indexer.boilerplate import Boilerplate
from indexer.brands import source_name
from indexer.encoding import clean_text
from indexer.topics import normalize_topic

__all__ = ["finish"]


def finish(
    article: Article,
    topic_map: dict[str, str] | None = None,
    *,
    detect_province: bool = True,
    boilerplate: Boilerplate | None = None,
) -> Article:
    """Clean text fields and resolve topic, province and author of a parsed article.

    :param detect_province: look for a province in the text when none is given (False
        when the record says explicitly that it has none, as an export does)
    :param boilerplate: the run's learned boilerplate, removed from lead and body before
        anything is read from them
    """
    article.source = source_name(article.source, article.url)
    article.title = " ".join(clean_text(article.title).split())
    article.lead = clean_text(article.lead).strip()
    article.body = clean_text(article.body).strip()
    if boilerplate:
        article.lead, article.body = boilerplate.strip(article.source, article.lead, article.body)
    article.captions = [c for c in (clean_text(c).strip() for c in article.captions) if c]
    article.topic = normalize_topic(article.topic, topic_map)
    article.author = normalize_author(article.author)
    hint = article.province
    resolved = canonical_province(hint, article.date) if hint else None
    if resolved or not detect_province:
        article.province = resolved
    else:
        article.province = resolve_province(
            hint, article.lead + "\n" + article.body, article.date, title=article.title
        )
    return article
