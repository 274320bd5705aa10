"""The app's wiring: :func:`register` connects the page's components to the functions that answer them.

What answers lives elsewhere, as plain functions unit-tested without a
browser: the URL state machine in :mod:`.sync` (:func:`~.sync.sync_view`),
the panels in :mod:`.panels`, the pictures in :mod:`graph_explorer.figures.screen`,
the typeahead in :meth:`~graph_explorer.explorer.Explorer.find_nodes`. No
module state, so several users can share one server.

Which Explorer: every wired callback also receives the tab's data token
(``ids.DATA_TOKEN``, as State) and asks :class:`~.sources.DataSources` for the
Explorer and control choices of that tab's data — the server's own data, or
the tab's upload. A new token (an upload, or "Back to the bundled data")
triggers :func:`~.sync.sync_view`, which resets the filters and selection (ids of
one dataset mean nothing in another) and sends the view again, so every
picture and panel is drawn anew from the new data.

Data flow
---------
The URL's query string is the view (a :class:`ViewSpec`). One callback,
``_sync`` (:func:`~.sync.sync_view`), keeps the URL, the controls and ``ids.SPEC``
(the view's query string) in step in both directions; every picture and panel
is drawn from ``ids.SPEC`` alone. So loading a URL restores exactly that view,
and a change of any control updates the URL without reloading the page and
without loops (an output is only sent when it differs from what the page holds).
"""

from __future__ import annotations

import logging
from functools import wraps

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, html, no_update

from ..errors import GraphExplorerError
from . import components as comp
from . import ids
from .counts import COUNTED, counted_options
from .panels import (details_panel, encoding_legend, focus_status, insights_view, path_view, preparation,
                     render_figure, search_options, search_results, summary_view, table_data, table_key,
                     view_subtitle, what_if_view)
from .state import Choices, year_marks
from .sync import grid_row, picked_node, spec_of, sync_view, trigger_of

__all__ = ["failure_message", "guarded", "left", "panel_callback", "register", "control_options", "OPTION_OUTPUTS", "GENERIC_ERROR"]

log = logging.getLogger("graph_explorer.app")

GENERIC_ERROR = ("Something went wrong while drawing this view. It has been logged; try another view, "
                 "or reload the page.")


def failure_message(exc: BaseException) -> str:
    """What a person sees when a callback fails: the message of a GraphExplorerError, else a generic one.

    >>> from graph_explorer.errors import ViewError
    >>> failure_message(ViewError("years: the start 2025 is after the end 2021."))
    'years: the start 2025 is after the end 2021.'
    >>> failure_message(KeyError("x")) == GENERIC_ERROR
    True
    """
    if isinstance(exc, GraphExplorerError):
        return str(exc)
    return GENERIC_ERROR


