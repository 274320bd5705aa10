"""The on-disk cache: exact round trips, layouts equal to fresh ones, corrupt files recomputed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graph_explorer import layout
from graph_explorer.diskcache import ENV_VAR, DiskCache, cache_root, default_cache
from graph_explorer.network import build_graph
from graph_explorer.view import ViewSpec


def test_metrics_table_round_trips_exactly(synthetic, tmp_path):
    from graph_explorer import analysis

    table = analysis.node_metrics(build_graph(synthetic, ViewSpec()), seed=3).set_index("id")
    cache = DiskCache(tmp_path)
    assert cache.save("metrics", ("fp", 1), table) is not None
    pd.testing.assert_frame_equal(cache.load("metrics", ("fp", 1)), table, check_exact=True)


def test_missing_values_and_dtypes_round_trip(tmp_path):
    df = pd.DataFrame({
        "s": pd.array(["a", None, "c"], dtype="str"),
        "o": np.array(["x", None, np.nan], dtype=object),
        "i": pd.array([1, None, 3], dtype="Int64"),
        "f": [0.1, np.nan, -2.5],
        "b": [True, False, True],
        "n": np.array([1, 2, 3], dtype=np.int32),
    })
    cache = DiskCache(tmp_path)
    cache.save("t", ("k",), df)
    pd.testing.assert_frame_equal(cache.load("t", ("k",)), df, check_exact=True)


def test_tables_with_other_cells_are_computed_not_stored(tmp_path):
    df = pd.DataFrame({"cooperations": [("a", "b"), ("c",)]})
    cache = DiskCache(tmp_path)
    assert cache.save("edges", ("k",), df) is None
    assert cache.get_or_compute("edges", ("k",), lambda: df) is df
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("level", ["organisation", "country", "bipartite"])
def test_disk_cached_layout_equals_a_fresh_one(synthetic, disk, level):
    spec = ViewSpec(level=level, seed=7)
    first = layout.positions(synthetic, spec)
    assert disk.path("positions", layout.disk_key(synthetic, spec)).is_file()
    layout._CACHE.clear()  # a new process: only the disk remembers
    again = layout.positions(synthetic, spec)
    fresh = layout.force_layout(build_graph(synthetic, spec), seed=7)  # the reference path, via networkx
    pd.testing.assert_frame_equal(again, fresh, check_exact=True)
    pd.testing.assert_frame_equal(first, fresh, check_exact=True)


def test_cache_hit_does_not_recompute(synthetic, disk, monkeypatch):
    spec = ViewSpec(seed=1)
    layout.positions(synthetic, spec)
    layout._CACHE.clear()
    monkeypatch.setattr(layout, "force_layout_arrays", lambda *a, **k: pytest.fail("recomputed"))
    assert len(layout.positions(synthetic, spec)) > 0


def test_a_corrupt_file_is_ignored_and_replaced(synthetic, disk):
    spec = ViewSpec(seed=2)
    good = layout.positions(synthetic, spec)
    path = disk.path("positions", layout.disk_key(synthetic, spec))
    path.write_bytes(path.read_bytes()[:200])  # truncated, as after a crash or a full disk
    layout._CACHE.clear()
    pd.testing.assert_frame_equal(layout.positions(synthetic, spec), good, check_exact=True)
    pd.testing.assert_frame_equal(disk.load("positions", layout.disk_key(synthetic, spec)), good, check_exact=True)
    path.write_bytes(b"not a zip file at all")
    assert disk.load("positions", layout.disk_key(synthetic, spec)) is None


def test_a_file_under_another_key_is_not_served(tmp_path):
    cache = DiskCache(tmp_path)
    df = pd.DataFrame({"x": [1.0]})
    cache.save("positions", ("fp", "a"), df)
    cache.path("positions", ("fp", "a")).rename(cache.path("positions", ("fp", "b")))
    assert cache.load("positions", ("fp", "b")) is None


def test_writes_leave_no_temporary_files(tmp_path):
    cache = DiskCache(tmp_path)
    for i in range(3):
        cache.save("positions", ("fp", i), pd.DataFrame({"x": [float(i)]}))
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".npz"] * 3


def test_the_environment_chooses_or_turns_off_the_cache(monkeypatch, tmp_path, synthetic):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "here"))
    assert cache_root() == tmp_path / "here"
    monkeypatch.setenv(ENV_VAR, "off")
    assert cache_root() is None and default_cache() is None
    layout._CACHE.clear()
    layout.positions(synthetic, ViewSpec(seed=9))  # computes without a disk cache
    layout._CACHE.clear()
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "graph_explorer"


def test_an_unwritable_folder_only_costs_the_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = DiskCache(blocker / "cache")
    df = pd.DataFrame({"x": [1.0]})
    assert cache.save("positions", ("fp",), df) is None
    assert cache.get_or_compute("positions", ("fp",), lambda: df) is df


def test_force_layout_from_arrays_equals_networkx_path(synthetic):
    from graph_explorer.network import project

    for level in ("organisation", "country", "bipartite"):
        for weight in ("count", "newman"):
            spec = ViewSpec(level=level, weight=weight, seed=4)
            p = project(synthetic, spec)
            fast = layout.force_layout_arrays(p.nodes["id"], p.edges["source"], p.edges["target"],
                                              p.edges["weight"].to_numpy(float), seed=4)
            slow = layout.force_layout(build_graph(synthetic, spec), seed=4)
            pd.testing.assert_frame_equal(fast, slow, check_exact=True)


def test_the_least_recently_used_files_go_beyond_the_size_limit(tmp_path):
    import os
    import time

    df = pd.DataFrame({"x": np.arange(2000, dtype=float)})
    probe = DiskCache(tmp_path)
    probe.save("t", ("a",), df)
    one = probe.path("t", ("a",)).stat().st_size
    cache = DiskCache(tmp_path, max_bytes=int(2.5 * one))
    old = time.time() - 100
    os.utime(probe.path("t", ("a",)), (old, old))
    cache.save("t", ("b",), df)
    os.utime(cache.path("t", ("b",)), (old + 10, old + 10))
    assert cache.load("t", ("a",)) is not None  # reading "a" makes it the most recently used
    cache.save("t", ("c",), df)  # over the limit: "b", the least recently used, goes
    assert cache.load("t", ("b",)) is None
    assert cache.load("t", ("a",)) is not None and cache.load("t", ("c",)) is not None
