"""Crawler boilerplate learned from the input: text that recurs verbatim at the start or end
of many articles of one source (UI strings, share-button text, a fixed footer).

A crawl of 24h.com.vn saves every article as "Lưu bài viết thành công Bạn có thể xem lại
bài viết đã lưu ở trangTin bài đã lưu <the article…> Nguồn: [Link nguồn]Nguồn: [Link
nguồn]". No rule written for one site finds that; the batch itself does. A :class:`Learner`
sees every article of a run (its source and the first and last words of its text); the
words that open (or close) at least :data:`MIN_ARTICLES` articles and :data:`MIN_SHARE` of
its source become a :class:`Rule`. Then :meth:`Boilerplate.strip` removes them from each
article before it is normalised and indexed. A rule must end where the article begins —
the next word starts a sentence or a line (and a closing rule follows a sentence end) — so
a common opening such as "Tổng Bí thư Tô Lâm chủ trì…" or a dateline "Hà Nội -" is never
taken, and no sentence of the article itself is removed.

Rules are kept across incremental runs (the writer stores them with the index) and the
``--json`` report lists, per source, each rule and how many articles it cleaned.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from indexer.encoding import clean_text

__all__ = ["Boilerplate", "Learner", "Rule"]

#: A rule opens (or closes) at least this many articles of its source …
MIN_ARTICLES = 20
#: … and at least this share of them.
MIN_SHARE = 0.05
#: A rule grows one word at a time while most of the articles that hold it go on alike.
MAJORITY = 0.5
#: Share of a rule's articles in which the text after it starts a sentence or a line.
BOUNDARY_SHARE = 0.8
#: Shortest rule, in words ("Nguồn: [Link nguồn]" has three); one or two recurring words
#: are an opening habit ("Theo …"), not boilerplate.
MIN_WORDS = 3
#: Shortest run glued to the article's first sentence without a stop that is taken.
MIN_GLUED_WORDS = 10
#: Longest rule looked for, in words (UI strings and footers are short); a run of this
#: many equal words is not taken, as it may go on past what was looked at.
MAX_WORDS = 48
#: Characters of each end of an article read to find its first and last words.
EDGE_CHARS = 400
#: Articles of one source sampled for learning: a rule on ≥ 5 % of a source shows in a
#: sample this size hundreds of times, and memory stays bounded on a million articles.
SAMPLE = 5000

_TOKEN_RE = re.compile(r"\n|[^\s]+")
_OPEN_PUNCT = "\"'“‘«([-–—•*"
_CLOSE_PUNCT = "\"'”’»)]"
_SENTENCE_END = ".!?…:;"
_DASHES = frozenset("-–—|:")

Side = Literal["start", "end"]
#: The source of articles that name none (plain-text files of one crawl, say).
NO_SOURCE = "(no source)"


@dataclass(frozen=True)
class Rule:
    """Words that open (``start``) or close (``end``) many articles of one source."""

    side: Side
    words: tuple[str, ...]
    articles: int  # how many articles of the learning batch it opened or closed

    @property
    def text(self) -> str:
        return " ".join(w for w in self.words if w != "\n")

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.side, "text": self.text, "words": list(self.words),
                "articles": self.articles}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rule:
        side: Side = "end" if d.get("where") == "end" else "start"
        return cls(side, tuple(str(w) for w in d.get("words") or ()), int(d.get("articles", 0)))


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def _stream(lead: str, body: str) -> str:
    return f"{lead}\n{body}" if lead.strip() else body


def _head(lead: str, body: str) -> str:
    """The first words, one space apart (one string: a sample of thousands stays small)."""
    s = _stream(lead, body)
    cut = len(s) > EDGE_CHARS
    words = _tokens(clean_text(s[:EDGE_CHARS]).lstrip())
    if cut and words:
        words.pop()  # may be half a word
    return " ".join(words[: MAX_WORDS + 1])


def _tail(lead: str, body: str) -> str:
    """The last words, last first, one space apart."""
    s = _stream(lead, body)
    cut = len(s) > EDGE_CHARS
    words = _tokens(clean_text(s[-EDGE_CHARS:]).rstrip())
    if cut and words:
        words.pop(0)
    return " ".join(reversed(words[-(MAX_WORDS + 1) :]))


def _words(edge: str) -> tuple[str, ...]:
    return tuple(edge.split(" ")) if edge else ()


def _starts_sentence(word: str) -> bool:
    if word == "\n":
        return True
    w = word.lstrip(_OPEN_PUNCT)
    return bool(w) and (w[0].isupper() or w[0].isdigit())


def _ends_sentence(word: str) -> bool:
    if word == "\n":
        return True
    w = word.rstrip(_CLOSE_PUNCT)
    return bool(w) and w[-1] in _SENTENCE_END


class Learner:
    """Collect the edges of a batch's articles, per source; :meth:`rules` learns from them."""

    def __init__(self, seed: int = 0) -> None:
        self._edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._seen: Counter[str] = Counter()
        self._rng = random.Random(seed)

    def see(self, source: str | None, lead: str, body: str) -> None:
        """Note one article of ``source`` (its raw lead and body)."""
        source = source or NO_SOURCE
        self._seen[source] += 1
        edges = (_head(lead, body), _tail(lead, body))
        sample = self._edges[source]
        if len(sample) < SAMPLE:
            sample.append(edges)
        else:  # reservoir sampling: every article is kept with the same chance
            j = self._rng.randrange(self._seen[source])
            if j < SAMPLE:
                sample[j] = edges

    def rules(self) -> dict[str, list[Rule]]:
        """Return the rules learned per source (sources without any are left out)."""
        out: dict[str, list[Rule]] = {}
        for source, sample in self._edges.items():
            need = max(MIN_ARTICLES, MIN_SHARE * len(sample))
            sides: tuple[tuple[Side, int], ...] = (("start", 0), ("end", 1))
            found = [
                Rule(side, words, n)
                for side, index in sides
                for words, n in _grow([_words(e[index]) for e in sample], need, side == "end")
            ]
            if found:
                out[source] = found
        return out


