"""PowerPoint decks: one slide per view, ready to present.

Each slide holds, from top to bottom and left to right:

* the title (a real title placeholder, so it shows in PowerPoint's outline)
  and, under it, the view's filters in words;
* the picture (PNG: python-pptx cannot place SVG), rendered for the space it
  gets on the slide, so its labels and legends are about 9 pt;
* a table of the top actors by the view's size metric (rank, actor with
  country, value);
* the data attribution, and in the speaker notes the view's query string, so
  anyone can open the same view in the app or export it again with
  ``graph-explorer export --view``.

Slide size follows the preset: 16:9 (13.33 × 7.5 in), 4:3 (10 × 7.5 in) or
A4 landscape (29.7 × 21 cm).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from ..errors import ExportError
from ..view import ViewSpec
from .images import DEFAULT_TIMEOUT, export_figure, render_figure, topojson_url
from .presets import ImageSize

__all__ = ["export_slides", "top_actors", "SLIDE_SIZES", "DEFAULT_TOP_N"]

#: Slide width × height in inches, per preset.
SLIDE_SIZES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5), "a4": (11.693, 8.268)}
DEFAULT_TOP_N = 10
#: Layout pixels per inch of slide: at this density the export text sizes come out at ~9-20 pt.
_PX_PER_INCH = 144


def top_actors(explorer, spec: ViewSpec, n: int = DEFAULT_TOP_N,
               max_chars: int = 48) -> tuple[str, list[tuple[int, str, str]]]:
    """(metric label, [(rank, actor, value text)]) — the view's top ``n`` nodes by its size metric."""
    from ..figures.style import metric_label

    m = explorer.metrics(spec)
    col = spec.size if spec.size in m.columns else "degree"
    p = explorer.projection(spec)
    info = p.nodes.set_index("id")
    values = m[col].dropna().sort_values(ascending=False, kind="stable").head(n)
    rows = []
    for i, (node, value) in enumerate(values.items(), start=1):
        label = str(info.at[node, "label"]) if node in info.index else str(node)
        country = info.at[node, "country"] if node in info.index and "country" in info.columns else None
        suffix = f" ({country})" if isinstance(country, str) and country and spec.level != "country" else ""
        room = max(8, max_chars - len(suffix))
        if len(label) > room:
            label = label[:room - 1].rstrip() + "…"
        rows.append((i, label + suffix, _fmt(value)))
    return metric_label(col), rows


def _fmt(v) -> str:
    v = float(v)
    if not math.isfinite(v):
        return "–"
    if v.is_integer():
        return f"{int(v):,}"
    return f"{v:.3g}"


