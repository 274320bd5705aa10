"""The page: a sidebar of controls, the pictures in tabs, a details panel, and the data's attribution.

The layout is built once per app from the dataset's :class:`~.state.Choices`;
what a person sees is then set by the URL (see ``callbacks.sync_view``).
"""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from ..view import FIELD_BY_NAME
from . import ids
from .components import busy, empty_details, figures_help
from .export_menu import export_menu
from .structure_panel import kcore_control, regions_section, structure_card, year_basis_control
from .slides_panel import deck_panel, matrix_pane, view_tools
from .state import (LABEL_OPTIONS, LAYOUT_OPTIONS, LEVEL_OPTIONS, VIEW_LABELS, WEIGHT_OPTIONS, Choices, options,
                    year_marks)

__all__ = ["build_layout", "graph_config", "empty_figure", "attribution_children", "INDEX_STRING", "RENDERER"]

#: The page around Dash's app: in English (``lang``), and Dash's scripts in a plain ``div`` rather than
#: a second ``footer`` (one contentinfo landmark: the attribution).
INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


#: Dash's renderer started with hooks on every request and answer: assets/wire.js learns the last request
#: for a network picture (``asking``; the page's fetch then reads its answer first, ``arrive``: the picture
#: and the parts beside it set at once, the rest given to Dash after the frame that paints them), sees every
#: other answer before Dash processes it (``answered``), and gives the side panels the view once its
#: picture is on screen.
RENDERER = """var renderer = new DashRenderer({
    request_pre: function (payload) {
        var g = window.dash_clientside && window.dash_clientside.graph_explorer;
        if (g && g.asking) { g.asking(payload); }
    },
    request_post: function (payload, response) {
        var g = window.dash_clientside && window.dash_clientside.graph_explorer;
        if (g && g.answered) { g.answered(payload, response); }
    }
});"""


def empty_figure() -> dict:
    """What a graph shows before its first drawing (no axes, no grid)."""
    return {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                                   "paper_bgcolor": "white", "plot_bgcolor": "white",
                                   "margin": {"l": 10, "r": 10, "t": 10, "b": 10}}}


def graph_config(topojson_url: str, filename: str) -> dict:
    """plotly.js settings: map outlines from our own server, no logo, scroll to zoom, PNG download."""
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "scrollZoom": True,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        # WebGL at the screen's resolution, not twice it: a 27,000-link picture paints ~3× faster on
        # laptops with weak (or software) graphics; exports are drawn separately, at full quality
        "plotGlPixelRatio": 1,
    }


def _label(text: str, hint: str | None = None, html_for: str | None = None):
    parts = [text]
    if hint:
        parts.append(html.Span(f" {hint}", className="text-muted fw-normal"))
    return dbc.Label(parts, html_for=html_for, class_name="control-label")


def _multi(cid: str, options: list[dict], placeholder: str) -> dcc.Dropdown:
    return dcc.Dropdown(id=cid, options=options, value=[], multi=True, placeholder=placeholder, clearable=True,
                        className="control-dropdown")


def _actor_picker(cid: str, placeholder: str) -> dcc.Dropdown:
    """A typeahead over the actors of the view; its options come from ``search_options`` as one types."""
    return dcc.Dropdown(id=cid, options=[], value=None, placeholder=placeholder, searchable=True, clearable=True,
                        debounce=False, className="control-dropdown actor-picker")


def attribution_children(attribution) -> list:
    """The footer's attribution line for a dataset's attribution texts."""
    return [html.Span("Data: ", className="fw-semibold")] + [html.Span(a, className="attribution-item")
                                                             for a in attribution]


def _collapsible(title: str, item_id: str, children: list) -> dbc.AccordionItem:
    return dbc.AccordionItem(children, title=title, item_id=item_id)


