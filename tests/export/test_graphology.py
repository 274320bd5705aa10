"""The graphology JSON export (sigma.js, Gephi Lite) read back by graphology itself (Node.js) and by Python."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from graph_explorer.export import FORMATS, export_view
from graph_explorer.view import ViewSpec

GRAPHOLOGY = Path(__file__).resolve().parents[1] / "vendor" / "graphology" / "graphology.umd.min.js"
NODE = shutil.which("node")
VIEWS = ["level=country&theme=green&years=2021-2025&color=region", "theme=wbl", "level=bipartite&kind=peer+review",
         "level=country&view=map"]

READ = """
const fs = require('fs');
const Graph = require(process.argv[1]);
const g = Graph.from(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
console.log(JSON.stringify({
  type: g.type, multi: g.multi, order: g.order, size: g.size, query: g.getAttribute('query'),
  nodes: g.mapNodes((key, a) => [key, a.label, a.x, a.y, a.size, a.color, a.degree]),
  edges: g.mapEdges((key, a, source, target) => [source, target, a.weight]),
}));
"""


def _expected(explorer, spec):
    p = explorer.projection(spec)
    edges = {frozenset((str(s), str(t))): w for s, t, w in p.edges[["source", "target", "weight"]].itertuples(index=False)}
    return {str(v) for v in p.nodes["id"]}, edges


def test_the_format_is_registered_as_json():
    f = FORMATS["graphology"]
    assert (f.extension, f.mime, f.section) == ("json", "application/json", "Graph")


@pytest.mark.parametrize("query", VIEWS)
def test_graphology_json_is_the_view(explorer, query):
    spec = ViewSpec.from_query(query)
    (f,) = export_view(explorer, spec, "graphology", basename="view")
    assert f.name == "view.json" and f.mimetype == "application/json"
    doc = json.loads(f.data)
    assert set(doc) == {"attributes", "options", "nodes", "edges"}
    assert doc["options"] == {"type": "undirected", "multi": False, "allowSelfLoops": False}
    assert doc["attributes"]["query"] == spec.to_query()
    nodes, edges = _expected(explorer, spec)
    assert [n["key"] for n in doc["nodes"]] and {n["key"] for n in doc["nodes"]} == nodes
    got = {frozenset((e["source"], e["target"])): e["attributes"]["weight"] for e in doc["edges"]}
    assert got.keys() == edges.keys() and all(got[k] == pytest.approx(w) for k, w in edges.items())
    assert len({e["key"] for e in doc["edges"]}) == len(doc["edges"])
    scene = explorer.scene(spec).nodes.set_index("id")
    for n in doc["nodes"]:
        a, row = n["attributes"], scene.loc[n["key"]] if n["key"] in scene.index else None
        assert isinstance(a["label"], str) and a["label"]
        if row is not None:  # sigma's position, size and colour: those of the picture
            assert (a["x"], a["y"], a["size"]) == pytest.approx((row["x"], row["y"], row["size"]))
            if isinstance(row["color"], str):
                assert a["color"] == row["color"]


def test_metrics_are_node_attributes(explorer):
    spec = ViewSpec.from_query(VIEWS[0])
    (f,) = export_view(explorer, spec, "graphology")
    m = explorer.metrics(spec)
    attrs = {n["key"]: n["attributes"] for n in json.loads(f.data)["nodes"]}
    for v in m.index:
        assert attrs[str(v)]["degree"] == m.loc[v, "degree"]
        assert attrs[str(v)]["harmonic"] == pytest.approx(m.loc[v, "harmonic"])


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
@pytest.mark.parametrize("query", VIEWS[:3])
def test_graphology_reads_it_back(explorer, tmp_path, query):
    spec = ViewSpec.from_query(query)
    (f,) = export_view(explorer, spec, "graphology")
    path = tmp_path / f.name
    path.write_bytes(f.data)
    out = subprocess.run([NODE, "-e", READ, "--", str(GRAPHOLOGY), str(path)], capture_output=True, text=True,
                         timeout=60, check=True)
    g = json.loads(out.stdout)
    nodes, edges = _expected(explorer, spec)
    assert (g["type"], g["multi"], g["order"], g["size"]) == ("undirected", False, len(nodes), len(edges))
    assert g["query"] == spec.to_query()
    assert {n[0] for n in g["nodes"]} == nodes
    read = {frozenset((s, t)): w for s, t, w in g["edges"]}
    assert read.keys() == edges.keys() and all(read[k] == pytest.approx(w) for k, w in edges.items())
    # every node has what sigma.js draws: a label, numeric x, y and size
    assert all(isinstance(lab, str) and isinstance(x, (int, float)) and isinstance(y, (int, float))
               and isinstance(size, (int, float)) for _, lab, x, y, size, *_ in g["nodes"])
