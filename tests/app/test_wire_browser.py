"""In Chromium: after each filter click the page draws exactly the server's nodes and links (ids and counts).

The network travels as a wire figure on its level's frame (graph_explorer/figures/wire.py) and is
rebuilt in the page by assets/wire.js; these tests read what plotly holds in the page and compare it
with the server's own view, and with the Python reference decoder, so the page cannot drift.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from graph_explorer.explorer import Explorer
from graph_explorer.view import ViewSpec

from .conftest import page_figure

pytestmark = pytest.mark.browser

TIMEOUT = 60_000

#: What plotly holds in the page: per trace its name, mode, node ids, point coordinates and hover texts.
JS_PAGE_TRACES = """() => {
  const gd = document.querySelector('#network-graph .js-plotly-plot');
  if (!gd || !gd.data) return null;
  return gd.data.map(t => ({name: t.name || '', mode: t.mode || '', type: t.type,
    ids: t.customdata ? Array.from(t.customdata) : null,
    x: t.x ? Array.from(t.x, v => (v === null || Number.isNaN(v)) ? null : v) : null,
    y: t.y ? Array.from(t.y, v => (v === null || Number.isNaN(v)) ? null : v) : null,
    hover: Array.isArray(t.hovertext) ? t.hovertext : null,
    size: t.marker && t.marker.size && t.marker.size.length !== undefined ? Array.from(t.marker.size) : null}));
}"""


@pytest.fixture(scope="module")
def explorer(bundled):
    return Explorer(bundled)


def wait_summary(page, prefix: str):
    page.wait_for_function("p => { const s = document.getElementById('summary');"
                           " return s && s.textContent.startsWith(p); }", arg=prefix, timeout=TIMEOUT)


def page_view(page, explorer, spec):
    """Wait until the page draws ``spec``'s node count, then return (node ids, link end pairs, traces)."""
    g = explorer.graph(spec)
    page.wait_for_function("n => { const gd = document.querySelector('#network-graph .js-plotly-plot');"
                           " if (!gd || !gd.data) return false; let k = 0;"
                           " for (const t of gd.data) { if (t.customdata && (t.mode || '').includes('markers')"
                           " && t.name !== 'selected' && t.name !== 'link midpoints') k += t.customdata.length; }"
                           " return k === n; }", arg=g.number_of_nodes(), timeout=TIMEOUT)
    traces = page.evaluate(JS_PAGE_TRACES)
    ids, where = [], {}
    for t in traces:
        if t["ids"] and "markers" in t["mode"] and t["name"] not in ("selected", "link midpoints"):
            ids += t["ids"]
            where.update({i: (x, y) for i, x, y in zip(t["ids"], t["x"], t["y"])})
    at = {}
    for node, xy in where.items():
        at.setdefault(xy, []).append(node)
    pairs = []
    for t in traces:
        if t["mode"] == "lines" and t["name"].startswith(("links", "highlighted")):
            pts = list(zip(t["x"], t["y"]))
            for a, b in zip(pts, pts[1:]):
                if None not in a and None not in b:
                    pairs.append((a, b))
    return ids, pairs, at, traces


