"""A small, thread-safe LRU cache keyed by content.

The app serves several users from one process; the only state shared between
them is read-only data and results cached under a key that names the content
they were computed from (a dataset fingerprint plus the options), so a cache
never serves results for different data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

__all__ = ["ContentCache"]

T = TypeVar("T")


class ContentCache:
    """An LRU of at most ``maxsize`` results.

    Examples
    --------
    >>> cache = ContentCache(maxsize=2)
    >>> cache.get_or_compute(("fp1", "country"), lambda: 41 + 1)
    42
    >>> cache.get_or_compute(("fp1", "country"), lambda: 0)  # served, not recomputed
    42
    >>> cache.hits, cache.misses
    (1, 1)
    """

    def __init__(self, maxsize: int = 32):
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing it once (per key) if absent."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]  # type: ignore[return-value]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # one computation per key even when many users ask at once
            with self._lock:
                if key in self._data:
                    self.hits += 1
                    return self._data[key]  # type: ignore[return-value]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._key_locks.pop(key, None)  # a failure is not kept: the next request tries again
                raise
            with self._lock:
                self.misses += 1
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)
                self._key_locks.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
