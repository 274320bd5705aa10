"""GEXF 1.1, 1.2 and 1.3 files, as Gephi, networkx, graphology and this project's export write them.

Nodes become actors, edges two-actor cooperations whose weight is kept (see
:mod:`graph_explorer.dataset.graphs`); parsed by :func:`~graph_explorer.dataset.graphxml.parse_gexf`
(safe, incremental). Example::

    <gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="undirected">
      <attributes class="node"><attribute id="0" title="country" type="string"/></attributes>
      <nodes><node id="a" label="Riga State Technical School">
               <attvalues><attvalue for="0" value="LV"/></attvalues></node>
             <node id="b" label="Omnia"><attvalues><attvalue for="0" value="Finland"/></attvalues></node></nodes>
      <edges><edge id="0" source="a" target="b" weight="3"/></edges></graph></gexf>
"""

from __future__ import annotations

from ..graphxml import parse_gexf, xml_refusal
from ..limits import Limits
from .base import NO, Format, Head, Reading, Sniff, Source
from .graph_common import graph_convert

__all__ = ["FORMAT", "sniff", "read"]


def sniff(head: Head) -> Sniff:
    """XML whose root element is <gexf>."""
    if head.is_dir or head.is_zip:
        return NO
    if head.xml_root == "gexf":
        return Sniff(1.0)
    if head.text is not None and "<gexf" in head.text[:4096]:
        return Sniff(0.4, "a <gexf> root element")
    return NO


def read(source: Source, limits: Limits) -> Reading:
    if (refused := xml_refusal(source.head(), source.name)) is not None:
        return Reading({}, [refused])
    with source.open() as stream:
        g = parse_gexf(stream, source.name, limits)
    if g.nodes is None:
        return Reading({}, g.problems)
    notes = [f"GEXF {g.version}".strip()] + ([f"written by {g.creator}"] if g.creator else [])
    return Reading({"nodes": g.nodes, "edges": g.edges}, g.problems, [n for n in notes if n != "GEXF"])


FORMAT = Format(
    "gexf", "GEXF file",
    "a GEXF graph (1.1, 1.2 or 1.3, e.g. from Gephi): nodes become actors (label, country and kind attributes), "
    "edges two-actor cooperations with their weight",
    sniff, read, convert=graph_convert(what="edge"), nouns=("edges", "participations", "actors"))
