""""Did you mean": restore diacritics from the index vocabulary, or fix a typo.

Diacritics are restored word by word with a Viterbi pass: each folded syllable has a few
accented candidates (by document frequency in the exact field), and adjacent candidates
score by how often the pair occurs in titles and leads (the exact bigram field).
"""

from __future__ import annotations

import math
from collections import defaultdict

from whoosh.reading import IndexReader

from archive.analysis import canonical, fold_syllable
from archive.gazetteer import all_provinces
from archive.schema import BIGRAM_EXACT, EXACT, FOLDED

MAX_CANDIDATES = 6


class Vocabulary:
    """Folded syllable → its most frequent exact forms, built lazily from one reader."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        forms: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for raw, info in reader.iter_field(EXACT):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            forms[fold_syllable(term)].append((info.doc_frequency(), term))
        self.forms = {
            k: [t for _, t in sorted(v, key=lambda p: (-p[0], p[1]))[:MAX_CANDIDATES]]
            for k, v in forms.items()
        }
        self.df = {t: df for v in forms.values() for df, t in v}

    def restore(self, folded: list[str]) -> list[str]:
        """Return the likeliest accented spelling of a sequence of folded syllables."""
        if not folded:
            return []
        cands = [self.forms.get(f, [f]) for f in folded]
        # best[i][c] = (score, back-pointer)
        prev = {c: (math.log1p(self.df.get(c, 0)), -1) for c in cands[0]}
        trail = [prev]
        for i in range(1, len(cands)):
            cur = {}
            for c in cands[i]:
                unigram = math.log1p(self.df.get(c, 0))
                best = max(
                    ((s + unigram + 3.0 * math.log1p(self._pair(p, c)), p) for p, (s, _) in prev.items()),
                    key=lambda x: x[0],
                )
                cur[c] = best
            trail.append(cur)
            prev = cur
        last = max(prev.items(), key=lambda kv: kv[1][0])[0]
        out = [last]
        for i in range(len(trail) - 1, 0, -1):
            last = trail[i][last][1]
            out.append(last)
        return out[::-1]

    def has_pair_evidence(self, words: list[str]) -> bool:
        """True when some adjacent pair of ``words`` occurs in an indexed title or lead."""
        return any(self._pair(a, b) for a, b in zip(words, words[1:], strict=False))

    def _pair(self, a: str, b: str) -> int:
        return int(self.reader.doc_frequency(BIGRAM_EXACT, f"{a} {b}"))

    def correct(self, folded: str) -> str | None:
        """Return the most frequent indexed folded term within edit distance 1–2, if any."""
        if self.reader.doc_frequency(FOLDED, folded) or len(folded) < 3:
            return None
        for dist in (1, 2):
            found = [
                (self.reader.doc_frequency(FOLDED, t), t)
                for t in self.reader.terms_within(FOLDED, folded, dist)
            ]
            if found:
                return max(found)[1]
        return None


def match_case(word: str, like: str) -> str:
    """Give ``word`` the capitalisation pattern of ``like`` ("hải", "Hai" → "Hải")."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _place_names() -> dict[tuple[str, ...], list[str]]:
    names: dict[tuple[str, ...], list[str]] = {}
    for name in all_provinces():
        words = name.split()
        names[tuple(canonical(w) for w in words)] = words
    return names


_PLACES: dict[tuple[str, ...], list[str]] | None = None


def proper_case(words: list[str]) -> list[str]:
    """Capitalise runs of words that spell a province name ("hải dương" → "Hải Dương")."""
    global _PLACES
    if _PLACES is None:
        _PLACES = _place_names()
    out = list(words)
    low = [canonical(w) for w in words]
    for key, proper in _PLACES.items():
        n = len(key)
        for i in range(len(low) - n + 1):
            if tuple(low[i : i + n]) == key:
                out[i : i + n] = proper
    return out
