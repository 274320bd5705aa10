"""The command line: unknown filter values, metrics --by region, the new view flags."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from graph_explorer.cli import main
from graph_explorer.explorer import Explorer
from graph_explorer.view import ViewSpec


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("args,needle,candidate", [
    (["summary", "--country", "ZZ"], "country: 'ZZ' is not the country of any actor of this data", "Known: 'AE'"),
    (["edges", "--programme", "foo"], "programme: 'foo' is not a programme of this data", "Erasmus+ CoVE"),
    (["summary", "--programme", "eqavet"], "programme: 'eqavet'", "Did you mean 'EQAVET'"),
    (["metrics", "--country", "LX", "--level", "country"], "country: 'LX'", "Did you mean"),
    (["summary", "--view", "focus=org-latvijas"], "focus: 'org-latvijas' is not a node",
     "org-latvijas-universitate"),
])
def test_unknown_filter_values_exit_2_with_candidates(args, needle, candidate):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2, r.output
    assert needle in r.output and candidate in r.output
    assert "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1


def test_known_values_still_work():
    r = run("summary", "--country", "LV", "--programme", "EQAVET", "--format", "json")
    assert r.exit_code == 0 and '"nodes"' in r.output


def test_metrics_by_region_is_the_region_table_of_the_view(bundled):
    r = run("metrics", "--by", "region", "--level", "country", "--theme", "green")
    assert r.exit_code == 0
    got = pd.read_csv(io.StringIO(r.output))
    ref = Explorer(bundled).region_table(ViewSpec(level="country", themes=("green",)))
    assert list(got["region"]) == list(ref["region"])
    assert got["ei_index"].round(6).tolist() == ref["ei_index"].round(6).tolist()
    assert got["links_within"].tolist() == ref["links_within"].tolist()
    m = pd.read_csv(io.StringIO(run("metrics", "--by", "region-matrix", "--level", "country").output))
    assert list(m.columns[1:]) == list(m["region"])


def test_year_basis_and_kcore_flags_match_the_url():
    a = run("summary", "--years", "2024", "--year-basis", "called", "--kcore", "3", "--format", "json").output
    b = run("summary", "--view", "years=2024&year_basis=called&kcore=3", "--format", "json").output
    c = run("summary", "--years", "2024", "--format", "json").output
    assert a == b and a != c


def test_xlsx_export_has_the_region_table_and_matrix_of_the_view(bundled, tmp_path):
    from openpyxl import load_workbook

    r = run("export", "--view", "level=country&theme=digital", "-o", str(tmp_path / "v.xlsx"))
    assert r.exit_code == 0
    wb = load_workbook(tmp_path / "v.xlsx")
    ws = wb["Regions"]
    rows = list(ws.values)
    ref = Explorer(bundled).region_table(ViewSpec(level="country", themes=("digital",)))
    assert list(rows[0]) == list(ref.columns)
    assert [row[0] for row in rows[1:]] == list(ref["region"])
    assert [round(row[4], 9) for row in rows[1:]] == [round(v, 9) for v in ref["ei_index"]]
    assert wb["Region matrix"].cell(1, 1).value == "region"


def test_controls_carry_year_basis_kcore_and_holders():
    from graph_explorer.app import _metric_names, ids
    from graph_explorer.app.state import choices_for, controls_from_spec, spec_from_controls
    from graph_explorer.dataset import load_bundled

    choices = choices_for(load_bundled(), _metric_names())
    spec = ViewSpec(years=(2024, 2024), year_basis="called", kcore=3, holders=True)
    values = controls_from_spec(spec, choices)
    assert values[ids.YEAR_BASIS] == "called" and values[ids.KCORE] == 3 and values[ids.HOLDERS] is True
    assert spec_from_controls(values, choices) == spec
    assert spec_from_controls({**values, ids.HOLDERS: False, ids.KCORE: None}, choices) == \
        spec.replace(holders=False, kcore=0)
