"""PNG, SVG and PDF exports: opened and checked, not just written.

Each picture is also saved under test-artifacts/export/ so a person can look.
"""

from __future__ import annotations

import io
import os
import re
import signal
import time

import numpy as np
import pytest
from defusedxml import ElementTree
from PIL import Image

from graph_explorer.errors import ExportError
from graph_explorer.export import images
from graph_explorer.export.images import export_image
from graph_explorer.export.presets import PRESETS, resolve_size
from graph_explorer.view import ViewSpec

TITLE = "Cooperation in vocational education and training"


def png_image(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return Image.open(io.BytesIO(data))


def assert_not_blank(img: Image.Image) -> None:
    """A real picture: grey levels vary, and a good share of pixels is not background."""
    a = np.asarray(img.convert("L"), dtype=float)
    assert a.std() > 8, f"blank-looking image (grey std {a.std():.2f})"
    assert (a < 200).mean() > 0.01, "almost nothing drawn"


def svg_text(data: bytes) -> str:
    root = ElementTree.fromstring(data)
    return " ".join(t for t in root.itertext())


def squash(text: str) -> str:
    """Text without whitespace: wrapped lines of the sources compare equal to the one-line original."""
    return "".join(text.split())


# -- PNG -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", list(PRESETS))
def test_png_has_preset_size_and_is_not_blank(renderer, explorer, green_spec, export_dir, preset):
    data = export_image(explorer, green_spec, "png", preset=preset)
    (export_dir / f"green-{preset.replace(':', 'x')}.png").write_bytes(data)
    img = png_image(data)
    assert img.size == (PRESETS[preset].width, PRESETS[preset].height)
    assert_not_blank(img)


@pytest.mark.parametrize(("preset", "scale"), [("16:9", 2), ("4:3", 1.5)])
def test_png_scale_multiplies_the_pixels(renderer, explorer, green_spec, preset, scale):
    img = png_image(export_image(explorer, green_spec, "png", preset=preset, scale=scale))
    assert img.size == resolve_size(preset, scale=scale).pixels
    assert img.size == (round(PRESETS[preset].width * scale), round(PRESETS[preset].height * scale))
    assert_not_blank(img)


def test_png_custom_size_at_scale_4(renderer, explorer, green_spec):
    img = png_image(export_image(explorer, green_spec, "png", width=800, height=500, scale=4))
    assert img.size == (3200, 2000)
    assert_not_blank(img)


def test_transparent_png_has_a_clear_background(renderer, explorer, green_spec):
    img = png_image(export_image(explorer, green_spec, "png", width=800, height=450, transparent=True))
    assert img.mode == "RGBA"
    alpha = np.asarray(img)[..., 3]
    assert alpha[0, :].max() == 0 and alpha[:, -1].max() == 0, "corners should be transparent"
    assert (alpha > 0).mean() > 0.01, "the drawing itself must be opaque"
    white = png_image(export_image(explorer, green_spec, "png", width=800, height=450))
    assert np.asarray(white.convert("RGB"))[0, 0].tolist() == [255, 255, 255]


def test_organisation_level_png(renderer, explorer, export_dir):
    data = export_image(explorer, ViewSpec(), "png")
    (export_dir / "organisations-16x9.png").write_bytes(data)
    img = png_image(data)
    assert img.size == (1920, 1080)
    assert_not_blank(img)


def test_map_png(renderer, explorer, export_dir):
    data = export_image(explorer, ViewSpec.from_query("level=country&view=map&color=region"), "png")
    (export_dir / "map-countries-16x9.png").write_bytes(data)
    img = png_image(data)
    assert img.size == (1920, 1080)
    # the offline map outlines were drawn: the sea colour of the map is present
    rgb = np.asarray(img.convert("RGB")).reshape(-1, 3)
    sea = (np.abs(rgb.astype(int) - [0xEA, 0xF2, 0xF8]).sum(axis=1) < 6).mean()
    assert sea > 0.02, "no sea: the map outlines (topojson) did not load"


# -- SVG -------------------------------------------------------------------------------------------


def test_svg_has_title_filters_legends_and_sources(renderer, explorer, green_spec, export_dir):
    data = export_image(explorer, green_spec, "svg")
    (export_dir / "green-16x9.svg").write_bytes(data)
    root = ElementTree.fromstring(data)
    assert root.tag.endswith("svg")
    assert root.get("width") == "1920" and root.get("height") == "1080"
    text = svg_text(data)
    scene = explorer.scene(green_spec)
    assert TITLE in text
    assert "Countries · theme: green · 2021–2025" in text
    assert "Colour: Region" in text
    for item in scene.legend:
        assert f"{item.label} ({item.count:,})" in text
    assert "Size: Degree (partners)" in text
    for source in scene.attribution:
        assert squash(source) in squash(text)
    assert "CC BY 4.0" in text
    assert b"<image" not in data, "vector export must not embed raster images (WebGL)"


def test_svg_of_a_large_graph_is_vector_and_compact(renderer, explorer):
    data = export_image(explorer, ViewSpec(), "svg")
    assert b"<image" not in data
    assert len(data) < 4_000_000, "links should be drawn as a few paths, not one element each"
    assert TITLE in svg_text(data)


def test_svg_map_uses_local_outlines(renderer, explorer):
    data = export_image(explorer, ViewSpec.from_query("level=country&view=map&color=pagerank"), "svg")
    assert b"layer countries" in data and b"<image" not in data
    text = svg_text(data)
    assert "Colour: PageRank" in text and "Size: Degree (partners)" in text
    urls = set(re.findall(rb"https?://[^\"'<> )]+", data))
    allowed = {b"http://www.w3.org/2000/svg", b"http://www.w3.org/1999/xlink"}
    # only the namespaces and the sources' own citations (text) appear
    assert all(u in allowed or u in b" ".join(s.encode() for s in explorer.scene(
        ViewSpec.from_query("level=country&view=map")).attribution) for u in urls)


# -- PDF -------------------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def pdf_media_box(data: bytes) -> tuple[float, float]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    assert boxes, "no MediaBox"
    x0, y0, x1, y1 = map(float, boxes[0])
    return x1 - x0, y1 - y0


@pytest.mark.parametrize("preset", list(PRESETS))
def test_pdf_has_one_page_of_the_preset_aspect(renderer, explorer, green_spec, export_dir, preset):
    data = export_image(explorer, green_spec, "pdf", preset=preset)
    (export_dir / f"green-{preset.replace(':', 'x')}.pdf").write_bytes(data)
    assert data.startswith(b"%PDF-")
    assert pdf_pages(data) == 1
    w, h = pdf_media_box(data)
    p = PRESETS[preset]
    assert w / h == pytest.approx(p.width / p.height, rel=0.01)
    assert w == pytest.approx(p.width / p.dpi * 72, rel=0.005)  # the preset's inches → pt
    assert re.search(rb"/Title\s*\(Cooperation in vocational education and training\)", data)


def test_a4_pdf_is_a_real_a4_page_whatever_the_scale(renderer, explorer, green_spec, export_dir):
    import pypdf

    for scale in (1, 3):
        data = export_image(explorer, green_spec, "pdf", preset="a4", scale=scale)
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        mm = (float(box.width) / 72 * 25.4, float(box.height) / 72 * 25.4)
        assert mm == pytest.approx((297, 210), abs=1.0), mm  # landscape A4 (was 464 × 328 mm)
        assert "Cooperation in vocational education and training" in reader.pages[0].extract_text()
    (export_dir / "green-a4-real.pdf").write_bytes(data)


@pytest.mark.parametrize(("preset", "scale", "dpi"), [("16:9", 1, 144), ("a4", 1, 150), ("a4", 2, 300)])
def test_png_records_its_density(renderer, explorer, green_spec, preset, scale, dpi):
    data = export_image(explorer, green_spec, "png", preset=preset, scale=scale)
    img = png_image(data)
    assert img.info["dpi"] == pytest.approx((dpi, dpi), abs=0.05)  # stored as pixels per metre
    # at that density the picture prints at the preset's size
    assert img.size[0] / img.info["dpi"][0] == pytest.approx(PRESETS[preset].width / PRESETS[preset].dpi, rel=1e-3)


# -- the renderer ----------------------------------------------------------------------------------


def test_one_warm_browser_is_reused(renderer, explorer, green_spec):
    export_image(explorer, green_spec, "png", width=640, height=360)
    pid = images.renderer_pid()
    assert pid is not None
    t = time.perf_counter()
    export_image(explorer, green_spec, "png", width=640, height=360)
    assert images.renderer_pid() == pid
    assert time.perf_counter() - t < 5


def test_renderer_page_loads_nothing_from_outside(renderer, explorer, green_spec):
    from pathlib import Path
    from urllib.parse import urlsplit

    export_image(explorer, green_spec, "png", width=640, height=360)
    index = images._HANDLE.renderer.kaleido._index
    html = Path(urlsplit(index).path).read_text()
    assert "http://" not in html and "https://" not in html, "MathJax or plotly.js from a CDN"
    assert "mathjax" not in html.lower()


def test_next_export_works_after_chromium_was_killed(renderer, explorer, green_spec):
    export_image(explorer, green_spec, "png", width=640, height=360)
    pid = images.renderer_pid()
    os.kill(pid, signal.SIGKILL)
    img = png_image(export_image(explorer, green_spec, "png", width=640, height=360))
    assert img.size == (640, 360)
    assert images.renderer_pid() not in (None, pid)


def test_chromium_dying_during_an_export_is_retried_once(renderer, explorer, green_spec, monkeypatch):
    export_image(explorer, green_spec, "png", width=640, height=360)
    real_render = images._Renderer.render
    killed = []

    def render_and_die(self, *args, **kwargs):
        if not killed:  # the first attempt: Chromium dies while the export is under way
            killed.append(self.pid)
            os.kill(self.pid, signal.SIGKILL)
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(images._Renderer, "render", render_and_die)
    restarts = images._HANDLE.restarts
    img = png_image(export_image(explorer, green_spec, "png", width=640, height=360))
    assert img.size == (640, 360)
    assert_not_blank(img)
    assert killed and images._HANDLE.restarts == restarts + 1
    assert images.renderer_pid() != killed[0]


def test_a_render_that_times_out_raises_and_the_next_works(renderer, explorer, green_spec):
    with pytest.raises(ExportError, match="longer than"):
        export_image(explorer, ViewSpec(), "png", timeout=0.01)
    img = png_image(export_image(explorer, green_spec, "png", width=640, height=360))
    assert img.size == (640, 360)


def test_without_a_browser_the_error_says_how_to_install_chromium(no_browser, explorer, green_spec):
    t = time.perf_counter()
    with pytest.raises(ExportError) as info:
        export_image(explorer, green_spec, "png")
    assert time.perf_counter() - t < 10, "must fail fast, never hang"
    message = str(info.value)
    assert "apt-get install chromium" in message
    # nothing that downloads a browser (the app works offline): no plotly_get_chrome, no brew cask
    assert "plotly_get_chrome" not in message and "brew" not in message and "download" not in message


def test_plotly_get_chrome_errors_become_install_advice():
    err = RuntimeError("Kaleido requires Google Chrome ... run `plotly_get_chrome`")
    assert images._browser_error(err) == images.NO_BROWSER_MESSAGE


def test_bad_format_and_sizes_are_export_errors(explorer, green_spec):
    with pytest.raises(ExportError, match="format"):
        export_image(explorer, green_spec, "gif")
    with pytest.raises(ExportError, match="scale"):
        export_image(explorer, green_spec, "png", scale=5)
    with pytest.raises(ExportError, match="width"):
        export_image(explorer, green_spec, "png", width=10)


def test_concurrent_exports_share_the_browser(renderer, explorer, green_spec):
    """The app's worker threads export at the same time: renders queue on the one warm browser."""
    from concurrent.futures import ThreadPoolExecutor

    export_image(explorer, green_spec, "png", width=640, height=360)
    pid = images.renderer_pid()
    sizes = [(640, 360), (800, 450), (700, 500), (1000, 320)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda wh: export_image(explorer, green_spec, "png", width=wh[0], height=wh[1]),
                                 sizes))
    assert [png_image(r).size for r in results] == sizes
    assert images.renderer_pid() == pid


