"""Time until a network is drawn in headless Chromium: our plotly figure, dash-cytoscape and pyvis.

Every page is served from 127.0.0.1 by this process; every request the
browser makes is logged, and any request to another host is refused and
reported (a benchmark that waited on a CDN would measure the network).

Each measurement opens a fresh browser context (empty cache) and reports the
page's own clock (``performance.now()``, milliseconds since navigation
started) at the moment the picture is drawn:

plotly
    a minimal page loading the plotly.js the app serves (the partial bundle of
    ``assets/vendor``, plotly.py's version) and the
    figure JSON (as the app sends it) with ``fetch``, then ``Plotly.newPlot``;
    drawn at the ``plotly_afterplot`` event, plus one animation frame.
plotly, links as a picture
    the same, drawn as the app draws it (``assets/wire.js``): many links hidden, then painted into one
    picture for the view plotly drew; drawn once that picture is in, plus one animation frame.
dash-cytoscape
    a minimal Dash app (assets served locally) with one ``Cytoscape``
    component, preset layout (the same positions); drawn when the cytoscape
    instance holds every element, plus two animation frames (its renderer
    draws on animation frames).
pyvis
    pyvis's HTML with ``cdn_resources="in_line"`` (vis-network inlined),
    physics off, straight links, the same positions; drawn at vis-network's
    first ``afterDrawing`` event plus one animation frame. pyvis's template
    links Bootstrap from a CDN whatever ``cdn_resources`` says; those two tags
    are removed (they only style pyvis's optional menus).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from graph_explorer.browser import CHROMIUM_ARGS, find_chromium  # noqa: F401 (used by run.py)

VIEWPORT = {"width": 1400, "height": 900}

PLOTLY_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>plotly</title>
<script src="/plotly.min.js"></script></head>
<body style="margin:0">
<div id="graph" style="width:1400px;height:900px"></div>
<script>
fetch("/figure.json").then(r => r.text()).then(text => {
  window.__data = performance.now();
  const fig = JSON.parse(text);
  const gd = document.getElementById("graph");
  const config = {displaylogo: false, responsive: false, scrollZoom: true};
  Plotly.newPlot(gd, fig.data, fig.layout, config);
  gd.once("plotly_afterplot", () => {
    window.__afterplot = performance.now();
    requestAnimationFrame(() => { window.__drawn = performance.now(); });
  });
});
</script></body></html>
"""

#: The page of PLOTLY_PAGE drawing the figure as the app does (assets/wire.js): many links hidden, then painted
#: into one picture for the view plotly drew (a layout image); drawn once that picture is in, plus one frame.
PLOTLY_PICTURE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>plotly, links as a picture</title>
<script src="/plotly.min.js"></script><script src="/wire.js"></script></head>
<body style="margin:0">
<div id="graph" style="width:1400px;height:900px"></div>
<script>
fetch("/figure.json").then(r => r.text()).then(async text => {
  window.__data = performance.now();
  const fig = JSON.parse(text);
  const g = window.dash_clientside.graph_explorer;
  const isLink = fig.data.map(t => t.type === "scattergl" && t.mode === "lines");
  fig.data.forEach((t, i) => { if (isLink[i]) { t.x = g.typedArray(t.x); t.y = g.typedArray(t.y); } });
  g.pictureLinks(fig, isLink, null);
  const gd = document.getElementById("graph");
  const config = {displaylogo: false, responsive: false, scrollZoom: true};
  await Plotly.newPlot(gd, fig.data, fig.layout, config);
  window.__afterplot = performance.now();
  const next = g.repaint({data: gd.data, layout: Object.assign({}, gd.layout)}, gd);
  await Plotly.update(gd, {}, {images: next.layout.images});
  requestAnimationFrame(() => { window.__drawn = performance.now(); });
});
</script></body></html>
"""

CYTOSCAPE_DRAWN = """(expected) => {
  const host = [...document.querySelectorAll("div")].find(d => d._cyreg && d._cyreg.cy);
  if (!host) return false;
  const cy = host._cyreg.cy;
  if (cy.elements().length < expected) return false;
  if (window.__cyFrames === undefined) {
    window.__cyFrames = 0;
    const layout = performance.getEntriesByType("resource").find(e => e.name.includes("_dash-layout"));
    window.__data = layout ? layout.responseEnd : undefined;
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__drawn = performance.now(); }));
  }
  return window.__drawn !== undefined;
}"""

PYVIS_DATA = ("function drawGraph() {\n                window.__data = performance.now();")
PYVIS_HOOK = ("network = new vis.Network(container, data, options);\n"
              "                  network.once('afterDrawing', function () {\n"
              "                    window.__afterplot = performance.now();\n"
              "                    requestAnimationFrame(function () { window.__drawn = performance.now(); });\n"
              "                  });")


def plotly_js() -> bytes:
    """The plotly.js the app's page loads: the partial bundle in assets/vendor (see scripts/vendor-plotly.sh)."""
    from graph_explorer.app import assets_folder

    return (assets_folder() / "vendor" / "plotly-partial.min.js").read_bytes()


