"""GraphML files, as Gephi, networkx, igraph, yEd and this project's export write them.

Nodes become actors, edges two-actor cooperations whose weight is kept (see
:mod:`graph_explorer.dataset.graphs`); parsed by :func:`~graph_explorer.dataset.graphxml.parse_graphml`
(safe, incremental). Example (networkx's ``write_graphml``)::

    <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
      <key id="d0" for="node" attr.name="country" attr.type="string"/>
      <key id="d1" for="edge" attr.name="weight" attr.type="double"/>
      <graph edgedefault="undirected">
        <node id="Riga State Technical School"><data key="d0">LV</data></node>
        <node id="Omnia"><data key="d0">FI</data></node>
        <edge source="Riga State Technical School" target="Omnia"><data key="d1">3.0</data></edge>
      </graph></graphml>
"""

from __future__ import annotations

from ..graphs import GraphKeys
from ..graphxml import parse_graphml
from .base import Format
from .graph_common import graph_convert, xml_read, xml_sniff

__all__ = ["FORMAT", "sniff", "read", "KEYS"]

#: Gephi names an edge's label "Edge Label" and its id "Edge Id".
KEYS = GraphKeys(edge_title=("label", "edge_label", "title", "name"), edge_id=("id", "edge_id"))

sniff = xml_sniff("graphml")
read = xml_read(parse_graphml)

FORMAT = Format(
    "graphml", "GraphML file",
    "a GraphML graph (e.g. from Gephi, networkx, igraph or yEd): nodes become actors (label, country and kind "
    "attributes), edges two-actor cooperations with their weight",
    sniff, read, convert=graph_convert(KEYS, what="edge"), nouns=("edges", "participations", "actors"))
