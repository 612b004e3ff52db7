"""Typo correction in bounded time: a SymSpell-style deletion index of the folded vocabulary.

Built once per snapshot with numpy (every word, and every word with one letter deleted,
as sorted byte strings). A lookup generates the typed word's own deletions (one and two
letters), finds them in the index with binary search, and verifies each candidate's
edit distance — a few dozen probes, never a scan of the dictionary. It finds every word
within one edit (insertion, deletion, substitution, transposition of adjacent letters),
and the two-edit ones where the word typed has an extra letter or two.

>>> sp = Spelling(["duong", "hai", "nguoi", "noi"], np.array([50, 90, 70, 40]))
>>> sp.correct("duonh"), sp.correct("ngutoi"), sp.correct("hai"), sp.correct("xyzzy")
('duong', 'nguoi', None, None)
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import numpy.typing as npt

#: Words seen in fewer documents are not offered as corrections (typos of the archive).
MIN_DF = 2
MAX_LEN = 24  # longer tokens are pasted junk, never corrected
MIN_LEN = 3  # "ha", "o": too short to tell a typo from another word


class Spelling:
    """Correction candidates of the folded vocabulary (ASCII letter words)."""

    def __init__(self, terms: list[str], df: npt.NDArray[np.int64]) -> None:
        keep = [
            i
            for i, t in enumerate(terms)
            if df[i] >= MIN_DF and 2 <= len(t) <= MAX_LEN and t.isascii() and t.isalpha()
        ]
        self.words = np.array([terms[i].encode("ascii") for i in keep], dtype=f"S{MAX_LEN}")
        self.df = np.asarray(df, dtype=np.int64)[keep] if keep else np.zeros(0, np.int64)
        order = np.argsort(self.words, kind="stable")
        self.words, self.df = self.words[order], self.df[order]
        self.deletes, self.delete_of = _deletion_index(self.words)

    def frequency(self, word: str) -> int:
        """Document frequency of ``word`` in the index vocabulary (0 when unknown)."""
        if not _indexable(word):
            return 0
        found = self._find(self.words, [word])
        return int(self.df[found[0]]) if found[0] >= 0 else 0

    def correct(self, word: str) -> str | None:
        """Return the most frequent known word one edit away (else two), or None.

        A word the vocabulary knows is never corrected.
        """
        if not MIN_LEN <= len(word) <= MAX_LEN or not word.isascii() or not word.isalpha():
            return None
        if self.frequency(word):
            return None
        best: tuple[int, int, str] | None = None
        for cand in self.candidates(word):
            dist = edit_distance(word, cand)
            if dist > 2:
                continue
            df = self.frequency(cand)
            key = (-dist, df, cand)
            if best is None or key > best:
                best = key
        return best[2] if best else None

    def candidates(self, word: str) -> set[str]:
        """Known words that may be within two edits of ``word`` (to be verified)."""
        if not _indexable(word):
            return set()
        one = {word[:i] + word[i + 1 :] for i in range(len(word))}
        two = {
            word[:i] + word[i + 1 : j] + word[j + 1 :] for i, j in combinations(range(len(word)), 2)
        }
        out: set[str] = set()
        for probe, index in ((one | two, self.words), ({word} | one, self.deletes)):
            for at in self._find(index, sorted(probe), all_matches=index is self.deletes):
                if at >= 0:
                    w = self.words[self.delete_of[at]] if index is self.deletes else self.words[at]
                    out.add(w.decode("ascii"))
        return out

    def _find(self, index: np.ndarray, probes: list[str], all_matches: bool = False) -> list[int]:
        """Positions in sorted ``index`` equal to each probe (-1 when absent)."""
        if index.size == 0 or not probes:
            return [-1] * len(probes)
        keys = np.array([p.encode("ascii") for p in probes], dtype=f"S{MAX_LEN}")
        lo = np.searchsorted(index, keys, side="left")
        if not all_matches:
            at = np.minimum(lo, index.size - 1)
            return [int(a) if index[a] == k else -1 for a, k in zip(at.tolist(), keys, strict=True)]
        hi = np.searchsorted(index, keys, side="right")
        return [i for a, b in zip(lo.tolist(), hi.tolist(), strict=True) for i in range(a, b)]


def _indexable(word: str) -> bool:
    return 0 < len(word) <= MAX_LEN and word.isascii()


def _deletion_index(words: np.ndarray) -> tuple[np.ndarray, npt.NDArray[np.int32]]:
    """Every word with one letter deleted (sorted), and the word each came from."""
    n = words.size
    if n == 0:
        return np.zeros(0, dtype=f"S{MAX_LEN}"), np.zeros(0, np.int32)
    grid = words.view(np.uint8).reshape(n, MAX_LEN)
    lengths = (grid != 0).sum(axis=1)
    keys, owners = [], []
    for j in range(MAX_LEN):
        rows = np.nonzero(lengths > j)[0]
        if rows.size == 0:
            break
        deleted = np.zeros((rows.size, MAX_LEN), dtype=np.uint8)
        deleted[:, :j] = grid[rows, :j]
        deleted[:, j : MAX_LEN - 1] = grid[rows, j + 1 :]
        keys.append(deleted.view(f"S{MAX_LEN}").ravel())
        owners.append(rows.astype(np.int32))
    all_keys = np.concatenate(keys)
    all_owners = np.concatenate(owners)
    order = np.argsort(all_keys, kind="stable")
    return all_keys[order], all_owners[order]


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


#: QWERTY rows (Vietnamese is typed on them, with Telex or VNI for the marks).
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    """Keys next to each letter: same row one key away, or the row above or below
    within three quarters of a key (the rows are staggered by 1/4 and 1/2 key)."""
    at = {
        c: (r, i + (0.0, 0.25, 0.75)[r]) for r, row in enumerate(_ROWS) for i, c in enumerate(row)
    }
    return {
        c: frozenset(
            d
            for d, (r2, x2) in at.items()
            if d != c
            and ((r2 == r and abs(x2 - x) <= 1) or (abs(r2 - r) == 1 and abs(x2 - x) <= 0.75))
        )
        for c, (r, x) in at.items()
    }


_NEAR = _keyboard_neighbours()
#: Extra cost (log-probability) of an edit that puts a particular letter: among the
#: letters a wrong key can give, one next to the right key is likelier (about 1 in 13 of
#: such slips each) than any other (1 in 30).
NEAR_LETTER = math.log(13.0)
FAR_LETTER = math.log(30.0)


def _letter_cost(typed: str, meant: str | None, beside: str) -> float:
    """Cost of typing the letter ``typed`` where ``meant`` was meant (None: an extra letter
    between the letters ``beside``, which it may double or neighbour)."""
    near = set(beside).union(*(_NEAR.get(c, ()) for c in beside))
    if meant is not None:
        near |= _NEAR.get(meant, frozenset())
    return NEAR_LETTER if typed in near else FAR_LETTER


def channel_cost(typed: str, meant: str) -> float:
    """Extra log-cost of typing ``typed`` for ``meant`` beyond the number of edits.

    A noisy channel by kind of edit (Kernighan, Church and Gale 1990): a letter left out
    or two letters swapped only say where the slip was; a wrong or extra letter also says
    which letter, so it costs more, less when the key is next to the right one (or doubles
    a neighbour). The cheapest alignment within optimal string alignment is taken.
    """
    n, m = len(typed), len(meant)
    inf = float("inf")
    # cost[i][j]: (edits, extra) for typed[:i] vs meant[:j], compared as tuples
    cost = [[(inf, inf)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = (0, 0.0)
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            best = (inf, inf)
            if i and j:
                e, x = cost[i - 1][j - 1]
                if typed[i - 1] == meant[j - 1]:
                    best = min(best, (e, x))
                else:
                    best = min(best, (e + 1, x + _letter_cost(typed[i - 1], meant[j - 1], "")))
            if i:  # an extra letter typed
                e, x = cost[i - 1][j]
                beside = (typed[i - 2] if i > 1 else "") + (meant[j] if j < m else "")
                best = min(best, (e + 1, x + _letter_cost(typed[i - 1], None, beside)))
            if j:  # a letter left out
                e, x = cost[i][j - 1]
                best = min(best, (e + 1, x))
            if i > 1 and j > 1 and typed[i - 1] == meant[j - 2] and typed[i - 2] == meant[j - 1]:
                e, x = cost[i - 2][j - 2]
                best = min(best, (e + 1, x))
            cost[i][j] = best
    return float(cost[n][m][1])
