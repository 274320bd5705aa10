"""The Export menu in a real browser: click Export → PNG, receive the file, compare with the CLI.

The menu is mounted on a minimal Dash app with :func:`register_export` (the
main app wires the same two functions into ``create_app``).
"""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from .conftest import GREEN_COUNTRIES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def menu_app(explorer):
    """A page with a dcc.Location (id 'page-url', not the default) and the Export menu; yields its URL."""
    from pathlib import Path

    import dash
    from dash import dcc, html

    import graph_explorer
    from graph_explorer.app.export_menu import export_menu, register_export
    from graph_explorer.view import ViewSpec

    from tests.conftest import serve_in_thread

    assets = Path(graph_explorer.__file__).resolve().parent.parent / "assets"
    app = dash.Dash(__name__, assets_folder=str(assets), serve_locally=True, update_title=None)
    app.layout = html.Div([dcc.Location(id="page-url", refresh=False), html.H1("Export test"), export_menu()])
    register_export(app, explorer, ViewSpec.from_query, location_id="page-url")
    url, stop = serve_in_thread(app.server)
    yield url
    stop()


def open_menu_and_pick(page, label: str):
    page.get_by_role("button", name="Export").click()
    page.get_by_text(label, exact=True).click()


def test_export_menu_downloads_a_png_equal_to_the_cli_export(page, menu_app, renderer, tmp_path):
    from graph_explorer.cli import main

    page.goto(f"{menu_app}/?{GREEN_COUNTRIES}")
    with page.expect_download(timeout=60_000) as info:
        open_menu_and_pick(page, "PNG image")
    download = info.value
    assert download.suggested_filename == "vet-cooperation-countries-green-2021-2025.png"
    got = tmp_path / "browser.png"
    download.save_as(got)
    browser_img = Image.open(got)
    assert browser_img.size == (1920, 1080)

    # the same view from the command line, given the page's address (the share URL)
    cli = tmp_path / "cli.png"
    result = CliRunner().invoke(main, ["export", "--view", page.url, "--format", "png", "-o", str(cli)])
    assert result.exit_code == 0, result.output
    cli_img = Image.open(cli)
    assert cli_img.size == browser_img.size
    a = np.asarray(browser_img.convert("RGB"), dtype=int)
    b = np.asarray(cli_img.convert("RGB"), dtype=int)
    diff = np.abs(a - b)
    assert diff.mean() < 0.5, f"mean pixel difference {diff.mean():.3f}"
    assert (diff.max(axis=2) > 16).mean() < 0.002


def test_export_menu_shows_progress_then_downloads_other_formats(page, menu_app, renderer, tmp_path):
    page.goto(f"{menu_app}/?level=organisation&theme=digital")
    with page.expect_download(timeout=60_000) as info:
        open_menu_and_pick(page, "PowerPoint slide (.pptx)")
        # while the slide renders, the menu says so and cannot be used twice
        page.get_by_text("Preparing the file…").wait_for(state="visible", timeout=10_000)
    assert info.value.suggested_filename.endswith(".pptx")
    page.get_by_text("Preparing the file…").wait_for(state="hidden", timeout=10_000)
    for label, suffix in (("Actors with metrics (CSV)", ".csv"), ("GEXF (Gephi)", ".gexf")):
        with page.expect_download(timeout=60_000) as info:
            open_menu_and_pick(page, label)
        assert info.value.suggested_filename.endswith(suffix)


def test_export_menu_shows_the_error_when_no_browser_is_installed(page, menu_app, no_browser):
    page.goto(f"{menu_app}/?{GREEN_COUNTRIES}")
    open_menu_and_pick(page, "PDF (vector)")
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible", timeout=20_000)
    assert "apt-get install chromium" in alert.inner_text()
