"""The app's behaviour: thin pure functions, and :func:`register` that wires them to one app.

Every function below takes an :class:`~graph_explorer.explorer.Explorer` (read-only,
shared by all users), plain values from the page, and returns plain values or
components — no module state, so several users can share one server. They are
unit-tested as plain functions (``tests/app/test_callbacks.py``).

Which Explorer: every wired callback also receives the tab's data token
(``ids.DATA_TOKEN``, as State) and asks :class:`~.sources.DataSources` for the
Explorer and control choices of that tab's data — the server's own data, or
the tab's upload. A new token (an upload, or "Back to the bundled data")
triggers :func:`sync_view`, which resets the filters and selection (ids of
one dataset mean nothing in another) and sends the view again, so every
picture and panel is drawn anew from the new data.

Data flow
---------
The URL's query string is the view (a :class:`ViewSpec`). One callback,
:func:`sync_view`, keeps the URL, the controls and ``ids.SPEC`` (the view's
query string) in step in both directions; every picture and panel is drawn
from ``ids.SPEC`` alone. So loading a URL restores exactly that view, and a
change of any control updates the URL without reloading the page and without
loops (an output is only sent when it differs from what the page holds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import wraps
from html import escape

import numpy as np
import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, Patch, State, ctx, html, no_update

from ..errors import GraphExplorerError, ViewError
from ..explorer import graph_spec
from ..figures import figure_for
from ..figures.network import short_label
from ..figures.scene import describe_filters
from ..figures.style import FONT, HIGHLIGHT_COLOR, metric_label
from ..network import COOP_PREFIX
from ..scale import ScaledExplorer, needs_seed_warmup, warm, warm_seed
from ..view import WEIGHTINGS, ViewSpec, check_view
from . import components as comp
from .counts import COUNTED, counted_options
from . import ids
from .state import (START, Choices, check_spec, controls_from_spec, parse_search, search_from_spec, spec_from_controls,
                    year_marks)

__all__ = ["ViewUpdate", "sync_view", "clicked_item", "render_figure", "search_options", "search_results", "details_panel",
           "path_view", "summary_line", "summary_view", "what_if_conclusion", "insights_view", "what_if_view", "table_data", "encoding_legend", "focus_status",
           "failure_message", "register", "control_options", "OPTION_OUTPUTS", "EDGE_HOVER_LIMIT", "GENERIC_ERROR"]

log = logging.getLogger("graph_explorer.app")

#: The picture's size (px) that names on it are placed for: the picture at 1280×720.
LABEL_AREA = (700, 460)
#: Up to this many links, a link's clickable middle names its two ends on hover (every link is clickable).
EDGE_HOVER_LIMIT = 2000
GENERIC_ERROR = ("Something went wrong while drawing this view. It has been logged; try another view, "
                 "or reload the page.")
#: Search hits offered in a typeahead.
SEARCH_LIMIT = 25


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


# -- the view: URL ⇄ controls ⇄ spec --------------------------------------------------------


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


def _grid_row(rows) -> dict | None:
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
        a control id, a picture (``ids.NETWORK``/``ids.MAP``, with ``click``),
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
        # other data: its filter values and ids mean nothing here; keep level, weighting, layout, look and tab
        spec = (current or ViewSpec()).replace(
            themes=(), kinds=(), programmes=(), years=None, regions=(), countries=(), actor_kinds=(), min_weight=0.0,
            kcore=0, all_themes=False, partners=False, selected=None, focus=None, path=None)
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
        elif trigger in (ids.NETWORK, ids.MAP):
            hit = clicked_item(click)
            if hit and hit[0] == "node":
                spec, edge = spec.replace(selected=hit[1]), None
            elif hit:
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
            spec = spec.replace(themes=(), kinds=(), programmes=(), years=None, year_basis="active", regions=(),
                                countries=(), actor_kinds=(), min_weight=0.0, kcore=0, backbone=None, min_ratio=0.0,
                                compare=None, all_themes=False, partners=False)
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


def focus_status(explorer, spec: ViewSpec) -> str:
    if not spec.focus:
        return "No focus: the whole view is shown."
    return f"Focus: {explorer.node_label(spec, spec.focus)}, within {spec.hops} hop{'s' if spec.hops > 1 else ''}."


# -- typeahead -------------------------------------------------------------------------------


def search_options(explorer, spec: ViewSpec, text: str | None, current: str | None) -> list[dict]:
    """Options of an actor picker: nodes of the view whose name (or id) contains ``text``.

    At country level a country is found by its name and by the names of its
    organisations ("Riga Technical College → Latvia"). The ``current`` value
    is always among the options, so the picker keeps showing its label.
    """
    t = (text or "").strip().casefold()
    if len(t) < 2 and not current:
        return []
    G = explorer.graph(spec)
    options: dict[str, str] = {}
    if len(t) >= 2:
        for node, d in G.nodes(data=True):
            label = str(d.get("label", node))
            if t in label.casefold() or t in str(node).casefold():
                options[node] = label
            if len(options) >= SEARCH_LIMIT:
                break
        if len(options) < SEARCH_LIMIT:
            hits = explorer.search(t, limit=SEARCH_LIMIT)
            actors = explorer.dataset.actors
            country_of = dict(zip(actors["id"], actors["country"])) if spec.level == "country" and hits else {}
            for actor_id, name in hits:
                node = actor_id
                if spec.level == "country" and actor_id not in G:
                    country = country_of.get(actor_id)
                    node = country if isinstance(country, str) else actor_id
                    if node in G and node not in options:
                        options[node] = f"{name} → {G.nodes[node].get('label', node)}"
                        continue
                if node in G and node not in options:
                    options[node] = name
                if len(options) >= SEARCH_LIMIT:
                    break
    if current:  # the chosen node keeps its own name, first
        options.pop(current, None)
        options = {current: explorer.node_label(spec, current), **options}
    ranked = sorted(options.items(), key=lambda kv: (not kv[1].casefold().startswith(t), len(kv[1]), kv[1]))
    if current:
        ranked.sort(key=lambda kv: kv[0] != current)
    return [{"label": label, "value": node} for node, label in ranked]


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


# -- pictures ----------------------------------------------------------------------------------


#: A link's clickable middle is left out when a node is nearer than this share of the picture's size:
#: the click there is the node's.
MIDPOINT_CLEARANCE = 0.006


def _away_from_nodes(mx, my, nx_, ny_, share: float = MIDPOINT_CLEARANCE) -> np.ndarray:
    """True for points farther than ``share`` of the picture's size from every node."""
    from scipy.spatial import cKDTree

    ok = np.isfinite(nx_) & np.isfinite(ny_)
    if not ok.any():
        return np.isfinite(mx) & np.isfinite(my)
    span = max(np.ptp(nx_[ok]), np.ptp(ny_[ok]), 1e-9)
    pts = np.c_[mx, my]
    finite = np.isfinite(pts).all(axis=1)
    out = np.zeros(len(mx), dtype=bool)
    if finite.any():
        dist, _ = cKDTree(np.c_[nx_[ok], ny_[ok]]).query(pts[finite])
        out[finite] = dist > share * span
    return out


