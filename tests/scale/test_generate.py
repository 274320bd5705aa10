"""The synthetic data generator: deterministic, valid, and shaped like the real data."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from graph_explorer.cli import main
from graph_explorer.dataset import bundled_data_path, load_dataset
from graph_explorer.generate import COUNTRY_WEIGHTS, PROGRAMMES, generate

N_ORGS, N_COOPS, SEED = 3000, 1000, 11


def _digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    generate(N_ORGS, N_COOPS, SEED, out)
    return out


@pytest.fixture(scope="module")
def dataset(generated):
    return load_dataset(generated)


def test_same_seed_gives_byte_identical_files(generated, tmp_path):
    generate(N_ORGS, N_COOPS, SEED, tmp_path)
    assert _digest(tmp_path) == _digest(generated)
    assert set(_digest(generated)) == {"actors.csv", "cooperations.csv", "participations.csv", "attributions.csv"}


def test_another_seed_gives_other_data(generated, tmp_path):
    generate(N_ORGS, N_COOPS, SEED + 1, tmp_path)
    assert _digest(tmp_path)["participations.csv"] != _digest(generated)["participations.csv"]


def test_loads_without_errors_or_warnings(dataset):
    assert dataset.report.errors == [] and dataset.report.warnings == []
    assert len(dataset.actors) == N_ORGS
    assert len(dataset.cooperations) == N_COOPS
    assert set(dataset.actors["kind"]) == {"organisation"}
    assert dataset.attribution_for(None) and "Synthetic" in dataset.attribution_for(None)[0]


def test_every_organisation_takes_part(dataset):
    assert set(dataset.participations["actor_id"]) == set(dataset.actors["id"])


def test_consortium_sizes_follow_the_programmes(dataset):
    sizes = dataset.participations.groupby("cooperation_id").size()
    programme = dataset.cooperations.set_index("id")["programme"].reindex(sizes.index)
    by_name = {p.name: p for p in PROGRAMMES}
    for name, s in sizes.groupby(programme):
        prog = by_name[name]
        assert s.min() >= prog.min_size and s.max() <= prog.max_size, name
    cove = sizes[programme == "Erasmus+ CoVE"]
    assert len(cove) >= 5
    assert 18 <= cove.mean() <= 32  # the bundled CoVE projects: mean 25.4
    ka220 = sizes[programme == "Erasmus+ KA220-VET"]
    assert ka220.between(3, 10).mean() >= 0.9  # mostly 3-10
    assert set(dataset.cooperations["programme"]) == set(by_name)


def test_consortia_are_transnational_and_have_one_lead(dataset):
    parts = dataset.participations.merge(dataset.actors[["id", "country"]], left_on="actor_id", right_on="id")
    countries = parts.groupby("cooperation_id")["country"].nunique()
    assert (countries >= 2).mean() >= 0.99
    leads = parts[parts["role"].isin(["coordinator", "host"])].groupby("cooperation_id").size()
    assert (leads == 1).all() and len(leads) == N_COOPS
    assert not parts.duplicated(["cooperation_id", "actor_id"]).any()


def test_a_heavy_tail_of_frequent_participants(dataset):
    per_org = dataset.participations["actor_id"].value_counts()
    assert per_org.median() == 1
    assert per_org.max() >= 20 * per_org.median()
    top = per_org.head(len(per_org) // 100).sum() / per_org.sum()  # the top 1% hold a good share of places
    assert top > 0.05


def test_years_and_themes_are_plausible(dataset):
    c = dataset.cooperations
    assert c["start_year"].between(2016, 2025).all()
    assert (c["end_year"] >= c["start_year"]).all()
    assert (c["themes"].map(len) >= 1).all()
    assert (c.loc[c["kind"] == "peer review", "themes"].map(lambda t: "quality" in t)).all()


def test_country_weights_are_those_of_the_bundled_cove_participants():
    src = pd.read_csv(bundled_data_path() / "sources" / "cove_participants.csv", dtype=str, keep_default_na=False)
    counts = src["country_code"].replace({"EL": "GR", "UK": "GB"}).value_counts().to_dict()
    assert counts == COUNTRY_WEIGHTS


def test_countries_are_drawn_by_those_weights(dataset):
    share = dataset.actors["country"].value_counts(normalize=True)
    w = pd.Series(COUNTRY_WEIGHTS, dtype=float)
    w /= w.sum()
    assert set(share.index) <= set(w.index)
    big = w[w > 0.05].index
    assert np.allclose(share.reindex(big).to_numpy(), w[big].to_numpy(), atol=0.025)


def test_cli_writes_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    args = ["generate", "--organisations", "60", "--cooperations", "20", "--seed", "2", "-o", str(tmp_path / "d")]
    done = runner.invoke(main, args)
    assert done.exit_code == 0, done.output
    assert "60 organisations" in done.output
    assert load_dataset(tmp_path / "d").report.summary().startswith("0 errors")
    again = runner.invoke(main, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(main, args + ["--force"]).exit_code == 0


def test_cli_rejects_bad_sizes(tmp_path):
    done = CliRunner().invoke(main, ["generate", "-n", "1", "-m", "5", "-o", str(tmp_path)])
    assert done.exit_code == 2
