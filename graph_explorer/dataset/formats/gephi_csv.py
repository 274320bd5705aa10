"""Gephi's spreadsheet (CSV) import pair: a nodes table and an edges table, as two files, a folder or a .zip.

Gephi's Data Laboratory exports and imports ``nodes.csv`` (``Id, Label,
timeset,`` attributes …) and ``edges.csv`` (``Source, Target, Type, Id, Label,
timeset, Weight,`` attributes …). An edges file alone is read too (its ends
become the actors, named by their ids). Nodes become actors (``country`` and
``kind`` attributes kept where recognisable), edges two-actor cooperations
whose Weight is kept; Gephi's ``Type`` is an edge's direction, not its kind,
and is not used. Example::

    nodes.csv                         edges.csv
    Id,Label,country                  Source,Target,Type,Id,Label,Weight
    1,Riga State Technical School,LV  1,2,Undirected,0,,3.0
    2,Omnia,Finland

The pair is recognised by its columns (and, in a folder or archive, by file
names holding "node" and "edge"). This project's own links export (which has
``count`` and ``newman``) is left to :mod:`.explorer_export`.
"""

from __future__ import annotations

import zipfile

from ..graphs import GraphKeys
from ..limits import Limits
from ..readers import RawTable, decode, parse_csv, zip_problems
from ..report import ERROR, Problem, short
from ..schema import Column, Table
from .base import NO, Format, Head, Reading, Sniff, Source
from .graph_common import graph_convert

__all__ = ["FORMAT", "FOLDER_FORMAT", "sniff", "sniff_folder", "read", "read_folder", "NODES", "EDGES", "KEYS"]

NODES = Table("nodes", (Column("id", "id", True, "Node id.", "1"), Column("label", "text", False, "Name.", "Omnia")),
              key="id")
EDGES = Table("edges", (Column("source", "id", True, "Id of one end.", "1"),
                        Column("target", "id", True, "Id of the other end.", "2"),
                        Column("weight", "float", False, "Edge weight.", "3.0")), key=None)
#: Gephi's Type is Directed/Undirected (not a cooperation kind); "kind" still is one.
KEYS = GraphKeys(edge_kind=("kind", "cooperation_kind"), edge_title=("label", "title"))
_OURS = {"count", "newman"}  # this project's links export
_GEPHI = {"type", "weight", "id", "label", "timeset"}


def _is_nodes_name(name: str) -> bool:
    n = name.lower().rsplit("/", 1)[-1]
    return n.endswith(".csv") and "node" in n


def _is_edges_name(name: str) -> bool:
    n = name.lower().rsplit("/", 1)[-1]
    return n.endswith(".csv") and ("edge" in n or "link" in n)


def sniff(head: Head) -> Sniff:
    """An edges CSV (Source, Target and one of Gephi's Type, Id, Label, Weight; no kind) or a .zip of the pair."""
    if head.is_dir:
        return NO
    if head.is_zip:
        if head.is_workbook:
            return NO
        names = [m for m in head.members if not m.startswith("__MACOSX/")]
        has_edges, has_nodes = any(map(_is_edges_name, names)), any(map(_is_nodes_name, names))
        if has_edges and has_nodes:
            return Sniff(0.9)
        return Sniff(0.2, "a nodes CSV and an edges CSV") if has_edges or has_nodes else NO
    keys = set(head.csv_header)
    if {"source", "target"} <= keys and "kind" not in keys and not _OURS <= keys:
        if keys & _GEPHI:
            return Sniff(0.9)
        # a plain source,target list is nearer a links CSV without its kind column
        return Sniff(0.25, "Gephi's columns Type, Id, Label or Weight")
    if keys and {"id", "label"} <= keys:
        return Sniff(0.3, "the columns 'Source' and 'Target' (this looks like Gephi's nodes table: give it with "
                          "its edges table, in a folder or a .zip)")
    return NO