def _edge_hit_trace(scene, geo: bool, gl: bool = False):
    """Invisible markers at the middle of each link, so a click on a link can be told apart.

    Every link gets one, whatever the size of the view (a WebGL trace when the
    picture is WebGL). Up to :data:`EDGE_HOVER_LIMIT` links each say their two
    ends on hover; above it the hover says what a click does (naming 27,000
    links would add megabytes to every picture).
    """
    e = scene.edges
    if e.empty:
        return None
    labels = dict(zip(scene.nodes["id"], scene.nodes["label"]))
    mx = (e["x0"].to_numpy(float) + e["x1"].to_numpy(float)) / 2
    my = (e["y0"].to_numpy(float) + e["y1"].to_numpy(float)) / 2
    # a link's middle right over a node would take that node's clicks: leave such links to the table
    clear = _away_from_nodes(mx, my, scene.nodes["x"].to_numpy(float), scene.nodes["y"].to_numpy(float))
    e, mx, my = e[clear], mx[clear], my[clear]
    if e.empty:
        return None
    custom = np.empty(len(e), dtype=object)
    custom[:] = [[s, t] for s, t in zip(e["source"], e["target"])]
    marker = dict(size=7, color="rgba(0,0,0,0)")
    if len(e) <= EDGE_HOVER_LIMIT:
        counts = e["weight"].to_numpy(float)
        weighting = "shared cooperations" if scene.spec.weight == "count" else "Newman weight"
        hover = dict(hovertext=[f"{_plotly_text(labels.get(s, s))} — {_plotly_text(labels.get(t, t))}<br>"
                                f"{weighting}: {comp.fmt(w)}<br><i>click for the cooperations behind this link</i>"
                                for s, t, w in zip(e["source"], e["target"], counts)], hoverinfo="text")
    else:
        hover = dict(hovertemplate="a link: click for the cooperations behind it<extra></extra>")
    if geo:
        return go.Scattergeo(lon=mx, lat=my, mode="markers", marker=marker, customdata=custom, showlegend=False,
                             name="link midpoints", **hover)
    return (go.Scattergl if gl else go.Scatter)(x=mx, y=my, mode="markers", marker=marker, customdata=custom,
                                                showlegend=False, name="link midpoints", **hover)


