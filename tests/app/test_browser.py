"""The explorer in a real Chromium, on the bundled data: what a person sees and can do.

Expected numbers are computed here, independently of the app, from
:func:`graph_explorer.network.project` with the same ViewSpec. Screenshots go
to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from graph_explorer.browser import JS_NODE_XY
from graph_explorer.explorer import Explorer
from graph_explorer.network import project
from graph_explorer.view import ViewSpec

pytestmark = pytest.mark.browser

TIMEOUT = 60_000

#: Node ids drawn on a graph (marker traces, not the selection ring or link midpoints).
JS_DRAWN_NODES = """(graph) => {
  const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
  if (!gd || !gd._fullData) return [];
  const out = [];
  for (const tr of gd._fullData) {
    if (!tr.customdata || !tr.mode || !tr.mode.includes('markers')) continue;
    if (tr.name === 'selected' || tr.name === 'link midpoints') continue;
    for (const c of tr.customdata) out.push(c);
  }
  return out;
}"""


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


@pytest.fixture(scope="module")
def explorer(bundled):
    return Explorer(bundled)


def counts(bundled, spec: ViewSpec) -> str:
    p = project(bundled, spec)
    return f"{p.n_nodes:,} actors · {p.n_edges:,} links"


def wait_summary(page, prefix: str):
    """Wait until the view's figures (under "Figures", one click away from the plain summary) start with ``prefix``."""
    page.wait_for_function("p => { const s = document.getElementById('summary');"
                           " return s && s.textContent.startsWith(p); }", arg=prefix, timeout=TIMEOUT)
    return page.text_content("#summary")


def open_section(page, title: str):
    """Open a section of the sidebar (Filters and What to show are open at first)."""
    button = page.locator(".sidebar-accordion .accordion-button", has_text=title)
    if "collapsed" in (button.get_attribute("class") or ""):
        button.click()
    page.locator(".sidebar-accordion .accordion-button:not(.collapsed)", has_text=title).wait_for(timeout=TIMEOUT)


def find(page, typed: str, label: str):
    """Type into "Find an actor" and press the hit with this label."""
    page.fill("#search", typed)
    page.locator("#search-results .pick-link", has_text=label).first.click(timeout=TIMEOUT)


def wait_drawn(page, graph: str, n_nodes: int):
    page.wait_for_function(f"n => ({JS_DRAWN_NODES})('{graph}').length === n", arg=n_nodes, timeout=TIMEOUT)


