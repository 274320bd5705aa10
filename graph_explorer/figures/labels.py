"""On-picture labels that never collide: short names and a greedy placer.

Short names
-----------
:func:`short_label` keeps a name that fits; a longer one becomes its acronym
from the data where the name carries one ("… (EURASHE)" → "EURASHE",
"ANIR - ASSOCIAZIONE …" → "ANIR", "EQAVET (European …) network" → "EQAVET
network"), else it is cut at a word boundary with "…".

Placement
---------
No maintained library places labels for plotly: adjustText and textalloc
(PyPI) move matplotlib artists. :func:`place_labels` is a greedy placer in
the picture's pixel space. Labels are taken in priority order (highlighted
first, then by node size); each tries eight spots around its node — above,
below, right, left, then the four corners — at the node's radius plus a gap,
and takes the first whose box overlaps no label already placed and no node
disc (every node of the picture, not only labelled ones) and stays inside
the plot. When none is free (a dense core), rings farther out are tried in
16 directions and the label is joined to its node by a thin leader line. A
label with no free spot at all is left out (its name is one hover or click
away). Boxes are the text's measured width (DejaVu Sans, the pictures'
font, via Pillow's font metrics; an average glyph width when the font is not
installed) by 1.25 × the font size, plus a margin.

The result is the centre of each kept label in data coordinates, drawn with
``textposition="middle center"``, so what is drawn is what was checked.

Examples
--------
>>> short_label("ASSOCIATION EUROPEENNE D'INSTITUTIONS DE L'ENSEIGNEMENT SUPERIEUR (EURASHE)")
'EURASHE'
>>> short_label("ANIR - ASSOCIAZIONE NAZIONALE IMPRESE DELLA RISTORAZIONE")
'ANIR'
>>> short_label("EQAVET (European Quality Assurance Reference Framework for VET) network")
'EQAVET network'
>>> short_label("CMQE Numerics and photonics (Brittany)")
'CMQE Numerics and photonics'
>>> short_label("UNIVERSITY COLLEGE CORK - NATIONAL UNIVERSITY OF IRELAND, CORK")
'UNIVERSITY COLLEGE CORK'
>>> short_label("TOPLICKA AKADEMIJA STRUKOVNIH STUDIJA")
'TOPLICKA AKADEMIJA STRUKOVNIH…'
>>> short_label("Latvia")
'Latvia'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

__all__ = ["short_label", "cut_label", "place_labels", "PlacedLabels", "text_width", "LABEL_HEIGHT_EM", "LABEL_MARGIN_PX"]

#: A label box's height, in em (font size).
LABEL_HEIGHT_EM = 1.25
#: Free space kept around every label box, px.
LABEL_MARGIN_PX = 2.0
_AVERAGE_EM = 0.62  # average glyph width of DejaVu Sans for mixed and capital text, when it cannot be measured

_ACRONYM = r"[A-Z0-9][A-Z0-9&'.\-]{1,11}"
_TRAILING = re.compile(rf"^(?P<head>.+?)\s*\((?P<acr>{_ACRONYM})\)\s*$")
_INNER = re.compile(rf"\((?P<acr>{_ACRONYM})\)")
_LEADING_PAREN = re.compile(rf"^(?P<acr>{_ACRONYM})\s*\([^)]*\)\s*(?P<rest>.*)$")
_DASH = re.compile(r"\s+[-–—]\s+")
_PLACE = re.compile(r"\s*\([^)]*\)\s*$")


def short_label(text: str, limit: int = 30) -> str:
    """A name short enough for a picture (see the module docstring)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    m = _LEADING_PAREN.match(text)
    if m:
        cand = f"{m.group('acr')} {m.group('rest')}".strip()
        if len(cand) <= limit:
            return cand
    m = _TRAILING.match(text)
    if m and not m.group("acr").isdigit():
        return m.group("acr")
    m = _INNER.search(text)
    if m and not m.group("acr").isdigit():
        return m.group("acr")
    parts = _DASH.split(text)
    if len(parts) > 1 and 2 <= len(parts[0]) <= limit:
        return parts[0]
    return cut_label(_PLACE.sub("", text), limit)


