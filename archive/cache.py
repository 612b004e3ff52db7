"""One small thread-safe LRU cache, bounded by entries or by a weight (postings, bytes).

The lock guards only the dictionary operations (microseconds); a value is computed outside
it, so two threads missing the same key may both compute it — never wait for each other.

>>> cache: LRU[str, int] = LRU(2)
>>> cache.get_or_compute("a", lambda: 1), cache.get_or_compute("b", lambda: 2)
(1, 2)
>>> cache.get_or_compute("c", lambda: 3), "a" in cache
(3, False)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """Least-recently-used cache holding at most ``limit`` weight (each entry weighs
    ``weigh(value)``, 1 by default)."""

    def __init__(self, limit: int, weigh: Callable[[V], int] | None = None) -> None:
        self.limit = limit
        self._weigh = weigh
        self._data: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def __contains__(self, key: K) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: K) -> V | None:
        """Return the cached value (marking it recent), or None."""
        with self._lock:
            found = self._data.get(key)
            if found is None:
                return None
            self._data.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> V:
        """Cache ``value`` under ``key`` and return it; evict the oldest past the limit."""
        weight = self._weigh(value) if self._weigh else 1
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._total -= old[1]
            self._data[key] = (value, weight)
            self._total += weight
            while self._total > self.limit and len(self._data) > 1:
                _, (_, w) = self._data.popitem(last=False)
                self._total -= w
        return value

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """Return the cached value, computing and caching it on a miss."""
        found = self.get(key)
        if found is not None:
            return found
        return self.put(key, compute())


C = TypeVar("C")


class NamedCaches:
    """A snapshot's caches by name (the search stages' structures), each made once."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str, make: Callable[[], C]) -> C:
        """The cache called ``name``, made by ``make()`` on first use."""
        found = self._made.get(name)
        if found is None:
            with self._lock:
                found = self._made.setdefault(name, make())
        return found