def export_slides(explorer, specs: Sequence[ViewSpec], *, titles: Sequence[str | None] | None = None,
                  preset: str = "16:9", top_n: int = DEFAULT_TOP_N, scale: float = 2.0,
                  timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """A .pptx deck with one slide per view, as bytes.

    Parameters
    ----------
    explorer : Explorer
    specs : list of ViewSpec
        One slide each, in order.
    titles : list of str or None, optional
        Slide titles (None or missing: the view's default title).
    preset : {"16:9", "4:3", "a4"}
        Slide size.
    top_n : int
        Rows of the top-actors table (0: no table).
    scale : float
        Pixel density of the pictures (2: sharp on a projector and when zoomed).
    """
    from pptx import Presentation
    from pptx.util import Inches

    specs = list(specs)
    if not specs:
        raise ExportError("A deck needs at least one view.")
    key = (preset or "16:9").lower()
    if key not in SLIDE_SIZES:
        raise ExportError(f"preset: {preset!r} is not a slide size ({', '.join(SLIDE_SIZES)}).")
    if not 0 <= top_n <= 25:
        raise ExportError(f"top_n: {top_n!r} must be between 0 and 25 (rows that fit on a slide).")
    from .images import warm_up

    warm_up()  # Chromium starts while the first view is computed
    titles = list(titles or [])
    sw, sh = SLIDE_SIZES[key]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(sw), Inches(sh)
    shown = []
    for i, spec in enumerate(specs):
        title = titles[i] if i < len(titles) and titles[i] else None
        shown.append(_add_slide(prs, explorer, spec, title, sw, sh, top_n, scale, timeout))
    _set_properties(prs, shown, specs)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def picture_description(explorer, spec: ViewSpec, scene, n: int = 5) -> str:
    """The alternative text of a view's picture: what it shows, in words, and its largest actors.

    E.g. "Network of countries: Countries · theme: green · 41 actors · 429 links. Largest by degree
    (partners): Spain, Italy, ..." — what a screen reader says instead of the picture.
    """
    what = {"organisation": "organisations", "country": "countries", "bipartite": "cooperations and actors"}
    kind = "Map" if spec.view == "map" else "Network"
    text = f"{kind} of {what.get(spec.level, spec.level)}: {scene.subtitle}."
    if n:
        metric, rows = top_actors(explorer, spec, n)
        if rows:
            text += f" Largest by {metric.lower()}: " + ", ".join(actor for _, actor, _ in rows) + "."
    return text


def _set_properties(prs, slides: list[tuple[str, str]], specs: Sequence[ViewSpec]) -> None:
    """Document properties (File > Properties): title, subject, keywords and the views' queries."""
    props = prs.core_properties
    first_title, first_subtitle = slides[0]
    props.title = first_title
    props.subject = first_subtitle if len(slides) == 1 else f"{len(slides)} views of the cooperation data"
    props.keywords = "vocational education and training; transnational cooperation"
    props.author = props.last_modified_by = "graph_explorer"
    props.comments = "\n".join(f"View: ?{s.to_query()}" if s.to_query() else "View: the default view"
                               for s in specs)[:2000]


def _add_slide(prs, explorer, spec, title, sw, sh, top_n, scale, timeout) -> tuple[str, str]:
    import dataclasses

    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    scene = explorer.scene(spec)
    if title:
        scene = dataclasses.replace(scene, title=title)
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    margin = 0.45
    grey = RGBColor(0x55, 0x55, 0x55)

    # title and the filters in words
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = Inches(margin), Inches(0.25), Inches(sw - 2 * margin), Inches(0.75)
    t.text = scene.title
    tf = t.text_frame
    tf.word_wrap = True
    para = tf.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    # 28 pt, smaller for a long title so it stays on one line (about 0.55 em per character)
    para.runs[0].font.size = Pt(max(18, min(28, int((sw - 2 * margin) * 72 / (0.55 * max(len(scene.title), 1))))))
    para.runs[0].font.bold = True
    sub = slide.shapes.add_textbox(Inches(margin), Inches(0.98), Inches(sw - 2 * margin), Inches(0.4))
    sub.name = "Subtitle"
    sub.text_frame.word_wrap = True
    sub.text_frame.text = scene.subtitle
    sub.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    sub.text_frame.paragraphs[0].runs[0].font.color.rgb = grey

    # the picture, rendered for the box it fills
    top = 1.5
    foot = 0.95
    pic_w = sw * 0.62 - margin if top_n else sw - 2 * margin
    pic_h = sh - top - foot
    size = ImageSize(round(pic_w * _PX_PER_INCH), round(pic_h * _PX_PER_INCH), scale)
    fig = export_figure(explorer, spec, size, scene=scene, decorations=False, text_scale=1.0)
    png = render_figure(fig, "png", size, topojson=topojson_url() if spec.view == "map" else None,
                        timeout=timeout)
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(margin), Inches(top), Inches(pic_w), Inches(pic_h))
    pic.name = "View picture"
    # the alternative text (PowerPoint's "Alt Text"; python-pptx names the picture's file, image.png)
    pic._element.nvPicPr.cNvPr.set("descr", picture_description(explorer, spec, scene))
    pic._element.nvPicPr.cNvPr.set("title", scene.title)

    # the top actors by the size metric
    if top_n:
        left = margin + pic_w + 0.3
        width = sw - left - margin
        # widths from the text (about 0.55 em per character): the metric's name fits its column at 11 pt,
        # and actor names are cut to stay on one line at 10 pt
        from ..figures.style import metric_label

        m_col = spec.size if spec.size in explorer.metrics(spec).columns else "degree"
        value_w = min(max(len(metric_label(m_col)) * 11 * 0.55 / 72 + 0.2, 0.9), 1.7)
        actor_w = width - 0.4 - value_w
        metric, rows = top_actors(explorer, spec, top_n, max_chars=int((actor_w - 0.1) * 72 / 5.5))
        row_h = 0.3
        shape = slide.shapes.add_table(len(rows) + 1, 3, Inches(left), Inches(top), Inches(width),
                                       Inches(row_h * (len(rows) + 1)))
        shape.name = "Top actors"
        table = shape.table
        widths = (0.4, actor_w, value_w)
        for j, w in enumerate(widths):
            table.columns[j].width = Inches(w)
        for j, text in enumerate(("#", "Actor", metric)):
            _cell(table.cell(0, j), text, Pt(11), bold=True)
        for r, (rank, actor, value) in enumerate(rows, start=1):
            _cell(table.cell(r, 0), str(rank), Pt(10))
            _cell(table.cell(r, 1), actor, Pt(10))
            _cell(table.cell(r, 2), value, Pt(10), align_right=True)
        cap = slide.shapes.add_textbox(Inches(left), Inches(top + row_h * (len(rows) + 1) + 0.08), Inches(width),
                                       Inches(0.4))
        cap.name = "Table caption"
        cap.text_frame.word_wrap = True
        cap.text_frame.text = f"Top {len(rows)} by {metric.lower()} in this view"
        cap.text_frame.paragraphs[0].runs[0].font.size = Pt(9)
        cap.text_frame.paragraphs[0].runs[0].font.color.rgb = grey

    # sources
    src = slide.shapes.add_textbox(Inches(margin), Inches(sh - foot + 0.1), Inches(sw - 2 * margin),
                                   Inches(foot - 0.15))
    src.name = "Sources"
    src.text_frame.word_wrap = True
    lines = [a if a.lower().startswith("source") else f"Source: {a}" for a in scene.attribution]
    for k, line in enumerate(lines or ["Source: see the dataset's attribution."]):
        para = src.text_frame.paragraphs[0] if k == 0 else src.text_frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(8)
        run.font.color.rgb = grey

    notes = slide.notes_slide.notes_text_frame
    notes.text = (f"View: {spec.to_query() or '(default view)'}\n"
                  f"Reproduce: graph-explorer export --view '{spec.to_query()}' --format pptx -o slide.pptx")
    return scene.title, scene.subtitle


def _cell(cell, text: str, size, bold: bool = False, align_right: bool = False) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    cell.text = text
    cell.margin_left = cell.margin_right = Inches(0.05)
    cell.margin_top = cell.margin_bottom = Inches(0.02)
    para = cell.text_frame.paragraphs[0]
    if align_right:
        para.alignment = PP_ALIGN.RIGHT
    run = para.runs[0]
    run.font.size = size
    run.font.bold = bold
