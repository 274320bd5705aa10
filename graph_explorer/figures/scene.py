"""A Scene: everything a picture of one view needs, already encoded.

``build_scene`` joins the projection (who is linked), the positions (where),
the metrics (how big, which colour) and the focus (what is highlighted) into
plain arrays. The figure functions only draw a Scene, so the app, the image
export and the CLI draw the same picture from the same ViewSpec.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..analysis.basic import basic_metrics
from ..cache import ContentCache
from ..view import CATEGORICAL_COLORS, LEVELS, ViewSpec
from ..analysis.metrics import ordered_metrics
from .style import COMMUNITY_PALETTE, CATEGORY_PALETTE, OTHER_COLOR, REGION_COLORS, metric_label

__all__ = ["Scene", "LegendItem", "build_scene", "describe_filters", "hover_heads", "level_hover_heads", "MAX_CATEGORIES",
           "HOVER_DETAIL_MAX_NODES"]

#: Categories beyond this many are drawn together as "Other".
MAX_CATEGORIES = 12

#: Above this many nodes, a node's hover text is its name, place and kind and the size metric only
#: (the other metrics are one click away, in the details): at 20,000 nodes the full text would be
#: ~3 MB of the figure sent on every filter.
HOVER_DETAIL_MAX_NODES = 10_000


@dataclass(frozen=True)
class LegendItem:
    label: str
    color: str
    count: int


@dataclass(frozen=True, eq=False)
class Scene:
    """Encoded nodes and edges of one view.

    ``nodes`` has id, label, country, kind, x, y, size (px), color (css),
    category (legend label or None for a metric scale), value (colour metric
    or NaN), hover, show_label, highlight (bool), faded (bool).
    ``edges`` has source, target, x0, y0, x1, y1, weight, highlight, and u, v: the rows of ``nodes`` of its
    two ends (-1 for an end the view does not draw).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    spec: ViewSpec
    title: str
    subtitle: str
    color_title: str
    size_title: str
    legend: tuple[LegendItem, ...]
    colorscale: tuple[float, float] | None  # (min, max) when colour encodes a metric
    attribution: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    n_nodes_total: int = 0
    n_edges_total: int = 0


def describe_filters(spec: ViewSpec, programmes_label: str | None = None) -> str:
    """The filters in words, for subtitles: "Countries · theme: green · 2021–2025".

    >>> describe_filters(ViewSpec(level="country", themes=("green",), years=(2021, 2025)))
    'Countries · theme: green · 2021–2025'
    >>> describe_filters(ViewSpec())
    'Organisations · all cooperations'
    """
    parts = [LEVELS[spec.level]]
    if programmes_label and spec.programmes:
        label = (programmes_label,) if isinstance(programmes_label, str) else tuple(programmes_label)
        spec = spec.replace(programmes=label)
    parts += spec.phrases()  # each field's phrase (``ViewField.words``), in query order
    if len(parts) == 1:
        parts.append("all cooperations")
    return " · ".join(parts)


def _sizes(values: pd.Series, lo: float = 6.0, hi: float = 30.0) -> np.ndarray:
    v = pd.to_numeric(values, errors="coerce").fillna(0.0).clip(lower=0).to_numpy(dtype=float)
    if len(v) == 0:
        return v
    top = v.max()
    if top <= 0:
        return np.full(len(v), lo)
    return np.round(lo + (hi - lo) * np.sqrt(v / top), 1)  # a tenth of a pixel: no more digits to send


def _categories(values: pd.Series, color_by: str) -> tuple[np.ndarray, np.ndarray, list[LegendItem]]:
    vals = values.fillna("Not given").astype(str)
    counts = vals.value_counts()
    if color_by == "community":
        # communities are numbered by size already; keep their numeric order
        order = sorted(counts.index, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c))
    else:
        order = list(counts.index)  # largest first
    shown = order[:MAX_CATEGORIES]
    palette: dict[str, str] = {}
    for i, cat in enumerate(shown):
        palette[cat] = REGION_COLORS.get(cat, CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)]) \
            if color_by == "region" else CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)]
    label = vals.where(vals.isin(shown), "Other")
    colors = label.map(palette).fillna(OTHER_COLOR).to_numpy(dtype=object)
    legend = [LegendItem(_cat_label(c, color_by), palette[c], int(counts[c])) for c in shown]
    rest = int(counts[~counts.index.isin(shown)].sum())
    if rest:
        legend.append(LegendItem(f"Other ({len(counts) - len(shown)} more)", OTHER_COLOR, rest))
    names = {c: _cat_label(c, color_by) for c in label.unique()}
    return label.map(names).to_numpy(dtype=object), colors, legend


