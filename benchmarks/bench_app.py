"""How fast the explorer draws the bundled organisation-level graph in a browser, and redraws after a filter.

Runs the app on the bundled data in this process, drives Debian's Chromium
(headless, through Playwright) and writes ``benchmarks/results/app.json``.

Measured, each as wall-clock time in the browser:

``first_draw``
    open the page (organisation level, ~1,650 nodes, ~27,700 links) until
    every node is drawn — cold (nothing cached on the server) and warm
    (a reload: layout, metrics and figure cached).
``filter_redraw``
    tick the theme "Green", until the summary shows the filtered numbers and
    the picture has exactly the filtered nodes; then untick it, back to all.
    The first round computes the filtered graph's metrics; later rounds are
    served from the cache, and show the links' pictures the page painted in
    round 1 (it keeps the last few). Median and max over ``--rounds``.
``filter_redraw_painting_anew``
    the same clicks with the page's kept pictures dropped before each, so each
    paints its links: a filter not seen a moment ago.
``select``
    click a node of the big picture until its details show (a partial figure
    update: only the selection ring is sent): on the driver's clock, and in the
    page from the mouse going down until the details are in the page and until
    two more frames are painted (the picture re-centred on the actor with them).
``first_picture_fresh``
    a server started on an empty disk cache (a fresh machine after ``make
    run``): from starting the process until the bare address's picture (the
    start view: countries on the map) is drawn in a new page of a browser
    already running (as a person's is; the browser's own start, timed apart,
    is ``browser_start_s``).
``floor``
    plotly's own redraw of the same figures in the same page and run: the
    figure each click ends with (copied from the page once drawn) is drawn with
    ``Plotly.react`` over the figure it started from, in a second plot of the
    same size and WebGL resolution, by the click of a button — timed as the
    app's click is (JS_TIMED_CLICK: from the click, at whatever moment of a
    frame it comes, until two frames after the picture is drawn, the drawing
    seen as it happens, not at the next frame) — right after
    each click, so each pair runs under the same load. The headline is the
    median of each click's time ÷ the floor measured after it (from round 2:
    round 1 computes the filtered view): what the app adds to the drawing itself.
``floor_at_frame_start``
    the same redraw started as a frame begins (the frame that shows it follows
    at once): the floor a click could reach only by coming at that moment.
``dash_round_trip``
    benchmarks/dash_round_trip.py (a checkbox, a server callback, a line of
    text) served beside the app and clicked the same way: until its text is in
    the page, and until two frames are painted. The click less the floor and
    this is what the explorer itself adds.
``floor_parts``
    the same redraw of the link traces alone and of the picture without them: what
    plotly's drawing of the links costs in software WebGL.
``breakdown``
    for each timed click, every answer the page received (the Dash callback
    requests): its outputs, when it was sent and answered (ms after the click),
    the server's time to the first byte, the transfer and the bytes of JSON;
    "draw" is the time from the picture's answer to the picture drawn.

Usage::

    python benchmarks/bench_app.py [--rounds 5] [--size S|M|L] [--out benchmarks/results/app.json]

At M and L (``--size``) the data is generated as ``benchmarks/run.py`` does, and the first
picture of a fresh machine is not timed (their first layout and metrics take minutes, once).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_explorer.browser import CHROMIUM_ARGS, JS_DRAWN, JS_NODE_XY, find_chromium  # noqa: E402



def _chromium() -> str:
    path = find_chromium()
    if path is None:
        raise SystemExit("No Chromium found: install Debian's chromium (apt-get install chromium).")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(cache: str | None = None, data: str | None = None) -> tuple[str, subprocess.Popen, float]:
    """``graph-explorer serve`` in its own process (so the browser driver does not share its GIL).

    ``cache``: the disk cache folder it uses (an empty one is a fresh machine); the user's otherwise.
    ``data``: the data folder it serves (the bundled data if None).
    """
    env = {"GRAPH_EXPLORER_CACHE": cache} if cache else {}
    return _start(["-m", "graph_explorer", "serve", *(["--data", data] if data else [])], env, "the app")


def _start(args: list[str], env: dict, what: str) -> tuple[str, subprocess.Popen, float]:
    """A server (``python ARGS --port PORT``) started and answering its first page: address, process, seconds."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args, "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, **env))
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as r:
                if r.status == 200:
                    return url, proc, time.perf_counter() - t
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{what} did not start within 300 s")


