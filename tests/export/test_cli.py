"""``graph-explorer export``: every format, file naming, and errors as messages with exit codes."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation

from graph_explorer.cli import main

from .conftest import GREEN_COUNTRIES


def run(*args):
    result = CliRunner().invoke(main, ["export", *args], catch_exceptions=False)
    return result


@pytest.mark.parametrize(("args", "size"), [
    ([], (1920, 1080)),
    (["--preset", "4:3", "--scale", "2"], (2880, 2160)),
    (["--preset", "a4"], (1754, 1240)),
    (["--width", "1000", "--height", "600", "--scale", "1.5"], (1500, 900)),
])
def test_png_sizes(renderer, tmp_path, args, size):
    out = tmp_path / "view.png"
    r = run("--view", GREEN_COUNTRIES, "-o", str(out), *args)
    assert r.exit_code == 0, r.output
    assert Image.open(out).size == size


def test_view_url_and_flags_give_the_same_picture(renderer, tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    assert run("--view", f"http://127.0.0.1:8050/?{GREEN_COUNTRIES}", "-o", str(a)).exit_code == 0
    r = run("--level", "country", "--theme", "green", "--years", "2021-2025", "--view", "color=region", "-o", str(b))
    assert r.exit_code == 0, r.output
    import numpy as np

    assert np.array_equal(np.asarray(Image.open(a)), np.asarray(Image.open(b)))


def test_title_option(renderer, tmp_path):
    out = tmp_path / "t.svg"
    assert run("--view", GREEN_COUNTRIES, "--title", "Green links across Europe", "-o", str(out)).exit_code == 0
    assert b"Green links across Europe" in out.read_bytes()


def test_pdf_and_map(renderer, tmp_path):
    out = tmp_path / "m.pdf"
    assert run("--level", "country", "--map", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_pptx_with_more_views(renderer, tmp_path):
    out = tmp_path / "deck.pptx"
    r = run("--view", GREEN_COUNTRIES, "--also", "level=country&view=map", "--top", "5", "-o", str(out))
    assert r.exit_code == 0, r.output
    prs = Presentation(str(out))
    assert len(prs.slides) == 2


def test_csv_writes_nodes_and_links_files(tmp_path):
    r = run("--level", "country", "-o", str(tmp_path / "out.csv"))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out-links.csv", "out-nodes.csv"]
    r = run("--level", "country", "--table", "links", "-o", str(tmp_path / "only.csv"))
    assert r.exit_code == 0 and (tmp_path / "only.csv").read_bytes() == (tmp_path / "out-links.csv").read_bytes()


def test_xlsx_graphml_gexf(tmp_path):
    for name in ("v.xlsx", "v.graphml", "v.gexf"):
        assert run("--level", "country", "-o", str(tmp_path / name)).exit_code == 0
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "v.xlsx").sheetnames == ["About", "Nodes", "Links", "Regions", "Region matrix"]
    G = nx.read_graphml(tmp_path / "v.graphml")
    H = nx.read_gexf(tmp_path / "v.gexf")
    assert set(G) == set(H) and G.number_of_edges() == H.number_of_edges() > 0


def test_format_option_wins_over_the_extension(tmp_path):
    r = run("--level", "country", "--format", "gexf", "-o", str(tmp_path / "graph.xml"))
    assert r.exit_code == 0, r.output
    assert nx.read_gexf(tmp_path / "graph.xml").number_of_nodes() > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.xml"]


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "x.txt"], "Cannot tell the format"),
    (["-o", "x.png", "--scale", "9"], "--scale"),
    (["-o", "x.png", "--view", "level=planets"], "level"),
    (["-o", "x.png", "--also", "level=country"], "--also"),
])
def test_bad_options_exit_2_with_a_message(tmp_path, args, message):
    r = CliRunner().invoke(main, ["export", *args])
    assert r.exit_code == 2
    assert message in r.output


def test_no_browser_exits_1_with_install_advice(no_browser, tmp_path):
    r = CliRunner().invoke(main, ["export", "--level", "country", "-o", str(tmp_path / "x.png")])
    assert r.exit_code == 1
    assert "apt-get install chromium" in r.output
    assert not (tmp_path / "x.png").exists()
    # data formats need no browser
    assert CliRunner().invoke(main, ["export", "--level", "country", "-o", str(tmp_path / "x.gexf")]).exit_code == 0


def test_help_documents_presets_and_naming():
    r = CliRunner().invoke(main, ["export", "--help"])
    assert r.exit_code == 0
    for text in ("1920x1080", "1440x1080", "1754x1240", "FILE-nodes.csv", "--table", "--view"):
        assert text in r.output