def query_of(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def wait_param(page, name: str, value: str) -> None:
    """Wait until the address has ``name=value`` (it follows a new view's picture by a frame: wait_query)."""
    page.wait_for_function("([k, v]) => new URLSearchParams(location.search).get(k) === v", arg=[name, value],
                           timeout=TIMEOUT)


def wait_query(page, expected: dict) -> None:
    """Wait until the address's query is ``expected``: the address of a new view follows its picture by a
    frame (assets/wire.js gives Dash the rest of the answer just after the frame that paints the picture)."""
    for _ in range(TIMEOUT // 20):
        if query_of(page) == expected:
            return
        page.wait_for_timeout(20)
    assert query_of(page) == expected


def pick(page, picker_id: str, typed: str, option: str):
    """Type into a Dash 4 dropdown's search box and choose an option by its label.

    The search box mounts when the menu first opens; a key typed in that
    instant can be lost, so the text is checked and typed again if needed.
    """
    page.click(f"#{picker_id}")
    for _ in range(3):
        page.keyboard.type(typed, delay=60)
        if page.evaluate("() => document.activeElement && document.activeElement.value") == typed:
            break
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
    page.get_by_role("option", name=option, exact=True).click(timeout=TIMEOUT)


def test_switch_level_and_filter_green(page, live_app, bundled, artifacts_dir):
    page.goto(live_app + "/?level=country")
    text = wait_summary(page, counts(bundled, ViewSpec(level="country")) + " · density")
    assert "modularity" in text and "cross-region" in text

    page.get_by_label("Organisations", exact=True).check()
    wait_summary(page, counts(bundled, ViewSpec()) + " · density")
    wait_query(page, {"level": ["organisation"]})

    page.get_by_label("Countries", exact=True).check()
    wait_summary(page, counts(bundled, ViewSpec(level="country")))
    page.get_by_label(re.compile(r"^Green \(\d+\)$")).check()
    expected = counts(bundled, ViewSpec(level="country", themes=("green",)))
    assert expected != counts(bundled, ViewSpec(level="country"))
    wait_summary(page, expected + " · density")
    wait_query(page, {"level": ["country"], "theme": ["green"]})
    wait_drawn(page, "network-graph", project(bundled, ViewSpec(level="country", themes=("green",))).n_nodes)
    page.screenshot(path=str(artifacts_dir / "app-country-green.png"))


def test_click_a_node_on_the_plot_shows_its_details(page, live_app, bundled, explorer, artifacts_dir):
    spec = ViewSpec(level="country")
    page.goto(live_app + "/?level=country")
    wait_summary(page, counts(bundled, spec))
    wait_drawn(page, "network-graph", project(bundled, spec).n_nodes)
    xy = page.evaluate(JS_NODE_XY, {"graph": "network-graph", "node": "LV"})
    assert xy is not None
    page.mouse.move(*xy)
    page.mouse.click(*xy)
    details = page.locator("#details [data-node='LV']")
    details.wait_for(timeout=TIMEOUT)
    text = details.inner_text()
    degree = explorer.graph(spec).degree("LV")
    assert text.startswith("Latvia")
    assert re.search(rf"Degree \(partners\)\s+how many partners it has\s+{degree}\s+\d+(st|nd|rd|th) of "
                     rf"{project(bundled, spec).n_nodes}", text)
    assert "cooperations in this view" in text.lower()  # headings are upper-cased by CSS
    wait_param(page, "selected", "LV")
    page.screenshot(path=str(artifacts_dir / "app-click-latvia.png"))


def test_search_an_actor_selects_and_centres_it(page, live_app, bundled, explorer, artifacts_dir):
    spec = ViewSpec(level="country", themes=("green",))
    page.goto(live_app + "/?" + spec.to_query())
    wait_summary(page, counts(bundled, spec))
    actor_id, name = explorer.search("RIGAS TEHNISKA")[0]
    find(page, "rigas tehn", f"{name} → Latvia")
    page.locator("#details [data-node='LV']").wait_for(timeout=TIMEOUT)
    wait_param(page, "selected", "LV")
    page.wait_for_function("""() => {  // the picture's answer may come after the details'
        const gd = document.querySelector('#network-graph .js-plotly-plot');
        const tr = gd && gd._fullData && gd._fullData.find(t => t.name === 'selected');
        return tr && tr.customdata && tr.customdata[0] === 'LV';
    }""", timeout=TIMEOUT)
    ring = page.evaluate("""() => {
        const gd = document.querySelector('#network-graph .js-plotly-plot');
        const tr = gd._fullData.find(t => t.name === 'selected');
        const xa = gd._fullLayout.xaxis;
        return {ids: Array.from(tr.customdata), x: tr.x[0], range: xa.range};
    }""")
    assert ring["ids"][0] == "LV"  # then its partners, ringed too
    mid = (ring["range"][0] + ring["range"][1]) / 2
    assert abs(ring["x"] - mid) < 0.02 * (ring["range"][1] - ring["range"][0])  # centred on it
    page.screenshot(path=str(artifacts_dir / "app-search.png"))


def test_show_a_path_with_its_cooperations(page, live_app, bundled, explorer, artifacts_dir):
    spec = ViewSpec(level="country", themes=("quality",))
    G = explorer.graph(spec)
    a = "EE"
    b = max(sorted(G), key=lambda n: len(explorer.shortest_path(spec, a, n)))
    route = explorer.shortest_path(spec, a, b)
    assert len(route) >= 3
    page.goto(live_app + "/?" + spec.to_query())
    wait_summary(page, counts(bundled, spec))
    open_section(page, "Focus and paths")
    pick(page, "path-from", "Eston", "Estonia")
    pick(page, "path-to", G.nodes[b]["label"][:5], G.nodes[b]["label"])
    panel = page.locator("#path-panel .path-route")
    panel.wait_for(timeout=TIMEOUT)
    assert panel.inner_text().startswith(f"{len(route) - 1} hops: " + " → ".join(G.nodes[n]["label"] for n in route))
    hops = page.locator("#path-panel .path-hops > li")
    assert hops.count() == len(route) - 1
    first = explorer.path_hops(spec, route)[0]["cooperations"][0]["title"]
    assert first in page.inner_text("#path-panel")
    wait_param(page, "path", f"{a}~{b}")
    page.screenshot(path=str(artifacts_dir / "app-path.png"))


def test_map_view_and_offline_outlines(page, live_app, bundled, artifacts_dir):
    spec = ViewSpec(level="country")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_app + "/?level=country")
    wait_summary(page, counts(bundled, spec))
    page.get_by_role("tab", name="Map").click()
    page.locator("#tab-map[aria-selected=true]").wait_for(timeout=TIMEOUT)
    assert page.locator("#tab-network").get_attribute("aria-selected") == "false"
    page.wait_for_function("() => document.querySelector('#map-graph .geolayer .countries path') !== null",
                           timeout=TIMEOUT)
    wait_drawn(page, "map-graph", project(bundled, spec).n_nodes)
    wait_param(page, "view", "map")
    assert page.locator("#network-pane").is_hidden()
    assert any(u == live_app + "/assets/topojson/world_50m.json" for u in requests)
    page.screenshot(path=str(artifacts_dir / "app-map.png"))


def test_a_shared_url_restores_the_view(page, live_app, bundled, artifacts_dir):
    spec = ViewSpec(level="country", themes=("green",), years=(2021, 2025), color="region", selected="LV",
                    view="map")
    url = live_app + "/?" + spec.to_query()
    page.goto(url)
    wait_summary(page, counts(bundled, spec) + " · density")
    # the controls follow the view's picture and summary by a frame or two (assets/wire.js): waited for
    expect(page.get_by_label("Countries", exact=True)).to_be_checked(timeout=TIMEOUT)
    expect(page.get_by_label(re.compile(r"^Green \(\d+\)$"))).to_be_checked(timeout=TIMEOUT)
    expect(page.get_by_label(re.compile(r"^Digital \(\d+\)$"))).not_to_be_checked(timeout=TIMEOUT)
    assert page.locator("#color").inner_text().strip() == "Region"
    assert page.input_value("#years .dash-range-slider-min-input") == "2021"
    assert page.input_value("#years .dash-range-slider-max-input") == "2025"
    assert page.locator(".view-tab.active").inner_text() == "Map"
    assert page.locator("#map-pane").is_visible() and page.locator("#network-pane").is_hidden()
    page.locator("#details [data-node='LV']").wait_for(timeout=TIMEOUT)
    wait_drawn(page, "map-graph", project(bundled, spec).n_nodes)
    legend = page.evaluate("() => Array.from(document.querySelectorAll('#map-graph .legendtext'))"
                           ".map(e => e.textContent)")
    assert any(t.startswith("Baltic") for t in legend)  # coloured by region
    assert page.url == url  # nothing rewritten, no reload loop
    wait_share_url(page, url)
    page.screenshot(path=str(artifacts_dir / "app-shared-url.png"))


def wait_share_url(page, url: str) -> None:
    """Until the box beside Share shows ``url`` (it follows the view with the side panels, after the picture)."""
    page.wait_for_function("u => document.getElementById('share-url').value === u", arg=url, timeout=TIMEOUT)


def test_a_bad_url_shows_a_message_and_the_start_view(page, live_app, bundled):
    page.goto(live_app + "/?level=planets")
    wait_summary(page, counts(bundled, ViewSpec(level="country")))
    message = page.locator("#view-message")
    message.wait_for(timeout=TIMEOUT)
    assert "level: 'planets' is not one of organisation, country, bipartite" in message.inner_text()
    assert "Traceback" not in page.content()


def test_table_of_links_and_its_details(page, live_app, bundled, explorer, artifacts_dir):
    spec = ViewSpec(level="country", themes=("quality",), view="table")
    page.goto(live_app + "/?" + spec.to_query())
    wait_summary(page, counts(bundled, spec))
    n_nodes = project(bundled, spec).n_nodes
    page.locator("#table-note").get_by_text(f"{n_nodes:,} actors").wait_for(timeout=TIMEOUT)
    page.get_by_label("Links", exact=True).check()
    n_links = project(bundled, spec).n_edges
    page.locator("#table-note").get_by_text(f"{n_links:,} links").wait_for(timeout=TIMEOUT)
    first = page.locator("#edge-grid .ag-center-cols-container .ag-row").first
    first.wait_for(timeout=TIMEOUT)
    first.click()
    page.locator("#details .edge-details").wait_for(timeout=TIMEOUT)
    title = page.locator("#details .details-title").inner_text()
    assert " — " in title
    assert page.locator("#details .coop-card").count() >= 1
    page.screenshot(path=str(artifacts_dir / "app-table-links.png"))


def test_organisation_level_draws_every_node(page, live_app, bundled, artifacts_dir):
    n = project(bundled, ViewSpec()).n_nodes
    page.goto(live_app + "/?level=organisation")
    wait_summary(page, counts(bundled, ViewSpec()))
    wait_drawn(page, "network-graph", n)
    assert page.locator("#network-graph canvas").count() >= 1  # WebGL at this size
    page.screenshot(path=str(artifacts_dir / "app-organisations.png"))


def test_the_page_makes_no_request_outside_its_server(page, live_app, bundled):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_app + "/?level=country&selected=LV")
    wait_summary(page, counts(bundled, ViewSpec(level="country")))
    page.locator("#details [data-node='LV']").wait_for(timeout=TIMEOUT)
    for tab in ("Map", "Table"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1500)
    page.get_by_label("Links", exact=True).check()
    page.wait_for_timeout(1000)
    page.get_by_role("tab", name="Network").click()
    page.wait_for_timeout(1000)
    page.click("#share-button")
    page.wait_for_timeout(500)
    assert len(requests) > 10
    outside = [u for u in requests if not (u.startswith(live_app + "/") or u.startswith("data:")
                                           or u.startswith("blob:"))]
    assert outside == []


