"""The graph of a view as GraphML, GEXF or graphology JSON, for Gephi, Gephi Lite, sigma.js, Cytoscape, yEd or networkx.

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

graphology JSON (:func:`to_graphology`) is graphology's own serialisation,
which sigma.js and Gephi Lite open: ``{attributes, options: {type:
"undirected"}, nodes: [{key, attributes}], edges: [{key, source, target,
attributes}]}``; a node has sigma's ``x``, ``y``, ``size``, ``color`` and
``label`` (its position and look in the picture) besides its attributes.
"""

from __future__ import annotations

import io
import json
import math

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import ExportError
from ..view import ViewSpec

__all__ = ["GRAPH_FORMATS", "export_graph_object", "export_graph", "to_graphml", "to_gexf", "to_graphology", "GEXF_SCALE",
           "scalar"]

GRAPH_FORMATS = ("graphml", "gexf", "graphology")
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


#: GEXF 1.2draft namespaces (the version Gephi, graphology and networkx all read).
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_VIZ_NS = "http://www.gexf.net/1.2draft/viz"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
#: Edge attributes written as the GEXF edge's own start/end (years; Gephi's timeline) and, because
#: readers such as graphology drop dynamic attributes, also as the plain attributes start_year/end_year.
_EDGE_TIME = {"start": "start_year", "end": "end_year"}


def _gexf_type(values) -> str:
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _gexf_value(v, kind: str) -> str:
    if kind == "boolean":
        return "true" if v else "false"
    if kind == "double":
        return repr(float(v))
    return str(v)


def gexf_description(graph: dict) -> str:
    """The text of GEXF's ``<meta><description>``: the view in words, its query and the sources."""
    parts = [graph.get("title", ""), graph.get("view", "")]
    if graph.get("query") is not None:
        parts.append(f"View: ?{graph['query']}" if graph["query"] else "View: the default view")
    parts += [f"Level: {graph['level']}" if graph.get("level") else "",
              f"Weighting: {graph['weighting']}" if graph.get("weighting") else ""]
    if graph.get("sources"):
        parts.append(f"Sources: {graph['sources']}")
    return ". ".join(p.rstrip(". ") for p in parts if p) + "."


