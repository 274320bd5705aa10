"""The first views are prepared at server start: the first page's answers compute no layout and no metrics,
a second start on the same machine computes nothing, and the numbers are those computed on demand."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from graph_explorer import analysis, layout
from graph_explorer.app import _metric_names, create_app, panels
from graph_explorer.app import startup
from graph_explorer.app.startup import FIRST_VIEWS, prepare
from graph_explorer.app.state import START, choices_for
from graph_explorer.app.structure_panel import holders_view, regions_view
from graph_explorer.explorer import Explorer, open_explorer
from graph_explorer.scale import level_spec
from graph_explorer.warmup import Warmup


@pytest.fixture
def disk(tmp_path, monkeypatch):
    """A fresh machine: an empty disk cache, and no layout in this process's memory."""
    monkeypatch.setenv("GRAPH_EXPLORER_CACHE", str(tmp_path / "cache"))
    layout._CACHE.clear()
    return tmp_path / "cache"


@pytest.fixture
def computed(monkeypatch):
    """Counts the force layouts and the metrics tables computed from now on."""
    calls = {"layout": 0, "metrics": 0}
    real_layout, real_metrics = layout._compute, analysis.node_metrics

    def counted_layout(dataset, spec):
        calls["layout"] += spec.layout == "force"
        return real_layout(dataset, spec)

    def counted_metrics(*args, **kwargs):
        calls["metrics"] += 1
        return real_metrics(*args, **kwargs)
    monkeypatch.setattr(layout, "_compute", counted_layout)
    monkeypatch.setattr(analysis, "node_metrics", counted_metrics)
    return calls


def answers(ex, spec):
    """What the page's callbacks show for ``spec`` (the figure as JSON, the panels as component trees)."""
    from plotly.io.json import to_json_plotly

    fig, _, _ = panels.render_figure(ex, spec, None)  # a map figure, or the network's wire figure
    return {"figure": to_json_plotly(fig), "summary": panels.summary_view(ex, spec),
            "insights": panels.insights_view(ex, spec), "regions": regions_view(ex, spec),
            "holders": holders_view(ex, spec)}


def test_the_first_views_are_the_start_view_and_the_organisation_level():
    assert FIRST_VIEWS[0] == START
    assert {(v.level, v.view) for v in FIRST_VIEWS} == {("country", "map"), ("country", "network"),
                                                       ("organisation", "map"), ("organisation", "network")}


def test_after_preparing_the_first_page_computes_no_layout_and_no_metrics(fake, disk, computed):
    ex = open_explorer(fake)
    create_app(ex, prepare="now")
    assert computed["layout"] == 2 and computed["metrics"] == 2  # each level's force layout and metrics, once
    assert sorted(p.name.split("-")[0] for p in disk.glob("*.npz")) == ["metrics"] * 2 + ["positions"] * 2
    computed.update(layout=0, metrics=0)
    shown = {v.to_query(): answers(ex, v) for v in FIRST_VIEWS}
    assert computed == {"layout": 0, "metrics": 0}
    # the same numbers and pictures as an explorer that computes each on demand
    layout._CACHE.clear()
    fresh = Explorer(fake)
    for v in FIRST_VIEWS:
        mine, theirs = shown[v.to_query()], answers(fresh, v)
        assert mine["figure"] == theirs["figure"], v
        for panel in ("summary", "insights", "regions", "holders"):
            assert repr(mine[panel]) == repr(theirs[panel]), (v, panel)
        pd.testing.assert_frame_equal(ex.metrics(v), fresh.metrics(v), check_exact=True)
        pd.testing.assert_frame_equal(ex.positions(v), fresh.positions(v), check_exact=True)


