"""The Export menu without a browser: its component tree, its callback registration and its pure core."""

from __future__ import annotations

import base64

import dash
import pytest
from dash import dcc, html

from graph_explorer.app.export_menu import CHOICES, export_menu, menu_ids, prepare_download, register_export
from graph_explorer.errors import GraphExplorerError
from graph_explorer.export import export_view


def walk(c):
    yield c
    kids = getattr(c, "children", None)
    for k in (kids if isinstance(kids, (list, tuple)) else [kids] if kids is not None else []):
        yield from walk(k)


def test_menu_has_every_choice_a_download_and_a_spinner():
    tree = list(walk(export_menu("x")))
    ids = menu_ids("x")
    items = [c.id["choice"] for c in tree if isinstance(getattr(c, "id", None), dict)]
    assert items == list(CHOICES)
    assert any(isinstance(c, dcc.Download) and c.id == ids["download"] for c in tree)
    # the status line has a spinner while its answer is on its way (components.busy)
    assert any(getattr(c, "className", None) == "busy busy-inline" and c.children.id == ids["status"] for c in tree)


def test_register_export_uses_the_given_app_and_location():
    from dash._callback import GLOBAL_CALLBACK_LIST

    before = len(GLOBAL_CALLBACK_LIST)
    app = dash.Dash(__name__)
    app.layout = html.Div([dcc.Location(id="where"), export_menu("m")])
    register_export(app, explorer=None, location_id="where", id_prefix="m")
    assert len(GLOBAL_CALLBACK_LIST) == before
    (cb,) = app.callback_map.values()
    assert {s["id"] for s in cb["state"]} == {"where", "m-size", "m-title"}
    assert "m-download.data" in next(iter(app.callback_map))


@pytest.mark.parametrize("choice", ["csv-nodes", "csv-links", "csv-regions", "xlsx", "graphml", "graphology"])
def test_prepare_download_sends_the_export_file(explorer, green_spec, choice):
    sent = prepare_download(explorer, green_spec, choice)
    _, _, fmt, table = CHOICES[choice]
    (f,) = export_view(explorer, green_spec, fmt, table=table)
    assert sent["filename"] == f.name
    assert sent["type"] == f.mimetype
    got = base64.b64decode(sent["content"])
    if fmt == "xlsx":  # a workbook stores the time it was written: compare the cells
        import io

        from openpyxl import load_workbook

        def cells(data):
            wb = load_workbook(io.BytesIO(data))
            return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}

        assert cells(got) == cells(f.data)
    else:
        assert got == f.data


def test_prepare_download_rejects_unknown_choices(explorer, green_spec):
    with pytest.raises(GraphExplorerError):
        prepare_download(explorer, green_spec, "docx")


def test_the_title_field_sets_the_exported_title(explorer, green_spec):
    """The menu's title field goes into the picture (here: the SVG's text), an empty one keeps the default."""
    import base64

    def svg_text(title):
        sent = prepare_download(explorer, green_spec, "svg", "16:9", title)
        data = sent["content"] if not sent.get("base64") else base64.b64decode(sent["content"]).decode("utf-8")
        return data

    assert "Baltic VET partners, green" in svg_text("Baltic VET partners, green")
    assert "Cooperation in vocational education and training" in svg_text("  ")