#: A community is "small" (may share the grey of the tail) when it has at most this many actors …
SMALL_COMMUNITY = 5
#: … or at most this share of the actors of the view.
SMALL_COMMUNITY_SHARE = 0.01


def _community_categories(codes: np.ndarray, distinct: list, names: dict) -> tuple[np.ndarray, np.ndarray,
                                                                                 list[LegendItem]]:
    """Every community its own colour and a name by its best-connected member: each node's label and colour (its
    community ``distinct[codes[i]]``, "Not given" where the code is -1), and the legend.

    Communities are numbered by size. The first ``len(COMMUNITY_PALETTE)``
    get distinct colours; a tail beyond that shares one grey entry only when
    each of its communities is small (at most :data:`SMALL_COMMUNITY` actors or
    :data:`SMALL_COMMUNITY_SHARE` of the view), and the entry says how many
    communities and actors it holds. Otherwise the colours are reused and the
    legend names each community, so none is lost in a grey "Other".
    """
    codes = np.where(codes < 0, len(distinct), codes)  # the communities by number (not their names per node)
    distinct = [*distinct, "Not given"]
    counts: dict = {}
    for c, n in zip(distinct, np.bincount(codes, minlength=len(distinct)).tolist()):
        if n:
            counts[c] = counts.get(c, 0) + n
    order = sorted(counts, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c))
    n_colours = len(COMMUNITY_PALETTE)
    tail = order[n_colours:]
    small = max(SMALL_COMMUNITY, int(SMALL_COMMUNITY_SHARE * int(sum(counts.values()))))
    group_tail = bool(tail) and all(int(counts[c]) <= small for c in tail)
    shown = order[:n_colours] if group_tail else order
    palette = {c: COMMUNITY_PALETTE[i % n_colours] for i, c in enumerate(shown)}

    def label(c: str) -> str:
        if not c.isdigit():
            return c
        who = names.get(c)
        return f"Community {c}" + (f" · {who}" if who else "")

    tail_label = None
    if group_tail:
        tail_label = label(tail[0]) if len(tail) == 1 else \
            f"{len(tail)} small communities (≤ {small} actors each)"
    # a label and a colour per community, not per node
    lab = np.array([label(c) if c in palette else tail_label for c in distinct], dtype=object)[codes]
    colors = np.array([palette.get(c, OTHER_COLOR) for c in distinct], dtype=object)[codes]
    legend = [LegendItem(label(c), palette[c], int(counts[c])) for c in shown]
    if group_tail:
        legend.append(LegendItem(tail_label, OTHER_COLOR, int(sum(counts[c] for c in tail))))
    return lab, colors, legend


def community_names(communities: pd.Series, labels: pd.Series, degree: pd.Series, width: int = 22) -> dict:
    """``{community (str): label of its best-connected member}`` (ties: the label first in order).

    >>> community_names(pd.Series([1, 1, 2]), pd.Series(["A", "B", "C"]), pd.Series([1, 2, 1]))
    {'1': 'B', '2': 'C'}
    """
    frame = pd.DataFrame({"c": communities.to_numpy(), "label": labels.astype(str).to_numpy(),
                          "d": pd.to_numeric(degree, errors="coerce").fillna(0).to_numpy()})
    frame = frame[frame["c"].notna()]
    # each community's members of the highest degree, then the first of their labels
    best = frame[frame["d"].to_numpy() == frame.groupby("c", sort=False)["d"].transform("max").to_numpy()]
    names: dict = {}
    for c, text in zip(best["c"].to_numpy(), best["label"].to_numpy(object)):
        if c not in names or text < names[c]:
            names[c] = text
    return {str(int(c)): text if len(text) <= width else text[: width - 1] + "…" for c, text in names.items()}


def _cat_label(value: str, color_by: str) -> str:
    return f"Community {value}" if color_by == "community" and value.isdigit() else value