def test_far_away_components_do_not_shrink_the_picture(explorer):
    """The force layout puts small separate groups far out; the export frames the bulk and says so."""
    from graph_explorer.export.presets import resolve_size

    spec = ViewSpec()
    scene = explorer.scene(spec)
    fig = images.export_figure(explorer, spec, resolve_size("16:9"), scene=scene)
    xr = fig.layout.xaxis.range
    x = scene.nodes["x"].to_numpy(float)
    inside = ((x >= xr[0]) & (x <= xr[1])).mean()
    assert inside > 0.97
    notes = [a.text for a in fig.layout.annotations if "outside the frame" in (a.text or "")]
    assert len(notes) == 1 and int(notes[0].split()[0].replace(",", "")) == len(x) - int(
        ((x >= xr[0]) & (x <= xr[1]) & (scene.nodes["y"].to_numpy(float) >= fig.layout.yaxis.range[0])
         & (scene.nodes["y"].to_numpy(float) <= fig.layout.yaxis.range[1])).sum())


def _kaleido_scopes_error():
    from kaleido._kaleido_tab._errors import JavascriptError

    # what kaleido raises when its page's script is not loaded yet: the browser's raw answer as a dict
    return JavascriptError(str({"type": "object", "subtype": "error", "className": "ReferenceError",
                                "description": "ReferenceError: kaleido_scopes is not defined\n    at <anonymous>:1:1"}))


