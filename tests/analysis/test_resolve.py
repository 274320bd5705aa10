"""Naming actors by id or unambiguous name; errors list the candidates."""

import pytest

from graph_explorer.analysis.resolve import find_actors, resolve_actor, resolve_actors, resolve_cooperation
from graph_explorer.errors import ActorNotFound, GraphExplorerError
from graph_explorer.network import build_graph
from graph_explorer.testing import make_dataset


@pytest.fixture(scope="module")
def G():
    actors = [("o1", "Kold College", "organisation", "LV"), ("o2", "Koldinghus Skole", "organisation", "LV"),
              ("o3", "École Supérieure", "organisation", "FI"), ("LV", "Latvia", "country", "LV"),
              ("o5", "Latvian Centre", "organisation", "LV")]
    coops = [("p1", "project", ("green",), 2021, 2021)]
    parts = [("p1", a[0], "partner") for a in actors]
    return build_graph(make_dataset(actors, coops, parts))


@pytest.mark.parametrize("query,expected", [
    ("o1", "o1"), ("O1", "o1"),  # id, then id case-insensitively
    ("kold college", "o1"), ("KOLD COLLEGE", "o1"),  # whole name
    ("koldinghus", "o2"), ("ecole", "o3"), ("superieure", "o3"),  # unique part, accents ignored
    ("LV", "LV"), ("latvia", "LV"),  # the whole name wins over 'Latvian Centre' containing it
])
def test_resolves(G, query, expected):
    assert resolve_actor(G, query) == expected


def test_ambiguous_lists_candidates(G):
    with pytest.raises(ActorNotFound) as e:
        resolve_actor(G, "kold")
    msg = str(e.value)
    assert "matches 2 actors" in msg and "o1 (Kold College)" in msg and "o2 (Koldinghus Skole)" in msg


def test_unknown_suggests_close_names(G):
    with pytest.raises(ActorNotFound) as e:
        resolve_actor(G, "Kold Colege")
    assert "no actor in this view matches" in str(e.value) and "Kold College" in str(e.value)
    with pytest.raises(ActorNotFound):
        resolve_actor(G, "   ")


def test_mapping_and_many(G):
    assert resolve_actor({"x": "Xylo", "y": "Yak"}, "yak") == "y"
    assert resolve_actors(G, ["o1", "Kold College", "ecole"]) == ["o1", "o3"]
    assert [n for n, _ in find_actors(G, "l")][:2] == ["o3", "o1"]  # sorted by name


def test_cooperation_ids(G):
    assert resolve_cooperation(G, "P1") == "p1"
    with pytest.raises(GraphExplorerError, match="no link in this view comes from cooperation 'p9'"):
        resolve_cooperation(G, "p9")
