"""Graph files from other tools: Gephi (GEXF 1.2/1.3, GraphML, CSV pair), networkx, Kumu — read as the tool writes them.

The fixtures mirror what each tool writes (Gephi's GEXF and GraphML headers
and keys, its Data Laboratory CSV columns, Kumu's sheet and column names);
networkx's GraphML and GEXF are written by networkx itself. Each test checks
counts, weights and attributes of what was loaded, not only that it loaded.
"""

from __future__ import annotations

import io
import zipfile

import networkx as nx
import openpyxl
import pytest

from graph_explorer.dataset import DataError, load_bytes, load_dataset
from graph_explorer.network import project
from graph_explorer.view import ViewSpec

GEPHI_GEXF_13 = b"""<?xml version='1.0' encoding='UTF-8'?>
<gexf xmlns="http://gexf.net/1.3" version="1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd">
  <meta lastmodifieddate="2025-03-14">
    <creator>Gephi 0.10.1</creator>
    <title></title>
    <description></description>
  </meta>
  <graph defaultedgetype="undirected" mode="static">
    <attributes class="node" mode="static">
      <attribute id="country" title="Country" type="string"/>
      <attribute id="type" title="Type" type="string"/>
      <attribute id="modularity_class" title="Modularity Class" type="integer"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="kind" title="Kind" type="string"/>
      <attribute id="themes" title="Themes" type="string"/>
    </attributes>
    <nodes>
      <node id="0" label="Riga State Technical School">
        <attvalues>
          <attvalue for="country" value="Latvia"/>
          <attvalue for="type" value="School"/>
          <attvalue for="modularity_class" value="0"/>
        </attvalues>
        <viz:size value="10.0"/>
        <viz:position x="-12.5" y="30.1"/>
        <viz:color r="153" g="153" b="153"/>
      </node>
      <node id="1" label="Omnia">
        <attvalues>
          <attvalue for="country" value="FI"/>
          <attvalue for="modularity_class" value="0"/>
        </attvalues>
        <viz:size value="10.0"/>
        <viz:position x="40.0" y="-3.2"/>
      </node>
      <node id="2" label="Lithuania">
        <attvalues>
          <attvalue for="type" value="Country"/>
          <attvalue for="modularity_class" value="1"/>
        </attvalues>
      </node>
      <node id="3" label="Nordic partners">
        <attvalues>
          <attvalue for="type" value="group"/>
        </attvalues>
      </node>
    </nodes>
    <edges>
      <edge id="0" source="0" target="1" weight="3.0">
        <attvalues>
          <attvalue for="kind" value="Erasmus+ project"/>
          <attvalue for="themes" value="green|digital|tourism"/>
        </attvalues>
        <viz:color r="153" g="153" b="153"/>
      </edge>
      <edge id="1" source="1" target="2" weight="1.5"/>
      <edge id="2" source="0" target="2"/>
      <edge id="3" source="2" target="3" weight="2.0"/>
    </edges>
  </graph>
</gexf>
"""

GEPHI_GEXF_12_DYNAMIC = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2" xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd">
  <meta lastmodifieddate="2019-06-01">
    <creator>Gephi 0.9</creator>
    <description></description>
  </meta>
  <graph defaultedgetype="undirected" timeformat="date" mode="dynamic">
    <attributes class="node" mode="static">
      <attribute id="kind" title="kind" type="string">
        <default>organisation</default>
      </attribute>
    </attributes>
    <nodes>
      <node id="LV" label="Latvia"><attvalues><attvalue for="kind" value="country"></attvalue></attvalues></node>
      <node id="FI" label="Finland"><attvalues><attvalue for="kind" value="country"></attvalue></attvalues></node>
      <node id="kpmpc" label="KPMPC"></node>
    </nodes>
    <edges>
      <edge id="e1" source="LV" target="FI" weight="2.0">
        <spells><spell start="2020-01-01" end="2022-12-31"></spell></spells>
      </edge>
      <edge id="e2" source="FI" target="kpmpc" start="2023-03-01" end="2024-06-30"></edge>
    </edges>
  </graph>
