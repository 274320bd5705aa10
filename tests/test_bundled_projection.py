"""The bundled data projected: counts checked against the source files, computed independently."""

import itertools
from pathlib import Path

import pandas as pd
import pytest

from graph_explorer.network import build_graph, project
from graph_explorer.view import ViewSpec

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"
ISO = {"EL": "GR", "UK": "GB"}


@pytest.fixture(scope="module")
def cove_country_pairs():
    """{(A, B): number of CoVE projects both countries take part in (any role)}, from the raw CSV."""
    raw = pd.read_csv(SOURCES / "cove_participants.csv", dtype=str, keep_default_na=False)
    counts: dict[tuple[str, str], int] = {}
    for _, group in raw.groupby("id"):
        countries = sorted({ISO.get(c, c) for c in group["country_code"]})
        for pair in itertools.combinations(countries, 2):
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def test_country_weights_equal_shared_cove_projects(bundled, cove_country_pairs):
    G = build_graph(bundled, ViewSpec(level="country", programmes=("Erasmus+ CoVE",)))
    got = {tuple(sorted((u, v))): int(d["weight"]) for u, v, d in G.edges(data=True)}
    # several pairs by name, then all of them
    for pair in [("ES", "IT"), ("GR", "IT"), ("DE", "NL"), ("EE", "LV"), ("FI", "SE"), ("GB", "IE")]:
        assert got.get(pair, 0) == cove_country_pairs.get(pair, 0), pair
    assert got == cove_country_pairs


def test_bundled_organisation_level_size(bundled):
    p = project(bundled, ViewSpec(programmes=("Erasmus+ CoVE",)))
    raw = pd.read_csv(SOURCES / "cove_participants.csv", dtype=str, keep_default_na=False)
    pairs = set()
    for _, group in raw.groupby("id"):
        for pair in itertools.combinations(sorted(set(group["organisation"])), 2):
            pairs.add(pair)
    assert p.n_nodes == raw["organisation"].nunique() == 1580
    assert p.n_edges == len(pairs)


def test_belgian_communities_fold_into_belgium(bundled):
    G = build_graph(bundled, ViewSpec(level="country", programmes=("EQAVET",)))
    assert "BE" in G and "BE-fr" not in G and "BE-fl" not in G
    Gorg = build_graph(bundled, ViewSpec(level="organisation", programmes=("EQAVET",)))
    assert "BE-fr" in Gorg and "BE-fl" in Gorg