def _dash_round_trip(browser, rounds: int) -> dict:
    """Dash's own round trip (benchmarks/dash_round_trip.py), clicked as the explorer's filter is: seconds."""
    url, proc, _ = _start([str(ROOT / "benchmarks" / "dash_round_trip.py")], {}, "the bare Dash app")
    try:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(url + "/")
        page.wait_for_function("() => (document.getElementById('summary') || {}).innerText === 'all themes'")
        box = "#themes input[value='green']"
        times: dict = {"on": [], "off": [], "on_in_page": [], "off_in_page": []}
        for _ in range(rounds):
            for step, prefix in (("on", "green on"), ("off", "all themes")):
                timed = page.evaluate(JS_TIMED_CLICK, {"selector": box, "prefix": prefix, "n": None})
                times[step].append(timed["ms"])
                times[step + "_in_page"].append(timed["seen_ms"])  # until the text is in the page
                page.wait_for_timeout(300)
        page.close()
        return times
    finally:
        proc.terminate()
        proc.wait()


#: Click an element, then wait until the summary reads ``prefix`` (if given), the plot in ``graph`` (default the
#: network) holds ``n`` nodes (if given) and the browser has painted two more frames; returns the milliseconds
#: taken, measured in the page (``seen_ms``: until the end was in the page, before those frames). The app's clicks and the floor's (plotly's own redraw, JS_FLOOR_READY) are timed
#: by this one piece: the same start (a click, at whatever moment of the frame Playwright delivers it) and end.
#: The end is seen as it happens, whichever way the page gets there: at once after the click (the floor's redraw
#: is done within it), as the summary or the plot changes (a MutationObserver; plotly's afterplot event), and at
#: each frame. Seen only at frames, a change made in a task of its own (the app's answer) would be seen a frame
#: later than the same change made within the click (the floor's): the frame that paints it would not count.
JS_TIMED_CLICK = """async (a) => {
  const drawn = %s;
  const graph = a.graph || 'network-graph';
  const el = document.querySelector(a.selector);
  const s = document.getElementById('summary');
  const plot = () => document.querySelector('#' + graph + ' .js-plotly-plot');
  // the plot first: counting its nodes is cheaper than the summary's text (innerText)
  const met = () => (a.n == null || drawn(graph) === a.n) && (a.prefix == null || (s && s.innerText.startsWith(a.prefix)));
  const t0 = performance.now();
  el.click();
  const t1 = await new Promise((resolve, reject) => {
    const limit = t0 + 120000;
    let done = false, gd = null;
    const seen = new MutationObserver(() => check());
    function check() {
      if (done) return;
      if (met()) {
        done = true; seen.disconnect();
        if (gd) gd.removeListener('plotly_afterplot', check);
        return resolve(performance.now());
      }
      if (performance.now() > limit) { done = true; seen.disconnect(); return reject(new Error('timeout')); }
    }
    if (s) seen.observe(s, {childList: true, characterData: true, subtree: true});
    (function watch() {  // the plot (made by the first drawing on a new page): its changes and its drawings
      if (done) return;
      const p = plot();
      if (p && p !== gd && p.on) {
        gd = p;
        seen.observe(gd, {childList: true, subtree: true});
        gd.on('plotly_afterplot', check);
      }
      check();
      if (!done) requestAnimationFrame(watch);
    })();
  });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {ms: performance.now() - t0, seen_ms: t1 - t0, at: performance.timeOrigin + t0};
}""" % JS_DRAWN


#: Keep a copy (typed arrays kept) of the figure drawn in a plot now, as ``window.__floor[key]``.
JS_KEEP_FIGURE = """(a) => {
  const gd = document.querySelector('#' + a.graph + ' .js-plotly-plot');
  (window.__floor = window.__floor || {})[a.key] = structuredClone({data: gd.data, layout: gd.layout});
}"""

