"""The scale benchmark: one command, every number of issue 6, JSON and a markdown table.

Sizes
    S  the bundled data (1,651 actors, 127 cooperations, ~27,700 links at organisation level);
    M  ``graph-explorer generate`` 5,000 organisations, 1,660 cooperations (~25,000 links);
    L  20,000 organisations, 6,600 cooperations (~100,000 links) — a full Erasmus+ VET export.

Measured per size, at organisation level (force layout, colour by community)
    load       read and validate the CSV folder (median of ``--runs``);
    projection the graph of the unfiltered view: cold (the pair table built) and warm;
    layout     force layout, cold (nothing cached), warm from disk (a restarted server) and from memory;
    metrics    the level's metrics table (graph_explorer.analysis.node_metrics via the Explorer),
               cold, warm from disk and from memory;
    filter     filter → figure on the server for several filters, each a new view for the explorer
               (a fresh open_explorer() per filter; the level's layout and metrics warm, as after start-up,
               and its frame made, as the page holds it from the level's first picture):
               the app's ``render_figure`` (or ``figure_for`` if the app is absent) and the JSON Dash
               sends (plotly's encoder). p50 and p95 over filters × runs; a breakdown of the first run;
    payload    bytes of that JSON: the unfiltered view, and p50 over filters; gzip of the unfiltered;
    floor      the time to serialise the same coordinate arrays our figure sends (every x, y array of its
               traces) — as JSON numbers (``json.dumps``) and as plotly typed arrays — and the filter
               time as a multiple of each;
    browser    time until the unfiltered view is drawn in headless Chromium (Playwright): a minimal
               page on 127.0.0.1 loading the plotly.js the app serves (the partial bundle of
               assets/vendor), ``Plotly.newPlot`` with the figure JSON, until ``plotly_afterplot``
               (+1 frame); cold (fresh context), from the data being in the page, and a returning
               visitor (cached plotly.js); then the same page drawing as the app does (assets/wire.js:
               many links painted into one picture once plotly has drawn the nodes).
    At M also dash-cytoscape (preset layout) and pyvis (physics off) with the same graph and
    positions, in the same browser (see ``_browser.py``), and our time as a ratio to each.

Usage::

    .venv/bin/python benchmarks/run.py                  # everything (a few minutes; L's metrics ~3 min)
    .venv/bin/python benchmarks/run.py --sizes S,M --runs 2 --no-browser

Writes ``benchmarks/results/benchmark.json`` and ``benchmarks/results/benchmark.md``. Numbers on a
shared machine are noisy: the JSON records the load average before and after.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"

_CACHE_DIRS: list[str] = []

from graph_explorer.generate import PRESETS  # noqa: E402

SIZES = {"S": None, **PRESETS}  # M and L: (organisations, cooperations) for graph-explorer generate
SEED = 1

#: Targets of issue 6 (2-core machine).
TARGETS = {
    "L.filter_p50_ms": 150.0,
    "L.payload_bytes": 4_000_000,
    "L.browser_cold_ms": 3_000.0,
    "L.metrics_cold_s": 60.0,
    "L.layout_cold_s": 60.0,
    "L.metrics_warm_s": 2.0,
    "L.layout_warm_s": 2.0,
    "M.speedup_vs_fastest": 5.0,
    "M.speedup_vs_pyvis": 2.0,  # issue 12: the cold page, as the app draws it
    "filter_vs_floor": 10.0,
}


def _filters():
    from graph_explorer.view import ViewSpec

    base = dict(color="community", size="degree")
    return [
        ViewSpec(**base),
        ViewSpec(themes=("green",), **base),
        ViewSpec(themes=("digital", "inclusion"), **base),
        ViewSpec(years=(2022, 2023), **base),
        ViewSpec(programmes=("Erasmus+ KA220-VET",), **base),
        ViewSpec(regions=("Southern",), **base),
        ViewSpec(kinds=("project",), years=(2024, 2025), **base),
        ViewSpec(min_weight=2, **base),
    ]


def _s(seconds: float) -> float:
    return round(seconds, 4)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _time(f):
    t = time.perf_counter()
    r = f()
    return r, time.perf_counter() - t


def _median_time(f, runs: int) -> float:
    return statistics.median(_time(f)[1] for _ in range(runs))


def _pct(values, q) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else float("nan")


def _dataset_dir(size: str, data_root: Path) -> tuple[Path, dict]:
    from graph_explorer.dataset import bundled_data_path
    from graph_explorer.generate import generate

    if SIZES[size] is None:
        return bundled_data_path(), {"source": "bundled"}
    n, m = SIZES[size]
    out = data_root / f"{size}-{n}-{m}-seed{SEED}"
    stamp = out / ".complete"
    info = {"source": "graph-explorer generate", "organisations": n, "cooperations": m, "seed": SEED,
            "command": f"graph-explorer generate --organisations {n} --cooperations {m} --seed {SEED} -o DIR"}
    if not stamp.exists():
        _, t = _time(lambda: generate(n, m, SEED, out))
        stamp.write_text("ok")
        info["generate_s"] = _s(t)
    return out, info


def _render(explorer, spec):
    """What the app sends for ``spec`` on a filter click: its render_figure if the app is importable, else figure_for.

    The page already holds the level's frame (it came with the first picture of the level), so the
    answer is the wire figure alone.
    """
    try:
        from graph_explorer.app.panels import render_figure
        from graph_explorer.figures.wire import frame_of
    except Exception:  # the app is not there (or broken): the figure layer alone
        from graph_explorer.figures import figure_for

        return figure_for(explorer.scene(spec)), "figures.figure_for"
    answer, _, _ = render_figure(explorer, spec, {"frame": frame_of(explorer, spec).key})
    return answer, "app.panels.render_figure (wire figure on the level's frame)"


def _hold_frame(explorer, spec) -> None:
    """Make the level's frame, as the server did when it sent the level's first picture (which the page holds:
    a filter click is answered on it). Untimed: a click never builds it."""
    try:
        from graph_explorer.figures.screen import plotly_template
        from graph_explorer.figures.wire import frame_of
    except Exception:  # the app is not there: figure_for needs no frame
        return
    frame_of(explorer, spec, template=plotly_template())


def _drawn(explorer, spec, answer):
    """The figure the page draws from an answer of :func:`_render` (a wire figure is rebuilt on its frame)."""
    import plotly.graph_objects as go

    if isinstance(answer, dict) and "frame" in answer:
        from graph_explorer.figures.wire import decode, frame_of

        return go.Figure(decode(answer, frame_of(explorer, spec).wire()))
    return answer


def _coordinate_arrays(fig) -> list[np.ndarray]:
    out = []
    for t in fig.data:
        for axis in ("x", "y"):
            v = getattr(t, axis, None)
            if isinstance(v, dict):  # a typed array kept as drawn ({"dtype", "bdata"})
                from graph_explorer.figures.wire import untyped

                v = untyped(v)
            if v is not None and len(v):
                out.append(np.asarray(v))
    return out


def _floors(fig, runs: int) -> dict:
    """Seconds to serialise only the figure's coordinate arrays, from the numpy arrays to JSON text.

    ``json``: as JSON numbers (NaN as null), the plain way; ``typed``: as typed arrays (base64 of the
    raw bytes in a small JSON object per array), the cheapest encoding plotly.js reads.
    """
    import base64

    arrays = _coordinate_arrays(fig)

    def as_numbers():
        return json.dumps([[None if v != v else v for v in a.astype(float).tolist()] for a in arrays])

    def as_typed():
        return json.dumps([{"dtype": a.dtype.str[1:], "bdata": base64.b64encode(np.ascontiguousarray(a).tobytes())
                            .decode("ascii")} for a in arrays])
    return {"json_s": _median_time(as_numbers, runs), "typed_s": _median_time(as_typed, runs),
            "values": int(sum(len(a) for a in arrays))}


def bench_size(size: str, data_root: Path, runs: int, browser, static, log) -> dict:
    from graph_explorer import analysis, layout, network
    from graph_explorer.dataset import load_dataset
    from graph_explorer.diskcache import ENV_VAR
    from graph_explorer.explorer import MetricsPolicy, open_explorer
    from graph_explorer.view import ViewSpec

    res: dict = {"size": size}
    folder, res["data"] = _dataset_dir(size, data_root)
    cache_dir = tempfile.mkdtemp(prefix=f"graph-explorer-bench-{size}-")
    _CACHE_DIRS.append(cache_dir)
    os.environ[ENV_VAR] = cache_dir  # a cold, private disk cache for this size
    layout._CACHE.clear()
    network._CACHE.clear()
    analysis.clear_cache()

    log(f"[{size}] load and validate")
    ds, t_first = _time(lambda: load_dataset(folder))
    res["load_s"] = _s(statistics.median([t_first] + [_time(lambda: load_dataset(folder))[1]
                                                      for _ in range(max(runs - 1, 0))]))
    res["counts"] = {"actors": len(ds.actors), "cooperations": len(ds.cooperations),
                     "participations": len(ds.participations), "warnings": len(ds.report.warnings)}
    spec = ViewSpec()

    log(f"[{size}] projection")
    p, t = _time(lambda: network.project(ds, spec))
    res["projection_cold_s"] = _s(t)
    res["projection_warm_s"] = _s(_median_time(lambda: network.project(ds, spec), runs))
    res["counts"].update({"nodes": p.n_nodes, "links": p.n_edges,
                          "pair_rows": int(len(network._base(ds, "organisation").pair_a))})

    log(f"[{size}] layout cold")
    _, t = _time(lambda: layout.positions(ds, spec))
    res["layout_cold_s"] = _s(t)
    layout._CACHE.clear()
    _, t = _time(lambda: layout.positions(ds, spec))
    res["layout_warm_disk_s"] = _s(t)
    res["layout_warm_memory_s"] = _s(_median_time(lambda: layout.positions(ds, spec), runs))

    log(f"[{size}] metrics cold (the level's node_metrics)")
    ex = open_explorer(ds)
    _, t = _time(lambda: ex.level_metrics(spec))
    res["metrics_cold_s"] = _s(t)
    analysis.clear_cache()
    ex2 = open_explorer(ds)
    _, t = _time(lambda: ex2.level_metrics(spec))
    res["metrics_warm_disk_s"] = _s(t)
    res["metrics_warm_memory_s"] = _s(_median_time(lambda: ex2.level_metrics(spec), runs))
    res["metrics_exact_per_view"] = ex2.exact_metrics(spec)
    res["metrics_cost_nodes_x_links"] = ex2.level_cost(spec)

    log(f"[{size}] filter -> figure")
    from plotly.io.json import to_json_plotly

    level_table = ex2.level_metrics(spec)

    def fresh(exact_max_cost=None):
        e = open_explorer(ds) if exact_max_cost is None else open_explorer(ds, MetricsPolicy(exact_max_cost))
        e.remember_level_metrics(spec, level_table)
        return e

    def one_pass(make):
        times, payloads, floors_json, floors_typed, figs = [], [], [], [], {}
        for f in _filters():
            e = make()
            _hold_frame(e, f)
            t0 = time.perf_counter()
            answer, path = _render(e, f)
            text = to_json_plotly(answer)
            times.append(time.perf_counter() - t0)
            payloads.append(len(text.encode()))
            figs[f.to_query() or "all"] = (_drawn(e, f, answer), text)
        return times, payloads, figs, path

    masked_make = (lambda: fresh(0)) if ex2.exact_metrics(spec) else (lambda: fresh())
    _render(masked_make(), ViewSpec(level="organisation", themes=("quality",)))  # imports, first-call costs
    all_times, payloads, figs = [], [], {}
    for r in range(runs):
        times, payloads, figs, path = one_pass(masked_make)
        all_times += times
    res["filter"] = {
        "path": path, "metrics": "level metrics masked to the view",
        "filters": list(figs), "p50_ms": _ms(_pct(all_times, 50)), "p95_ms": _ms(_pct(all_times, 95)),
        "max_ms": _ms(max(all_times)), "runs": runs,
        "per_filter_ms": {k: _ms(v) for k, v in zip(figs, all_times[-len(figs):])},
    }
    if ex2.exact_metrics(spec):  # small data: what the app does by default (exact metrics of each view)
        times, _, _, _ = one_pass(lambda: fresh())
        res["filter_app_default"] = {"metrics": "exact metrics of each view (recomputed per filter)",
                                     "p50_ms": _ms(_pct(times, 50)), "p95_ms": _ms(_pct(times, 95))}
    res["filter"]["breakdown_ms"] = _breakdown(fresh, masked_make, _filters()[1])

    fig_all, text_all = figs["all"]
    res["payload"] = {"unfiltered_bytes": len(text_all.encode()),
                      # the app gzips answers over 32 kB at level 5 for browsers that accept it
                      "unfiltered_gzip_bytes": len(gzip.compress(text_all.encode(), 5)),
                      "p50_bytes": int(_pct(payloads, 50)), "max_bytes": int(max(payloads))}
    floors = [_floors(fig, max(runs, 3)) for fig, _ in figs.values()]
    fj = [f["json_s"] for f in floors]
    ft = [f["typed_s"] for f in floors]
    last = all_times[-len(figs):]
    res["floor"] = {
        "json_p50_ms": round(_pct(fj, 50) * 1000, 2), "typed_p50_ms": round(_pct(ft, 50) * 1000, 2),
        "values_unfiltered": floors[0]["values"],
        "filter_over_json_floor_p50": round(_pct([a / b for a, b in zip(last, fj)], 50), 2),
        "filter_over_typed_floor_p50": round(_pct([a / b for a, b in zip(last, ft)], 50), 2),
    }

    if browser is not None:
        import _browser as B

        log(f"[{size}] browser: plotly")
        # the cold page draws the whole figure (the frame and the first wire figure rebuilt into it)
        res["browser"] = {"plotly": B.draw_plotly(browser, static, to_json_plotly(fig_all), size, runs=runs).to_dict()}
        log(f"[{size}] browser: plotly, links as the app's picture")
        res["browser"]["plotly_picture"] = B.draw_plotly(browser, static, to_json_plotly(fig_all), size, runs=runs,
                                                         picture=True).to_dict()
        if size == "M":
            scene = fresh().scene(ViewSpec())
            nodes = [{"id": str(i), "x": float(x), "y": float(y), "size": float(s),
                      "color": c if isinstance(c, str) else "#0072B2"}
                     for i, x, y, s, c in zip(scene.nodes["id"], scene.nodes["x"], scene.nodes["y"],
                                              scene.nodes["size"], scene.nodes["color"])]
            edges = [(str(s), str(t)) for s, t in zip(scene.edges["source"], scene.edges["target"])]
            log(f"[{size}] browser: pyvis")
            res["browser"]["pyvis"] = B.draw_pyvis(browser, static, nodes, edges, runs=runs).to_dict()
            log(f"[{size}] browser: dash-cytoscape")
            res["browser"]["dash_cytoscape"] = B.draw_cytoscape(browser, nodes, edges, runs=runs).to_dict()
            res["browser"]["ratios"] = _ratios(res["browser"])
            res["browser"]["ratios_picture"] = _ratios(res["browser"], "plotly_picture")
    return res


def _breakdown(fresh, make, spec) -> dict:
    """Where one filter's time goes (ms), on a fresh explorer."""
    from plotly.io.json import to_json_plotly

    from graph_explorer.figures import figure_for

    e = make()
    out = {}
    _, t = _time(lambda: e.projection(spec))
    out["projection"] = _ms(t)
    _, t = _time(lambda: e.metrics(spec))
    out["metrics"] = _ms(t)
    _, t = _time(lambda: e.positions(spec))
    out["positions"] = _ms(t)
    scene, t = _time(lambda: e.scene(spec))
    out["scene"] = _ms(t)
    fig, t = _time(lambda: figure_for(scene))
    out["figure"] = _ms(t)
    try:
        from graph_explorer.app.panels import render_figure

        e2 = make()
        e2.projection(spec), e2.metrics(spec)
        s2 = e2.scene(spec)
        e2.scene = lambda *_a, **_k: s2  # the scene is ready: time the app's additions alone
        from graph_explorer.figures.wire import frame_of

        _hold_frame(e2, spec)
        held = {"frame": frame_of(e2, spec).key}  # the page holds the level's frame
        (fig2, _, _), t = _time(lambda: render_figure(e2, spec, held))
        out["app_render_figure_given_scene"] = _ms(t)
        fig = fig2
    except Exception:
        pass
    _, t = _time(lambda: to_json_plotly(fig))
    out["json"] = _ms(t)
    return out


