"""The one LRU cache helper."""

from __future__ import annotations

from archive.cache import LRU


def test_evicts_least_recently_used_by_weight() -> None:
    cache: LRU[str, list[int]] = LRU(5, weigh=len)
    cache.put("a", [1, 2])
    cache.put("b", [1, 2])
    assert cache.get("a") == [1, 2]  # a is now the most recent
    cache.put("c", [1, 2])  # 6 > 5: b goes
    assert "b" not in cache and "a" in cache and "c" in cache
    cache.put("big", list(range(9)))  # heavier than the limit: kept alone
    assert len(cache) == 1 and cache.get("big") is not None


def test_get_or_compute_computes_once_when_cached() -> None:
    calls: list[int] = []
    cache: LRU[int, int] = LRU(10)
    for _ in range(3):
        assert cache.get_or_compute(7, lambda: calls.append(1) or 49) == 49
    assert calls == [1]
