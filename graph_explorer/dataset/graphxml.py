"""GEXF and GraphML files as node and link tables, parsed safely and in one pass.

Both are read with lxml's incremental parser (``iterparse``) with entity
resolution, DTD loading and network access off, and each node and link
element is dropped once read, so memory stays proportional to the tables,
not to the XML. A file that declares a DOCTYPE or entities is refused before
parsing (no legitimate GEXF or GraphML needs one; entity tricks are how XML
bombs work). The result is two :class:`~graph_explorer.dataset.readers.RawTable`
objects whose rows are the line numbers of the elements and whose columns are
the attribute titles as written, for :func:`~graph_explorer.dataset.graphs.graph_to_tables`.

GEXF (1.1draft, 1.2draft, 1.3, as Gephi, networkx, graphology and this
project write it): ``<attributes class="node|edge">`` declare attribute ids,
titles and defaults; ``<node id label>`` and ``<edge id source target weight
label start end>`` hold ``<attvalues><attvalue for value/>``; a
``<spells>``'s first start/end stands for the element's when it has none;
``viz:*`` elements are drawing and are skipped.

GraphML (as Gephi, networkx, igraph, yEd and this project write it):
``<key id for attr.name>`` (with an optional ``<default>``); ``<node id>`` and
``<edge source target>`` hold ``<data key>``; a data element with child
elements (yEd's graphics) is drawing and is skipped; a nested graph belongs
to its node (its own nodes are not read).

Examples
--------
>>> import io
>>> gexf = b'''<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="undirected">
... <attributes class="node"><attribute id="0" title="country" type="string"/></attributes>
... <nodes><node id="a" label="Riga"><attvalues><attvalue for="0" value="LV"/></attvalues></node>
... <node id="b" label="Oulu"/></nodes><edges><edge id="0" source="a" target="b" weight="3"/></edges></graph></gexf>'''
>>> g = parse_gexf(io.BytesIO(gexf), "g.gexf")
>>> g.nodes.frame.to_dict("records"), g.edges.frame[["source", "target", "weight"]].to_dict("records")
([{'id': 'a', 'label': 'Riga', 'country': 'LV'}, {'id': 'b', 'label': 'Oulu', 'country': ''}], [{'source': 'a', 'target': 'b', 'weight': '3'}])
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from .graphs import edge_table, node_table
from .limits import DEFAULT_LIMITS, Limits
from .readers import RawTable, header_key
from .report import ERROR, INFO, Problem, short

__all__ = ["GraphFile", "parse_gexf", "parse_graphml", "xml_refusal", "GEXF_NAMESPACES", "GRAPHML_NAMESPACE"]

GEXF_NAMESPACES = ("http://www.gexf.net/1.1draft", "http://www.gexf.net/1.2draft", "http://gexf.net/1.3",
                   "http://www.gexf.net/1.3", "http://gexf.net/1.2draft", "http://www.gexf.net/1.3draft")
GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


@dataclass
class GraphFile:
    """What a graph file holds: its nodes and links as tables, and facts for the report."""

    nodes: RawTable | None
    edges: RawTable | None
    problems: list[Problem] = field(default_factory=list)
    directed: bool = False
    version: str = ""
    creator: str = ""
    description: str = ""


def xml_refusal(head: bytes, file: str) -> Problem | None:
    """An error when the file declares a DOCTYPE or entities (refused before parsing)."""
    if m := _DECLARATION.search(head):
        return Problem(ERROR, file, None, None, None,
                       f"The file declares an XML {m.group(1).decode().upper()}; graph files are read without "
                       "DOCTYPE or entity declarations (they can expand to huge documents or read other files). "
                       "Export the graph again without them.")
    return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _iterparse(stream):
    from lxml import etree

    return etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                           load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)


class _Budget:
    def __init__(self, file: str, limits: Limits):
        self.file, self.limits, self.t0, self.count = file, limits, time.monotonic(), 0

    def tick(self) -> Problem | None:
        self.count += 1
        if self.count > 2 * self.limits.max_rows:
            return Problem(ERROR, self.file, None, None, None, f"The file has more than {self.limits.max_rows:,} "
                           "nodes or links; it is not read.", allowed=f"at most {self.limits.max_rows:,}")
        if self.count % 10_000 == 0 and time.monotonic() - self.t0 > self.limits.max_seconds:
            return Problem(ERROR, self.file, None, None, None, f"Reading took longer than "
                           f"{self.limits.max_seconds:g} s; the file is not read.")
        return None


def _cell(value: str | None, limits: Limits) -> str:
    text = "" if value is None else str(value).strip()
    return text[: limits.max_cell_chars]


def _parse(stream, file: str, limits: Limits, handler) -> list[Problem]:
    from lxml import etree

    problems: list[Problem] = []
    try:
        for event, el in _iterparse(stream):
            stop = handler(event, el)
            if stop is not None:
                problems.append(stop)
                return problems
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else None)
        problems.append(Problem(ERROR, file, line, None, None, f"The XML is not well-formed: {exc.msg}."))
    return problems


class _Tables:
    """The node and link rows as they are read, each with the line of its element."""

    def __init__(self):
        self.rows: dict[str, list[dict]] = {"node": [], "edge": []}
        self.lines: dict[str, list[int]] = {"node": [], "edge": []}

    def close(self, el, state: dict, declared: dict[str, dict[str, tuple[str, str]]]) -> None:
        """The end of the current <node> or <edge>: attribute defaults filled, the row kept, the element dropped."""
        kind, row, line = state["current"]
        for column, default in declared[kind].values():
            if default and column not in row:
                row[column] = default
        self.rows[kind].append(row)
        self.lines[kind].append(line or 0)
        state["current"] = None
        el.clear(keep_tail=False)

    def finish(self, g: GraphFile, problems: list[Problem], state: dict, file: str,
               header: dict[str, dict[str, str]]) -> GraphFile:
        g.problems = problems
        if state["root"] is None and not problems:
            g.problems.append(Problem(ERROR, file, None, None, None, "The file holds no XML element."))
        if not any(p.severity == ERROR for p in g.problems):
            g.nodes = node_table(file, self.rows["node"], self.lines["node"], header["node"])
            g.edges = edge_table(file, self.rows["edge"], self.lines["edge"], header["edge"])
            if g.directed:
                g.problems.append(Problem(INFO, file, None, None, None, "The graph is directed; its links are "
                                          "read as cooperations of their two ends, without direction."))
        return g


def _root(state: dict, el, name: str, expected: str, label: str, file: str) -> Problem | None:
    """Note the first element's name in ``state``; the problem if it is not ``<expected>``."""
    state["root"] = name
    if name == expected:
        return None
    return Problem(ERROR, file, el.sourceline, None, None,
                   f"The root element is <{short(name)}>, not <{expected}>; this is not a {label} file.")