def _ratios(b: dict, ours: str = "plotly") -> dict:
    """Their times ÷ ours (``ours``: "plotly", or "plotly_picture": links as the app's picture)."""
    out = {}
    for key in ("median_ms", "data_to_drawn_median_ms", "warm_ms"):
        mine = b[ours].get(key)
        theirs = {k: b[k].get(key) for k in ("pyvis", "dash_cytoscape")}
        out[key] = {k: (round(v / mine, 2) if v and mine else None) for k, v in theirs.items()}
        valid = [v for v in theirs.values() if v]
        out[key]["vs_fastest"] = round(min(valid) / mine, 2) if valid and mine else None
    return out


def _targets(results: dict) -> list[dict]:
    L = results.get("L")
    M = results.get("M")
    rows = []

    def add(name, value, limit, higher_is_better=False, unit=""):
        if value is None:
            rows.append({"target": name, "value": None, "limit": limit, "met": None, "note": "not measured"})
            return
        met = value >= limit if higher_is_better else value <= limit
        by = (limit / value if higher_is_better else value / limit) if value else None
        rows.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": met,
                     "missed_by": None if met else f"{by:.2f}x"})
    if L:
        add("L filter->figure p50 (ms)", L["filter"]["p50_ms"], TARGETS["L.filter_p50_ms"], unit="ms")
        add("L payload, unfiltered view, JSON (bytes)", L["payload"]["unfiltered_bytes"], TARGETS["L.payload_bytes"])
        add("L payload, unfiltered view, on the wire: the app gzips (bytes)", L["payload"]["unfiltered_gzip_bytes"],
            TARGETS["L.payload_bytes"])
        add("L drawn in Chromium, cold (ms)", (L.get("browser") or {}).get("plotly", {}).get("median_ms"),
            TARGETS["L.browser_cold_ms"], unit="ms")
        add("L metrics cold (s)", L["metrics_cold_s"], TARGETS["L.metrics_cold_s"], unit="s")
        add("L layout cold (s)", L["layout_cold_s"], TARGETS["L.layout_cold_s"], unit="s")
        add("L metrics warm, from disk (s)", L["metrics_warm_disk_s"], TARGETS["L.metrics_warm_s"], unit="s")
        add("L layout warm, from disk (s)", L["layout_warm_disk_s"], TARGETS["L.layout_warm_s"], unit="s")
    if M and M.get("browser", {}).get("ratios"):
        r = M["browser"]["ratios"]
        add("M drawn: speed-up vs the faster of pyvis/cytoscape, cold page", r["median_ms"]["vs_fastest"],
            TARGETS["M.speedup_vs_fastest"], higher_is_better=True, unit="x")
        add("M drawn: speed-up vs the faster, from data in the page", r["data_to_drawn_median_ms"]["vs_fastest"],
            TARGETS["M.speedup_vs_fastest"], higher_is_better=True, unit="x")
        p = M["browser"].get("ratios_picture")
        if p:  # as the app draws it: many links as one picture
            add("M drawn, links as the app's picture: speed-up vs pyvis, cold page", p["median_ms"]["pyvis"],
                TARGETS["M.speedup_vs_pyvis"], higher_is_better=True, unit="x")
    for size, res in results.items():
        add(f"{size} filter->figure / JSON-numbers floor (p50)", res["floor"]["filter_over_json_floor_p50"],
            TARGETS["filter_vs_floor"], unit="x")
        add(f"{size} filter->figure / typed-array floor (p50)", res["floor"]["filter_over_typed_floor_p50"],
            TARGETS["filter_vs_floor"], unit="x")
    return rows