#: Plotly's own redraw, made ready: a second plot of the same size and WebGL resolution as the network shows
#: the kept figure ``from`` (window.__floor) and a button, #bench-floor-go, whose click draws ``to`` with
#: ``Plotly.react`` (with ``paint``: the links of the page's picture painted again first, as a click does,
#: assets/wire.js). JS_TIMED_CLICK clicks it, as it clicks the app's checkbox (or JS_FLOOR_AT_FRAME draws it);
#: JS_FLOOR_DONE removes both.
JS_FLOOR_READY = """async (a) => {
  const gd = document.querySelector('#' + a.graph + ' .js-plotly-plot');
  const box = document.createElement('div');
  box.id = 'bench-floor';
  box.style.cssText = `position:fixed;left:0;top:0;width:${gd.clientWidth}px;height:${gd.clientHeight}px;`
    + 'z-index:-1;background:white';
  const div = document.createElement('div');
  div.style.cssText = 'width:100%;height:100%';
  box.appendChild(div);
  document.body.appendChild(box);
  const copy = (f) => structuredClone(f);
  // the page graph's own WebGL resolution (the app sets it; plotly's default is twice the screen's)
  const config = {responsive: false, plotGlPixelRatio: gd._context.plotGlPixelRatio};
  const from = copy(window.__floor[a.from]);
  await Plotly.react(div, from.data, from.layout, config);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const next = copy(window.__floor[a.to]);
  const go = document.createElement('button');
  go.id = 'bench-floor-go';
  go.style.cssText = 'position:fixed;left:0;top:0;opacity:0';
  go.onclick = () => {
    if (a.paint) { window.dash_clientside.graph_explorer.repaint(next, gd); }
    return Plotly.react(div, next.data, next.layout, config);
  };
  document.body.appendChild(go);
}"""

JS_FLOOR_DONE = """() => {
  const box = document.getElementById('bench-floor');
  Plotly.purge(box.firstChild);  // gone before the next click: the page holds the app's plot alone
  box.remove();
  document.getElementById('bench-floor-go').remove();
}"""

#: The redraw JS_FLOOR_READY made ready, started as a frame begins (in an animation frame callback, so the frame
#: that shows it follows at once) rather than by a click: milliseconds until two frames are painted.
JS_FLOOR_AT_FRAME = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const t0 = performance.now();
  await document.getElementById('bench-floor-go').onclick();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""


#: From the mouse going down on the network until the details of an actor are in the page (``in_dom_s``) and
#: the browser has painted two more frames (``on_screen_s``), as ``window.__details``, in seconds.
JS_TIME_DETAILS = """() => {
  const gd = document.querySelector('#network-graph .js-plotly-plot');
  let t0 = null, inDom = null;
  delete window.__details;
  gd.addEventListener('mousedown', () => { t0 = performance.now(); }, {capture: true, once: true});
  (function poll() {
    if (t0 !== null && document.querySelector('#details [data-node]')) {
      inDom = performance.now() - t0;
      return requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__details = {in_dom_s: +(inDom / 1000).toFixed(3), on_screen_s: +((performance.now() - t0) / 1000).toFixed(3)};
      }));
    }
    requestAnimationFrame(poll);
  })();
}"""

#: The milliseconds of every painting of the links' picture in the page (assets/wire.js measures them).
JS_PAINTS = """() => performance.getEntriesByName('graph-explorer: links painted').map((e) => e.duration)"""

#: Copies of the kept figures ``key`` → ``key+part``, for the floor's parts: ``lines`` (the same view with its
#: links as WebGL lines, not in a picture), ``links`` (those lines alone) or ``nolinks`` (every other trace).
JS_KEEP_PART = """(a) => {
  const links = (t) => t.type === 'scattergl' && t.mode === 'lines';
  const pictured = (t) => t.meta === 'links in the picture';  // assets/wire.js: hidden, painted in the picture
  for (const key of a.keys) {
    const f = structuredClone(window.__floor[key]);
    const unpictured = (t) => pictured(t) ? Object.assign(t, {visible: true, meta: undefined}) : t;
    const images = (f.layout.images || []).filter((im) => im.name !== 'links');
    if (a.part === 'lines') {  // the same view with its links as WebGL lines
      f.data = f.data.map(unpictured); f.layout.images = images;
    } else if (a.part === 'links') {  // the links alone, as lines
      f.data = f.data.filter(links).map(unpictured); f.layout.images = images;
    } else {  // without the links (nor their picture)
      f.data = f.data.filter((t) => !links(t)); f.layout.images = images;
    }
    window.__floor[key + '+' + a.part] = f;
  }
}"""


