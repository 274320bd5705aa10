"""An empty view (nothing passes its filters) exports a valid, empty file in every format.

Before, ``--min-weight 1e9`` or an empty selection crashed the CSV and XLSX
exports (pandas refused to merge the empty metrics' float index with the text
ids). Each file is read back with another tool than the one that wrote it.
"""

from __future__ import annotations

import csv
import io

import pytest

from graph_explorer.export import export_view
from graph_explorer.view import ViewSpec

EMPTY = ViewSpec(min_weight=1e9)


def test_the_view_is_empty(explorer):
    p = explorer.projection(EMPTY)
    assert (p.n_nodes, p.n_edges) == (0, 0)


def test_csv_and_xlsx_have_their_headers_and_no_rows(explorer):
    import openpyxl

    nodes, links = export_view(explorer, EMPTY, "csv", basename="empty")
    for f, first in ((nodes, "id"), (links, "source")):
        rows = list(csv.reader(io.StringIO(f.data.decode("utf-8-sig"))))
        assert len(rows) == 1 and rows[0][0] == first, rows
    (book,) = export_view(explorer, EMPTY, "xlsx", basename="empty")
    wb = openpyxl.load_workbook(io.BytesIO(book.data))
    assert {"Nodes", "Links", "About"} <= set(wb.sheetnames)
    for sheet, first in (("Nodes", "id"), ("Links", "source")):
        rows = list(wb[sheet].iter_rows(values_only=True))
        assert len(rows) == 1 and rows[0][0] == first, rows


def test_graph_files_read_back_empty_in_igraph(explorer, tmp_path):
    import igraph
    from defusedxml import ElementTree

    (graphml,) = export_view(explorer, EMPTY, "graphml", basename="empty")
    path = tmp_path / "empty.graphml"
    path.write_bytes(graphml.data)
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (0, 0)
    (gexf,) = export_view(explorer, EMPTY, "gexf", basename="empty")
    root = ElementTree.fromstring(gexf.data)
    assert root.tag.endswith("gexf")
    assert not [e for e in root.iter() if e.tag.endswith("}node") or e.tag.endswith("}edge")]


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf", "pptx"])
def test_pictures_and_slides_of_an_empty_view(renderer, explorer, tmp_path, fmt):
    (f,) = export_view(explorer, EMPTY, fmt, basename="empty", width=640, height=360)
    path = tmp_path / f.name
    path.write_bytes(f.data)
    if fmt == "png":
        from PIL import Image

        assert Image.open(path).size == (640, 360)
    elif fmt == "svg":
        from defusedxml import ElementTree

        assert ElementTree.fromstring(f.data).tag.endswith("svg")
    elif fmt == "pdf":
        from pypdf import PdfReader  # an independent reader (the PDF is Chromium's, through kaleido)

        assert len(PdfReader(path).pages) == 1
    else:
        import zipfile

        with zipfile.ZipFile(path) as z:  # a slide deck: one slide, its picture inside
            names = z.namelist()
        assert "ppt/slides/slide1.xml" in names and any(n.startswith("ppt/media/") for n in names)
