"""This project's own table exports read back: the XLSX workbook (About, Nodes, Links) and the links CSV.

``graph-explorer export --format xlsx`` (and the app's Export menu) writes a
workbook with the sheets About (the view, its query and the sources), Nodes
(id, label, kind, country, region, …, the metrics) and Links (source,
source_label, target, target_label, weight, count, newman, cooperations,
kinds, themes, start, end); ``--format csv`` writes the Links table as
``…-links.csv`` (and the Nodes table beside it). Read back, each link is a
cooperation of its two ends whose weight is the link's weight, so the view
projected again (count weighting) has the same nodes, links and weights;
nodes keep their kind and country; the About sheet's sources become the
dataset's attributions. Example (the links CSV, UTF-8 with BOM)::

    source,source_label,target,target_label,weight,count,newman,n_cooperations,cooperations,kinds,themes,start,end
    FI,Finland,LV,Latvia,3.0,3,1.25,3,p1;p2;p3,project,green,2021,2025

Text cells that a spreadsheet would run as formulas were written with a
leading ``'`` in the CSV; it is taken off again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..graphs import COOP_PREFIX, GraphKeys
from ..limits import Limits
from ..readers import RawTable, damaged_workbook, decode, open_workbook, parse_csv, read_sheet
from ..report import ERROR, Problem
from ..schema import Column, Table
from .base import NO, Format, Head, Reading, Sniff, Source
from .graph_common import graph_convert

__all__ = ["FORMAT_XLSX", "FORMAT_CSV", "sniff_xlsx", "sniff_csv", "read_xlsx", "read_csv_export", "KEYS"]

LINKS = Table("links", (Column("source", "id", True, "Id of one end.", "FI"),
                        Column("target", "id", True, "Id of the other end.", "LV"),
                        Column("weight", "float", True, "The link's weight in the view.", "3.0")), key=None)
NODES = Table("nodes", (Column("id", "id", True, "Node id.", "FI"),), key="id")
#: The links' kinds and themes are those of their cooperations; the title is left to "A – B".
KEYS = GraphKeys(edge_kind=("kinds",), edge_themes=("themes",), edge_title=(), edge_id=(),
                 edge_source=(), drawing=GraphKeys().drawing + ("n_cooperations", "cooperation_titles",
                                                                "source_label", "target_label"))
_MARKS = ("count", "newman")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def sniff_csv(head: Head) -> Sniff:
    """A CSV whose header has source, target, weight, count and newman."""
    if head.is_dir or head.is_zip:
        return NO
    keys = set(head.csv_header)
    if {"source", "target", "weight", *_MARKS} <= keys:
        return Sniff(1.0)
    return NO


def sniff_xlsx(head: Head) -> Sniff:
    """An .xlsx with the sheets Nodes and Links."""
    if not head.is_workbook:
        return NO
    from .tables_workbook import workbook_sheet_names

    sheets = {s.strip().lower() for s in workbook_sheet_names(head)}
    if {"nodes", "links"} <= sheets:
        return Sniff(1.0)
    return Sniff(0.4, "the sheets 'Nodes' and 'Links'") if "links" in sheets else NO


def _unquote(raw: RawTable) -> RawTable:
    """Cells written as ``'=…`` (formula-safe) back to ``=…``."""
    f = raw.frame.copy()
    for c in f.columns:
        s = f[c].astype(str)
        quoted = s.str.startswith("'") & s.str[1:2].isin(_TRIGGERS)
        if quoted.any():
            f[c] = s.where(~quoted, s.str[1:])
    return RawTable(raw.name, raw.file, f, raw.rows, raw.header, raw.cell_columns)