def _fmt_s(v):
    return "–" if v is None else _fmt_ms(v * 1000) if v < 1 else f"{v:.1f} s"


def _fmt_ms(v):
    if v is None:
        return "–"
    return f"{v:.1f} ms" if v < 10 else f"{v:.0f} ms" if v < 1000 else f"{v / 1000:.2f} s"


def _fmt_b(v):
    return "–" if v is None else (f"{v / 1e6:.2f} MB" if v >= 1e5 else f"{v / 1e3:.0f} kB")


def markdown(report: dict) -> str:
    res = report["results"]
    sizes = list(res)
    head = "| | " + " | ".join(
        f"{s}: {res[s]['counts']['nodes']:,} nodes, {res[s]['counts']['links']:,} links" for s in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]

    def row(label, f):
        cells = []
        for s in sizes:
            try:
                cells.append(f(res[s]))
            except (KeyError, TypeError):
                cells.append("–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    row("Load and validate", lambda r: _fmt_s(r["load_s"]))
    row("Projection, cold / warm", lambda r: f"{_fmt_s(r['projection_cold_s'])} / {_fmt_s(r['projection_warm_s'])}")
    row("Layout cold / warm (disk) / warm (memory)", lambda r: f"{_fmt_s(r['layout_cold_s'])} / "
        f"{_fmt_s(r['layout_warm_disk_s'])} / {_fmt_s(r['layout_warm_memory_s'])}")
    row("Metrics cold / warm (disk) / warm (memory)", lambda r: f"{_fmt_s(r['metrics_cold_s'])} / "
        f"{_fmt_s(r['metrics_warm_disk_s'])} / {_fmt_s(r['metrics_warm_memory_s'])}")
    row("Filter → figure on the server, p50 / p95", lambda r: f"{_fmt_ms(r['filter']['p50_ms'])} / "
        f"{_fmt_ms(r['filter']['p95_ms'])}")
    row("… with exact per-view metrics (app default on small data)",
        lambda r: f"{_fmt_ms(r['filter_app_default']['p50_ms'])} / {_fmt_ms(r['filter_app_default']['p95_ms'])}"
        if "filter_app_default" in r else "masked (as above)")
    row("Figure JSON, unfiltered (gzip) / p50 over filters", lambda r: f"{_fmt_b(r['payload']['unfiltered_bytes'])} "
        f"({_fmt_b(r['payload']['unfiltered_gzip_bytes'])}) / {_fmt_b(r['payload']['p50_bytes'])}")
    row("Floor: the coordinates alone as JSON numbers / typed arrays", lambda r: f"{_fmt_ms(r['floor']['json_p50_ms'])}"
        f" / {_fmt_ms(r['floor']['typed_p50_ms'])}")
    row("Filter time ÷ floor (JSON numbers / typed arrays)", lambda r: f"{r['floor']['filter_over_json_floor_p50']}× / "
        f"{r['floor']['filter_over_typed_floor_p50']}×")
    row("Drawn in headless Chromium: cold page / from data / returning visitor",
        lambda r: f"{_fmt_ms(r['browser']['plotly']['median_ms'])} / "
        f"{_fmt_ms(r['browser']['plotly']['data_to_drawn_median_ms'])} / {_fmt_ms(r['browser']['plotly']['warm_ms'])}")
    out = ["## Performance", "", "\n".join(lines), ""]
    M = res.get("M", {}).get("browser", {})
    if "pyvis" in M:
        out += ["At M, the same graph at the same positions in the same browser:", "",
                "| | cold page | from data in the page | returning visitor | our speed-up (cold / from data / returning) |",
                "|---|---|---|---|---|"]
        for key, name in (("plotly", "graph-explorer (plotly.js, WebGL)"),
                          ("plotly_picture", "graph-explorer as the app draws it (links as one picture)"),
                          ("pyvis", "pyvis (vis-network, physics off)"),
                          ("dash_cytoscape", "dash-cytoscape (preset layout)")):
            if key not in M:
                continue
            d = M[key]
            ratio = "" if key.startswith("plotly") else " / ".join(
                f"{M['ratios'][k][key]}×" if M['ratios'][k][key] else "–"
                for k in ("median_ms", "data_to_drawn_median_ms", "warm_ms"))
            if key == "pyvis" and "ratios_picture" in M:
                ratio += " (as the app draws: " + " / ".join(
                    f"{M['ratios_picture'][k][key]}×" if M['ratios_picture'][k][key] else "–"
                    for k in ("median_ms", "data_to_drawn_median_ms", "warm_ms")) + ")"
            err = f" (error: {d['error']})" if d.get("error") else ""
            out.append(f"| {name}{err} | {_fmt_ms(d['median_ms'])} | {_fmt_ms(d['data_to_drawn_median_ms'])} | "
                       f"{_fmt_ms(d['warm_ms'])} | {ratio} |")
        out.append("")
    out += ["Filter → figure is a new filter on a running server (projection, metrics masked from the level's, "
            "scene, the app's figure and its JSON), the level's layout and metrics being computed already. "
            "Figure JSON is as Dash sends it (plotly's encoder writes <, >, / and non-ASCII characters as "
            "\\uXXXX); gzip is what the app sends to browsers that accept it. Chromium runs headless with software WebGL "
            "(no GPU): loading plotly.js and creating a WebGL context cost about 1 s and 0.3 s of every cold "
            "page, whatever the graph.", ""]
    out += ["Targets (2-core machine):", "", "| target | measured | limit | met |", "|---|---|---|---|"]
    for t in report["targets"]:
        met = "–" if t["met"] is None else ("yes" if t["met"] else f"no (by {t['missed_by']})")
        v = t["value"]
        out.append(f"| {t['target']} | {v if v is not None else '–'} | {t['limit']} | {met} |")
    m = report["machine"]
    out += ["", f"Measured {report['date']} on {m['cpus']} CPUs ({m['platform']}), load average "
            f"{m['load_before']} before and {m['load_after']} after; Python {m['python']}, "
            f"plotly {m['plotly']}, igraph {m['igraph']}, {m.get('chromium', 'no browser')}. "
            f"Command: `{report['command']}`."]
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help="Comma-separated sizes among S, M, L.")
    parser.add_argument("--runs", type=int, default=3, help="Repetitions of each timed step.")
    parser.add_argument("--no-browser", action="store_true", help="Skip the Chromium measurements.")
    parser.add_argument("--data", default=None, help="Where to keep the generated datasets (default: a temp folder).")
    parser.add_argument("--out", default=str(RESULTS), help="Folder for benchmark.json and benchmark.md.")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    for s in sizes:
        if s not in SIZES:
            parser.error(f"unknown size {s!r} (S, M, L)")
    data_root = Path(args.data) if args.data else Path(tempfile.gettempdir()) / "graph-explorer-bench-data"
    data_root.mkdir(parents=True, exist_ok=True)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    import igraph
    import plotly

    machine = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
               "plotly": plotly.__version__, "igraph": igraph.__version__, "numpy": np.__version__,
               "load_before": [round(x, 2) for x in os.getloadavg()]}
    results = {}
    browser = static = pw = None
    try:
        if not args.no_browser:
            import _browser as B

            exe = B.find_chromium()
            if exe is None:
                log("No Chromium found: browser measurements skipped.")
            else:
                from playwright.sync_api import sync_playwright

                pw = sync_playwright().start()
                browser = B.launch(pw, exe)
                static = B.StaticServer()
                machine["chromium"] = f"Chromium {browser.version} (headless, software WebGL)"
        from graph_explorer.diskcache import ENV_VAR

        saved = os.environ.get(ENV_VAR)
        try:
            for s in sizes:
                results[s] = bench_size(s, data_root, args.runs, browser, static, log)
        finally:  # bench_size points the disk cache at a private folder per size: remove them, restore
            for folder in _CACHE_DIRS:
                shutil.rmtree(folder, ignore_errors=True)
            if saved is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = saved
    finally:
        if browser is not None:
            browser.close()
        if static is not None:
            static.close()
        if pw is not None:
            pw.stop()
    machine["load_after"] = [round(x, 2) for x in os.getloadavg()]
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "command": " ".join(["benchmarks/run.py"] + (argv or sys.argv[1:])),
              "machine": machine, "results": results}
    report["targets"] = _targets(results)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "benchmark.json").write_text(json.dumps(report, indent=1, default=float) + "\n")
    (out / "benchmark.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