def _grow(
    edges: list[tuple[str, ...]], need: float, reverse: bool
) -> Iterable[tuple[tuple[str, ...], int]]:
    """Yield the word runs that open at least ``need`` of ``edges`` and end at a boundary."""
    groups: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for e in edges:
        if e:
            groups[e[0]].append(e)
    stack = [(1, g) for g in groups.values() if len(g) >= need]
    while stack:
        depth, group = stack.pop()
        if depth > MAX_WORDS:
            continue  # longer than we look: maybe not boilerplate's end
        children: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for e in group:
            if len(e) > depth:
                children[e[depth]].append(e)
        grown = [c for c in children.values() if len(c) >= need and len(c) >= MAJORITY * len(group)]
        if grown:
            stack.extend((depth + 1, c) for c in grown)
            continue
        words = group[0][:depth]
        if reverse:
            words = words[::-1]
        if _acceptable(words, group, depth, reverse):
            yield words, len(group)


def _acceptable(
    words: tuple[str, ...], group: list[tuple[str, ...]], depth: int, reverse: bool
) -> bool:
    """True when ``words`` (a run shared by ``group``) ends where the articles begin.

    Its far side is the text's edge; its near side must be a boundary: a line break, or a
    sentence end with the article's sentence starting after it (a closing run follows a
    sentence end). A long run of fixed words glued to the text without a stop is UI text
    too ("… ở trangTin bài đã lưu 8 đối tượng …"); a short one is an opening habit
    ("Theo thông tin từ Bộ …", "Kết quả xổ số miền Bắc ngày 3/2") and stays.
    """
    real = [w for w in words if w != "\n"]
    if len(real) < MIN_WORDS:
        return False
    # the articles go on past the run: a text that is the run and nothing else (fifty
    # one-line notes "nội dung mới") is an article, not boilerplate around one
    going_on = [e[depth] for e in group if len(e) > depth]
    if len(going_on) < BOUNDARY_SHARE * len(group):
        return False
    inner = words[0] if reverse else words[-1]  # the word next to the article's text
    if reverse:
        if inner == "\n":
            return True
        return sum(1 for w in going_on if _ends_sentence(w)) >= BOUNDARY_SHARE * len(group)
    if inner == "\n" or all(w == "\n" for w in going_on):
        return True
    if inner in _DASHES:
        return False  # "Hà Nội -", "(TTXVN) -": a dateline, which normalisation reads
    starts = sum(1 for w in going_on if _starts_sentence(w)) >= BOUNDARY_SHARE * len(group)
    return starts and (_ends_sentence(inner) or len(real) >= MIN_GLUED_WORDS)


