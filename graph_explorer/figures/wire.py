"""The network picture on the wire: what a level draws travels once, each view only what changed.

A filter click keeps the level and its layout, so every node stays where it
was: only which nodes and links are shown, and their sizes, colours and hover
figures, change. The page therefore gets, once per level and layout, a
*frame* (:class:`Frame`): the id and position of every node of the level, the
level's links as pairs of node numbers, and the first two lines of each
node's hover text (name, country · kind). For each view it gets a *wire
figure* (:func:`encode`): the figure the server drew
(:func:`~.screen.screen_figure`, the truth), in which every per-point array
that repeats the frame is replaced by a reference into it:

``_nodes``
    in a marker trace whose points are nodes: their numbers in the frame,
    instead of ``x``, ``y`` and ``customdata`` (the ids);
``_links``
    in a link trace: which of the frame's links it draws, instead of ``x``
    and ``y`` (the page chains them into trails for WebGL, as the server
    does — :func:`~.network.trail_points`, a third of the points of a
    segment per link — else segments, NaN-separated);
``_mids``
    in the trace of link midpoints (what a click on a link hits): which
    links, instead of ``x``, ``y`` and ``customdata`` (the two ends);
``{"_heads": 1, "_codes": ...}``
    a hover text array: the frame's heads of the trace's nodes, each
    followed by a tail (the view's figures) from the wire figure's ``table``;
``{"_codes": ...}``
    any other per-point array whose values repeat (marker sizes, symbols,
    opacities): a number per point into ``table``, the distinct values of
    every coded array of the wire figure (traces share most of them); a
    string of the table that begins like the one before it is
    ``[shared characters, the rest]``.

A trace or a label (an annotation) with every key of the one before it is
``{"_like": 1, ...}``: only what differs from that one.

A set of links is ``{"_all": 1}`` (every link of the frame), ``{"_bits": ...}``
(one bit per frame link, little-endian
within a byte) or ``{"_idx": ...}`` (sorted link numbers), whichever is
smaller; numbers travel as typed arrays (:func:`typed`: ``{"dtype", "b64"}``,
little-endian, URL-safe base64). Everything else (labels, the selection, the layout) stays as drawn,
and a trace whose arrays are not the frame's values (a position that differs,
an id the frame lacks) is sent as drawn, so the page always shows the truth.
On the bundled organisation level a filter click sends ~20 KB instead of
~1 MB.

The page's ``window.dash_clientside.graph_explorer.draw`` (assets/wire.js)
rebuilds the figure from the frame and the wire figure;
tests/app/test_wire_browser.py checks in Chromium that the rebuilt figure
draws exactly the server's nodes, links, sizes and hover texts.

>>> from graph_explorer.explorer import Explorer
>>> from graph_explorer.testing import tiny_dataset
>>> from graph_explorer.view import ViewSpec
>>> from graph_explorer.figures.screen import screen_figure
>>> ex = Explorer(tiny_dataset())
>>> spec = ViewSpec(level="country")
>>> frame = frame_of(ex, spec)
>>> links = {}
>>> fig, _ = screen_figure(ex.scene(spec), spec, links=links)
>>> wire = encode(fig, links, ex.scene(spec), frame)
>>> wire["frame"] == frame.key, sorted({k for t in wire["data"] for k in t if k.startswith("_")})
(True, ['_like', '_links', '_mids', '_nodes'])
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .network import trail_points

__all__ = ["Frame", "frame_of", "encode", "decode", "typed", "untyped", "WIRE_VERSION"]

#: Bumped when the wire format changes (part of a frame's key, so a page never mixes two formats).
WIRE_VERSION = 1


def _b64(raw: bytes) -> str:
    # the URL-safe alphabet: the JSON of an answer writes "/" as "\u002f" (six bytes for one)
    return base64.urlsafe_b64encode(raw).decode("ascii")


def typed(values: np.ndarray) -> dict:
    """Numbers as a typed array ``{"dtype", "b64"}`` (little-endian, URL-safe base64), integers in the smallest unsigned type.

    Like plotly's ``{"dtype", "bdata"}`` with the URL-safe alphabet; assets/wire.js reads them.

    >>> typed(np.array([1, 300]))
    {'dtype': 'u2', 'b64': 'AQAsAQ=='}
    """
    a = np.asarray(values)
    if a.dtype.kind in "iub":
        top = int(a.max()) if len(a) else 0
        a = a.astype(np.uint8 if top < 2**8 else np.uint16 if top < 2**16 else np.uint32)
        if len(a) and int(np.asarray(values).min()) < 0:
            raise ValueError("typed(): negative integers")
    elif a.dtype != np.float32:
        a = a.astype(np.float64)
    code = {"u1": "u1", "u2": "u2", "u4": "u4", "f4": "f4", "f8": "f8"}[f"{a.dtype.kind}{a.dtype.itemsize}"]
    return {"dtype": code, "b64": _b64(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes())}


def untyped(value) -> np.ndarray:
    """The array of a typed array (:func:`typed`, or plotly's ``{"dtype", "bdata"}``) or of a plain list.

    >>> untyped(typed(np.array([1, 300]))).tolist()
    [1, 300]
    """
    if isinstance(value, dict) and ("bdata" in value or "b64" in value):
        dtype = {"u1": "<u1", "i1": "<i1", "u2": "<u2", "i2": "<i2", "u4": "<u4", "i4": "<i4",
                 "f4": "<f4", "f8": "<f8"}[value["dtype"]]
        raw = base64.b64decode(value["bdata"]) if "bdata" in value else base64.urlsafe_b64decode(value["b64"])
        out = np.frombuffer(raw, dtype=dtype)
        return out.reshape(value["shape"]) if "shape" in value and isinstance(value["shape"], (list, tuple)) \
            and len(value["shape"]) > 1 else out
    return np.asarray(value)


@dataclass(frozen=True, eq=False)
class Frame:
    """The nodes and links of one level and layout, as the page keeps them (see the module docstring).

    ``ids`` are the level's node ids (frame order), ``x`` and ``y`` their
    positions, ``src`` and ``dst`` the node numbers of each link (source <
    target, as the projection writes them), ``heads`` the first lines of each
    node's hover text.
    """

    key: str
    ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    heads: np.ndarray
    template: dict | None = None
    _node_index: pd.Index = field(default=None, repr=False)
    _pair_keys: np.ndarray = field(default=None, repr=False)
    _pair_order: np.ndarray = field(default=None, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_node_index", pd.Index(self.ids))
        keys = self.src.astype(np.int64) * len(self.ids) + self.dst.astype(np.int64)
        order = np.argsort(keys, kind="stable")
        object.__setattr__(self, "_pair_keys", keys[order])
        object.__setattr__(self, "_pair_order", order)

    def node_numbers(self, ids) -> np.ndarray:
        """The frame numbers of node ``ids`` (-1 for an id the frame lacks)."""
        return self._node_index.get_indexer(pd.Index(np.asarray(ids, dtype=object)))

    def link_numbers(self, sources, targets) -> np.ndarray:
        """The frame numbers of the links ``sources[i]``–``targets[i]`` as written (-1 where the frame lacks one)."""
        return self.pair_numbers(self.node_numbers(sources), self.node_numbers(targets))

    def pair_numbers(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """The frame numbers of the links from frame node ``s[i]`` to ``t[i]`` as written (-1 where the frame lacks
        one, or a node number is -1)."""
        out = np.full(len(s), -1, dtype=np.int64)
        ok = (s >= 0) & (t >= 0)
        if not ok.any() or not len(self._pair_keys):
            return out
        keys = s[ok].astype(np.int64) * len(self.ids) + t[ok].astype(np.int64)
        at = np.searchsorted(self._pair_keys, keys)
        at = np.minimum(at, len(self._pair_keys) - 1)
        found = self._pair_keys[at] == keys
        out[np.flatnonzero(ok)[found]] = self._pair_order[at[found]]
        return out

    def wire(self) -> dict:
        """The frame as the page keeps it (JSON-ready)."""
        return {"key": self.key, "ids": self.ids.tolist(), "x": typed(self.x), "y": typed(self.y),
                "src": typed(self.src), "dst": typed(self.dst), "heads": self.heads.tolist(),
                "template": self.template}


def frame_of(explorer, spec, template: dict | None = None) -> Frame:
    """The frame of ``spec``'s level and layout (cached by the explorer, like every other answer).

    Nodes are the level's (its unfiltered projection, with the positions
    every view of this layout uses), links the level's links; ``template``
    is the plotly template the frame carries for the figures drawn on it.
    """
    from ..layout import layout_spec
    from ..scale import level_spec
    from .scene import level_hover_heads

    base = layout_spec(spec)
    key = f"{WIRE_VERSION}|{explorer.dataset.fingerprint}|{base.to_query()}"

    def compute() -> Frame:
        p = explorer.projection(level_spec(spec))
        pos = explorer.positions(base)
        nodes = p.nodes.reset_index(drop=True)
        xy = pos.reindex(nodes["id"])[["x", "y"]].to_numpy(float)
        number = pd.Index(nodes["id"])
        return Frame(key=key, ids=nodes["id"].to_numpy(object), x=xy[:, 0], y=xy[:, 1],
                     src=number.get_indexer(p.edges["source"]), dst=number.get_indexer(p.edges["target"]),
                     heads=np.asarray(level_hover_heads(explorer.dataset, spec.level, nodes), dtype=object),
                     template=template)

    return explorer.remember(("wire-frame", key), compute)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal arrays (NaN equal to NaN); ``a`` may be the float32 copy of ``b`` that :func:`~.screen.compact` sends."""
    if a.shape != b.shape:
        return False
    if a.dtype == np.float32:
        b = b.astype(np.float32)
    return bool(np.array_equal(a.astype(float), b.astype(float), equal_nan=True))


