"""Load time and peak memory of generated Erasmus+ exports (10 MB and 100 MB), cold and warm.

Each load runs in a process of its own (``graph_explorer.dataset.load_dataset``
on the file), which reports the wall time of the load (its Python imports —
pandas, numpy — apart) and its peak resident memory (``ru_maxrss``). Cold: an empty disk cache (the file is read, validated, its
organisations merged, and the result kept). Warm: the same file again with that
cache (a second start). A floor measured in the same run: the time to hash the
file (what a warm start does at least) and to parse it with Python's csv
module alone.

    .venv/bin/python benchmarks/bench_import.py [--sizes 10 100] [--runs 1]

Writes benchmarks/results/import.json and import.md. Targets: a 100 MB export
loads in at most 60 s and 2 GB; a second start takes at most 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

CHILD = r"""
import json, resource, sys, time
t = time.perf_counter()
from graph_explorer.dataset import load_dataset
imported = time.perf_counter() - t
t = time.perf_counter()
ds = load_dataset(sys.argv[1])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "import_s": imported,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "read_as": ds.report.read_as}))
"""

FLOOR = r"""
import csv, hashlib, json, sys, time
t = time.perf_counter()
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    while chunk := f.read(4 << 20):
        h.update(chunk)
hashed = time.perf_counter() - t
t = time.perf_counter()
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = sum(1 for _ in csv.reader(f))
print(json.dumps({"hash_s": hashed, "csv_s": time.perf_counter() - t, "rows": rows}))
"""


def child(code: str, path: Path, cache: Path) -> dict:
    env = dict(os.environ, GRAPH_EXPLORER_CACHE=str(cache))
    out = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True,
                         check=True, timeout=1800)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[10, 100], help="export sizes in MB")
    parser.add_argument("--runs", type=int, default=1, help="repetitions of each cold and warm load (median)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from graph_explorer.generate_erasmus import generate_export

    results = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp = Path(tmp)
        for size in args.sizes:
            path = tmp / f"export-{size:g}MB.csv"
            t = time.perf_counter()
            projects = generate_export(path, size_mb=size, seed=args.seed)
            generated = time.perf_counter() - t
            floor = child(FLOOR, path, tmp / "unused")
            colds, warms = [], []
            for run in range(args.runs):
                cache = tmp / f"cache-{size:g}-{run}"
                colds.append(child(CHILD, path, cache))
                warms.append(child(CHILD, path, cache))

            def med(items, key):
                values = sorted(i[key] for i in items)
                return values[len(values) // 2]
            row = {"size_mb": round(path.stat().st_size / 2**20, 1), "projects": projects,
                   "generate_s": round(generated, 1), "cold_s": round(med(colds, "seconds"), 2),
                   "cold_peak_mb": round(med(colds, "peak_mb")), "warm_s": round(med(warms, "seconds"), 2),
                   "warm_peak_mb": round(med(warms, "peak_mb")), "import_s": round(med(warms, "import_s"), 2),
                   "hash_floor_s": round(floor["hash_s"], 2),
                   "csv_floor_s": round(floor["csv_s"], 2), "read_as": colds[0]["read_as"]}
            results.append(row)
            print(json.dumps(row), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import.json").write_text(json.dumps({"runs": args.runs, "cpus": os.cpu_count(), "results": results},
                                                    indent=1) + "\n", encoding="utf-8")
    lines = ["| Export | Projects | Cold load | Cold peak | Warm load (second start) | Warm peak | Python imports "
             "| Floor: hash / csv parse |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['size_mb']:g} MB | {r['projects']:,} | {r['cold_s']:.1f} s | {r['cold_peak_mb']:,} MB | "
                     f"{r['warm_s']:.2f} s | {r['warm_peak_mb']:,} MB | {r['import_s']:.1f} s | "
                     f"{r['hash_floor_s']:.2f} s / {r['csv_floor_s']:.1f} s |")
    (RESULTS / "import.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
