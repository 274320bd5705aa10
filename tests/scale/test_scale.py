"""Fast paths equal the reference paths: projection vs a naive loop, masked metrics vs metrics from
scratch, warmed results vs computed ones; and a warm-up leaves the server answering."""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.request
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from graph_explorer import analysis, layout
from graph_explorer.explorer import Explorer, MetricsPolicy, open_explorer
from graph_explorer.network import project
from graph_explorer.scale import level_spec, masked_metrics
from graph_explorer.warmup import progress, warm
from graph_explorer.view import ViewSpec

#: Every level counts as large, as for a 20,000-organisation export.
ALWAYS_MASKED = MetricsPolicy(exact_max_cost=0)

FILTERS = [
    ViewSpec(),
    ViewSpec(themes=("green", "digital")),
    ViewSpec(years=(2022, 2023)),
    ViewSpec(programmes=("Erasmus+ KA220-VET",), kinds=("project",)),
    ViewSpec(regions=("Southern", "Baltic")),
    ViewSpec(min_weight=2),
    ViewSpec(weight="newman", min_weight=0.3),
    ViewSpec(level="country"),
    ViewSpec(level="country", weight="newman", themes=("inclusion",), regions=("Western",)),
]


def naive_projection(ds, spec: ViewSpec):
    """The graph of a view by brute force: loop over kept cooperations and every pair of their members."""
    actors = ds.actors.set_index("id")
    regions = ds.countries.set_index("code")["region"]

    def node(actor_id):
        c = actors.at[actor_id, "country"]
        return c if spec.level == "country" and isinstance(c, str) else actor_id

    def node_ok(n):
        region = regions.get(n) if spec.level == "country" else actors.at[n, "region"]
        return not spec.regions or region in spec.regions

    members = defaultdict(set)
    for cid, aid in zip(ds.participations["cooperation_id"], ds.participations["actor_id"]):
        members[cid].add(node(aid))
    links = defaultdict(lambda: [0, 0.0, []])
    nodes = set()
    for row in ds.cooperations.itertuples(index=False):
        start = row.start_year
        end = row.end_year if not pd.isna(row.end_year) else start
        if spec.themes and not set(spec.themes) & set(row.themes):
            continue
        if spec.kinds and row.kind not in spec.kinds:
            continue
        if spec.programmes and row.programme not in spec.programmes:
            continue
        if spec.years and (pd.isna(start) or start > spec.years[1] or end < spec.years[0]):
            continue
        everyone = members[row.id]  # Newman's n counts every member at this level, filtered or not
        kept = sorted(n for n in everyone if node_ok(n))
        nodes.update(kept)
        for a, b in itertools.combinations(kept, 2):
            link = links[(a, b)]
            link[0] += 1
            link[1] += 1.0 / (len(everyone) - 1)
            link[2].append(row.id)
    out = {}
    for pair, (count, newman, coops) in links.items():
        weight = count if spec.weight == "count" else newman
        if weight >= spec.min_weight - 1e-12:
            out[pair] = (count, round(newman, 9), tuple(sorted(coops)))
    if spec.min_weight > 0:
        nodes = {n for pair in out for n in pair}
    return nodes, out


@pytest.mark.parametrize("spec", FILTERS, ids=lambda s: s.to_query() or "all")
def test_projection_equals_a_naive_loop(synthetic, spec):
    p = project(synthetic, spec)
    nodes, links = naive_projection(synthetic, spec)
    got = {(s, t): (c, round(n, 9), tuple(sorted(co)))
           for s, t, c, n, co in zip(p.edges["source"], p.edges["target"], p.edges["count"], p.edges["newman"],
                                     p.edges["cooperations"])}
    assert got == links
    assert set(p.nodes["id"]) == nodes
    assert len(links) > 0


@pytest.fixture(scope="module")
def masked_explorer(synthetic):
    return open_explorer(synthetic, policy=ALWAYS_MASKED)  # always mask, as for a 20,000-organisation export


@pytest.fixture
def quiet_disk(tmp_path, monkeypatch):
    from graph_explorer.diskcache import ENV_VAR

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    layout._CACHE.clear()
    yield tmp_path / "cache"
    layout._CACHE.clear()


@pytest.mark.parametrize("values", [
    [3.0, None, 5.0, 3.0, 3.0, -1.0, 0.0, -0.0, 5.0],
    [], [None, None], [7], list(np.random.default_rng(3).integers(0, 40, 2_000).astype(float)),
    list(np.random.default_rng(4).random(1_000)) + [np.nan] * 10 + [np.inf, -np.inf, np.inf],
])
def test_view_ranks_are_pandas_min_ranks(values):
    """A view's ranks (1 = highest, ties share the smallest rank, missing stays missing) are pandas' own."""
    from graph_explorer.scale import _rank_min

    series = pd.Series(values, dtype=float)
    expected = series.rank(ascending=False, method="min").astype("Int64")
    assert _rank_min(series).tolist() == expected.tolist()


def test_small_data_keeps_exact_metrics(synthetic, quiet_disk):
    ex = open_explorer(synthetic)
    spec = ViewSpec(themes=("green",))
    assert ex.exact_metrics(spec)
    pd.testing.assert_frame_equal(ex.metrics(spec), Explorer(synthetic).metrics(spec))
    assert ex.metrics(spec).attrs["scope"] == "view"


def test_masked_metrics_of_the_whole_level_equal_the_exact_ones(masked_explorer, synthetic, quiet_disk):
    spec = ViewSpec()
    masked = masked_explorer.metrics(spec)
    exact = Explorer(synthetic).metrics(spec)
    assert masked.attrs["scope"] == "level"
    pd.testing.assert_frame_equal(masked, exact, check_like=False, check_index_type=False, check_names=False)


