"""The page: a sidebar of controls, the pictures in tabs, a details panel, and the data's attribution.

The layout is built once per app from the dataset's :class:`~.state.Choices`;
what a person sees is then set by the URL (see ``callbacks.sync_view``).
"""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from . import ids
from .components import empty_details
from .export_menu import export_menu
from .structure_panel import kcore_control, regions_section, structure_card, year_basis_control
from .slides_panel import deck_panel, matrix_pane, view_tools
from .state import (LABEL_OPTIONS, LAYOUT_OPTIONS, LEVEL_OPTIONS, VIEW_LABELS, WEIGHT_OPTIONS, Choices, options,
                    year_marks)

__all__ = ["build_layout", "graph_config", "empty_figure", "attribution_children"]


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


def _sidebar(choices: Choices, data_panel: list | None = None) -> html.Div:
    years = (choices.year_min, choices.year_max)
    marks = year_marks(*years)
    view = [
        _label("Level", html_for=ids.LEVEL),
        dbc.RadioItems(id=ids.LEVEL, options=options(LEVEL_OPTIONS), value="organisation", class_name="mb-2"),
        _label("Layout", html_for=ids.LAYOUT),
        dbc.RadioItems(id=ids.LAYOUT, options=options(LAYOUT_OPTIONS), value="force", class_name="mb-2"),
        _label("Link weight", html_for=ids.WEIGHT),
        dbc.RadioItems(id=ids.WEIGHT, options=options(WEIGHT_OPTIONS), value="count"),
    ]
    filters = [
        _label("Themes", "(cooperations)", ids.THEMES),
        dbc.Checklist(id=ids.THEMES, options=choices.themes, value=[], class_name="mb-2 compact-checklist"),
        _label("Years", html_for=ids.YEARS),
        year_basis_control(),
        html.Div(dcc.RangeSlider(id=ids.YEARS, min=years[0], max=years[1], step=1, value=list(years), marks=marks,
                                 allowCross=False, tooltip={"placement": "bottom", "always_visible": False},
                                 updatemode="mouseup"), className="mb-3 year-slider"),
        _label("Cooperation kinds", "(cooperations)", ids.KINDS),
        dbc.Checklist(id=ids.KINDS, options=choices.kinds, value=[], class_name="mb-2 compact-checklist"),
        _label("Programmes", "(cooperations)", ids.PROGRAMMES),
        _multi(ids.PROGRAMMES, choices.programmes, "All programmes"),
        _label("Regions", "(actors)", ids.REGIONS),
        dbc.Checklist(id=ids.REGIONS, options=choices.regions, value=[], class_name="mb-2 compact-checklist"),
        _label("Countries", "(actors)", ids.COUNTRIES),
        _multi(ids.COUNTRIES, choices.countries, "All countries"),
        _label("Actor kinds", "(actors)", ids.ACTOR_KINDS),
        _multi(ids.ACTOR_KINDS, choices.actor_kinds, "All kinds of actor"),
        _label("Minimum link weight", html_for=ids.MIN_WEIGHT),
        dbc.Input(id=ids.MIN_WEIGHT, type="number", min=0, step=0.5, value=0, debounce=True, size="sm",
                  class_name="mb-2"),
        *kcore_control(),
        dbc.Button("Clear filters", id=ids.RESET, color="secondary", outline=True, size="sm"),
    ]
    appearance = [
        _label("Colour by", html_for=ids.COLOR),
        dcc.Dropdown(id=ids.COLOR, options=choices.colors, value="community", clearable=False,
                     className="control-dropdown"),
        _label("Size by", html_for=ids.SIZE),
        dcc.Dropdown(id=ids.SIZE, options=choices.sizes, value="degree", clearable=False,
                     className="control-dropdown"),
        _label("Labels", html_for=ids.LABELS),
        dbc.InputGroup([
            dbc.Select(id=ids.LABELS, options=options(LABEL_OPTIONS), value="top"),
            dbc.InputGroupText("N"),
            dbc.Input(id=ids.TOP_N, type="number", min=0, max=500, step=1, value=15, debounce=True,
                      style={"maxWidth": "5rem"}),
        ], size="sm"),
    ]
    focus = [
        _label("Show the neighbourhood of the selected actor"),
        dbc.InputGroup([
            dbc.Button("Focus", id=ids.FOCUS_BUTTON, color="primary", size="sm"),
            dbc.Input(id=ids.HOPS, type="number", min=1, max=6, step=1, value=1, debounce=True,
                      style={"maxWidth": "4.5rem"}),
            dbc.InputGroupText("hops"),
            dbc.Button("Clear", id=ids.FOCUS_CLEAR, color="secondary", outline=True, size="sm"),
        ], size="sm", class_name="mb-1"),
        html.Div(id=ids.FOCUS_STATUS, className="small text-muted mb-3"),
        _label("Path between two actors"),
        _actor_picker(ids.PATH_FROM, "From…"),
        _actor_picker(ids.PATH_TO, "To…"),
        dbc.Button("Clear path", id=ids.PATH_CLEAR, color="secondary", outline=True, size="sm", class_name="mt-1"),
    ]
    data = [dbc.AccordionItem(data_panel, title="Data", item_id="data")] if data_panel else []
    return html.Div([
        html.Div([
            _label("Find an actor", html_for=ids.SEARCH),
            _actor_picker(ids.SEARCH, "Type a name…"),
        ], className="sidebar-search"),
        dbc.Accordion([
            *data,
            dbc.AccordionItem(view, title="View", item_id="view"),
            dbc.AccordionItem(filters, title="Filters", item_id="filters"),
            dbc.AccordionItem(appearance, title="Appearance", item_id="appearance"),
            dbc.AccordionItem(view_tools(choices.year_min, choices.year_max), title="Links and periods",
                              item_id="links"),
            dbc.AccordionItem(focus, title="Focus and paths", item_id="focus"),
        ], always_open=True, active_item=["data", "view", "filters", "appearance", "links", "focus"], flush=True,
            class_name="sidebar-accordion"),
    ], className="sidebar")