def parse_gexf(stream, file: str, limits: Limits = DEFAULT_LIMITS) -> GraphFile:
    """The nodes and links of a GEXF file (any version), or the problems that stopped the read."""
    budget = _Budget(file, limits)
    decl: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}  # class -> id -> (key, default)
    header = {"node": {"id": "id", "label": "label"},
              "edge": {"source": "source", "target": "target", "id": "id", "weight": "weight", "label": "label",
                       "start": "start", "end": "end"}}
    tables = _Tables()
    state = {"class": None, "current": None, "attr": None, "root": None, "graph": False, "meta": None}
    g = GraphFile(None, None)

    def handler(event, el):
        name = _local(el.tag)
        if event == "start":
            if state["root"] is None:
                if (p := _root(state, el, name, "gexf", "GEXF", file)) is not None:
                    return p
                g.version = el.get("version", "")
            if name == "graph":
                g.directed = el.get("defaultedgetype", "undirected") == "directed"
            elif name == "attributes":
                state["class"] = el.get("class", "node")
            elif name in ("node", "edge") and state["current"] is None:
                if (p := budget.tick()) is not None:
                    return p
                row = {k: _cell(el.get(k), limits) for k in header[name] if el.get(k) is not None}
                if name == "edge" and el.get("type") == "directed":
                    g.directed = True
                state["current"] = (name, row, el.sourceline)
            return None
        # end events
        if name == "attribute" and state["class"] in decl:
            aid, title = el.get("id", ""), el.get("title") or el.get("id", "")
            default = next((_cell(c.text, limits) for c in el if _local(c.tag) == "default"), "")
            key = header_key(title)
            decl[state["class"]][aid] = (key, default)
            header[state["class"]].setdefault(key, title)
        elif name == "attvalue" and state["current"] is not None:
            kind, row, _ = state["current"]
            spec = decl[kind].get(el.get("for") or el.get("id") or "")
            if spec is not None:
                row.setdefault(spec[0], _cell(el.get("value"), limits))
        elif name == "spell" and state["current"] is not None:
            _, row, _ = state["current"]
            for k in ("start", "end"):
                if el.get(k) is not None:
                    row.setdefault(k, _cell(el.get(k), limits))
        elif name in ("creator", "description") and _local(el.getparent().tag) == "meta":
            setattr(g, name, _cell(el.text, limits))
        elif name in ("node", "edge") and state["current"] is not None and state["current"][0] == name:
            tables.close(el, state, decl)
        return None

    return tables.finish(g, _parse(stream, file, limits, handler), state, file, header)


