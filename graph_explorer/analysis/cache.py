"""Results cached per graph, keyed by what the graph was built from.

A graph made by :func:`graph_explorer.network.build_graph` carries the
fingerprint of its dataset and the query of its view in ``G.graph``; together
they name its content. A graph derived from another (an ego network, a what-if
removal) says so in ``G.graph["derived"]``, which is part of the key too. A
graph with no fingerprint (hand-made, from a file) is named by a hash of its
nodes and edges with their attributes, so a cache never serves results
computed on different data.

The node and edge counts are part of the key as a cheap guard against a graph
changed in place after it was built; code that changes a built graph's
weights or attributes in place must drop ``G.graph["fingerprint"]``.

Examples
--------
>>> import networkx as nx
>>> G = nx.path_graph(3)
>>> calls = []
>>> cached(G, "n", {}, lambda: calls.append(1) or G.number_of_nodes())
3
>>> cached(nx.path_graph(3), "n", {}, lambda: calls.append(1) or 0)  # same content: served
3
>>> len(calls)
1
"""

from __future__ import annotations

import copy
import hashlib
from typing import Callable, TypeVar

import networkx as nx
import pandas as pd

from ..cache import ContentCache

__all__ = ["graph_key", "cached", "clear_cache", "ANALYSIS_CACHE"]

T = TypeVar("T")

#: One cache for every analysis result of this process (thread-safe LRU).
ANALYSIS_CACHE = ContentCache(maxsize=128)


def graph_key(G: nx.Graph) -> tuple:
    """A hashable name for the content of ``G``.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    tuple
        ``("view", fingerprint, query, level, weighting, derived, n, m)`` when
        ``G.graph`` has a fingerprint, else ``("content", sha256 of nodes and
        edges with their attributes)``.

    Examples
    --------
    >>> G = nx.Graph(fingerprint="abc", query="level=country")
    >>> G.add_edge("LV", "FI", weight=1.0)
    >>> graph_key(G)
    ('view', 'abc', 'level=country', '', '', '', 2, 1)
    >>> graph_key(nx.path_graph(2))[0]
    'content'
    """
    g = G.graph
    fp = g.get("fingerprint")
    if fp:
        return ("view", str(fp), str(g.get("query", "")), str(g.get("level", "")), str(g.get("weighting", "")),
                str(g.get("derived", "")), G.number_of_nodes(), G.number_of_edges())
    return ("content", _content_hash(G))


def _content_hash(G: nx.Graph) -> str:
    h = hashlib.sha256()
    h.update(repr(sorted(G.graph.items(), key=repr)).encode())
    for row in sorted(repr((n, sorted(d.items(), key=repr))) for n, d in G.nodes(data=True)):
        h.update(row.encode())
        h.update(b"\x1e")
    h.update(b"\x1d")
    for row in sorted(repr((*sorted((u, v), key=repr), sorted(d.items(), key=repr))) for u, v, d in G.edges(data=True)):
        h.update(row.encode())
        h.update(b"\x1e")
    return h.hexdigest()


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_freeze(v) for v in value]
        return tuple(sorted(items, key=repr)) if isinstance(value, (set, frozenset)) else tuple(items)
    return value


def cached(G: nx.Graph, name: str, options: dict, compute: Callable[[], T]) -> T:
    """``compute()`` once per (content of ``G``, ``name``, ``options``); later calls are served.

    The value handed back is a copy, so a caller that changes it does not
    change what the next caller gets.
    """
    key = (graph_key(G), name, _freeze(options))
    return _copy(ANALYSIS_CACHE.get_or_compute(key, compute))


def _copy(value):
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy()
    if isinstance(value, (dict, list)):
        return copy.deepcopy(value)
    return value


def clear_cache() -> None:
    """Forget every cached analysis result (benchmarks measure cold runs with it)."""
    ANALYSIS_CACHE.clear()
