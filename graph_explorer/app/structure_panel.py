"""Structure on screen: who holds the network together, how regional each region is, and what-if of groups.

Self-contained: the controls (year basis, k-core, the "who holds it together"
switch) are ViewSpec fields kept in step with the URL by
``callbacks.sync_view`` like every other control; everything drawn here comes
from the view (``ids.SPEC``) through the Explorer, so the numbers are those of
the CLI (``metrics --by region``, ``whatif``) and of the exports.

Pure functions (unit-tested as such) and :func:`register`, which wires them to
one app.
"""

from __future__ import annotations

import math

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from ..analysis.holders import REMOVAL_KINDS
from ..errors import GraphExplorerError
from ..view import ViewSpec
from . import components as comp
from . import ids
from ..figures.labels import cut_label
from .callbacks import guarded, panel_callback
from .sync import spec_of

__all__ = ["year_basis_control", "kcore_control", "structure_card", "regions_section", "holders_view", "region_lead", "region_table_view", "region_matrix_view",
           "regions_view", "what_if_options", "picker_options", "what_if_group_view", "what_if_sentence", "register"]

#: What a what-if can take away, as the kind dropdown offers it.
KIND_OPTIONS = [{"label": "Actors (one or several)", "value": "actor"}, {"label": "A country", "value": "country"},
                {"label": "A region", "value": "region"}, {"label": "A programme", "value": "programme"},
                {"label": "A cooperation", "value": "cooperation"}]
#: At most this many actors are offered in the what-if picker (the most connected first).
ACTOR_OPTIONS_MAX = 400
#: Of those, this many are listed before anything is typed (typing finds the others): a filter click
#: sends ~2 KB of names instead of ~40 KB.
ACTOR_OPTIONS_SHOWN = 30
#: Holders listed by name.
HOLDERS_LISTED = 8


# -- controls and sections (placed by layout.py) ------------------------------------------------


def year_basis_control() -> dbc.RadioItems:
    """Years: "active in" (default) or "called in"."""
    return dbc.RadioItems(id=ids.YEAR_BASIS, value="active", inline=True, class_name="mb-2 small",
                          options=[{"label": "active in", "value": "active"},
                                   {"label": "called in", "value": "called"}])


def kcore_control() -> list:
    """The k-core filter: keep actors with at least K partners among those kept."""
    return [
        dbc.Label(["Core of the network ", html.Span("(k-core: at least K partners; 0 = all)",
                                                     className="text-muted fw-normal")],
                  html_for=ids.KCORE, class_name="control-label"),
        dbc.Input(id=ids.KCORE, type="number", min=0, max=1000, step=1, value=0, debounce=True, size="sm",
                  class_name="mb-2"),
    ]


def structure_card() -> dbc.Card:
    """The right panel's card: who holds the network together, and what-if of a group."""
    return dbc.Card([dbc.CardHeader(html.H2("Who holds the network together?", className="card-title-text")), dbc.CardBody([
        dbc.Switch(id=ids.HOLDERS, label="Highlight them in the picture", value=False, class_name="small mb-1"),
        comp.busy(html.Div(id=ids.STRUCTURE, className="small"), delay_ms=400),
        html.H3("What if they were gone?", className="details-heading"),
        dbc.Label("What to take away", html_for=ids.WHATIF_KIND, class_name="visually-hidden"),
        dbc.Select(id=ids.WHATIF_KIND, options=KIND_OPTIONS, value="actor", size="sm", class_name="mb-1"),
        dcc.Dropdown(id=ids.WHATIF_VALUES, options=[], value=[], multi=True, placeholder="Choose, or type a name…",
                     className="control-dropdown mb-1"),
        dbc.Button("Compute", id=ids.WHATIF_GROUP_BUTTON, size="sm", color="secondary", outline=True,
                   class_name="mb-1"),
        comp.busy(html.Div(id=ids.WHATIF_GROUP, className="small")),
    ])], class_name="panel-card")