def _subset(numbers: np.ndarray, n: int) -> dict:
    """A set of frame links: a bitset or the sorted numbers, whichever is smaller."""
    numbers = np.sort(numbers)  # sorted and distinct (a sort: numpy's unique of integers hashes, 20x slower here)
    numbers = numbers[np.r_[True, numbers[1:] != numbers[:-1]]] if len(numbers) else numbers
    if len(numbers) == n:
        return {"_all": 1}
    width = 1 if n < 2**8 else 2 if n < 2**16 else 4
    if len(numbers) * width * 8 < n:
        return {"_idx": typed(numbers)}
    bits = np.zeros(n, dtype=bool)
    bits[numbers] = True
    return {"_bits": _b64(np.packbits(bits, bitorder="little").tobytes())}


class _Table:
    """The distinct values of a wire figure's coded arrays (one table for every trace: they share most)."""

    def __init__(self):
        self.values: list = []
        self._at: dict = {}

    def codes(self, values) -> dict:
        """``{"_codes": typed array}``: each value's number in the table (added if new, in order of first use)."""
        local, distinct = pd.factorize(np.asarray(values, dtype=object) if isinstance(values, list) else values,
                                       use_na_sentinel=False)
        return self.numbered(local, distinct)

    def numbered(self, local: np.ndarray, distinct) -> dict:
        """:meth:`codes` of values already factorized: ``distinct[local]``."""
        at, table = self._at, self.values
        number = np.empty(len(distinct), dtype=np.int64)
        for i, v in enumerate(distinct.tolist()):
            code = at.get(v)
            if code is None:
                code = at[v] = len(table)
                table.append(v)
            number[i] = code
        return {"_codes": typed(number[local])}


