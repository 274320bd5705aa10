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
