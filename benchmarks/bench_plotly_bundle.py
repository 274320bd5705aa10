"""The cold page with the partial plotly.js bundle (assets/vendor) against plotly's full bundle, paired.

Two servers of the same app on the bundled data, each in its own process: ``partial`` as shipped (the
page loads ``assets/vendor/plotly-partial.min.js``, dcc.Graph uses that ``window.Plotly``) and ``full``
(the same app with that asset ignored: dcc.Graph fetches plotly's ``plotly.min.js`` itself, as before).
Both servers are warmed first (layouts, metrics and figures cached), so the runs time the browser side.

Each run opens a new browser context (an empty cache: a first visit) and loads a URL until its picture is
drawn, measured on the page's own clock (ms since navigation start); the two variants alternate
A B B A … so a drift of the shared machine falls on both. URLs: the bare address (the start view: the
map) and ``?level=organisation`` (1,651 actors on the WebGL network).

Reported per URL and variant: median, min and max of the time to the drawn picture, the bytes the page
transferred (every resource), which plotly.js it loaded and when that script had arrived; and the
median of the paired ratios partial ÷ full.

Usage::

    .venv/bin/python benchmarks/bench_plotly_bundle.py [--runs 9] [--out benchmarks/results/plotly_bundle.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_explorer.browser import CHROMIUM_ARGS, JS_DRAWN, find_chromium  # noqa: E402

#: Runs in every page before its own scripts: on each animation frame, is the picture drawn?
#: ``window.__drawn`` is the page's clock one frame after the graph held ``__want`` nodes.
INIT_SCRIPT = """((want) => {
  const drawn = %s;
  (function poll() {
    if (drawn(want.graph) >= want.n) {
      requestAnimationFrame(() => { window.__drawn = performance.now(); });
      return;
    }
    requestAnimationFrame(poll);
  })();
})""" % JS_DRAWN

JS_RESOURCES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const plotly = res.filter(r => /plotly[^/]*\\.js/.test(r.name));
  return {
    drawn: window.__drawn,
    bytes: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0),
    scripts_bytes: res.filter(r => r.initiatorType === 'script' || /\\.js(\\?|$)/.test(r.name))
                      .reduce((a, r) => a + r.transferSize, 0),
    plotly: plotly.map(r => ({url: r.name.replace(location.origin, '').split('?')[0],
                              bytes: r.transferSize, arrived_ms: r.responseEnd})),
  };
}"""


def serve(variant: str, port: int) -> None:
    """Serve the app on 127.0.0.1:``port``; ``full`` ignores the partial bundle (plotly's own is fetched)."""
    from werkzeug.serving import make_server

    from graph_explorer.app import create_app
    from graph_explorer.dataset import load_bundled

    app = create_app(load_bundled())
    if variant == "full":
        app.config.assets_ignore = r"^plotly-partial\.min\.js$"
    make_server("127.0.0.1", port, app.server, threaded=True).serve_forever()


def _start(variant: str) -> tuple[str, subprocess.Popen]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, "--serve", variant, str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return url, proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the {variant} server did not start within 120 s")


def _cold_load(browser, url: str, graph: str, n: int) -> dict:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        context.add_init_script(f"{INIT_SCRIPT}({json.dumps({'graph': graph, 'n': n})});")
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__drawn !== undefined", timeout=120_000)
        return page.evaluate(JS_RESOURCES)
    finally:
        context.close()


def _summary(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
            "max": round(max(values), 1)}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "plotly_bundle.json"))
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from graph_explorer.dataset import load_bundled
    from graph_explorer.network import project
    from graph_explorer.view import ViewSpec

    dataset = load_bundled()
    views = {
        "start view (map)": ("/", "map-graph", 1),
        "organisation network": ("/?level=organisation", "network-graph", project(dataset, ViewSpec()).n_nodes),
    }
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("No Chromium found: install Debian's chromium (apt-get install chromium).")
    servers = {v: _start(v) for v in ("partial", "full")}
    load_before = os.getloadavg()[0]
    result: dict = {"what": "cold page (new browser context), partial plotly.js bundle vs plotly's full bundle",
                    "runs": args.runs, "views": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for name, (path, graph, n) in views.items():
                for url, _ in servers.values():  # warm the servers: every answer of this view cached
                    _cold_load(browser, url + path, graph, n)
                runs: dict[str, list[dict]] = {"partial": [], "full": []}
                for i in range(args.runs):
                    order = ("partial", "full") if i % 2 == 0 else ("full", "partial")
                    for variant in order:
                        runs[variant].append(_cold_load(browser, servers[variant][0] + path, graph, n))
                view: dict = {}
                for variant, rs in runs.items():
                    view[variant] = {
                        "drawn_ms": _summary([r["drawn"] for r in rs]),
                        "bytes_median": statistics.median(r["bytes"] for r in rs),
                        "script_bytes_median": statistics.median(r["scripts_bytes"] for r in rs),
                        "plotly_js": rs[0]["plotly"][0]["url"] if rs[0]["plotly"] else None,
                        "plotly_js_bytes": rs[0]["plotly"][0]["bytes"] if rs[0]["plotly"] else None,
                        "plotly_js_arrived_ms_median": round(statistics.median(
                            r["plotly"][0]["arrived_ms"] for r in rs if r["plotly"]), 1),
                        "plotly_requests": sorted({q["url"] for r in rs for q in r["plotly"]}),
                    }
                ratios = [a["drawn"] / b["drawn"] for a, b in zip(runs["partial"], runs["full"])]
                view["ratio_partial_to_full"] = {k: round(v, 3) for k, v in
                                                 {"median": statistics.median(ratios), "min": min(ratios),
                                                  "max": max(ratios)}.items()}
                result["views"][name] = view
                print(name, json.dumps(view, indent=1), flush=True)
            browser.close()
    finally:
        for _, proc in servers.values():
            proc.terminate()
            proc.wait(timeout=30)
    result["machine"] = {"cpus": os.cpu_count(), "load_average_1min_before": round(load_before, 2),
                         "load_average_1min_after": round(os.getloadavg()[0], 2),
                         "browser": "Debian Chromium, headless, --disable-gpu (software WebGL)"}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        main()