def _navbar(title: str, dataset_label: str) -> html.Div:
    return html.Div([
        html.Div([html.Span(title, className="app-title"),
                  html.Span(dataset_label, id=ids.DATASET_LABEL, className="app-dataset")],
                 className="brand"),
        html.Div([
            dbc.InputGroup([
                dbc.Label("Link to this view", html_for=ids.SHARE_URL, class_name="visually-hidden"),
                dbc.Input(id=ids.SHARE_URL, value="", readonly=True, size="sm", class_name="share-url"),
                dbc.Button("Share", id=ids.SHARE_BUTTON, color="light", size="sm",
                           title="Copy the link to this view"),
            ], size="sm"),
            html.Span(id=ids.SHARE_STATUS, className="share-status"),
            export_menu(ids.EXPORT_PREFIX),
        ], className="share"),
    ], className="app-navbar")


def _main(topojson_url: str) -> html.Div:
    tabs = dbc.Tabs([dbc.Tab(label=label, tab_id=v) for v, label in VIEW_LABELS], id=ids.TABS,
                    active_tab="network", class_name="view-tabs")
    graph_style = {"height": "100%", "width": "100%"}
    network = dcc.Loading(dcc.Graph(id=ids.NETWORK, figure=empty_figure(), style=graph_style, mathjax=False,
                                    config=graph_config(topojson_url, "vet-cooperation-network"),
                                    responsive=True),
                          delay_show=300, type="circle", parent_className="graph-loading", color="#1f4e79")
    map_graph = dcc.Loading(dcc.Graph(id=ids.MAP, figure=empty_figure(), style=graph_style, mathjax=False,
                                      config=graph_config(topojson_url, "vet-cooperation-map"), responsive=True),
                            delay_show=300, type="circle", parent_className="graph-loading", color="#1f4e79")
    grid_options = {"animateRows": False, "rowHeight": 30, "headerHeight": 36, "floatingFiltersHeight": 34,
                    "rowSelection": {"mode": "singleRow", "enableClickSelection": True, "checkboxes": False}}
    default_col = {"sortable": True, "filter": True, "resizable": True, "floatingFilter": True}
    table = html.Div([
        html.Div([
            dbc.RadioItems(id=ids.TABLE_KIND, options=[{"label": "Actors", "value": "nodes"},
                                                       {"label": "Links", "value": "links"}],
                           value="nodes", inline=True, class_name="me-3"),
            html.Span(id=ids.TABLE_NOTE, className="small text-muted"),
        ], className="d-flex align-items-center mb-2"),
        html.Div(dag.AgGrid(id=ids.NODE_GRID, rowData=[], columnDefs=[], defaultColDef=default_col,
                            dashGridOptions=grid_options, getRowId="params.data.id",
                            style={"height": "100%"}), id=ids.NODE_GRID_BOX, className="grid-box"),
        html.Div(dag.AgGrid(id=ids.EDGE_GRID, rowData=[], columnDefs=[], defaultColDef=default_col,
                            dashGridOptions=grid_options, style={"height": "100%"}),
                 id=ids.EDGE_GRID_BOX, className="grid-box", style={"display": "none"}),
    ], className="table-pane-inner")
    return html.Div([
        html.Div(id=ids.MESSAGE),
        html.Div(id=ids.FIG_MESSAGE),
        dcc.Interval(id=ids.WARM_POLL, interval=1500, disabled=True),
        html.Div([
            html.Div(id=ids.SUMMARY, className="summary"),
            html.Div(id=ids.SUBTITLE, className="subtitle text-muted"),
            html.Div(id=ids.BACKBONE_HINT, className="summary-hints small"),
        ], className="view-header"),
        tabs,
        html.Div([
            html.Div(network, id=ids.NETWORK_PANE, className="pane", role="region",
                     **{"aria-label": "Network picture of the view (the Table view lists the same actors and links)"}),
            html.Div(map_graph, id=ids.MAP_PANE, className="pane", style={"display": "none"}, role="region",
                     **{"aria-label": "Map of the view (the Table view lists the same actors and links)"}),
            matrix_pane(graph_config(topojson_url, "vet-cooperation-matrix")),
            html.Div(table, id=ids.TABLE_PANE, className="pane", style={"display": "none"}, role="region",
                     **{"aria-label": "Tables of the actors and links of the view"}),
        ], className="panes"),
        html.Div(id=ids.LEGEND, className="encoding-legend small"),
    ], className="main")