def test_after_each_filter_the_page_draws_exactly_the_servers_nodes_and_links(page, live_app, explorer, artifacts_dir):
    views = [ViewSpec(), ViewSpec(themes=("green",)), ViewSpec(themes=("green", "digital")), ViewSpec()]
    page.goto(live_app + "/?level=organisation")
    for spec, action in zip(views, [None, "Green", "Digital", "clear"]):
        if action == "clear":
            for name in ("Green", "Digital"):
                page.get_by_label(re.compile(rf"^{name} \(\d+\)$")).uncheck()
        elif action:
            page.get_by_label(re.compile(rf"^{action} \(\d+\)$")).check()
        g = explorer.graph(spec)
        wait_summary(page, f"{g.number_of_nodes():,} actors · {g.number_of_edges():,} links")
        ids, pairs, at, traces = page_view(page, explorer, spec)
        assert len(ids) == len(set(ids)) == g.number_of_nodes(), [(t["name"], t["mode"], len(t["ids"] or [])) for t in traces]
        assert set(ids) == set(g.nodes)
        # every link drawn once, between the two actors it joins (actors may share a point only in a
        # geographic layout; the force layout gives each its own)
        assert all(len(v) == 1 for v in at.values())
        drawn = {tuple(sorted((at[a][0], at[b][0]))) for a, b in pairs}
        assert len(pairs) == len(drawn) == g.number_of_edges()
        assert drawn == {tuple(sorted(e)) for e in g.edges}
        # point for point as the Python reference decoder draws them: WebGL links chained into trails, about
        # a third of the points of a segment per link
        reference = page_figure(explorer, spec)[0]
        # the labels too (sent as what differs from the label before)
        notes = page.evaluate("() => document.querySelector('#network-graph .js-plotly-plot').layout.annotations")
        assert notes == [a.to_plotly_json() for a in reference.layout.annotations]
        for t, r in zip(traces, reference.data):
            if t["mode"] == "lines" and t["name"].startswith("links"):
                assert t["x"] == [None if np.isnan(v) else v for v in np.asarray(r.x, float)], t["name"]
                n_links = sum(a is not None and b is not None for a, b in zip(t["x"], t["x"][1:]))
                if t["type"] == "scattergl" and n_links > 100:
                    assert len(t["x"]) < 0.6 * 3 * n_links, (t["name"], len(t["x"]), n_links)
        # the hover texts and sizes are the server's, node by node
        scene = explorer.scene(spec)
        hover = dict(zip(scene.nodes["id"], scene.nodes["hover"]))
        size = dict(zip(scene.nodes["id"], scene.nodes["size"]))
        for t in traces:
            if t["hover"] and t["ids"] and t["name"] not in ("selected", "link midpoints"):
                assert t["hover"] == [hover[i] for i in t["ids"]]
                if t["size"]:
                    assert np.allclose(t["size"], [size[i] for i in t["ids"]])
    page.screenshot(path=str(artifacts_dir / "wire-organisations-after-filters.png"))


def test_a_click_on_a_drawn_node_and_on_a_drawn_link_still_selects_them(page, live_app, explorer):
    """Ids rebuilt in the page are the ones a click reports: a node selects it, a link opens its details."""
    spec = ViewSpec(level="country", themes=("green",))
    page.goto(live_app + "/?" + spec.to_query())
    page_view(page, explorer, spec)
    hit = page.evaluate("""() => {
      const gd = document.querySelector('#network-graph .js-plotly-plot');
      const t = gd.data.findIndex(t => t.name === 'link midpoints');
      return t < 0 ? null : {curve: t, ends: gd.data[t].customdata[0]};
    }""")
    assert hit is not None and explorer.graph(spec).has_edge(*hit["ends"])
    page.evaluate("""(c) => {
      const gd = document.querySelector('#network-graph .js-plotly-plot');
      gd.emit('plotly_click', {points: [{curveNumber: c, pointNumber: 0, customdata: gd.data[c].customdata[0]}]});
    }""", hit["curve"])
    names = [explorer.node_label(spec, n) for n in hit["ends"]]
    page.wait_for_function("n => { const d = document.getElementById('details');"
                           " return d && n.every(x => d.textContent.includes(x)); }", arg=names, timeout=TIMEOUT)


#: In the page: when each Dash request was sent (by what it asks for) and when the network was drawn.
JS_RECORD = """() => {
  window.__log = [];
  let n = 0;
  const at = (what, k) => window.__log.push([what, performance.now(), k]);
  const f = window.fetch;
  window.fetch = function (url, options) {
    const body = options && options.body ? String(options.body) : '';
    const k = ++n;
    if (body.includes('network-wire.data')) at('picture asked', k);
    if (body.includes('insights.children')) at('insights asked', k);
    if (body.includes('summary.children')) at('summary asked', k);
    if (body.includes('details.children')) at('details asked', k);
    return f.apply(this, arguments);
  };
  document.querySelector('#network-graph .js-plotly-plot').on('plotly_afterplot', () => at('picture drawn', 0));
}"""


#: A click on the node ``node`` of the network, as plotly reports one (its trace and point).
JS_CLICK_NODE = """(node) => {
  const gd = document.querySelector('#network-graph .js-plotly-plot');
  for (let c = 0; c < gd.data.length; c++) {
    const t = gd.data[c];
    if (t.name === 'link midpoints' || t.name === 'selected' || !t.customdata) continue;
    const i = Array.from(t.customdata).indexOf(node);
    if (i >= 0) return gd.emit('plotly_click', {points: [{curveNumber: c, pointNumber: i, customdata: node}]});
  }
}"""


