"""The harmonic closeness metric ("Reach"): its values, both engines, and every place it shows."""

import io
import json

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from graph_explorer.analysis.metrics import METRIC_BY_NAME, describe_metrics, harmonic, node_metrics
from graph_explorer.cli import main


def test_harmonic_by_hand_on_a_path_and_a_graph_in_pieces():
    # path a-b-c and an isolated d: a reaches b (1) and c (1/2), not d; n - 1 = 3
    G = nx.path_graph(["a", "b", "c"])
    G.add_node("d")
    for engine in ("networkx", "igraph"):
        h = harmonic(G, engine=engine)
        assert h == pytest.approx({"a": 1.5 / 3, "b": 2 / 3, "c": 1.5 / 3, "d": 0.0}), engine
    assert harmonic(nx.complete_graph(5), engine="networkx") == pytest.approx({i: 1.0 for i in range(5)})
    assert harmonic(nx.empty_graph(1)) == {0: 0.0} and harmonic(nx.Graph()) == {}


def test_igraph_and_networkx_agree(weighted_random, karate):
    for G in (weighted_random, karate):  # weighted_random has an isolated node and a separate pair
        a, b = harmonic(G, engine="networkx"), harmonic(G, engine="igraph")
        assert list(a) == list(b) == list(G)
        assert list(b.values()) == pytest.approx(list(a.values()), abs=1e-12)
        assert all(0.0 <= v <= 1.0 for v in a.values())
    # networkx's sum ÷ (n − 1)
    n = karate.number_of_nodes()
    assert harmonic(karate, engine="igraph")[0] == pytest.approx(nx.harmonic_centrality(karate)[0] / (n - 1))


def test_harmonic_is_a_ranked_column_of_the_metrics_table(karate):
    t = node_metrics(karate, seed=1).set_index("id")
    assert t["harmonic"].tolist() == pytest.approx(list(harmonic(karate, engine="networkx").values()))
    top = t["harmonic"].idxmax()
    assert t.loc[top, "harmonic_rank"] == 1 and top in (0, 33)
    cols = list(t.columns)
    assert cols.index("harmonic_rank") == cols.index("harmonic") + 1


def test_describe_menus_and_words():
    m = METRIC_BY_NAME["harmonic"]
    assert m.label == "Reach (harmonic closeness)" and m.in_menus and m.in_details and m.ranked
    d = describe_metrics().set_index("name")
    assert d.loc["harmonic", "label"] == "Reach (harmonic closeness)" and d.loc["harmonic", "weights"] == "no"
    r = CliRunner().invoke(main, ["metrics", "--describe", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = {row["name"]: row for row in json.loads(r.output)}
    assert rows["harmonic"]["label"] == "Reach (harmonic closeness)"


def test_the_app_offers_it_for_size_and_colour():
    from graph_explorer.app import _metric_names
    from graph_explorer.app.state import choices_for
    from graph_explorer.dataset import load_bundled

    choices = choices_for(load_bundled(), _metric_names())
    assert {"label": "Reach (harmonic closeness)", "value": "harmonic"} in choices.sizes
    assert "harmonic" in choices.color_values


def test_cli_metrics_csv_has_it(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("source,target,kind,themes,start,source_country,target_country\n"
                    "A,B,partnership,green,2021,DK,DK\nB,C,partnership,green,2022,DK,LV\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["metrics", "--data", str(path)])
    assert r.exit_code == 0, r.output
    t = pd.read_csv(io.StringIO(r.output)).set_index("label")
    assert t.loc["B", "harmonic"] == pytest.approx(1.0) and t.loc["A", "harmonic"] == pytest.approx(0.75)
    assert t.loc["B", "harmonic_rank"] == 1