</gexf>
"""

GEPHI_GRAPHML = b"""<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key attr.name="label" attr.type="string" for="node" id="label"/>
<key attr.name="Edge Label" attr.type="string" for="edge" id="edgelabel"/>
<key attr.name="weight" attr.type="double" for="edge" id="weight"/>
<key attr.name="Edge Id" attr.type="string" for="edge" id="edgeid"/>
<key attr.name="r" attr.type="int" for="node" id="r"/>
<key attr.name="g" attr.type="int" for="node" id="g"/>
<key attr.name="b" attr.type="int" for="node" id="b"/>
<key attr.name="x" attr.type="float" for="node" id="x"/>
<key attr.name="y" attr.type="float" for="node" id="y"/>
<key attr.name="size" attr.type="float" for="node" id="size"/>
<key attr.name="country" attr.type="string" for="node" id="country"/>
<key attr.name="Modularity Class" attr.type="int" for="node" id="modularity_class"/>
<graph edgedefault="undirected">
<node id="0">
<data key="label">Riga State Technical School</data>
<data key="country">LV</data>
<data key="size">10.0</data>
<data key="r">153</data>
<data key="g">153</data>
<data key="b">153</data>
<data key="x">-12.5</data>
<data key="y">30.1</data>
<data key="modularity_class">0</data>
</node>
<node id="1">
<data key="label">Omnia</data>
<data key="country">Finland</data>
<data key="modularity_class">0</data>
</node>
<node id="2">
<data key="label">Tallinn Polytechnic</data>
<data key="country">EE</data>
</node>
<edge id="0" source="0" target="1">
<data key="edgelabel">FinLat-Logic</data>
<data key="edgeid">0</data>
<data key="weight">4.0</data>
</edge>
<edge id="1" source="1" target="2">
<data key="edgeid">1</data>
<data key="weight">0.5</data>
</edge>
<edge id="2" source="0" target="1">
<data key="edgeid">2</data>
<data key="weight">1.0</data>
</edge>
</graph>
</graphml>
"""

GEPHI_NODES_CSV = "Id,Label,timeset,country,Modularity Class\r\n1,Riga State Technical School,,LV,0\r\n" \
                  "2,Omnia,,Finland,0\r\n3,Tallinn Polytechnic,,EE,1\r\n4,Lonely College,,DE,2\r\n"
GEPHI_EDGES_CSV = "Source,Target,Type,Id,Label,timeset,Weight\r\n1,2,Undirected,0,,,3.0\r\n" \
                  "2,3,Undirected,1,Baltic link,,1.5\r\n3,1,Directed,2,,,2.0\r\n"


def kumu_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    elements = book.create_sheet("Elements")
    for row in (["Label", "Type", "Description", "Tags", "Country"],
                ["Riga State Technical School", "Organization", "VET school in Riga", "vet; school", "Latvia"],
                ["Omnia", "Organization", None, None, "FI"],
                ["Latvia", "Country", None, None, None],
                ["EQAVET network", "Network", None, None, None]):
        elements.append(row)
    connections = book.create_sheet("Connections")
    for row in (["From", "To", "Type", "Direction", "Tags", "Weight", "Start", "End"],
                ["Riga State Technical School", "Omnia", "Partnership", "directed", "green; digital; tourism", 2, 2021, 2023],
                ["Omnia", "Latvia", "Agreement", "undirected", "wbl", None, 2022, None],
                ["Latvia", "EQAVET network", "member of", "undirected", None, 1.5, None, None],
                ["Omnia", "Omnia", "Partnership", None, None, None, None, None]):
        connections.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_of(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return out.getvalue()


def links(ds, level="organisation", weight="count"):
    """{frozenset(ends): link weight} of the dataset projected at ``level``."""
    p = project(ds, ViewSpec(level=level, weight=weight))
    return {frozenset((s, t)): w for s, t, w in p.edges[["source", "target", "weight"]].itertuples(index=False)}


# -- GEXF ----------------------------------------------------------------------------------------


def test_gephi_gexf_13_nodes_weights_and_attributes():
    ds = load_bytes(GEPHI_GEXF_13, "gephi.gexf")
    assert ds.report.read_as.startswith("Read as: GEXF file — 4 edges, 8 participations, 4 actors; GEXF 1.3; "
                                        "written by Gephi 0.10.1")
    a = ds.actors.set_index("id")
    assert a.loc["0", ["name", "kind", "country"]].tolist() == ["Riga State Technical School", "organisation", "LV"]
    assert a.loc["1", "country"] == "FI" and a.loc["2", ["kind", "country"]].tolist() == ["country", "LT"]
    assert a.loc["3", "kind"] == "group" and a["country"].isna().tolist() == [False, False, False, True]
    c = ds.cooperations.set_index("id")
    assert c.loc["link-0", ["kind", "themes", "weight"]].tolist() == ["project", ("green", "digital"), 3.0]
    assert "tourism" in c.loc["link-0", "description"]
    assert c["weight"].fillna(1).sum() == pytest.approx(3 + 1.5 + 1 + 2)
    assert links(ds) == pytest.approx({frozenset("01"): 3.0, frozenset("12"): 1.5, frozenset("02"): 1.0,
                                       frozenset("23"): 2.0})
    # country level: LV–FI 3, FI–LT 1.5, LV–LT 1, LT–the group 2
    assert links(ds, "country") == pytest.approx({frozenset(("LV", "FI")): 3.0, frozenset(("FI", "LT")): 1.5,
                                                  frozenset(("LV", "LT")): 1.0, frozenset(("LT", "3")): 2.0})
    assert any("Modularity Class" in p.message for p in ds.report.infos)


def test_gephi_gexf_12_dynamic_years_from_spells_and_attributes_defaults():
    ds = load_bytes(GEPHI_GEXF_12_DYNAMIC, "dynamic.gexf")
    c = ds.cooperations.set_index("id")
    assert c.loc["link-e1", ["start_year", "end_year", "weight"]].tolist() == [2020, 2022, 2.0]
    assert c.loc["link-e2", ["start_year", "end_year"]].tolist() == [2023, 2024]
    a = ds.actors.set_index("id")
    assert a.loc["LV", ["kind", "country"]].tolist() == ["country", "LV"]
    assert a.loc["kpmpc", "kind"] == "organisation"  # the attribute's default
    p = project(ds, ViewSpec(years=(2023, 2025)))
    assert list(zip(p.edges["source"], p.edges["target"])) == [("FI", "kpmpc")]


def test_networkx_gexf_and_graphml_read_back_with_weights(tmp_path):
    G = nx.Graph()
    G.add_node("Riga State Technical School", country="LV", kind="organisation")
    G.add_node("Omnia", country="FI")
    G.add_node("Tallinn Polytechnic", country="Estonia")
    G.add_edge("Riga State Technical School", "Omnia", weight=2.5, kind="partnership")
    G.add_edge("Omnia", "Tallinn Polytechnic", weight=1.0)
    nx.write_graphml(G, tmp_path / "nx.graphml")
    nx.write_gexf(G, tmp_path / "nx.gexf")
    for name in ("nx.graphml", "nx.gexf"):
        ds = load_dataset(tmp_path / name)
        a = ds.actors.set_index("id")
        assert a["country"].to_dict() == {"Riga State Technical School": "LV", "Omnia": "FI",
                                          "Tallinn Polytechnic": "EE"}, name
        assert links(ds) == {frozenset(("Riga State Technical School", "Omnia")): 2.5,
                             frozenset(("Omnia", "Tallinn Polytechnic")): 1.0}, name


# -- GraphML ----------------------------------------------------------------------------------------


def test_gephi_graphml_labels_countries_parallel_edges_and_weights():
    ds = load_bytes(GEPHI_GRAPHML, "gephi.graphml")
    assert ds.report.read_as == "Read as: GraphML file — 3 edges, 6 participations, 3 actors"
    a = ds.actors.set_index("id")
    assert a[["name", "country"]].to_dict("index") == {
        "0": {"name": "Riga State Technical School", "country": "LV"},
        "1": {"name": "Omnia", "country": "FI"}, "2": {"name": "Tallinn Polytechnic", "country": "EE"}}
    c = ds.cooperations.set_index("id")
    assert c.loc["link-0", "title"] == "FinLat-Logic"
    # two parallel edges 0–1 (4.0 and 1.0) are two cooperations: one link of weight 5, count 2
    p = project(ds)
    row = p.edges[(p.edges["source"] == "0") & (p.edges["target"] == "1")].iloc[0]
    assert (row["weight"], row["count"]) == (5.0, 2)
    assert links(ds)[frozenset("12")] == 0.5
    assert p.edges["weight"].sum() == pytest.approx(5.5)


def test_yed_graphics_data_is_skipped_and_directed_graphs_say_so():
    yed = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key attr.name="country" attr.type="string" for="node" id="d1"/>
  <graph edgedefault="directed" id="G">
    <node id="n0"><data key="d1">LV</data><data key="d6"><y:ShapeNode><y:NodeLabel>Riga</y:NodeLabel></y:ShapeNode></data></node>
    <node id="n1"><data key="d1">LT</data></node>
    <edge id="e0" source="n0" target="n1"/>
  </graph>
</graphml>"""
    ds = load_bytes(yed, "yed.graphml")
    assert ds.actors.set_index("id")["country"].to_dict() == {"n0": "LV", "n1": "LT"}
    assert any("directed" in p.message for p in ds.report.infos)
    assert links(ds) == {frozenset(("n0", "n1")): 1.0}


