"""Dataset + ViewSpec → the graph shown: projection, weights, filters.

Levels
------
``organisation``
    Actors are nodes; two actors are linked when they take part in the same
    cooperation.
``country``
    Actors fold into their country (the Belgian communities into BE); actors
    with no country (networks, unspecified groups) stay nodes of their own.
    Two nodes of the same country are one node, so same-country pairs are not
    links.
``bipartite``
    Cooperations are nodes beside the actors (id ``coop:<id>``), each actor
    linked to the cooperations it takes part in — faithful to multi-partner
    consortia.

Weights
-------
``count``
    the number of shared cooperations;
``newman``
    Newman's collaboration weight, the sum over shared cooperations of
    1/(n−1), n being the number of distinct nodes of that cooperation at this
    level — so a 56-partner consortium does not outweigh a bilateral agreement.

A cooperation with a ``weight`` (an edge weight read from Gephi, GEXF or
GraphML, or a links file's ``weight``) counts that much instead of 1: ``count``
weighting adds the weights, ``newman`` adds weight/(n−1). The ``count``
column of a link stays the number of cooperations behind it. Cooperations
without a weight count 1, so data without weights gives the same answers as
before weights existed.

Every link keeps its cooperations (ids), their kinds and themes, and the
first and last year. The work that grows with pairs is done once per
(dataset fingerprint, level) in numpy and cached; filters then mask that
table, so a filter change costs a group-by, not a new projection.

Examples
--------
>>> from graph_explorer.network import project
>>> from graph_explorer.testing import tiny_dataset
>>> p = project(tiny_dataset())
>>> p.edges[["source", "target", "count"]].to_dict("records")[:2]
[{'source': 'a', 'target': 'b', 'count': 2}, {'source': 'a', 'target': 'c', 'count': 1}]
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from .cache import ContentCache
from .view import ViewSpec

__all__ = ["Projection", "project", "build_graph", "to_networkx", "COOP_PREFIX", "cooperation_mask", "level_node_ids",
           "cooperation_years", "cooperation_partners", "k_core_mask",
           "kept_cooperations", "level_nodes"]

#: Prefix of cooperation node ids at the bipartite level.
COOP_PREFIX = "coop:"

_CACHE = ContentCache(maxsize=16)
_NODE_IDS = ContentCache(maxsize=16)
_PARTNERS = ContentCache(maxsize=16)


@dataclass(frozen=True, eq=False)
class Projection:
    """The graph of one view as two tables (the fast path; see :func:`to_networkx`).

    Attributes
    ----------
    nodes : DataFrame
        id, label, kind, country, region, lat, lon, n_cooperations (kept
        cooperations the node takes part in), n_actors (actors folded into it).
    edges : DataFrame
        source, target (source < target), weight, count, newman,
        cooperations (tuple of ids), kinds, themes (tuples), start, end;
        expected (weight under a configuration model with the same
        strengths), ratio (weight ÷ expected) and alpha (the disparity
        filter's significance), all three computed on the view's links
        before any backbone (see :mod:`graph_explorer.backbone`).
    cooperation_ids : tuple
        The cooperations that passed the filters.
    cooperation_weights : dict
        The weights of those of them whose weight is not 1 (usually none).
    """

    level: str
    weighting: str
    nodes: pd.DataFrame
    edges: pd.DataFrame
    cooperation_ids: tuple[str, ...]
    fingerprint: str
    query: str
    cooperation_weights: dict = None
    #: what the backbone (``backbone``/``min_ratio``) kept, see :func:`graph_explorer.backbone.backbone_summary`
    backbone: dict | None = None
    #: each link's source and target as row numbers of ``nodes`` (None when not known: look the ids up)
    ends: tuple[np.ndarray, np.ndarray] | None = None

    def end_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Each link's source and target as row numbers of ``nodes`` (-1 for an id ``nodes`` lacks)."""
        if self.ends is not None:
            return self.ends
        index = pd.Index(self.nodes["id"])
        return index.get_indexer(self.edges["source"]), index.get_indexer(self.edges["target"])

    @property
    def n_nodes(self) -> int:
        return len(self.nodes)

    @property
    def n_edges(self) -> int:
        return len(self.edges)


# -- per (dataset, level): memberships and pairs, computed once -----------------


@dataclass(frozen=True, eq=False)
class _Base:
    """Everything about one (dataset, level) that no filter changes."""

    node_ids: np.ndarray  # node code -> id
    node_attrs: pd.DataFrame  # one row per node code
    member_coop: np.ndarray  # membership rows: cooperation index
    member_node: np.ndarray  # membership rows: node code
    pair_a: np.ndarray  # pair rows (a < b by code), one per (pair, cooperation), sorted by (a, b, cooperation)
    pair_b: np.ndarray
    pair_coop: np.ndarray
    pair_inv: np.ndarray  # 1/(n-1) of that cooperation at this level
    coop_weight: np.ndarray  # per cooperation: its weight (1 when the data gives none)
    coop_kind_bits: np.ndarray  # per cooperation
    coop_theme_bits: np.ndarray
    coop_start: np.ndarray  # float, NaN when unknown
    coop_end: np.ndarray
    coop_single: np.ndarray  # per cooperation: the tuple of its id alone (the cooperations of most links)
    kind_names: tuple[str, ...]
    theme_names: tuple[str, ...]


def _bits(values: list[tuple[str, ...]], names: list[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    out = np.zeros(len(values), dtype=np.int64)
    for row, items in enumerate(values):
        m = 0
        for it in items:
            m |= 1 << index[it]
        out[row] = m
    return out


def _decode(bits: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Bit masks → tuples of names (an object array; one tuple per distinct mask, shared)."""
    bits = np.asarray(bits, dtype=np.int64)
    uniq, inv = np.unique(bits, return_inverse=True)
    table = np.fromiter((tuple(n for i, n in enumerate(names) if b >> i & 1) for b in uniq.tolist()),
                        dtype=object, count=len(uniq))
    return table[inv.reshape(-1)]


def _groups(values: np.ndarray, starts: np.ndarray, singles: np.ndarray | None = None, codes=None) -> np.ndarray:
    """``values`` cut at ``starts`` into tuples (an object array), as ``np.split`` would but faster.

    With ``singles`` (the one-value tuple of each code) and ``codes`` (the code of each value), a group of one
    value is that shared tuple, not a new one.

    >>> _groups(np.array(["a", "b", "c"], dtype=object), np.array([0, 2])).tolist()
    [('a', 'b'), ('c',)]
    """
    n = len(starts)
    bounds = np.append(starts, len(values))
    out = np.empty(n, dtype=object)
    many = np.arange(n) if singles is None else np.flatnonzero(np.diff(bounds) > 1)
    if singles is not None:
        one = np.diff(bounds) == 1
        out[one] = singles[codes[starts[one]]]
    if len(many):
        items = values.tolist()
        lo, hi = bounds[many].tolist(), bounds[many + 1].tolist()
        out[many] = np.fromiter((tuple(items[a:b]) for a, b in zip(lo, hi)), dtype=object, count=len(many))
    return out


def _node_table(dataset, level: str) -> tuple[pd.Series, pd.DataFrame]:
    """(node key per actor row, attributes per node) at ``level``."""
    actors = dataset.actors
    countries = dataset.countries.set_index("code")
    base_cols = ["id", "label", "kind", "country", "region", "lat", "lon"]
    actor_nodes = pd.DataFrame({
        "id": actors["id"], "label": actors["name"], "kind": actors["kind"], "country": actors["country"],
        "region": actors["region"], "lat": actors["lat"], "lon": actors["lon"],
    })
    if level != "country":
        return actors["id"], actor_nodes[base_cols]
    has_country = actors["country"].notna() & (actors["country"].astype(str) != "")
    key = actors["id"].where(~has_country, actors["country"])
    folded_codes = pd.unique(key[has_country])
    known = countries.reindex(folded_codes)
    country_nodes = pd.DataFrame({
        "id": folded_codes, "label": known["name"].fillna(pd.Series(folded_codes, index=known.index)).values,
        "kind": "country", "country": folded_codes, "region": known["region"].values,
        "lat": known["lat"].values, "lon": known["lon"].values,
    })
    others = actor_nodes[~has_country.values]
    return key, pd.concat([country_nodes, others], ignore_index=True)[base_cols]


def _build_base(dataset, level: str) -> _Base:
    coops = dataset.cooperations.reset_index(drop=True)
    coop_index = pd.Series(np.arange(len(coops)), index=coops["id"])
    actor_key, node_attrs = _node_table(dataset, level)
    actor_to_key = pd.Series(actor_key.values, index=dataset.actors["id"].values)

    part = dataset.participations
    coop_idx = coop_index.reindex(part["cooperation_id"]).to_numpy()
    keys = actor_to_key.reindex(part["actor_id"]).to_numpy()
    node_attrs = node_attrs.drop_duplicates("id").sort_values("id", kind="stable").reset_index(drop=True)
    node_code = pd.Series(np.arange(len(node_attrs)), index=node_attrs["id"])
    codes = node_code.reindex(keys).to_numpy()
    ok = ~(pd.isna(coop_idx) | pd.isna(codes))
    mem = pd.DataFrame({"coop": coop_idx[ok].astype(np.int64), "node": codes[ok].astype(np.int64)})
    mem = mem.drop_duplicates().sort_values(["coop", "node"], kind="stable").reset_index(drop=True)

    # all pairs within each cooperation, vectorised: a self-join on the cooperation
    size = mem.groupby("coop")["node"].transform("size").to_numpy()
    left = mem.assign(size=size)
    joined = left.merge(mem, on="coop", suffixes=("_a", "_b"))
    joined = joined[joined["node_a"] < joined["node_b"]]
    # in the order a projection adds them up (pair, then cooperation): a filter's mask keeps that order
    joined = joined.iloc[np.lexsort((joined["coop"].to_numpy(), joined["node_b"].to_numpy(),
                                     joined["node_a"].to_numpy()))]
    inv = 1.0 / (joined["size"].to_numpy() - 1.0)

    if "weight" in coops:
        coop_weight = pd.to_numeric(coops["weight"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        coop_weight = np.where(np.isnan(coop_weight), 1.0, coop_weight)
    else:
        coop_weight = np.ones(len(coops))
    kind_names = sorted(set(coops["kind"]))
    theme_names = sorted({t for ts in coops["themes"] for t in ts})
    start = pd.to_numeric(coops["start_year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    end = pd.to_numeric(coops["end_year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    end = np.where(np.isnan(end), start, end)
    return _Base(
        node_ids=node_attrs["id"].to_numpy(),
        node_attrs=node_attrs,
        member_coop=mem["coop"].to_numpy(),
        member_node=mem["node"].to_numpy(),
        pair_a=joined["node_a"].to_numpy(),
        pair_b=joined["node_b"].to_numpy(),
        pair_coop=joined["coop"].to_numpy(),
        pair_inv=inv,
        coop_weight=coop_weight,
        coop_kind_bits=_bits([(k,) for k in coops["kind"]], kind_names),
        coop_theme_bits=_bits(list(coops["themes"]), theme_names),
        coop_start=start,
        coop_end=end,
        coop_single=np.fromiter(((x,) for x in coops["id"].tolist()), dtype=object, count=len(coops)),
        kind_names=tuple(kind_names),
        theme_names=tuple(theme_names),
    )


def _base(dataset, level: str) -> _Base:
    key_level = "organisation" if level == "bipartite" else level
    return _CACHE.get_or_compute((dataset.fingerprint, key_level), lambda: _build_base(dataset, key_level))


def level_nodes(dataset, level: str) -> pd.DataFrame:
    """Every actor (or country) node of ``level`` before filtering, with its attributes (id, label, kind, country,
    region, lat, lon); read only."""
    return _base(dataset, level).node_attrs


def level_node_ids(dataset, level: str) -> frozenset:
    """Every node id of ``level`` before filtering (at bipartite level the cooperations too, prefixed)."""
    def compute():
        ids = set(_base(dataset, level).node_ids.tolist())
        if level == "bipartite":
            ids |= {COOP_PREFIX + str(c) for c in dataset.cooperations["id"]}
        return frozenset(ids)
    return _NODE_IDS.get_or_compute((dataset.fingerprint, level), compute)


# -- filters ------------------------------------------------------------------


def cooperation_mask(dataset, spec: ViewSpec) -> np.ndarray:
    """Boolean per cooperation row: does it pass the cooperation filters?

    Themes match when the cooperation has any of them (all of them with
    ``spec.all_themes``); a year range keeps the cooperations whose years
    overlap it (those with no year are left out); ``max_partners`` keeps those
    with at most that many distinct actors taking part.
    """
    coops = dataset.cooperations
    mask = np.ones(len(coops), dtype=bool)
    if spec.themes:
        wanted = set(spec.themes)
        match = wanted.issubset if spec.all_themes else wanted.intersection
        mask &= np.fromiter((bool(match(t)) for t in coops["themes"]), bool, len(coops))
    if spec.kinds:
        mask &= coops["kind"].isin(spec.kinds).to_numpy()
    if spec.programmes:
        mask &= coops["programme"].isin(spec.programmes).to_numpy()
    if spec.years is not None:
        a, b = spec.years
        start, end = cooperation_years(coops, spec.year_basis)
        with np.errstate(invalid="ignore"):
            mask &= (start <= b) & (end >= a)
    if spec.max_partners is not None:
        mask &= cooperation_partners(dataset) <= spec.max_partners
    return mask


def cooperation_partners(dataset) -> np.ndarray:
    """Per cooperation row: how many distinct actors take part (the size ``max_partners`` is compared with).

    Actors are counted whatever the view's level: a cooperation of two Latvian schools has 2 partners at
    country level too. Computed once per dataset.

    >>> from graph_explorer.testing import tiny_dataset
    >>> cooperation_partners(tiny_dataset()).tolist()
    [4, 2, 2, 1]
    """
    def compute():
        part = dataset.participations.drop_duplicates(["cooperation_id", "actor_id"])
        sizes = part.groupby("cooperation_id").size()
        return sizes.reindex(dataset.cooperations["id"]).fillna(0).to_numpy(dtype=np.int64)
    return _PARTNERS.get_or_compute(dataset.fingerprint, compute)


def _years(values) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def cooperation_years(coops: pd.DataFrame, basis: str = "active") -> tuple[np.ndarray, np.ndarray]:
    """(first, last) year of each cooperation row as a year filter sees it (NaN when unknown).

    ``"active"``: the years it ran (start to end year; an empty end is the start).
    ``"called"``: the call year, where the data has one, else the start year; first = last.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"start_year": [2022, 2019], "end_year": [2025, None], "call_year": [2021, None]})
    >>> [list(map(int, x)) for x in cooperation_years(c)], [list(map(int, x)) for x in cooperation_years(c, "called")]
    ([[2022, 2019], [2025, 2019]], [[2021, 2019], [2021, 2019]])
    """
    start = _years(coops["start_year"])
    if basis == "called":
        if "call_year" in coops.columns:
            call = _years(coops["call_year"])
            start = np.where(np.isnan(call), start, call)
        return start, start.copy()
    end = _years(coops["end_year"])
    return start, np.where(np.isnan(end), start, end)


def kept_cooperations(dataset, spec: ViewSpec) -> np.ndarray:
    """Boolean per cooperation row: it passes the cooperation filters and has a participant that passes
    the actor filters (at the view's level) — the cooperations a view draws from."""
    base = _base(dataset, spec.level)
    coop_ok = cooperation_mask(dataset, spec)
    node_ok = _node_mask(base.node_attrs, spec)
    if node_ok.all():
        return coop_ok
    involved = np.zeros(len(coop_ok), dtype=bool)
    involved[base.member_coop[node_ok[base.member_node]]] = True
    return coop_ok & involved


def _node_mask(attrs: pd.DataFrame, spec: ViewSpec) -> np.ndarray:
    mask = np.ones(len(attrs), dtype=bool)
    if spec.regions:
        mask &= attrs["region"].isin(spec.regions).to_numpy()
    if spec.countries:
        mask &= attrs["country"].isin(spec.countries).to_numpy()
    if spec.actor_kinds:
        mask &= attrs["kind"].isin(spec.actor_kinds).to_numpy()
    return mask


# -- the projection --------------------------------------------------------------


def project(dataset, spec: ViewSpec | None = None) -> Projection:
    """Project ``dataset`` as ``spec`` says (default: organisations, count weights, no filter).

    Parameters
    ----------
    dataset : Dataset
    spec : ViewSpec, optional

    Returns
    -------
    Projection
        Nodes and edges as tables. Nodes are the actors (or countries) that
        take part in at least one kept cooperation and pass the actor filters;
        with ``partners``, a link with one end among those actors is kept too,
        and so is its other end (the partner outside the selection);
        with ``min_weight`` > 0, links lighter than it are dropped and so are
        the nodes left without a link; with ``kcore`` = K > 0, only the K-core
        of what is left stays.
    """
    spec = spec or ViewSpec()
    base = _base(dataset, spec.level)
    coop_ok = cooperation_mask(dataset, spec)
    node_ok = _node_mask(base.node_attrs, spec)
    widened = spec.partners and not node_ok.all()
    if widened:
        # the cooperations of the selected actors, and every actor taking part in them
        chosen = coop_ok[base.member_coop] & node_ok[base.member_node]
        coop_ok = coop_ok & np.isin(np.arange(len(coop_ok)), base.member_coop[chosen])
    if spec.level == "bipartite":
        if widened:
            node_ok = np.ones(len(node_ok), dtype=bool)
        return _project_bipartite(dataset, spec, base, coop_ok, node_ok)

    if widened:
        keep = coop_ok[base.pair_coop] & (node_ok[base.pair_a] | node_ok[base.pair_b])
    else:
        keep = coop_ok[base.pair_coop] & node_ok[base.pair_a] & node_ok[base.pair_b]
    # sorted by pair, then cooperation, as the base keeps them (one row per pair and cooperation)
    a, b, c, inv = base.pair_a[keep], base.pair_b[keep], base.pair_coop[keep], base.pair_inv[keep]
    if len(a):
        new = np.empty(len(a), dtype=bool)
        new[0] = True
        new[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
        starts = np.flatnonzero(new)
    else:
        starts = np.array([], dtype=np.int64)
    count = np.diff(np.append(starts, len(a)))
    w = base.coop_weight[c]
    newman = np.add.reduceat(inv * w, starts) if len(a) else np.array([])
    if spec.weight == "count":
        weight = np.add.reduceat(w, starts) if len(a) else np.array([])
    else:
        weight = newman
    edges = _edge_frame(dataset, base, a[starts], b[starts], c, starts, count, newman, weight)

    members = coop_ok[base.member_coop] & node_ok[base.member_node]
    if widened:  # a partner counts the cooperations it shares with the selected actors
        members = coop_ok[base.member_coop]
    n_coop = np.bincount(base.member_node[members], minlength=len(base.node_ids))
    node_keep = n_coop > 0
    if widened:  # partners are those linked to a selected actor
        ends = np.zeros(len(base.node_ids), dtype=bool)
        ends[a] = True
        ends[b] = True
        node_keep &= node_ok | ends
    ends_a, ends_b = a[starts], b[starts]  # each link's two node codes
    if spec.min_weight > 0 and len(edges):
        heavy = edges["weight"].to_numpy(float) >= spec.min_weight - 1e-12
        edges, ends_a, ends_b = edges[heavy].reset_index(drop=True), ends_a[heavy], ends_b[heavy]
        linked = np.zeros(len(base.node_ids), dtype=bool)
        linked[ends_a] = linked[ends_b] = True
        node_keep &= linked
    edges, kept, significant = _backbone(edges, spec, ends_a, ends_b)
    if kept is not None:  # like min_weight: actors left without a significant link are not drawn
        ends_a, ends_b = ends_a[significant], ends_b[significant]
        linked = np.zeros(len(base.node_ids), dtype=bool)
        linked[ends_a] = linked[ends_b] = True
        kept["actors_before"] = int(node_keep.sum())
        node_keep &= linked
        kept["actors_kept"] = int(node_keep.sum())
    nodes = _node_frame(dataset, base, node_keep, n_coop, spec.level)
    row = np.cumsum(node_keep) - 1  # node code -> its row in nodes (every link's ends are kept nodes)
    nodes, edges, ends = _k_core(nodes, edges, spec.kcore, (row[ends_a], row[ends_b]))
    coop_ids = tuple(dataset.cooperations["id"].to_numpy()[coop_ok])
    return Projection(spec.level, spec.weight, nodes, edges, coop_ids, dataset.fingerprint, spec.to_query(),
                      _weights_not_one(dataset, base, coop_ok), backbone=kept, ends=ends)


def _weights_not_one(dataset, base, coop_ok) -> dict:
    odd = coop_ok & (base.coop_weight != 1.0)
    return dict(zip(dataset.cooperations["id"].to_numpy()[odd].tolist(), base.coop_weight[odd].tolist()))


def k_core_mask(source: np.ndarray, target: np.ndarray, n: int, k: int) -> np.ndarray:
    """Which of ``n`` nodes are in the k-core of the links ``source[i]``–``target[i]`` (node numbers).

    The k-core is what is left after repeatedly removing every node with fewer
    than ``k`` links (networkx ``k_core``; no self-loops, no parallel links).

    >>> import numpy as np
    >>> k_core_mask(np.array([0, 1, 2, 2]), np.array([1, 2, 0, 3]), 4, 2).tolist()
    [True, True, True, False]
    """
    alive = np.ones(n, dtype=bool)
    edge_alive = np.ones(len(source), dtype=bool)
    while True:
        s, t = source[edge_alive], target[edge_alive]
        degree = np.bincount(s, minlength=n) + np.bincount(t, minlength=n)
        weak = alive & (degree < k)
        if not weak.any():
            return alive
        alive &= ~weak
        edge_alive &= alive[source] & alive[target]


def _k_core(nodes: pd.DataFrame, edges: pd.DataFrame, k: int, ends: tuple[np.ndarray, np.ndarray]):
    """The nodes and links of the k-core (unchanged when ``k`` is 0), and the links' ends (rows of nodes)."""
    if k <= 0:
        return nodes, edges, ends
    src, tgt = ends
    alive = k_core_mask(src, tgt, len(nodes), k)
    keep_edges = alive[src] & alive[tgt]
    row = np.cumsum(alive) - 1
    return (nodes[alive].reset_index(drop=True), edges[keep_edges].reset_index(drop=True),
            (row[src[keep_edges]], row[tgt[keep_edges]]))


def _backbone(edges: pd.DataFrame, spec: ViewSpec, a: np.ndarray, b: np.ndarray):
    """The link measures of :mod:`.backbone` as columns (``a``, ``b``: each link's node codes), then the backbone
    the view asks for (if any): (links, what it kept or None, which links it kept or None)."""
    from . import backbone as bb

    expected, ratio, alpha = bb.link_measures(a, b, edges["weight"].to_numpy(float))
    edges = edges.assign(expected=expected, ratio=ratio, alpha=alpha)
    if spec.backbone is None and not spec.min_ratio:
        return edges, None, None
    keep = np.ones(len(edges), dtype=bool)
    if spec.backbone is not None:
        keep &= edges["alpha"].to_numpy(float) < spec.backbone
    if spec.min_ratio:
        keep &= edges["ratio"].to_numpy(float) >= spec.min_ratio - 1e-12
    kept = edges[keep].reset_index(drop=True)
    return kept, bb.backbone_summary(edges, kept), keep


def _edge_frame(dataset, base, a, b, c, starts, count, newman, weight) -> pd.DataFrame:
    coop_ids = dataset.cooperations["id"].to_numpy()
    if len(c):
        kinds = np.bitwise_or.reduceat(base.coop_kind_bits[c], starts)
        themes = np.bitwise_or.reduceat(base.coop_theme_bits[c], starts)
        with np.errstate(invalid="ignore"):
            first = np.fmin.reduceat(base.coop_start[c], starts)
            last = np.fmax.reduceat(base.coop_end[c], starts)
        coop_lists = _groups(coop_ids[c], starts, base.coop_single, c)
    else:
        kinds = themes = np.array([], dtype=np.int64)
        first = last = np.array([], dtype=float)
        coop_lists = []
    return pd.DataFrame({
        "source": base.node_ids[a] if len(a) else np.array([], dtype=object),
        "target": base.node_ids[b] if len(b) else np.array([], dtype=object),
        "weight": weight.astype(float),
        "count": count.astype(np.int64),
        "newman": newman.astype(float) if len(newman) else np.array([], dtype=float),
        "cooperations": coop_lists,
        "kinds": _decode(kinds, base.kind_names),
        "themes": _decode(themes, base.theme_names),
        "start": pd.array(first, dtype="Float64").astype("Int64") if len(first) else pd.array([], dtype="Int64"),
        "end": pd.array(last, dtype="Float64").astype("Int64") if len(last) else pd.array([], dtype="Int64"),
    })


def _node_frame(dataset, base, keep, n_coop, level) -> pd.DataFrame:
    nodes = base.node_attrs[keep].copy()
    nodes["n_cooperations"] = n_coop[keep]
    if level == "country":
        key, _ = _node_table(dataset, "country")
        folded = key.value_counts()
        nodes["n_actors"] = folded.reindex(nodes["id"]).fillna(0).astype(int).to_numpy()
    else:
        nodes["n_actors"] = 1
    return nodes.reset_index(drop=True)


def _project_bipartite(dataset, spec, base, coop_ok, node_ok) -> Projection:
    coops = dataset.cooperations
    members = coop_ok[base.member_coop] & node_ok[base.member_node]
    mc, mn = base.member_coop[members], base.member_node[members]
    n_coop = np.bincount(mn, minlength=len(base.node_ids))
    actor_nodes = base.node_attrs[n_coop > 0].copy()
    actor_nodes["n_cooperations"] = n_coop[n_coop > 0]
    actor_nodes["n_actors"] = 1
    used = np.unique(mc)
    size = np.bincount(mc, minlength=len(coops))
    coop_nodes = pd.DataFrame({
        "id": COOP_PREFIX + coops["id"].to_numpy()[used].astype(object),
        "label": coops["title"].to_numpy()[used],
        "kind": "cooperation",
        "country": None, "region": None, "lat": np.nan, "lon": np.nan,
        "n_cooperations": 1, "n_actors": size[used],
    })
    nodes = pd.concat([actor_nodes, coop_nodes], ignore_index=True)
    ids = coops["id"].to_numpy()
    inv = 1.0 / np.maximum(size[mc] - 1, 1) * base.coop_weight[mc]
    weight = base.coop_weight[mc] if spec.weight == "count" else inv
    edges = pd.DataFrame({
        "source": base.node_ids[mn], "target": COOP_PREFIX + ids[mc].astype(object),
        "weight": weight, "count": np.ones(len(mc), dtype=np.int64), "newman": inv,
        "cooperations": [(x,) for x in ids[mc].tolist()],
        "kinds": _decode(base.coop_kind_bits[mc], base.kind_names),
        "themes": _decode(base.coop_theme_bits[mc], base.theme_names),
        "start": pd.array(base.coop_start[mc], dtype="Float64").astype("Int64"),
        "end": pd.array(base.coop_end[mc], dtype="Float64").astype("Int64"),
    })
    if spec.min_weight > 0:
        edges = edges[edges["weight"] >= spec.min_weight - 1e-12].reset_index(drop=True)
        nodes = nodes[nodes["id"].isin(set(edges["source"]) | set(edges["target"]))].reset_index(drop=True)
    index = pd.Index(nodes["id"])
    nodes, edges, ends = _k_core(nodes, edges, spec.kcore,
                                 (index.get_indexer(edges["source"]), index.get_indexer(edges["target"])))
    return Projection("bipartite", spec.weight, nodes, edges, tuple(ids[coop_ok]), dataset.fingerprint,
                      spec.to_query(), _weights_not_one(dataset, base, coop_ok), ends=ends)


def to_networkx(p: Projection) -> nx.Graph:
    """The projection as a networkx Graph, with every node and link attribute.

    ``G.graph`` holds ``level``, ``weighting``, ``fingerprint`` and ``query``
    (the ViewSpec it was built from), so results computed on it can be cached
    and traced back, and ``cooperation_weights`` when some weight is not 1.
    """
    G = nx.Graph(level=p.level, weighting=p.weighting, fingerprint=p.fingerprint, query=p.query)
    if p.cooperation_weights:
        G.graph["cooperation_weights"] = dict(p.cooperation_weights)
    node_cols = [c for c in p.nodes.columns if c != "id"]
    for row in p.nodes.itertuples(index=False):
        d = row._asdict()
        nid = d.pop("id")
        G.add_node(nid, **{k: _plain(d[k]) for k in node_cols})
    if p.level == "bipartite":
        for nid, kind in zip(p.nodes["id"], p.nodes["kind"]):
            G.nodes[nid]["bipartite"] = 1 if kind == "cooperation" else 0
    edge_cols = [c for c in p.edges.columns if c not in ("source", "target")]
    cols = [p.edges[c].tolist() for c in edge_cols]
    G.add_edges_from(
        (s, t, {k: _plain(v) for k, v in zip(edge_cols, vals)})
        for s, t, *vals in zip(p.edges["source"].tolist(), p.edges["target"].tolist(), *cols)
    )
    return G


def _plain(v):
    """numpy/pandas scalars → Python (GraphML and JSON friendly); NA → None."""
    if v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def build_graph(dataset, spec: ViewSpec | None = None) -> nx.Graph:
    """``to_networkx(project(dataset, spec))`` — the graph model of one view."""
    return to_networkx(project(dataset, spec))
