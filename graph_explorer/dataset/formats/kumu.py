"""Kumu workbooks: an .xlsx with the sheets Elements and Connections, as Kumu exports and imports them.

Elements (``Label, Type, Description, Tags,`` custom fields …) become actors:
the Label is the name (and the id, unless an ``ID`` column gives one), the
Type an actor kind where it is one (Organisation, Country, Network, …; other
types are read as organisations, or countries when the element is a
country), a ``Country`` field the country (code or English name).
Connections (``From, To, Type, Direction, Tags,`` custom fields …) become
two-actor cooperations: From and To name elements by Label (or ID), Type is
the cooperation kind where it is one (else partnership), Tags that are
themes become themes (the others are kept in the description), a ``Weight``
(or ``Strength``) field the weight, ``Start``/``End`` or ``Year`` the years.
Direction is not used: a cooperation has no direction. Example::

    Elements:    Label                         | Type         | Country | Tags
                 Riga State Technical School   | Organization | Latvia  |
                 Omnia                         | Organization | FI      |
    Connections: From                          | To    | Type        | Tags           | Weight
                 Riga State Technical School   | Omnia | Partnership | green; digital | 2
"""

from __future__ import annotations

import numpy as np

from ..graphs import GraphKeys
from ..limits import Limits
from ..readers import RawTable, damaged_workbook, open_workbook, read_sheet
from ..report import ERROR, INFO, Problem
from .base import NO, Format, Head, Reading, Sniff, Source
from .graph_common import graph_convert

__all__ = ["FORMAT", "sniff", "read", "KEYS"]

KEYS = GraphKeys(node_label=("label",), node_kind=("type", "kind", "element_type"),
                 edge_kind=("type", "kind", "connection_type"), edge_themes=("tags", "themes"),
                 edge_weight=("weight", "strength"), edge_title=("label", "title"))
_SHEETS = {"elements": "nodes", "connections": "edges"}


def _sheet_names(head: Head) -> set[str]:
    from .tables_workbook import workbook_sheet_names

    return {s.strip().lower() for s in workbook_sheet_names(head)}


def sniff(head: Head) -> Sniff:
    """An .xlsx with the sheets Elements and Connections (any case)."""
    if not head.is_workbook:
        return NO
    sheets = _sheet_names(head)
    if set(_SHEETS) <= sheets:
        return Sniff(1.0)
    if sheets & set(_SHEETS):
        return Sniff(0.4, "the sheets 'Elements' and 'Connections'")
    return NO


def _renamed(raw: RawTable, names: dict[str, str]) -> RawTable:
    frame = raw.frame.rename(columns=names)
    header = {names.get(k, k): v for k, v in raw.header.items()}
    return RawTable(raw.name, raw.file, frame, raw.rows, header, raw.cell_columns)


def read(source: Source, limits: Limits) -> Reading:
    book, problems = open_workbook(source.read_bytes(), source.name, limits)
    if book is None:
        return Reading({}, problems)
    tables: dict[str, RawTable] = {}
    try:
        for sheet in book.worksheets:
            key = _SHEETS.get(sheet.title.strip().lower())
            label = f"{source.name}[{sheet.title}]"
            if key is None:
                problems.append(Problem(INFO, label, None, None, None, f"The sheet '{sheet.title}' is not used "
                                        "(a Kumu workbook's data is in Elements and Connections)."))
                continue
            try:
                raw, more = read_sheet(sheet, key, label, limits)
            except Exception as exc:  # noqa: BLE001 - the sheet's XML is parsed only now
                return Reading({}, [damaged_workbook(label, exc)])
            problems += more
            if raw is None:
                return Reading({}, problems)
            tables[key] = raw
    finally:
        book.close()
    if "edges" not in tables:
        return Reading({}, problems + [Problem(ERROR, source.name, None, None, None, "The workbook has no sheet "
                                               "'Connections'.", allowed="sheets Elements and Connections")])
    edges = tables["edges"]
    missing = [c for c in ("from", "to") if c not in edges.frame.columns]
    if missing:
        return Reading({}, problems + [Problem(ERROR, edges.file, 1, None, None,
                                               f"The Connections sheet has no column {' or '.join(repr(m.title()) for m in missing)}.",
                                               allowed="From, To, Type, Direction, Tags, …")])
    edges = _renamed(edges, {"from": "source", "to": "target"})
    nodes = tables.get("nodes")
    if nodes is not None:
        if "label" not in nodes.frame.columns:
            return Reading({}, problems + [Problem(ERROR, nodes.file, 1, None, None, "The Elements sheet has no "
                                                   "column 'Label'.", allowed="Label, Type, Description, Tags, …")])
        nodes, edges = _ids(nodes, edges)
    return Reading({"edges": edges, **({"nodes": nodes} if nodes is not None else {})}, problems)


def _ids(nodes: RawTable, edges: RawTable) -> tuple[RawTable, RawTable]:
    """Element ids: the ID column where given, else the Label; connection ends given as labels mapped to ids."""
    f = nodes.frame.copy()
    labels = f["label"].astype(str).str.strip()
    ids = f["id"].astype(str).str.strip() if "id" in f.columns else labels
    ids = ids.where(ids != "", labels)
    f["id"] = ids
    header = {"id": nodes.header.get("id", nodes.header.get("label", "Label")), **nodes.header}
    nodes = RawTable(nodes.name, nodes.file, f[["id"] + [c for c in f.columns if c != "id"]], nodes.rows, header)
    by_label = dict(zip(labels, ids))
    known = set(ids)
    e = edges.frame.copy()
    for end in ("source", "target"):
        values = e[end].astype(str).str.strip()
        e[end] = np.where(values.isin(known), values, values.map(by_label).fillna(values))
    return nodes, RawTable(edges.name, edges.file, e, edges.rows, edges.header, edges.cell_columns)


FORMAT = Format(
    "kumu", "Kumu workbook",
    "an .xlsx from Kumu with the sheets Elements (Label, Type, Description, Tags, …) and Connections (From, To, "
    "Type, Direction, Tags, …): elements become actors, connections two-actor cooperations",
    sniff, read, convert=graph_convert(KEYS, what="connection"), nouns=("connections", "participations", "actors"))