def test_kaleido_scopes_failure_is_retried_once_in_a_new_browser(renderer, explorer, green_spec, monkeypatch):
    export_image(explorer, green_spec, "png", width=640, height=360)
    real_render = images._Renderer.render
    failed = []

    def fail_once(self, *args, **kwargs):
        if not failed:
            failed.append(self.pid)
            raise _kaleido_scopes_error()
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(images._Renderer, "render", fail_once)
    restarts = images._HANDLE.restarts
    img = png_image(export_image(explorer, green_spec, "png", width=640, height=360))
    assert img.size == (640, 360) and failed
    assert images._HANDLE.restarts == restarts + 1


def test_kaleido_scopes_failure_twice_is_one_line(renderer, explorer, green_spec, monkeypatch):
    calls = []

    def always_fail(self, *args, **kwargs):
        calls.append(1)
        raise _kaleido_scopes_error()

    monkeypatch.setattr(images._Renderer, "render", always_fail)
    with pytest.raises(ExportError) as info:
        export_image(explorer, green_spec, "png", width=640, height=360)
    message = str(info.value)
    assert len(calls) == 2
    assert "\n" not in message and "{" not in message and "kaleido_scopes is not defined" in message
    assert "try the export again" in message

def test_closing_a_browser_that_will_not_close_prints_no_watchdog_noise(renderer, explorer, green_spec, monkeypatch,
                                                                        caplog):
    """The finding: "Wait expired, Browser is being closed by watchdog." after a successful export."""
    import asyncio
    import logging

    export_image(explorer, green_spec, "png", width=640, height=360)
    r = images._HANDLE.renderer
    pid = r.pid

    async def hang():  # kaleido's close stuck (cleaning its files on a busy disk): we kill the browser
        await asyncio.sleep(30)

    monkeypatch.setattr(r.kaleido, "close", hang)
    monkeypatch.setattr(images._Renderer, "CLOSE_TIMEOUT", 0.5, raising=False)
    with caplog.at_level(logging.DEBUG):
        images.shutdown_renderer()
        time.sleep(1.5)  # what the watchdog would need to notice the exit
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"
    assert not [rec for rec in caplog.records if "watchdog" in rec.getMessage().lower() and
                rec.levelno >= logging.WARNING]