def _coded(values, table: _Table) -> dict | None:
    """A per-point array as codes into the wire's table, when its values repeat (sizes, symbols, opacities)."""
    arr = untyped(values)
    if arr.ndim != 1 or len(arr) < 16:
        return None
    if arr.dtype == object:  # texts only (a missing value is not a key): the distinct values are checked
        local, distinct = pd.factorize(arr, use_na_sentinel=False)
        if not all(isinstance(v, str) for v in distinct.tolist()):
            return None
    elif arr.dtype.kind in "iuf":
        arr = arr.astype(float)
        if not np.isfinite(arr).all():
            return None  # NaN is not a key, nor JSON
        local, distinct = pd.factorize(arr + 0.0)  # + 0.0: -0.0 is 0.0, as the table's keys have it
    else:
        return None
    if len(distinct) * 4 > len(arr):
        return None  # mostly distinct: as drawn is smaller
    return table.numbered(local, distinct)


def _hover(values, heads: np.ndarray, table: _Table) -> dict | None:
    """Hover texts that start with the frame's heads: the heads by reference, the tails as codes."""
    texts = untyped(values)
    if texts.dtype != object or len(texts) != len(heads):
        return None
    texts, heads = texts.tolist(), heads.tolist()
    try:
        tails = list(map(str.removeprefix, texts, heads))
    except TypeError:  # a text (or head) that is not a string
        return None
    # every head was taken off its text: a text that does not start with its head keeps its length
    if sum(map(len, tails)) != sum(map(len, texts)) - sum(map(len, heads)):
        return None
    return {"_heads": 1, **table.codes(tails)}


