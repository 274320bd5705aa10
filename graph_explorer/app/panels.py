"""What each panel of the page shows, from an Explorer and a ViewSpec: plain functions returning components.

Every function takes an :class:`~graph_explorer.explorer.Explorer` (read-only,
shared by all users) and the view, and returns components or plain values —
no module state. :func:`~.callbacks.register` wires them to the page; they are
unit-tested as plain functions (``tests/app/test_callbacks.py``).
"""

from __future__ import annotations

import numpy as np
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import Patch, html

from ..explorer import graph_spec
from ..figures.labels import cut_label
from ..figures.scene import describe_filters
from ..figures.screen import (centre_ranges, drawn_labels, figure_key, labels_on, screen_figure, selection_trace,
                              uirevision)
from ..figures.style import metric_label
from ..figures.wire import encode, frame_of
from ..network import COOP_PREFIX
from ..warmup import needs_seed_warmup, warm, warm_seed
from ..view import WEIGHTINGS, ViewSpec
from . import components as comp
from .state import Choices

__all__ = ["search_options", "search_results", "focus_status", "preparation", "render_figure", "view_subtitle",
           "encoding_legend", "summary_line", "summary_view", "insights_view", "what_if_conclusion", "what_if_view",
           "details_panel", "path_view", "table_data", "table_key", "SEARCH_LIMIT"]

#: Search hits offered in a typeahead.
SEARCH_LIMIT = 25


def search_options(explorer, spec: ViewSpec, text: str | None, current: str | None) -> list[dict]:
    """Options of an actor picker (:meth:`~graph_explorer.explorer.Explorer.find_nodes`); the ``current``
    value is always among them, so the picker keeps showing its label."""
    return [{"label": label, "value": node}
            for node, label in explorer.find_nodes(spec, text, current, limit=SEARCH_LIMIT)]


def search_results(explorer, spec: ViewSpec, text: str | None, limit: int = 8):
    """The actors of the view found for ``text``, as buttons that select them (Enter takes the first)."""
    t = (text or "").strip()
    if len(t) < 2:
        return []
    hits = search_options(explorer, spec, t, None)
    if not hits:
        return html.Div(f"No actor in this view matches “{t}”.", className="small text-muted")
    out = [comp.pick_button(h["label"], h["value"], "search") for h in hits[:limit]]
    if len(hits) > limit:
        out.append(html.Div(f"… {len(hits) - limit:,} more: type more of the name.", className="small text-muted"))
    return out


def focus_status(explorer, spec: ViewSpec) -> str:
    if not spec.focus:
        return "No focus: the whole view is shown."
    return f"Focus: {explorer.node_label(spec, spec.focus)}, within {spec.hops} hop{'s' if spec.hops > 1 else ''}."


def preparation(explorer, spec: ViewSpec):
    """A progress message while the first layout and metrics of a large level are computed, else None.

    When the explorer's metrics policy warms up (:class:`~graph_explorer.explorer.MetricsPolicy`), large
    levels (masked metrics, :mod:`graph_explorer.scale`) are warmed in a separate process
    (:func:`~graph_explorer.warmup.warm`, idempotent), so this server keeps answering everyone else;
    the page polls until the warm-up is done, then draws. Small levels are drawn at once.
    """
    if not explorer.policy.warm_up:
        return None
    if needs_seed_warmup(explorer, spec):
        # a seed other than the default: its layout and metrics are made in a small pool of low-priority
        # processes (never in this thread), so a burst of new seeds cannot hold up other users
        w = warm_seed(explorer, spec)
        if w is None:
            return html.Div(f"The server is laying out other networks just now; this view (seed {spec.seed}) is "
                            "drawn as soon as it is free. The default seed is drawn at once.",
                            className="alert alert-info py-2 small", role="status")
        state = w.progress()
    elif explorer.exact_metrics(spec):
        return None
    else:
        state = warm(explorer, spec).progress()
    if state["state"] not in ("pending", "running"):
        return None
    return html.Div([
        html.Div(f"Preparing this network for the first time — {state['label'] or 'starting'} "
                 f"(step {state['step']} of {state['steps']}, {state['elapsed']:.0f} s). Other views and "
                 "other users are not held up; the picture appears when it is ready.", className="small mb-1"),
        dbc.Progress(value=int(100 * state["fraction"]), striped=True, animated=True, style={"height": "8px"}),
    ], className="alert alert-info py-2", role="status")