def parse_graphml(stream, file: str, limits: Limits = DEFAULT_LIMITS) -> GraphFile:
    """The nodes and links of a GraphML file, or the problems that stopped the read."""
    budget = _Budget(file, limits)
    keys: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}  # for -> key id -> (column, default)
    header = {"node": {"id": "id"}, "edge": {"source": "source", "target": "target", "id": "id"}}
    tables = _Tables()
    state = {"root": None, "current": None, "depth": 0}
    g = GraphFile(None, None)

    def handler(event, el):
        name = _local(el.tag)
        if event == "start":
            if state["root"] is None and (p := _root(state, el, name, "graphml", "GraphML", file)) is not None:
                return p
            if name == "graph" and el.get("edgedefault") == "directed":
                g.directed = True
            elif name in ("node", "edge") and state["current"] is None:
                if (p := budget.tick()) is not None:
                    return p
                attrs = ("id",) if name == "node" else ("source", "target", "id")
                row = {k: _cell(el.get(k), limits) for k in attrs if el.get(k) is not None}
                state["current"] = (name, row, el.sourceline)
            return None
        if name == "key":
            target = el.get("for", "all")
            column = header_key(el.get("attr.name") or el.get("id", ""))
            default = next((_cell(c.text, limits) for c in el if _local(c.tag) == "default"), "")
            for cls in (("node", "edge") if target in ("all", "graphml") else (target,)):
                if cls in keys:
                    if column in ("id", "source", "target"):
                        column = f"{column}_attribute"
                    keys[cls][el.get("id", "")] = (column, default)
                    header[cls].setdefault(column, el.get("attr.name") or el.get("id", ""))
        elif name == "data" and state["current"] is not None:
            kind, row, _ = state["current"]
            spec = keys[kind].get(el.get("key", ""))
            parent = el.getparent()
            if spec is not None and len(el) == 0 and parent is not None and _local(parent.tag) == kind:
                row.setdefault(spec[0], _cell(el.text, limits))
        elif name in ("node", "edge") and state["current"] is not None and state["current"][0] == name:
            tables.close(el, state, keys)
        return None

    return tables.finish(g, _parse(stream, file, limits, handler), state, file, header)
