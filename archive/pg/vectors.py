"""Our token streams as ``tsvector`` and ``tsquery`` literals (no PostgreSQL parser involved).

PostgreSQL positions start at 1 and stop at 16,383, and a lexeme keeps at most 256
positions: a term's weight in a very long article is capped there (README, known
differences). Title positions carry weight ``A``; a title occurrence counts
``TITLE_BOOST`` times, as in the Whoosh index.

>>> from archive.index.schema import analyze_value, search_value
>>> vector(analyze_value(search_value("Cán bộ", "", "cán bộ tốt")).folded, title_end=2)
"'bo':2A,24 'can':1A,23 'tot':25"
"""

from __future__ import annotations

from archive.index.schema import TITLE_BOOST, FieldTerms

MAX_POS = 16383
MAX_POSITIONS = 256


def lexeme(text: str) -> str:
    """Quote one lexeme for a tsvector or tsquery literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def vector(terms: FieldTerms, title_end: int) -> str:
    """The tsvector literal of one field; positions below ``title_end`` are the title's."""
    parts = []
    for term in sorted(terms.positions):
        seen: list[str] = []
        for p in terms.positions[term][:MAX_POSITIONS]:
            at = min(p + 1, MAX_POS)
            seen.append(f"{at}A" if p < title_end else str(at))
        parts.append(lexeme(term) + ":" + ",".join(seen))
    return " ".join(parts)


def bigram_vector(terms: FieldTerms) -> str:
    """The tsvector of the bigram field: weights carry the title count (A = in the title)."""
    parts = []
    for term in sorted(terms.positions):
        n = len(terms.positions[term])
        in_title = round((terms.weights[term] - n) / (TITLE_BOOST - 1.0))
        marks = [f"{i + 1}A" if i < in_title else str(i + 1) for i in range(min(n, MAX_POSITIONS))]
        parts.append(lexeme(term) + ":" + ",".join(marks))
    return " ".join(parts)


def weight_of(weights: list[str]) -> float:
    """A term's weight in a document from its tsvector weights (A: a title occurrence)."""
    return float(len(weights)) + (TITLE_BOOST - 1.0) * sum(1 for w in weights if w == "A")
