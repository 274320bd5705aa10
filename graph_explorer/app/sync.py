"""The URL state machine: one function, :func:`sync_view`, keeps the URL, the controls and the view in step.

The URL's query string is the view (a :class:`ViewSpec`). :func:`sync_view`
answers whatever changed — the URL (page load, Back/Forward), a control, a
click on a picture or a table, a button, other data — with the new view and
only the parts of the page that must change (so there are no loops). It is
built from the pure conversions of :mod:`.state`; :func:`~.callbacks.register`
wires it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import GraphExplorerError, ViewError
from ..view import Filters, ViewSpec, check_view
from . import ids
from .state import START, Choices, check_spec, controls_from_spec, parse_search, search_from_spec, spec_from_controls

__all__ = ["ViewUpdate", "sync_view", "clicked_item", "grid_row", "trigger_of", "picked_node", "spec_of"]


@dataclass
class ViewUpdate:
    """What :func:`sync_view` decided: the view, and which parts of the page must change."""

    spec: ViewSpec
    edge: list | None = None
    message: str | None = None
    controls: dict = field(default_factory=dict)  # control id → new value (only those that differ)
    search: str | None = None  # new URL search, or None to leave it
    query: str | None = None  # new SPEC store value, or None to leave it
    edge_changed: bool = False


def clicked_item(click: dict | None):
    """What a click on a picture hit: ``("node", id)``, ``("edge", (u, v))`` or None.

    >>> clicked_item({"points": [{"customdata": "LV"}]})
    ('node', 'LV')
    >>> clicked_item({"points": [{"customdata": ["LV", "FI"]}]})
    ('edge', ('LV', 'FI'))
    >>> clicked_item({"points": [{"x": 1}]}) is None
    True
    """
    if not click or not click.get("points"):
        return None
    cd = click["points"][0].get("customdata")
    if isinstance(cd, str) and cd:
        return ("node", cd)
    if isinstance(cd, (list, tuple)) and len(cd) == 2 and all(isinstance(x, str) for x in cd):
        return ("edge", (cd[0], cd[1]))
    return None


def grid_row(rows) -> dict | None:
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        return rows[0]
    return None


def sync_view(trigger: str | None, search: str | None, controls: dict, choices: Choices, *,
              current_query: str | None = None, current_edge=None, click: dict | None = None,
              grid_row: dict | None = None, dataset=None, picked: str | None = None) -> ViewUpdate:
    """Keep URL, controls and the view in step.

    Parameters
    ----------
    trigger : str or None
        The id of what changed: ``ids.URL`` or None (page load or back/forward),
        ``ids.DATA_TOKEN`` (other data: filters and selection are reset),
        a control id, a picture (``ids.NETWORK``/``ids.MAP``, with ``click``; a link of ``ids.MATRIX_LINK``),
        a table (``ids.NODE_GRID``/``ids.EDGE_GRID``, with ``grid_row``),
        an actor picked in a panel or among the search hits (``ids.PICK``, with
        ``picked``, its node id), or a button (``ids.FOCUS_BUTTON``,
        ``ids.FOCUS_CLEAR``, ``ids.PATH_CLEAR``, ``ids.RESET``).
    search : str
        The URL's ``search`` (``?level=country…``).
    controls : dict
        Control id → value, as the page holds them.
    current_query, current_edge
        What ``ids.SPEC`` and ``ids.EDGE`` hold.
    """
    current = _query_spec(current_query)
    message = None
    edge = current_edge
    if trigger in (None, ids.URL):
        spec, message = parse_search(search)
        spec, notes = check_spec(spec, choices)
        if notes:
            message = " ".join(filter(None, [message, *notes]))
        if current is None or spec != current:
            edge = None
    elif trigger == ids.DATA_TOKEN:
        # other data: its filter values and ids mean nothing here; keep level, weighting, layout, look and tab,
        # and the filters that name no value of the data (how years are matched, backbone, expected ratio)
        was = current or ViewSpec()
        kept = Filters(year_basis=was.year_basis, backbone=was.backbone, min_ratio=was.min_ratio)
        spec = was.replace(filters=kept, selected=None, focus=None, path=None)
        spec, notes = check_spec(spec, choices)
        message = " ".join(notes) or None
        edge = None
    else:
        base = current or ViewSpec()
        try:
            spec = spec_from_controls(controls, choices, base)
        except GraphExplorerError as exc:
            spec, message = base, str(exc)
        if trigger == ids.LEVEL and spec.level != base.level:
            # ids of one level mean nothing at another: drop the selection, focus and path
            spec = spec.replace(selected=None, focus=None, path=None)
            edge = None
        elif trigger in (ids.NETWORK, ids.MAP, ids.MATRIX_LINK):
            hit = clicked_item(click)
            if hit and hit[0] == "node" and trigger != ids.MATRIX_LINK:  # the matrix's cells are links
                spec, edge = spec.replace(selected=hit[1]), None
            elif hit and hit[0] == "edge":
                edge = list(hit[1])
        elif trigger == ids.NODE_GRID:
            row = grid_row or {}
            if row.get("id"):
                spec, edge = spec.replace(selected=str(row["id"])), None
        elif trigger == ids.EDGE_GRID:
            row = grid_row or {}
            if row.get("source") and row.get("target"):
                edge = [str(row["source"]), str(row["target"])]
        elif trigger == ids.PICK and picked:
            spec, edge = spec.replace(selected=picked), None
        elif trigger == ids.FOCUS_BUTTON:
            if spec.selected:
                spec = spec.replace(focus=spec.selected)
            else:
                message = "Select an actor first (click it, or find it by name), then press Focus."
        elif trigger == ids.FOCUS_CLEAR:
            spec = spec.replace(focus=None)
        elif trigger == ids.PATH_CLEAR:
            spec = spec.replace(path=None)
        elif trigger == ids.RESET:
            spec = spec.replace(filters=Filters(), compare=None)
    if dataset is not None:  # the values that depend on the data (programmes, actor ids): one check for all
        try:
            check_view(spec, dataset)
        except ViewError as exc:
            if trigger in (None, ids.URL):
                spec, edge = START, None
                message = f"This link's view could not be used: {exc} Showing the start view instead."
            else:
                spec, message = current or START, str(exc)
    wanted = controls_from_spec(spec, choices)
    changed = {k: v for k, v in wanted.items() if not _same(controls.get(k), v)}
    if trigger == ids.PATH_FROM or trigger == ids.PATH_TO:
        changed.pop(ids.PATH_FROM, None)  # one end chosen, the other not yet: keep what the person picked
        changed.pop(ids.PATH_TO, None)
    new_search = search_from_spec(spec)
    query = spec.to_query()
    redraw = trigger == ids.DATA_TOKEN  # the same view of other data: send it again so everything is redrawn
    return ViewUpdate(
        spec=spec, edge=edge, message=message, controls=changed,
        search=new_search if (search or "") != new_search else None,
        query=query if (query != current_query or redraw) else None,
        edge_changed=edge != current_edge,
    )


def _query_spec(query: str | None) -> ViewSpec | None:
    """The view a SPEC store holds (a query string as ``ViewSpec.to_query`` wrote it), or None."""
    if query is None:
        return None
    try:
        return ViewSpec.from_query(query)
    except GraphExplorerError:
        return None


def _same(a, b) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b or (a in (None, "", []) and b in (None, "", []))


def trigger_of(triggered_prop_ids: dict, current_query) -> str | None:
    """Which input :func:`sync_view` should answer: the URL on the first call and whenever it changed.

    >>> trigger_of({"focus-store.data": "focus-store", "url.search": "url"}, None)
    'url'
    >>> trigger_of({"level.value": "level"}, "")
    'level'
    >>> trigger_of({"picked-store.data": "picked-store"}, "")
    'pick'
    """
    triggered = list(triggered_prop_ids or {})
    if current_query is None or f"{ids.URL}.search" in triggered or not triggered:
        return ids.URL
    first = triggered[0].rsplit(".", 1)[0]
    return ids.PICK if first == ids.PICKED else first


def picked_node(picked) -> str | None:
    """The node of the panel entry or search hit that was pressed, from what ``ids.PICKED`` holds.

    >>> picked_node({"node": "FI", "n": 1})
    'FI'
    >>> picked_node(None) is None
    True
    """
    node = picked.get("node") if isinstance(picked, dict) else None
    return node if isinstance(node, str) and node else None


def spec_of(query: str | None) -> ViewSpec:
    return ViewSpec.from_query(query or "")