def test_a_second_start_on_the_same_machine_computes_nothing(fake, disk, computed):
    prepare(open_explorer(fake), choices_for(fake, _metric_names()), process=False)
    assert computed["layout"] == 2 and computed["metrics"] == 2
    layout._CACHE.clear()  # a new server process: only the disk cache is left
    computed.update(layout=0, metrics=0)
    again = open_explorer(fake)
    took = prepare(again, choices_for(fake, _metric_names()), process=False)
    assert list(took) == [v.to_query() for v in FIRST_VIEWS]
    assert computed == {"layout": 0, "metrics": 0}
    for v in FIRST_VIEWS:
        answers(again, v)
    assert computed == {"layout": 0, "metrics": 0}


def test_a_large_level_is_prepared_in_another_process_with_the_same_numbers(fake, disk, monkeypatch):
    monkeypatch.setattr(startup, "IN_THREAD_MAX_COST", 0)  # every level counts as large here
    ex = open_explorer(fake)
    prepare(ex, choices_for(fake, _metric_names()), views=FIRST_VIEWS[2:3])
    w = ex.warmups.get(FIRST_VIEWS[2])
    assert w.state == "done" and set(w.timings) >= {"layout", "metrics"}  # computed there, not here
    layout._CACHE.clear()
    fresh = Explorer(fake)
    pd.testing.assert_frame_equal(ex.metrics(FIRST_VIEWS[2]), fresh.metrics(FIRST_VIEWS[2]), check_exact=True)
    network = FIRST_VIEWS[3]
    pd.testing.assert_frame_equal(ex.positions(network), fresh.positions(network), check_exact=True)


def test_a_request_during_the_warm_up_waits_for_it_instead_of_computing(fake, disk, computed):
    ex = open_explorer(fake)
    spec = START.replace(level="organisation")
    table = Explorer(fake).view_metrics(level_spec(spec))
    computed.update(metrics=0)
    w = Warmup(level_spec(spec))
    w._enter("metrics")
    ex.warmups.add(w)  # as warm() registers it, in the server's preparing thread
    got = {}
    asking = threading.Thread(target=lambda: got.setdefault("metrics", ex.metrics(spec)))
    asking.start()
    time.sleep(0.3)
    assert asking.is_alive() and not got  # waiting, not computing
    ex.remember_level_metrics(spec, table)  # what the warm-up does once its process is done
    w._finish()
    asking.join(10)
    assert got["metrics"] is table and computed["metrics"] == 0


def test_prepare_in_the_background_is_done_by_a_daemon_thread(fake, disk, computed):
    ex = open_explorer(fake)
    create_app(ex, prepare="background")
    thread = next(t for t in threading.enumerate() if t.name == "prepare-first-views")
    assert thread.daemon
    thread.join(60)
    assert computed["layout"] == 2 and computed["metrics"] == 2
    computed.update(layout=0, metrics=0)
    answers(ex, START)
    assert computed == {"layout": 0, "metrics": 0}


def test_an_unknown_prepare_mode_is_refused(fake):
    with pytest.raises(ValueError, match="prepare must be None, 'background' or 'now'"):
        create_app(fake, prepare="later")


@pytest.mark.parametrize("flags, mode", [([], "background"), (["--production"], "now")])
def test_serve_prepares_in_the_background_or_before_the_workers_fork(monkeypatch, flags, mode):
    from click.testing import CliRunner

    import graph_explorer.app
    import graph_explorer.cli.serve as serve_cli
    from graph_explorer.cli import main

    seen = {}

    class Stub:
        server = "wsgi"

        def run(self, **kwargs):
            seen["run"] = "development"

    def fake_create_app(dataset, **kwargs):
        seen["prepare"] = kwargs["prepare"]
        return Stub()
    monkeypatch.setattr(graph_explorer.app, "create_app", fake_create_app)
    monkeypatch.setattr(serve_cli, "run_production", lambda *a, **k: seen.setdefault("run", "production"))
    r = CliRunner().invoke(main, ["serve", "--port", "8123", *flags])
    assert r.exit_code == 0, r.output
    assert seen == {"prepare": mode, "run": "production" if flags else "development"}