# -- Gephi CSV ------------------------------------------------------------------------------------


def check_gephi_pair(ds, lonely=True):
    a = ds.actors.set_index("id")
    assert a.loc["1", ["name", "country"]].tolist() == ["Riga State Technical School", "LV"]
    assert a.loc["2", "country"] == "FI"
    assert links(ds) == pytest.approx({frozenset("12"): 3.0, frozenset("23"): 1.5, frozenset("13"): 2.0})
    assert ds.cooperations.set_index("id").loc["link-1", "title"] == "Baltic link"
    # a node without edges stays a node (in a cooperation of its own), as Gephi shows it
    p = project(ds)
    assert ("4" in set(p.nodes["id"])) == lonely


def test_gephi_csv_pair_as_a_zip(tmp_path):
    data = zip_of({"nodes.csv": GEPHI_NODES_CSV, "edges.csv": GEPHI_EDGES_CSV})
    ds = load_bytes(data, "gephi.zip")
    assert ds.report.read_as.startswith("Read as: Gephi CSV")
    check_gephi_pair(ds)


def test_gephi_csv_pair_in_a_folder_and_the_edges_file_alone(tmp_path):
    (tmp_path / "pair").mkdir()
    (tmp_path / "pair" / "My graph [Nodes].csv").write_text(GEPHI_NODES_CSV, encoding="utf-8")
    (tmp_path / "pair" / "My graph [Edges].csv").write_text(GEPHI_EDGES_CSV, encoding="utf-8")
    ds = load_dataset(tmp_path / "pair")
    assert ds.report.read_as.startswith("Read as: Gephi CSV pair (folder) — 4 edges")
    check_gephi_pair(ds)
    alone = load_bytes(GEPHI_EDGES_CSV.encode(), "edges.csv")
    assert len(alone.actors) == 3 and set(alone.actors["name"]) == {"1", "2", "3"}
    assert links(alone) == pytest.approx({frozenset("12"): 3.0, frozenset("23"): 1.5, frozenset("13"): 2.0})