class _Pages(BaseHTTPRequestHandler):
    routes: dict[str, tuple[str, bytes, bool]] = {}
    log: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0]
        self.log.append(path)
        if path not in self.routes:
            self.send_error(404)
            return
        ctype, body, cache = self.routes[path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


class StaticServer:
    """A threaded HTTP server on 127.0.0.1 serving in-memory pages."""

    def __init__(self):
        handler = type("Pages", (_Pages,), {"routes": {}, "log": []})
        self.handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def add(self, path: str, body: bytes | str, ctype: str, cache: bool = False) -> str:
        """Serve ``body`` at ``path``; ``cache`` lets the browser keep it (libraries), else no-store (data)."""
        self.handler.routes[path] = (ctype, body.encode() if isinstance(body, str) else body, cache)
        return self.url + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Drawn:
    """One page's drawing times (ms since navigation start) and what it requested."""

    times_ms: list[float] = field(default_factory=list)
    data_to_drawn_ms: list[float] = field(default_factory=list)
    warm_ms: float | None = None
    requests: int = 0
    external: list[str] = field(default_factory=list)
    bytes: int = 0
    error: str = ""

    @property
    def median_ms(self) -> float | None:
        return round(statistics.median(self.times_ms), 1) if self.times_ms else None

    @property
    def data_median_ms(self) -> float | None:
        return round(statistics.median(self.data_to_drawn_ms), 1) if self.data_to_drawn_ms else None

    def to_dict(self) -> dict:
        return {"median_ms": self.median_ms, "runs_ms": [round(t, 1) for t in self.times_ms],
                "data_to_drawn_median_ms": self.data_median_ms,
                "data_to_drawn_runs_ms": [round(t, 1) for t in self.data_to_drawn_ms],
                "warm_ms": None if self.warm_ms is None else round(self.warm_ms, 1),
                "requests": self.requests, "external_requests": self.external, "bytes": self.bytes,
                "error": self.error}




def measure(browser, url: str, ready_js: str, arg=None, runs: int = 3, timeout_s: float = 180.0,
            cacheable: bool = False) -> Drawn:
    """Open ``url`` ``runs`` times, each in a fresh context (empty cache), until ``ready_js`` is true.

    Records ``window.__drawn`` (ms since navigation start) and ``window.__drawn - window.__data`` (from
    the data being in the page to drawn). Then, in the last context, opens the page once more (the
    browser's cache and compiled-script cache now warm, as for a returning visitor): ``warm_ms``.
    """
    out = Drawn()
    for i in range(runs):
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        seen: list[str] = []

        def route(r):
            u = r.request.url
            seen.append(u)
            if u.startswith("http://127.0.0.1") or u.startswith("data:") or u.startswith("blob:"):
                r.continue_()
            else:
                out.external.append(u)
                r.abort()
        page.route("**/*", route)
        try:
            visits = 2 if i == runs - 1 else 1
            for visit in range(visits):
                page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
                page.wait_for_function(ready_js, arg=arg, timeout=timeout_s * 1000, polling="raf")
                drawn, data = page.evaluate("() => [window.__drawn, window.__data]")
                if visit == 0:
                    out.times_ms.append(float(drawn))
                    if data is not None:
                        out.data_to_drawn_ms.append(float(drawn) - float(data))
                    out.requests = len(seen)
                else:
                    out.warm_ms = float(drawn)
        except Exception as exc:  # a page that never draws is reported, not fatal
            out.error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            ctx.close()
            break
        ctx.close()
    out.external = sorted(set(out.external))
    return out


def draw_plotly(browser, server: StaticServer, figure_json: str, name: str, runs: int = 3,
                picture: bool = False) -> Drawn:
    """``picture``: as the app draws it, many links as one picture (PLOTLY_PICTURE_PAGE)."""
    from graph_explorer.app import assets_folder

    server.add("/plotly.min.js", plotly_js(), "application/javascript", cache=True)
    server.add("/wire.js", (assets_folder() / "wire.js").read_bytes(), "application/javascript", cache=True)
    server.add(f"/{name}/figure.json", figure_json, "application/json")
    page = (PLOTLY_PICTURE_PAGE if picture else PLOTLY_PAGE).replace('"/figure.json"', f'"/{name}/figure.json"')
    url = server.add(f"/{name}/{'picture/' if picture else ''}", page, "text/html; charset=utf-8")
    d = measure(browser, url, "() => window.__drawn !== undefined", runs=runs)
    d.bytes = len(figure_json.encode())
    return d


def pyvis_html(nodes, edges, scale: float = 1000.0) -> str:
    """pyvis's page for the graph at fixed positions, physics off, straight links, everything inline."""
    from pyvis.network import Network

    net = Network(height="900px", width="1400px", cdn_resources="in_line")
    for n in nodes:
        net.add_node(n["id"], label=" ", x=n["x"] * scale, y=-n["y"] * scale, size=n["size"] / 2,
                     color=n["color"], title=None, physics=False)
    net.add_edges([(s, t) for s, t in edges])
    net.set_options(json.dumps({
        "physics": {"enabled": False},
        "edges": {"smooth": False, "color": {"color": "rgba(90,100,120,0.15)", "inherit": False}, "width": 0.6},
        "nodes": {"shape": "dot", "borderWidth": 0},
        "interaction": {"hideEdgesOnDrag": False},
    }))
    html = net.generate_html()
    # pyvis's template links Bootstrap from outside; the page is offline, so those two tags go
    for outside in ("bootstrap@5.0.0-beta3/dist/css/bootstrap.min.css",
                    "bootstrap@5.0.0-beta3/dist/js/bootstrap.bundle.min.js"):
        html = _drop_tag_with(html, outside)
    if "network = new vis.Network(container, data, options);" not in html:
        raise RuntimeError("pyvis template changed: cannot hook the first drawing")
    if "function drawGraph() {" not in html:
        raise RuntimeError("pyvis template changed: cannot mark when its data starts loading")
    html = html.replace("function drawGraph() {", PYVIS_DATA, 1)
    return html.replace("network = new vis.Network(container, data, options);", PYVIS_HOOK, 1)


def _drop_tag_with(html: str, url: str) -> str:
    at = html.find(url)
    if at < 0:
        return html
    start = max(html.rfind("<link", 0, at), html.rfind("<script", 0, at))
    end_link = html.find("/>", at)
    end_script = html.find("</script>", at)
    end = end_script + len("</script>") if html[start:start + 7] == "<script" else end_link + 2
    return html[:start] + html[end:]


def _missing(package: str) -> Drawn:
    return Drawn(error=f"{package} is not installed: pip install -e '.[bench]'")


def draw_pyvis(browser, server: StaticServer, nodes, edges, runs: int = 3) -> Drawn:
    try:
        import pyvis  # noqa: F401
    except ImportError:
        return _missing("pyvis")
    html = pyvis_html(nodes, edges)
    url = server.add("/pyvis/", html, "text/html; charset=utf-8")
    d = measure(browser, url, "() => window.__drawn !== undefined", runs=runs)
    d.bytes = len(html.encode())
    return d


def cytoscape_app(nodes, edges, scale: float = 1000.0):
    """A minimal Dash app with one dash-cytoscape graph at preset positions (assets served locally)."""
    import dash
    import dash_cytoscape as cyto
    from dash import html

    elements = [{"data": {"id": n["id"]}, "position": {"x": n["x"] * scale, "y": -n["y"] * scale},
                 "style": {"width": n["size"], "height": n["size"], "background-color": n["color"]}}
                for n in nodes]
    elements += [{"data": {"source": s, "target": t}} for s, t in edges]
    import tempfile

    app = dash.Dash("cytoscape-bench", serve_locally=True, external_stylesheets=[], external_scripts=[],
                    assets_folder=tempfile.mkdtemp(prefix="cytoscape-bench-assets-"))
    app.layout = html.Div([cyto.Cytoscape(
        id="cy", elements=elements, layout={"name": "preset", "fit": True},
        style={"width": "1400px", "height": "900px"},
        stylesheet=[{"selector": "node", "style": {"label": ""}},
                    {"selector": "edge", "style": {"width": 0.6, "line-color": "rgba(90,100,120,0.15)",
                                                   "curve-style": "haystack"}}],
    )])
    return app, len(elements), len(json.dumps(elements))


def draw_cytoscape(browser, nodes, edges, runs: int = 3) -> Drawn:
    from werkzeug.serving import make_server

    try:
        import dash_cytoscape  # noqa: F401
    except ImportError:
        return _missing("dash-cytoscape")
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    app, n_elements, size = cytoscape_app(nodes, edges)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        d = measure(browser, f"http://127.0.0.1:{server.server_port}/", CYTOSCAPE_DRAWN, arg=n_elements, runs=runs)
        d.bytes = size
        return d
    finally:
        server.shutdown()


def launch(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def wall(f):
    t = time.perf_counter()
    r = f()
    return r, time.perf_counter() - t
