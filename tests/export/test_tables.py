"""CSV and XLSX exports read back to the same rows; text that looks like a formula stays text."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import zipfile

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from graph_explorer.explorer import Explorer
from graph_explorer.export import export_view
from graph_explorer.export.tables import csv_cell, link_table, node_table, to_csv, to_xlsx
from graph_explorer.testing import make_dataset
from graph_explorer.view import ViewSpec

#: Names an attacker (or an unlucky data entry) could give an organisation or a cooperation.
INJECTIONS = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1+1)", "\tTAB first", "\rCR first"]


@pytest.fixture(scope="module")
def hostile():
    """Six actors named like formulas, in cooperations titled like formulas."""
    actors = [(f"a{i}", name, "organisation", cc) for i, (name, cc) in
              enumerate(zip(INJECTIONS + ["Riga Technical College", "Tallinn School"],
                            ["LV", "LT", "EE", "FI", "DE", "BE", "LV", "EE"]))]
    coops = [("p1", "project", ("green",), 2021, 2023), ("p2", "partnership", ("digital",), 2022, 2022)]
    parts = [("p1", f"a{i}", "partner") for i in range(8)] + [("p2", "a0", "partner"), ("p2", "a6", "partner")]
    ds = make_dataset(actors, coops, parts)
    coops = ds.cooperations.copy()
    coops["title"] = ["=HYPERLINK(\"http://evil.example\",\"x\")", "-2+3"]
    return Explorer(dataclasses.replace(ds, cooperations=coops, fingerprint=""))


def read_csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM (for Excel)"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def cell_text(v) -> str:
    """How a value of the table is written to CSV (before the injection guard)."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    if isinstance(v, (np.floating, float)):
        return repr(float(v))
    if isinstance(v, (np.integer, int, np.bool_, bool)):
        return str(v.item() if hasattr(v, "item") else v)
    return str(v)


def same_value(written: str, original) -> bool:
    if isinstance(original, (float, np.floating)) and not (isinstance(original, float) and math.isnan(original)):
        return float(written) == pytest.approx(float(original), rel=1e-12, abs=1e-15)
    return written == csv_cell(cell_text(original))


# -- CSV --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["nodes", "links"])
def test_csv_reads_back_to_the_same_rows(explorer, green_spec, which):
    df = node_table(explorer, green_spec) if which == "nodes" else link_table(explorer, green_spec)
    rows = read_csv_rows(to_csv(df))
    assert rows[0] == list(df.columns)
    assert len(rows) - 1 == len(df) > 0
    for written, original in zip(rows[1:], df.itertuples(index=False)):
        for w, o in zip(written, original):
            assert same_value(w, o), (w, o)


def test_csv_formula_cells_are_text(hostile):
    spec = ViewSpec()
    nodes = read_csv_rows(to_csv(node_table(hostile, spec)))
    labels = [r[nodes[0].index("label")] for r in nodes[1:]]
    for name in INJECTIONS:
        assert "'" + name in labels, f"{name!r} must be written as '{name!r}"
        assert name not in labels
    assert "Riga Technical College" in labels  # ordinary text is untouched
    links = read_csv_rows(to_csv(link_table(hostile, spec)))
    header = links[0]
    titles = {r[header.index("cooperation_titles")] for r in links[1:]}
    assert any(t.startswith("'=HYPERLINK(") for t in titles)
    assert not any(t.startswith("=") for t in titles)
    # numbers stay numbers, negative ones included
    assert all(float(r[header.index("weight")]) > 0 for r in links[1:])


def test_csv_cell_rule():
    for bad in INJECTIONS + ["\nLF first"]:
        assert csv_cell(bad) == "'" + bad
    for ok in ("Riga", "", "1", "a=b", " =not first"):
        assert csv_cell(ok) == ok
    assert csv_cell(-1) == -1 and csv_cell(-0.5) == -0.5


# -- XLSX -------------------------------------------------------------------------------------------