def sniff_folder(head: Head) -> Sniff:
    """A folder holding a nodes CSV and an edges CSV (and not the data model's tables)."""
    names = [m.lower() for m in head.members]
    if "actors.csv" in names or "cooperations.csv" in names:
        return NO
    if any(map(_is_edges_name, names)) and any(map(_is_nodes_name, names)):
        return Sniff(0.9)
    return NO


def _parse(data: bytes, label: str, table: Table, limits: Limits) -> tuple[RawTable | None, list[Problem]]:
    text, problems = decode(data, label)
    if text is None:
        return None, problems
    raw, _, more = parse_csv(text, label, [table], limits)
    return raw, problems + more


def _pair(files: dict[str, tuple[str, object]], where: str, limits: Limits) -> Reading:
    """``files``: name → (label, loader of bytes); exactly one nodes and one edges file."""
    nodes = [n for n in files if _is_nodes_name(n)]
    edges = [n for n in files if _is_edges_name(n) and n not in nodes]
    if len(edges) != 1 or len(nodes) > 1:
        found = ", ".join(sorted(files)) or "no CSV files"
        return Reading({}, [Problem(ERROR, where, None, None, None,
                                    f"Expected one nodes CSV and one edges CSV; found {short(found, 200)}.",
                                    allowed="nodes.csv (Id, Label, …) and edges.csv (Source, Target, Weight, …)")])
    tables, problems = {}, []
    for key, names, table in (("edges", edges, EDGES), ("nodes", nodes, NODES)):
        for name in names:
            label, load = files[name]
            raw, more = _parse(load(), label, table, limits)
            problems += more
            if raw is None:
                return Reading({}, problems)
            tables[key] = raw
    return Reading(tables, problems, ["nodes and edges tables"] if "nodes" in tables else [])


def read(source: Source, limits: Limits) -> Reading:
    if not source.head(4).startswith(b"PK"):
        raw, problems = _parse(source.read_bytes(), source.name, EDGES, limits)
        return Reading({"edges": raw} if raw is not None else {}, problems)
    try:
        with zipfile.ZipFile(source.zip_handle()) as zf:
            if problems := zip_problems(zf, source.name, limits):
                return Reading({}, problems)
            files = {i.filename: (f"{source.name}[{i.filename}]", lambda i=i: zf.read(i)) for i in zf.infolist()
                     if not i.is_dir() and i.filename.lower().endswith(".csv") and not i.filename.startswith("__MACOSX/")}
            return _pair(files, source.name, limits)
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib raise many types on a damaged archive
        return Reading({}, [Problem(ERROR, source.name, None, None, None, f"The archive is damaged and could not be "
                                    f"read ({type(exc).__name__}: {short(exc, 200)}). Create it again.")])


def read_folder(source: Source, limits: Limits) -> Reading:
    files = {}
    for child in source.children():
        if child.name.lower().endswith(".csv"):
            if child.size > limits.max_bytes:
                from ..readers import too_large

                return Reading({}, [too_large(child.name, limits)])
            files[child.name] = (child.name, child.read_bytes)
    return _pair(files, source.name, limits)


_DESCRIPTION = ("Gephi's CSV pair: a nodes table (Id, Label, attributes) and an edges table (Source, Target, Type, "
                "Weight, attributes); nodes become actors, edges two-actor cooperations with their weight")
FORMAT = Format("gephi-csv", "Gephi CSV (edges table, or nodes and edges in a .zip)",
                _DESCRIPTION + " (an edges CSV alone, or both in a .zip)", sniff, read,
                convert=graph_convert(KEYS, what="edge"), nouns=("edges", "participations", "actors"))
FOLDER_FORMAT = Format("gephi-csv-folder", "Gephi CSV pair (folder)", _DESCRIPTION + " (in one folder)",
                       sniff_folder, read_folder, convert=graph_convert(KEYS, what="edge"), folder=True,
                       nouns=("edges", "participations", "actors"))
