"""Colours, fonts and labels shared by every figure (screen and export)."""

from __future__ import annotations

import math

__all__ = ["CATEGORY_PALETTE", "COMMUNITY_PALETTE", "REGION_COLORS", "OTHER_COLOR", "EDGE_COLOR", "HIGHLIGHT_COLOR", "FONT",
           "metric_label", "fmt"]

#: Okabe–Ito (colour-blind safe) first, then Tableau-like tones for more categories.
CATEGORY_PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF",
)
#: Each region keeps its colour whatever the filter, so pictures can be compared.
REGION_COLORS = {
    "Baltic": "#0072B2",
    "Nordic": "#56B4E9",
    "Western": "#E69F00",
    "Southern": "#D55E00",
    "Central and Eastern": "#009E73",
    "Western Balkans": "#CC79A7",
    "Other": "#7F7F7F",
}
#: Communities: the palette above, then Kelly's colours of maximum contrast (greys and the highlight red left
#: out), so that the 25 largest communities each get their own colour.
COMMUNITY_PALETTE = CATEGORY_PALETTE + (
    "#875692", "#A1CAF1", "#C2B280", "#008856", "#E68FAC", "#F99379", "#604E97", "#B3446C", "#DCD300",
    "#882D17", "#8DB600", "#654522", "#2B3D26",
)
OTHER_COLOR = "#B0B0B0"
EDGE_COLOR = "rgba(90, 100, 120, {alpha})"
HIGHLIGHT_COLOR = "#D62728"
FONT = "DejaVu Sans, Arial, sans-serif"

#: Metric names in words come from the metric registry (:data:`graph_explorer.analysis.metrics.METRICS`).
from ..analysis.metrics import metric_label  # noqa: E402


def fmt(v, digits: int = 3) -> str:
    """A number for people: thousands separators for counts, 3 significant digits otherwise.

    >>> fmt(27733), fmt(0.020431), fmt(2.0), fmt(None), fmt(float("nan"))
    ('27,733', '0.0204', '2', '–', '–')
    """
    if v is None or isinstance(v, bool):
        return "–" if v is None else str(v)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not math.isfinite(f):
        return "–"
    if f.is_integer() and abs(f) < 1e15:
        return f"{int(f):,}"
    return f"{f:.{digits}g}"