def _sidebar(choices: Choices, data_panel: list | None = None) -> html.Aside:
    """Controls in the order people use them: find, filter, what to show, how it looks, focus; the data last."""
    years = (choices.year_min, choices.year_max)
    marks = year_marks(*years)
    view = [
        _label("Show as", html_for=ids.LEVEL),
        dbc.RadioItems(id=ids.LEVEL, options=options(LEVEL_OPTIONS), value="country", class_name="mb-2"),
        html.Div("Countries: every organisation folded into its country. Organisations: each one apart. "
                 "Cooperations and actors: each project drawn as a diamond beside its members.",
                 className="control-help"),
        _label("Arrange", html_for=ids.LAYOUT),
        dbc.RadioItems(id=ids.LAYOUT, options=options(LAYOUT_OPTIONS), value="force", class_name="mb-2"),
        _label("Link weight", html_for=ids.WEIGHT),
        dbc.RadioItems(id=ids.WEIGHT, options=options(WEIGHT_OPTIONS), value="count"),
        html.Div("Newman's weight counts a cooperation of n partners 1/(n−1) for each pair, so a large "
                 "consortium does not outweigh a bilateral agreement.", className="control-help"),
    ]
    filters = [
        _label("Themes", "(of the cooperations)", ids.THEMES),
        dbc.RadioItems(id=ids.THEME_MODE, options=[{"label": "any of", "value": "any"},
                                                  {"label": "all of", "value": "all"}],
                       value="any", inline=True, class_name="theme-mode",
                       input_class_name="theme-mode-input"),
        dbc.Checklist(id=ids.THEMES, options=choices.themes, value=[], class_name="mb-2 compact-checklist"),
        _label("Years", "(cooperations running in them)", ids.YEARS),
        year_basis_control(),
        html.Div(dcc.RangeSlider(id=ids.YEARS, min=years[0], max=years[1], step=1, value=list(years), marks=marks,
                                 allowCross=False, tooltip={"placement": "bottom", "always_visible": False},
                                 updatemode="mouseup"), className="mb-3 year-slider"),
        _label("Regions", "(actors)", ids.REGIONS),
        dbc.Checklist(id=ids.REGIONS, options=choices.regions, value=[], class_name="mb-1 compact-checklist"),
        dbc.Checkbox(id=ids.PARTNERS, value=False, label="…and their partners elsewhere",
                     class_name="mb-2 partners-switch"),
        _label("Countries", "(actors)", ids.COUNTRIES),
        _multi(ids.COUNTRIES, choices.countries, "All countries"),
        _label("Cooperation kinds", None, ids.KINDS),
        dbc.Checklist(id=ids.KINDS, options=choices.kinds, value=[], class_name="mb-2 compact-checklist"),
        _label("Programmes", None, ids.PROGRAMMES),
        _multi(ids.PROGRAMMES, choices.programmes, "All programmes"),
        _label("At most this many partners", "(per cooperation)", FIELD_BY_NAME["max_partners"].control),
        dbc.Input(id=FIELD_BY_NAME["max_partners"].control, type="number", min=1, step=1, value=None, debounce=True,
                  size="sm", placeholder="Any size", class_name="mb-1"),
        html.Div("2 keeps the bilateral cooperations; empty keeps every size.", className="control-help"),
        _label("Actor kinds", None, ids.ACTOR_KINDS),
        _multi(ids.ACTOR_KINDS, choices.actor_kinds, "All kinds of actor"),
        _label("Minimum link weight", None, ids.MIN_WEIGHT),
        dbc.Input(id=ids.MIN_WEIGHT, type="number", min=0, step=0.5, value=0, debounce=True, size="sm",
                  class_name="mb-2"),
        *kcore_control(),
        html.Div("The numbers in brackets count what the other filters leave.", className="control-help"),
        dbc.Button("Clear filters", id=ids.RESET, color="secondary", outline=True, size="sm"),
    ]
    appearance = [
        _label("Colour by", html_for=ids.COLOR),
        dcc.Dropdown(id=ids.COLOR, options=choices.colors, value="community", clearable=False,
                     className="control-dropdown"),
        _label("Size by", html_for=ids.SIZE),
        dcc.Dropdown(id=ids.SIZE, options=choices.sizes, value="degree", clearable=False,
                     className="control-dropdown"),
        _label("Names on the picture", html_for=ids.LABELS),
        dbc.InputGroup([
            dbc.Select(id=ids.LABELS, options=options(LABEL_OPTIONS), value="top"),
            dbc.Label("How many names", html_for=ids.TOP_N, class_name="visually-hidden"),
            dbc.InputGroupText("N"),
            dbc.Input(id=ids.TOP_N, type="number", min=0, max=500, step=1, value=15, debounce=True,
                      style={"maxWidth": "5rem"}),
        ], size="sm"),
    ]
    focus = [
        _label("Show the neighbourhood of the selected actor"),
        dbc.InputGroup([
            dbc.Button("Focus", id=ids.FOCUS_BUTTON, color="primary", size="sm"),
            dbc.Label("Steps from the selected actor", html_for=ids.HOPS, class_name="visually-hidden"),
            dbc.Input(id=ids.HOPS, type="number", min=1, max=6, step=1, value=1, debounce=True,
                      style={"maxWidth": "4.5rem"}),
            dbc.InputGroupText("steps"),
            dbc.Button("Clear", id=ids.FOCUS_CLEAR, color="secondary", outline=True, size="sm"),
        ], size="sm", class_name="mb-1"),
        html.Div(id=ids.FOCUS_STATUS, className="small text-muted mb-3"),
        _label("Path between two actors", html_for=ids.PATH_FROM),
        _actor_picker(ids.PATH_FROM, "From…"),
        dbc.Label("Path to", html_for=ids.PATH_TO, class_name="visually-hidden"),
        _actor_picker(ids.PATH_TO, "To…"),
        dbc.Button("Clear path", id=ids.PATH_CLEAR, color="secondary", outline=True, size="sm", class_name="mt-1"),
    ]
    data = [_collapsible("Data", "data", data_panel)] if data_panel else []
    return html.Aside([
        html.Div([
            _label("Find an actor", html_for=ids.SEARCH),
            dcc.Input(id=ids.SEARCH, type="search", placeholder="Type a name…", debounce=False, value="",
                      autoComplete="off", className="form-control form-control-sm search-input", n_submit=0),
            html.Div(id=ids.SEARCH_RESULTS, className="search-results", role="group",
                     **{"aria-label": "Actors found", "aria-live": "polite"}),
        ], className="sidebar-search", role="search"),
        dbc.Accordion([
            _collapsible("Filters", "filters", filters),
            _collapsible("What to show", "view", view),
            _collapsible("Appearance", "appearance", appearance),
            _collapsible("Links and periods", "links", view_tools(choices.year_min, choices.year_max)),
            _collapsible("Focus and paths", "focus", focus),
            *data,
        ], always_open=True, active_item=["filters", "view", "data"], flush=True, class_name="sidebar-accordion"),
    ], className="sidebar", **{"aria-label": "Filters and settings"})