def render_figure(explorer, spec: ViewSpec, meta: dict | None, relayout: dict | None = None):
    """The picture of ``spec`` for its view: a map figure, or the network as a wire figure; a Patch when only the selection changed.

    The network travels by reference to its level's frame (:mod:`graph_explorer.figures.wire`):
    a filter click sends which nodes and links are shown, not the figure.

    Returns
    -------
    (figure, wire figure or Patch, meta, frame)
        ``meta`` records what was drawn: ``key`` (:func:`~graph_explorer.figures.screen.figure_key`), ``data``
        (the dataset's fingerprint), ``n`` (number of traces; the selection
        is always the last one) and, for the network, ``frame`` (the key of the frame it refers to).
        ``frame`` is the frame to send (JSON-ready) when the page's ``meta`` names another, else None.
    """
    geo = spec.view == "map"
    draw = spec.replace(selected=None)
    key = figure_key(spec)
    data = explorer.dataset.fingerprint
    if meta and meta.get("key") == key and meta.get("n") and meta.get("data") == data:
        scene = explorer.scene(draw)
        drawn = _names_drawn(explorer, key, data, lambda: labels_on(scene)) if spec.selected else set()
        patch = Patch()
        patch["data"][meta["n"] - 1] = selection_trace(scene, spec.selected, geo, meta.get("gl"), drawn)
        patch["layout"]["uirevision"] = uirevision(spec, data)
        if spec.selected:
            apply_centre(patch, scene, spec, relayout, geo)
        return patch, {**meta, "selected": spec.selected}, None
    def draw_network():
        scene = explorer.scene(draw)
        links: dict = {}
        nodes: dict = {}
        fig, gl = screen_figure(scene, spec, data, links=links, nodes=nodes, typed=False)  # encode converts
        _names_drawn(explorer, key, data, lambda: drawn_labels(fig))  # what a selection on it will not name again
        if spec.selected:
            apply_centre(fig, scene, spec, relayout, geo)
        frame = frame_of(explorer, spec, template=fig["layout"].get("template"))
        return encode(fig, links, scene, frame, nodes), len(fig["data"]), gl, frame

    if geo:
        def draw_map():
            return screen_figure(explorer.scene(draw), spec, data)

        if spec.selected:  # centred on the selection: drawn anew
            fig, gl = draw_map()
            apply_centre(fig, explorer.scene(draw), spec, relayout, geo)
        else:  # a map drawn before (the start view, prepared as the server starts) from the cache, as is
            fig, gl = explorer.remember(("map-figure", data, spec.to_query()), draw_map)
        return fig, {"key": key, "data": data, "n": len(fig["data"]), "gl": gl, "selected": spec.selected}, None
    # a view drawn before (Back, a filter ticked off again) is answered from the explorer's cache, without
    # building its scene again; with a selection the frame depends on the zoom the page reports, so it is
    # drawn anew
    wire, n, gl, frame = draw_network() if spec.selected else \
        explorer.remember(("wire-figure", data, spec.to_query()), draw_network)
    entry = {"key": key, "data": data, "n": n, "gl": gl, "selected": spec.selected, "frame": frame.key}
    return wire, entry, (frame.wire() if (meta or {}).get("frame") != frame.key else None)


def _names_drawn(explorer, key: str, data: str, compute) -> set[str]:
    """The names the picture of view ``key`` draws, kept with the explorer: a selection (a partial update) does
    not name its actor twice, and does not build the picture again to know them."""
    return explorer.remember(("names-drawn", data, key), compute)


def apply_centre(target, scene, spec: ViewSpec, relayout: dict | None, geo: bool) -> None:
    if geo:
        row = scene.nodes[scene.nodes["id"] == spec.selected]
        if row.empty or not np.isfinite(row["x"].iloc[0]):
            return
        scale = (relayout or {}).get("geo.projection.scale", 1.8)
        centre = {"lon": float(row["x"].iloc[0]), "lat": float(row["y"].iloc[0])}
        if isinstance(target, go.Figure):
            target.update_geos(center=centre, projection_scale=scale)
        else:
            target["layout"]["geo"]["center"] = centre
            target["layout"]["geo"]["projection"]["scale"] = scale
        return
    ranges = centre_ranges(scene, spec.selected, relayout)
    if ranges is None:
        return
    if isinstance(target, go.Figure):
        target.update_xaxes(range=ranges[0])
        target.update_yaxes(range=ranges[1])
    else:
        target["layout"]["xaxis"]["range"] = ranges[0]
        target["layout"]["yaxis"]["range"] = ranges[1]