def build_scene(dataset, spec: ViewSpec, projection=None, positions=None, metrics=None,
                communities=None, highlight_nodes=(), highlight_edges=(), focus_nodes=None) -> Scene:
    """Encode one view.

    Parameters
    ----------
    dataset : Dataset
    spec : ViewSpec
    projection : Projection, optional
        Computed with :func:`graph_explorer.network.project` if not given.
    positions : DataFrame, optional
        index id, x, y; :func:`graph_explorer.layout.positions` if not given.
    metrics : DataFrame, optional
        index id, numeric columns (for size and colour); :func:`~graph_explorer.analysis.basic.basic_metrics` if not given.
    communities : Series, optional
        index id → community number (for ``color=community``).
    highlight_nodes, highlight_edges : iterables
        Node ids and (u, v) pairs drawn on top (the selected actor, a path).
    focus_nodes : set, optional
        When given (an ego network), other nodes are faded.
    """
    from ..layout import positions as compute_positions
    from ..network import project

    p = projection if projection is not None else project(dataset, spec)
    pos = positions if positions is not None else compute_positions(dataset, spec)
    m = metrics if metrics is not None else basic_metrics(p)

    nodes = p.nodes[["id", "label", "kind", "country", "region"]].copy()
    nodes[["x", "y"]] = pos.reindex(nodes["id"])[["x", "y"]].to_numpy()
    # has a place on a map (the geographic layout puts the others in a row south-west of Europe)
    nodes["placed"] = (pd.to_numeric(p.nodes["lat"], errors="coerce").notna()
                       & pd.to_numeric(p.nodes["lon"], errors="coerce").notna()).to_numpy() \
        if {"lat", "lon"} <= set(p.nodes.columns) else True
    m = m.reindex(nodes["id"])
    size_col = spec.size if spec.size in m.columns else "degree"
    nodes["size_value"] = pd.to_numeric(m[size_col], errors="coerce").to_numpy() if size_col in m else 0.0
    nodes["size"] = _sizes(nodes["size_value"])

    color_by = spec.color
    legend: list[LegendItem] = []
    colorscale = None
    nodes["value"] = np.nan
    if color_by in CATEGORICAL_COLORS:
        if color_by == "community":
            source = communities.reindex(nodes["id"]).to_numpy() if communities is not None else np.full(len(nodes), None)
            number = pd.to_numeric(pd.Series(source, dtype=object), errors="coerce")
            codes, distinct = pd.factorize(number.to_numpy(float))  # -1: no community
            # best connected: most partners, then the strongest links (at country level many tie on partners)
            degree = m["degree"] if "degree" in m.columns else pd.Series(0, index=m.index)
            strength = m["strength"] if "strength" in m.columns else degree
            rank = pd.to_numeric(degree, errors="coerce").fillna(0) * 1e9 + \
                pd.to_numeric(strength, errors="coerce").fillna(0).clip(upper=1e8)
            names = community_names(number, nodes["label"].reset_index(drop=True), rank.reset_index(drop=True))
            labels, colors, legend = _community_categories(codes, [str(int(c)) for c in distinct.tolist()], names)
        else:
            cats = nodes[color_by].reset_index(drop=True)
            labels, colors, legend = _categories(cats, color_by)
        nodes["category"], nodes["color"] = labels, colors
        color_title = {"community": "Community", "region": "Region", "country": "Country", "kind": "Kind"}[color_by]
    elif color_by in m.columns:
        vals = pd.to_numeric(m[color_by], errors="coerce").to_numpy(dtype=float)
        nodes["value"] = vals
        nodes["category"] = None
        nodes["color"] = None
        finite = vals[np.isfinite(vals)]
        colorscale = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
        color_title = metric_label(color_by)
    else:
        nodes["category"], nodes["color"] = None, OTHER_COLOR
        color_title = metric_label(color_by)

    nodes["hover"] = _hover(nodes, m, size_col, color_by if colorscale is not None else None,
                            level_hover_heads(dataset, spec.level, nodes))
    nodes["show_label"] = _label_mask(nodes, spec)
    hl = set(highlight_nodes)
    nodes["highlight"] = nodes["id"].isin(hl).to_numpy()
    nodes["faded"] = ~nodes["id"].isin(focus_nodes).to_numpy() if focus_nodes is not None else False
    if hl:
        nodes["show_label"] |= nodes["highlight"]

    extra = [c for c in ("ratio", "status", "weight_then") if c in p.edges.columns]
    e = p.edges[["source", "target", "weight", *extra]].copy()
    src, tgt = p.end_rows()  # rows of nodes (-1: an end the view does not draw)
    for end, rows in (("0", src), ("1", tgt)):
        for axis in ("x", "y"):
            values = nodes[axis].to_numpy(float)[rows]
            values[rows < 0] = np.nan
            e[axis + end] = values
    e["u"], e["v"] = src, tgt
    hl_pairs = {tuple(sorted(pair)) for pair in highlight_edges}
    e["highlight"] = [(s, t) in hl_pairs or (t, s) in hl_pairs for s, t in zip(e["source"], e["target"])] \
        if hl_pairs else False
    if focus_nodes is not None:
        e["faded"] = ~(e["source"].isin(focus_nodes) & e["target"].isin(focus_nodes))
    else:
        e["faded"] = False

    title = "Cooperation in vocational education and training"
    return Scene(
        nodes=nodes.reset_index(drop=True), edges=e.reset_index(drop=True), spec=spec, title=title,
        subtitle=describe_filters(spec) + f" · {len(nodes):,} actors · {len(e):,} links",
        color_title=color_title, size_title=metric_label(size_col), legend=tuple(legend), colorscale=colorscale,
        attribution=tuple(dataset.attribution_for(p.cooperation_ids)),
        notes=("◆ cooperations · ● actors",) if spec.level == "bipartite" else (),
        n_nodes_total=len(nodes), n_edges_total=len(e),
    )


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return "–"
    if isinstance(v, (int, np.integer)) or float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:.3g}"


