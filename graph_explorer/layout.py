"""Node positions: force-directed, geographic, circular by region — seeded and cached.

Positions are computed once per (dataset fingerprint, level, weighting,
layout, seed) on the whole, unfiltered graph of that level, then every
filtered view shows its nodes at the same places. So a filter never
recomputes a layout, and the picture keeps its shape as a person narrows it
(the mental map stays).

The force layout runs on igraph (Fruchterman–Reingold, compiled: about
0.4 s for 5,000 nodes / 25,000 links, against ~46 s for networkx's spring
layout), started from positions drawn with ``seed``, so the same seed gives
the same picture.

Examples
--------
>>> import networkx as nx
>>> G = nx.karate_club_graph()
>>> a = force_layout(G, seed=1)
>>> b = force_layout(G, seed=1)
>>> bool((a == b).all().all()), a.shape
(True, (34, 2))
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from .cache import ContentCache
from .seeding import igraph_seed
from .view import ViewSpec

__all__ = ["positions", "layout_spec", "force_layout", "force_layout_arrays", "geo_layout", "circular_layout", "REGION_ORDER",
           "FORCE_LAYOUT_VERSION", "disk_key"]

_CACHE = ContentCache(maxsize=24)

#: Regions around the circle, roughly west → east, then the rest.
REGION_ORDER = ("Nordic", "Baltic", "Central and Eastern", "Western Balkans", "Southern", "Western", "Other")

_GOLDEN = math.pi * (3 - math.sqrt(5))


def force_layout(G: nx.Graph, seed: int = 42, weight: str | None = "weight") -> pd.DataFrame:
    """Fruchterman–Reingold positions in [-1, 1]², one row per node (index = node id).

    Parameters
    ----------
    G : networkx.Graph
    seed : int
        Seeds the starting positions; the same seed gives the same layout.
    weight : str or None
        Edge attribute pulling linked nodes closer (log-damped so a few heavy
        links do not collapse the picture).
    """
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    w = None
    if weight and edges:
        w = np.array([d.get(weight, 1.0) or 1.0 for _, _, d in G.edges(data=True)], dtype=float)
    return _force(nodes, edges, w, seed)


def force_layout_arrays(node_ids, source, target, weights=None, seed: int = 42) -> pd.DataFrame:
    """:func:`force_layout` of a graph given as arrays, without building a networkx graph.

    The links are handed to igraph in the order ``force_layout`` would see them
    for ``nx.Graph`` built by adding ``node_ids`` and then the links in row
    order (networkx lists a link from its endpoint added first, in the order
    of the rows), so both give the same positions, bit for bit.

    Parameters
    ----------
    node_ids : sequence
        The nodes, in order.
    source, target : sequences
        Link ends (node ids), one row per link, no repeated pair.
    weights : sequence of float, optional
    seed : int

    >>> G = nx.karate_club_graph()
    >>> ends = np.array(list(G.edges()))
    >>> w = [d["weight"] for _, _, d in G.edges(data=True)]
    >>> a = force_layout_arrays(list(G), ends[:, 0], ends[:, 1], w, seed=3)
    >>> bool((a == force_layout(G, seed=3)).all().all())
    True
    """
    nodes = list(node_ids)
    index = pd.Index(nodes)
    s = index.get_indexer(pd.Index(source))
    t = index.get_indexer(pd.Index(target))
    if len(s) and (s.min() < 0 or t.min() < 0):
        raise ValueError("every link end must be one of node_ids")
    first = np.minimum(s, t)
    second = np.maximum(s, t)
    order = np.lexsort((np.arange(len(s)), first))
    edges = list(zip(first[order].tolist(), second[order].tolist()))
    w = None
    if weights is not None and len(edges):
        w = np.asarray(weights, dtype=float)[order]
        w = np.where(np.isnan(w) | (w == 0), 1.0, w)  # as ``d.get(weight) or 1.0`` on a networkx graph
    return _force(nodes, edges, w, seed)


def _force(nodes: list, edges: list[tuple[int, int]], w: np.ndarray | None, seed: int) -> pd.DataFrame:
    """Each connected component laid out on its own, then the components packed (see :func:`pack_components`).

    A force layout of a disconnected graph flings small components far from
    the main one, leaving it a dot in the middle of the picture; laying each
    out alone and packing them keeps every part readable.
    """
    import igraph as ig

    n = len(nodes)
    if n == 0:
        return pd.DataFrame({"x": [], "y": []})
    g = ig.Graph(n=n, edges=edges)
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n)
    weights = None if w is None else 1.0 + np.log1p(np.asarray(w, dtype=float))
    membership = np.asarray(g.connected_components().membership)
    parts: list[tuple[np.ndarray, np.ndarray]] = []  # (node indices, local positions)
    with igraph_seed(seed):
        for comp in _components_by_size(membership):
            if len(comp) <= 2:
                local = np.array([[0.0, 0.0], [1.0, 0.0]])[: len(comp)]
            else:
                sub = g.subgraph(comp.tolist())
                kw = {}
                if weights is not None:
                    eids = g.get_eids([(int(comp[a]), int(comp[b])) for a, b in sub.get_edgelist()])
                    kw["weights"] = weights[eids].tolist()
                local = np.array(sub.layout_fruchterman_reingold(seed=start[comp].tolist(), niter=500,
                                                                 grid="auto", **kw).coords)
            parts.append((comp, local))
    xy = pack_components([local for _, local in parts])
    out = np.empty((n, 2))
    for (comp, _), placed in zip(parts, xy):
        out[comp] = placed
    return _normalise(pd.DataFrame(out, index=pd.Index(nodes, name="id"), columns=["x", "y"]))


def _components_by_size(membership: np.ndarray) -> list[np.ndarray]:
    """Node indices of each component, largest first (ties: the one with the smallest node first)."""
    order = np.argsort(membership, kind="stable")
    labels, starts = np.unique(membership[order], return_index=True)
    comps = np.split(order, starts[1:])
    return sorted(comps, key=lambda c: (-len(c), int(c.min())))


def pack_components(layouts: list[np.ndarray], gap: float = 0.6) -> list[np.ndarray]:
    """Place component layouts (largest first) without overlap: the largest on top, the rest in rows below.

    Each component is scaled to a disc whose area grows with its node count,
    so node density is alike across components; the rows are as wide as the
    largest component (or wider when many small ones need the room).

    >>> out = pack_components([np.array([[0, 0], [2, 0], [1, 2.0]]), np.array([[0, 0.0]])])
    >>> [a.shape for a in out]
    [(3, 2), (1, 2)]
    >>> bool(out[1][0, 1] < out[0][:, 1].min())  # the small one sits below the large one
    True
    """
    if not layouts:
        return []
    radii = [0.5 * math.sqrt(len(xy)) + 0.5 for xy in layouts]
    scaled = []
    for xy, r in zip(layouts, radii):
        c = xy - xy.mean(axis=0)
        extent = float(np.abs(c).max()) if len(c) > 1 else 0.0
        scaled.append(c / extent * r if extent > 0 else c)
    total_area = sum((2 * r + gap) ** 2 for r in radii)
    width = max(2 * radii[0], math.sqrt(total_area) * 1.1)
    out = [scaled[0]]  # the largest component, centred at the origin
    y = -radii[0] - gap
    x = -width / 2
    row_height = 0.0
    for xy, r in zip(scaled[1:], radii[1:]):
        if x + 2 * r > width / 2 and x > -width / 2:
            y -= row_height + gap
            x = -width / 2
            row_height = 0.0
        out.append(xy + np.array([x + r, y - r]))
        x += 2 * r + gap
        row_height = max(row_height, 2 * r)
    return out


def _normalise(df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return df
    centred = df - df.mean()
    scale = float(np.abs(centred.to_numpy()).max()) or 1.0
    return centred / scale


def geo_layout(nodes: pd.DataFrame, seed: int = 42) -> pd.DataFrame:
    """Longitude/latitude of each node; actors at the same place are spread on a small spiral.

    Many organisations have only their country's location; a golden-angle
    spiral around it (ordered by id, so it is stable) keeps them apart.
    Nodes with no location are placed in a row south-west of Europe.

    >>> nodes = pd.DataFrame({"id": ["a", "b", "c"], "lat": [56.95, 56.95, 52.5], "lon": [24.1, 24.1, 13.4]})
    >>> geo_layout(nodes).round(2).values.tolist()
    [[24.1, 56.95], [23.89, 57.07], [13.4, 52.5]]
    """
    df = nodes[["id", "lat", "lon"]].copy()
    df["lat"] = pd.to_numeric(df["lat"], errors="coerce")
    df["lon"] = pd.to_numeric(df["lon"], errors="coerce")
    df = df.sort_values("id", kind="stable")
    known = df["lat"].notna() & df["lon"].notna()
    k = df[known].groupby(["lat", "lon"]).cumcount().to_numpy()
    r = 0.18 * np.sqrt(k)
    theta = k * _GOLDEN
    x = df.loc[known, "lon"].to_numpy() + r * np.cos(theta) / max(math.cos(math.radians(50)), 0.3)
    y = df.loc[known, "lat"].to_numpy() + r * np.sin(theta)
    out = pd.DataFrame({"x": np.nan, "y": np.nan}, index=pd.Index(df["id"], name="id"))
    out.loc[known.to_numpy(), "x"] = x
    out.loc[known.to_numpy(), "y"] = y
    missing = int((~known).sum())
    if missing:
        i = np.arange(missing)
        out.loc[(~known).to_numpy(), "x"] = -10.0 + (i % 20) * 0.6
        out.loc[(~known).to_numpy(), "y"] = 36.0 - (i // 20) * 0.6
    return out.reindex(nodes["id"])


def circular_layout(nodes: pd.DataFrame, degree: pd.Series | None = None) -> pd.DataFrame:
    """Regions as arcs of one circle (in :data:`REGION_ORDER`), nodes by degree within each arc.

    >>> nodes = pd.DataFrame({"id": ["a", "b"], "region": ["Baltic", "Nordic"]})
    >>> (circular_layout(nodes).round(3) + 0.0).values.tolist()  # Nordic first, at angle 0
    [[-1.0, 0.0], [1.0, 0.0]]
    """
    df = nodes[["id", "region"]].copy()
    df["region"] = df["region"].fillna("Other")
    df["deg"] = 0 if degree is None else degree.reindex(df["id"]).fillna(0).to_numpy()
    order = {r: i for i, r in enumerate(REGION_ORDER)}
    df["r_order"] = df["region"].map(lambda r: order.get(r, len(order)))
    df = df.sort_values(["r_order", "region", "deg", "id"], ascending=[True, True, False, True], kind="stable")
    n = len(df)
    if n == 0:
        return pd.DataFrame({"x": [], "y": []})
    gap = (df["region"] != df["region"].shift()).cumsum().to_numpy() - 1  # one empty slot between regions
    slots = np.arange(n) + gap
    total = n + gap[-1] + (1 if gap[-1] > 0 else 0)
    angle = 2 * math.pi * slots / total
    out = pd.DataFrame({"x": np.cos(angle), "y": np.sin(angle)}, index=pd.Index(df["id"], name="id"))
    return out.reindex(nodes["id"])


def positions(dataset, spec: ViewSpec, disk=None) -> pd.DataFrame:
    """Positions of every node of the view's level, for ``spec.layout`` (index = node id, columns x, y).

    Computed on the unfiltered graph of the level and weighting and cached,
    so filtered views reuse them. ``geo`` gives longitude (x) and latitude (y).
    Force layouts are also kept on disk (:mod:`graph_explorer.diskcache`),
    keyed by the data's fingerprint, so a large dataset is laid out once per
    machine; ``disk`` names another :class:`~graph_explorer.diskcache.DiskCache`
    to use (default: the one the environment configures, if any).
    """
    base_spec = layout_spec(spec)
    key = ("positions", dataset.fingerprint, base_spec.to_query())
    return _CACHE.get_or_compute(key, lambda: _compute_or_load(dataset, base_spec, disk))


def layout_spec(spec: ViewSpec) -> ViewSpec:
    """The view whose layout ``spec`` shows: its level, weighting, layout and seed (and backbone, if force).

    Two views with the same layout view draw every node at the same place.

    >>> layout_spec(ViewSpec(level="country", themes=("green",), layout="circular")).to_query()
    'level=country&layout=circular'
    """
    # a backbone is another graph: it gets a layout of its own (of the level's backbone, so that
    # filtered backbone views share it); a force layout of every link would hide its structure
    bb = (spec.backbone, spec.min_ratio) if spec.layout == "force" else (None, 0.0)
    return ViewSpec(level=spec.level, weight=spec.weight, layout=spec.layout, seed=spec.seed,
                    backbone=bb[0], min_ratio=bb[1])


#: Part of the on-disk key of force layouts: bump it when the layout computation changes.
FORCE_LAYOUT_VERSION = 2


def disk_key(dataset, spec: ViewSpec) -> tuple:
    """The key of a force layout in the disk cache (fingerprint first)."""
    import igraph as ig

    extra = (spec.backbone, spec.min_ratio) if spec.backbone is not None or spec.min_ratio else ()
    return (dataset.fingerprint, spec.level, spec.weight, spec.layout, spec.seed, FORCE_LAYOUT_VERSION,
            ig.__version__, *extra)


def _compute_or_load(dataset, spec: ViewSpec, disk) -> pd.DataFrame:
    if spec.layout != "force":  # geographic and circular layouts take milliseconds
        return _compute(dataset, spec)
    if disk is None:
        from .diskcache import default_cache

        disk = default_cache()
    if disk is None:
        return _compute(dataset, spec)
    return disk.get_or_compute("positions", disk_key(dataset, spec), lambda: _compute(dataset, spec))


def _compute(dataset, spec: ViewSpec) -> pd.DataFrame:
    from .network import project

    p = project(dataset, spec)
    if spec.layout == "force":
        e = p.edges
        return force_layout_arrays(p.nodes["id"].to_numpy(), e["source"].to_numpy(), e["target"].to_numpy(),
                                   e["weight"].to_numpy(float), seed=spec.seed)
    if spec.layout == "geo":
        return _geo_with_cooperations(p, spec.seed)
    degree = pd.concat([p.edges["source"], p.edges["target"]]).value_counts()
    return circular_layout(p.nodes, degree)


def _geo_with_cooperations(p, seed: int) -> pd.DataFrame:
    """Geographic positions; at the bipartite level a cooperation sits at the mean of its members."""
    pos = geo_layout(p.nodes, seed)
    coop = (p.nodes["kind"] == "cooperation").to_numpy()
    if coop.any():
        e = p.edges.merge(pos, left_on="source", right_index=True)
        mean = e.groupby("target")[["x", "y"]].mean()
        ids = p.nodes["id"][coop]
        pos.loc[ids.to_numpy(), ["x", "y"]] = mean.reindex(ids).to_numpy()
    return pos