def _labels_as_annotations(fig: go.Figure) -> go.Figure:
    """Move on-picture labels from an SVG text trace to annotations when nodes are WebGL.

    WebGL traces are drawn on a canvas above the SVG traces, so an SVG text
    trace would sit under the nodes; annotations are drawn above both.
    """
    keep, notes = [], []
    for t in fig.data:
        if t.type == "scatter" and t.name == "labels" and t.mode == "text":
            for x, y, text in zip(t.x, t.y, t.text):
                notes.append(dict(x=x, y=y, text=text, showarrow=False, xref="x", yref="y",  # placed centres
                                  font=dict(size=11, color="#1a1a1a", family=FONT),
                                  bgcolor="rgba(255,255,255,0.7)", borderpad=1))
        else:
            keep.append(t)
    fig = go.Figure(data=keep, layout=fig.layout)
    fig.update_layout(annotations=list(fig.layout.annotations) + notes)
    return fig


def _drawn_labels(fig: go.Figure) -> set[str]:
    """The label texts a figure draws (a "labels" text trace, or annotations placed on the axes)."""
    out: set[str] = set()
    for t in fig.data:
        if t.name == "labels" and t.text is not None:
            out.update(str(x) for x in t.text)
    out.update(str(a.text) for a in fig.layout.annotations if a.xref == "x")
    return out


def _selection_trace(scene, selected: str | None, geo: bool, gl: bool = False, drawn: set[str] = frozenset()):
    """The selected node with a ring and its name, its links drawn over the others and its partners ringed.

    One trace (lines from the selected node to each partner, markers at both
    ends), so a new selection is one partial update of the figure. Every
    marker carries its node id: a click on a partner's ring selects it.
    """
    nodes = scene.nodes
    row = nodes[nodes["id"] == selected] if selected else nodes.iloc[0:0]
    if row.empty:
        empty = dict(mode="markers", customdata=[], showlegend=False, name="selected", hoverinfo="skip")
        return go.Scattergeo(lon=[], lat=[], **empty) if geo else (go.Scattergl if gl else go.Scatter)(
            x=[], y=[], **empty)
    e = scene.edges
    mine = e[(e["source"] == selected) | (e["target"] == selected)]
    partners = np.where(mine["source"].to_numpy(object) == selected, mine["target"].to_numpy(object),
                        mine["source"].to_numpy(object))
    by_id = nodes.set_index("id")
    part = by_id.reindex(partners)
    sx, sy = float(row["x"].iloc[0]), float(row["y"].iloc[0])
    n = len(part)
    # vertices: the selected node, then (partner, gap, selected) for each partner
    xs = [sx] + [v for px in part["x"].to_numpy(float) for v in (px, None, sx)]
    ys = [sy] + [v for py in part["y"].to_numpy(float) for v in (py, None, sy)]
    ids_ = [selected] + [v for p in partners for v in (p, None, selected)]
    own_size = float(row["size"].iloc[0]) + 12
    sizes = [own_size] + [v for ps in part["size"].to_numpy(float) for v in (ps + 6, 0, own_size)]
    widths = [3] + [2, 0, 3] * n
    colours = [HIGHLIGHT_COLOR] + ["rgba(214,39,40,0.75)", "rgba(0,0,0,0)", HIGHLIGHT_COLOR] * n
    hover = [row["hover"].iloc[0]] + [v for h in part["hover"].to_numpy(object) for v in (h, None, row["hover"].iloc[0])]
    # a node the picture labels already (top N, path, focus) keeps that one label
    # names come from the data: escaped, as plotly reads a few HTML tags in text
    label = row["label"].iloc[0]
    name = "" if (_plotly_text(short_label(label)) in drawn or _plotly_text(short_label(label, 24)) in drawn) \
        else _plotly_text(comp_label(label))
    common = dict(mode="lines+markers+text", text=[name] + [""] * (3 * n), textposition="top center",
                  textfont=dict(size=13, color="#111", family=FONT),
                  line=dict(width=1.6, color="rgba(214,39,40,0.55)"),
                  marker=dict(size=sizes, color="rgba(0,0,0,0)", line=dict(width=widths, color=colours)),
                  customdata=np.array(ids_, dtype=object), hovertext=np.array(hover, dtype=object),
                  hoverinfo="text", showlegend=False, name="selected", connectgaps=False)
    if geo:
        return go.Scattergeo(lon=xs, lat=ys, **common)
    return (go.Scattergl if gl else go.Scatter)(x=xs, y=ys, **common)