def view_subtitle(explorer, spec: ViewSpec) -> str:
    """The filters in words, naming the focus by its label: "Organisations · theme: green · within 1 hop of X"."""
    text = describe_filters(spec.replace(focus=None))
    if text.endswith(" · all cooperations") and spec.focus:
        text = text.removesuffix(" · all cooperations")
    if spec.focus:
        text += f" · within {spec.hops} hop{'s' if spec.hops > 1 else ''} of {explorer.node_label(spec, spec.focus)}"
    return text


def encoding_legend(spec: ViewSpec, choices: Choices) -> list:
    """One line saying what colour, size and lines encode."""
    color = next((o["label"] for o in choices.colors if o["value"] == spec.color), spec.color)
    size = metric_label(spec.size)
    weighting = WEIGHTINGS[spec.weight].lower()
    if spec.view == "matrix":
        parts = [html.Span([html.B("Strip colour: "), color]),
                 html.Span([html.B("Cell colour: "), f"link weight ({weighting})"])]
    elif spec.compare is not None:
        parts = [html.Span([html.B("Colour: "), color]), html.Span([html.B("Size: "), size]),
                 html.Span([html.B("Lines: "), "new, stronger, weaker, lost (see the legend)"])]
    elif spec.edge_color == "ratio":
        parts = [html.Span([html.B("Colour: "), color]), html.Span([html.B("Size: "), size]),
                 html.Span([html.B("Line colour: "), "observed ÷ expected weight"])]
    else:
        parts = [html.Span([html.B("Colour: "), color]), html.Span([html.B("Size: "), size]),
                 html.Span([html.B("Line width: "), f"link weight ({weighting})"])]
    if spec.selected or spec.path:
        parts.append(html.Span([html.B("Red: "), "selected actor and path"]))
    if spec.focus:
        parts.append(html.Span([html.B("Faded: "), f"more than {spec.hops} hop(s) from the focus"]))
    if spec.holders:
        parts.append(html.Span([html.B("Ringed red: "), "actors and links that hold the network together"],
                               id="holders-legend"))
    out = []
    for i, p in enumerate(parts):
        if i:
            out.append(html.Span(" · ", className="text-muted"))
        out.append(p)
    return out


def summary_line(explorer, spec: ViewSpec) -> str:
    """ "N actors · M links · density … · components … · modularity … · cross-region …%"."""
    return comp.summary_text(_summary_facts(explorer, spec))


def _summary_facts(explorer, spec: ViewSpec) -> dict:
    s = dict(explorer.summary(spec))
    # communities depend on the seed: a new seed's are computed by its warm-up (bounded), not here;
    # until then the line leaves modularity and the cross-region share out
    if s["nodes"] and not needs_seed_warmup(explorer, spec):
        g = explorer.graph_metrics(spec)
        s["modularity"] = g.get("modularity_communities")
        s["cross_region_share"] = g.get("cross_region_share")
        s["largest_component"] = g.get("largest_component")
    return s


def summary_view(explorer, spec: ViewSpec):
    """(the figures line, the view in plain words: what the page's live region, ids.SUMMARY_PLAIN, reads out)."""
    s = _summary_facts(explorer, spec)
    return comp.summary_text(s), comp.plain_summary(s)


def _top_brokers(explorer, spec: ViewSpec, n: int = 5) -> list:
    m = explorer.metrics(spec)
    if m.empty or "betweenness" not in m.columns:
        return [html.Div("No actors in this view.", className="text-muted")]
    top = m.sort_values(["betweenness", "degree"], ascending=False).head(n)
    items = []
    for node, row in top.iterrows():
        where = row.get("country") if isinstance(row.get("country"), str) else ""
        detail = (f"{where} · " if where and where != node else "") + f"on {100 * row['betweenness']:.0f}% of routes"
        items.append(html.Li(comp.pick_button(cut_label(row.get("label", node), 48), str(node), "brokers", detail),
                             **{"data-node": str(node)}))
    return [html.Ol(items, className="broker-list")]


