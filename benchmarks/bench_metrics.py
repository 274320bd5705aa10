"""How long ``graph-explorer metrics`` takes on the bundled data at organisation level.

Measures, on this machine:

- **cold**: a fresh process running the command end to end (start-up and
  imports, loading the bundled data, projection, every metric, CSV out), for
  the per-node table and for ``--graph-level``;
- **in process, cleared caches**: the same work step by step (load, build the
  graph, node metrics, graph-level measures) after clearing every cache;
- **cached**: the same work again in the same process, as the app repeats it
  (the view's graph and the metrics are served from the caches).

Targets (issue 3): cold under 30 s, cached under 2 s, on 2 cores. Prints a
table and writes ``benchmarks/results/metrics.json``.

Usage::

    .venv/bin/python benchmarks/bench_metrics.py [--repeat 3] [--networkx]

``--networkx`` also times the pure-networkx engine for betweenness and
closeness on the same graph (slow: the reason igraph does the heavy work).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "metrics.json"
TARGET_COLD_S = 30.0
TARGET_CACHED_S = 2.0


def _cold(args: list[str], repeat: int) -> dict:
    cmd = [sys.executable, "-m", "graph_explorer", *args]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return {"command": "graph-explorer " + " ".join(args), "runs_s": [round(x, 3) for x in times],
            "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
            "output_bytes": len(done.stdout)}


def _clear_caches() -> None:
    from graph_explorer import network
    from graph_explorer.analysis import clear_cache
    from graph_explorer.dataset import load_bundled

    load_bundled.cache_clear()
    network._CACHE.clear()
    clear_cache()


def _work(seed: int = 42) -> dict:
    """The metrics command's work in process, step by step; seconds per step."""
    from graph_explorer.analysis import graph_metrics, node_metrics
    from graph_explorer.dataset import load_bundled
    from graph_explorer.network import build_graph

    steps = {}
    t = time.perf_counter()
    ds = load_bundled()
    steps["load"] = time.perf_counter() - t
    t = time.perf_counter()
    G = build_graph(ds)
    steps["build_graph"] = time.perf_counter() - t
    t = time.perf_counter()
    table = node_metrics(G, seed=seed)
    steps["node_metrics"] = time.perf_counter() - t
    t = time.perf_counter()
    table.round(6).to_csv(io.StringIO(), index=False)
    steps["csv"] = time.perf_counter() - t
    t = time.perf_counter()
    graph_metrics(G, seed=seed)
    steps["graph_metrics"] = time.perf_counter() - t
    steps = {k: round(v, 4) for k, v in steps.items()}
    steps["total"] = round(sum(steps.values()), 4)
    steps["graph"] = {"nodes": G.number_of_nodes(), "links": G.number_of_edges()}
    return steps


def _networkx_engine() -> dict:
    from graph_explorer.analysis import centrality
    from graph_explorer.dataset import load_bundled
    from graph_explorer.network import build_graph

    G = build_graph(load_bundled())
    out = {}
    for name, f in [("betweenness", lambda e: centrality.betweenness(G, engine=e)),
                    ("betweenness_weighted", lambda e: centrality.betweenness(G, weighted=True, engine=e)),
                    ("closeness", lambda e: centrality.closeness(G, engine=e))]:
        row = {}
        for engine in ("igraph", "networkx"):
            t = time.perf_counter()
            f(engine)
            row[engine + "_s"] = round(time.perf_counter() - t, 3)
        out[name] = row
    return out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per cold command")
    parser.add_argument("--networkx", action="store_true", help="also time the networkx engine")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)

    cold_table = _cold(["metrics"], args.repeat)
    cold_graph = _cold(["metrics", "--graph-level"], args.repeat)
    _clear_caches()
    in_process_cold = _work()
    cached = _work()
    result = {
        "benchmark": "graph-explorer metrics, bundled data, organisation level, count weights",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "cold_process": {"table": cold_table, "graph_level": cold_graph},
        "in_process_cleared_caches_s": in_process_cold,
        "in_process_cached_s": cached,
        "targets_s": {"cold": TARGET_COLD_S, "cached": TARGET_CACHED_S},
        "meets_targets": {
            "cold": max(cold_table["max_s"], cold_graph["max_s"]) < TARGET_COLD_S,
            "cached": cached["total"] < TARGET_CACHED_S,
        },
    }
    if args.networkx:
        result["engines_s"] = _networkx_engine()
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")

    g = in_process_cold["graph"]
    print(f"graph-explorer metrics — bundled data, {g['nodes']} nodes, {g['links']} links, "
          f"{os.cpu_count()} CPUs")
    print(f"  cold, fresh process, table        median {cold_table['median_s']:7.2f} s  "
          f"max {cold_table['max_s']:7.2f} s  (target < {TARGET_COLD_S:g} s)")
    print(f"  cold, fresh process, --graph-level median {cold_graph['median_s']:6.2f} s  "
          f"max {cold_graph['max_s']:7.2f} s")
    steps = ", ".join(f"{k} {v:.3f}" for k, v in in_process_cold.items() if k not in ("graph", "total"))
    print(f"  in process, caches cleared        {in_process_cold['total']:7.3f} s  ({steps})")
    print(f"  in process, cached                {cached['total']:7.3f} s  (target < {TARGET_CACHED_S:g} s)")
    if args.networkx:
        for name, row in result["engines_s"].items():
            print(f"  {name:22s} igraph {row['igraph_s']:8.3f} s   networkx {row['networkx_s']:8.3f} s")
    print(f"  meets targets: {result['meets_targets']}  → {args.output}")
    return result


if __name__ == "__main__":
    main()