def test_a_negative_gephi_weight_is_an_error_naming_row_and_column():
    bad = GEPHI_EDGES_CSV.replace("Baltic link,,1.5", "Baltic link,,-1.5")
    with pytest.raises(DataError) as err:
        load_bytes(bad.encode(), "edges.csv")
    (p,) = err.value.report.errors
    assert (p.file, p.row, p.column) == ("edges.csv", 3, "Weight") and "not above 0" in p.message


# -- Kumu -------------------------------------------------------------------------------------------


def test_kumu_workbook_elements_and_connections():
    ds = load_bytes(kumu_workbook(), "kumu.xlsx")
    assert ds.report.read_as.startswith("Read as: Kumu workbook — 3 connections")
    a = ds.actors.set_index("id")
    assert a.loc["Riga State Technical School", ["kind", "country"]].tolist() == ["organisation", "LV"]
    assert a.loc["Latvia", ["kind", "country"]].tolist() == ["country", "LV"]
    assert a.loc["EQAVET network", "kind"] == "network" and a.loc["Omnia", "country"] == "FI"
    c = ds.cooperations.sort_values("id").reset_index(drop=True)
    first = c[c["title"] == "Riga State Technical School – Omnia"].iloc[0]
    assert (first["kind"], first["themes"], first["weight"], first["start_year"], first["end_year"]) == \
        ("partnership", ("green", "digital"), 2.0, 2021, 2023)
    assert "tourism" in first["description"]
    agreement = c[c["kind"] == "agreement"].iloc[0]
    assert agreement["themes"] == ("wbl",) and agreement["end_year"] == 2022
    # "member of" is no cooperation kind: a partnership, said in the report; the self-loop is left out, said too
    assert set(c["kind"]) == {"partnership", "agreement"}
    assert any("member of" in p.message for p in ds.report.infos)
    assert any("to itself" in p.message and p.row == 5 for p in ds.report.warnings)
    assert links(ds) == pytest.approx({frozenset(("Riga State Technical School", "Omnia")): 2.0,
                                       frozenset(("Omnia", "Latvia")): 1.0,
                                       frozenset(("Latvia", "EQAVET network")): 1.5})
    assert project(ds, ViewSpec(themes=("green",))).n_edges == 1


