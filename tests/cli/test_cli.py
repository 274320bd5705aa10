"""The command line: one-shot commands print machine-readable results; bad options exit 2."""

import io
import json

import pandas as pd
from click.testing import CliRunner

from graph_explorer.cli import main
from graph_explorer.network import project
from graph_explorer.view import ViewSpec


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_edges_csv_country_green(bundled):
    r = run("edges", "--level", "country", "--theme", "green")
    assert r.exit_code == 0, r.output
    df = pd.read_csv(io.StringIO(r.output), keep_default_na=False)
    assert list(df.columns[:4]) == ["source", "target", "weight", "count"]
    expected = project(bundled, ViewSpec(level="country", themes=("green",)))
    assert len(df) == expected.n_edges
    row = df.iloc[0]
    exp = expected.edges.iloc[0]
    assert (row["source"], row["target"], row["weight"]) == (exp["source"], exp["target"], exp["weight"])
    assert row["cooperations"] == ";".join(exp["cooperations"])


def test_edges_view_query_equals_flags():
    a = run("edges", "--view", "http://127.0.0.1:8050/?level=country&theme=wbl&years=2022-2024")
    b = run("edges", "--level", "country", "--theme", "wbl", "--years", "2022-2024")
    assert a.exit_code == b.exit_code == 0
    assert a.output == b.output and a.output.count("\n") > 1


def test_summary_json(bundled):
    r = run("summary", "--level", "country", "--format", "json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    p = project(bundled, ViewSpec(level="country"))
    assert (s["nodes"], s["links"]) == (p.n_nodes, p.n_edges)
    assert s["kinds"]["country"] > 30


def test_bad_options_exit_2_with_a_message():
    r = CliRunner().invoke(main, ["edges", "--theme", "gren"])
    assert r.exit_code == 2
    assert "Did you mean 'green'" in r.output
    r = CliRunner().invoke(main, ["edges", "--level", "planet"])
    assert r.exit_code == 2 and "planet" in r.output
    r = CliRunner().invoke(main, ["edges", "--years", "2025-2020"])
    assert r.exit_code == 2 and "after the end" in r.output
    r = CliRunner().invoke(main, ["serve", "--port", "70000"])
    assert r.exit_code == 2 and "70000" in r.output


def test_bad_data_exits_1(tmp_path):
    (tmp_path / "actors.csv").write_text("id,name\nx,X\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["summary", "--data", str(tmp_path)])
    assert r.exit_code == 1
    assert "Traceback" not in r.output


def test_python_dash_m_entry_point():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "graph_explorer", "--version"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and "graph-explorer" in out.stdout