def test_export_menu_exports_the_view_on_screen(page, live_app, bundled):
    """After a control change (no reload), Export writes the view shown, not the one first loaded."""
    import csv
    import io

    page.goto(live_app + "/?level=country")
    wait_summary(page, counts(bundled, ViewSpec(level="country")))
    page.get_by_label(re.compile(r"^Green \(\d+\)$")).check()
    green = ViewSpec(level="country", themes=("green",))
    wait_summary(page, counts(bundled, green))
    page.locator("#export-menu").get_by_role("button", name="Export").click()
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_text("Actors with metrics (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == project(bundled, green).n_nodes


def test_focus_fades_all_but_the_neighbourhood_and_what_if(page, live_app, bundled, explorer, artifacts_dir):
    spec = ViewSpec(level="country", selected="LV")
    page.goto(live_app + "/?" + spec.to_query())
    page.locator("#details [data-node='LV']").wait_for(timeout=TIMEOUT)
    open_section(page, "Focus and paths")
    page.click("#focus-button")
    page.locator("#view-subtitle").get_by_text("within 1 hop of Latvia").wait_for(timeout=TIMEOUT)
    wait_param(page, "focus", "LV")
    assert page.inner_text("#focus-status") == "Focus: Latvia, within 1 hop."
    near = set(explorer.graph(spec)["LV"]) | {"LV"}
    opacity = page.evaluate("""() => {
        const gd = document.querySelector('#network-graph .js-plotly-plot');
        const out = {};
        for (const tr of gd._fullData) {
            if (!tr.customdata || tr.name === 'selected' || tr.name === 'link midpoints'
                || !tr.mode.includes('markers')) continue;
            const o = tr.marker.opacity;
            Array.from(tr.customdata).forEach((id, i) => { out[id] = Array.isArray(o) || ArrayBuffer.isView(o) ? o[i] : o; });
        }
        return out;
    }""")
    assert opacity and all((opacity[n] > 0.5) == (n in near) for n in opacity)

    page.click("#what-if-button")
    page.locator("#what-if [data-node='LV']").wait_for(timeout=TIMEOUT)
    w = explorer.what_if(spec, ["LV"])
    assert page.inner_text("#what-if .whatif-conclusion").startswith("Without Latvia")
    assert f"{w['links_removed']:,} links disappear" in page.text_content("#what-if")  # under "Figures"
    page.screenshot(path=str(artifacts_dir / "app-focus.png"))


def test_url_follows_controls_without_reload_and_back_restores(page, live_app, bundled):
    page.goto(live_app + "/?level=country")
    wait_summary(page, counts(bundled, ViewSpec(level="country")))
    page.evaluate("() => { window.__still_here = true; }")
    page.get_by_label("Organisations", exact=True).check()
    wait_summary(page, counts(bundled, ViewSpec()))
    wait_query(page, {"level": ["organisation"]})
    assert urlsplit(page.url).query == "level=organisation"  # never bare: a bare address opens countries
    page.get_by_label(re.compile(r"^Digital \(\d+\)$")).check()
    wait_summary(page, counts(bundled, ViewSpec(themes=("digital",))))
    wait_query(page, {"theme": ["digital"]})
    assert page.evaluate("() => window.__still_here") is True  # no reload
    page.go_back()
    wait_summary(page, counts(bundled, ViewSpec()))
    expect(page.get_by_label(re.compile(r"^Digital \(\d+\)$"))).not_to_be_checked(timeout=TIMEOUT)
    page.go_back()
    wait_summary(page, counts(bundled, ViewSpec(level="country")))
    expect(page.get_by_label("Countries", exact=True)).to_be_checked(timeout=TIMEOUT)
    assert page.evaluate("() => window.__still_here") is True
    page.wait_for_timeout(1500)
    assert query_of(page) == {"level": ["country"]}  # it stays there: no loop pushing other views


def click_matrix_cell(page, pair: tuple[str, str] | None = None) -> tuple[str, str]:
    """Click, as a person does, the matrix cell of the link ``pair`` (default: a cell off the diagonal a
    third of the way down); the link clicked. Waits until the matrix has settled first: no drawing for 0.8 s
    and no spinner over it (a cell's place read while the plot is still being laid out would miss it)."""
    page.wait_for_function("() => { const gd = document.querySelector('#matrix-graph .js-plotly-plot');"
                           " return gd && gd.data && gd.data.some(t => t.type === 'heatmap'); }", timeout=TIMEOUT)
    page.evaluate("""() => new Promise((resolve) => {
      const gd = document.querySelector('#matrix-graph .js-plotly-plot');
      let last = performance.now();
      gd.on('plotly_afterplot', () => { last = performance.now(); });
      gd.on('plotly_relayout', () => { last = performance.now(); });
      (function check() {
        const busy = document.querySelector('#matrix-pane [data-dash-is-loading]');
        if (performance.now() - last > 800 && !busy) { resolve(); } else { setTimeout(check, 100); }
      })();
    })""")
    # the centre of the cell's column and row on screen, and its link
    x, y, u, v = page.evaluate("""(pair) => {
      const gd = document.querySelector('#matrix-graph .js-plotly-plot');
      const t = gd.data.find(t => t.type === 'heatmap');
      let i = Math.floor(t.customdata.length / 3), j = t.customdata[i].findIndex((c, k) => c && k !== i);
      if (pair) {
        i = t.customdata.findIndex(row => row.some(c => c && c[0] === pair[0] && c[1] === pair[1]));
        j = t.customdata[i].findIndex(c => c && c[0] === pair[0] && c[1] === pair[1]);
      }
      const box = gd.getBoundingClientRect(), fl = gd._fullLayout;
      return [box.left + fl.xaxis._offset + fl.xaxis.c2p(j), box.top + fl.yaxis._offset + fl.yaxis.c2p(i),
              ...t.customdata[i][j]];
    }""", list(pair) if pair else None)
    page.mouse.move(x, y)  # as a person's pointer: over the cell (its hover label shows), then a click
    page.locator("#matrix-graph .hoverlayer .hovertext").wait_for(timeout=TIMEOUT)
    page.mouse.click(x, y)
    return u, v


def test_a_click_on_a_matrix_cell_shows_its_link(page, live_app, bundled):
    """A real click on a cell of the matrix shows the link it stands for, as a click on a network link does."""
    spec = ViewSpec(level="country", view="matrix")
    page.goto(live_app + "/?" + spec.to_query())
    wait_summary(page, counts(bundled, spec))
    u, v = click_matrix_cell(page)
    page.locator(f"#details [data-edge='{u}~{v}']").wait_for(timeout=TIMEOUT)
    assert Explorer(bundled).graph(spec).has_edge(u, v)
    assert "shared cooperation" in page.text_content("#details")


def test_share_shows_and_copies_the_link(page, live_app, bundled):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_app + "/?level=country&theme=green")
    wait_summary(page, counts(bundled, ViewSpec(level="country", themes=("green",))))
    wait_share_url(page, page.url)
    page.click("#share-button")
    page.locator("#share-status").get_by_text("Link copied").wait_for(timeout=TIMEOUT)
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url
    # Share pressed as soon as a click's view is in the address bar copies that view, whatever the box shows yet
    page.get_by_label(re.compile(r"^Digital \(\d+\)$")).check()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('theme').includes('digital')",
                           timeout=TIMEOUT)
    page.click("#share-button")
    page.wait_for_function("u => navigator.clipboard.readText().then(t => t === u)", arg=page.url, timeout=TIMEOUT)
    wait_share_url(page, page.url)
    # the default view (organisations, all cooperations) has an empty query: its link is never the bare
    # address, which opens the start view (countries on the map)
    page.goto(live_app + "/?level=organisation")
    wait_summary(page, counts(bundled, ViewSpec()))
    wait_share_url(page, live_app + "/?level=organisation")
    page.click("#share-button")
    page.wait_for_function("u => navigator.clipboard.readText().then(t => t === u)",
                           arg=live_app + "/?level=organisation", timeout=TIMEOUT)