def _code_marker(trace: dict, n: int, table: _Table) -> None:
    marker = trace.get("marker")
    if not isinstance(marker, dict):
        return
    for prop in ("size", "opacity", "symbol", "color"):
        v = marker.get(prop)
        if v is None or isinstance(v, (str, int, float)):
            continue
        arr = untyped(v)
        if arr.ndim == 1 and len(arr) == n:
            coded = _coded(arr, table)
            if coded is not None:
                marker[prop] = coded


def _node_trace(trace: dict, frame: Frame, table: _Table, known: tuple | None = None) -> dict | None:
    """A node trace by reference to the frame's nodes, or None when it is not one. ``known``: (the frame numbers,
    the ids) of the scene's nodes the trace was made to draw; its ids are looked up only when they differ."""
    custom = trace.get("customdata")
    if custom is None or trace.get("type") not in ("scatter", "scattergl") or "markers" not in trace.get("mode", ""):
        return None
    ids = untyped(custom)
    if ids.ndim != 1 or ids.dtype != object:
        return None
    if known is not None and len(known[1]) == len(ids) and np.array_equal(ids, known[1]):
        numbers = known[0]
    elif all(isinstance(v, str) for v in ids):
        numbers = frame.node_numbers(ids)
    else:
        return None
    if (numbers < 0).any() or "x" not in trace or "y" not in trace:
        return None
    if not (_same(untyped(trace["x"]), frame.x[numbers]) and _same(untyped(trace["y"]), frame.y[numbers])):
        return None
    out = {k: v for k, v in trace.items() if k not in ("x", "y", "customdata")}
    out["_nodes"] = typed(numbers)
    if "hovertext" in out and not isinstance(out["hovertext"], str):
        hover = _hover(out["hovertext"], frame.heads[numbers], table)
        if hover is not None:
            out["hovertext"] = hover
    if isinstance(out.get("marker"), dict):
        out["marker"] = dict(out["marker"])
        _code_marker(out, len(numbers), table)
    return out


def _link_trace(trace: dict, rows: np.ndarray, scene, frame: Frame, at: np.ndarray) -> dict | None:
    """A link trace drawing ``rows`` of ``scene.edges`` by reference to the frame's links, or None. ``at``: the frame
    numbers of the scene's nodes."""
    if trace.get("type") not in ("scatter", "scattergl") or trace.get("mode") != "lines":
        return None
    e = scene.edges
    if "u" in e.columns and e.index.equals(pd.RangeIndex(len(e))):  # the rows of each link's ends
        u, v = e["u"].to_numpy()[rows], e["v"].to_numpy()[rows]
        numbers = frame.pair_numbers(np.where(u >= 0, at[u], -1), np.where(v >= 0, at[v], -1))
    else:
        e = e.loc[rows]
        numbers = frame.link_numbers(e["source"], e["target"])
    if (numbers < 0).any():
        return None
    out = {k: v for k, v in trace.items() if k not in ("x", "y")}
    out["_links"] = _subset(numbers, len(frame.src))
    return out


def _midpoints_trace(trace: dict, frame: Frame) -> dict | None:
    custom = trace.get("customdata")
    if trace.get("name") != "link midpoints" or custom is None or trace.get("type") not in ("scatter", "scattergl"):
        return None
    pairs = untyped(custom)
    if pairs.dtype == object and pairs.ndim == 1:
        if not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in pairs):
            return None
        pairs = np.array([list(p) for p in pairs], dtype=object).reshape(-1, 2)
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        return None
    numbers = frame.link_numbers(pairs[:, 0], pairs[:, 1])
    if (numbers < 0).any():
        return None
    s, t = frame.src[numbers], frame.dst[numbers]
    if not (_same(untyped(trace["x"]), (frame.x[s] + frame.x[t]) / 2)
            and _same(untyped(trace["y"]), (frame.y[s] + frame.y[t]) / 2)):
        return None
    order = np.argsort(numbers, kind="stable")
    out = {k: v for k, v in trace.items() if k not in ("x", "y", "customdata")}
    if "hovertext" in out and not isinstance(out["hovertext"], str):
        texts = untyped(out["hovertext"]).tolist()
        out["hovertext"] = [texts[i] for i in order]
    out["_mids"] = _subset(numbers, len(frame.src))
    return out


