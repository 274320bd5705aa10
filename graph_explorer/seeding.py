"""Seeded randomness for igraph, safe when several users compute at once.

igraph draws from one process-wide random number generator. To make a
layout or a community split reproducible, :func:`igraph_seed` installs a
``random.Random(seed)`` for the duration of one computation, under a lock so
two requests never share (or reseed) it mid-way, then restores the default.

Examples
--------
>>> import igraph as ig
>>> g = ig.Graph.Famous("Zachary")
>>> with igraph_seed(3):
...     a = g.community_multilevel().membership
>>> with igraph_seed(3):
...     b = g.community_multilevel().membership
>>> a == b
True
"""

from __future__ import annotations

import random
import threading
from contextlib import contextmanager

__all__ = ["igraph_seed"]

_LOCK = threading.RLock()


@contextmanager
def igraph_seed(seed: int):
    """Run the body with igraph's generator seeded by ``seed`` (one computation at a time)."""
    import igraph as ig

    with _LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