def regions_section() -> list:
    """Insights: how regional each region's cooperation is (table) and the region × region matrix."""
    return [
        html.H3("How regional is each region?", className="details-heading",
                title="E-I index: (links out − links within) / all links; −1 all inside the region, +1 all outside"),
        html.Div(id=ids.REGION_LEAD),
        # the table and the matrix are computed and sent only while they are open
        _toggle("Region by region: links within and out", ids.REGION_TABLE_TOGGLE, ids.REGION_TABLE),
        comp.busy(html.Div(id=ids.REGION_TABLE, style={"display": "none"}), delay_ms=400),
        _toggle("Links between regions (matrix)", ids.REGION_MATRIX_TOGGLE, ids.REGION_MATRIX),
        html.Div(id=ids.REGION_MATRIX, style={"display": "none"}),
    ]


def _toggle(text: str, button_id: str, controls: str):
    return html.Button(text, id=button_id, n_clicks=0, type="button", className="figures-toggle mt-1 d-block",
                       **{"aria-expanded": "false", "aria-controls": controls})


# -- pure functions -------------------------------------------------------------------------------


def _label(explorer, spec: ViewSpec, node) -> str:
    return cut_label(explorer.node_label(spec, node), 40)


def holders_view(explorer, spec: ViewSpec) -> list:
    """In words: how many actors and links hold the view together, and the most critical by name."""
    G = explorer.graph(spec)
    if G.number_of_nodes() == 0:
        return [html.Div("No actors match these filters.", className="text-muted")]
    h = explorer.holders(spec)
    points, bridges, cut = h["articulation_points"], h["bridges"], h["cut_off"]
    if not points and not bridges:
        return [html.Div("No single actor or link holds this network together: every actor can leave and "
                         "the others stay connected.", id="holders-summary")]
    out = [html.Div([
        f"{len(points):,} actor{'s' if len(points) != 1 else ''} and {len(bridges):,} "
        f"link{'s' if len(bridges) != 1 else ''} hold this network together: without one of them, some actors "
        "lose every connection to the rest.",
        html.Span(" (articulation points and bridges)", className="text-muted"),
    ], id="holders-summary")]
    top = sorted(points, key=lambda p: (-cut[p], str(p)))[:HOLDERS_LISTED]
    if top:
        out.append(html.Ol([html.Li([html.Span(_label(explorer, spec, p)),
                                     html.Span(f" · {cut[p]:,} actor{'s' if cut[p] != 1 else ''} cut off without it",
                                               className="text-muted")], **{"data-node": str(p)})
                            for p in top], className="holders-list mb-1", id="holders-list"))
        if len(points) > len(top):
            out.append(html.Div(f"… and {len(points) - len(top):,} more.", className="text-muted"))
    if not spec.holders:
        out.append(html.Div("Switch on the highlight to see them in the picture.", className="text-muted"))
    return out


def _fmt_ei(v: float) -> str:
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:+.2f}"


def _n(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}"


def regions_view(explorer, spec: ViewSpec) -> tuple[list, list]:
    """The per-region table (region, actors, links within, out, E-I, main partners) and the matrix."""
    return region_table_view(explorer, spec), region_matrix_view(explorer, spec)


def _no_regions() -> list:
    return [html.Div("No links between actors with a region in this view.", className="small text-muted")]


def region_lead(explorer, spec: ViewSpec) -> list:
    """How regional the view is, in one line: the share of links that stay inside one region."""
    t = explorer.region_table(spec)
    if t.empty:
        return _no_regions()
    inside = t["links_within"].sum()
    total = inside + t["links_out"].sum() / 2  # a link out is counted by both its regions
    if not total:
        return []
    return [html.Div(f"{inside / total:.0%} of the links stay inside one region; E-I runs from −1 (all links "
                     "inside the region) to +1 (all to other regions).", className="small", id="region-lead")]


def region_table_view(explorer, spec: ViewSpec) -> list:
    """The per-region table (region, actors, links within, out, E-I, main partners), after a line in words."""
    t = explorer.region_table(spec)
    if t.empty:
        return _no_regions()
    return region_lead(explorer, spec) + [_region_table(t)]