def encode(fig, links: dict, scene, frame: Frame, nodes: dict | None = None) -> dict:
    """The wire figure of ``fig`` (see the module docstring): ``{"frame", "data", "layout"}``.

    ``fig`` is a figure dict (as :func:`~.screen.screen_figure` makes it, its numbers typed arrays or numpy
    arrays: those sent are converted as the figure's own would have been) or a Figure; ``links`` maps a trace's number
    to the rows of ``scene.edges`` it draws, ``nodes`` (optional) to the positions in ``scene.nodes`` it draws
    (both filled by :func:`~.screen.screen_figure`). When the scene's positions are not the
    frame's, every trace is sent as drawn.
    """
    d = fig if isinstance(fig, dict) else fig.to_dict()
    layout = dict(d.get("layout", {}))
    if frame.template is not None and layout.get("template") == frame.template:
        layout.pop("template")
        layout["_template"] = 1
    ids = scene.nodes["id"].to_numpy(object)
    at = frame.node_numbers(ids)
    placed = not (at < 0).any() and _same(scene.nodes["x"].to_numpy(float), frame.x[at]) \
        and _same(scene.nodes["y"].to_numpy(float), frame.y[at])
    data, table, nodes = [], _Table(), nodes or {}
    for i, trace in enumerate(d.get("data", [])):
        wired = None
        if placed:
            if i in links:
                wired = _link_trace(trace, links[i], scene, frame, at)
            else:
                known = (at[nodes[i]], ids[nodes[i]]) if i in nodes else None
                wired = _node_trace(trace, frame, table, known) or _midpoints_trace(trace, frame)
        if wired is None and i in links and "x" not in trace:  # a link trace to send as drawn: its coordinates
            from .screen import with_link_coordinates

            trace = with_link_coordinates(trace, scene.edges.loc[links[i]])
        data.append(wired if wired is not None else trace)
    from .screen import convert_to_base64

    # what is sent of a figure made without typed arrays (before the traces are compared with the one before)
    convert_to_base64({"data": data, **{k: v for k, v in layout.items() if k != "template"}})
    if isinstance(layout.get("annotations"), list):
        layout["annotations"] = _like_before(layout["annotations"])
    return {"frame": frame.key, "data": _like_before(data), "layout": layout, "table": _front_coded(table.values)}


def _like_before(items: list) -> list:
    """Each dict that has every key of the one before it as ``{"_like": 1, ...}``: only the values that differ
    (the traces of a colour's categories, the labels of a picture share all but a few).

    >>> _like_before([{"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}, {"a": 5}])
    [{'a': 1, 'b': 2}, {'_like': 1, 'b': 3, 'c': 4}, {'a': 5}]
    """
    out, before = [], None
    for item in items:
        if isinstance(item, dict) and isinstance(before, dict) and before.keys() <= item.keys():
            diff = {k: v for k, v in item.items() if k not in before or not _equal(before[k], v)}
            out.append({"_like": 1, **diff} if len(diff) < len(item) else item)
        else:
            out.append(item)
        before = item
    return out