def _navbar(title: str, dataset_label: str) -> html.Header:
    return html.Header([
        html.Div([html.H1(title, className="app-title"),
                  html.Span(dataset_label, id=ids.DATASET_LABEL, className="app-dataset")],
                 className="brand"),
        html.Div([
            dbc.InputGroup([
                dbc.Label("Link to this view", html_for=ids.SHARE_URL, class_name="visually-hidden"),
                dbc.Input(id=ids.SHARE_URL, value="", readonly=True, size="sm", class_name="share-url"),
                dbc.Button("Share", id=ids.SHARE_BUTTON, color="light", size="sm",
                           title="Copy the link to this view"),
            ], size="sm"),
            html.Span(id=ids.SHARE_STATUS, className="share-status", role="status"),
            export_menu(ids.EXPORT_PREFIX),
        ], className="share"),
    ], className="app-navbar")


def _tabs() -> html.Div:
    """Network | Map | Table as real buttons with the tab role (each reachable by Tab, and by the arrow keys)."""
    buttons = []
    labels = dict(VIEW_LABELS)
    for v in ("map", "network", "matrix", "table"):  # the map first: the start view (see state.START)
        label, selected = labels[v], v == "network"
        buttons.append(html.Button(label, id=ids.TAB_BUTTONS[v], n_clicks=0, type="button",
                                   className="view-tab" + (" active" if selected else ""), role="tab",
                                   **{"aria-selected": "true" if selected else "false",
                                      "aria-controls": {"network": ids.NETWORK_PANE, "map": ids.MAP_PANE,
                                                        "matrix": ids.MATRIX_PANE, "table": ids.TABLE_PANE}[v]}))
    return html.Div(buttons, className="view-tabs", role="tablist", **{"aria-label": "Views of the same data"})