def _region_table(t):
    head = html.Thead(html.Tr([html.Th("Region"), html.Th("Actors"),
                               html.Th("Within", title="Links with both ends in the region"),
                               html.Th("Out", title="Links to actors of other regions"),
                               html.Th("E-I", title="(out − within) / all: −1 all inside, +1 all outside")]))
    rows = []
    for r in t.itertuples(index=False):
        rows.append(html.Tr([html.Td(r.region, className="fw-semibold"), html.Td(f"{r.actors:,}"),
                             html.Td(_n(r.links_within)), html.Td(_n(r.links_out)),
                             html.Td(_fmt_ei(r.ei_index), **{"data-ei": repr(float(r.ei_index))})],
                            **{"data-region": r.region}, className="region-row"))
        if r.partner_regions:
            rows.append(html.Tr(html.Td(f"mostly with {r.partner_regions}", colSpan=5,
                                        className="text-muted region-partners"), className="region-partners-row"))
    return dbc.Table([head, html.Tbody(rows)], size="sm", bordered=False, hover=True, responsive=True,
                     class_name="region-table small mb-1", id="region-table-grid")


def region_matrix_view(explorer, spec: ViewSpec) -> list:
    """The region × region matrix of link weights."""
    if explorer.region_table(spec).empty:
        return _no_regions()
    m = explorer.region_matrix(spec)
    mhead = html.Thead(html.Tr([html.Th("")] + [html.Th(c) for c in m.columns]))
    mrows = [html.Tr([html.Th(r)] + [html.Td(_n(v)) for v in m.loc[r]]) for r in m.index]
    weight = "shared cooperations" if spec.weight == "count" else "Newman weight"
    matrix = [html.Div(f"Sum of link weights ({weight}) between regions; the diagonal is within a region.",
                       className="small text-muted"),
              dbc.Table([mhead, html.Tbody(mrows)], size="sm", bordered=True, responsive=True,
                        class_name="region-matrix small")]
    return matrix


def picker_options(explorer, spec: ViewSpec, kind: str, chosen=(), text: str | None = None) -> list[dict]:
    """The options the what-if picker shows: for actors, those ``text`` names (else the best connected),
    with the ``chosen`` ones kept; for the other kinds, every option.

    >>> from graph_explorer.explorer import Explorer
    >>> from graph_explorer.testing import tiny_dataset
    >>> ex = Explorer(tiny_dataset())
    >>> [o["value"] for o in picker_options(ex, ViewSpec(level="country"), "actor", text="latv")]
    ['LV']
    """
    if kind != "actor":
        return what_if_options(explorer, spec, kind)
    if text:
        needle = text.casefold()
        offered = what_if_options(explorer, spec, kind)
        hits = [o for o in offered if needle in str(o["label"]).casefold()][:ACTOR_OPTIONS_SHOWN]
    else:
        offered = what_if_options(explorer, spec, kind) if chosen else []
        hits = what_if_options(explorer, spec, kind, limit=ACTOR_OPTIONS_SHOWN)
    keep = set(chosen or ())
    return [o for o in offered if o["value"] in keep] + [o for o in hits if o["value"] not in keep]


def what_if_options(explorer, spec: ViewSpec, kind: str, limit: int = ACTOR_OPTIONS_MAX) -> list[dict]:
    """What the what-if picker can offer for ``kind`` in this view (actors: the ``limit`` best connected)."""
    G = explorer.graph(spec)
    if kind == "actor":
        nodes = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:limit]
        return [{"label": cut_label(explorer.node_label(spec, n), 60), "value": str(n)}
                for n in sorted(nodes, key=lambda n: str(explorer.node_label(spec, n)).casefold())]
    if kind in ("country", "region"):
        counts: dict = {}
        for _, d in G.nodes(data=True):
            v = d.get(kind)
            if isinstance(v, str) and v:
                counts[v] = counts.get(v, 0) + 1
        names = explorer.dataset.countries.set_index("code")["name"] if kind == "country" else {}
        return [{"label": f"{names.get(v, v) if kind == 'country' else v} ({n:,} actors)", "value": v}
                for v, n in sorted(counts.items(), key=lambda kv: str(names.get(kv[0], kv[0]) if kind == "country"
                                                                     else kv[0]))]
    in_view: set = set()
    for _, _, d in G.edges(data=True):
        in_view.update(d.get("cooperations") or ())
    coops = explorer.dataset.cooperations
    coops = coops[coops["id"].isin(in_view)]
    if kind == "programme":
        counts = coops["programme"].dropna().value_counts()
        return [{"label": f"{p} ({n:,} cooperations)", "value": p} for p, n in sorted(counts.items())]
    if kind == "cooperation":
        return [{"label": cut_label(t, 70), "value": c} for c, t in sorted(zip(coops["id"], coops["title"]),
                                                                             key=lambda ct: str(ct[1]).casefold())]
    return []


