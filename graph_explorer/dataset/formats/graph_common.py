"""What the graph formats (GEXF, GraphML, Gephi CSV, Kumu, this project's exports) share: the convert step.

Each of them reads a ``nodes`` and an ``edges`` table (see
:mod:`graph_explorer.dataset.graphs` for how they map onto actors,
cooperations and participations); ``convert`` turns them into the data model.
"""

from __future__ import annotations

from ..graphs import DEFAULT_KEYS, GraphKeys, graph_to_tables
from ..graphxml import xml_refusal
from ..report import Problem
from .base import NO, Head, Reading, Sniff

__all__ = ["graph_convert", "xml_sniff", "xml_read"]


def xml_sniff(root: str):
    """A format's ``sniff``: XML whose root element is ``<root>`` (resembling it when the tag only appears)."""

    def sniff(head: Head) -> Sniff:
        if head.is_dir or head.is_zip:
            return NO
        if head.xml_root == root:
            return Sniff(1.0)
        if head.text is not None and f"<{root}" in head.text[:4096]:
            return Sniff(0.4, f"a <{root}> root element")
        return NO

    sniff.__doc__ = f"XML whose root element is <{root}>."
    return sniff


def xml_read(parse):
    """A format's ``read`` for an XML graph file parsed by ``parse(stream, name, limits) -> GraphFile``."""

    def read(source, limits) -> Reading:
        if (refused := xml_refusal(source.head(), source.name)) is not None:
            return Reading({}, [refused])
        with source.open() as stream:
            g = parse(stream, source.name, limits)
        if g.nodes is None:
            return Reading({}, g.problems)
        notes = ([f"GEXF {g.version}"] if g.version else []) + ([f"written by {g.creator}"] if g.creator else [])
        return Reading({"nodes": g.nodes, "edges": g.edges}, g.problems, notes)

    return read


def graph_convert(keys: GraphKeys = DEFAULT_KEYS, *, what: str = "link", default_kind: str = "partnership"):
    """A format's ``convert``: ``nodes`` + ``edges`` → actors, cooperations, participations (+ any other table)."""

    def convert(tables, countries, source_name) -> tuple[dict, list[Problem]]:
        if countries is None or tables.get("edges") is None:
            return {}, []
        out, problems = graph_to_tables(tables.get("nodes"), tables["edges"], countries, keys, what=what,
                                        default_kind=default_kind)
        for name, raw in tables.items():  # attributions, countries, ... read by the format itself
            if name not in ("nodes", "edges") and raw is not None:
                out[name] = raw
        return out, problems

    return convert
