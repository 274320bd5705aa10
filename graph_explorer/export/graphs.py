"""The graph of a view as GraphML or GEXF, for Gephi, Cytoscape, yEd or networkx.

Nodes carry their attributes (label, kind, country, region, ...), every
metric of the view, and their position in the view's layout (``x``, ``y``;
in GEXF also as ``viz:position``, with the node's colour and size on the
picture as ``viz:color`` and ``viz:size``). Links carry weight, count, the
Newman weight, and the cooperations behind them. Both formats take only
scalar attributes, so lists (cooperation ids, kinds, themes) become
``;``-joined strings, and a missing value (None/NaN) is left out of that
node or link rather than written as a fake value.

GEXF positions are the layout's coordinates × :data:`GEXF_SCALE` (the
layout is about [-1, 1]; Gephi expects hundreds of units), or longitude and
latitude for a map view. Graph-level attributes give the view (query string),
the level, the weighting and the data sources.
"""

from __future__ import annotations

import io
import math

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ExportError
from ..view import ViewSpec

__all__ = ["GRAPH_FORMATS", "export_graph_object", "export_graph", "to_graphml", "to_gexf", "GEXF_SCALE",
           "scalar"]

GRAPH_FORMATS = ("graphml", "gexf")
#: Layout units → GEXF units (the force layout lies in about [-1, 1]²).
GEXF_SCALE = 1000.0


def scalar(v):
    """A GraphML/GEXF-ready value: tuples → ';'-joined, numpy → Python, NaN/None → None.

    >>> scalar(("p1", "p2")), scalar(np.int64(3)), scalar(float("nan")), scalar(True)
    ('p1;p2', 3, None, True)
    """
    if isinstance(v, (tuple, list, set, frozenset, np.ndarray)):
        return ";".join(str(x) for x in v)
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, (str, bool, int, float)):
        return v
    return str(v)


def _clean(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        s = scalar(v)
        if s is not None:
            out[str(k)] = s
    return out


def export_graph_object(explorer, spec: ViewSpec, scene=None) -> nx.Graph:
    """The view's graph with metrics and positions, every attribute a scalar (None left out)."""
    G0 = explorer.graph(spec)
    scene = scene if scene is not None else explorer.scene(spec)
    m = explorer.metrics(spec)
    nodes = scene.nodes.set_index("id")
    G = nx.Graph()
    G.graph.update(_clean({
        "title": scene.title, "view": scene.subtitle, "query": spec.to_query(), "level": spec.level,
        "weighting": spec.weight, "layout": "geo" if spec.view == "map" else spec.layout,
        "sources": " | ".join(scene.attribution),
    }))
    metric_cols = [c for c in m.columns]
    mrows = m.reindex(list(G0.nodes)).to_dict("index") if len(m) else {}
    for v, attrs in G0.nodes(data=True):
        d = dict(attrs)
        for c in metric_cols:
            if c not in d:
                d[c] = mrows.get(v, {}).get(c)
        if v in nodes.index:
            row = nodes.loc[v]
            d["x"], d["y"] = row["x"], row["y"]
            d["size_on_picture"] = row["size"]
            if isinstance(row["color"], str):
                d["color_on_picture"] = row["color"]
        d.setdefault("label", str(v))
        G.add_node(str(v), **_clean(d))
    for u, v, attrs in G0.edges(data=True):
        G.add_edge(str(u), str(v), **_clean(attrs))
    return G


def to_graphml(G: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", infer_numeric_types=True, named_key_ids=True)
    return buf.getvalue()


def _rgb(css: str) -> dict | None:
    css = css.strip()
    if css.startswith("#") and len(css) == 7:
        return {"r": int(css[1:3], 16), "g": int(css[3:5], 16), "b": int(css[5:7], 16), "a": 1.0}
    return None


def to_gexf(G: nx.Graph) -> bytes:
    """GEXF 1.2 with viz:position (layout × :data:`GEXF_SCALE`, or lon/lat), viz:color and viz:size."""
    H = G.copy()
    geo = H.graph.get("layout") == "geo"
    for v, d in H.nodes(data=True):
        viz = {}
        if "x" in d and "y" in d:
            f = 1.0 if geo else GEXF_SCALE
            viz["position"] = {"x": float(d["x"]) * f, "y": float(d["y"]) * f, "z": 0.0}
        if isinstance(d.get("color_on_picture"), str) and (rgb := _rgb(d["color_on_picture"])):
            viz["color"] = rgb
        if "size_on_picture" in d:
            viz["size"] = float(d["size_on_picture"])
        if viz:
            d["viz"] = viz
    _unify_numeric_types(H)
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8", version="1.2draft")
    return buf.getvalue()


def _unify_numeric_types(G: nx.Graph) -> None:
    """GEXF declares one type per attribute (from its first value): int/float mixes become float,
    mixes with text become text."""
    for records in ([d for _, d in G.nodes(data=True)], [d for _, _, d in G.edges(data=True)]):
        types: dict[str, set] = {}
        for d in records:
            for k, v in d.items():
                if k != "viz":
                    types.setdefault(k, set()).add(type(v))
        for k, seen in types.items():
            if len(seen) < 2:
                continue
            cast = str if str in seen else float if float in seen else None
            if cast is None:
                continue
            for d in records:
                if k in d:
                    d[k] = cast(d[k])


def export_graph(explorer, spec: ViewSpec, fmt: str = "graphml") -> bytes:
    """The view's graph as GraphML or GEXF bytes."""
    fmt = fmt.lower()
    if fmt not in GRAPH_FORMATS:
        raise ExportError(f"format: {fmt!r} is not a graph format ({', '.join(GRAPH_FORMATS)}).")
    G = export_graph_object(explorer, spec)
    return to_graphml(G) if fmt == "graphml" else to_gexf(G)
