"""The few numbers that describe a graph at a glance (CLI ``summary``, the app's header)."""

from __future__ import annotations

from collections import Counter

import networkx as nx

__all__ = ["graph_summary", "view_notes", "backbone_text"]


def graph_summary(G: nx.Graph) -> dict:
    """Nodes, links, density, connected components and counts per node kind.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (3, 4)])
    >>> nx.set_node_attributes(G, "organisation", "kind")
    >>> s = graph_summary(G)
    >>> s["nodes"], s["links"], s["components"], s["density"], s["kinds"]
    (4, 2, 2, 0.3333, {'organisation': 4})
    """
    n = G.number_of_nodes()
    m = G.number_of_edges()
    kinds = Counter(d.get("kind", "unknown") for _, d in G.nodes(data=True))
    return {
        "level": G.graph.get("level", ""),
        "nodes": n,
        "links": m,
        "density": round(nx.density(G), 4) if n > 1 else 0.0,
        "components": nx.number_connected_components(G) if n else 0,
        "kinds": dict(sorted(kinds.items())),
    }


def view_notes(projection, spec, summary: dict) -> dict:
    """What the view's backbone kept and whether a backbone is worth offering.

    ``backbone``: the projection's :func:`~graph_explorer.backbone.backbone_summary`
    (None without a backbone); ``suggest_backbone``: the view is dense
    (density above :data:`~graph_explorer.backbone.DENSE_DENSITY`) and shows every link.
    """
    from .backbone import DENSE_DENSITY

    kept = projection.backbone
    dense = spec.level != "bipartite" and summary.get("density", 0) > DENSE_DENSITY
    return {"backbone": kept, "suggest_backbone": bool(dense and kept is None)}


def backbone_text(kept: dict | None, spec) -> str:
    """ "Backbone (α = 0.05): 120 of 655 links (18%), 61% of the weight" — or "" without a backbone.

    >>> backbone_text({"links_before": 655, "links_kept": 120, "weight_before": 10.0, "weight_kept": 6.1,
    ...                "links_share": 120 / 655, "weight_share": 0.61}, type("S", (), {"backbone": 0.05, "min_ratio": 0})())
    'Backbone (α = 0.05): 120 of 655 links (18%), 61% of the weight'
    """
    if not kept:
        return ""
    how = []
    if spec.backbone is not None:
        how.append(f"α = {spec.backbone:g}")
    if spec.min_ratio:
        how.append(f"≥ {spec.min_ratio:g}× expected")
    text = (f"Backbone ({', '.join(how)}): {kept['links_kept']:,} of {kept['links_before']:,} links "
            f"({kept['links_share']:.0%}), {kept['weight_share']:.0%} of the weight")
    gone = kept.get("actors_before", 0) - kept.get("actors_kept", 0)
    if gone > 0:
        text += f"; {gone:,} actor{'s' if gone != 1 else ''} without a significant link not shown"
    return text