def _main(topojson_url: str) -> html.Main:
    graph_style = {"height": "100%", "width": "100%"}
    network = busy(dcc.Graph(id=ids.NETWORK, figure=empty_figure(), style=graph_style, mathjax=False,
                             config=graph_config(topojson_url, "vet-cooperation-network"), responsive=True), "graph")
    map_graph = busy(dcc.Graph(id=ids.MAP, figure=empty_figure(), style=graph_style, mathjax=False,
                               config=graph_config(topojson_url, "vet-cooperation-map"), responsive=True), "graph")
    grid_options = {"animateRows": False, "rowHeight": 30, "headerHeight": 36, "floatingFiltersHeight": 34,
                    "rowSelection": {"mode": "singleRow", "enableClickSelection": True, "checkboxes": False}}
    default_col = {"sortable": True, "filter": True, "resizable": True, "floatingFilter": True}
    table = html.Div([
        html.Div([
            dbc.RadioItems(id=ids.TABLE_KIND, options=[{"label": "Actors", "value": "nodes"},
                                                       {"label": "Links", "value": "links"}],
                           value="nodes", inline=True, class_name="me-3"),
            html.Div([
                dbc.Label("Links of", html_for=ids.LINK_ACTOR, class_name="me-1 mb-0 small"),
                dbc.Input(id=ids.LINK_ACTOR, type="search", value="", debounce=True, size="sm",
                          placeholder="an actor (either end)", style={"width": "14rem"}),
            ], id="link-actor-box", className="d-flex align-items-center me-3", style={"display": "none"}),
            html.Span(id=ids.TABLE_NOTE, className="small text-muted", role="status"),
        ], className="d-flex align-items-center flex-wrap mb-2"),
        html.Div(dag.AgGrid(id=ids.NODE_GRID, rowData=[], columnDefs=[], defaultColDef=default_col,
                            dashGridOptions=grid_options, getRowId="params.data.id",
                            style={"height": "100%"}), id=ids.NODE_GRID_BOX, className="grid-box"),
        html.Div(dag.AgGrid(id=ids.EDGE_GRID, rowData=[], columnDefs=[], defaultColDef=default_col,
                            dashGridOptions=grid_options, style={"height": "100%"}),
                 id=ids.EDGE_GRID_BOX, className="grid-box", style={"display": "none"}),
    ], className="table-pane-inner")
    return html.Main([
        html.Div(id=ids.MESSAGE),
        html.Div(id=ids.FIG_MESSAGE),
        dcc.Interval(id=ids.WARM_POLL, interval=1500, disabled=True),
        html.Div([
            html.H2("The view", className="visually-hidden"),
            # a polite live region: a screen reader reads the view in plain words out after each change
            html.Div(id=ids.SUMMARY_PLAIN, className="summary", role="status",
                     **{"aria-live": "polite", "aria-atomic": "true"}),
            # the figures one click away (a button and a hidden box rather than <details>: text in a
            # closed <details> is skipped by the browser's innerText, which scripts reading the page use)
            html.Button("Figures", id=ids.FIGURES_TOGGLE, n_clicks=0, type="button", className="figures-toggle",
                        **{"aria-expanded": "false", "aria-controls": ids.SUMMARY_FIGURES}),
            html.Div(id=ids.SUBTITLE, className="subtitle text-muted"),
            html.Div([html.Div(id=ids.SUMMARY, className="figures-line"), figures_help()],
                     id=ids.SUMMARY_FIGURES, className="summary-figures small", style={"display": "none"}),
            html.Div(id=ids.BACKBONE_HINT, className="summary-hints small"),
        ], className="view-header"),
        _tabs(),
        html.Div([
            html.Div(network, id=ids.NETWORK_PANE, className="pane", role="tabpanel",
                     **{"aria-label": "Network picture of the view (the Table view lists the same actors and links)",
                        "aria-labelledby": ids.TAB_BUTTONS["network"]}),
            html.Div(map_graph, id=ids.MAP_PANE, className="pane", style={"display": "none"}, role="tabpanel",
                     **{"aria-label": "Map of the view (the Table view lists the same actors and links)",
                        "aria-labelledby": ids.TAB_BUTTONS["map"]}),
            matrix_pane(graph_config(topojson_url, "vet-cooperation-matrix")),
            html.Div(table, id=ids.TABLE_PANE, className="pane", style={"display": "none"}, role="tabpanel",
                     **{"aria-label": "Tables of the actors and links of the view",
                        "aria-labelledby": ids.TAB_BUTTONS["table"]}),
        ], className="panes"),
        html.Div(id=ids.LEGEND, className="encoding-legend small"),
    ], className="main")


