"""Readability and presentation tools of the app: backbone, link colour, "compare with…", the matrix
view and the deck of views.

Each piece is a component builder and callbacks registered by :func:`register_slides`; the controls
hold ViewSpec fields (``backbone``, ``edge_color``, ``compare``) and take part in the URL sync like
every other control (``ids.CONTROL_FIELDS``). The deck is a list of view query strings kept in the
tab's session storage (never on the server), exported as one PPTX or one multi-page PDF.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from ..view import EDGE_COLORS, ViewSpec
from . import ids
from .components import busy
from .state import year_marks
from .sync import spec_of

log = logging.getLogger(__name__)

__all__ = ["view_tools", "matrix_pane", "deck_panel", "register_slides", "summary_extra", "deck_items",
           "deck_update", "BACKBONE_LEVELS", "MAX_DECK"]

#: Significance levels offered for the backbone ("" = every link).
BACKBONE_LEVELS = ("0.01", "0.05", "0.1", "0.2", "0.3")
#: Views a deck may hold (one slide / page each).
MAX_DECK = 20


def view_tools(year_min: int, year_max: int) -> list:
    """The sidebar's "Links and periods" section."""
    options = [{"label": "Every link", "value": ""}] + [
        {"label": f"Backbone, α = {a}" + (" (suggested)" if a == "0.05" else ""), "value": a}
        for a in BACKBONE_LEVELS]
    return [
        dbc.Label("Links shown", html_for=ids.BACKBONE, class_name="control-label"),
        dbc.Select(id=ids.BACKBONE, options=options, value="", size="sm", class_name="mb-1"),
        html.Div("The backbone keeps the links that carry an unusually large share of at least one actor's "
                 "cooperation (disparity filter).", className="small text-muted mb-2"),
        dbc.Label("Link colour", html_for=ids.EDGE_COLOR, class_name="control-label"),
        dbc.RadioItems(id=ids.EDGE_COLOR, options=[{"label": v, "value": k} for k, v in EDGE_COLORS.items()],
                       value="weight", class_name="mb-2"),
        dbc.Switch(id=ids.COMPARE_ON, label="Compare with…", value=False, class_name="mb-1"),
        html.Div(dcc.RangeSlider(id=ids.COMPARE, min=year_min, max=year_max, step=1,
                                 value=[year_min, min(year_min + 1, year_max)],
                                 marks=year_marks(year_min, year_max), allowCross=False,
                                 updatemode="mouseup"), className="mb-1 year-slider"),
        html.Div("…this period: links new, lost, stronger and weaker against the years under Filters.",
                 className="small text-muted mb-2"),
    ]


def matrix_pane(graph_config: dict) -> html.Div:
    graph = busy(dcc.Graph(id=ids.MATRIX, figure={"data": [], "layout": {}}, mathjax=False,
                           style={"height": "100%", "width": "100%"}, config=graph_config, responsive=True), "graph")
    return html.Div(graph, id=ids.MATRIX_PANE, className="pane", style={"display": "none"}, role="tabpanel",
                    **{"aria-label": "Matrix of the link weights between the actors of the view "
                                     "(the Table view lists the same links)",
                       "aria-labelledby": ids.TAB_BUTTONS["matrix"]})


def deck_panel() -> html.Div:
    """The deck card: the views added so far (reorder, remove) and the two exports."""
    return dbc.Card([
        dbc.CardHeader("Deck of views"),
        dbc.CardBody([
            dbc.Button("Add this view to the deck", id=ids.DECK_ADD, size="sm", color="primary",
                       class_name="mb-2"),
            html.Ol(id=ids.DECK_LIST, className="deck-list small"),
            html.Div([
                dbc.Button("Deck as PowerPoint", id=ids.DECK_PPTX, size="sm", color="secondary", outline=True,
                           class_name="me-1", disabled=True),
                dbc.Button("Deck as PDF", id=ids.DECK_PDF, size="sm", color="secondary", outline=True,
                           disabled=True),
            ]),
            html.Div(id=ids.DECK_STATUS, className="small text-muted mt-1", role="status"),
            dcc.Download(id=ids.DECK_DOWNLOAD),
        ]),
    ], class_name="panel-card")


