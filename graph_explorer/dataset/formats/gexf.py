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

from ..graphxml import parse_gexf
from .base import Format
from .graph_common import graph_convert, xml_read, xml_sniff

__all__ = ["FORMAT", "sniff", "read"]

sniff = xml_sniff("gexf")
read = xml_read(parse_gexf)

FORMAT = Format(
    "gexf", "GEXF file",
    "a GEXF graph (1.1, 1.2 or 1.3, e.g. from Gephi): nodes become actors (label, country and kind attributes), "
    "edges two-actor cooperations with their weight",
    sniff, read, convert=graph_convert(what="edge"), nouns=("edges", "participations", "actors"))