def insights_view(explorer, spec: ViewSpec) -> list:
    """Top brokers, communities versus regions, and suggested partners for the selected actor."""
    G = explorer.graph(spec)
    if G.number_of_nodes() == 0:
        return [html.Div("No actors match these filters.", className="text-muted small")]
    g = explorer.graph_metrics(spec)
    ari = g.get("communities_regions_ari", 0) or 0
    match = ("follow the regions closely" if ari >= 0.6 else "partly follow the regions" if ari >= 0.25
             else "cut across the regions")
    out = [
        html.H3("Top brokers", className="details-heading"),
        html.Div("The actors most often on the shortest route between two others: they connect groups that "
                 "would otherwise be far apart.", className="small text-muted"),
        *_top_brokers(explorer, spec),
        html.H3("Communities and regions", className="details-heading"),
        html.Div([
            f"{g.get('communities', 0):,} communit{'y' if g.get('communities') == 1 else 'ies'} — groups that "
            f"cooperate more among themselves than with others — which {match}. ",
            html.Details([html.Summary("Figures"), html.Span(
                f"Leiden, modularity {g.get('modularity_communities', 0):.2f}; agreement with the "
                f"{g.get('regions', 0)} regions: ARI {ari:.2f}, NMI {g.get('communities_regions_nmi', 0):.2f} "
                "(1 = the communities are the regions, 0 = no relation).", className="text-muted")],
                className="inline-figures"),
        ], className="small", id="insight-communities"),
    ]
    sel = spec.selected if spec.selected in G else None
    out.append(html.H3("Suggested partners", className="details-heading"))
    if sel is None:
        out.append(html.Div("Select an actor to see who it could work with.", className="small text-muted"))
    else:
        sug = explorer.suggestions(spec, sel, top=5)
        kind = G.nodes[sel].get("kind")
        if sug.empty:
            out.append(html.Div("No suggestion: no unlinked actor of the same kind shares a partner or a theme.",
                                className="small text-muted"))
        else:
            out.append(html.Div(
                f"For {cut_label(explorer.node_label(spec, sel), 48)}: {_kind_plural(kind)} it has no link with "
                "yet, first those that share the most partners (a partner who has few others counts more) and "
                "themes.", className="small"))
            out.append(html.Ol([html.Li([comp.pick_button(cut_label(r["label"], 48), str(r["id"]), "suggestions"),
                                         html.Div(r["reason"], className="text-muted")])
                                for _, r in sug.iterrows()], className="small suggestion-list"))
    return out


def _kind_plural(kind) -> str:
    return {"organisation": "organisations", "country": "countries", "network": "networks",
            "region": "regional authorities", "group": "groups"}.get(kind, "actors")


def what_if_conclusion(name: str, w: dict, lost_only: list[str]) -> str:
    """The what-if in one sentence.

    >>> what_if_conclusion("Latvia", {"disconnected": [], "before": {"efficiency": 0.5},
    ...                    "after": {"efficiency": 0.49}, "links_removed": 32}, [])
    'Without Latvia the network holds together: every other actor still reaches the rest; 32 links disappear and routes get 2% longer on average.'
    """
    cut = w.get("disconnected", [])
    b, a = w["before"].get("efficiency") or 0, w["after"].get("efficiency") or 0
    longer = (1 - a / b) * 100 if b else 0.0
    if cut:
        return (f"Without {name}, {len(cut):,} actor{'s' if len(cut) != 1 else ''} would lose every route to the "
                f"main network, and routes between the others get {longer:.0f}% longer on average.")
    if lost_only:
        return (f"Without {name}, {len(lost_only):,} actor{'s' if len(lost_only) != 1 else ''} lose their only "
                f"partner in this view; the rest holds together.")
    routes = "routes barely change" if abs(longer) < 0.5 else f"routes get {longer:.0f}% longer on average"
    return (f"Without {name} the network holds together: every other actor still reaches the rest; "
            f"{w['links_removed']:,} links disappear and {routes}.")


