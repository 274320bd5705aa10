"""PowerPoint decks open with python-pptx and hold title, a picture filling the slide, sources at 10 pt,
and the view, top actors and attribution in the notes."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from graph_explorer.export.slides import export_slides, top_actors
from graph_explorer.view import ViewSpec


@pytest.fixture(scope="module")
def deck(renderer, explorer, green_spec, export_dir):
    specs = [green_spec, ViewSpec.from_query("level=country&view=map&color=region&size=betweenness")]
    data = export_slides(explorer, specs, titles=["Green cooperation, 2021–2025"], top_n=8)
    (export_dir / "deck-16x9.pptx").write_bytes(data)
    return specs, Presentation(io.BytesIO(data))


def shapes_by_kind(slide):
    pics = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    tables = [s for s in slide.shapes if s.has_table]
    texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    return pics, tables, texts


def test_one_slide_per_view_at_16_9(deck):
    specs, prs = deck
    assert len(prs.slides) == len(specs)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))


def test_slide_holds_title_picture_table_and_sources(deck, explorer):
    specs, prs = deck
    for i, (spec, slide) in enumerate(zip(specs, prs.slides)):
        pics, tables, texts = shapes_by_kind(slide)
        scene = explorer.scene(spec)
        title = "Green cooperation, 2021–2025" if i == 0 else scene.title
        assert slide.shapes.title.text == title
        assert scene.subtitle in texts
        # the picture: a real PNG, not blank, as wide as it is placed (at scale 2)
        assert len(pics) == 1
        pic = pics[0]
        img = Image.open(io.BytesIO(pic.image.blob))
        assert pic.image.content_type == "image/png"
        assert img.size[0] / img.size[1] == pytest.approx(pic.width / pic.height, rel=0.01)
        assert img.size[0] >= 2 * pic.width / 914400 * 144 - 2
        assert img.convert("L").getextrema()[0] < 100
        # the picture fills at least 60% of the slide
        assert pic.width * pic.height >= 0.6 * prs.slide_width * prs.slide_height
        assert not tables
        # the top actors by the view's size metric, in order, in the notes
        notes = slide.notes_slide.notes_text_frame.text
        metric, rows = top_actors(explorer, spec, 8)
        assert f"Top {len(rows)} by {metric.lower()}: " + "; ".join(f"{r}. {a} ({v})" for r, a, v in rows) in notes
        m = explorer.metrics(spec)
        best = m[spec.size].idxmax()
        assert rows[0][1].startswith(explorer.node_label(spec, best)[:10])
        # sources at 10 pt or more, and the view and the data's attribution in the speaker notes
        for source in scene.attribution:
            assert source.removeprefix("Source: ") in texts
            assert source in notes
        src = next(s for s in slide.shapes if s.name == "Sources")
        sizes = {r.font.size.pt for p in src.text_frame.paragraphs for r in p.runs}
        assert sizes and min(sizes) >= 10
        assert spec.to_query() in notes


def test_pictures_and_shapes_stay_on_the_slide(deck):
    _, prs = deck
    for slide in prs.slides:
        for s in slide.shapes:
            assert s.left >= 0 and s.top >= 0
            assert s.left + s.width <= prs.slide_width and s.top + s.height <= prs.slide_height, s.name


@pytest.mark.parametrize(("preset", "size"), [("4:3", (10.0, 7.5)), ("a4", (11.693, 8.268))])
def test_other_slide_sizes(renderer, explorer, green_spec, preset, size):
    prs = Presentation(io.BytesIO(export_slides(explorer, [green_spec], preset=preset, top_n=5, scale=1)))
    assert (prs.slide_width, prs.slide_height) == (Inches(size[0]), Inches(size[1]))
    pics, tables, _ = shapes_by_kind(prs.slides[0])
    assert len(pics) == 1 and not tables
    assert pics[0].width * pics[0].height >= 0.6 * prs.slide_width * prs.slide_height
    assert "Top 5 by" in prs.slides[0].notes_slide.notes_text_frame.text


def test_deck_without_views_is_an_error(explorer):
    from graph_explorer.errors import ExportError

    with pytest.raises(ExportError):
        export_slides(explorer, [])


def test_pictures_have_alt_text_from_the_view_and_the_deck_a_title(deck, explorer):
    """Read as PowerPoint would: the slide XML's alt text (p:cNvPr@descr) and docProps/core.xml."""
    import zipfile

    from lxml import etree

    specs, prs = deck
    # python-pptx's reader for the document properties
    props = prs.core_properties
    assert props.title == "Green cooperation, 2021–2025"
    assert props.subject == "2 views of the cooperation data"
    assert all(s.to_query() in props.comments for s in specs)
    # the package itself for the alt text
    buf = io.BytesIO()
    prs.save(buf)
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    with zipfile.ZipFile(buf) as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
        assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == "Green cooperation, 2021–2025"
        for i, spec in enumerate(specs, start=1):
            slide = etree.fromstring(z.read(f"ppt/slides/slide{i}.xml"))
            (pic,) = slide.findall(".//p:pic/p:nvPicPr/p:cNvPr", ns)
            descr = pic.get("descr")
            scene = explorer.scene(spec)
            assert descr != "image.png" and scene.subtitle in descr
            assert descr.startswith("Map of countries" if spec.view == "map" else "Network of countries")
            _, rows = top_actors(explorer, spec, 5)
            assert all(actor in descr for _, actor, _ in rows)
