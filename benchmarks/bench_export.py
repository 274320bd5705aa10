"""How long exports of the bundled organisation-level graph take (1,651 actors, ~27,700 links).

Measures, on this machine:

- **first export** in a fresh Explorer and renderer: starts Chromium, builds
  the view (projection, metrics, layout, scene) and renders the 16:9 PNG;
- **warm PNG, 16:9** (the target): the browser is running and the view was
  drawn before, as in the app after the first export — median and max of
  ``--repeat`` exports, with the time split into scene, figure and render;
- **warm browser, new Explorer**: the browser is warm but the view's graph,
  metrics and scene are computed again (a new dataset or a cleared cache);
- warm SVG, PDF, and PNG at scale 2; the CSV/XLSX/GraphML/GEXF data exports;
- **cold CLI**: ``graph-explorer export -o x.png`` in a fresh process.

Target (issue 5): a warm 16:9 PNG under 5 s on 2 cores. Prints a table and
writes ``benchmarks/results/export.json``.

Usage::

    .venv/bin/python benchmarks/bench_export.py [--repeat 5] [--no-cli]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "export.json"
TARGET_WARM_PNG_S = 5.0


def _timed(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def _stats(times: list[float]) -> dict:
    return {"runs_s": [round(x, 3) for x in times], "median_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3)}


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="warm exports per measurement")
    parser.add_argument("--no-cli", action="store_true", help="skip the fresh-process CLI run")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)

    from graph_explorer.dataset import load_bundled
    from graph_explorer.explorer import Explorer
    from graph_explorer.export import export_view
    from graph_explorer.export.images import (export_figure, export_image, find_browser, render_figure,
                                              shutdown_renderer)
    from graph_explorer.export.presets import resolve_size
    from graph_explorer.view import ViewSpec

    browser = find_browser()
    if browser is None:
        raise SystemExit("No Chromium: install it (apt-get install chromium) to benchmark image export.")
    dataset = load_bundled()
    spec = ViewSpec()  # organisation level, all cooperations
    shutdown_renderer()

    ex = Explorer(dataset)
    first_s, png = _timed(lambda: export_image(ex, spec, "png", preset="16:9"))
    assert _png_size(png) == (1920, 1080)

    # warm: same view again, step by step
    size = resolve_size("16:9")
    steps = {"scene": [], "figure": [], "render": [], "total": []}
    for _ in range(args.repeat):
        t_scene, scene = _timed(lambda: ex.scene(spec))
        t_fig, fig = _timed(lambda: export_figure(ex, spec, size, scene=scene))
        t_render, png = _timed(lambda: render_figure(fig, "png", size))
        steps["scene"].append(t_scene)
        steps["figure"].append(t_fig)
        steps["render"].append(t_render)
        steps["total"].append(t_scene + t_fig + t_render)
    end_to_end = [_timed(lambda: export_image(ex, spec, "png", preset="16:9"))[0] for _ in range(args.repeat)]

    # warm browser, everything about the view computed again
    fresh = []
    for _ in range(max(2, args.repeat // 2)):
        from graph_explorer import layout, network

        network._CACHE.clear()
        layout._CACHE.clear()
        try:
            from graph_explorer.analysis import clear_cache
            clear_cache()
        except ImportError:
            pass
        ex_new = Explorer(dataset)
        fresh.append(_timed(lambda: export_image(ex_new, spec, "png", preset="16:9"))[0])

    others = {}
    for name, kw in [("svg", {"fmt": "svg"}), ("pdf", {"fmt": "pdf"}), ("png_scale_2", {"fmt": "png", "scale": 2})]:
        others[name] = _stats([_timed(lambda: export_image(ex, spec, preset="16:9", **kw))[0]
                               for _ in range(max(2, args.repeat // 2))])
    data_formats = {}
    for fmt in ("csv", "xlsx", "graphml", "gexf"):
        t, files = _timed(lambda: export_view(ex, spec, fmt))
        data_formats[fmt] = {"s": round(t, 3), "bytes": sum(len(f.data) for f in files)}
    svg_bytes = len(export_image(ex, spec, "svg"))
    shutdown_renderer()

    cli = None
    if not args.no_cli:
        with tempfile.TemporaryDirectory() as d:
            cmd = [sys.executable, "-m", "graph_explorer", "export", "-o", str(Path(d) / "x.png")]
            t, done = _timed(lambda: subprocess.run(cmd, cwd=ROOT, capture_output=True))
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
            cli = {"command": "graph-explorer export -o x.png", "s": round(t, 3)}

    p = ex.projection(spec)
    result = {
        "benchmark": "16:9 PNG export of the bundled organisation-level graph (default view)",
        "graph": {"nodes": len(p.nodes), "links": len(p.edges)},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "browser": browser},
        "first_export_s": round(first_s, 3),
        "warm_png_16x9": {"end_to_end": _stats(end_to_end),
                          "steps_median_s": {k: round(statistics.median(v), 3) for k, v in steps.items()}},
        "warm_browser_new_explorer_png_s": _stats(fresh),
        "warm_other_s": others,
        "svg_bytes": svg_bytes,
        "data_exports": data_formats,
        "cold_cli": cli,
        "target_warm_png_s": TARGET_WARM_PNG_S,
        "meets_target": max(end_to_end) < TARGET_WARM_PNG_S,
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")

    w = result["warm_png_16x9"]
    print(f"export — bundled data, {result['graph']['nodes']} nodes, {result['graph']['links']} links, "
          f"{os.cpu_count()} CPUs, {browser}")
    print(f"  first export (Chromium start + view + render)  {first_s:7.2f} s")
    print(f"  warm 16:9 PNG                       median {w['end_to_end']['median_s']:6.2f} s  "
          f"max {w['end_to_end']['max_s']:6.2f} s  (target < {TARGET_WARM_PNG_S:g} s)")
    print("    steps (median): " + ", ".join(f"{k} {v:.3f}" for k, v in w["steps_median_s"].items()))
    print(f"  warm browser, view computed again   median {result['warm_browser_new_explorer_png_s']['median_s']:6.2f} s")
    for name, s in others.items():
        print(f"  warm {name:12s}                   median {s['median_s']:6.2f} s")
    for fmt, d in data_formats.items():
        print(f"  {fmt:8s} {d['s']:6.2f} s  {d['bytes']:>12,} bytes")
    if cli:
        print(f"  cold CLI: {cli['command']}  {cli['s']:.2f} s")
    print(f"  meets target: {result['meets_target']}  → {args.output}")
    return result


if __name__ == "__main__":
    main()