def what_if_view(explorer, spec: ViewSpec):
    """What removing the selected actor changes (computed on request: it can take a second on a large view)."""
    G = explorer.graph(spec)
    sel = spec.selected if spec.selected in G else None
    if sel is None:
        return html.Div("Select an actor, then compute what its removal would change.", className="small text-muted")
    w = explorer.what_if(spec, [sel])
    b, a = w["before"], w["after"]
    cut = w.get("disconnected", [])
    name = cut_label(explorer.node_label(spec, sel), 48)
    lost_only = [v for v in G[sel] if G.degree(v) == 1]
    named = cut or lost_only
    return html.Div([
        html.P(what_if_conclusion(name, w, lost_only), className="small mb-1 whatif-conclusion"),
        html.Ul([html.Li(comp.pick_button(cut_label(explorer.node_label(spec, n), 40), n, "what-if"))
                 for n in named[:8]] + ([html.Li(f"… and {len(named) - 8:,} more", className="text-muted")]
                                        if len(named) > 8 else []), className="small whatif-names")
        if named else None,
        html.Details([html.Summary("Figures", className="small"), html.Ul([
            html.Li(f"{w['links_removed']:,} links disappear"),
            html.Li(f"components {b['components']:,} → {a['components']:,}"),
            html.Li(f"largest component {b['largest_component']:,} → {a['largest_component']:,} actors"),
            html.Li(f"global efficiency {b['efficiency']:.3f} → {a['efficiency']:.3f}"
                    + (" (estimated)" if a.get("efficiency_approximate") else "")
                    + " — the average of 1/steps between every two actors"),
            html.Li(f"{len(cut):,} actor{'s' if len(cut) != 1 else ''} cut off from the largest component"),
        ], className="small whatif-list mb-0")]),
    ], **{"data-node": sel})


def details_panel(explorer, spec: ViewSpec, edge) -> html.Div:
    """The selected link (if any) or the selected node of the view, else a hint."""
    if edge:
        d = explorer.edge_details(spec, edge[0], edge[1])
        if d is None:
            return html.Div("This link is not in the current view.", className="text-muted small")
        return comp.edge_panel(d)
    if not spec.selected:
        return comp.empty_details()
    node = spec.selected
    if node.startswith(COOP_PREFIX) and spec.level == "bipartite":
        c = explorer.cooperation(node.removeprefix(COOP_PREFIX))
        if c is not None:
            return comp.cooperation_node_panel(c)
    d = explorer.node_details(spec, node)
    if d is None:
        return html.Div(f"{explorer.actor_name(node)} is not in the current view (check the level and filters).",
                        className="text-muted small")
    m = explorer.metrics(spec)
    ranks = comp.metric_ranks(m)
    r = ranks.loc[node].to_dict() if node in ranks.index else {}
    metrics = {k: v for k, v in d["metrics"].items() if k not in ("label", "kind", "country", "region")}
    return comp.node_panel({**d, "metrics": metrics}, r, len(m))


def path_view(explorer, spec: ViewSpec):
    if not spec.path:
        return html.Div("Choose two actors under Focus and paths to see how they are connected.",
                        className="small text-muted")
    a, b = spec.path
    G = explorer.graph(spec)
    missing = [x for x in (a, b) if x not in G]
    if missing:
        return comp.path_panel([], {}, [], message="Not in the current view: "
                               + ", ".join(explorer.actor_name(x) for x in missing) + ".")
    route = explorer.shortest_path(spec, a, b)
    if not route:
        return comp.path_panel([], {}, [], message=f"No path between {explorer.node_label(spec, a)} and "
                               f"{explorer.node_label(spec, b)} in this view.")
    labels = {n: explorer.node_label(spec, n) for n in route}
    return comp.path_panel(route, labels, explorer.path_hops(spec, route))


def table_data(explorer, spec: ViewSpec, kind: str, actor: str | None = None):
    """(columnDefs, rowData, note) of the actors or the links of the view (links: of ``actor``, at either end)."""
    p = explorer.link_projection(spec) if kind == "links" else explorer.projection(spec)
    if kind == "links":
        labels = dict(zip(p.nodes["id"], p.nodes["label"]))
        titles = dict(zip(explorer.dataset.cooperations["id"], explorer.dataset.cooperations["title"]))
        defs, rows = comp.edge_table(p.edges, labels, titles, actor)
        whose = f" with an actor matching “{actor.strip()}” at either end" if actor and actor.strip() else ""
        note = f"{len(rows):,} links{whose}. Click a row for the cooperations behind the link and their sources."
    else:
        m = explorer.metrics(spec)
        defs, rows = comp.node_table(p.nodes, m)
        note = f"{len(rows):,} actors. Click a row to select the actor."
    return defs, rows, note


def table_key(spec: ViewSpec, kind: str) -> str:
    """What a table shows depends on the filters, not on appearance or selection."""
    # communities follow the seed; a comparison's table holds both periods' links
    return f"{kind}|{graph_spec(spec).replace(seed=spec.seed, compare=spec.compare).to_query()}"