def what_if_sentence(r: dict, what: str) -> list[str]:
    """The answer of a what-if in plain words, one sentence per change (first the headline)."""
    b, a = r["before"], r["after"]
    out = []
    removed = len(r.get("removed_actors") or ())
    lost = f"{removed:,} actor{'s' if removed != 1 else ''} and " if removed else ""
    out.append(f"Without {what}: {lost}{r['links_removed']:,} link{'s' if r['links_removed'] != 1 else ''} "
               f"disappear" + (f", {r['links_weakened']:,} get weaker" if r.get("links_weakened") else "") + ".")
    if a["components"] != b["components"]:
        out.append(f"The network falls from {b['components']:,} into {a['components']:,} separate parts.")
    else:
        out.append(f"The network stays in {a['components']:,} part{'s' if a['components'] != 1 else ''}.")
    out.append(f"The largest connected group goes from {b['largest_component']:,} to {a['largest_component']:,} "
               "actors.")
    cut = len(r.get("disconnected") or ())
    if cut:
        out.append(f"{cut:,} other actor{'s lose' if cut != 1 else ' loses'} every path to it.")
    if b["efficiency"] > 0:
        change = (a["efficiency"] - b["efficiency"]) / b["efficiency"]
        est = " (estimated)" if a.get("efficiency_approximate") else ""
        if abs(change) < 0.005:
            out.append(f"Reaching one another takes about as many steps as before{est}.")
        else:
            out.append(f"Reaching one another gets {abs(change):.0%} {'harder' if change < 0 else 'easier'}"
                       f" (global efficiency {b['efficiency']:.3f} → {a['efficiency']:.3f}){est}.")
    return out


def _what(explorer, spec: ViewSpec, kind: str, values: list) -> str:
    if kind == "actor":
        names = [_label(explorer, spec, v) for v in values]
        return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    if kind == "country":
        names = explorer.dataset.countries.set_index("code")["name"]
        return ", ".join(str(names.get(v, v)) for v in values)
    if kind == "region":
        return "the " + ", ".join(values) + (" regions" if len(values) > 1 else " region")
    if kind == "programme":
        return ", ".join(values)
    titles = explorer.dataset.cooperations.set_index("id")["title"]
    return ", ".join(cut_label(titles.get(v, v), 50) for v in values)


def what_if_group_view(explorer, spec: ViewSpec, kind: str, values) -> html.Div:
    """What changes without the chosen actors, country, region, programme or cooperation — in words."""
    values = [v for v in (values or []) if v]
    if kind not in REMOVAL_KINDS:
        return html.Div("Choose what to take away.", className="text-muted")
    if not values:
        return html.Div(f"Choose {'one or more actors' if kind == 'actor' else 'a ' + kind} first.",
                        className="text-muted")
    try:
        r = explorer.what_if_removing(spec, kind, values)
    except GraphExplorerError as exc:  # a value that is not in this view (the filters changed): say so
        return html.Div(str(exc), className="text-muted")
    lines = what_if_sentence(r, _what(explorer, spec, kind, values))
    cut = r.get("disconnected") or []
    extra = []
    if cut:
        extra.append(html.Div("Cut off: " + ", ".join(_label(explorer, spec, n) for n in cut[:6])
                              + (" …" if len(cut) > 6 else ""), className="text-muted"))
    return html.Div([html.Div(lines[0], className="fw-semibold"),
                     html.Ul([html.Li(s) for s in lines[1:]], className="whatif-list mb-0"), *extra],
                    id="what-if-group-answer", **{"data-kind": kind})


