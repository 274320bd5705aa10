"""On-picture labels never collide: checked in the SVG that Chromium writes, from each label's text
position and font size (widths measured with the font's own metrics), against each other and against
the node markers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import ImageFont

from graph_explorer.export import export_image
from graph_explorer.figures.labels import place_labels, short_label
from graph_explorer.view import ViewSpec

SVG = "{http://www.w3.org/2000/svg}"


def _translate(el) -> tuple[float, float]:
    m = re.search(r"translate\(([-\d.e]+)[ ,]*([-\d.e]+)?\)", el.get("transform") or "")
    return (float(m.group(1)), float(m.group(2) or 0)) if m else (0.0, 0.0)


def _labels_and_nodes(svg: bytes):
    """(label boxes [x0, y0, x1, y1, text], node discs [x, y, r]) in the plot's pixel space."""
    root = ET.fromstring(svg)
    boxes, discs = [], []
    plot = next(g for g in root.iter(f"{SVG}g") if (g.get("class") or "").split() == ["subplot", "xy"])
    for g in plot.iter(f"{SVG}g"):  # the network's plot, not the size legend beside it
        if g.get("class") == "textpoint":
            t = g.find(f"{SVG}text")
            if t is None or not (t.text or "").strip():
                continue
            size = float(re.search(r"font-size:\s*([\d.]+)px", t.get("style")).group(1))
            dx, dy = _translate(g)
            x, baseline = float(t.get("x")) + dx, float(t.get("y")) + dy
            font = ImageFont.truetype("DejaVuSans.ttf", round(size))
            left, top, right, bottom = font.getbbox(t.text)  # ink box relative to the baseline-anchored origin
            ascent, descent = font.getmetrics()
            w = font.getlength(t.text)
            anchor = t.get("text-anchor") or "start"
            x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
            boxes.append((x0, baseline - ascent, x0 + w, baseline + descent, t.text))
        if g.get("class") == "points":
            for p in g.findall(f"{SVG}path"):
                m = re.match(r"M([\d.]+),0A", p.get("d") or "")
                if m and "point" in (p.get("class") or ""):
                    x, y = _translate(p)
                    discs.append((x, y, float(m.group(1))))
    return boxes, discs


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("query", ["level=country", "level=country&labels=all", "level=country&backbone=0.2"])
def test_no_two_labels_overlap_in_the_exported_svg(renderer, explorer, export_dir, query):
    svg = export_image(explorer, ViewSpec.from_query(query), "svg")
    (export_dir / f"labels-{query.replace('&', '-').replace('=', '-')}.svg").write_bytes(svg)
    boxes, discs = _labels_and_nodes(svg)
    spec = ViewSpec.from_query(query)
    wanted = 55 if spec.labels == "all" else spec.top_n
    assert len(boxes) >= min(wanted, 10), f"only {len(boxes)} labels drawn"
    clashes = [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    assert not clashes, clashes
    assert len(discs) >= 20
    hidden = []
    for b in boxes:
        for x, y, r in discs:
            qx, qy = min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3])
            if (qx - x) ** 2 + (qy - y) ** 2 < (r - 1.0) ** 2:  # 1 px of antialiasing allowed
                hidden.append(b[4])
    assert not hidden, f"labels over nodes: {sorted(set(hidden))}"


def test_placer_keeps_boxes_apart_and_off_nodes():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 1, 60), rng.uniform(0, 1, 60)
    texts = [f"Label number {i}" for i in range(60)]
    p = place_labels(x, y, texts, np.arange(60), 800, 600, (0, 1), (0, 1), font_px=12, radii_px=np.full(60, 5.0),
                     nodes_x=x, nodes_y=y, nodes_r=np.full(60, 5.0))
    boxes = p.boxes[p.keep]
    assert p.keep.sum() >= 30
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not _overlap(boxes[i], boxes[j])
    # every kept box is clear of every node disc
    cx, cy = x * 800, y * 600
    for b in boxes:
        qx, qy = np.clip(cx, b[0], b[2]), np.clip(cy, b[1], b[3])
        assert ((qx - cx) ** 2 + (qy - cy) ** 2 >= 25 - 1e-6).all()


def test_long_bundled_names_are_shortened(bundled):
    names = bundled.actors["name"]
    short = names.map(short_label)
    assert (short.str.len() <= 30).all()
    assert short_label("CYPRUS DIGITAL INNOVATION HUB (CYDIHUB) LTD") == "CYDIHUB"