def _fmt_column(values) -> list[str]:
    """:func:`_fmt` of every value of a column, computed once per distinct value (same strings)."""
    arr = np.asarray(values)
    if arr.dtype.kind not in "biuf":
        return [_fmt(v) for v in arr.tolist()] if arr.dtype != object else [_fmt(v) for v in arr]
    v = arr.astype(float)
    finite = np.isfinite(v)
    whole = np.zeros(len(v), dtype=bool)
    whole[finite] = v[finite] == np.floor(v[finite])
    out = np.full(len(v), "–", dtype=object)
    if whole.any():
        uniq, inv = np.unique(v[whole], return_inverse=True)
        out[whole] = np.array([f"{int(u):,}" for u in uniq.tolist()], dtype=object)[inv.reshape(-1)]
    frac = finite & ~whole
    if frac.any():
        out[frac] = [f"{u:.3g}" for u in v[frac].tolist()]
    return out.tolist()


def hover_heads(nodes: pd.DataFrame) -> list[str]:
    """The first two lines of each node's hover text: its name in bold, then country · kind.

    They depend on the node alone, not on the view (the page keeps them once per level).

    >>> hover_heads(pd.DataFrame({"label": ["A & B"], "country": ["LV"], "kind": ["school"]}))
    ['<b>A &amp; B</b><br>LV · school']
    """
    from html import escape

    where_of: dict = {}  # few distinct (country, kind) pairs
    wheres = [where_of.get(ck) or where_of.setdefault(ck, escape(" · ".join(x for x in ck if isinstance(x, str) and x), quote=False))
              for ck in zip(nodes["country"].tolist(), nodes["kind"].tolist())]
    return [f"<b>{escape(str(label), quote=False)}</b><br>{where}"
            for label, where in zip(nodes["label"].tolist(), wheres)]


_HEADS = ContentCache(maxsize=16)


def level_hover_heads(dataset, level: str, nodes: pd.DataFrame) -> list[str]:
    """:func:`hover_heads` of ``nodes`` (of a view of ``level``): those of the level's nodes made once per dataset
    and level, the others (the cooperations of the bipartite level) made here."""
    from ..network import level_nodes

    def compute():
        attrs = level_nodes(dataset, level)
        return pd.Series(hover_heads(attrs), index=pd.Index(attrs["id"]), dtype=object)
    known = _HEADS.get_or_compute((dataset.fingerprint, level), compute)
    at = known.index.get_indexer(nodes["id"])
    out = known.to_numpy()[at]
    if (at < 0).any():
        missing = np.flatnonzero(at < 0)
        out[missing] = hover_heads(nodes.iloc[missing])
    return out.tolist()


def _hover(nodes: pd.DataFrame, m: pd.DataFrame, size_col: str, color_col: str | None = None,
           heads: list[str] | None = None) -> np.ndarray:
    """Hover text per node: :func:`hover_heads`, then the hover metrics, the size metric and the colour metric.

    Plain figures only (the metrics marked ``in_hover``: partners, cooperations); the others are one
    click away, in the details. Above :data:`HOVER_DETAIL_MAX_NODES` nodes, only the size metric
    follows the name.
    """
    show = [x.name for x in ordered_metrics("hover") if x.name in m.columns]
    for c in (color_col, size_col):
        if c is not None and c not in show and c in m.columns:
            show.insert(0, c)
    if len(nodes) > HOVER_DETAIL_MAX_NODES:
        show = [c for c in show if c == size_col][:1]
    lines = []
    for c in show:
        prefix = f"{metric_label(c)}: "
        lines.append([prefix + v for v in _fmt_column(m[c].to_numpy())])
    out = np.empty(len(nodes), dtype=object)
    heads = hover_heads(nodes) if heads is None else heads
    out[:] = ["<br>".join(parts) for parts in zip(heads, *lines)] if len(nodes) else []
    return out


def _label_mask(nodes: pd.DataFrame, spec: ViewSpec) -> np.ndarray:
    if spec.labels == "none" or nodes.empty:
        return np.zeros(len(nodes), dtype=bool)
    if spec.labels == "all":
        return np.ones(len(nodes), dtype=bool)
    order = np.argsort(-nodes["size_value"].fillna(0).to_numpy(), kind="stable")[: spec.top_n]
    mask = np.zeros(len(nodes), dtype=bool)
    mask[order] = True
    return mask


