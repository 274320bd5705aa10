"""The partial plotly.js bundle the page loads (assets/vendor/plotly-partial.min.js, made by
``make vendor-plotly``): plotly.py's version, every trace type the app draws, and dcc.Graph using it
instead of fetching the full plotly.min.js."""

from __future__ import annotations

import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

import graph_explorer
from graph_explorer.app import assets_folder, create_app
from graph_explorer.browser import JS_DRAWN
from graph_explorer.network import project
from graph_explorer.testing import tiny_dataset
from graph_explorer.view import ViewSpec

BUNDLE = assets_folder() / "vendor" / "plotly-partial.min.js"
HEADER = re.compile(r"plotly\.js v(?P<version>\S+) \(partial bundle, minified; traces: (?P<traces>[a-z0-9, ]+)\)")


def _header() -> re.Match:
    match = HEADER.search(BUNDLE.read_text(encoding="utf-8")[:600])
    assert match, f"{BUNDLE} does not start with the header scripts/vendor-plotly.sh writes"
    return match


def test_the_bundle_is_the_plotly_js_version_plotly_py_bundles():
    bundled = get_plotlyjs_version()
    assert _header()["version"] == bundled
    # the code itself (src/version.js), not only its header; and plotly.py's own bundle agrees
    assert re.search(r'\.version="' + re.escape(bundled) + '"', BUNDLE.read_text(encoding="utf-8"))
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert f"plotly.js v{bundled}" in full.read_text(encoding="utf-8")[:300]


def test_the_bundle_has_every_trace_type_the_app_draws():
    """Every ``go.<Trace>`` the package builds (figures, app, exports), and every trace it writes as a dict
    (``type="…"``, ``_trace("…", …)``, ``kind = "…" if … else "…"``), is a trace type of the bundle."""
    used = set()
    types = {cls().type for cls in (getattr(go, name) for name in dir(go) if name[:1].isupper())
             if isinstance(cls, type) and issubclass(cls, BaseTraceType) and cls is not BaseTraceType}
    as_dict = re.compile(r'(?:\btype=|"type":\s*|\b_trace\(|\bkind\s*=\s*)((?:"\w+"(?:\s+if\s+[\w.]+\s+else\s+)?)+)')
    for path in Path(graph_explorer.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"\bgo\.([A-Z]\w*)\b", text):
            cls = getattr(go, name, None)
            if isinstance(cls, type) and issubclass(cls, BaseTraceType):
                used.add(cls().type)
        for written in as_dict.findall(text):
            used.update(t for t in re.findall(r'"(\w+)"', written) if t in types)
    assert {"scatter", "scattergl", "scattergeo", "heatmap"} <= used  # what the figures draw today
    in_bundle = {t.strip() for t in _header()["traces"].split(",")}
    assert used - in_bundle == set(), "add the trace type to PLOTLY_TRACES in the Makefile and make vendor-plotly"


def test_the_page_loads_the_bundle_before_dash_renders_its_graphs():
    client = create_app(tiny_dataset()).server.test_client()
    page = client.get("/").data.decode()
    scripts = re.findall(r'<script src="([^"?]+)', page)
    bundle = scripts.index("/assets/vendor/plotly-partial.min.js")
    renderer = next(i for i, s in enumerate(scripts) if "/dash_renderer." in s)
    graphs = next(i for i, s in enumerate(scripts) if "/dcc/dash_core_components." in s)
    assert bundle < renderer < graphs  # window.Plotly is there before the renderer starts (a later inline script)
    assert not any("plotly.min.js" in s for s in scripts)
    served = client.get("/assets/vendor/plotly-partial.min.js", headers={"Accept-Encoding": "gzip"})
    assert served.status_code == 200 and served.headers["Content-Encoding"] == "gzip"
    assert int(served.headers["Content-Length"]) < BUNDLE.stat().st_size / 2


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.mark.browser
def test_a_cold_page_draws_with_the_partial_bundle_and_never_fetches_the_full_one(page, live_app, bundled):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url.split("?")[0]))
    n = project(bundled, ViewSpec()).n_nodes
    page.goto(live_app + "/?level=organisation")  # a new context: nothing cached
    page.wait_for_function(f"n => ({JS_DRAWN})('network-graph') === n", arg=n, timeout=90_000)
    types = page.evaluate("() => document.querySelector('#network-graph .js-plotly-plot')"
                          "._fullData.map(t => t.type)")
    assert "scattergl" in types and page.locator("#network-graph canvas").count() >= 1  # WebGL drew
    assert page.evaluate("() => Plotly.version") == get_plotlyjs_version()
    page.get_by_role("tab", name="Map").click()
    page.wait_for_function("() => document.querySelector('#map-graph .geolayer .countries path') !== null",
                           timeout=60_000)
    assert live_app + "/assets/vendor/plotly-partial.min.js" in requests
    assert [u for u in requests if "plotly" in u.rsplit("/", 1)[-1] and "partial" not in u] == []


def test_nothing_the_app_serves_names_a_cdn():
    """Offline: no file under assets/ (the vendored plotly.js included) points at a CDN."""
    cdn = re.compile(r"https?://[^\s\"'`]*(?:cdn|unpkg|jsdelivr|googleapis|cdnjs)[^\s\"'`]*", re.I)
    assets = Path(__file__).resolve().parents[2] / "assets"
    found = {str(p.relative_to(assets)): cdn.findall(p.read_text(encoding="utf-8", errors="replace"))
             for p in assets.rglob("*") if p.is_file() and p.suffix in (".js", ".css", ".html", ".json")}
    assert {k: v for k, v in found.items() if v} == {}
    assert '"/assets/topojson/"' in BUNDLE.read_text(encoding="utf-8")  # plotly's default, made local