def test_the_panels_ask_after_the_picture_is_drawn_and_a_selection_asks_them_at_once(page, live_app, explorer):
    """A filter asks for the picture, the summary and the details in one request; the side panels once the
    picture is drawn. A node selected gets its details in the answer that updates the picture."""
    spec, green = ViewSpec(), ViewSpec(themes=("green",))
    page.goto(live_app + "/?level=organisation")
    page_view(page, explorer, spec)
    page.wait_for_selector("#insights .broker-list", timeout=TIMEOUT)
    page.evaluate(JS_RECORD)
    page.get_by_label(re.compile(r"^Green \(\d+\)$")).check()
    page_view(page, explorer, green)
    top = explorer.metrics(green).sort_values(["betweenness", "degree"], ascending=False).index[0]
    page.wait_for_selector(f"#insights .broker-list [data-node='{top}']", timeout=TIMEOUT)
    log = page.evaluate("() => window.__log")
    first, request = {}, {}
    for what, t, k in log:
        first.setdefault(what, t)
        request.setdefault(what, k)
    assert first["picture asked"] < first["picture drawn"] < first["insights asked"], log
    # released by the drawing, not by the page's fallback a second and a half after the answer
    assert first["insights asked"] - first["picture drawn"] < 1000, log
    assert request["picture asked"] == request["summary asked"] == request["details asked"], log
    assert request["insights asked"] != request["picture asked"], log
    # the panels' new entries (buttons that select an actor) ask the view nothing: one view request per click, so
    # none takes the place of a view's request on its way (a Back pressed meanwhile was lost so)
    page.wait_for_timeout(800)
    log = page.evaluate("() => window.__log")
    assert len({k for what, t, k in log if what == "picture asked"}) == 1, log
    # a selection: its details are asked before the picture is drawn again
    best = max(explorer.graph(green).degree, key=lambda kv: kv[1])[0]
    page.evaluate("() => { window.__log = []; }")
    page.evaluate(JS_CLICK_NODE, best)
    page.wait_for_selector(f"#details [data-node='{best}']", timeout=TIMEOUT)
    log = page.evaluate("() => window.__log")
    asked = [(t, k) for what, t, k in log if what == "details asked"]
    pictured = [k for what, t, k in log if what == "picture asked"]
    drawn = [t for what, t, k in log if what == "picture drawn"]
    assert asked and drawn and asked[0][0] < drawn[0] and asked[0][1] in pictured, log


def test_a_filter_draws_its_picture_once_as_its_answer_arrives_and_a_selection_once_dash_has_applied_it(
        page, live_app, explorer):
    """The network is drawn from the answer as it arrives (Dash's request hook, assets/wire.js ``answered``), once
    per click, and no callback runs after a filter's answer. A new selection (a Patch of the wire figure) is drawn
    by the draw callback once Dash has applied it, once too."""
    spec, green = ViewSpec(), ViewSpec(themes=("green",))
    page.goto(live_app + "/?level=organisation")
    page_view(page, explorer, spec)
    page.wait_for_selector("#insights .broker-list", timeout=TIMEOUT)
    page.evaluate("""() => {
      window.__reacts = 0; window.__draws = 0;
      const react = Plotly.react;
      Plotly.react = function (gd) {
        if (gd && gd.closest && gd.closest('#network-graph')) { window.__reacts++; }
        return react.apply(this, arguments);
      };
      const g = window.dash_clientside.graph_explorer, draw = g.draw;
      g.draw = function () { window.__draws++; return draw.apply(this, arguments); };
    }""")
    box = page.get_by_label(re.compile(r"^Green \(\d+\)$"))
    for k, (action, view) in enumerate([("check", green), ("uncheck", spec), ("check", green)]):
        getattr(box, action)()
        ids, pairs, _, _ = page_view(page, explorer, view)
        page.wait_for_timeout(800)  # every answer of the click is in
        assert sorted(ids) == sorted(explorer.graph(view).nodes) and len(pairs) == explorer.graph(view).number_of_edges()
        assert page.evaluate("() => [window.__reacts, window.__draws]") == [k + 1, 0]
    best = max(explorer.graph(green).degree, key=lambda kv: kv[1])[0]
    page.evaluate(JS_CLICK_NODE, best)
    page.wait_for_function("""(node) => { const gd = document.querySelector('#network-graph .js-plotly-plot');
      const t = gd.data.find(t => t.name === 'selected');
      return Boolean(t && t.customdata && Array.from(t.customdata).includes(node)); }""", arg=best, timeout=TIMEOUT)
    page.wait_for_timeout(800)
    assert page.evaluate("() => [window.__reacts, window.__draws]") == [4, 1]