# -- pure functions (unit-tested) -----------------------------------------------------------------


def deck_update(deck: list | None, action: str, query: str | None = None, index: int | None = None) -> list:
    """The deck after ``add`` (the view ``query``), ``remove``/``up``/``down`` (the item at ``index``).

    >>> deck_update([], "add", "level=country")
    ['level=country']
    >>> deck_update(["a", "b", "c"], "up", index=2), deck_update(["a", "b", "c"], "remove", index=0)
    (['a', 'c', 'b'], ['b', 'c'])
    >>> deck_update(["a", "b"], "down", index=1)
    ['a', 'b']
    """
    deck = [str(q) for q in (deck or []) if isinstance(q, str)][:MAX_DECK]
    if action == "add" and query is not None and len(deck) < MAX_DECK:
        return deck + [query]
    if index is None or not 0 <= index < len(deck):
        return deck
    if action == "remove":
        return deck[:index] + deck[index + 1:]
    j = index - 1 if action == "up" else index + 1 if action == "down" else index
    if 0 <= j < len(deck) and j != index:
        deck[index], deck[j] = deck[j], deck[index]
    return deck


def deck_items(deck: list) -> list:
    """One list item per view: its filters in words, and up / down / remove buttons."""
    from ..figures.scene import describe_filters

    items = []
    for i, q in enumerate(deck):
        try:
            spec = ViewSpec.from_query(q)
            words = describe_filters(spec) + (f" · {spec.view}" if spec.view != "network" else "")
        except Exception:  # noqa: BLE001 - a bad stored entry is shown, not fatal
            words = q
        items.append(html.Li([
            html.Span(words, className="deck-view"),
            html.Span([
                html.Button("↑", id={"type": "deck-move", "action": "up", "index": i}, className="deck-btn",
                            title="Move up", **{"aria-label": f"Move view {i + 1} up"}),
                html.Button("↓", id={"type": "deck-move", "action": "down", "index": i}, className="deck-btn",
                            title="Move down", **{"aria-label": f"Move view {i + 1} down"}),
                html.Button("×", id={"type": "deck-move", "action": "remove", "index": i}, className="deck-btn",
                            title="Remove", **{"aria-label": f"Remove view {i + 1}"}),
            ], className="deck-buttons"),
        ], **{"data-query": q}))
    return items


def summary_extra(explorer, spec: ViewSpec) -> list[str]:
    """Lines under the summary: what the backbone kept, the two periods compared, or a hint."""
    from ..summary import backbone_text

    s = explorer.summary(spec.replace(compare=None))
    out = []
    if s.get("backbone"):
        out.append(backbone_text(s["backbone"], spec))
    if spec.compare is not None:
        from ..compare import compare_text, comparison

        out.append(compare_text(comparison(explorer, spec)))
    return out


def compare_panel(explorer, spec: ViewSpec):
    if spec.compare is None:
        return None
    from ..compare import comparison, rank_lines

    c = comparison(explorer, spec)
    lines = rank_lines(c, top=10)
    from ..compare import period_text

    return dbc.Card([
        dbc.CardHeader(f"Who moved: {period_text(spec.compare)} → {period_text(spec.years)}"),
        dbc.CardBody(html.Ul([html.Li(x) for x in lines] or [html.Li(
            "No actor has a rank in both periods." if c.ranks[["rank_then", "rank_now"]].isna().any(axis=1).all()
            else "No rank changed.")], className="small mb-0 ps-3")),
    ], class_name="panel-card compare-ranks")


# -- callbacks ------------------------------------------------------------------------------------