def xlsx_rows(data: bytes, sheet: str):
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet]
    return [[c for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("which", ["nodes", "links"])
def test_xlsx_reads_back_to_the_same_rows(explorer, green_spec, which):
    df = node_table(explorer, green_spec) if which == "nodes" else link_table(explorer, green_spec)
    data = to_xlsx({"Sheet": df})
    rows = xlsx_rows(data, "Sheet")
    assert [c.value for c in rows[0]] == list(df.columns)
    assert len(rows) - 1 == len(df)
    for cells, original in zip(rows[1:], df.itertuples(index=False)):
        for c, o in zip(cells, original):
            if o is None or (isinstance(o, float) and math.isnan(o)) or o is pd.NA:
                assert c.value is None
            elif isinstance(o, (float, np.floating)):
                assert c.value == pytest.approx(float(o))
            elif isinstance(o, (bool, np.bool_)):
                assert c.value == bool(o)
            elif isinstance(o, (int, np.integer)):
                assert c.value == int(o)
            else:
                assert c.value == str(o)


def test_xlsx_formula_cells_are_strings_never_formulas(hostile):
    files = export_view(hostile, ViewSpec(), "xlsx")
    assert [f.name for f in files] == ["vet-cooperation-organisations.xlsx"]
    data = files[0].data
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["About", "Nodes", "Links", "Regions", "Region matrix"]
    ws = wb["Nodes"]
    header = [c.value for c in ws[1]]
    col = header.index("label") + 1
    cells = {ws.cell(r, col).value: ws.cell(r, col) for r in range(2, ws.max_row + 1)}
    for name in INJECTIONS:
        assert name in cells, f"{name!r} should be stored as its exact text"
        assert cells[name].data_type == "s"
    link_header = [c.value for c in wb["Links"][1]]
    tcol = link_header.index("cooperation_titles") + 1
    titles = [wb["Links"].cell(r, tcol) for r in range(2, wb["Links"].max_row + 1)]
    assert any(str(t.value).startswith("=HYPERLINK(") for t in titles)
    assert all(t.data_type == "s" for t in titles)
    # and in the file itself: not a single formula element
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name


def test_xlsx_about_sheet_names_the_view_and_sources(explorer, green_spec):
    data = export_view(explorer, green_spec, "xlsx")[0].data
    about = {r[0].value: r[1].value for r in xlsx_rows(data, "About") if r[0].value != "Source"}
    assert about["View"].startswith("Countries · theme: green · 2021–2025")
    assert about["View query (paste after ?view= or use with --view)"] == green_spec.to_query()
    sources = [r[1].value for r in xlsx_rows(data, "About") if r[0].value == "Source"]
    assert any("CC BY 4.0" in s for s in sources)


# -- the tables themselves ----------------------------------------------------------------------------


def test_node_table_has_metrics_positions_and_is_sorted_by_size(explorer, green_spec):
    df = node_table(explorer, green_spec)
    m = explorer.metrics(green_spec)
    assert set(df["id"]) == set(explorer.projection(green_spec).nodes["id"])
    for col in ("label", "country", "region", "degree", "betweenness", "pagerank", "community", "x", "y"):
        assert col in df.columns
    assert df["degree"].is_monotonic_decreasing
    row = df.iloc[0]
    assert row["pagerank"] == pytest.approx(m.loc[row["id"], "pagerank"])


def test_link_table_lists_the_cooperations_of_each_link(explorer, green_spec):
    df = link_table(explorer, green_spec)
    p = explorer.projection(green_spec)
    assert len(df) == len(p.edges)
    G = explorer.graph(green_spec)
    row = df.iloc[0]
    d = G.edges[row["source"], row["target"]]
    assert row["cooperations"].split(";") == [str(c) for c in d["cooperations"]]
    assert row["n_cooperations"] == len(d["cooperations"]) and row["weight"] == d["weight"]
    assert len(row["cooperation_titles"].split(" | ")) == row["n_cooperations"]
    assert pd.api.types.is_integer_dtype(df["start"]) and pd.api.types.is_integer_dtype(df["end"])


def test_csv_export_names_two_files_or_one(explorer, green_spec):
    both = export_view(explorer, green_spec, "csv", basename="out")
    assert [f.name for f in both] == ["out-nodes.csv", "out-links.csv"]
    one = export_view(explorer, green_spec, "csv", basename="out", table="links")
    assert [f.name for f in one] == ["out.csv"]
    assert one[0].data == both[1].data
