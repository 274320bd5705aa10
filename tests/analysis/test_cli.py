"""The analysis commands, in process with click's CliRunner."""

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from graph_explorer.cli import main

LINKS = """source,target,kind,themes,start,source_country,target_country
Kold College,Aarhus Tech,partnership,green,2021,DK,DK
Aarhus Tech,Riga Technical School,partnership,green;digital,2022,DK,LV
Riga Technical School,Tallinn School,partnership,digital,2022,LV,EE
Kold College,Koldinghus Skole,partnership,wbl,2023,DK,DK
Tallinn School,Riga State College,partnership,quality,2023,EE,LV
"""


@pytest.fixture(scope="module")
def links(tmp_path_factory):
    path = tmp_path_factory.mktemp("links") / "links.csv"
    path.write_text(LINKS, encoding="utf-8")
    return str(path)


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result


def test_metrics_csv(links):
    r = run("metrics", "--data", links)
    assert r.exit_code == 0, r.output
    t = pd.read_csv(io.StringIO(r.output))
    assert len(t) == 6
    for col in ("id", "label", "kind", "country", "region", "degree", "degree_rank", "betweenness",
                "betweenness_weighted", "closeness", "eigenvector", "pagerank", "clustering", "core_number",
                "articulation_point", "community", "ei_index"):
        assert col in t.columns
    t = t.set_index("id")
    assert t.loc["Aarhus Tech", "articulation_point"] and t.loc["Riga Technical School", "betweenness_rank"] == 1


def test_metrics_json_graph_level_and_describe(links):
    r = run("metrics", "--data", links, "--format", "json")
    assert r.exit_code == 0 and len(json.loads(r.output)) == 6
    r = run("metrics", "--data", links, "--graph-level", "--format", "json")
    g = json.loads(r.output)
    assert g["nodes"] == 6 and g["links"] == 5 and g["diameter"] == 5 and g["diameter_approximate"] is False
    r = run("metrics", "--describe")
    assert "distance = 1/weight" in r.output


def test_metrics_view_options(links):
    r = run("metrics", "--data", links, "--theme", "green", "--format", "json")
    assert {row["id"] for row in json.loads(r.output)} == {"Kold College", "Aarhus Tech", "Riga Technical School"}


def test_path(links):
    r = run("path", "--data", links, "kold college", "riga state")
    assert r.exit_code == 0, r.output
    t = pd.read_csv(io.StringIO(r.output))
    assert list(t["target"]) == ["Aarhus Tech", "Riga Technical School", "Tallinn School", "Riga State College"]
    assert t["cooperations"].str.startswith("link-").all()
    r = run("path", "--data", links, "Kold College", "Riga State College", "--format", "json")
    assert json.loads(r.output)["length"] == 4


def test_ambiguous_and_unknown_actor_exit_2_with_candidates(links):
    r = run("path", "--data", links, "kold", "tallinn")
    assert r.exit_code == 2
    assert "Kold College" in r.output and "Koldinghus Skole" in r.output and "Traceback" not in r.output
    r = run("suggest", "--data", links, "Copenhagen")
    assert r.exit_code == 2 and "no actor in this view matches 'Copenhagen'" in r.output


def test_suggest(links):
    r = run("suggest", "--data", links, "Kold College", "--top", "2")
    assert r.exit_code == 0, r.output
    t = pd.read_csv(io.StringIO(r.output))
    assert t.loc[0, "id"] == "Riga Technical School" and "1 shared partner (Aarhus Tech)" in t.loc[0, "reason"]
    assert run("suggest", "--data", links).exit_code == 2  # no actor, no --evaluate


def test_whatif(links):
    r = run("whatif", "--data", links, "--remove", "aarhus")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["removed_actors"] == [{"id": "Aarhus Tech", "label": "Aarhus Tech"}]
    assert [d["id"] for d in out["disconnected"]] == ["Kold College", "Koldinghus Skole"]
    assert out["before"]["components"] == 1 and out["after"]["components"] == 2
    r = run("whatif", "--data", links, "--remove-cooperation", "link-3", "--format", "csv")
    t = pd.read_csv(io.StringIO(r.output), dtype=str).set_index("measure")
    assert t.loc["components", "after"] == "2" and t.loc["links_removed", "change"] == "1"
    r = run("whatif", "--data", links, "--remove-cooperation", "nope")
    assert r.exit_code == 2 and "nope" in r.output
    assert run("whatif", "--data", links).exit_code == 2


def test_bundled_metrics_one_row_per_node(bundled_graph):
    r = run("metrics", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.output)
    assert len(rows) == bundled_graph.number_of_nodes()
    assert {row["id"] for row in rows} == set(bundled_graph)