def _floor(page, came_from: str, to: str, paint: bool = False, at_frame: bool = False) -> float:
    """Plotly's own redraw of the kept figure ``to`` over ``came_from``, clicked as the app is (``at_frame``:
    started as a frame begins): milliseconds."""
    page.evaluate(JS_FLOOR_READY, {"graph": "network-graph", "from": came_from, "to": to, "paint": paint})
    try:
        if at_frame:
            return page.evaluate(JS_FLOOR_AT_FRAME)
        return page.evaluate(JS_TIMED_CLICK, {"selector": "#bench-floor-go", "graph": "bench-floor",
                                              "prefix": None, "n": None})["ms"]
    finally:
        page.evaluate(JS_FLOOR_DONE)


def _answers(requests: list, clicked_at: float) -> list[dict]:
    """The Dash callback answers of one click: outputs, sent/answered (ms after the click), server, bytes."""
    rows = []
    for req in requests:
        if "_dash-update-component" not in req.url:
            continue
        timing = req.timing
        try:
            outputs = (req.post_data_json or {}).get("output", "")
        except ValueError:
            outputs = ""
        response = req.response()
        size = len(response.body()) if response is not None else 0
        start = timing["startTime"] - clicked_at
        rows.append({"outputs": outputs[:120], "picture": "network-wire.data" in outputs or "network-graph.figure" in outputs,
                     "sent_ms": round(start, 1),
                     "server_ms": round(timing["responseStart"] - timing["requestStart"], 1),
                     "transfer_ms": round(timing["responseEnd"] - timing["responseStart"], 1),
                     "answered_ms": round(start + timing["responseEnd"], 1), "bytes": size})
    return sorted(rows, key=lambda r: r["sent_ms"])


def _breakdown(answers: list[dict], total_ms: float) -> dict:
    """One click's answers summed up: bytes, the last answer, the figure's answer and the draw after it."""
    figure = [a for a in answers if a["picture"]]
    figure_at = max((a["answered_ms"] for a in figure), default=None)
    return {"answers": len(answers), "bytes": sum(a["bytes"] for a in answers),
            "figure_bytes": sum(a["bytes"] for a in figure),
            "last_answer_ms": max((a["answered_ms"] for a in answers), default=None),
            "figure_answer_ms": figure_at,
            "draw_after_figure_ms": None if figure_at is None else round(total_ms - figure_at, 1),
            "each": answers}


def _settle(page, ms: int = 1500):
    """Let the browser finish painting and the other panels update before the next measurement."""
    page.wait_for_timeout(ms)


def _wait(page, summary_prefix: str, n_nodes: int, timeout=900_000):
    page.wait_for_function("p => { const s = document.getElementById('summary');"
                           " return s && s.innerText.startsWith(p); }", arg=summary_prefix, timeout=timeout)
    page.wait_for_function(f"n => ({JS_DRAWN})('network-graph') === n", arg=n_nodes, timeout=timeout)