def guarded(on_error):
    """Run a callback body; on failure log it and return ``on_error(message)`` instead of a traceback."""
    def wrap(fn):
        @wraps(fn)
        def inner(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown as a message, logged with its traceback
                if not isinstance(exc, GraphExplorerError):
                    log.exception("callback %s failed", fn.__name__)
                return on_error(failure_message(exc))
        return inner
    return wrap


def control_options(choices: Choices) -> list:
    """The options of the controls whose choices depend on the data, in :data:`OPTION_OUTPUTS` order."""
    years = (choices.year_min, choices.year_max)
    return [choices.themes, choices.kinds, choices.programmes, choices.regions, choices.countries,
            choices.actor_kinds, years[0], years[1], year_marks(*years), years[0], years[1], year_marks(*years)]


#: (component id, property) of the controls whose choices depend on the data.
OPTION_OUTPUTS = ((ids.THEMES, "options"), (ids.KINDS, "options"), (ids.PROGRAMMES, "options"),
                  (ids.REGIONS, "options"), (ids.COUNTRIES, "options"), (ids.ACTOR_KINDS, "options"),
                  (ids.YEARS, "min"), (ids.YEARS, "max"), (ids.YEARS, "marks"),
                  (ids.COMPARE, "min"), (ids.COMPARE, "max"), (ids.COMPARE, "marks"))


def left(outputs: dict, **values) -> dict:
    """What a callback with named ``outputs`` returns: ``values`` for those it sends, no_update for the others.

    >>> left({"a": None, "b": None}, b=1) == {"a": no_update, "b": 1}
    True
    """
    return {name: values.get(name, no_update) for name in outputs}


def panels_next(query: str, data_token, wait: bool) -> dict:
    """What ``ids.PANEL_NEXT`` holds: the view for the side panels, whether to wait for its picture, the data.

    The page passes a view on once (assets/wire.js, ``release``): the same view of the same data released
    twice in a row asks the panels once.
    """
    return {"query": query, "wait": wait, "token": data_token}


def panel_callback(app, sources, panel: str, view) -> None:
    """Draw the ``children`` of ``panel`` as ``view(explorer, spec)`` whenever the view changes (an alert on failure)."""
    @app.callback(Output(panel, "children"), Input(ids.PANEL_SPEC, "data"), State(ids.DATA_TOKEN, "data"),
                  prevent_initial_call=True)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _panel(query, data_token):
        if query is None:
            return no_update
        return view(sources.explorer(data_token), spec_of(query))


def register(app, sources) -> None:
    """Register every callback of the explorer on ``app`` (never on Dash's global registry).

    ``sources`` (:class:`~.sources.DataSources`) gives each request the Explorer and choices of
    its tab's data token.
    """
    control_ids = list(ids.CONTROL_FIELDS)
    token = State(ids.DATA_TOKEN, "data")

    pickers = (ids.PATH_FROM, ids.PATH_TO)
    pick_input = Input({"type": ids.PICK, "where": ALL, "node": ALL}, "n_clicks")

    def unchanged() -> dict:
        """Every output of ``_sync`` left as the page holds it."""
        return dict(controls={c: no_update for c in control_ids}, search=no_update, query=no_update,
                    edge=no_update, message=no_update, focus_status=no_update,
                    picker_options={pk: no_update for pk in pickers},
                    choices=[no_update] * len(OPTION_OUTPUTS))

    @app.callback(
        output=dict(
            controls={c: Output(c, ids.CONTROL_PROPS[c]) for c in control_ids},
            search=Output(ids.URL, "search"), query=Output(ids.SPEC, "data"), edge=Output(ids.EDGE, "data"),
            message=Output(ids.MESSAGE, "children"), focus_status=Output(ids.FOCUS_STATUS, "children"),
            # a picker given a value it has no option for would drop it: send the option with the value
            picker_options={pk: Output(pk, "options", allow_duplicate=True) for pk in pickers},
            # the choices of the data in use (on page load and when the tab's data changes)
            choices=[Output(c, prop, allow_duplicate=True) for c, prop in OPTION_OUTPUTS],
        ),
        inputs=dict(
            search=Input(ids.URL, "search"),
            controls={c: Input(c, ids.CONTROL_PROPS[c]) for c in control_ids},
            net_click=Input(ids.NETWORK, "clickData"), map_click=Input(ids.MAP, "clickData"),
            node_rows=Input(ids.NODE_GRID, "selectedRows"), edge_rows=Input(ids.EDGE_GRID, "selectedRows"),
            # what was pressed is read from ctx.triggered: the click counts themselves are not used
            pressed=[Input(ids.FOCUS_BUTTON, "n_clicks"), Input(ids.FOCUS_CLEAR, "n_clicks"),
                     Input(ids.PATH_CLEAR, "n_clicks"), Input(ids.RESET, "n_clicks"),
                     Input(ids.SEARCH, "n_submit"), pick_input],
            data_token=Input(ids.DATA_TOKEN, "data"),
            search_text=State(ids.SEARCH, "value"), current_query=State(ids.SPEC, "data"),
            current_edge=State(ids.EDGE, "data"),
        ),
        prevent_initial_call="initial_duplicate",
    )
    def _sync(search, controls, net_click, map_click, node_rows, edge_rows, pressed, data_token, search_text,
              current_query, current_edge):
        trigger = trigger_of(ctx.triggered_prop_ids, current_query)
        picked = picked_node(ctx.triggered_id, ctx.triggered)
        out = unchanged()
        if trigger in (ids.NODE_GRID, ids.EDGE_GRID) and not grid_row(node_rows if trigger == ids.NODE_GRID
                                                                     else edge_rows):
            return out
        if trigger == ids.PICK and picked is None:
            return out  # panel entries were drawn anew, none was pressed
        try:
            data = sources.context(data_token)
            if trigger == ids.SEARCH:  # Enter in the search box: the first actor found
                hits = search_options(data.explorer, spec_of(current_query), search_text, None)
                if not hits:
                    return out
                trigger, picked = ids.PICK, hits[0]["value"]
            u = sync_view(trigger, search, controls, data.choices, current_query=current_query,
                          current_edge=current_edge, dataset=data.dataset,
                          click=net_click if trigger == ids.NETWORK else map_click,
                          grid_row=grid_row(node_rows if trigger == ids.NODE_GRID else edge_rows), picked=picked)
            status = focus_status(data.explorer, u.spec)
            options = {pk: search_options(data.explorer, u.spec, None, u.controls[pk]) for pk in pickers
                       if pk in u.controls}
            new_data = current_query is None or trigger == ids.DATA_TOKEN
            choices = control_options(data.choices) if new_data else None
        except Exception as exc:  # noqa: BLE001
            log.exception("sync_view failed")
            out["message"] = comp.alert(failure_message(exc), "danger")
            return out
        out["controls"].update((c, v) for c, v in u.controls.items() if c in out["controls"])
        if u.message:
            out["message"] = comp.alert(u.message, "warning", id="view-message")
        elif trigger in (None, ids.URL, ids.DATA_TOKEN) and u.query is not None:
            out["message"] = None  # a new view was loaded: the last one's message no longer applies
        if u.search is not None:
            out["search"] = u.search
        if u.query is not None:
            out["query"] = u.query
        if u.edge_changed:
            out["edge"] = u.edge
        out["focus_status"] = status
        out["picker_options"].update(options)
        if choices is not None:
            out["choices"] = choices
        return out

    counted = list(COUNTED)

    @app.callback(*[Output(c, "options", allow_duplicate=True) for c in counted], Input(ids.PANEL_SPEC, "data"), token,
                  prevent_initial_call=True)
    @guarded(lambda message: (no_update,) * len(counted))
    def _counts(query, data_token):
        if query is None:
            return (no_update,) * len(counted)
        data = sources.context(data_token)
        opts = counted_options(data.explorer.dataset, spec_of(query).graph_part(), data.choices,
                               data.explorer.projection)
        return tuple(opts[c] for c in counted)

    @app.callback(Output(ids.SEARCH_RESULTS, "children"), Input(ids.SEARCH, "value"), State(ids.SPEC, "data"),
                  token, prevent_initial_call=True)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _search_results(text, query, data_token):
        return search_results(sources.explorer(data_token), spec_of(query), text)

    for picker in pickers:
        @app.callback(Output(picker, "options", allow_duplicate=True), Input(picker, "search_value"),
                      State(picker, "value"), State(ids.SPEC, "data"), token, prevent_initial_call=True)
        @guarded(lambda message: no_update)
        def _options(text, value, query, data_token):
            return search_options(sources.explorer(data_token), spec_of(query), text, value)

    figure_outputs = dict(wire=Output(ids.NETWORK_WIRE, "data"), frame=Output(ids.NETWORK_FRAME, "data"),
                          map=Output(ids.MAP, "figure"),
                          meta=Output(ids.FIG_META, "data"), legend=Output(ids.LEGEND, "children"),
                          subtitle=Output(ids.SUBTITLE, "children"), message=Output(ids.FIG_MESSAGE, "children"),
                          poll_off=Output(ids.WARM_POLL, "disabled"), panels=Output(ids.PANEL_NEXT, "data"))

    @app.callback(
        output=figure_outputs,
        inputs=dict(query=Input(ids.SPEC, "data"), _tick=Input(ids.WARM_POLL, "n_intervals"),
                    meta=State(ids.FIG_META, "data"), net_relayout=State(ids.NETWORK, "relayoutData"),
                    map_relayout=State(ids.MAP, "relayoutData"), data_token=token),
        prevent_initial_call=True,
    )
    def _figures(query, _tick, meta, net_relayout, map_relayout, data_token):
        # the picture first: its answer releases the side panels (PANEL_NEXT), once the page has drawn the
        # network it brings (assets/wire.js); at once when it brings none or only a new selection (whose
        # details are what the click asked for), or when its picture fails or is still being prepared
        out = _figure(query, meta, net_relayout, map_relayout, data_token)
        if query is not None and ctx.triggered_id == ids.SPEC:
            out["panels"] = panels_next(query, data_token, wait=isinstance(out["wire"], dict))
        return out

    @guarded(lambda message: left(figure_outputs, message=comp.alert(message, "danger"), poll_off=True))
    def _figure(query, meta, net_relayout, map_relayout, data_token):
        if query is None:
            return left(figure_outputs)
        data = sources.context(data_token)
        spec = spec_of(query)
        meta = dict(meta or {})
        out = left(figure_outputs, legend=encoding_legend(spec, data.choices),
                   subtitle=view_subtitle(data.explorer, spec), message=None, poll_off=True)
        if spec.view in ("table", "matrix"):  # the matrix is drawn by slides_panel.register_slides
            return out
        preparing = preparation(data.explorer, spec)
        if preparing is not None:  # a large level's first layout and metrics run in another process
            return {**out, "message": preparing, "poll_off": False}
        fig, entry, frame = render_figure(data.explorer, spec, meta.get(spec.view),
                                          map_relayout if spec.view == "map" else net_relayout)
        meta[spec.view] = entry
        if spec.view == "map":
            return {**out, "map": fig, "meta": meta}
        return {**out, "wire": fig, "meta": meta, **({"frame": frame} if frame is not None else {})}

    app.clientside_callback(
        ClientsideFunction(namespace="graph_explorer", function_name="release"),
        Output(ids.PANEL_SPEC, "data"), Input(ids.PANEL_NEXT, "data"), prevent_initial_call=True,
    )

    # the table and the matrix tab ask the server only while they are open
    app.clientside_callback(
        ClientsideFunction(namespace="graph_explorer", function_name="route"),
        Output(ids.TABLE_SPEC, "data"), Output(ids.MATRIX_SPEC, "data"), Input(ids.PANEL_SPEC, "data"),
        prevent_initial_call=True,
    )

    # the network from its frame and the view's wire figure (assets/wire.js): a filter sends what changed
    app.clientside_callback(
        ClientsideFunction(namespace="graph_explorer", function_name="draw"),
        Output(ids.NETWORK, "figure"), Input(ids.NETWORK_WIRE, "data"), State(ids.NETWORK_FRAME, "data"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.SUMMARY, "children"), Output(ids.SUMMARY_PLAIN, "children"),
                  Output(ids.ANNOUNCE, "children"), Input(ids.SPEC, "data"), token, prevent_initial_call=True)
    @guarded(lambda message: (message, message, message))
    def _summary(query, data_token):
        if query is None:
            return no_update, no_update, no_update
        return summary_view(sources.explorer(data_token), spec_of(query))

    @app.callback(Output(ids.INSIGHTS, "children"), Output(ids.WHATIF_BUTTON, "disabled"),
                  Output(ids.WHATIF, "children"), Input(ids.PANEL_SPEC, "data"), token, prevent_initial_call=True)
    @guarded(lambda message: (comp.alert(message, "danger"), True, None))
    def _insights(query, data_token):
        if query is None:
            return no_update, no_update, no_update
        explorer = sources.explorer(data_token)
        spec = spec_of(query)
        selected = bool(spec.selected) and spec.selected in explorer.graph(spec)
        hint = "Press the button to compute it." if selected else "Select an actor first."
        return insights_view(explorer, spec), not selected, html.Div(hint, className="small text-muted")

    @app.callback(Output(ids.WHATIF, "children", allow_duplicate=True), Input(ids.WHATIF_BUTTON, "n_clicks"),
                  State(ids.SPEC, "data"), token, prevent_initial_call=True)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _what_if(n_clicks, query, data_token):
        if not n_clicks or query is None:
            return no_update
        return what_if_view(sources.explorer(data_token), spec_of(query))

    # the details of a selected actor or link are what its click asks for: beside the picture, not after it
    @app.callback(Output(ids.DETAILS, "children"), Input(ids.SPEC, "data"), Input(ids.EDGE, "data"), token,
                  prevent_initial_call=True)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _details(query, edge, data_token):
        if query is None:
            return no_update
        return details_panel(sources.explorer(data_token), spec_of(query), edge)

    panel_callback(app, sources, ids.PATH_PANEL, path_view)

    table_outputs = dict(node_defs=Output(ids.NODE_GRID, "columnDefs"), node_rows=Output(ids.NODE_GRID, "rowData"),
                         edge_defs=Output(ids.EDGE_GRID, "columnDefs"), edge_rows=Output(ids.EDGE_GRID, "rowData"),
                         node_box=Output(ids.NODE_GRID_BOX, "style"), edge_box=Output(ids.EDGE_GRID_BOX, "style"),
                         note=Output(ids.TABLE_NOTE, "children"), shown=Output(ids.TABLE_META, "data"),
                         actor_box=Output("link-actor-box", "style"))

    @app.callback(
        output=table_outputs,
        inputs=dict(query=Input(ids.TABLE_SPEC, "data"), kind=Input(ids.TABLE_KIND, "value"),
                    actor=Input(ids.LINK_ACTOR, "value"), shown=State(ids.TABLE_META, "data"), data_token=token),
        prevent_initial_call=True,
    )
    @guarded(lambda message: left(table_outputs, note=comp.alert(message, "danger")))
    def _table(query, kind, actor, shown, data_token):
        if query is None:
            return left(table_outputs)
        spec = spec_of(query)
        if spec.view != "table":
            return left(table_outputs)  # never ship rows for a tab that is not open
        explorer = sources.explorer(data_token)
        links = kind == "links"
        show, hide = {"display": "block"}, {"display": "none"}
        out = left(table_outputs, node_box=hide if links else show, edge_box=show if links else hide,
                   actor_box={"display": "flex"} if links else hide)
        actor = (actor or "").strip() if links else ""
        key = f"{explorer.dataset.fingerprint}|{table_key(spec, kind)}|{actor}"
        if shown == key:
            return out
        defs, rows, note = table_data(explorer, spec, kind, actor)
        if links:
            return {**out, "edge_defs": defs, "edge_rows": rows, "note": note, "shown": key}
        return {**out, "node_defs": defs, "node_rows": rows, "note": note, "shown": key}

    # -- pure UI in the browser ------------------------------------------------------------
    app.clientside_callback(
        """function(n) {
            const open = (n || 0) % 2 === 1;
            return [open ? {display: 'block'} : {display: 'none'}, open ? 'true' : 'false'];
        }""",
        Output(ids.SUMMARY_FIGURES, "style"), Output(ids.FIGURES_TOGGLE, "aria-expanded"),
        Input(ids.FIGURES_TOGGLE, "n_clicks"),
    )
    tab_buttons = [ids.TAB_BUTTONS[v] for v in ("network", "map", "matrix", "table")]
    app.clientside_callback(
        """function() {
            const t = window.dash_clientside.callback_context.triggered_id;
            const views = {'%s': 'network', '%s': 'map', '%s': 'matrix', '%s': 'table'};
            return views[t] || window.dash_clientside.no_update;
        }""" % tuple(tab_buttons),
        Output(ids.TABS, "data", allow_duplicate=True), *[Input(b, "n_clicks") for b in tab_buttons],
        prevent_initial_call=True,
    )
    app.clientside_callback(
        """function(tab) {
            const show = {display: 'block'}, hide = {display: 'none'};
            const views = ['network', 'map', 'matrix', 'table'];
            const out = views.map(v => v === tab ? show : hide);
            views.forEach(v => out.push(v === tab ? 'view-tab active' : 'view-tab'));
            views.forEach(v => out.push(v === tab ? 'true' : 'false'));
            return out;
        }""",
        Output(ids.NETWORK_PANE, "style"), Output(ids.MAP_PANE, "style"), Output(ids.MATRIX_PANE, "style"),
        Output(ids.TABLE_PANE, "style"),
        *[Output(b, "className") for b in tab_buttons], *[Output(b, "aria-selected") for b in tab_buttons],
        Input(ids.TABS, "data"),
    )
    app.clientside_callback(
        """function(query) {
            const loc = window.location;
            return loc.origin + loc.pathname + (query ? '?' + query : '');
        }""",
        Output(ids.SHARE_URL, "value"), Input(ids.SPEC, "data"),
    )
    app.clientside_callback(
        """function(n, url, token) {
            if (!n) { return window.dash_clientside.no_update; }
            const box = document.getElementById('share-url');
            if (box) { box.focus(); box.select(); }
            // an upload is seen in this tab alone: the link opens the same view of the bundled data
            const upload = token ? ' — it opens this view of the bundled data: your upload stays in this tab' : '';
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(url).catch(function () {});
                return 'Link copied' + upload;
            }
            try { document.execCommand('copy'); return 'Link copied' + upload; }
            catch (e) { return 'Copy the selected link' + upload; }
        }""",
        Output(ids.SHARE_STATUS, "children"), Input(ids.SHARE_BUTTON, "n_clicks"), State(ids.SHARE_URL, "value"),
        State(ids.DATA_TOKEN, "data"),
    )
