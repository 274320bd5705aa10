"""A deck of views built in the app in a real browser: add views, reorder and remove, export one PPTX and
one multi-page PDF; the PPTX opens with python-pptx (three slides, the notes hold each view's URL and the
data's attribution), the PDF with poppler's pdfinfo, and both are rendered to PNG (LibreOffice, pdftoppm)
into test-artifacts/export/ to be looked at."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.browser

VIEWS = ("level=country&backbone=0.2", "level=country&view=matrix",
         "level=country&years=2023-2025&compare=2021-2022", "level=country&theme=green")


def _add(page, base: str, query: str) -> None:
    page.goto(f"{base}/?{query}")
    page.wait_for_function("() => { const s = document.getElementById('summary');"
                           " return s && / actors · /.test(s.textContent); }", timeout=120_000)
    n = page.locator("#deck-list li").count()
    page.get_by_role("button", name="Add this view to the deck").click()
    page.wait_for_function(f"() => document.querySelectorAll('#deck-list li').length === {n + 1}", timeout=30_000)


def _deck(page) -> list[str]:
    return page.locator("#deck-list li").evaluate_all("els => els.map(e => e.dataset.query)")


def test_three_view_deck_from_the_app(page, live_app, renderer, explorer, export_dir):
    page.set_viewport_size({"width": 1600, "height": 1000})
    for q in VIEWS:
        _add(page, live_app, q)
    assert _deck(page) == list(VIEWS)
    # remove the fourth, move the matrix to the front
    page.get_by_role("button", name="Remove view 4").click()
    page.wait_for_function("() => document.querySelectorAll('#deck-list li').length === 3", timeout=30_000)
    page.get_by_role("button", name="Move view 2 up").click()
    page.wait_for_function(f"() => document.querySelector('#deck-list li').dataset.query === '{VIEWS[1]}'",
                           timeout=30_000)
    order = [VIEWS[1], VIEWS[0], VIEWS[2]]
    assert _deck(page) == order
    page.locator(".right-panel").screenshot(path=str(export_dir / "deck-panel.png"))

    with page.expect_download(timeout=240_000) as info:
        page.get_by_role("button", name="Deck as PowerPoint").click()
    pptx = export_dir / "deck-from-app.pptx"
    info.value.save_as(pptx)
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(io.BytesIO(pptx.read_bytes()))
    assert len(prs.slides) == 3
    area = prs.slide_width * prs.slide_height
    for query, slide in zip(order, prs.slides):
        pics = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pics) == 1 and pics[0].width * pics[0].height >= 0.6 * area
        notes = slide.notes_slide.notes_text_frame.text
        assert f"View: {live_app}/?{query}" in notes
        from graph_explorer.view import ViewSpec

        for a in explorer.scene(ViewSpec.from_query(query)).attribution:
            assert a in notes
    if shutil.which("soffice"):  # LibreOffice opens it too, and shows it
        out = export_dir / "deck-from-app-lo"
        out.mkdir(exist_ok=True)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(pptx)],
                       check=True, timeout=240, capture_output=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(out / "deck-from-app.pdf"), str(out / "slide")],
                       check=True, timeout=120)
        assert len(list(out.glob("slide-*.png"))) == 3

    with page.expect_download(timeout=240_000) as info:
        page.get_by_role("button", name="Deck as PDF").click()
    pdf = export_dir / "deck-from-app.pdf"
    info.value.save_as(pdf)
    if shutil.which("pdfinfo"):
        text = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert re.search(r"^Pages:\s+3$", text, re.M), text
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf)).pages) == 3
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(export_dir / "deck-from-app-page")],
                       check=True, timeout=120)