def _first_picture_fresh() -> dict:
    """Seconds from starting a server on an empty disk cache until the bare address's picture is drawn."""
    import tempfile

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="graph-explorer-fresh-") as cache, sync_playwright() as p:
        # the person's browser is open when they type the address: its own start is timed apart
        t = time.perf_counter()
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        launched = time.perf_counter() - t
        t = time.perf_counter()
        url, proc, startup = _serve(cache)
        try:
            page.goto(url + "/")
            page.wait_for_function(f"() => ({JS_DRAWN})('map-graph') > 0", timeout=120_000)
            drawn = time.perf_counter() - t
        finally:
            browser.close()
            proc.terminate()
            proc.wait(timeout=30)
    return {"server_up_s": round(startup, 3), "picture_drawn_s": round(drawn, 3),
            "browser_start_s": round(launched, 3)}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", choices=("S", "M", "L"), default="S",
                        help="S: the bundled data (default); M, L: graph-explorer generate's presets, as in run.py "
                             "(generated once into --data-root; the first page of a new size waits for its layout and "
                             "metrics, then they are on disk)")
    parser.add_argument("--data-root", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "graph-explorer-bench"))
    parser.add_argument("--out", default=None, help="default: benchmarks/results/app.json (app-M.json, app-L.json)")
    args = parser.parse_args(argv)
    args.out = args.out or str(ROOT / "benchmarks" / "results" / ("app.json" if args.size == "S" else f"app-{args.size}.json"))

    import dash
    import plotly
    from playwright.sync_api import sync_playwright

    from graph_explorer.app.panels import render_figure
    from graph_explorer.dataset import load_bundled
    from graph_explorer.explorer import Explorer
    from graph_explorer.network import project
    from graph_explorer.view import ViewSpec

    if args.size == "S":
        data_dir, dataset = None, load_bundled()
    else:
        from graph_explorer.dataset import load_dataset
        from run import _dataset_dir

        data_dir = _dataset_dir(args.size, Path(args.data_root))[0]
        dataset = load_dataset(data_dir)
    explorer = Explorer(dataset)
    load_before = os.getloadavg()[0]
    fresh = _first_picture_fresh() if args.size == "S" else None
    url, proc, startup = _serve(data=str(data_dir) if data_dir else None)

    full = project(dataset, ViewSpec())
    green = project(dataset, ViewSpec(themes=("green",)))
    full_prefix = f"{full.n_nodes:,} actors · {full.n_edges:,} links"
    green_prefix = f"{green.n_nodes:,} actors · {green.n_edges:,} links"
    result: dict = {
        "what": "explorer in headless Chromium on the bundled data, organisation level" if args.size == "S" else
                f"explorer in headless Chromium on generated size {args.size} ({data_dir.name}), organisation level",
        "nodes": full.n_nodes, "links": full.n_edges,
        "filtered": {"theme": "green", "nodes": green.n_nodes, "links": green.n_edges},
        "server_start_s": round(startup, 3),
        "first_picture_fresh_s": fresh,
        "load_average_1min_before": round(load_before, 2),
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            t = time.perf_counter()
            page.goto(url + "/?level=organisation")
            _wait(page, full_prefix, full.n_nodes)
            result["first_draw_cold_s"] = round(time.perf_counter() - t, 3)

            _settle(page)
            t = time.perf_counter()
            page.reload()
            _wait(page, full_prefix, full.n_nodes)
            result["first_draw_warm_s"] = round(time.perf_counter() - t, 3)

            box = "#themes input[value='green']"
            page.locator(box).scroll_into_view_if_needed()
            _settle(page)
            requests: list = []

            def finished(request):
                requests.append(request)

            page.on("requestfinished", finished)
            rounds = {"on": [], "off": []}
            steps = {"on": (green_prefix, green.n_nodes), "off": (full_prefix, full.n_nodes)}
            clicks = {"on": [], "off": []}
            floor = {"on": [], "off": []}
            at_frame = {"on": [], "off": []}  # the same redraw started as a frame begins, not by a click
            page.evaluate(JS_KEEP_FIGURE, {"graph": "network-graph", "key": "off"})  # the figure "on" starts from
            for _ in range(args.rounds):
                for step in ("on", "off"):
                    prefix, n = steps[step]
                    del requests[:]
                    timed = page.evaluate(JS_TIMED_CLICK, {"selector": box, "prefix": prefix, "n": n})
                    _settle(page)  # every answer of the click is in
                    rounds[step].append(timed["ms"])
                    clicks[step].append(_breakdown(_answers(list(requests), timed["at"]), timed["ms"]))
                    if len(rounds[step]) == 1:  # the figure this step ends with, for the floor
                        page.evaluate(JS_KEEP_FIGURE, {"graph": "network-graph", "key": step})
                    # plotly's own redraw of the same step, right after it (paired: the same load)
                    came_from = "off" if step == "on" else "on"
                    floor[step].append(_floor(page, came_from, step))
                    at_frame[step].append(_floor(page, came_from, step, at_frame=True))
                    _settle(page, 500)
            page.remove_listener("requestfinished", finished)
            med = {k: statistics.median(v) / 1000 for k, v in rounds.items()}
            med_floor = {k: statistics.median(v) / 1000 for k, v in floor.items()}
            # each click over the floor measured right after it, then the median (a ratio that holds under load)
            paired = {k: statistics.median(c / f for c, f in zip(rounds[k][1:], floor[k][1:])) for k in rounds}
            result["filter_redraw_s"] = {
                "green_on_first": round(rounds["on"][0] / 1000, 3),
                "green_on_median": round(med["on"], 3),
                "green_on_max": round(max(rounds["on"]) / 1000, 3),
                "back_to_all_median": round(med["off"], 3),
                "back_to_all_max": round(max(rounds["off"]) / 1000, 3),
                "rounds": args.rounds,
            }
            result["floor_plotly_react_s"] = {"green_on_median": round(med_floor["on"], 3),
                                              "back_to_all_median": round(med_floor["off"], 3)}
            result["ratio_to_floor"] = {"green_on": round(paired["on"], 2), "back_to_all": round(paired["off"], 2),
                                        "how": "median over rounds 2.. of each click ÷ the floor measured "
                                               "right after it (round 1 computes the filtered view)"}
            result["ratio_of_medians"] = {"green_on": round(med["on"] / med_floor["on"], 2),
                                          "back_to_all": round(med["off"] / med_floor["off"], 2)}
            result["floor_at_frame_start_s"] = {
                "green_on_median": round(statistics.median(at_frame["on"]) / 1000, 3),
                "back_to_all_median": round(statistics.median(at_frame["off"]) / 1000, 3),
                "ratio_to_floor": {k: round(statistics.median(c / f for c, f in zip(rounds[k][1:], at_frame[k][1:])), 2)
                                   for k in rounds},
                "how": "the same Plotly.react started in an animation frame callback (the frame that shows it follows "
                       "at once) instead of by a click at any moment of a frame; ratio as ratio_to_floor"}
            # what any Dash app pays for a click, on this machine and browser now: the explorer's clicks are
            # plotly's redraw + this + what the explorer adds
            bare = _dash_round_trip(browser, args.rounds)
            bare_med = {k: statistics.median(v[1:]) / 1000 for k, v in bare.items()}
            in_page = {k: bare_med[k + "_in_page"] for k in ("on", "off")}
            result["dash_round_trip_s"] = {
                "green_on_median": round(bare_med["on"], 3), "back_to_all_median": round(bare_med["off"], 3),
                "in_page": {k: round(v, 3) for k, v in in_page.items()},
                "floor_plus_in_page": {k: round(med_floor[k] + in_page[k], 3) for k in in_page},
                "ratio_to_floor_plus_in_page": {k: round(med[k] / (med_floor[k] + in_page[k]), 2) for k in in_page},
                "explorer_own_ms": {k: round((med[k] - med_floor[k] - in_page[k]) * 1000) for k in in_page},
                "how": "benchmarks/dash_round_trip.py (a checkbox, a server callback, a line of text) clicked as the "
                       "filter is (rounds 2..): until two frames are painted, and until its text is in the page "
                       "(in_page: Dash's round trip alone). explorer_own_ms: the click's median − the floor's − in_page"}
            last = {k: v[-1] for k, v in clicks.items()}  # a click served from the caches
            result["breakdown"] = {
                "green_on": last["on"], "back_to_all": last["off"],
                "bytes_per_click_median": {k: statistics.median(c["bytes"] for c in v) for k, v in clicks.items()},
                "figure_answer_ms_median": {k: statistics.median(c["figure_answer_ms"] or 0 for c in v)
                                            for k, v in clicks.items()},
            }

            # the same clicks with their links painted anew: the page keeps the last pictures it painted
            # (assets/wire.js), so from round 2 the clicks above reuse them, as a theme switched off and on again
            # does; a filter not seen a moment ago paints its picture, as these do
            anew = {"on": [], "off": []}
            for _ in range(max(3, (args.rounds + 1) // 2)):
                for step in ("on", "off"):
                    prefix, n = steps[step]
                    page.evaluate("() => window.dash_clientside.graph_explorer.forget()")
                    anew[step].append(page.evaluate(JS_TIMED_CLICK, {"selector": box, "prefix": prefix, "n": n})["ms"])
                    _settle(page)

            # the floor with the links of the picture painted again first, as a click does (assets/wire.js)
            painting = {step: [_floor(page, "off" if step == "on" else "on", step, paint=True) for _ in range(5)]
                        for step in ("on", "off")}
            result["floor_with_painting_s"] = {
                "green_on_median": round(statistics.median(painting["on"]) / 1000, 3),
                "back_to_all_median": round(statistics.median(painting["off"]) / 1000, 3),
                "painting_ms_median": round(statistics.median(page.evaluate(JS_PAINTS)), 1),
                "how": "the floor's Plotly.react after painting the links' picture for the page's view; median of 5. "
                       "painting_ms: every painting of the page's links (clicks, zooms, these floors)"}
            result["ratio_to_floor_with_painting"] = {  # medians of rounds 2.. and of the five floors
                k: round(statistics.median(rounds[k][1:]) / statistics.median(painting[k]), 2) for k in rounds}
            result["filter_redraw_painting_anew_s"] = {
                "green_on_median": round(statistics.median(anew["on"]) / 1000, 3),
                "back_to_all_median": round(statistics.median(anew["off"]) / 1000, 3),
                "rounds": len(anew["on"]),
                "ratio_to_floor": {k: round(statistics.median(anew[k]) / 1000 / med_floor[k], 2) for k in anew},
                "ratio_to_floor_with_painting": {k: round(statistics.median(anew[k]) / statistics.median(painting[k]), 2)
                                                 for k in anew},
                "how": "the same clicks with the page's kept pictures dropped first, so each paints its links"}

            # what the floor is made of: the same view with its links as WebGL lines, the links alone, and
            # without them
            parts: dict = {}
            for part in ("lines", "links", "nolinks"):
                page.evaluate(JS_KEEP_PART, {"keys": ["on", "off"], "part": part})
                parts[part] = {step: statistics.median(
                    _floor(page, ("off" if step == "on" else "on") + "+" + part, step + "+" + part) for _ in range(5)) / 1000
                    for step in ("on", "off")}
            result["floor_parts_s"] = {
                "links_as_webgl_lines": {"green_on": round(parts["lines"]["on"], 3),
                                         "back_to_all": round(parts["lines"]["off"], 3)},
                "links_alone": {"green_on": round(parts["links"]["on"], 3), "back_to_all": round(parts["links"]["off"], 3)},
                "without_links": {"green_on": round(parts["nolinks"]["on"], 3),
                                  "back_to_all": round(parts["nolinks"]["off"], 3)},
                "how": "the floor's Plotly.react of the same view with its links as WebGL lines (no picture), with "
                       "only those lines, and with every other trace (no picture); median of 5",
            }

            ends = full.edges[["source", "target"]].stack()
            node = ends.value_counts().index[0]  # the best-connected actor
            xy = page.evaluate(JS_NODE_XY, {"graph": "network-graph", "node": node})
            page.evaluate(JS_TIME_DETAILS)
            t = time.perf_counter()
            page.mouse.click(*xy)
            try:
                page.locator("#details [data-node]").first.wait_for(timeout=300_000)
                result["select_node_s"] = round(time.perf_counter() - t, 3)
                page.wait_for_function("() => window.__details !== undefined", timeout=300_000)
                result["select_node_in_page_s"] = page.evaluate("() => window.__details")
            except Exception:  # noqa: BLE001 - recorded, the other numbers are kept
                result["select_node_s"] = f"no details within 300 s (node {node})"
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    from dash._utils import to_json

    from graph_explorer.figures.wire import decode

    if args.size == "S":  # (at M and L this would compute the level's metrics in this process)
        wire, _, frame = render_figure(explorer, ViewSpec(), None)
        # what travels: the level's frame once, then a wire figure per view; the figure the page rebuilds
        result["sent_kb"] = {"frame_once": round(len(to_json(frame)) / 1024),
                             "wire_figure_all": round(len(to_json(wire)) / 1024),
                             "figure_drawn": round(len(to_json(decode(wire, frame))) / 1024)}
    result["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(),
                         "python": platform.python_version(),
                         "load_average_1min_after": round(os.getloadavg()[0], 2),
                         "browser": "Debian Chromium, headless, --disable-gpu (software WebGL)"}
    result["versions"] = {"dash": dash.__version__, "plotly": plotly.__version__}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