#: The links' picture in the page (assets/wire.js), read back: for each link segment of the hidden link traces
#: whose middle is in the view on screen, whether the picture has paint at that middle.
JS_PICTURE = """async () => {
  const gd = document.querySelector('#network-graph .js-plotly-plot');
  const im = (gd.layout.images || []).find(i => i.name === 'links');
  const off = new Set(gd.data.filter(t => t.meta === 'legend of links in the picture' && t.visible === 'legendonly')
                            .map(t => t.name));
  const links = gd.data.filter(t => t.meta === 'links in the picture' && !off.has(t.name));
  if (!im) return {links: links.length, lines: gd.data.filter(t => t.mode === 'lines' && t.visible !== false).length};
  const img = new Image(); img.src = im.source; await img.decode();
  const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
  const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  const xr = gd._fullLayout.xaxis.range, yr = gd._fullLayout.yaxis.range;
  let inView = 0, painted = 0, missing = 0;
  for (const t of links) {
    for (let i = 0; i + 1 < t.x.length; i++) {
      const mx = (t.x[i] + t.x[i + 1]) / 2, my = (t.y[i] + t.y[i + 1]) / 2;
      if (!(mx === mx && my === my) || mx < xr[0] || mx > xr[1] || my < yr[0] || my > yr[1]) continue;
      inView++;
      const col = Math.floor((mx - im.x) / im.sizex * c.width), row = Math.floor((im.y - my) / im.sizey * c.height);
      if (col < 0 || row < 0 || col >= c.width || row >= c.height) { missing++; continue; }
      if (px[(row * c.width + col) * 4 + 3] > 0) painted++;
    }
  }
  let any = 0;
  for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) any++; }
  return {links: links.length, hidden: links.every(t => t.visible === false), inView, painted, missing,
          share: any / (px.length / 4), source: im.source.length, perUnit: c.width / im.sizex,
          needPerUnit: gd._fullLayout.xaxis._length / (xr[1] - xr[0]), below: im.layer === 'below'};
}"""


def wait_picture(page, present: bool = True):
    """Wait until the network has a links' picture (or, with ``present=False``, has none)."""
    page.wait_for_function("p => { const gd = document.querySelector('#network-graph .js-plotly-plot');"
                           " return Boolean(gd && gd.layout) && (gd.layout.images || []).some(i => i.name === 'links')"
                           " === p; }", arg=present, timeout=TIMEOUT)


def wait_new_picture(page, source_length: int):
    """Wait until the links' picture is another than one whose source had ``source_length`` characters."""
    page.wait_for_function("n => { const gd = document.querySelector('#network-graph .js-plotly-plot');"
                           " const im = (gd.layout.images || []).find(i => i.name === 'links');"
                           " return Boolean(im) && im.source.length !== n; }", arg=source_length, timeout=TIMEOUT)


def test_many_links_are_painted_into_one_picture_of_the_links_the_page_holds(page, live_app, explorer):
    """Above a few thousand link points the links are one picture under the nodes, painted in the page from the
    link traces it holds (hidden): paint at the middle of every link segment in view, painted again finer
    after a zoom and anew after a filter; a few links stay lines."""
    page.goto(live_app + "/?level=organisation&view=network")
    page_view(page, explorer, ViewSpec())
    wait_picture(page)
    first = page.evaluate(JS_PICTURE)
    assert first["links"] >= 1 and first["hidden"] and first["below"]
    assert first["inView"] > 20_000 and first["missing"] == 0
    assert first["painted"] >= 0.99 * first["inView"], first
    assert 0.01 < first["share"] < 0.9  # links, not a filled box
    assert first["perUnit"] >= first["needPerUnit"]  # at least the screen's resolution

    # a zoom to a quarter of the width: painted again, as fine as the screen
    page.evaluate("""() => { const gd = document.querySelector('#network-graph .js-plotly-plot');
      const x = gd._fullLayout.xaxis.range, y = gd._fullLayout.yaxis.range, cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2;
      const dx = (x[1] - x[0]) / 8, dy = (y[1] - y[0]) / 8;
      return Plotly.relayout(gd, {'xaxis.range': [cx - dx, cx + dx], 'yaxis.range': [cy - dy, cy + dy]}); }""")
    wait_new_picture(page, first["source"])
    zoomed = page.evaluate(JS_PICTURE)
    assert zoomed["missing"] == 0 and zoomed["painted"] >= 0.99 * zoomed["inView"] > 0, zoomed
    assert zoomed["perUnit"] >= zoomed["needPerUnit"] > 3 * first["needPerUnit"]

    # a filter: its own links painted
    page.get_by_label(re.compile(r"^Green \(\d+\)$")).check()
    green = ViewSpec(themes=("green",))
    page_view(page, explorer, green)
    after = page.evaluate(JS_PICTURE)
    assert after["missing"] == 0 and after["painted"] >= 0.99 * after["inView"] > 0, after

    # the countries: a few links, drawn as lines
    page.goto(live_app + "/?level=country&view=network")
    page_view(page, explorer, ViewSpec(level="country"))
    few = page.evaluate(JS_PICTURE)
    assert few["links"] == 0 and few["lines"] >= 1