@pytest.mark.parametrize("spec", FILTERS[1:7], ids=lambda s: s.to_query())
def test_masked_filter_equals_filtering_from_scratch(masked_explorer, synthetic, spec, quiet_disk):
    masked = masked_explorer.metrics(spec)
    scratch = Explorer(synthetic).metrics(spec)  # the filtered graph's own metrics, computed from scratch
    level = Explorer(synthetic).metrics(level_spec(spec))
    assert list(masked.index) == list(project(synthetic, spec).nodes["id"])
    assert set(masked.index) == set(scratch.index)
    scratch = scratch.reindex(masked.index)
    # what the view itself determines is exact for the view
    assert (masked["degree"] == scratch["degree"]).all()
    assert np.allclose(masked["strength"], scratch["strength"])
    # what needs the whole network comes from the level, for the same nodes
    for col in ("betweenness", "closeness", "pagerank", "community", "core_number", "ei_index"):
        pd.testing.assert_series_equal(masked[col], level[col].reindex(masked.index), check_names=False)
    # ranks are among the view's nodes
    expected = masked["betweenness"].rank(ascending=False, method="min").astype("Int64")
    assert (masked["betweenness_rank"] == expected).all()
    assert masked["degree_rank"].min() == 1


def test_a_filter_shows_nodes_at_their_level_positions(masked_explorer, synthetic, quiet_disk):
    full = masked_explorer.positions(ViewSpec())
    scene = masked_explorer.scene(ViewSpec(themes=("digital",)))
    xy = full.reindex(scene.nodes["id"])
    assert np.array_equal(scene.nodes["x"].to_numpy(), xy["x"].to_numpy())
    assert np.array_equal(scene.nodes["y"].to_numpy(), xy["y"].to_numpy())


def test_warm_in_a_thread_primes_layout_and_metrics(synthetic, quiet_disk, monkeypatch):
    ex = open_explorer(synthetic, policy=ALWAYS_MASKED)
    w = warm(ex, ViewSpec(seed=3), process=False)
    assert w.wait(120) and w.ready, w.progress()
    assert warm(ex, ViewSpec(seed=3)) is w  # one warm-up per level
    p = progress(ex, ViewSpec(seed=3, themes=("green",)))
    assert p["state"] == "done" and p["fraction"] == 1.0 and set(p["timings"]) >= {"layout", "metrics"}
    monkeypatch.setattr(analysis, "node_metrics", lambda *a, **k: pytest.fail("metrics recomputed"))
    monkeypatch.setattr(layout, "force_layout_arrays", lambda *a, **k: pytest.fail("layout recomputed"))
    ex.figure(ViewSpec(seed=3, themes=("green",)))  # a filtered view: masks, computes nothing heavy
    # a new server process: the memory is empty, the disk remembers
    layout._CACHE.clear()
    again = open_explorer(synthetic, policy=ALWAYS_MASKED)
    w2 = warm(again, ViewSpec(seed=3), process=False)
    assert w2.wait(60) and w2.ready
    assert "metrics" not in w2.progress()["timings"]
    again.figure(ViewSpec(seed=3, years=(2023, 2025)))


def test_warm_a_plain_explorer_primes_the_unfiltered_metrics(synthetic, quiet_disk, monkeypatch):
    ex = Explorer(synthetic)
    assert warm(ex, ViewSpec(seed=5), process=False).wait(60)
    monkeypatch.setattr(analysis, "node_metrics", lambda *a, **k: pytest.fail("metrics recomputed"))
    assert len(ex.metrics(ViewSpec(seed=5))) == project(synthetic, ViewSpec()).n_nodes


def test_a_failed_warm_up_says_why(synthetic, quiet_disk, monkeypatch):
    def broken(*a, **k):
        raise MemoryError("no room")
    monkeypatch.setattr(layout, "force_layout_arrays", broken)
    ex = open_explorer(synthetic)
    w = warm(ex, ViewSpec(seed=11), process=False)
    assert w.wait(60) and not w.ready
    assert w.progress()["state"] == "failed" and "no room" in w.progress()["error"]


def _serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def test_other_requests_are_answered_while_a_warm_up_runs(quiet_disk):
    """The layout and metrics run in a worker process: the server's threads keep answering meanwhile."""
    from flask import Flask

    from graph_explorer.generate import generate_dataset

    ds = generate_dataset(organisations=2500, cooperations=800, seed=2, name="warm-test")
    ex = open_explorer(ds)
    app = Flask("warm-test")
    app.add_url_rule("/ping", "ping", lambda: "pong")
    app.add_url_rule("/progress", "progress", lambda: json.dumps(progress(ex, ViewSpec())))
    server, url = _serve(app)
    try:
        w = warm(ex, ViewSpec())  # in a worker process
        answered, slowest, seen = 0, 0.0, set()
        deadline = time.monotonic() + 300
        while not w.finished and time.monotonic() < deadline:
            t = time.perf_counter()
            with urllib.request.urlopen(url + "/ping", timeout=10) as r:
                assert r.read() == b"pong"
            with urllib.request.urlopen(url + "/progress", timeout=10) as r:
                seen.add(json.loads(r.read())["stage"])
            elapsed = time.perf_counter() - t
            if not w.finished:
                answered += 1
                slowest = max(slowest, elapsed)
            time.sleep(0.05)
        assert w.ready, w.progress()
        assert answered >= 5, f"only {answered} answers during the warm-up"
        assert slowest < 2.0, f"a request waited {slowest:.2f} s during the warm-up"
        assert {"layout", "metrics"} & seen
        assert w.progress()["timings"]["metrics"] > 0
    finally:
        server.shutdown()