def _equal(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False  # arrays are per item: never shared
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False


def _unlike(items: list) -> list:
    """The list :func:`_like_before` wrote."""
    out: list = []
    for item in items:
        if isinstance(item, dict) and item.get("_like"):
            item = {**out[-1], **{k: v for k, v in item.items() if k != "_like"}}
        out.append(item)
    return out


#: A table string shares at least this many leading characters with the one before it to be front-coded.
FRONT_MIN = 6


def _front_coded(values: list) -> list:
    """The table with each string that begins like the one before it as ``[shared, rest]`` (hover texts
    differ in their last figures: "<br>Degree (partners): 46", "…: 26").

    >>> _front_coded(["<br>Degree: 46", "<br>Degree: 26", 7.5])
    ['<br>Degree: 46', [12, '26'], 7.5]
    """
    out, before = [], None
    for v in values:
        if isinstance(v, str) and isinstance(before, str):
            k = len(os.path.commonprefix([before, v]))
            out.append([k, v[k:]] if k >= FRONT_MIN else v)
        else:
            out.append(v)
        before = v
    return out


def _unfront(coded: list) -> list:
    """The table :func:`_front_coded` wrote."""
    out: list = []
    for v in coded:
        out.append(out[-1][:v[0]] + v[1] if isinstance(v, list) else v)
    return out


def _link_numbers(links: dict, n: int) -> np.ndarray:
    if links.get("_all"):
        return np.arange(n)
    if "_idx" in links:
        return untyped(links["_idx"]).astype(np.int64)
    bits = np.unpackbits(np.frombuffer(base64.urlsafe_b64decode(links["_bits"]), dtype=np.uint8), bitorder="little")
    return np.flatnonzero(bits[:n])


def _link_lines(k: np.ndarray, src, dst, x, y, trail: bool) -> tuple[np.ndarray, np.ndarray]:
    """x and y of the frame's links ``k``: chained into trails for WebGL (:func:`~.network.trail_points`), as
    the server draws them, else a segment each (start, end, NaN)."""
    a, b = src[k].astype(np.int64), dst[k].astype(np.int64)
    if trail:
        which = trail_points(a, b)
        node = np.concatenate([a, b])[np.maximum(which, 0)]
        gap = which < 0
        return np.where(gap, np.nan, x[node]), np.where(gap, np.nan, y[node])
    lx, ly = np.full(3 * len(k), np.nan), np.full(3 * len(k), np.nan)
    lx[0::3], lx[1::3], ly[0::3], ly[1::3] = x[a], x[b], y[a], y[b]
    return lx, ly


def decode(wire: dict, frame: dict) -> dict:
    """The figure (a plotly dict) a wire figure draws on ``frame`` (as :meth:`Frame.wire` wrote it).

    What assets/wire.js does in the page, in Python: the reference the page is
    tested against, and how the tests look at the picture the page shows.
    """
    if "frame" not in wire:
        return wire
    if frame.get("key") != wire["frame"]:
        raise ValueError(f"wire figure of frame {wire['frame']!r} given frame {frame.get('key')!r}")
    ids, heads = np.asarray(frame["ids"], dtype=object), frame["heads"]
    x, y, src, dst = (untyped(frame[k]) for k in ("x", "y", "src", "dst"))
    table = _unfront(wire.get("table", []))

    def values(coded):
        return [table[c] for c in untyped(coded["_codes"]).tolist()]

    data = []
    for t in _unlike(wire["data"]):
        out = dict(t)
        if isinstance(t.get("marker"), dict):
            out["marker"] = {k: values(v) if isinstance(v, dict) and "_codes" in v else v for k, v in t["marker"].items()}
        if "_nodes" in t:
            idx = untyped(out.pop("_nodes")).astype(np.int64)
            out["x"], out["y"], out["customdata"] = x[idx], y[idx], ids[idx]
            if isinstance(t.get("hovertext"), dict) and t["hovertext"].get("_heads"):
                out["hovertext"] = [heads[i] + tail for i, tail in zip(idx.tolist(), values(t["hovertext"]))]
        if "_links" in t:
            k = _link_numbers(out.pop("_links"), len(src))
            out["x"], out["y"] = _link_lines(k, src, dst, x, y, trail=t.get("type") == "scattergl")
        if "_mids" in t:
            k = _link_numbers(out.pop("_mids"), len(src))
            a, b = src[k], dst[k]
            out["x"], out["y"] = (x[a] + x[b]) / 2, (y[a] + y[b]) / 2
            out["customdata"] = [[ids[i], ids[j]] for i, j in zip(a.tolist(), b.tolist())]
        data.append(out)
    layout = dict(wire["layout"])
    if isinstance(layout.get("annotations"), list):
        layout["annotations"] = _unlike(layout["annotations"])
    if layout.pop("_template", None):
        layout["template"] = frame.get("template")
    return {"data": data, "layout": layout}