def _ends(edges: RawTable) -> RawTable:
    """A nodes table from the links' ends and their labels (for a links CSV read alone)."""
    f = edges.frame
    ids, labels, rows = [], [], []
    seen = set()
    for side in ("source", "target"):
        lab = f[f"{side}_label"] if f"{side}_label" in f.columns else f[side]
        for i, (node, name) in enumerate(zip(f[side].astype(str), lab.astype(str))):
            if node and node not in seen:
                seen.add(node)
                ids.append(node)
                labels.append(name)
                rows.append(int(edges.rows[i]))
    frame = pd.DataFrame({"id": ids, "label": labels}, dtype=str)
    # a bipartite view's links each join an actor and a cooperation node (coop:<id>)
    is_coop = f["source"].astype(str).str.startswith(COOP_PREFIX) ^ f["target"].astype(str).str.startswith(COOP_PREFIX)
    if len(f) and is_coop.all():
        frame["kind"] = np.where(frame["id"].str.startswith(COOP_PREFIX), "cooperation", "")
    return RawTable("nodes", edges.file, frame, np.asarray(rows, dtype=np.int64),
                    {"id": edges.column_label("source"), "label": edges.header.get("source_label", "source_label"),
                     "kind": "(kind)"})


def read_csv_export(source: Source, limits: Limits) -> Reading:
    text, problems = decode(source.read_bytes(), source.name)
    if text is None:
        return Reading({}, problems)
    raw, _, more = parse_csv(text, source.name, [LINKS], limits)
    problems += more
    if raw is None:
        return Reading({}, problems)
    edges = _unquote(raw)
    return Reading({"nodes": _ends(edges), "edges": edges}, problems)


def read_xlsx(source: Source, limits: Limits) -> Reading:
    book, problems = open_workbook(source.read_bytes(), source.name, limits)
    if book is None:
        return Reading({}, problems)
    tables: dict[str, RawTable] = {}
    about: list[tuple[str, str, int]] = []
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            label = f"{source.name}[{sheet.title}]"
            try:
                if name == "about":
                    for row, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                        cells = ["" if v is None else str(v).strip() for v in values[:2]] + ["", ""]
                        about.append((cells[0], cells[1][: limits.max_cell_chars], row))
                elif name in ("nodes", "links"):
                    raw, more = read_sheet(sheet, "nodes" if name == "nodes" else "edges", label, limits)
                    problems += more
                    if raw is None:
                        return Reading({}, problems)
                    tables["nodes" if name == "nodes" else "edges"] = raw
            except Exception as exc:  # noqa: BLE001 - the sheet's XML is parsed only now
                return Reading({}, [damaged_workbook(label, exc)])
    finally:
        book.close()
    if "edges" not in tables:
        return Reading({}, problems + [Problem(ERROR, source.name, None, None, None, "The workbook has no sheet "
                                               "'Links'.", allowed="sheets About, Nodes and Links")])
    for key in ("source", "target"):
        if key not in tables["edges"].frame.columns:
            return Reading({}, problems + [Problem(ERROR, tables["edges"].file, 1, None, None,
                                                   f"The Links sheet has no column '{key}'.")])
    if "nodes" not in tables:
        tables["nodes"] = _ends(tables["edges"])
    sources = [(text, row) for key, text, row in about if key.lower() == "source" and text]
    if sources:
        label = f"{source.name}[About]"
        tables["attributions"] = RawTable("attributions", label, pd.DataFrame(
            {"programme": [""] * len(sources), "text": [t for t, _ in sources]}, dtype=str),
            np.asarray([r for _, r in sources], dtype=np.int64), {"programme": "(any)", "text": "B"})
    notes = [f"{len(sources)} source{'s' if len(sources) != 1 else ''} kept"] if sources else []
    return Reading(tables, problems, notes)


FORMAT_XLSX = Format(
    "explorer-xlsx", "graph_explorer table export (XLSX)",
    "a workbook exported by this app (sheets About, Nodes, Links): nodes become actors, each link a cooperation "
    "of its two ends with the link's weight", sniff_xlsx, read_xlsx, convert=graph_convert(KEYS),
    nouns=("links", "participations", "actors"))
FORMAT_CSV = Format(
    "explorer-links-csv", "graph_explorer links export (CSV)",
    "the links CSV exported by this app (source, source_label, target, target_label, weight, count, newman, …): "
    "each link a cooperation of its two ends with the link's weight", sniff_csv, read_csv_export,
    convert=graph_convert(KEYS), nouns=("links", "participations", "actors"))
