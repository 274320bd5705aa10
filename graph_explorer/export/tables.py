"""The data of a view as tables: nodes with their metrics, links with their cooperations.

CSV and XLSX files are opened by people in spreadsheet programs, which run a
cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV
injection). Names and titles come from outside data, so every text cell is
neutralised (OWASP "CSV injection"):

* CSV: a text cell that begins with ``= + - @``, a tab, a carriage return or a
  line feed gets a single quote in front (``'=cmd``), which spreadsheets show
  as text; :func:`csv_cell` does it.
* XLSX: such a cell keeps its exact text, and its data type is set to string
  (with Excel's "quote prefix" style), so openpyxl writes no formula and Excel
  does not make one when the cell is edited.

Numbers stay numbers (a negative E-I index is ``-0.5``, not text). Lists
(cooperation ids, themes) are joined with ``;``; a missing value is an empty
cell. CSV files are UTF-8 with a byte-order mark, so Excel reads accented
names correctly.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd

from ..errors import ExportError
from ..view import ViewSpec

__all__ = ["node_table", "link_table", "region_rows", "region_matrix_rows", "DEFAULT_CSV_TABLES", "csv_cell",
           "needs_escape", "to_csv", "to_xlsx", "TABLES", "FORMULA_TRIGGERS", "about_rows"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP), plus line feed.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
TABLES = ("nodes", "links", "regions", "region-matrix")
#: What a CSV export writes when no table is chosen (one file each); XLSX holds every table of TABLES.
DEFAULT_CSV_TABLES = ("nodes", "links")


def needs_escape(value) -> bool:
    """True for text a spreadsheet could take for a formula.

    >>> [needs_escape(v) for v in ("=cmd", "+1", "-1", "@SUM(A1)", "\\tx", "\\rx", "Riga", -1, "")]
    [True, True, True, True, True, True, False, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value):
    """A value made safe for a CSV cell: risky text gets a leading single quote.

    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-1"), csv_cell(-1), csv_cell("Tallinn")
    ('\\'=HYPERLINK("http://x")', "'-1", -1, 'Tallinn')
    """
    return "'" + value if needs_escape(value) else value


def _plain(v):
    """One cell value: lists joined with ';', NA → None, numpy scalars → Python."""
    if isinstance(v, (tuple, list, set, frozenset, np.ndarray)):
        return ";".join(str(x) for x in v)
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    return v


def _metrics(explorer, spec: ViewSpec) -> pd.DataFrame:
    return explorer.metrics(spec)


def node_table(explorer, spec: ViewSpec) -> pd.DataFrame:
    """One row per node of the view: who it is, where it is drawn, and every metric.

    Sorted by the view's size metric (largest first), then by label.
    """
    p = explorer.projection(spec)
    nodes = p.nodes.copy()
    m = _metrics(explorer, spec)
    m = m.drop(columns=[c for c in m.columns if c in nodes.columns and c != "id"], errors="ignore")
    if not len(m):  # an empty view: its metrics' index has no type, and the ids are text
        m = m.set_axis(pd.Index([], dtype=object, name=m.index.name))
        nodes = nodes.astype({"id": object})
    out = nodes.merge(m, left_on="id", right_index=True, how="left")
    layout_spec = spec.replace(layout="geo") if spec.view == "map" else spec
    pos = explorer.positions(layout_spec)
    xy = pos.reindex(out["id"])
    out["x"], out["y"] = xy["x"].to_numpy(float), xy["y"].to_numpy(float)
    size = spec.size if spec.size in out.columns else "degree"
    if size in out.columns and len(out):
        key = pd.to_numeric(out[size], errors="coerce").fillna(-np.inf)
        out = out.assign(_k=-key).sort_values(["_k", "label"], kind="stable").drop(columns="_k")
    return out.reset_index(drop=True)


