"""The benchmark runs end to end (bundled data only, no browser; timings are not checked)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_writes_json_and_markdown(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    monkeypatch.setenv("GRAPH_EXPLORER_CACHE", str(tmp_path / "cache"))
    assert run.main(["--sizes", "S", "--runs", "1", "--no-browser", "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "benchmark.json").read_text())
    s = report["results"]["S"]
    for key in ("load_s", "projection_cold_s", "layout_cold_s", "layout_warm_disk_s", "metrics_cold_s",
                "metrics_warm_disk_s", "filter", "payload", "floor"):
        assert key in s
    assert s["filter"]["p50_ms"] > 0 and s["payload"]["unfiltered_bytes"] > 0
    assert s["counts"]["links"] > 20_000
    md = (tmp_path / "benchmark.md").read_text()
    assert md.startswith("## Performance") and "| Filter → figure" in md
