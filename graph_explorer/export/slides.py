"""PowerPoint decks: one slide per view, ready to present.

Each slide holds, from top to bottom and left to right:

* the title (a real title placeholder, so it shows in PowerPoint's outline)
  and, under it, the view's filters in words;
* the picture (PNG: python-pptx cannot place SVG) across the slide's width,
  from under the subtitle to over the sources — at least 60% of the slide —
  rendered for that box, so its labels and legends are about 9 pt;
* the data attribution at 10 pt;
* in the speaker notes: the view (its URL when the app exported the deck,
  else its query string), so anyone can open the same view in the app or
  export it again with ``graph-explorer export --view``; the top actors by
  the view's size metric; the data's attribution.

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
#: Size of the sources line (pt): readable on a projected 16:9 slide.
SOURCE_PT = 10
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
                  timeout: float = DEFAULT_TIMEOUT, view_url: str | None = None) -> bytes:
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
        Actors in the speaker notes' top list (0: none).
    scale : float
        Pixel density of the pictures (2: sharp on a projector and when zoomed).
    view_url : str, optional
        The app's address (``http://host:port/``): the notes then hold each view's full URL.
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
        shown.append(_add_slide(prs, explorer, spec, title, sw, sh, top_n, scale, timeout, view_url))
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
    kind = {"map": "Map", "matrix": "Matrix"}.get(spec.view, "Network")
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


def _add_slide(prs, explorer, spec, title, sw, sh, top_n, scale, timeout, view_url=None) -> tuple[str, str]:
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
    t.left, t.top, t.width, t.height = Inches(margin), Inches(0.22), Inches(sw - 2 * margin), Inches(0.68)
    t.text = scene.title
    tf = t.text_frame
    tf.word_wrap = True
    para = tf.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    # 28 pt, smaller for a long title so it stays on one line (bold DejaVu Sans: about 0.64 em per character)
    para.runs[0].font.size = Pt(max(18, min(28, int((sw - 2 * margin) * 72 / (0.64 * max(len(scene.title), 1))))))
    para.runs[0].font.bold = True
    sub = slide.shapes.add_textbox(Inches(margin), Inches(0.88), Inches(sw - 2 * margin), Inches(0.38))
    sub.name = "Subtitle"
    sub.text_frame.word_wrap = True
    sub.text_frame.text = scene.subtitle
    sub.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    sub.text_frame.paragraphs[0].runs[0].font.color.rgb = grey

    # the picture, rendered for the box it fills: the whole width between the margins, from under the
    # subtitle to over the sources (≥ 60% of the slide at 16:9, 4:3 and A4)
    lines = [a if a.lower().startswith("source") else f"Source: {a}" for a in scene.attribution]
    lines = ["  ·  ".join(lines or ["Source: see the dataset's attribution."])]  # one paragraph: fewest lines
    foot = _sources_height(lines, sw - 2 * margin, SOURCE_PT)
    top = 1.28
    pic_w = sw - 2 * margin
    pic_h = sh - top - foot - 0.1
    size = ImageSize(round(pic_w * _PX_PER_INCH), round(pic_h * _PX_PER_INCH), scale)
    fig = export_figure(explorer, spec, size, scene=scene, decorations=False, text_scale=1.0)
    png = render_figure(fig, "png", size, topojson=topojson_url() if spec.view == "map" else None,
                        timeout=timeout)
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(margin), Inches(top), Inches(pic_w), Inches(pic_h))
    pic.name = "View picture"
    # the alternative text (PowerPoint's "Alt Text"; python-pptx names the picture's file, image.png)
    pic._element.nvPicPr.cNvPr.set("descr", picture_description(explorer, spec, scene))
    pic._element.nvPicPr.cNvPr.set("title", scene.title)

    # sources, at least 10 pt
    src = slide.shapes.add_textbox(Inches(margin), Inches(sh - foot), Inches(sw - 2 * margin), Inches(foot - 0.1))
    src.name = "Sources"
    src.text_frame.word_wrap = True
    for k, line in enumerate(lines):
        para = src.text_frame.paragraphs[0] if k == 0 else src.text_frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(SOURCE_PT)
        run.font.color.rgb = grey

    # the speaker notes: the view (its URL, to open it again), the top actors, the data's attribution
    notes = slide.notes_slide.notes_text_frame
    query = spec.to_query()
    text = [f"View: {(view_url or '') + ('?' + query if view_url else query) if query else (view_url or '(default view)')}",
            f"Reproduce: graph-explorer export --view '{query}' --format pptx -o slide.pptx"]
    if top_n:
        metric, rows = top_actors(explorer, spec, top_n)
        text.append(f"Top {len(rows)} by {metric.lower()}: " + "; ".join(f"{r}. {a} ({v})" for r, a, v in rows))
    text.append("Data: " + " · ".join(scene.attribution or ("see the dataset's attribution",)))
    notes.text = "\n".join(text)
    return scene.title, scene.subtitle


def _sources_height(lines: list[str], width_in: float, pt: float) -> float:
    """Inches the sources need at ``pt`` in a box ``width_in`` wide (about 0.48 em per character)."""
    per_line = max(20, int(width_in * 72 / (0.48 * pt)))
    n = sum(max(1, -(-len(x) // per_line)) for x in lines)
    return 0.15 + n * pt * 1.2 / 72
