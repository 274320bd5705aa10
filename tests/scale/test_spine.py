"""One spine: the same URL gives the same numbers in the app, ``metrics --view``, ``export --view`` (CSV)
and ``suggest`` — with the metrics masked from the level's, as on large data.

The agreement is checked on the generated L preset (20,000 organisations, ~97,000 links) with the
app's own policy (:data:`graph_explorer.explorer.SCALED`, which
:func:`~graph_explorer.explorer.open_explorer` applies for every front end): the level's metrics are
computed once (about two minutes on a 2-core machine) and kept in the disk cache every front end reads,
as on one server. That masking changes the numbers (so that a front end computing exact metrics of its
own would be caught) is shown on data of 2,000 organisations, where the exact metrics of the view can be
computed in the test, with the policy's cost limit lowered below that data's.
"""

from __future__ import annotations

import io
import math
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from graph_explorer.cli import main
from graph_explorer import explorer as explorer_module
from graph_explorer.explorer import Explorer, MetricsPolicy, open_explorer
from graph_explorer.generate import PRESETS, generate

#: Organisations and cooperations of the small data (the L preset's proportions, a tenth of its size).
SIZE = (2_000, 660)
#: The cost limit of the policy in this test: below the level's cost (~2,000 × 8,000 links).
MAX_COST = 1e6

#: A view of one theme and a years window: masking matters (the view's own graph is much smaller).
QUERY = "level=organisation&theme=digital&years=2021-2025"
URL = f"https://vet-explorer.example.org/?{QUERY}"


def _opened(tmp_path_factory, name: str, size: tuple[int, int], policy: MetricsPolicy | None):
    """(data folder, the app's Explorer of it, the URL's view), generated once, with its own disk cache."""
    from graph_explorer import layout
    from graph_explorer.app.state import parse_search
    from graph_explorer.dataset import load_dataset
    from graph_explorer.diskcache import ENV_VAR

    root = tmp_path_factory.mktemp(name)
    folder = root / "data"
    generate(*size, 7, str(folder))
    mp = pytest.MonkeyPatch()
    if policy is not None:
        mp.setattr(explorer_module, "SCALED", policy)
    mp.setenv(ENV_VAR, str(root / "cache"))  # the level's metrics and layout, shared as by one server's disk
    layout._CACHE.clear()
    spec, message = parse_search("?" + urlsplit(URL).query)  # as the app reads its address
    assert message is None
    return (folder, open_explorer(load_dataset(folder)), spec), mp


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """The L preset, opened as the app opens it (the real policy: L is above its exact-metrics cost)."""
    opened, mp = _opened(tmp_path_factory, "spine-l", PRESETS["L"], None)
    yield opened
    mp.undo()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """2,000 organisations, with the policy's cost limit below their level's."""
    from graph_explorer import layout

    opened, mp = _opened(tmp_path_factory, "spine-s", SIZE, MetricsPolicy(exact_max_cost=MAX_COST))
    yield opened
    layout._CACHE.clear()
    mp.undo()


def _cli(*args) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _close(a, b, tol: float) -> bool:
    missing = lambda v: v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA  # noqa: E731
    if missing(a) or missing(b):
        return missing(a) and missing(b)
    if isinstance(a, (int, float, np.number)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= tol
    return str(a) == str(b)


def test_l_is_masked_by_the_apps_own_policy(large):
    _, explorer, spec = large
    assert explorer.policy == explorer_module.SCALED and len(explorer.dataset.actors) >= 20_000
    assert explorer.policy.exact_max_cost < explorer.level_cost(spec) and not explorer.exact_metrics(spec)
    m = explorer.metrics(spec)
    assert m.attrs["scope"] == "level" and 1_000 < len(m) < len(explorer.projection(spec.replace(themes=())).nodes)


def test_the_masked_path_is_taken_and_matters(small):
    _, explorer, spec = small
    assert explorer.policy.exact_max_cost == MAX_COST < explorer.level_cost(spec)
    assert not explorer.exact_metrics(spec)
    m = explorer.metrics(spec)
    assert m.attrs["scope"] == "level" and 300 < len(m) < len(explorer.projection(spec.replace(themes=())).nodes)
    exact = Explorer(explorer.dataset).metrics(spec).reindex(m.index)  # the view's graph from scratch
    assert not np.allclose(m["betweenness"].to_numpy(float), exact["betweenness"].to_numpy(float))


def test_app_table_cli_metrics_and_export_csv_agree(large, tmp_path):
    from graph_explorer.app.panels import table_data

    folder, explorer, spec = large
    _, rows, _ = table_data(explorer, spec, "nodes")  # what the app's table callback shows for this URL
    app = {r["id"]: r for r in rows}

    cli = pd.read_csv(io.StringIO(_cli("metrics", "--data", str(folder), "--view", URL, "--format", "csv")),
                      dtype={"id": str})
    out = tmp_path / "view.csv"
    _cli("export", "--data", str(folder), "--view", URL, "--table", "nodes", "-o", str(out))
    exported = pd.read_csv(out, dtype={"id": str}).set_index("id")

    metric_columns = list(explorer.metrics(spec).columns)
    assert set(metric_columns) <= set(cli.columns) and "betweenness" in metric_columns
    assert set(cli["id"]) == set(app) == set(exported.index)
    assert len(app) == len(explorer.projection(spec).nodes)
    for col in (c for c in cli.columns if c != "id"):
        for node, value in zip(cli["id"], cli[col]):
            shown = app[node][col]  # the app's rows and the CLI have 6 decimals; the export the full value
            assert _close(shown, value, 1e-9), (col, node)
            full = exported.at[node, col]
            assert _close(shown, round(full, 6) if isinstance(full, float) else full, 1e-9), (col, node)


def test_app_suggestions_equal_cli_suggest(large):
    from graph_explorer.app import ids
    from graph_explorer.app.panels import insights_view

    folder, explorer, spec = large
    m = explorer.metrics(spec)
    actor = str(m["degree"].astype(float).idxmax())
    selected = spec.replace(selected=actor)
    panel = insights_view(explorer, selected)  # the app's "Suggested partners" list for this URL
    shown = []

    def walk(c):
        if getattr(c, "id", None) and isinstance(c.id, dict) and c.id.get("type") == ids.PICK \
                and c.id.get("where") == "suggestions":
            shown.append(c.id["node"])
        for child in (c if isinstance(c, (list, tuple)) else [getattr(c, "children", None)]):
            if child is not None and not isinstance(child, str):
                walk(child)
    walk(panel)
    assert len(shown) == 5

    cli = pd.read_csv(io.StringIO(_cli("suggest", actor, "--data", str(folder), "--view", f"{URL}&selected={actor}",
                                       "--top", "5", "--format", "csv")), dtype={"id": str})
    assert list(cli["id"]) == shown
    # the view has one theme: every suggestion is active in it, in the app as on the command line
    table = explorer.suggestions(selected, actor, top=5)
    assert list(table["id"]) == shown
    assert np.allclose(cli["score"].to_numpy(float), table["score"].to_numpy(float))
