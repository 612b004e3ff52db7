""" "Did you mean": restore diacritics from the index, or fix a typo.

Diacritics are restored from the best hits themselves: the accented spelling under which
the typed (folded) words occur together most often in their titles and leads, with the
capitalisation they are written with ("hai duong" → "Hải Dương"). Typos are fixed against
the folded vocabulary (edit distance 1, then 2), preferring the most frequent term.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from whoosh.reading import IndexReader

from archive.analysis import normalize, tokenize
from archive.schema import FOLDED


def restore(folded: list[str], texts: list[str]) -> list[str]:
    """Return the likeliest written form of the folded words, as found in ``texts``."""
    n = len(folded)
    wanted = set(folded)
    runs: Counter[tuple[str, ...]] = Counter()
    words: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        spans = normalize(text)
        toks = tokenize(spans, normalized=True)
        for i, t in enumerate(toks):
            if t.folded not in wanted:
                continue
            words[t.folded][spans[t.start : t.end]] += 1
            if t.folded == folded[0] and [x.folded for x in toks[i : i + n]] == folded:
                runs[tuple(spans[x.start : x.end] for x in toks[i : i + n])] += 1
    if runs:
        return list(runs.most_common(1)[0][0])
    return [words[f].most_common(1)[0][0] if words[f] else f for f in folded]


def correct(reader: IndexReader, folded: str) -> str | None:
    """Return the most frequent indexed folded term within edit distance 1–2, if any."""
    if len(folded) < 3 or reader.doc_frequency(FOLDED, folded):
        return None
    for dist in (1, 2):
        found = [
            (reader.doc_frequency(FOLDED, t), t) for t in reader.terms_within(FOLDED, folded, dist)
        ]
        if found:
            return str(max(found)[1])
    return None


def match_case(word: str, like: str) -> str:
    """Give ``word`` the capitalisation pattern of ``like`` ("hải", "Hai" → "Hải")."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
