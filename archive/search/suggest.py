""" "Did you mean": restore diacritics from the index, or fix a typo.

Diacritics are restored from the best hits themselves: the accented spelling under which
the typed (folded) words occur together most often in their titles and leads, with the
capitalisation they are written with ("hai duong" → "Hải Dương"). Typos are fixed against
the folded vocabulary by :mod:`archive.search.spelling` (bounded time).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from archive.analysis import normalize, tokenize
from archive.search import match, plan
from archive.search.docsets import FloatArray, IntArray
from archive.search.parse import ParsedQuery
from archive.search.seam import FOLDED, SnapshotLike


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


def match_case(word: str, like: str) -> str:
    """Give ``word`` the capitalisation pattern of ``like`` ("hải", "Hai" → "Hải")."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


#: Top hits whose titles and leads show how the words are written.
SUGGEST_SAMPLE = 20
MAX_SUGGEST_WORDS = 8


#: A partly accented query's fully accented reading is offered when it finds this many
#: times more articles.
READING_GAIN = 2.0


def suggestion(
    snap: SnapshotLike, parsed: ParsedQuery, docs: IntArray, scores: FloatArray
) -> str | None:
    """Offer the words with their diacritics, or with a typo fixed, when that has hits.

    ``docs``/``scores`` are the hits of the query as typed (empty when it found nothing:
    then a typo is looked for). A query typed with diacritics gets its dominant reading
    when that finds ``READING_GAIN`` times more ("bóng đa" → "bóng đá"). A suggestion is
    offered only when it finds something.
    """
    if parsed.is_empty or parsed.exclude or any(c.quoted or c.synonym for c in parsed.include):
        return None
    typed = parsed.tokens
    if not 2 <= len(typed) <= MAX_SUGGEST_WORDS and docs.size:
        return None
    if parsed.has_accents:
        found = _reading(snap, parsed, int(docs.size))
        if found or docs.size:
            return found
    words = [t.folded for t in typed]
    if docs.size == 0:
        fixed = [_fix(snap, w) or w for w in words]
        if fixed == words:
            return None
        docs, scores = match.match_step(snap, plan.plan_text(" ".join(fixed)).steps[0])
        if docs.size == 0:
            return None
        words = fixed
    text = _written(snap, words, parsed.text, docs, scores)
    if [t.exact for t in tokenize(text)] == [t.exact for t in typed]:
        return None
    if match.count(snap, plan.plan_text(text)) == 0:
        return None
    return text


def written_form(
    snap: SnapshotLike, parsed: ParsedQuery, docs: IntArray, scores: FloatArray
) -> str:
    """The query's words as the best of ``docs`` write them ("hai duong" → "Hải Dương")."""
    return _written(snap, [t.folded for t in parsed.tokens], parsed.text, docs, scores)


def _written(
    snap: SnapshotLike, words: list[str], typed: str, docs: IntArray, scores: FloatArray
) -> str:
    top = docs[np.argsort(-scores, kind="stable")[:SUGGEST_SAMPLE]]
    texts = []
    for d in top.tolist():
        doc = snap.stored(int(d))
        texts.append((doc.get("title") or "") + "\n" + (doc.get("lead") or ""))
    restored = restore(words, texts)
    originals = typed.split()
    if len(originals) == len(restored) and all(r.islower() for r in restored):
        restored = [match_case(r, o) for r, o in zip(restored, originals, strict=True)]
    return " ".join(restored)


def _reading(snap: SnapshotLike, parsed: ParsedQuery, typed_hits: int) -> str | None:
    """The query with each word's dominant reading, when it finds far more than typed."""
    parts, changed = [], False
    for clause in parsed.include:
        reading = clause.reading
        if reading and clause.fitting_reading is None:
            parts.append(" ".join(reading))
            changed = True
        else:
            parts.append(" ".join(t.exact for t in clause.tokens))
    if not changed:
        return None
    text = " ".join(parts)
    docs, scores = match.match_step(snap, plan.plan_text(text).steps[0])
    if docs.size < READING_GAIN * typed_hits:
        return None
    return _written(snap, [t.folded for t in tokenize(text)], parsed.text, docs, scores)


def _fix(snap: SnapshotLike, word: str) -> str | None:
    """A correction for a word the index does not know (None when it knows it)."""
    if snap.postings.doc_frequency(FOLDED, word):
        return None
    return snap.spelling.correct(word)