def _right_panel() -> html.Div:
    return html.Div([
        dbc.Card([dbc.CardHeader("Details"), dbc.CardBody(html.Div(empty_details(), id=ids.DETAILS),
                                                          class_name="details-body")],
                 class_name="panel-card"),
        html.Div(id=ids.COMPARE_PANEL, className="compare-panel"),
        deck_panel(),
        dbc.Card([dbc.CardHeader("Path"), dbc.CardBody(html.Div(
            "Choose two actors under Focus and paths to see how they are connected.",
            id=ids.PATH_PANEL, className="small text-muted"))], class_name="panel-card"),
        dbc.Card([dbc.CardHeader("Insights"), dbc.CardBody([
            dcc.Loading(html.Div(id=ids.INSIGHTS), delay_show=400, type="dot", color="#1f4e79"),
            *regions_section(),
            html.H6("What if it dropped out?", className="details-heading"),
            dbc.Button("Compute for the selected actor", id=ids.WHATIF_BUTTON, size="sm",
                       color="secondary", outline=True, disabled=True, class_name="mb-1"),
            dcc.Loading(html.Div(id=ids.WHATIF), delay_show=300, type="dot", color="#1f4e79"),
        ])], class_name="panel-card"),
        structure_card(),
    ], className="right-panel")


def build_layout(choices: Choices, *, title: str, dataset_label: str, attribution: list[str],
                 topojson_url: str, data_panel: list | None = None) -> html.Div:
    """The whole page (static; every value is then set from the URL and the tab's data token).

    ``data_panel`` (the components of :func:`~.upload_panel.upload_panel`) becomes the sidebar's
    first section, "Data".
    """
    footer = html.Footer([
        html.Div(attribution_children(attribution), id=ids.ATTRIBUTION),
        html.Div("Shares and counts describe the cooperations in the data, not all cooperation that exists.",
                 className="text-muted"),
    ], id=ids.FOOTER, className="app-footer small")
    return html.Div([
        # "callback-nav": a view set by a callback is pushed to the history without a reload, and the
        # Location's href follows it (the export menu reads the view from href)
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        # the tab's upload token: session storage is per tab and survives a reload, never sent to other sites
        dcc.Store(id=ids.DATA_TOKEN, storage_type="session", data=None),
        dcc.Store(id=ids.SPEC, data=None),
        dcc.Store(id=ids.EDGE, data=None),
        dcc.Store(id=ids.FIG_META, data={}),
        dcc.Store(id=ids.FOCUS, data=None),
        dcc.Store(id=ids.TABLE_META, data=None),
        dcc.Store(id=ids.DECK, storage_type="session", data=[]),  # the tab's deck of views (query strings)
        _navbar(title, dataset_label),
        html.Div([_sidebar(choices, data_panel), _main(topojson_url), _right_panel()], className="app-body"),
        footer,
    ], className="app-root")