def link_table(explorer, spec: ViewSpec) -> pd.DataFrame:
    """One row per link: both ends (id and label), weight, and the cooperations behind it."""
    p = explorer.link_projection(spec)  # with compare: both periods' links and weights
    e = p.edges
    labels = p.nodes.set_index("id")["label"]
    titles = explorer.dataset.cooperations.set_index("id")["title"]
    from ..network import COOP_PREFIX

    def coop_titles(ids) -> str:
        names = []
        for c in ids:
            cid = str(c).removeprefix(COOP_PREFIX)
            names.append(str(titles.get(cid, cid)))
        return " | ".join(names)

    out = pd.DataFrame({
        "source": e["source"].to_numpy(object),
        "source_label": labels.reindex(e["source"]).to_numpy(object),
        "target": e["target"].to_numpy(object),
        "target_label": labels.reindex(e["target"]).to_numpy(object),
    })
    for col in ("weight", "weight_then", "status", "count", "newman", "expected", "ratio", "alpha"):
        if col in e.columns:
            out[col] = e[col].to_numpy()
    if "cooperations" in e.columns:
        out["n_cooperations"] = [len(c) for c in e["cooperations"]]
        out["cooperations"] = [";".join(map(str, c)) for c in e["cooperations"]]
        out["cooperation_titles"] = [coop_titles(c) for c in e["cooperations"]]
    for col in ("kinds", "themes"):
        if col in e.columns:
            out[col] = [";".join(map(str, c)) for c in e[col]]
    for col in ("start", "end"):
        if col in e.columns:
            out[col] = pd.to_numeric(e[col], errors="coerce").round().astype("Int64").array
    return out.sort_values(["weight", "source", "target"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True) if "weight" in out else out


def about_rows(explorer, spec: ViewSpec, scene=None) -> list[tuple[str, str]]:
    """What a table export holds: view, filters, counts, sources (the XLSX 'About' sheet)."""
    from ..figures import describe_filters

    p = explorer.projection(spec)
    rows = [("Title", scene.title if scene is not None else "Cooperation in vocational education and training"),
            ("View", describe_filters(spec)),
            ("View query (paste after ?view= or use with --view)", spec.to_query() or "(default view)"),
            ("Nodes", f"{len(p.nodes):,}"), ("Links", f"{len(p.edges):,}"),
            ("Link weight", spec.weight)]
    for a in explorer.dataset.attribution_for(p.cooperation_ids):
        rows.append(("Source", a))
    return rows


def _cells(df: pd.DataFrame):
    cols = [df[c].tolist() for c in df.columns]
    for row in zip(*cols):
        yield [_plain(v) for v in row]


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM), every risky text cell quoted with a leading '."""
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([csv_cell(str(c)) for c in df.columns])
    for row in _cells(df):
        w.writerow(["" if v is None else csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: dict[str, pd.DataFrame], about: list[tuple[str, str]] | None = None) -> bytes:
    """An XLSX workbook, one sheet per table (plus 'About' first when given); no cell is a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def text_cell(ws, value, header=False):
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # never "f": text stays text even when it starts with '='
            if needs_escape(value):
                c.quotePrefix = True
        if header:
            c.font = bold
        return c

    if about:
        ws = wb.create_sheet("About")
        ws.column_dimensions["A"].width = 34
        ws.column_dimensions["B"].width = 120
        for k, v in about:
            ws.append([text_cell(ws, k, header=True), text_cell(ws, v)])
    for name, df in sheets.items():
        ws = wb.create_sheet(name[:31])
        ws.freeze_panes = "A2"
        for i, col in enumerate(df.columns, start=1):
            width = min(max(len(str(col)) + 2, 10), 60)
            if df[col].dtype == object and len(df):
                width = min(max(width, int(df[col].astype(str).str.len().quantile(0.9)) + 2), 60)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.append([text_cell(ws, str(c), header=True) for c in df.columns])
        for row in _cells(df):
            ws.append([text_cell(ws, v) if isinstance(v, str) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def region_rows(explorer, spec: ViewSpec) -> pd.DataFrame:
    """Per region: actors, links within and out, E-I index, share within, main partner regions (as the app)."""
    return explorer.region_table(spec)


def region_matrix_rows(explorer, spec: ViewSpec) -> pd.DataFrame:
    """Region × region sums of link weights, the regions as the first column."""
    return explorer.region_matrix(spec).reset_index()


def table(explorer, spec: ViewSpec, which: str) -> pd.DataFrame:
    if which == "nodes":
        return node_table(explorer, spec)
    if which == "links":
        return link_table(explorer, spec)
    if which == "regions":
        return region_rows(explorer, spec)
    if which == "region-matrix":
        return region_matrix_rows(explorer, spec)
    raise ExportError(f"table: {which!r} is not one of {', '.join(TABLES)}.")