def test_a_panel_being_computed_shows_a_spinner_then_its_answer(page, live_app, bundled):
    """The spinners are CSS on Dash's data-dash-is-loading mark (components.busy): one turns in the place of
    Insights while its answer is on its way (held back here by 1.5 s), and goes when the answer is in."""
    page.goto(live_app + "/?level=country")
    wait_summary(page, counts(bundled, ViewSpec(level="country")))
    page.locator("#insights h3").first.wait_for(timeout=TIMEOUT)
    page.evaluate("""() => { const f = window.fetch; window.fetch = function (u) { const p = f.apply(this, arguments);
        return String(u).includes('_dash-update-component')
            ? p.then(r => new Promise(res => setTimeout(() => res(r), 1500))) : p; }; }""")
    page.get_by_label(re.compile(r"^Green \(\d+\)$")).check()
    spinning = """() => { const b = document.getElementById('insights').parentElement;
        return b.matches('.busy:has(> [data-dash-is-loading])') && getComputedStyle(b, '::after').opacity === '1'; }"""
    page.wait_for_function(spinning, timeout=TIMEOUT)  # after its delay of 0.4 s, in place of the old content
    assert page.evaluate("() => getComputedStyle(document.getElementById('insights')).visibility") == "hidden"
    page.wait_for_function(f"() => !({spinning})()", timeout=TIMEOUT)
    wait_summary(page, counts(bundled, ViewSpec(level="country", themes=("green",))))
    assert page.evaluate("() => getComputedStyle(document.getElementById('insights')).visibility") == "visible"
    assert page.locator(".busy:has(> [data-dash-is-loading])").count() == 0