# -- wiring ---------------------------------------------------------------------------------------


def register(app, sources) -> None:
    """Wire this panel's callbacks to ``app`` (each reads the view from ``ids.SPEC``)."""
    token = State(ids.DATA_TOKEN, "data")
    panel_callback(app, sources, ids.STRUCTURE, holders_view)

    @app.callback(Output(ids.REGION_LEAD, "children"), Output(ids.REGION_TABLE, "children"),
                  Output(ids.REGION_MATRIX, "children"), Input(ids.PANEL_SPEC, "data"),
                  Input(ids.REGION_TABLE_TOGGLE, "n_clicks"), Input(ids.REGION_MATRIX_TOGGLE, "n_clicks"), token,
                  prevent_initial_call=True)
    @guarded(lambda message: (comp.alert(message, "danger"), no_update, no_update))
    def _regions(query, table_clicks, matrix_clicks, data_token):
        if query is None:
            return no_update, no_update, no_update
        explorer, spec = sources.explorer(data_token), spec_of(query)
        opened = ctx.triggered_id in (ids.REGION_TABLE_TOGGLE, ids.REGION_MATRIX_TOGGLE)
        # closed: nothing computed or sent
        t = region_table_view(explorer, spec)[-1:] if (table_clicks or 0) % 2 else no_update
        m = region_matrix_view(explorer, spec) if (matrix_clicks or 0) % 2 else no_update
        return no_update if opened else region_lead(explorer, spec), t, m

    for button, box in ((ids.REGION_TABLE_TOGGLE, ids.REGION_TABLE), (ids.REGION_MATRIX_TOGGLE, ids.REGION_MATRIX)):
        app.clientside_callback(
            """function(n) {
                const open = (n || 0) % 2 === 1;
                return [open ? {display: 'block'} : {display: 'none'}, open ? 'true' : 'false'];
            }""",
            Output(box, "style"), Output(button, "aria-expanded"), Input(button, "n_clicks"),
        )

    @app.callback(Output(ids.WHATIF_VALUES, "options"), Output(ids.WHATIF_VALUES, "value"),
                  Output(ids.WHATIF_GROUP, "children"),
                  Input(ids.WHATIF_KIND, "value"), Input(ids.PANEL_SPEC, "data"), State(ids.WHATIF_VALUES, "value"),
                  token, prevent_initial_call=True)
    @guarded(lambda message: ([], [], comp.alert(message, "danger")))
    def _options(kind, query, current, data_token):
        if query is None:
            return no_update, no_update, no_update
        explorer, spec, kind = sources.explorer(data_token), spec_of(query), kind or "actor"
        offered = {o["value"] for o in what_if_options(explorer, spec, kind)} if current else set()
        kept = [v for v in (current or []) if v in offered]
        return picker_options(explorer, spec, kind, kept), kept, None

    @app.callback(Output(ids.WHATIF_VALUES, "options", allow_duplicate=True),
                  Input(ids.WHATIF_VALUES, "search_value"), State(ids.WHATIF_KIND, "value"),
                  State(ids.WHATIF_VALUES, "value"), State(ids.SPEC, "data"), token, prevent_initial_call=True)
    @guarded(lambda message: no_update)
    def _typed(text, kind, current, query, data_token):
        if query is None or (kind or "actor") != "actor" or not text:
            return no_update
        return picker_options(sources.explorer(data_token), spec_of(query), "actor", current, text)

    @app.callback(Output(ids.WHATIF_GROUP, "children", allow_duplicate=True),
                  Input(ids.WHATIF_GROUP_BUTTON, "n_clicks"), State(ids.WHATIF_KIND, "value"),
                  State(ids.WHATIF_VALUES, "value"), State(ids.SPEC, "data"), token, prevent_initial_call=True)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _what_if(n_clicks, kind, values, query, data_token):
        if not n_clicks or query is None:
            return no_update
        return what_if_group_view(sources.explorer(data_token), spec_of(query), kind or "actor", values)

