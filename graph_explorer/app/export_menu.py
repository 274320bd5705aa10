"""The Export menu: download the current view as a picture, slides, tables or a graph file.

Two functions wire it into an app:

* :func:`export_menu` — the component: an "Export" dropdown (one item per entry
  of the format registry, by section: pictures, slides, data, graph files), a picture-size select
  (16:9, 4:3, A4), a title field, a spinner and message area, and the
  ``dcc.Download``.
* :func:`register_export` — registers its one callback on the given app
  (never on Dash's global registry). The view is read from the page's
  ``dcc.Location`` (its id is a parameter), so the file is exactly the view
  in the address bar, the same one ``graph-explorer export --view URL``
  writes.

While a file is prepared the menu is disabled and a spinner shows; a
failure (no Chromium installed, a render timing out, a bad URL) shows its
message next to the menu instead of a download. The work is done by
:func:`graph_explorer.export.export_view`; :func:`prepare_download` is the
callback's pure core, testable without a browser.

Example
-------
>>> import dash
>>> from dash import dcc, html
>>> from graph_explorer.explorer import Explorer
>>> from graph_explorer.testing import tiny_dataset
>>> app = dash.Dash(__name__)
>>> app.layout = html.Div([dcc.Location(id="url"), export_menu()])
>>> register_export(app, Explorer(tiny_dataset()), location_id="url")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from ..errors import GraphExplorerError
from ..export import menu_entries
from ..view import ViewSpec
from .components import busy

__all__ = ["export_menu", "register_export", "prepare_download", "CHOICES", "menu_ids"]

#: Menu entries: choice id → (section, label, export format, table or None), from the format registry
#: (:data:`graph_explorer.export.FORMATS`).
CHOICES: Mapping[str, tuple[str, str, str, str | None]] = MappingProxyType({
    e.choice: (e.section, e.label, e.format, e.table) for e in menu_entries()})
_SIZES = [{"label": "16:9 slide", "value": "16:9"}, {"label": "4:3 slide", "value": "4:3"},
          {"label": "A4 landscape", "value": "a4"}]


def menu_ids(id_prefix: str = "export") -> dict[str, str]:
    """The component ids of a menu made with ``id_prefix`` (items: ``{"type": ids["item"], "choice": ...}``)."""
    return {name: f"{id_prefix}-{name}" for name in ("menu", "item", "size", "title", "download", "status", "busy")}


def export_menu(id_prefix: str = "export") -> html.Div:
    """The Export dropdown, its size select, progress and message area, and the download target."""
    ids = menu_ids(id_prefix)
    items = []
    section = None
    for choice, (sec, label, _, _) in CHOICES.items():
        if sec != section:
            if section is not None:
                items.append(dbc.DropdownMenuItem(divider=True))
            items.append(dbc.DropdownMenuItem(sec, header=True))
            section = sec
        items.append(dbc.DropdownMenuItem(label, id={"type": ids["item"], "choice": choice}, n_clicks=0))
    return html.Div([
        dbc.DropdownMenu(items, label="Export", id=ids["menu"], size="sm", color="light", align_end=True,
                         toggle_class_name="export-toggle"),
        html.Label("Size of exported pictures and slides", htmlFor=ids["size"], className="visually-hidden"),
        dbc.Select(id=ids["size"], options=_SIZES, value="16:9", size="sm", class_name="export-size",
                   style={"width": "auto", "display": "inline-block", "marginLeft": "0.25rem"}),
        html.Label("Title of exported pictures and slides", htmlFor=ids["title"], className="visually-hidden"),
        dcc.Input(id=ids["title"], type="text", value="", placeholder="Title (optional)", maxLength=120,
                  debounce=False, className="form-control form-control-sm export-title",
                  style={"width": "11rem", "display": "inline-block", "marginLeft": "0.25rem"}),
        busy(html.Span(id=ids["status"], className="export-status", role="status", style={"marginLeft": "0.5rem"}),
             "inline", delay_ms=0),
        html.Span(id=ids["busy"], className="export-busy", style={"marginLeft": "0.25rem"}),
        dcc.Download(id=ids["download"]),
    ], className="export-menu", style={"display": "inline-flex", "alignItems": "center"})


def prepare_download(explorer, spec: ViewSpec, choice: str, preset: str | None = "16:9",
                     title: str | None = None) -> dict:
    """The ``dcc.Download`` data for one menu choice (raises GraphExplorerError with a readable message).

    ``title`` replaces the picture's (or first slide's) title when given.
    """
    from ..export import export_view

    if choice not in CHOICES:
        raise GraphExplorerError(f"Unknown export choice {choice!r}.")
    _, _, fmt, table = CHOICES[choice]
    title = (title or "").strip() or None
    (f,) = export_view(explorer, spec, fmt, preset=preset or "16:9", table=table, title=title)  # one file per choice
    return dcc.send_bytes(f.data, f.name, type=f.mimetype)


def register_export(app, explorer, spec_from_url: Callable[[str], ViewSpec] | None = None, *,
                    location_id: str = "url", id_prefix: str = "export", data_store_id: str | None = None) -> None:
    """Register the menu's callback on ``app``.

    Parameters
    ----------
    app : dash.Dash
    explorer : Explorer or callable
        The Explorer to export from; with ``data_store_id``, a function of
        that store's data giving the Explorer (the tab's own data).
    spec_from_url : callable, optional
        Turns the page address's query (``dcc.Location.search``, ``?…``) into a
        ViewSpec; default :meth:`ViewSpec.from_query`.
    location_id : str
        Id of the page's ``dcc.Location``.
    id_prefix : str
        The prefix given to :func:`export_menu`.
    data_store_id : str, optional
        Id of a ``dcc.Store`` whose data (the tab's data token) is passed to ``explorer``.
    """
    ids = menu_ids(id_prefix)
    to_spec = spec_from_url or ViewSpec.from_query
    data_state = [State(data_store_id, "data")] if data_store_id else []

    @app.callback(
        Output(ids["download"], "data"),
        Output(ids["status"], "children"),
        Input({"type": ids["item"], "choice": ALL}, "n_clicks"),
        State(location_id, "search"),
        State(ids["size"], "value"),
        State(ids["title"], "value"),
        *data_state,
        running=[(Output(ids["menu"], "disabled"), True, False),
                 (Output(ids["busy"], "children"), "Preparing the file…", "")],
        prevent_initial_call=True,
    )
    def export_clicked(clicks, search, preset, title, *data):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks or []):
            return no_update, no_update
        try:
            spec = to_spec(search or "")
            source = explorer(data[0]) if data_store_id else explorer
            return prepare_download(source, spec, trigger["choice"], preset, title), ""
        except GraphExplorerError as exc:
            return no_update, dbc.Alert(str(exc), color="warning", dismissable=True, class_name="export-alert",
                                        style={"display": "inline-block", "margin": 0, "padding": "0.25rem 2.5rem "
                                               "0.25rem 0.5rem", "fontSize": "0.85rem"})
