"""GraphML and GEXF read back with networkx: same nodes, links, attributes and positions."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from defusedxml import ElementTree

from graph_explorer.export.graphs import GEXF_SCALE, export_graph, export_graph_object, scalar


@pytest.fixture(scope="module")
def expected(explorer, green_spec):
    return export_graph_object(explorer, green_spec)


def same_attrs(read: dict, written: dict) -> None:
    assert set(read) == set(written), set(read) ^ set(written)
    for k, v in written.items():
        if isinstance(v, float):
            assert read[k] == pytest.approx(v, rel=1e-9), k
        else:
            assert read[k] == v, k


def test_export_graph_object_is_the_view_with_metrics_and_positions(explorer, green_spec, expected):
    G = explorer.graph(green_spec)
    assert set(expected.nodes) == set(G.nodes) and expected.number_of_edges() == G.number_of_edges()
    m = explorer.metrics(green_spec)
    scene = explorer.scene(green_spec)
    xy = scene.nodes.set_index("id")
    for v, d in expected.nodes(data=True):
        assert d["pagerank"] == pytest.approx(m.loc[v, "pagerank"])
        assert (d["x"], d["y"]) == pytest.approx((xy.loc[v, "x"], xy.loc[v, "y"]))
        assert all(not isinstance(a, (tuple, list)) and a is not None for a in d.values())
    u, w, d = next(iter(expected.edges(data=True)))
    assert d["cooperations"] == ";".join(G.edges[u, w]["cooperations"])
    assert expected.graph["query"] == green_spec.to_query()


def test_graphml_reads_back_the_same(explorer, green_spec, expected, export_dir):
    data = export_graph(explorer, green_spec, "graphml")
    (export_dir / "green.graphml").write_bytes(data)
    H = nx.read_graphml(io.BytesIO(data))
    assert set(H.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in expected.edges}
    for v in expected.nodes:
        same_attrs(H.nodes[v], expected.nodes[v])
    for u, w in expected.edges:
        same_attrs(H.edges[u, w], expected.edges[u, w])
    assert H.graph["query"] == green_spec.to_query()


def test_gexf_reads_back_the_same_with_positions(explorer, green_spec, expected, export_dir):
    data = export_graph(explorer, green_spec, "gexf")
    (export_dir / "green.gexf").write_bytes(data)
    root = ElementTree.fromstring(data)
    assert root.tag.endswith("gexf")
    H = nx.read_gexf(io.BytesIO(data))
    assert set(H.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in expected.edges}
    for v, d in expected.nodes(data=True):
        r = dict(H.nodes[v])
        viz = r.pop("viz")
        assert viz["position"]["x"] == pytest.approx(d["x"] * GEXF_SCALE)
        assert viz["position"]["y"] == pytest.approx(d["y"] * GEXF_SCALE)
        assert viz["size"] == pytest.approx(d["size_on_picture"])
        assert "color" in viz
        for k, val in d.items():
            if isinstance(val, float) or isinstance(r.get(k), float):
                assert float(r[k]) == pytest.approx(float(val)), k
            else:
                assert r[k] == val, k
    for u, w, d in expected.edges(data=True):
        r = H.edges[u, w]
        assert r["weight"] == pytest.approx(d["weight"])
        assert r["cooperations"] == d["cooperations"]
        assert r["themes"] == d["themes"]


def test_gexf_map_view_positions_are_longitude_latitude(explorer):
    from graph_explorer.view import ViewSpec

    spec = ViewSpec.from_query("level=country&view=map")
    H = nx.read_gexf(io.BytesIO(export_graph(explorer, spec, "gexf")))
    lv = H.nodes["LV"]["viz"]["position"]
    assert lv["x"] == pytest.approx(24.1, abs=1.0) and lv["y"] == pytest.approx(56.9, abs=1.0)


def test_missing_values_are_left_out_not_faked(explorer):
    from graph_explorer.view import ViewSpec

    spec = ViewSpec()
    G = export_graph_object(explorer, spec)
    raw = explorer.graph(spec)
    missing = [(v, k) for v, d in raw.nodes(data=True) for k, a in d.items() if a is None]
    assert missing, "the bundled data has actors without a country or region"
    for v, k in missing[:50]:
        assert k not in G.nodes[v]
    assert scalar(float("nan")) is None and scalar(("a", "b")) == "a;b"


# -- GEXF against the official 1.2draft schema and what other readers keep ---------------------

GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.mark.parametrize("query", ["level=country&theme=green&years=2021-2025&color=region",
                                   "level=country&view=map", "theme=wbl", "level=bipartite&kind=peer+review"])
def test_gexf_export_is_valid_against_the_official_schema(explorer, gexf_schema, query):
    from graph_explorer.view import ViewSpec

    data = export_graph(explorer, ViewSpec.from_query(query), "gexf")
    assert gexf_schema.errors(data) == []


def test_the_schema_check_rejects_what_the_old_export_wrote(gexf_schema):
    # networkx's writer, as used before: a graph name and timeformat="long" for edges with start/end
    G = nx.Graph(name="")
    G.add_edge("a", "b", start=2021, end=2022, weight=1.0)
    buf = io.BytesIO()
    nx.write_gexf(G, buf, version="1.2draft")
    errors = gexf_schema.errors(buf.getvalue())
    assert any("timeformat" in e for e in errors) and any("name" in e for e in errors), errors


def test_gexf_meta_carries_the_view_and_every_source_with_its_licence(explorer, green_spec):
    from lxml import etree

    data = export_graph(explorer, green_spec, "gexf")
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    description = root.find(f"{GEXF}meta/{GEXF}description").text
    attribution = explorer.scene(green_spec).attribution
    assert attribution and all(a in description for a in attribution)
    assert "CC BY 4.0" in description
    assert green_spec.to_query() in description
    assert root.find(f"{GEXF}meta/{GEXF}creator").text.startswith("graph_explorer")
    graph = root.find(f"{GEXF}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "integer" and graph.get("name") is None


def test_gexf_link_years_are_also_plain_attributes(explorer, green_spec):
    from lxml import etree

    data = export_graph(explorer, green_spec, "gexf")
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    edges = root.findall(f"{GEXF}graph/{GEXF}edges/{GEXF}edge")
    expected = {frozenset((u, v)): d for u, v, d in explorer.graph(green_spec).edges(data=True)}
    assert len(edges) == len(expected) > 100
    for e in edges:
        plain = {a.get("for"): a.get("value") for a in e.iter(f"{GEXF}attvalue")}
        d = expected[frozenset((e.get("source"), e.get("target")))]
        assert (e.get("start"), e.get("end")) == (str(d["start"]), str(d["end"]))
        assert (plain["start_year"], plain["end_year"]) == (str(d["start"]), str(d["end"]))
        assert float(e.get("weight")) == pytest.approx(d["weight"])


def test_gexf_export_is_reproducible(explorer, green_spec):
    assert export_graph(explorer, green_spec, "gexf") == export_graph(explorer, green_spec, "gexf")


def test_graphml_export_reads_in_igraph(explorer, green_spec, tmp_path):
    """igraph's own (C) GraphML reader: same nodes, links, weights and attributes."""
    import igraph

    path = tmp_path / "green.graphml"
    path.write_bytes(export_graph(explorer, green_spec, "graphml"))
    g = igraph.Graph.Read_GraphML(str(path))
    G = explorer.graph(green_spec)
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert sum(g.es["weight"]) == pytest.approx(sum(w for _, _, w in G.edges(data="weight")))
    by_id = {v["id"]: v for v in g.vs}
    assert by_id["LV"]["label"] == "Latvia" and by_id["LV"]["region"] == "Baltic"
    ends = {frozenset((g.vs[e.source]["id"], g.vs[e.target]["id"])): e["weight"] for e in g.es}
    assert ends == pytest.approx({frozenset((u, v)): w for u, v, w in G.edges(data="weight")})
