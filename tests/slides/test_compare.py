"""Period comparison: link counts against an independent computation from the cooperations table."""

from __future__ import annotations

import itertools
from collections import Counter

import pandas as pd
import pytest

from graph_explorer.compare import comparison, compare_text, rank_lines
from graph_explorer.explorer import Explorer
from graph_explorer.view import ViewSpec


def _country_pairs(ds, years) -> Counter:
    """Shared cooperations per country pair, straight from the tables (actors without a country are
    nodes of their own), for cooperations whose years overlap ``years``."""
    coops = ds.cooperations
    start = pd.to_numeric(coops["start_year"], errors="coerce")
    end = pd.to_numeric(coops["end_year"], errors="coerce").fillna(start)
    a, b = years
    keep = set(coops["id"][(start <= b) & (end >= a)])
    actors = ds.actors.set_index("id")
    node = {i: (c if isinstance(c, str) and c else i) for i, c in actors["country"].items()}
    pairs: Counter = Counter()
    parts = ds.participations[ds.participations["cooperation_id"].isin(keep)]
    for _, group in parts.groupby("cooperation_id"):
        members = sorted({node[x] for x in group["actor_id"] if x in node})
        pairs.update(itertools.combinations(members, 2))
    return pairs


def test_counts_match_the_cooperations_table(bundled):
    now, then = (2023, 2025), (2021, 2022)
    c = comparison(Explorer(bundled), ViewSpec(level="country", years=now, compare=then))
    p_now, p_then = _country_pairs(bundled, now), _country_pairs(bundled, then)
    want = Counter()
    for pair in set(p_now) | set(p_then):
        x, y = p_now.get(pair, 0), p_then.get(pair, 0)
        want["new" if not y else "lost" if not x else "stronger" if x > y else "weaker" if x < y else "same"] += 1
    assert c.counts == {k: want[k] for k in ("new", "lost", "stronger", "weaker", "same")}
    assert c.counts["new"] > 0 and c.counts["lost"] > 0 and c.counts["stronger"] > 0 and c.counts["weaker"] > 0
    # both periods' weights on every link
    e = c.projection.edges.set_index(["source", "target"])
    pair = next(p for p, n in p_now.items() if p_then.get(p, 0) and n != p_then[p])
    assert (e.loc[pair, "weight"], e.loc[pair, "weight_then"]) == (p_now[pair], p_then[pair])
    text = compare_text(c)
    assert text.startswith("2023–2025 against 2021–2022: ") and f"{c.counts['new']:,} new links" in text


def test_rank_changes_are_the_two_periods_ranks(bundled):
    ex = Explorer(bundled)
    spec = ViewSpec(level="country", years=(2023, 2025), compare=(2021, 2022))
    c = comparison(ex, spec)
    m_now = ex.metrics(spec.replace(compare=None))["betweenness"]
    m_then = ex.metrics(spec.replace(years=(2021, 2022), compare=None))["betweenness"]
    row = c.ranks.iloc[0]
    assert row["rank_now"] == 1 + int((m_now > m_now[row["id"]]).sum())
    assert row["rank_then"] == 1 + int((m_then > m_then[row["id"]]).sum())
    lines = rank_lines(c)
    assert lines and lines[0] == f"{row['label']}: betweenness rank {int(row['rank_then'])} → {int(row['rank_now'])}"


def test_scene_and_summary_carry_both_periods(bundled):
    ex = Explorer(bundled)
    spec = ViewSpec(level="country", years=(2023, 2025), compare=(2021, 2022))
    scene = ex.scene(spec)
    assert set(scene.edges["status"]) == {"new", "lost", "stronger", "weaker", "same"}
    assert "compared with 2021–2022" in scene.subtitle
    from graph_explorer.figures import network_figure

    fig = network_figure(scene, webgl=False)
    names = [t.name for t in fig.data if t.legendgroup == "links"]
    assert [n.split(" (")[0] for n in names] == ["New", "Stronger", "Weaker", "Lost", "Unchanged"]
    dashes = {t.name.split(" (")[0]: t.line.dash for t in fig.data if t.legendgroup == "links"}
    assert len(set(dashes.values())) >= 3


def test_compare_is_refused_in_the_bipartite_view():
    from graph_explorer.errors import ViewError

    with pytest.raises(ViewError, match="compare"):
        ViewSpec(level="bipartite", compare=(2021, 2022))
