"""ViewSpec: the query string round trip and clear messages for bad values."""

import pytest

from graph_explorer.errors import ViewError
from graph_explorer.view import ViewSpec


def test_defaults_make_an_empty_query():
    assert ViewSpec().to_query() == ""
    assert ViewSpec.from_query("") == ViewSpec()


def test_every_field_round_trips():
    spec = ViewSpec(level="bipartite", weight="newman", themes=("green", "wbl"), kinds=("project", "peer review"),
                    programmes=("Erasmus+ CoVE", "EQAVET"), years=(2022, 2024), regions=("Baltic", "Nordic"),
                    countries=("LV", "FI"), actor_kinds=("organisation",), min_weight=1.5, selected="org-x",
                    focus="LV", hops=2, path=("LV", "FI"), color="pagerank", size="betweenness", labels="all",
                    top_n=30, layout="geo", view="map", seed=7)
    q = spec.to_query()
    assert ViewSpec.from_query(q) == spec
    assert ViewSpec.from_query("http://127.0.0.1:8050/?" + q) == spec  # a whole share URL


def test_aliases_and_comma_lists():
    spec = ViewSpec.from_query("level=countries&theme=Work-based learning,quality assurance&country=el,UK")
    assert spec.level == "country"
    assert spec.themes == ("wbl", "quality")
    assert spec.countries == ("GR", "GB")


@pytest.mark.parametrize("query, words", [
    ("level=planet", ["level", "'planet'", "organisation, country, bipartite"]),
    ("theme=gren", ["theme", "'gren'", "Did you mean 'green'"]),
    ("years=2025-2021", ["years", "start 2025 is after the end 2021"]),
    ("years=soon", ["years", "'soon'"]),
    ("hops=9", ["hops", "between 1 and 6"]),
    ("min_weight=heavy", ["min_weight", "'heavy'"]),
    ("colour=region", ["unknown view option", "colour"]),
    ("path=LV", ["path", "joined by '~'"]),
    ("country=Latvia", ["country", "'LATVIA'", "two-letter"]),
])
def test_bad_values_name_the_option_and_the_value(query, words):
    with pytest.raises(ViewError) as info:
        ViewSpec.from_query(query)
    for w in words:
        assert w in str(info.value)


@pytest.mark.parametrize("query, words", [
    ("seed=-5", ["seed", "-5", "from 0"]),
    ("seed=٣", ["seed", "digits 0-9"]),
    ("top=١٢", ["top", "digits 0-9"]),
    ("min_weight=inf", ["min_weight", "'inf'"]),
    ("min_weight=nan", ["min_weight", "'nan'"]),
    ("min_weight=-1", ["min_weight", "≥ 0"]),
    ("min_weight=１", ["min_weight", "digits 0-9"]),
    ("years=0000-0001", ["years", "plausible", "1900"]),
    ("years=٢٠٢١", ["years", "'٢٠٢١'"]),
    ("years=2021-9999", ["years", "plausible"]),
])
def test_numbers_seeds_and_years_are_checked_when_the_view_is_made(query, words):
    with pytest.raises(ViewError) as info:
        ViewSpec.from_query(query)
    for w in words:
        assert w in str(info.value), str(info.value)


def test_values_made_in_code_are_checked_too():
    for bad in ({"seed": -1}, {"min_weight": float("inf")}, {"min_weight": float("nan")}, {"years": (0, 1)}):
        with pytest.raises(ViewError):
            ViewSpec(**bad)


@pytest.mark.parametrize("query, words", [
    ("programme=nonexistent", ["programme", "'nonexistent'", "not a programme of this data", "'Erasmus+ CoVE'"]),
    ("programme=Erasmus%2B CoVe", ["Did you mean 'Erasmus+ CoVE'"]),
    ("selected=nobody", ["selected", "'nobody'", "not a node"]),
    ("level=country&focus=XX", ["focus", "'XX'", "country code"]),
    ("level=country&path=LV~ZZ", ["path", "'ZZ'"]),
])
def test_values_that_depend_on_the_data_are_checked_against_it(bundled, query, words):
    from graph_explorer.view import check_view

    spec = ViewSpec.from_query(query)
    with pytest.raises(ViewError) as info:
        check_view(spec, bundled)
    for w in words:
        assert w in str(info.value), str(info.value)


def test_known_values_pass_the_data_check(bundled):
    from graph_explorer.view import check_view

    check_view(ViewSpec.from_query("level=country&programme=Erasmus%2B CoVE&selected=LV&focus=FI&path=LV~FI"), bundled)
    coop = "coop:" + bundled.cooperations["id"].iloc[0]
    check_view(ViewSpec(level="bipartite", selected=coop), bundled)
