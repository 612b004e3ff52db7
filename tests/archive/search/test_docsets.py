"""The set algebra of scored document sets."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from archive.search import docsets as ds

docsets = st.lists(st.integers(0, 200), unique=True).map(
    lambda xs: (np.array(sorted(xs), np.int32), np.ones(len(xs), np.float32))
)


@given(docsets, docsets)
def test_intersect_and_union_are_set_operations(a: ds.DocSet, b: ds.DocSet) -> None:
    inter, union = ds.intersect(a, b), ds.union([a, b])
    assert inter[0].tolist() == sorted(set(a[0].tolist()) & set(b[0].tolist()))
    assert union[0].tolist() == sorted(set(a[0].tolist()) | set(b[0].tolist()))
    assert set(inter[1].tolist()) <= {2.0}  # both scores added
    both = np.isin(union[0], inter[0])
    assert (union[1][both] == 2.0).all() and (union[1][~both] == 1.0).all()


@given(docsets, docsets)
def test_exclude_restrict_and_boost(a: ds.DocSet, b: ds.DocSet) -> None:
    assert ds.exclude(a, b[0])[0].tolist() == sorted(set(a[0].tolist()) - set(b[0].tolist()))
    assert ds.restrict(a, b[0])[0].tolist() == ds.intersect(a, b)[0].tolist()
    boosted = ds.boost_where(a, b)
    assert boosted[0].tolist() == a[0].tolist()
    assert boosted[1].sum() == a[1].sum() + ds.intersect(a, b)[0].size


def test_intersect_all_of_nothing() -> None:
    assert ds.intersect_all([])[0].size == 0