def to_gexf(G: nx.Graph) -> bytes:
    """GEXF 1.2draft, valid against the official schema.

    Nodes have their attributes, viz:position (layout × :data:`GEXF_SCALE`, or lon/lat), viz:color and
    viz:size; links their weight, their attributes, and their years both as GEXF ``start``/``end`` (a
    dynamic graph with integer years) and as the plain attributes ``start_year``/``end_year``. The meta
    block carries the view, its query and the data sources with their licences (CC BY attribution).
    Output is byte-reproducible for the same graph (no modification date).
    """
    from xml.etree import ElementTree as ET

    geo = G.graph.get("layout") == "geo"
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "xmlns:viz": GEXF_VIZ_NS, "xmlns:xsi": _XSI_NS,
                               "xsi:schemaLocation": f"{GEXF_NS} http://www.gexf.net/1.2draft/gexf.xsd",
                               "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    import graph_explorer

    ET.SubElement(meta, "creator").text = f"graph_explorer {graph_explorer.__version__}"
    ET.SubElement(meta, "description").text = gexf_description(G.graph)
    ET.SubElement(meta, "keywords").text = "vocational education and training; transnational cooperation"

    node_rows = [(str(v), {k: x for k, x in d.items() if k != "label"}) for v, d in G.nodes(data=True)]
    edge_rows = []
    for u, v, d in G.edges(data=True):
        d = dict(d)
        for k, plain in _EDGE_TIME.items():
            if k in d:
                d[plain] = d[k]
        edge_rows.append((str(u), str(v), d))
    dynamic = any(k in d for _, _, d in edge_rows for k in _EDGE_TIME)
    graph_attrs = {"defaultedgetype": "undirected", "mode": "dynamic" if dynamic else "static"}
    if dynamic:
        graph_attrs["timeformat"] = "integer"
    graph = ET.SubElement(root, "graph", graph_attrs)

    def declare(cls: str, records: list[dict], skip: set) -> dict[str, str]:
        values: dict[str, list] = {}
        for d in records:
            for k, x in d.items():
                if k not in skip:
                    values.setdefault(k, []).append(x)
        types = {k: _gexf_type(vs) for k, vs in values.items()}
        block = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
        for k, t in types.items():
            ET.SubElement(block, "attribute", {"id": k, "title": k, "type": t})
        return types

    node_types = declare("node", [d for _, d in node_rows], set())
    edge_types = declare("edge", [d for _, _, d in edge_rows], {"weight", *_EDGE_TIME})

    def attvalues(parent, d: dict, types: dict[str, str]) -> None:
        present = [(k, d[k]) for k in types if k in d]
        if present:
            block = ET.SubElement(parent, "attvalues")
            for k, x in present:
                ET.SubElement(block, "attvalue", {"for": k, "value": _gexf_value(x, types[k])})

    nodes = ET.SubElement(graph, "nodes", {"count": str(len(node_rows))})
    for (v, d), label in zip(node_rows, (G.nodes[n].get("label", str(n)) for n in G.nodes)):
        node = ET.SubElement(nodes, "node", {"id": v, "label": str(label)})
        attvalues(node, d, node_types)
        if "x" in d and "y" in d:
            f = 1.0 if geo else GEXF_SCALE
            ET.SubElement(node, "viz:position", {"x": repr(float(d["x"]) * f), "y": repr(float(d["y"]) * f),
                                                 "z": "0.0"})
        if isinstance(d.get("color_on_picture"), str) and (rgb := _rgb(d["color_on_picture"])):
            ET.SubElement(node, "viz:color", {c: str(rgb[c]) for c in ("r", "g", "b")} | {"a": "1.0"})
        if "size_on_picture" in d:
            ET.SubElement(node, "viz:size", {"value": repr(float(d["size_on_picture"]))})
    edges = ET.SubElement(graph, "edges", {"count": str(len(edge_rows))})
    for i, (u, v, d) in enumerate(edge_rows):
        attrs = {"id": str(i), "source": u, "target": v}
        if "weight" in d:
            attrs["weight"] = repr(float(d["weight"]))
        for k in _EDGE_TIME:
            if k in d:
                attrs[k] = str(int(d[k]))
        edge = ET.SubElement(edges, "edge", attrs)
        attvalues(edge, d, edge_types)
    ET.indent(root)
    return b"<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def to_graphology(G: nx.Graph) -> bytes:
    """graphology's JSON serialisation (``Graph.from`` / ``graph.import`` read it; so do sigma.js and Gephi Lite).

    Each node's ``attributes`` are its own, plus ``size`` and ``color`` (from its size and colour in
    the picture) for sigma; each link has ``key`` (its number), ``source``, ``target`` and its
    attributes (``weight`` first). UTF-8, no NaN (missing values are left out), reproducible.

    >>> G = nx.Graph(title="t"); G.add_edge("a", "b", weight=2.0); G.nodes["a"]["size_on_picture"] = 5.0
    >>> doc = json.loads(to_graphology(G))
    >>> doc["options"]["type"], doc["nodes"][0], doc["edges"][0]["attributes"]
    ('undirected', {'key': 'a', 'attributes': {'size_on_picture': 5.0, 'size': 5.0}}, {'weight': 2.0})
    """
    nodes = []
    for v, d in G.nodes(data=True):
        attrs = dict(d)
        if "size_on_picture" in attrs:
            attrs["size"] = attrs["size_on_picture"]
        if isinstance(attrs.get("color_on_picture"), str):
            attrs["color"] = attrs["color_on_picture"]
        nodes.append({"key": str(v), "attributes": attrs})
    edges = [{"key": str(i), "source": str(u), "target": str(v), "attributes": dict(d)}
             for i, (u, v, d) in enumerate(G.edges(data=True))]
    doc = {"attributes": dict(G.graph), "options": {"type": "undirected", "multi": False, "allowSelfLoops": False},
           "nodes": nodes, "edges": edges}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


_WRITERS = {"graphml": to_graphml, "gexf": to_gexf, "graphology": to_graphology}


def export_graph(explorer, spec: ViewSpec, fmt: str = "graphml") -> bytes:
    """The view's graph as GraphML, GEXF or graphology JSON bytes."""
    fmt = fmt.lower()
    if fmt not in GRAPH_FORMATS:
        raise ExportError(f"format: {fmt!r} is not a graph format ({', '.join(GRAPH_FORMATS)}).")
    return _WRITERS[fmt](export_graph_object(explorer, spec))
