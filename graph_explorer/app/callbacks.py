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
``_view``, answers every change of the view: :func:`~.sync.sync_view` keeps the
URL, the controls and ``ids.SPEC`` (the view's query string) in step in both
directions, and when the view changed the same answer carries its picture,
summary and details, each part beside the picture only when it differs from
what the page shows (``ids.SHOWN``, :func:`only_changed`). So loading a URL
restores exactly that view, a change of any control updates the URL without
reloading the page and without loops (an output is only sent when it differs
from what the page holds), and a click costs one round trip. The side panels
read ``ids.PANEL_SPEC``, which the page sets once the picture is drawn.

The page (assets/wire.js ``answered``, Dash's request hook) draws the network
of the view's answer as it arrives and passes its view on to the side panels
once that drawing is on screen. No callback follows a filter's answer: each
would run between the two frames that put the picture on screen. Only a
Patch (a new selection on the same picture) is drawn by a callback, ``draw``,
once Dash has applied it: the answer that brings it sets ``ids.NETWORK_REDRAW``.

Every output of a callback is marked loading while it runs, and a component so
marked draws itself again, twice. So the answer of every click declares only
what a click changes: the controls it changes travel in ``ids.CONTROLS_NEXT``
(a clientside callback applies them), the map's figure is set beside the
outputs (``set_props``), never declared, and the network's ``draw`` has no
output (it sets the figure itself).
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import wraps
from types import MappingProxyType

from dash import ALL, ClientsideFunction, Input, Output, Patch, State, ctx, html, no_update, set_props
from plotly.io.json import to_json_plotly

from ..errors import GraphExplorerError
from . import components as comp
from . import ids
from .counts import COUNTED, counted_options
from .panels import (details_panel, encoding_legend, focus_status, insights_view, path_view, preparation,
                     render_figure, search_options, search_results, summary_view, table_data, table_key,
                     view_subtitle, what_if_view)
from .state import DEFAULT_VIEW_QUERY, Choices, year_marks
from .sync import grid_row, picked_node, spec_of, sync_view, trigger_of

__all__ = ["failure_message", "guarded", "left", "nothing", "only_changed", "shown_digest", "panel_callback", "register",
           "control_options", "controls_next", "OPTION_OUTPUTS", "GENERIC_ERROR"]

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


def nothing(outputs):
    """``outputs`` (Outputs in dicts and lists) with every Output as no_update: an answer that changes nothing.

    >>> nothing({"a": Output("x", "children"), "b": [Output("y", "value")]}) == {"a": no_update, "b": [no_update]}
    True
    """
    if isinstance(outputs, dict):
        return {k: nothing(v) for k, v in outputs.items()}
    if isinstance(outputs, (list, tuple)):
        return [nothing(v) for v in outputs]
    return no_update


#: The parts of the page a view's answer sets beside its picture: name → (component id, property). The page
#: sets them itself, with the picture, as an answer with one arrives (assets/wire.js lists the same ids).
VIEW_PARTS = MappingProxyType({
    "focus_status": (ids.FOCUS_STATUS, "children"), "legend": (ids.LEGEND, "children"),
    "subtitle": (ids.SUBTITLE, "children"), "fig_message": (ids.FIG_MESSAGE, "children"),
    "poll_off": (ids.WARM_POLL, "disabled"), "summary": (ids.SUMMARY, "children"),
    "summary_plain": (ids.SUMMARY_PLAIN, "children"), "details": (ids.DETAILS, "children")})

#: The key of ``ids.SHOWN`` under which each tab's figure entry is kept (what its picture was drawn from, for
#: partial updates; the other keys are the parts' digests)
FIGURES = "figures"


def shown_digest(value) -> str:
    """A short digest of what a part of the page is given (its JSON, as Dash sends it)."""
    return hashlib.blake2b(to_json_plotly(value).encode(), digest_size=8).hexdigest()


def only_changed(parts: dict, shown: dict | None, figure: tuple | None = None) -> tuple[dict, object]:
    """``parts`` (name → what to show) with no_update where the page shows it already, and the Patch of ``ids.SHOWN``.

    ``shown`` is what ``ids.SHOWN`` holds: name → :func:`shown_digest` of what the answers wrote there last,
    and under ``FIGURES`` what each tab's figure was drawn from (view → the entry :func:`render_figure` gives).
    So a filter click does not send the same legend, details or focus line again, and the page does not
    draw them again. Parts that are no_update stay so. ``figure`` ((view, entry)): the figure this answer
    sends, recorded with the rest (one store, one change of the page).

    >>> out, patch = only_changed({"a": "x", "b": "y", "c": no_update}, {"a": shown_digest("x")})
    >>> out == {"a": no_update, "b": "y", "c": no_update}
    True
    >>> [(op["location"], op["params"]["value"] == shown_digest("y")) for op in patch.to_plotly_json()["operations"]]
    [(['b'], True)]
    >>> only_changed({"a": "x"}, {"a": shown_digest("x")})[1] is no_update
    True
    >>> patch = only_changed({}, {FIGURES: {"map": "m"}}, ("network", "n"))[1]
    >>> [(op["location"], op["params"]["value"]) for op in patch.to_plotly_json()["operations"]]
    [(['figures'], {'map': 'm', 'network': 'n'})]
    """
    shown = shown or {}
    out, patch, sent = {}, Patch(), False
    for name, value in parts.items():
        if value is no_update:
            out[name] = value
            continue
        digest = shown_digest(value)
        if shown.get(name) == digest:
            out[name] = no_update
        else:
            out[name], patch[name], sent = value, digest, True
    if figure is not None:
        view, entry = figure
        patch[FIGURES], sent = {**(shown.get(FIGURES) or {}), view: entry}, True
    return out, (patch if sent else no_update)


def controls_next(values: dict, options: dict, choices: list | None) -> dict | None:
    """What ``ids.CONTROLS_NEXT`` is given: control id → new value, picker id → its options, the data's choices
    (:func:`control_options`, or None to keep them); None when none of them changes.

    A picker given a value it has no option for would drop it: its options travel with its value.

    >>> controls_next({}, {}, None) is None
    True
    >>> controls_next({"themes": ["green"]}, {}, None)
    {'values': {'themes': ['green']}, 'options': {}, 'choices': None}
    """
    if not values and not options and choices is None:
        return None
    return {"values": values, "options": options, "choices": choices}


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

    # The controls that are stores (focus, selection, tab) are written by the view's answer itself; the others
    # (checklists, dropdowns, sliders, with their options) through CONTROLS_NEXT, by the page (the clientside
    # callback below), only when a URL, Back, a reset, a click or other data changes them. An output of a callback is
    # marked loading while it runs, and a control so marked draws itself again, twice: as outputs of every
    # click, the controls cost ~7 ms of each.
    stored = [c for c in control_ids if ids.CONTROL_PROPS[c] == "data"]
    widgets = [c for c in control_ids if c not in stored]
    view_outputs = dict(
        controls={c: Output(c, ids.CONTROL_PROPS[c]) for c in stored},
        controls_next=Output(ids.CONTROLS_NEXT, "data"),
        search=Output(ids.URL, "search"), query=Output(ids.SPEC, "data"), edge=Output(ids.EDGE, "data"),
        message=Output(ids.MESSAGE, "children"),
        # the picture: the network as a wire figure (and its level's frame, once; with a Patch, the word to draw
        # it once applied); the map is set (_picture)
        picture=dict(wire=Output(ids.NETWORK_WIRE, "data"), frame=Output(ids.NETWORK_FRAME, "data"),
                     redraw=Output(ids.NETWORK_REDRAW, "data")),
        # what the view says beside its picture: each sent only when it differs from what the page shows
        # (the page sets them itself as an answer with a picture arrives, with it: assets/wire.js, PARTS)
        parts={name: Output(cid, prop) for name, (cid, prop) in VIEW_PARTS.items()},
        shown=Output(ids.SHOWN, "data"),
    )

    @app.callback(
        output=view_outputs,
        inputs=dict(
            search=Input(ids.URL, "search"),
            controls={c: Input(c, ids.CONTROL_PROPS[c]) for c in control_ids},
            net_click=Input(ids.NETWORK, "clickData"), map_click=Input(ids.MAP, "clickData"),
            matrix_click=Input(ids.MATRIX_LINK, "data"),
            node_rows=Input(ids.NODE_GRID, "selectedRows"), edge_rows=Input(ids.EDGE_GRID, "selectedRows"),
            # what was pressed is read from ctx.triggered (the click counts themselves are not used); a panel
            # entry or search hit from PICKED, its node
            pressed=[Input(ids.FOCUS_BUTTON, "n_clicks"), Input(ids.FOCUS_CLEAR, "n_clicks"),
                     Input(ids.PATH_CLEAR, "n_clicks"), Input(ids.RESET, "n_clicks"),
                     Input(ids.SEARCH, "n_submit"), Input(ids.PICKED, "data")],
            data_token=Input(ids.DATA_TOKEN, "data"),
            # ticks while a large level is being prepared: its picture is drawn once it is ready
            _tick=Input(ids.WARM_POLL, "n_intervals"),
            search_text=State(ids.SEARCH, "value"), current_query=State(ids.SPEC, "data"),
            current_edge=State(ids.EDGE, "data"),
            net_relayout=State(ids.NETWORK, "relayoutData"), map_relayout=State(ids.MAP, "relayoutData"),
            shown=State(ids.SHOWN, "data"),
        ),
        prevent_initial_call="initial_duplicate",
    )
    def _view(search, controls, net_click, map_click, matrix_click, node_rows, edge_rows, pressed, data_token, _tick,
              search_text, current_query, current_edge, net_relayout, map_relayout, shown):
        # One answer per click: the URL state machine (sync_view), then, when the view changed, its picture,
        # summary and details in the same answer, so the page draws them at once (a chain of answers would
        # wait for each). The side panels follow once the picture is drawn (assets/wire.js, answered).
        trigger = trigger_of(ctx.triggered_prop_ids, current_query)
        picked = picked_node(pressed[-1]) if trigger == ids.PICK else None
        out = nothing(view_outputs)
        if trigger in (ids.NODE_GRID, ids.EDGE_GRID) and not grid_row(node_rows if trigger == ids.NODE_GRID
                                                                     else edge_rows):
            return out
        if trigger == ids.PICK and picked is None:
            return out
        if trigger == ids.WARM_POLL:  # the same view, drawn if its level is ready now
            if current_query is None:
                return out
            picture, parts, figure = _picture(current_query, shown, net_relayout, map_relayout, data_token)
            out["picture"].update(picture)
            out["parts"], out["shown"] = only_changed({**out["parts"], **parts}, shown, figure)
            return out
        try:
            data = sources.context(data_token)
            if trigger == ids.SEARCH:  # Enter in the search box: the first actor found
                hits = search_options(data.explorer, spec_of(current_query), search_text, None)
                if not hits:
                    return out
                trigger, picked = ids.PICK, hits[0]["value"]
            clicks = {ids.NETWORK: net_click, ids.MAP: map_click, ids.MATRIX_LINK: matrix_click}
            u = sync_view(trigger, search, controls, data.choices, current_query=current_query,
                          current_edge=current_edge, dataset=data.dataset, click=clicks.get(trigger),
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
        nxt = controls_next({c: v for c, v in u.controls.items() if c in widgets}, options, choices)
        if nxt is not None:
            out["controls_next"] = nxt
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
        parts, figure = {"focus_status": status}, None
        if u.query is not None:  # a new view, or the same view of other data
            # the page passes the view on to the side panels once it has drawn the network this answer brings;
            # at once when it brings none, or when the picture failed or is being prepared
            picture, picture_parts, figure = _picture(u.query, shown, net_relayout, map_relayout, data_token)
            out["picture"].update(picture)
            parts.update(picture_parts, **_summary(u.spec, data_token))
        if u.query is not None or u.edge_changed:
            # the details of a selected actor or link are what its click asks for: beside the picture
            parts.update(_details(u.spec, u.edge, data_token))
        out["parts"], out["shown"] = only_changed({**out["parts"], **parts}, shown, figure)
        return out

    # the controls, their pickers' options and the data's choices a view's answer changed (CONTROLS_NEXT): each
    # output is read from its slot (part of CONTROLS_NEXT, key), no_update where the answer left it out
    slots = ([["values", c] for c in widgets] + [["options", pk] for pk in pickers]
             + [["choices", i] for i in range(len(OPTION_OUTPUTS))])
    applied = [Output(c, ids.CONTROL_PROPS[c], allow_duplicate=True) for c in widgets]
    applied += [Output(pk, "options", allow_duplicate=True) for pk in pickers]
    applied += [Output(c, prop, allow_duplicate=True) for c, prop in OPTION_OUTPUTS]
    app.clientside_callback(
        """function(next) {
            const nu = window.dash_clientside.no_update;
            return %s.map(([part, key]) => next && next[part] && key in next[part] ? next[part][key] : nu);
        }""" % json.dumps(slots),
        *applied, Input(ids.CONTROLS_NEXT, "data"), prevent_initial_call=True,
    )

    # a panel entry or search hit pressed (PICKED): entries drawn anew (a panel's new answer) trigger the pattern
    # input too, with no press; as an input of _view they would start a request that takes the place of one on
    # its way (Dash keeps the newest answer of a callback), and a Back or a filter pressed meanwhile was lost
    app.clientside_callback(
        """function() {
            const dc = window.dash_clientside;
            const hit = (dc.callback_context.triggered || []).find(t => t.value);
            if (!hit) { return dc.no_update; }
            const id = JSON.parse(hit.prop_id.slice(0, hit.prop_id.lastIndexOf('.')));
            return {node: id.node, n: hit.value};
        }""",
        Output(ids.PICKED, "data"), pick_input, prevent_initial_call=True,
    )

    # a click on a matrix cell: its link, read from the figure clicked. dcc.Graph's clickData leaves a heatmap
    # cell's customdata out (its point number is [row, column]), but keeps the cell's x and y, the column and
    # row numbers (figures/matrix.py)
    app.clientside_callback(
        """function(click) {
            const dc = window.dash_clientside;
            const p = click && click.points && click.points[0];
            const gd = document.querySelector('#%s .js-plotly-plot');
            const trace = p && gd && gd.data ? gd.data[p.curveNumber] : null;
            const row = trace && trace.customdata ? trace.customdata[p.y] : null;
            const pair = row ? row[p.x] : null;
            return Array.isArray(pair) && pair.length === 2 ? {points: [{customdata: pair}]} : dc.no_update;
        }""" % ids.MATRIX,
        Output(ids.MATRIX_LINK, "data"), Input(ids.MATRIX, "clickData"), prevent_initial_call=True,
    )

    @guarded(lambda message: ({}, {"fig_message": comp.alert(message, "danger"), "poll_off": True}, None))
    def _picture(query, shown, net_relayout, map_relayout, data_token):
        """(the picture's outputs that change, the parts beside it, (view, entry) of the figure sent or None) for
        the view ``query``; ``shown``: what ``ids.SHOWN`` holds (the figures the page has, under FIGURES)."""
        data = sources.context(data_token)
        spec = spec_of(query)
        parts = dict(legend=encoding_legend(spec, data.choices), subtitle=view_subtitle(data.explorer, spec),
                     fig_message=None, poll_off=True)
        if spec.view in ("table", "matrix"):  # the matrix is drawn by slides_panel.register_slides
            return {}, parts, None
        preparing = preparation(data.explorer, spec)
        if preparing is not None:  # a large level's first layout and metrics run in another process
            return {}, {**parts, "fig_message": preparing, "poll_off": False}, None
        fig, entry, frame = render_figure(data.explorer, spec, ((shown or {}).get(FIGURES) or {}).get(spec.view),
                                          map_relayout if spec.view == "map" else net_relayout)
        figure = (spec.view, entry)
        if spec.view == "map":
            # the map is set beside the answer's outputs, not as one of them: an output is marked loading, and
            # the map's graph so marked draws itself again on every click of the network too
            set_props(ids.MAP, {"figure": fig})
            return {}, parts, figure
        if isinstance(fig, Patch):  # a new selection: drawn by the page's draw callback once Dash has applied it
            return {"wire": fig, "redraw": query}, parts, figure
        return {"wire": fig, **({"frame": frame} if frame is not None else {})}, parts, figure

    @guarded(lambda message: dict(summary=message, summary_plain=message))
    def _summary(spec, data_token):
        figures, plain = summary_view(sources.explorer(data_token), spec)
        return dict(summary=figures, summary_plain=plain)

    @guarded(lambda message: dict(details=comp.alert(message, "danger")))
    def _details(spec, edge, data_token):
        return dict(details=details_panel(sources.explorer(data_token), spec, edge))

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

    # the table and the matrix tab ask the server only while they are open
    app.clientside_callback(
        ClientsideFunction(namespace="graph_explorer", function_name="route"),
        Output(ids.TABLE_SPEC, "data"), Output(ids.MATRIX_SPEC, "data"), Input(ids.PANEL_SPEC, "data"),
        prevent_initial_call=True,
    )

    # a new selection on the network drawn (assets/wire.js): the Patch its answer brought, once Dash has applied
    # it to the wire figure. Every other network picture is drawn as its answer arrives (answered)
    app.clientside_callback(
        ClientsideFunction(namespace="graph_explorer", function_name="draw"),
        Input(ids.NETWORK_REDRAW, "data"), State(ids.NETWORK_WIRE, "data"), State(ids.NETWORK_FRAME, "data"),
        prevent_initial_call=True,
    )

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
    # the link to the view: shown in its box with the side panels (after the picture), and made anew from the
    # view itself when Share is pressed, so a link copied right after a click is that click's view
    # (never bare: a bare address opens the start view, not the default view whose query is empty)
    share_url = "window.location.origin + window.location.pathname + '?' + (query || %s)" % json.dumps(DEFAULT_VIEW_QUERY)
    app.clientside_callback(
        """function(query) { return %s; }""" % share_url,
        Output(ids.SHARE_URL, "value"), Input(ids.PANEL_SPEC, "data"),
    )
    app.clientside_callback(
        """function(n, query, token) {
            const dc = window.dash_clientside;
            if (!n) { return [dc.no_update, dc.no_update]; }
            const url = %s;
            const box = document.getElementById('share-url');
            if (box) { box.value = url; box.focus(); box.select(); }
            // an upload is seen in this tab alone: the link opens the same view of the bundled data
            const upload = token ? ' — it opens this view of the bundled data: your upload stays in this tab' : '';
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(url).catch(function () {});
                return ['Link copied' + upload, url];
            }
            try { document.execCommand('copy'); return ['Link copied' + upload, url]; }
            catch (e) { return ['Copy the selected link' + upload, url]; }
        }""" % share_url,
        Output(ids.SHARE_STATUS, "children"), Output(ids.SHARE_URL, "value", allow_duplicate=True),
        Input(ids.SHARE_BUTTON, "n_clicks"), State(ids.SPEC, "data"), State(ids.DATA_TOKEN, "data"),
        prevent_initial_call=True,
    )