# -- safety -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, data", [
    ("bomb.gexf", b'<?xml version="1.0"?><!DOCTYPE gexf [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                  b'<gexf version="1.3"><graph><nodes><node id="&b;"/></nodes></graph></gexf>'),
    ("xxe.graphml", b'<?xml version="1.0"?><!DOCTYPE graphml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    b'<graphml><graph><node id="&x;"/></graph></graphml>'),
])
def test_entity_declarations_are_refused_before_parsing(name, data):
    with pytest.raises(DataError) as err:
        load_bytes(data, name)
    assert any("DOCTYPE" in p.message for p in err.value.report.errors)


def test_broken_xml_names_the_line():
    data = GEPHI_GRAPHML.replace(b"</node>\n<node id=\"1\">", b"</nod>\n<node id=\"1\">")
    with pytest.raises(DataError) as err:
        load_bytes(data, "broken.graphml")
    (p,) = err.value.report.errors
    assert p.row is not None and p.row > 10 and "not well-formed" in p.message


@pytest.mark.parametrize("parse, wanted, label", [("parse_gexf", "gexf", "GEXF"), ("parse_graphml", "graphml", "GraphML")])
def test_a_file_of_another_root_element_is_named_and_nothing_read(parse, wanted, label):
    from graph_explorer.dataset import graphxml

    g = getattr(graphxml, parse)(io.BytesIO(b'<?xml version="1.0"?>\n<svg><node id="a"/></svg>'), "g.xml")
    assert g.nodes is None and g.edges is None
    assert [(p.row, p.message) for p in g.problems] == [
        (2, f"The root element is <svg>, not <{wanted}>; this is not a {label} file.")]