def _card(title: str, body, card_id: str) -> dbc.Card:
    return dbc.Card([dbc.CardHeader(html.H2(title, className="card-title-text")), dbc.CardBody(body)],
                    class_name="panel-card", id=card_id)


def _right_panel() -> html.Aside:
    return html.Aside([
        # a region of its own that scrolls: focusable, so keyboard users can scroll it too
        _card("Details", html.Div(empty_details(), id=ids.DETAILS, className="details-body", tabIndex="0",
                                  role="region", **{"aria-label": "Details of the selection"}), "details-card"),
        html.Div(id=ids.COMPARE_PANEL, className="compare-panel"),
        deck_panel(),
        _card("Path", html.Div("Choose two actors under Focus and paths to see how they are connected.",
                               id=ids.PATH_PANEL, className="small text-muted"), "path-card"),
        _card("Insights", [
            busy(html.Div(id=ids.INSIGHTS), delay_ms=400),
            *regions_section(),
            html.H3("What if it dropped out?", className="details-heading"),
            dbc.Button("Compute for the selected actor", id=ids.WHATIF_BUTTON, size="sm",
                       color="secondary", outline=True, disabled=True, class_name="mb-1"),
            busy(html.Div(id=ids.WHATIF)),
        ], "insights-card"),
        structure_card(),
    ], className="right-panel", **{"aria-label": "Details and insights"})


def build_layout(choices: Choices, *, title: str, dataset_label: str, attribution: list[str],
                 topojson_url: str, data_panel: list | None = None) -> html.Div:
    """The whole page (static; every value is then set from the URL and the tab's data token).

    ``data_panel`` (the components of :func:`~.upload_panel.upload_panel`) becomes the sidebar's
    last section, "Data" (closed: most people look at the bundled data first).
    """
    footer = html.Footer([
        html.Div(attribution_children(attribution), id=ids.ATTRIBUTION),
        html.Div("Shares and counts describe the cooperations in the data, not all cooperation that exists.",
                 className="text-muted"),
    ], id=ids.FOOTER, className="app-footer small")
    return html.Div([
        # a view set by a callback (its search) is pushed to the history without a reload; Back and Forward set
        # the search again. Its href is not kept up to date (the export menu reads the search): "callback-nav"
        # would make the Location read the address back after each push, one more change of the page per click
        dcc.Location(id=ids.URL, refresh=False),
        # the tab's upload token: session storage is per tab and survives a reload, never sent to other sites
        dcc.Store(id=ids.DATA_TOKEN, storage_type="session", data=None),
        dcc.Store(id=ids.SPEC, data=None),
        dcc.Store(id=ids.SHOWN, data={}),
        dcc.Store(id=ids.CONTROLS_NEXT, data=None),
        dcc.Store(id=ids.PANEL_SPEC, data=None),
        dcc.Store(id=ids.TABLE_SPEC, data=None),
        dcc.Store(id=ids.MATRIX_SPEC, data=None),
        dcc.Store(id=ids.EDGE, data=None),
        dcc.Store(id=ids.MATRIX_LINK, data=None),
        dcc.Store(id=ids.PICKED, data=None),
        dcc.Store(id=ids.NETWORK_FRAME, data=None),
        dcc.Store(id=ids.NETWORK_WIRE, data=None),
        dcc.Store(id=ids.NETWORK_REDRAW, data=None),
        dcc.Store(id=ids.FOCUS, data=None),
        dcc.Store(id=ids.SELECTED, data=None),
        dcc.Store(id=ids.TABS, data="network"),
        dcc.Store(id=ids.TABLE_META, data=None),
        dcc.Store(id=ids.DECK, storage_type="session", data=[]),  # the tab's deck of views (query strings)
        _navbar(title, dataset_label),
        html.Div([_sidebar(choices, data_panel), _main(topojson_url), _right_panel()], className="app-body"),
        footer,
    ], className="app-root")
