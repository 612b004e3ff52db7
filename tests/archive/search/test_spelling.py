"""The bounded-time typo index."""

from __future__ import annotations

import numpy as np

from archive.search.spelling import Spelling, edit_distance

VOCAB = ["duong", "dương", "hai", "nguoi", "noi", "thuong", "tuong", "chinh", "phu", "x1"]
DF = np.array([500, 9, 400, 300, 200, 50, 80, 120, 90, 5])


def test_one_edit_of_every_kind() -> None:
    sp = Spelling(VOCAB, DF)
    assert sp.correct("duonh") == "duong"  # substitution
    assert sp.correct("ngutoi") == "nguoi"  # insertion
    assert sp.correct("chnh") == "chinh"  # deletion
    assert sp.correct("hia") == "hai"  # transposition
    assert sp.correct("tuomg") == "tuong"  # the most frequent of the candidates one edit away


def test_two_extra_letters_and_limits() -> None:
    sp = Spelling(VOCAB, DF)
    assert sp.correct("nguoiii") == "nguoi"
    assert sp.correct("hai") is None  # known words are never corrected
    assert sp.correct("zzzzzz") is None
    assert sp.correct("ab") is None  # too short to tell
    assert sp.correct("đường") is None  # not folded
    assert sp.frequency("duong") == 500 and sp.frequency("x1") == 0  # only letter words


def test_rare_words_are_not_offered() -> None:
    sp = Spelling(["hai", "haii"], np.array([100, 1]))
    assert sp.frequency("haii") == 0 and sp.correct("haiii") == "hai"


def testedit_distance_distance() -> None:
    assert (
        edit_distance("abc", "abc") == 0
        and edit_distance("abc", "acb") == 1
        and edit_distance("", "ab") == 2
    )
    assert edit_distance("kitten", "sitting") == 3


def test_empty_vocabulary() -> None:
    assert Spelling([], np.zeros(0, np.int64)).correct("duonh") is None
