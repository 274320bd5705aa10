"""The cooperation-size filter: ``max_partners`` keeps cooperations with at most N distinct actors."""

import io
import itertools

import pandas as pd
import pytest
from click.testing import CliRunner

from graph_explorer.cli import main
from graph_explorer.errors import ViewError
from graph_explorer.export import default_basename
from graph_explorer.figures.scene import describe_filters
from graph_explorer.network import project
from graph_explorer.testing import tiny_dataset
from graph_explorer.view import ViewSpec


def _pairs_of_small_cooperations(dataset, n: int) -> dict:
    """{(a, b): number of shared cooperations} over the cooperations of at most n distinct actors, from the
    participations table alone."""
    part = dataset.participations.drop_duplicates(["cooperation_id", "actor_id"])
    part = part[part["actor_id"].isin(set(dataset.actors["id"]))]
    out: dict = {}
    for _, members in part.groupby("cooperation_id")["actor_id"]:
        actors = sorted(set(members))
        if len(actors) <= n:
            for pair in itertools.combinations(actors, 2):
                out[pair] = out.get(pair, 0) + 1
    return out


def test_two_keeps_exactly_the_bilateral_links_of_the_tiny_data():
    p = project(tiny_dataset(), ViewSpec(max_partners=2))
    assert sorted(map(tuple, p.edges[["source", "target"]].values.tolist())) == [("a", "b"), ("c", "e")]
    assert sorted(p.cooperation_ids) == ["p2", "p3", "p4"]  # p1 has four partners
    # at country level actors are still counted: p3 (LT, DE) stays, p1 (LV, LV, LT, FI) goes
    country = project(tiny_dataset(), ViewSpec(level="country", max_partners=2))
    assert country.edges[["source", "target"]].values.tolist() == [["DE", "LT"]]
    assert len(project(tiny_dataset(), ViewSpec(max_partners=4)).edges) == len(project(tiny_dataset()).edges) == 7


@pytest.mark.parametrize("n", [2, 3, 5])
def test_the_links_of_the_bundled_data_are_those_of_its_small_cooperations(bundled, n):
    p = project(bundled, ViewSpec(max_partners=n))
    got = {(s, t): int(c) for s, t, c in p.edges[["source", "target", "count"]].itertuples(index=False)}
    expected = _pairs_of_small_cooperations(bundled, n)
    assert got == expected
    assert 0 < len(got) < len(project(bundled).edges)


def test_the_url_and_the_words_carry_it():
    spec = ViewSpec.from_query("level=country&max_partners=2&theme=green")
    assert spec.max_partners == 2 and spec.filters.max_partners == 2
    assert spec.to_query() == "level=country&theme=green&max_partners=2"
    assert ViewSpec.from_query(spec.to_query()) == spec
    assert spec.graph_part().max_partners == 2
    assert describe_filters(spec) == "Countries · theme: green · cooperations of ≤ 2 partners"
    assert default_basename(spec) == "vet-cooperation-countries-green-max-2-partners"
    assert ViewSpec().max_partners is None and "max_partners" not in ViewSpec().to_query()


@pytest.mark.parametrize("query, words", [
    ("max_partners=0", "max_partners: 0 must be a whole number of partners from 1 to 100,000"),
    ("max_partners=two", "max_partners: 'two' is not a whole number"),
    ("max_partners=2.5", "max_partners: '2.5' is not a whole number"),
])
def test_bad_values_say_what_is_wrong(query, words):
    with pytest.raises(ViewError, match=words):
        ViewSpec.from_query(query)


def test_the_cli_flag_gives_the_same_links_as_the_url():
    def edges(*args):
        r = CliRunner().invoke(main, ["edges", *args], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return pd.read_csv(io.StringIO(r.output))

    by_flag = edges("--level", "country", "--max-partners", "2")
    assert by_flag.equals(edges("--view", "level=country&max_partners=2"))
    assert 0 < len(by_flag) < len(edges("--level", "country"))
    r = CliRunner().invoke(main, ["edges", "--max-partners", "0"])
    assert r.exit_code == 2 and "max_partners: 0 must be a whole number of partners" in r.output
    assert "Traceback" not in r.output


def test_the_app_control_holds_it():
    from graph_explorer.app import ids
    from graph_explorer.app.state import choices_for, controls_from_spec, spec_from_controls

    choices = choices_for(tiny_dataset(), ["degree"])
    controls = controls_from_spec(ViewSpec(max_partners=3), choices)
    assert ids.CONTROL_FIELDS["max-partners"] == "max_partners" and controls["max-partners"] == 3
    assert spec_from_controls(controls, choices).max_partners == 3
    assert spec_from_controls({**controls, "max-partners": None}, choices).max_partners is None