def test_a_filter_switched_off_and_on_again_gets_its_picture_back_without_painting(page, live_app, explorer):
    """The last pictures painted are kept: a view whose links were painted a moment ago (a theme switched
    off and on again) is shown with the same picture, painted no more."""
    spec, green = ViewSpec(), ViewSpec(themes=("green",))
    page.goto(live_app + "/?level=organisation&view=network")
    page_view(page, explorer, spec)
    wait_picture(page)
    box = page.get_by_label(re.compile(r"^Green \(\d+\)$"))
    js_source = """() => (document.querySelector('#network-graph .js-plotly-plot').layout.images || [])
                     .find(i => i.name === 'links').source"""
    js_paints = "() => performance.getEntriesByName('graph-explorer: links painted').length"
    sources, paints = [], []
    for action, view in [("check", green), ("uncheck", spec), ("check", green), ("uncheck", spec)]:
        getattr(box, action)()
        page_view(page, explorer, view)
        page.wait_for_timeout(500)  # any painting after the drawing is done
        shown = page.evaluate(JS_PICTURE)
        assert shown["missing"] == 0 and shown["painted"] >= 0.99 * shown["inView"] > 0, shown
        sources.append(page.evaluate(js_source))
        paints.append(page.evaluate(js_paints))
    assert sources[0] != sources[1] and sources[2] == sources[0] and sources[3] == sources[1]
    assert paints[2] == paints[3] == paints[1], paints


def test_links_with_a_legend_are_painted_too_and_their_legend_hides_them(page, live_app, explorer):
    """A comparison of periods draws its links by class (new, lost, stronger…) with a legend entry each: in the
    picture too, each entry on a trace of no points of its own; a click on an entry paints the picture again
    without that class."""
    spec = ViewSpec(years=(2023, 2025), compare=(2019, 2022))
    page.goto(live_app + "/?level=organisation&view=network&" + spec.to_query())
    wait_summary(page, f"{explorer.graph(spec).number_of_nodes():,} actors · ")  # (and those of the other period)
    wait_picture(page)
    before = page.evaluate(JS_PICTURE)
    assert before["missing"] == 0 and before["painted"] >= 0.99 * before["inView"] > 1000, before
    # one legend entry per class drawn, named as the server names them, and no link trace of its own in the legend
    classes = page.evaluate("""() => { const gd = document.querySelector('#network-graph .js-plotly-plot');
      return {pictured: gd.data.filter(t => t.meta === 'links in the picture').map(t => [t.name, t.showlegend]),
              entries: gd.data.filter(t => t.meta === 'legend of links in the picture').map(t => t.name),
              legend: Array.from(document.querySelectorAll('#network-graph .legendtext'), e => e.textContent)}; }""")
    named = [n for n, _ in classes["pictured"] if not n.startswith(("links", "highlighted"))]
    assert len(named) >= 3 and classes["entries"] == named
    assert not any(shown for _, shown in classes["pictured"])
    assert all(any(text == name for text in classes["legend"]) for name in named), classes
    # one class switched off (as a legend does): painted again without it
    largest = max(named, key=lambda n: int(re.search(r"\(([\d,]+)\)", n).group(1).replace(",", "")))
    page.evaluate("""(name) => { const gd = document.querySelector('#network-graph .js-plotly-plot');
      const i = gd.data.findIndex(t => t.meta === 'legend of links in the picture' && t.name === name);
      return Plotly.restyle(gd, {visible: 'legendonly'}, [i]); }""", largest)
    wait_new_picture(page, before["source"])
    after = page.evaluate(JS_PICTURE)
    assert after["inView"] < before["inView"] and after["painted"] >= 0.99 * after["inView"] > 0, after
    assert after["share"] < before["share"]
    # a click on an entry of the links' legend group switches the whole group (plotly's legend): every class
    # again, then none (no picture)
    toggle = page.locator("#network-graph .legend .traces", has_text=named[0]).first.locator(".legendtoggle")
    page.wait_for_timeout(1000)  # plotly draws its legend again after the repaint: a click before is lost
    toggle.click()
    wait_new_picture(page, after["source"])
    again = page.evaluate(JS_PICTURE)
    assert again["inView"] == before["inView"] and again["painted"] >= 0.99 * again["inView"], again
    page.wait_for_timeout(1000)
    toggle.click()
    wait_picture(page, False)