def register_slides(app, sources) -> None:
    """The matrix picture, link clicks on it, the backbone hint, the comparison panel and the deck."""
    from ..figures import matrix_figure

    token = State(ids.DATA_TOKEN, "data")

    @app.callback(Output(ids.MATRIX, "figure"), Input(ids.MATRIX_SPEC, "data"), token, prevent_initial_call=True)
    def _matrix(query, data_token):
        spec = spec_of(query)
        if query is None or spec.view != "matrix":
            return no_update
        try:
            explorer = sources.explorer(data_token)
            fig = matrix_figure(explorer.scene(spec.replace(selected=None)))
            fig.update_layout(autosize=True, width=None, height=None)
            return fig
        except Exception:  # noqa: BLE001
            log.exception("matrix failed")
            return {"data": [], "layout": {"annotations": [{"text": "The matrix could not be drawn.",
                                                             "showarrow": False}]}}

    @app.callback(Output(ids.BACKBONE_HINT, "children"), Output(ids.COMPARE_PANEL, "children"),
                  Input(ids.PANEL_SPEC, "data"), token, prevent_initial_call=True)
    def _hints(query, data_token):
        if query is None:
            return no_update, no_update
        try:
            spec = ViewSpec.from_query(query)
            explorer = sources.explorer(data_token)
            lines = [html.Div(x, className="summary-extra") for x in summary_extra(explorer, spec)]
            s = explorer.summary(spec.replace(compare=None))
            if s.get("suggest_backbone"):
                lines.append(html.Div([
                    f"A dense view (density {s['density']:.2f}): most pairs are linked. ",
                    html.Button("Show its backbone", id={"type": "backbone-suggest", "index": 0},
                                className="btn btn-link btn-sm p-0 align-baseline"),
                    " keeps the links that matter most to at least one end."], className="summary-extra"))
            return lines, compare_panel(explorer, spec)
        except Exception:  # noqa: BLE001
            log.exception("hints failed")
            return None, None

    @app.callback(Output(ids.BACKBONE, "value", allow_duplicate=True),
                  Input({"type": "backbone-suggest", "index": ALL}, "n_clicks"), prevent_initial_call=True)
    def _suggest(clicks):
        return "0.05" if any(clicks or []) else no_update

    @app.callback(Output(ids.DECK, "data"), Input(ids.DECK_ADD, "n_clicks"),
                  Input({"type": "deck-move", "action": ALL, "index": ALL}, "n_clicks"),
                  State(ids.DECK, "data"), State(ids.SPEC, "data"), prevent_initial_call=True)
    def _deck(add, moves, deck, query):
        trig = ctx.triggered_id
        if trig == ids.DECK_ADD:
            return deck_update(deck, "add", query or "") if add else no_update
        if isinstance(trig, dict) and any(moves or []):
            return deck_update(deck, trig["action"], index=int(trig["index"]))
        return no_update

    @app.callback(Output(ids.DECK_LIST, "children"), Output(ids.DECK_PPTX, "disabled"),
                  Output(ids.DECK_PDF, "disabled"), Input(ids.DECK, "data"))
    def _deck_list(deck):
        deck = deck or []
        return deck_items(deck), not deck, not deck

    @app.callback(Output(ids.DECK_DOWNLOAD, "data"), Output(ids.DECK_STATUS, "children"),
                  Input(ids.DECK_PPTX, "n_clicks"), Input(ids.DECK_PDF, "n_clicks"), State(ids.DECK, "data"),
                  token, prevent_initial_call=True, running=[(Output(ids.DECK_STATUS, "children"),
                                                              "Preparing the deck…", "")])
    def _deck_export(n_pptx, n_pdf, deck, data_token):
        from ..errors import GraphExplorerError
        from ..export import deck_file

        if not deck:
            return no_update, "Add views to the deck first."
        fmt = "pptx" if ctx.triggered_id == ids.DECK_PPTX else "pdf"
        try:
            from flask import request

            specs = [ViewSpec.from_query(q) for q in deck]
            # the notes of each slide hold the view's address in this app (where the deck came from)
            f = deck_file(sources.explorer(data_token), specs, fmt, view_url=request.host_url)
        except GraphExplorerError as exc:
            return no_update, str(exc)
        except Exception:  # noqa: BLE001
            log.exception("deck export failed")
            return no_update, "The deck could not be exported."
        return dcc.send_bytes(f.data, f.name), f"{len(specs)} view{'s' if len(specs) != 1 else ''} exported."