def _plotly_text(text) -> str:
    """Text from the data for a plotly string: plotly reads <b>, <a href>… there, and decodes only &amp; &lt; &gt;
    and numeric entities (not &quot;), so only &, < and > are escaped.

    >>> _plotly_text('<a href="x">A&B</a>')
    '&lt;a href="x"&gt;A&amp;B&lt;/a&gt;'
    """
    return escape(str(text), quote=False)


def comp_label(text: str, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bounds(scene) -> tuple[tuple[float, float], tuple[float, float]]:
    x = scene.nodes["x"].to_numpy(float)
    y = scene.nodes["y"].to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return (-1.0, 1.0), (-1.0, 1.0)
    return (float(x[ok].min()), float(x[ok].max())), (float(y[ok].min()), float(y[ok].max()))


def _centre(scene, selected: str, relayout: dict | None):
    """Axis ranges around the selected node: the current zoom's span if known, else 60% of the view."""
    row = scene.nodes[scene.nodes["id"] == selected]
    if row.empty or not np.isfinite(row["x"].iloc[0]):
        return None
    cx, cy = float(row["x"].iloc[0]), float(row["y"].iloc[0])
    (x0, x1), (y0, y1) = view_frame(scene.nodes["x"].to_numpy(float), scene.nodes["y"].to_numpy(float))[0]
    span_x, span_y = max(x1 - x0, 1e-6) * 0.6, max(y1 - y0, 1e-6) * 0.6
    r = relayout or {}
    if "xaxis.range[0]" in r and "xaxis.range[1]" in r:
        span_x = abs(float(r["xaxis.range[1]"]) - float(r["xaxis.range[0]"]))
    if "yaxis.range[0]" in r and "yaxis.range[1]" in r:
        span_y = abs(float(r["yaxis.range[1]"]) - float(r["yaxis.range[0]"]))
    return [cx - span_x / 2, cx + span_x / 2], [cy - span_y / 2, cy + span_y / 2]


def _compact(trace, above: int = 1000):
    """Long coordinate arrays as float32: half the bytes to send, far more precision than pixels need."""
    for axis in ("x", "y", "lon", "lat"):
        v = getattr(trace, axis, None) if axis in trace else None
        if isinstance(v, np.ndarray) and v.dtype == np.float64 and len(v) > above:
            trace[axis] = v.astype(np.float32)
    return trace


def view_frame(x: np.ndarray, y: np.ndarray, share: float = 0.1, reach: float = 1.0, pad: float = 0.06,
               max_outside: float = 0.12):
    """Axis ranges for the first look at a network, and how many nodes they leave out.

    Positions come from the layout of the whole, unfiltered level (so a filter
    keeps the picture's shape), and a force layout pushes small separate groups
    far out: the main group can end up small in a corner of a large, empty
    frame. The frame is the box from the ``share`` to the ``1 - share``
    quantiles of x and y, widened by ``reach`` of its size on each side (and
    never larger than all nodes). When it leaves out more than ``max_outside``
    of the nodes, or none, the frame is every node.

    Returns
    -------
    ((x0, x1), (y0, y1)), n_outside

    >>> x = np.r_[np.linspace(0, 1, 200), 10.0, 12.0]
    >>> (xr, yr), out = view_frame(x, x)
    >>> xr[1] < 2, out
    (True, 2)
    >>> view_frame(np.linspace(0, 1, 200), np.linspace(0, 1, 200))[1]
    0
    """
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return ((-1.0, 1.0), (-1.0, 1.0)), 0
    x, y = x[ok], y[ok]
    full = []
    box = []
    for v in (x, y):
        lo, hi = float(v.min()), float(v.max())
        qlo, qhi = (float(q) for q in np.quantile(v, [share, 1 - share]))
        span = max(qhi - qlo, 1e-9)
        full.append((lo, hi))
        box.append((max(lo, qlo - reach * span), min(hi, qhi + reach * span)))
    inside = (x >= box[0][0]) & (x <= box[0][1]) & (y >= box[1][0]) & (y <= box[1][1])
    outside = int((~inside).sum())
    if outside == 0 or outside > max_outside * len(x):
        box, outside = full, 0
    return tuple(_padded(lo, hi, pad) for lo, hi in box), outside


def _padded(lo: float, hi: float, pad: float) -> tuple[float, float]:
    d = (hi - lo) or 1.0
    return (lo - pad * d, hi + pad * d)


def _uirevision(spec: ViewSpec, data: str = "") -> str:
    # zoom and pan survive filter changes; other data or a new selection re-centres (a new revision)
    return f"{data}|{spec.level}|{spec.layout}|{spec.view}|{spec.selected or ''}"


def figure_key(spec: ViewSpec) -> str:
    """What the drawn figure depends on apart from the selection (a selection alone is a partial update)."""
    return spec.replace(selected=None).to_query()


def preparation(explorer, spec: ViewSpec):
    """A progress message while the first layout and metrics of a large level are computed, else None.

    Large levels (see :class:`~graph_explorer.scale.ScaledExplorer`) are warmed in a separate process
    (:func:`~graph_explorer.scale.warm`, idempotent), so this server keeps answering everyone else;
    the page polls until the warm-up is done, then draws. Small levels are drawn at once.
    """
    if not isinstance(explorer, ScaledExplorer):
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
    """The figure of ``spec`` for its view (network or map), or a Patch when only the selection changed.

    Returns
    -------
    (figure or Patch, meta)
        ``meta`` records what was drawn: ``key`` (:func:`figure_key`), ``data``
        (the dataset's fingerprint) and ``n`` (number of traces; the selection
        is always the last one).
    """
    geo = spec.view == "map"
    draw = spec.replace(selected=None)
    scene = explorer.scene(draw)
    key = figure_key(spec)
    data = explorer.dataset.fingerprint
    if meta and meta.get("key") == key and meta.get("n") and meta.get("data") == data:
        drawn = _drawn_labels(figure_for(scene, width=LABEL_AREA[0], height=LABEL_AREA[1])) \
            if spec.selected else set()  # built, not sent
        patch = Patch()
        patch["data"][meta["n"] - 1] = _selection_trace(scene, spec.selected, geo, meta.get("gl"),
                                                        drawn).to_plotly_json()
        patch["layout"]["uirevision"] = _uirevision(spec, data)
        if spec.selected:
            _apply_centre(patch, scene, spec, relayout, geo)
        return patch, {**meta, "selected": spec.selected}
    # names are placed without overlap for the smallest picture the page draws (1280×720); the figure
    # itself then fills its box
    fig = figure_for(scene, width=LABEL_AREA[0], height=LABEL_AREA[1])
    gl = any(t.type == "scattergl" for t in fig.data)
    if gl:
        fig = _labels_as_annotations(fig)
    hit = _edge_hit_trace(scene, geo, gl)
    ring = _selection_trace(scene, spec.selected, geo, gl, _drawn_labels(fig))
    traces = ([hit] if hit is not None else []) + list(fig.data) + [ring]
    fig = go.Figure(data=[_compact(t) for t in traces], layout=fig.layout)
    fig.update_layout(uirevision=_uirevision(spec, data), autosize=True, width=None, height=None,
                      # the legend in a row under the picture: it covers no node, and the toolbar no legend
                      legend=dict(orientation="h", x=0.0, xanchor="left", y=-0.01, yanchor="top",
                                  bgcolor="rgba(255,255,255,0)", font=dict(size=12), title=dict(side="left")))
    if not geo:
        frame, outside = view_frame(scene.nodes["x"].to_numpy(float), scene.nodes["y"].to_numpy(float))
        fig.update_xaxes(range=list(frame[0]))
        fig.update_yaxes(range=list(frame[1]))
        if outside and fig.layout.annotations:
            first = fig.layout.annotations[0]
            first.text = (f"{first.text} · {outside:,} outlying actor{'s' if outside != 1 else ''} outside the "
                          f"frame: the autoscale button shows all")
    if spec.selected:
        _apply_centre(fig, scene, spec, relayout, geo)
    return fig, {"key": key, "data": data, "n": len(traces), "gl": gl, "selected": spec.selected}


def _apply_centre(target, scene, spec: ViewSpec, relayout: dict | None, geo: bool) -> None:
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
    ranges = _centre(scene, spec.selected, relayout)
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


# -- numbers ------------------------------------------------------------------------------------


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
    """(the figures line, the view in plain words, the sentence a screen reader announces)."""
    s = _summary_facts(explorer, spec)
    plain = comp.plain_summary(s)
    return comp.summary_text(s), plain, comp.text_of_summary(plain)


def _top_brokers(explorer, spec: ViewSpec, n: int = 5) -> list:
    m = explorer.metrics(spec)
    if m.empty or "betweenness" not in m.columns:
        return [html.Div("No actors in this view.", className="text-muted")]
    top = m.sort_values(["betweenness", "degree"], ascending=False).head(n)
    items = []
    for node, row in top.iterrows():
        where = row.get("country") if isinstance(row.get("country"), str) else ""
        detail = (f"{where} · " if where and where != node else "") + f"on {100 * row['betweenness']:.0f}% of routes"
        items.append(html.Li(comp.pick_button(comp_label(row.get("label", node), 48), str(node), "brokers", detail),
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
                f"For {comp_label(explorer.node_label(spec, sel), 48)}: {_kind_plural(kind)} it has no link with "
                "yet, first those that share the most partners (a partner who has few others counts more) and "
                "themes.", className="small"))
            out.append(html.Ol([html.Li([comp.pick_button(comp_label(r["label"], 48), str(r["id"]), "suggestions"),
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
    name = comp_label(explorer.node_label(spec, sel), 48)
    lost_only = [v for v in G[sel] if G.degree(v) == 1]
    named = cut or lost_only
    return html.Div([
        html.P(what_if_conclusion(name, w, lost_only), className="small mb-1 whatif-conclusion"),
        html.Ul([html.Li(comp.pick_button(comp_label(explorer.node_label(spec, n), 40), n, "what-if"))
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


# -- details -----------------------------------------------------------------------------------


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


# -- table --------------------------------------------------------------------------------------


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


# -- wiring ---------------------------------------------------------------------------------------


def _trigger(triggered_prop_ids: dict, current_query) -> str | None:
    """Which input :func:`sync_view` should answer: the URL on the first call and whenever it changed.

    >>> _trigger({"focus-store.data": "focus-store", "url.search": "url"}, None)
    'url'
    >>> _trigger({"level.value": "level"}, "")
    'level'
    """
    triggered = list(triggered_prop_ids or {})
    if current_query is None or f"{ids.URL}.search" in triggered or not triggered:
        return ids.URL
    first = triggered[0].rsplit(".", 1)[0]
    if first.startswith("{") and f'"type":"{ids.PICK}"' in first.replace(" ", ""):
        return ids.PICK
    return first


def _picked(triggered_id, triggered) -> str | None:
    """The node of the panel entry or search hit that was pressed, or None (entries only drawn anew).

    >>> _picked({"type": "pick", "where": "partners", "node": "FI"}, [{"value": 1}])
    'FI'
    >>> _picked({"type": "pick", "where": "partners", "node": "FI"}, [{"value": None}]) is None
    True
    """
    if not isinstance(triggered_id, dict) or triggered_id.get("type") != ids.PICK:
        return None
    if not triggered or not triggered[0].get("value"):
        return None
    node = triggered_id.get("node")
    return node if isinstance(node, str) and node else None


def _spec(query: str | None) -> ViewSpec:
    return ViewSpec.from_query(query or "")


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


def register(app, sources) -> None:
    """Register every callback of the explorer on ``app`` (never on Dash's global registry).

    ``sources`` (:class:`~.sources.DataSources`) gives each request the Explorer and choices of
    its tab's data token.
    """
    control_ids = list(ids.CONTROL_FIELDS)
    control_outputs = [Output(c, ids.CONTROL_PROPS[c]) for c in control_ids]
    control_inputs = [Input(c, ids.CONTROL_PROPS[c]) for c in control_ids]
    token = State(ids.DATA_TOKEN, "data")

    pickers = (ids.PATH_FROM, ids.PATH_TO)
    pick_input = Input({"type": ids.PICK, "where": ALL, "node": ALL}, "n_clicks")

    @app.callback(
        *control_outputs,
        Output(ids.URL, "search"), Output(ids.SPEC, "data"), Output(ids.EDGE, "data"),
        Output(ids.MESSAGE, "children"), Output(ids.FOCUS_STATUS, "children"),
        # a picker given a value it has no option for would drop it: send the option with the value
        *[Output(pk, "options", allow_duplicate=True) for pk in pickers],
        # the choices of the data in use (on page load and when the tab's data changes)
        *[Output(c, prop, allow_duplicate=True) for c, prop in OPTION_OUTPUTS],
        Input(ids.URL, "search"), *control_inputs,
        Input(ids.NETWORK, "clickData"), Input(ids.MAP, "clickData"),
        Input(ids.NODE_GRID, "selectedRows"), Input(ids.EDGE_GRID, "selectedRows"),
        Input(ids.FOCUS_BUTTON, "n_clicks"), Input(ids.FOCUS_CLEAR, "n_clicks"),
        Input(ids.PATH_CLEAR, "n_clicks"), Input(ids.RESET, "n_clicks"),
        Input(ids.SEARCH, "n_submit"), pick_input,
        Input(ids.DATA_TOKEN, "data"),
        State(ids.SEARCH, "value"), State(ids.SPEC, "data"), State(ids.EDGE, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def _sync(search, *args):
        n = len(control_ids)
        values = dict(zip(control_ids, args[:n]))
        net_click, map_click, node_rows, edge_rows = args[n:n + 4]
        data_token, search_text, current_query, current_edge = args[-4:]
        trigger = _trigger(ctx.triggered_prop_ids, current_query)
        picked = _picked(ctx.triggered_id, ctx.triggered)
        n_options = len(OPTION_OUTPUTS)
        nothing = [no_update] * (n + 5 + len(pickers) + n_options)
        if trigger in (ids.NODE_GRID, ids.EDGE_GRID) and not _grid_row(node_rows if trigger == ids.NODE_GRID
                                                                      else edge_rows):
            return nothing
        if trigger == ids.PICK and picked is None:
            return nothing  # panel entries were drawn anew, none was pressed
        try:
            data = sources.context(data_token)
            if trigger == ids.SEARCH:  # Enter in the search box: the first actor found
                hits = search_options(data.explorer, _spec(current_query), search_text, None)
                if not hits:
                    return nothing
                trigger, picked = ids.PICK, hits[0]["value"]
            u = sync_view(trigger, search, values, data.choices, current_query=current_query,
                          current_edge=current_edge, dataset=data.dataset,
                          click=net_click if trigger == ids.NETWORK else map_click,
                          grid_row=_grid_row(node_rows if trigger == ids.NODE_GRID else edge_rows), picked=picked)
            status = focus_status(data.explorer, u.spec)
            options = [search_options(data.explorer, u.spec, None, u.controls[pk]) if pk in u.controls
                       else no_update for pk in pickers]
            new_data = current_query is None or trigger == ids.DATA_TOKEN
            choice_outputs = control_options(data.choices) if new_data else [no_update] * n_options
        except Exception as exc:  # noqa: BLE001
            log.exception("sync_view failed")
            nothing[n + 3] = comp.alert(failure_message(exc), "danger")
            return nothing
        outs = [u.controls.get(c, no_update) for c in control_ids]
        if u.message:
            msg = comp.alert(u.message, "warning", id="view-message")
        elif trigger in (None, ids.URL, ids.DATA_TOKEN) and u.query is not None:
            msg = None  # a new view was loaded: the last one's message no longer applies
        else:
            msg = no_update
        return outs + [u.search if u.search is not None else no_update,
                       u.query if u.query is not None else no_update,
                       u.edge if u.edge_changed else no_update, msg, status, *options, *choice_outputs]

    counted = list(COUNTED)

    @app.callback(*[Output(c, "options", allow_duplicate=True) for c in counted], Input(ids.SPEC, "data"), token,
                  prevent_initial_call=True)
    @guarded(lambda message: (no_update,) * len(counted))
    def _counts(query, data_token):
        if query is None:
            return (no_update,) * len(counted)
        data = sources.context(data_token)
        opts = counted_options(data.explorer.dataset, _spec(query).graph_part(), data.choices)
        return tuple(opts[c] for c in counted)

    @app.callback(Output(ids.SEARCH_RESULTS, "children"), Input(ids.SEARCH, "value"), State(ids.SPEC, "data"),
                  token, prevent_initial_call=True)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _search_results(text, query, data_token):
        return search_results(sources.explorer(data_token), _spec(query), text)

    for picker in pickers:
        @app.callback(Output(picker, "options", allow_duplicate=True), Input(picker, "search_value"),
                      State(picker, "value"), State(ids.SPEC, "data"), token, prevent_initial_call=True)
        @guarded(lambda message: no_update)
        def _options(text, value, query, data_token):
            return search_options(sources.explorer(data_token), _spec(query), text, value)

    @app.callback(
        Output(ids.NETWORK, "figure"), Output(ids.MAP, "figure"), Output(ids.FIG_META, "data"),
        Output(ids.LEGEND, "children"), Output(ids.SUBTITLE, "children"), Output(ids.FIG_MESSAGE, "children"),
        Output(ids.WARM_POLL, "disabled"),
        Input(ids.SPEC, "data"), Input(ids.WARM_POLL, "n_intervals"),
        State(ids.FIG_META, "data"), State(ids.NETWORK, "relayoutData"), State(ids.MAP, "relayoutData"), token,
    )
    @guarded(lambda message: (no_update, no_update, no_update, no_update, no_update, comp.alert(message, "danger"),
                              True))
    def _figures(query, _tick, meta, net_relayout, map_relayout, data_token):
        if query is None:
            return (no_update,) * 7
        data = sources.context(data_token)
        spec = _spec(query)
        meta = dict(meta or {})
        legend = encoding_legend(spec, data.choices)
        subtitle = view_subtitle(data.explorer, spec)
        if spec.view in ("table", "matrix"):  # the matrix is drawn by slides_panel.register_slides
            return no_update, no_update, no_update, legend, subtitle, None, True
        preparing = preparation(data.explorer, spec)
        if preparing is not None:  # a large level's first layout and metrics run in another process
            return no_update, no_update, no_update, legend, subtitle, preparing, False
        fig, entry = render_figure(data.explorer, spec, meta.get(spec.view),
                                   map_relayout if spec.view == "map" else net_relayout)
        meta[spec.view] = entry
        if spec.view == "map":
            return no_update, fig, meta, legend, subtitle, None, True
        return fig, no_update, meta, legend, subtitle, None, True

    @app.callback(Output(ids.SUMMARY, "children"), Output(ids.SUMMARY_PLAIN, "children"),
                  Output(ids.ANNOUNCE, "children"), Input(ids.SPEC, "data"), token)
    @guarded(lambda message: (message, message, message))
    def _summary(query, data_token):
        if query is None:
            return no_update, no_update, no_update
        return summary_view(sources.explorer(data_token), _spec(query))

    @app.callback(Output(ids.INSIGHTS, "children"), Output(ids.WHATIF_BUTTON, "disabled"),
                  Output(ids.WHATIF, "children"), Input(ids.SPEC, "data"), token)
    @guarded(lambda message: (comp.alert(message, "danger"), True, None))
    def _insights(query, data_token):
        if query is None:
            return no_update, no_update, no_update
        explorer = sources.explorer(data_token)
        spec = _spec(query)
        selected = bool(spec.selected) and spec.selected in explorer.graph(spec)
        hint = "Press the button to compute it." if selected else "Select an actor first."
        return insights_view(explorer, spec), not selected, html.Div(hint, className="small text-muted")

    @app.callback(Output(ids.WHATIF, "children", allow_duplicate=True), Input(ids.WHATIF_BUTTON, "n_clicks"),
                  State(ids.SPEC, "data"), token, prevent_initial_call=True)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _what_if(n_clicks, query, data_token):
        if not n_clicks or query is None:
            return no_update
        return what_if_view(sources.explorer(data_token), _spec(query))

    @app.callback(Output(ids.DETAILS, "children"), Input(ids.SPEC, "data"), Input(ids.EDGE, "data"), token)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _details(query, edge, data_token):
        if query is None:
            return no_update
        return details_panel(sources.explorer(data_token), _spec(query), edge)

    @app.callback(Output(ids.PATH_PANEL, "children"), Input(ids.SPEC, "data"), token)
    @guarded(lambda message: comp.alert(message, "danger"))
    def _path(query, data_token):
        if query is None:
            return no_update
        return path_view(sources.explorer(data_token), _spec(query))

    @app.callback(
        Output(ids.NODE_GRID, "columnDefs"), Output(ids.NODE_GRID, "rowData"),
        Output(ids.EDGE_GRID, "columnDefs"), Output(ids.EDGE_GRID, "rowData"),
        Output(ids.NODE_GRID_BOX, "style"), Output(ids.EDGE_GRID_BOX, "style"),
        Output(ids.TABLE_NOTE, "children"), Output(ids.TABLE_META, "data"), Output("link-actor-box", "style"),
        Input(ids.SPEC, "data"), Input(ids.TABLE_KIND, "value"), Input(ids.LINK_ACTOR, "value"),
        State(ids.TABLE_META, "data"), token,
    )
    @guarded(lambda message: (no_update,) * 6 + (comp.alert(message, "danger"), no_update, no_update))
    def _table(query, kind, actor, shown, data_token):
        if query is None:
            return (no_update,) * 9
        spec = _spec(query)
        if spec.view != "table":
            return (no_update,) * 9  # never ship rows for a tab that is not open
        explorer = sources.explorer(data_token)
        show, hide = {"display": "block"}, {"display": "none"}
        styles = (show, hide) if kind != "links" else (hide, show)
        styles += ({"display": "flex"} if kind == "links" else hide,)
        actor = (actor or "").strip() if kind == "links" else ""
        key = f"{explorer.dataset.fingerprint}|{table_key(spec, kind)}|{actor}"
        if shown == key:
            return (no_update,) * 4 + styles[:2] + (no_update, no_update, styles[2])
        defs, rows, note = table_data(explorer, spec, kind, actor)
        if kind == "links":
            return no_update, no_update, defs, rows, *styles[:2], note, key, styles[2]
        return defs, rows, no_update, no_update, *styles[:2], note, key, styles[2]

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
