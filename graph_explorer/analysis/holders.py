"""Who holds the network together, and how regional each region is.

- :func:`holders`: the articulation points (actors whose departure splits a
  component) and the bridges (links whose loss splits one), from networkx.
- :func:`region_table`: one row per region — actors, links within, links out,
  the E-I index (exactly :func:`~.regions.group_ei_index`), the share of its
  links that stay inside, and its main partner regions.
- :func:`region_matrix`: region × region sums of link weights.
- :func:`removal_actors` / :func:`removal_cooperations`: what a what-if
  question ("without Latvia", "without the Nordic region", "without
  EQAVET") removes from a view's graph.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "b")])
>>> h = holders(G)
>>> h["articulation_points"], h["bridges"]
(['b'], [('a', 'b')])
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import GraphExplorerError
from .regions import _w, group_ei_index, groups

__all__ = ["holders", "region_table", "region_matrix", "removal_actors", "removal_cooperations", "REMOVAL_KINDS"]

#: What a what-if can remove, with the words the answer uses.
REMOVAL_KINDS = {"actor": "actors", "country": "country", "region": "region", "programme": "programme",
                 "cooperation": "cooperation"}


def holders(G: nx.Graph) -> dict:
    """Articulation points and bridges of ``G`` (sorted), and how many actors each point cuts off.

    Returns
    -------
    dict
        ``articulation_points`` (node ids, sorted), ``bridges`` ((u, v) with
        u < v as strings, sorted), ``cut_off``: {point: the number of actors
        that lose every path to the rest of its component without it — all
        but the largest of the pieces left}.

    >>> holders(nx.path_graph(4))["cut_off"]
    {1: 1, 2: 1}
    """
    points = sorted(nx.articulation_points(G), key=str)
    bridges = sorted((tuple(sorted((u, v), key=str)) for u, v in nx.bridges(G)), key=lambda e: (str(e[0]), str(e[1])))
    pieces = _pieces(G, set(points))
    cut_off = {p: sum(pieces[p]) - max(pieces[p]) for p in points}
    return {"articulation_points": points, "bridges": bridges, "cut_off": cut_off}


def _pieces(G: nx.Graph, points: set) -> dict:
    """For each articulation point, the sizes of the pieces its component falls into without it.

    One depth-first search (Hopcroft–Tarjan low points), linear in the graph's size: removing a
    point ``p`` cuts off the subtree of each child ``c`` with ``low(c) >= discovery(p)``, and leaves
    the rest of the component (less ``p``) as one more piece when ``p`` is not the search's root.
    Removing each point and counting components again took minutes at 20,000 actors.
    """
    disc: dict = {}
    low: dict = {}
    size: dict = {}
    root_of: dict = {}
    pieces: dict = {p: [] for p in points}
    clock = 0
    for root in G:
        if root in disc:
            continue
        disc[root] = low[root] = clock
        clock += 1
        size[root], root_of[root] = 1, root
        stack = [(root, None, iter(G[root]))]
        while stack:
            v, parent, neighbours = stack[-1]
            for w in neighbours:
                if w == v:
                    continue
                if w not in disc:
                    disc[w] = low[w] = clock
                    clock += 1
                    size[w], root_of[w] = 1, root
                    stack.append((w, v, iter(G[w])))
                    break
                if w != parent:
                    low[v] = min(low[v], disc[w])
            else:
                stack.pop()
                if parent is not None:
                    low[parent] = min(low[parent], low[v])
                    size[parent] += size[v]
                    if parent in points and low[v] >= disc[parent]:
                        pieces[parent].append(size[v])
    for p, parts in pieces.items():
        rest = size[root_of[p]] - 1 - sum(parts)
        if root_of[p] != p and rest > 0:
            parts.append(rest)
    return pieces


def region_table(G: nx.Graph, attr: str = "region", weight: str | None = None, partners: int = 3) -> pd.DataFrame:
    """One row per region: how much of its cooperation stays inside.

    Parameters
    ----------
    G : networkx.Graph
    attr : str
        The node attribute that names the group ("region"; "country" works too).
    weight : str, optional
        Sum this link attribute instead of counting links (as in
        :func:`~.regions.group_ei_index`).
    partners : int
        How many partner regions to name.

    Returns
    -------
    DataFrame
        region, actors, links_within, links_out, ei_index (= group_ei_index),
        share_within (links within / all its links), partner_regions (the
        regions most of its outside links go to, "Nordic (120), Baltic (40)"),
        sorted by actors (largest first).

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S", "d": "S"}, "region")
    >>> region_table(G)[["region", "links_within", "links_out", "ei_index", "partner_regions"]].to_dict("records")[0]
    {'region': 'N', 'links_within': 1.0, 'links_out': 1.0, 'ei_index': 0.0, 'partner_regions': 'S (1)'}
    """
    ei = group_ei_index(G, attr=attr, weight=weight)
    grp = groups(G, attr)
    out: dict = defaultdict(Counter)
    for u, v, d in G.edges(data=True):
        gu, gv = grp[u], grp[v]
        if gu is None or gv is None or gu == gv:
            continue
        w = _w(d, weight)
        out[gu][gv] += w
        out[gv][gu] += w
    rows = []
    for r in ei.itertuples(index=False):
        total = r.internal + r.external
        top = sorted(out[r.group].items(), key=lambda kv: (-kv[1], str(kv[0])))[:partners]
        rows.append({
            "region": r.group, "actors": int(r.nodes), "links_within": r.internal, "links_out": r.external,
            "ei_index": r.ei_index, "share_within": r.internal / total if total else float("nan"),
            "partner_regions": ", ".join(f"{g} ({_num(n)})" for g, n in top),
        })
    cols = ["region", "actors", "links_within", "links_out", "ei_index", "share_within", "partner_regions"]
    table = pd.DataFrame(rows, columns=cols)
    return table.sort_values(["actors", "region"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def region_matrix(G: nx.Graph, attr: str = "region", weight: str | None = "weight") -> pd.DataFrame:
    """Region × region sums of link weights (symmetric; the diagonal holds the links within a region).

    Regions are in the order of :func:`region_table` (largest first). Links
    with an end without a region are left out.

    >>> G = nx.Graph(); G.add_edge("a", "b", weight=2.0); G.add_edge("b", "c", weight=1.0)
    >>> nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S"}, "region")
    >>> region_matrix(G).to_dict()
    {'N': {'N': 2.0, 'S': 1.0}, 'S': {'N': 1.0, 'S': 0.0}}
    """
    grp = groups(G, attr)
    order = list(region_table(G, attr=attr)["region"])
    at = {g: i for i, g in enumerate(order)}
    sums = np.zeros((len(order), len(order)))  # summed link by link, in the graph's order (as cell updates did)
    for u, v, d in G.edges(data=True):
        gu, gv = grp[u], grp[v]
        if gu is None or gv is None:
            continue
        w = _w(d, weight)
        i, j = at[gu], at[gv]
        sums[i, j] += w
        if i != j:
            sums[j, i] += w
    return pd.DataFrame(sums, index=pd.Index(order, name=attr), columns=pd.Index(order, name=attr))


def removal_actors(G: nx.Graph, kind: str, values) -> list:
    """The nodes of ``G`` that a what-if of ``kind`` removes: the actors given, or those of a country or region.

    Raises :class:`GraphExplorerError` naming the values that match no node,
    with the values that would.

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "LV", "b": "LV", "c": "EE"}, "country")
    >>> removal_actors(G, "country", ["LV"])
    ['a', 'b']
    """
    values = [v for v in dict.fromkeys(values) if v not in (None, "")]
    if not values:
        raise GraphExplorerError(f"Choose at least one {REMOVAL_KINDS.get(kind, kind)} to remove.")
    if kind == "actor":
        missing = [v for v in values if v not in G]
        if missing:
            raise GraphExplorerError(f"Not in this view: {', '.join(map(str, missing))}.")
        return values
    if kind not in ("country", "region"):
        raise GraphExplorerError(f"{kind!r} removes cooperations, not actors.")
    present = {d.get(kind) for _, d in G.nodes(data=True)} - {None}
    missing = [v for v in values if v not in present]
    if missing:
        raise GraphExplorerError(f"No actor of {kind} {', '.join(map(str, missing))} in this view. "
                                 f"In view: {', '.join(sorted(map(str, present)))}.")
    wanted = set(values)
    return sorted((n for n, d in G.nodes(data=True) if d.get(kind) in wanted), key=str)


def removal_cooperations(G: nx.Graph, cooperations: pd.DataFrame, kind: str, values) -> list[str]:
    """The cooperation ids a what-if of ``kind`` ("programme" or "cooperation") takes away from ``G``.

    Only cooperations behind at least one link of the view count.
    """
    values = [v for v in dict.fromkeys(values) if v not in (None, "")]
    if not values:
        raise GraphExplorerError(f"Choose at least one {kind} to remove.")
    in_view = set()
    for _, _, d in G.edges(data=True):
        in_view.update(d.get("cooperations") or ())
    if kind == "cooperation":
        ids = [v for v in values if v in in_view]
        missing = [v for v in values if v not in in_view]
    elif kind == "programme":
        coops = cooperations[cooperations["id"].isin(in_view)]
        ids = sorted(coops.loc[coops["programme"].isin(values), "id"])
        missing = [v for v in values if v not in set(coops["programme"].dropna())]
    else:
        raise GraphExplorerError(f"{kind!r} removes actors, not cooperations.")
    if missing:
        raise GraphExplorerError(f"No link of this view comes from {kind} {', '.join(map(str, missing))}.")
    return ids