class Boilerplate:
    """The rules in force per source, and what they removed in this run."""

    def __init__(self, rules: dict[str, list[Rule]] | None = None) -> None:
        self.rules: dict[str, list[Rule]] = {k: list(v) for k, v in (rules or {}).items()}
        self.removed: Counter[tuple[str, Side, str]] = Counter()

    def __bool__(self) -> bool:
        return bool(self.rules)

    def add(self, learned: dict[str, list[Rule]]) -> None:
        """Take newly learned rules in (a rule already known keeps its place)."""
        for source, rules in learned.items():
            have = self.rules.setdefault(source, [])
            known = {(r.side, r.words) for r in have}
            have.extend(r for r in rules if (r.side, r.words) not in known)
            # the longest first: a rule that extends another one is tried before it
            have.sort(key=lambda r: -len(r.words))

    def strip(self, source: str | None, lead: str, body: str) -> tuple[str, str]:
        """Return ``(lead, body)`` without the boilerplate of ``source`` (clean text in)."""
        source = source or NO_SOURCE
        rules = self.rules.get(source)
        if not rules:
            return lead, body
        text = _stream(lead, body)
        split = len(lead) if lead.strip() else -1  # where the lead ends in ``text``
        start, end = 0, len(text)
        used: list[tuple[str, Side, str]] = []
        for side in ("start", "end"):
            for rule in rules:
                if rule.side != side:
                    continue
                if side == "start":
                    cut = _match_start(text, start, rule.words)
                    if cut is not None:
                        start = cut
                        used.append((source, side, rule.text))
                        break
                else:
                    cut = _match_end(text, end, rule.words)
                    if cut is not None and cut >= start:
                        end = cut
                        used.append((source, side, rule.text))
                        break
        if (start, end) == (0, len(text)):
            return lead, body
        if not text[start:end].strip():
            return lead, body  # all of it would go: an article is never emptied
        self.removed.update(used)
        if split < 0:
            return lead, text[start:end].strip()
        new_lead = text[start : min(end, split)].strip() if start < split else ""
        new_body = text[max(start, split + 1) : end].strip()
        return new_lead, new_body

    def report(self) -> dict[str, list[dict[str, Any]]]:
        """Per source, each rule with the articles it cleaned in this run (``--json``)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for source, rules in sorted(self.rules.items()):
            out[source] = [
                {"where": r.side, "text": r.text, "removed": self.removed[(source, r.side, r.text)]}
                for r in rules
            ]
        return out

    def to_json(self) -> dict[str, Any]:
        return {s: [r.to_dict() for r in rules] for s, rules in self.rules.items()}

    @classmethod
    def from_json(cls, data: Any) -> Boilerplate:
        """Read what :meth:`to_json` stored (anything unreadable is ignored)."""
        rules: dict[str, list[Rule]] = {}
        if isinstance(data, dict):
            for source, items in data.items():
                if isinstance(source, str) and isinstance(items, list):
                    got = [Rule.from_dict(d) for d in items if isinstance(d, dict)]
                    rules[source] = [r for r in got if r.words]
        return cls(rules)


def _match_start(text: str, pos: int, words: tuple[str, ...]) -> int | None:
    """The end of ``words`` when ``text[pos:]`` opens with them (whitespace aside)."""
    n = len(text)
    for w in words:
        while pos < n and text[pos].isspace() and not (w == "\n" and text[pos] == "\n"):
            pos += 1
        if not text.startswith(w, pos):
            return None
        pos += len(w)
    if pos < n and not text[pos].isspace() and words[-1] != "\n":
        return None  # the run ends inside a word
    return pos


def _match_end(text: str, end: int, words: tuple[str, ...]) -> int | None:
    """The start of ``words`` when ``text[:end]`` closes with them (whitespace aside)."""
    for w in reversed(words):
        while end > 0 and text[end - 1].isspace() and not (w == "\n" and text[end - 1] == "\n"):
            end -= 1
        if not text.endswith(w, 0, end):
            return None
        end -= len(w)
    if end > 0 and not text[end - 1].isspace() and words[0] != "\n":
        return None
    return end