def cut_label(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with "…" (no acronym: for lists and panels).

    >>> cut_label("TOPLICKA AKADEMIJA STRUKOVNIH STUDIJA", 30)
    'TOPLICKA AKADEMIJA STRUKOVNIH…'
    >>> cut_label("Latvia")
    'Latvia'
    """
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[len(cut)] != " " and " " in cut[limit // 2:]:  # mid-word: back to the last whole word
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–") + "…"


@functools.lru_cache(maxsize=8)
def _font(size_px: int):
    try:
        from PIL import ImageFont

        return ImageFont.truetype("DejaVuSans.ttf", size_px)
    except Exception:  # noqa: BLE001 - Pillow or the font missing: estimate instead
        return None


def text_width(text: str, font_px: float) -> float:
    """Width in px of ``text`` in DejaVu Sans at ``font_px`` (measured; estimated without the font).

    >>> 30 < text_width("Italy", 18) < 50
    True
    """
    font = _font(max(1, int(round(font_px))))
    if font is None:
        return _AVERAGE_EM * font_px * len(text)
    return float(font.getlength(text)) * font_px / max(1, int(round(font_px)))


@dataclass(frozen=True)
class PlacedLabels:
    keep: np.ndarray  # bool per candidate
    x: np.ndarray  # centre of each label, data units (NaN where not kept)
    y: np.ndarray
    boxes: np.ndarray  # (n, 4) x0, y0, x1, y1 in px (y up), NaN where not kept
    leader: np.ndarray  # bool: placed away from its node, with a leader line


# offsets (dx, dy) of a box centre in units of (half box width + radius, half box height + radius)
_SPOTS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
_ANGLES = np.radians(np.arange(0, 360, 22.5))
#: Farther rings (in label heights beyond the node) tried when no spot next to the node is free.
_RINGS = (1.5, 3.0, 4.5, 6.5, 9.0)
#: With more candidates than this, only the spots next to the node are tried (time stays linear).
_RING_MAX_LABELS = 200


class _Discs:
    """Node discs (x, y, radius; px) that label boxes must keep off, answered mostly without measuring.

    Two pictures of the plot in cells of a pixel or more, as summed-area tables: the pixels surely inside a disc
    (inside the square inscribed in it) and the pixels its bounding square touches. A box over a pixel of the
    first surely overlaps a disc; a box over none of the second surely overlaps none; only the others are
    measured against the discs near them (the dense core of a large network has most boxes of the first kind).
    """

    #: At most about this many cells: a large export's picture is read at a few pixels per cell.
    MAX_CELLS = 400_000

    def __init__(self, discs: np.ndarray, width_px: float, height_px: float):
        self.discs = discs[np.argsort(discs[:, 0], kind="stable")]  # by x: the discs near a box are a slice
        self.reach = float(self.discs[:, 2].max()) if len(discs) else 0.0
        self.px = max(1.0, float(np.sqrt(max(width_px, 1) * max(height_px, 1) / self.MAX_CELLS)))  # px per cell
        self.shape = (int(np.ceil(max(height_px, 0) / self.px)) + 1, int(np.ceil(max(width_px, 0) / self.px)) + 1)
        x, y, r = self.discs[:, 0] / self.px, self.discs[:, 1] / self.px, self.discs[:, 2] / self.px
        self.touch = self._table(np.floor(x - r), np.floor(x + r), np.floor(y - r), np.floor(y + r))
        half = r / np.sqrt(2) - 1e-6  # a cell inside this square is inside the disc by more than rounding
        self.inside = self._table(np.ceil(x - half), np.floor(x + half) - 1, np.ceil(y - half),
                                  np.floor(y + half) - 1)

    def _table(self, c0, c1, r0, r1) -> np.ndarray:
        """The summed-area table of the cell rectangles [c0, c1] × [r0, r1] (inclusive; clipped to the plot)."""
        h, w = self.shape
        ok = np.isfinite(c0) & np.isfinite(r0) & (c1 >= 0) & (r1 >= 0) & (c0 <= w - 1) & (r0 <= h - 1) \
            & (c1 >= c0) & (r1 >= r0)
        c0, c1 = np.clip(c0[ok], 0, w - 1).astype(np.int64), np.clip(c1[ok], 0, w - 1).astype(np.int64)
        r0, r1 = np.clip(r0[ok], 0, h - 1).astype(np.int64), np.clip(r1[ok], 0, h - 1).astype(np.int64)
        # +1 at each rectangle's top left and bottom right corner, -1 at the other two (one bincount: ufunc.at is slow)
        corners = np.concatenate([r0 * (w + 1) + c0, r0 * (w + 1) + c1 + 1, (r1 + 1) * (w + 1) + c0,
                                  (r1 + 1) * (w + 1) + c1 + 1])
        signs = np.repeat(np.array([1.0, -1.0, -1.0, 1.0]), len(c0))
        marks = np.bincount(corners, signs, minlength=(h + 1) * (w + 1)).astype(np.int32).reshape(h + 1, w + 1)
        covered = (marks.cumsum(axis=0).cumsum(axis=1)[:h, :w] > 0).astype(np.int32)
        table = np.zeros((h + 1, w + 1), dtype=np.int32)
        table[1:, 1:] = covered.cumsum(axis=0).cumsum(axis=1)
        return table

    def _any(self, table, c0, c1, r0, r1) -> np.ndarray:
        h, w = self.shape
        c0, c1 = np.clip(c0, 0, w - 1).astype(np.int64), np.clip(c1, 0, w - 1).astype(np.int64)
        r0, r1 = np.clip(r0, 0, h - 1).astype(np.int64), np.clip(r1, 0, h - 1).astype(np.int64)
        total = table[r1 + 1, c1 + 1] - table[r0, c1 + 1] - table[r1 + 1, c0] + table[r0, c0]
        return total > 0

    def first_clear(self, boxes: np.ndarray, ok: np.ndarray) -> int:
        """The first box (x0, y0, x1, y1 rows, inside the plot) with ``ok`` that overlaps no disc; -1 if none."""
        if not len(self.discs):
            return int(np.argmax(ok)) if ok.any() else -1
        x0, y0, x1, y1 = (boxes[:, i] / self.px for i in range(4))
        # cells sharing area with the box's inside: columns floor(x0) .. ceil(x1) - 1
        surely = self._any(self.inside, np.floor(x0), np.ceil(x1) - 1, np.floor(y0), np.ceil(y1) - 1)
        clear = ~self._any(self.touch, np.floor(x0), np.floor(x1), np.floor(y0), np.floor(y1))
        ok = ok & ~surely
        first = np.flatnonzero(ok & clear)
        end = first[0] if len(first) else len(boxes)
        unsure = np.flatnonzero(ok[:end] & ~clear[:end])
        if len(unsure):
            ok[unsure[self._measured(boxes[unsure])]] = False
            found = np.flatnonzero(ok[:end])
            if len(found):
                return int(found[0])
        return int(end) if end < len(boxes) else -1

    def _measured(self, b: np.ndarray) -> np.ndarray:
        """True for each box that overlaps a disc, measured against every disc near the boxes."""
        reach = self.reach
        lo, hi = np.searchsorted(self.discs[:, 0], [b[:, 0].min() - reach, b[:, 2].max() + reach])
        near = self.discs[lo:hi]
        near = near[(near[:, 1] > b[:, 1].min() - reach) & (near[:, 1] < b[:, 3].max() + reach)]
        if not len(near):
            return np.zeros(len(b), dtype=bool)
        # the nearest point of each box to each disc centre, closer than the disc's radius → overlap
        qx = np.clip(near[None, :, 0], b[:, None, 0], b[:, None, 2])
        qy = np.clip(near[None, :, 1], b[:, None, 1], b[:, None, 3])
        return ((qx - near[None, :, 0]) ** 2 + (qy - near[None, :, 1]) ** 2 < near[None, :, 2] ** 2 - 1e-9).any(axis=1)


def _first_free(boxes: np.ndarray, width_px, height_px, placed: np.ndarray, discs: _Discs) -> int:
    """The first of ``boxes`` (x0, y0, x1, y1 rows) inside the plot, clear of the ``placed`` boxes and of every
    disc; -1 if none is."""
    ok = (boxes[:, 0] >= 0) & (boxes[:, 1] >= 0) & (boxes[:, 2] <= width_px) & (boxes[:, 3] <= height_px)
    if len(placed) and ok.any():
        ok &= ~((boxes[:, None, 2] > placed[None, :, 0]) & (boxes[:, None, 0] < placed[None, :, 2])
                & (boxes[:, None, 3] > placed[None, :, 1]) & (boxes[:, None, 1] < placed[None, :, 3])).any(axis=1)
    return discs.first_clear(boxes, ok) if ok.any() else -1


def place_labels(x, y, texts, order, width_px, height_px, xrange, yrange, font_px=11, radii_px=None,
                 nodes_x=None, nodes_y=None, nodes_r=None, gap_px: float = 2.0) -> PlacedLabels:
    """Place labels greedily without overlap (see the module docstring).

    Parameters
    ----------
    x, y : arrays
        The labelled nodes, data units.
    texts : list of str
    order : array of int
        Priority order (first placed first).
    width_px, height_px, xrange, yrange
        The plot area in px and the axis ranges it shows (one data unit may
        differ in x and y).
    radii_px : array, optional
        Each labelled node's marker radius, px (default 0).
    nodes_x, nodes_y, nodes_r : arrays, optional
        Every node drawn (data units, radius px): labels keep off them.
    """
    n = len(texts)
    keep = np.zeros(n, dtype=bool)
    cx_out = np.full(n, np.nan)
    cy_out = np.full(n, np.nan)
    boxes_out = np.full((n, 4), np.nan)
    if n == 0:
        return PlacedLabels(keep, cx_out, cy_out, boxes_out, np.zeros(0, dtype=bool))
    sx = width_px / max(xrange[1] - xrange[0], 1e-12)
    sy = height_px / max(yrange[1] - yrange[0], 1e-12)
    px = (np.asarray(x, float) - xrange[0]) * sx
    py = (np.asarray(y, float) - yrange[0]) * sy
    r = np.zeros(n) if radii_px is None else np.asarray(radii_px, float)
    if nodes_x is not None:
        nx_ = (np.asarray(nodes_x, float) - xrange[0]) * sx
        ny_ = (np.asarray(nodes_y, float) - yrange[0]) * sy
        nr = np.asarray(nodes_r, float)
        ok = np.isfinite(nx_) & np.isfinite(ny_)
        discs = np.c_[nx_[ok], ny_[ok], nr[ok]]
    else:
        discs = np.empty((0, 3))
    h = LABEL_HEIGHT_EM * font_px
    m = LABEL_MARGIN_PX
    leader = np.zeros(n, dtype=bool)
    placed = np.empty((0, 4))  # the boxes placed so far
    rings = _RINGS if n <= _RING_MAX_LABELS else ()
    near_unit = np.array(_SPOTS, dtype=float)
    cos_a, sin_a = np.cos(_ANGLES), np.sin(_ANGLES)
    grid = _Discs(discs, width_px, height_px)
    for i in order:
        if not (np.isfinite(px[i]) and np.isfinite(py[i])):
            continue
        w = text_width(texts[i], font_px)
        # the spots to try, in order: next to the node, then each farther ring (with a leader line)
        tries = [(px[i] + near_unit[:, 0] * (w / 2 + r[i] + gap_px), py[i] + near_unit[:, 1] * (h / 2 + r[i] + gap_px),
                  False)]
        for ring in rings:
            d = r[i] + gap_px + ring * h
            tries.append((px[i] + cos_a * (w / 2 + d), py[i] + sin_a * (h / 2 + d), True))
        for cx, cy, far in tries:
            k = _first_free(np.column_stack([cx - w / 2 - m, cy - h / 2 - m, cx + w / 2 + m, cy + h / 2 + m]),
                            width_px, height_px, placed, grid)
            if k < 0:
                continue
            box = (cx[k] - w / 2 - m, cy[k] - h / 2 - m, cx[k] + w / 2 + m, cy[k] + h / 2 + m)
            placed = np.vstack([placed, box])
            keep[i] = True
            cx_out[i] = xrange[0] + cx[k] / sx
            cy_out[i] = yrange[0] + cy[k] / sy
            boxes_out[i] = box
            leader[i] = far
            break
    return PlacedLabels(keep, cx_out, cy_out, boxes_out, leader)
