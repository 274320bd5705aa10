"""Everything clickable, in a real Chromium on the bundled data: panels, links in the picture, the links
table, the region with its partners, and a search typed at full speed while the page starts.

Expected values come from :func:`graph_explorer.network.project` and the Explorer, not from the page.
"""

from __future__ import annotations

import pytest

from graph_explorer.network import project
from graph_explorer.view import ViewSpec

from .test_browser import TIMEOUT, counts, explorer, wait_drawn, wait_param, wait_summary  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

#: The pixel position of the clickable middle of a link that lies farthest from every other marker
#: (so the click cannot land on something else), and the link's two ends.
JS_LONELY_MIDPOINT = """(graph) => {
  const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.getBoundingClientRect();
  const px = (x, y) => [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)];
  const others = [];
  let hit = null;
  for (const tr of gd._fullData) {
    if (!tr.x || !tr.mode || !tr.mode.includes('markers')) continue;
    if (tr.name === 'link midpoints') { hit = tr; continue; }
    for (let i = 0; i < tr.x.length; i++) if (tr.x[i] !== null) others.push(px(tr.x[i], tr.y[i]));
  }
  const mids = Array.from(hit.x, (x, i) => px(x, hit.y[i]));
  const [w0, w1] = [box.left + xa._offset, box.left + xa._offset + xa._length];
  const [h0, h1] = [box.top + ya._offset, box.top + ya._offset + ya._length];
  let best = null, bestD = -1;
  mids.forEach((p, i) => {
    if (p[0] < w0 + 20 || p[0] > w1 - 20 || p[1] < h0 + 20 || p[1] > h1 - 20) return;
    let d = Infinity;
    for (const q of others) d = Math.min(d, Math.hypot(p[0] - q[0], p[1] - q[1]));
    mids.forEach((q, j) => { if (j !== i) d = Math.min(d, Math.hypot(p[0] - q[0], p[1] - q[1])); });
    if (d > bestD) { bestD = d; best = {xy: p, ends: Array.from(hit.customdata[i]), clearance: d}; }
  });
  return best;
}"""


def test_clicking_a_partner_in_the_details_selects_it(page, live_app, explorer):
    spec = ViewSpec(level="country", selected="LV")
    page.goto(live_app + "/?" + spec.to_query())
    page.locator("#details [data-node='LV']").wait_for(timeout=TIMEOUT)
    partners = page.locator("#details .neighbour-list .pick-link")
    assert partners.count() == min(15, explorer.graph(spec).degree("LV"))
    page.locator("#details .neighbour-list .pick-link[data-node='LT']").click()
    page.locator("#details .node-details[data-node='LT']").wait_for(timeout=TIMEOUT)
    wait_param(page, "selected", "LT")
    # a top broker selects its actor the same way
    broker = page.locator("#insights .broker-list .pick-link").first
    node = broker.get_attribute("data-node")
    broker.click()
    page.locator(f"#details .node-details[data-node='{node}']").wait_for(timeout=TIMEOUT)
    wait_param(page, "selected", node)


def test_a_link_at_country_level_opens_its_cooperations_from_the_picture(page, live_app, bundled, explorer,
                                                                         artifacts_dir):
    spec = ViewSpec(level="country")
    assert project(bundled, spec).n_edges > 500  # more than the old limit of clickable links
    page.goto(live_app + "/?level=country")
    wait_summary(page, counts(bundled, spec))
    wait_drawn(page, "network-graph", project(bundled, spec).n_nodes)
    target = page.evaluate(JS_LONELY_MIDPOINT, "network-graph")
    assert target is not None and target["clearance"] > 4
    page.mouse.move(*target["xy"])
    page.mouse.click(*target["xy"])
    a, b = target["ends"]
    panel = page.locator("#details .edge-details")
    panel.wait_for(timeout=TIMEOUT)
    assert panel.get_attribute("data-edge") in (f"{a}~{b}", f"{b}~{a}")
    expected = explorer.edge_details(spec, a, b)
    shown = min(len(expected["cooperations"]), 40)
    assert page.locator("#details .coop-card").count() == shown
    assert expected["cooperations"][0]["title"] in panel.inner_text()
    page.screenshot(path=str(artifacts_dir / "app-click-a-link.png"))


def test_the_links_table_finds_every_partner_of_latvia_at_either_end(page, live_app, explorer):
    spec = ViewSpec(level="country", view="table")
    partners = {explorer.node_label(spec, n) for n in explorer.graph(spec)["LV"]}
    assert len(partners) == 32
    page.goto(live_app + "/?" + spec.to_query())
    page.locator("#node-grid .ag-row").first.wait_for(timeout=TIMEOUT)
    page.get_by_label("Links", exact=True).check()
    page.fill("#link-actor", "Latvia")
    page.press("#link-actor", "Enter")
    page.locator("#table-note").get_by_text("32 links with an actor matching “Latvia” at either end").wait_for(
        timeout=TIMEOUT)
    rows = page.evaluate("""() => {
        const api = dash_ag_grid.getApi('edge-grid');
        const out = [];
        api.forEachNodeAfterFilter(n => out.push([n.data.source_label, n.data.target_label]));
        return out;
    }""")
    assert len(rows) == 32
    assert {a for a, _ in rows} == {"Latvia"}  # Latvia first, its partner second
    assert {b for _, b in rows} == partners


def test_the_baltic_region_with_its_partners_shows_the_links_that_leave_it(page, live_app, bundled, explorer):
    alone = ViewSpec(level="country", regions=("Baltic",), years=(2023, 2024))
    wide = alone.replace(partners=True)
    page.goto(live_app + "/?" + alone.to_query())
    wait_summary(page, counts(bundled, alone))
    assert "cross-region 0%" in page.text_content("#summary")
    page.get_by_label("…and their partners elsewhere").check()
    text = wait_summary(page, counts(bundled, wide))
    share = explorer.graph_metrics(wide)["cross_region_share"]
    assert project(bundled, wide).n_edges > project(bundled, alone).n_edges and share > 0.5
    assert f"cross-region {100 * share:.0f}%" in text
    page.wait_for_function("() => new URLSearchParams(location.search).get('partners') === '1'", timeout=TIMEOUT)
    # every link has a Baltic end, and the partners outside are there
    p = project(bundled, wide)
    region = dict(zip(p.nodes["id"], p.nodes["region"]))
    assert all("Baltic" in (region[s], region[t]) for s, t in zip(p.edges["source"], p.edges["target"]))
    assert (p.nodes["region"] != "Baltic").sum() > 10


def test_typing_latvia_at_full_speed_right_after_load_finds_latvia(page, live_app):
    for attempt in range(3):
        page.goto(live_app + "/?level=country")
        page.click("#search")  # as soon as the box exists, before the pictures are drawn
        page.keyboard.type("Latvia")  # no delay between keys
        assert page.input_value("#search") == "Latvia", f"attempt {attempt}"
        hit = page.locator("#search-results .pick-link").first
        hit.wait_for(timeout=TIMEOUT)
        assert hit.inner_text().startswith("Latvia")
    page.press("#search", "Enter")  # Enter takes the first actor found
    page.locator("#details .node-details[data-node='LV']").wait_for(timeout=TIMEOUT)
    wait_param(page, "selected", "LV")


#: For each entry of a list whose button wraps: how far (px) the first line of the entry (where the list
#: number sits) is below the top of its button, and the button's line height. A probe put before the
#: button sits on that first line, as the number does.
JS_LIST_NUMBER_OFFSET = """(selector) => Array.from(document.querySelectorAll(selector)).map((li) => {
  const button = li.querySelector('.pick-link');
  const probe = document.createElement('span');
  probe.textContent = '\\u200b';
  li.insertBefore(probe, li.firstChild);
  const [p, b] = [probe.getBoundingClientRect(), button.getBoundingClientRect()];
  probe.remove();
  const line = parseFloat(getComputedStyle(button).lineHeight);
  return {wraps: b.height > 1.5 * line, below: p.top - b.top, line: line, text: button.innerText};
})"""


def test_a_wrapped_name_in_a_list_keeps_its_number_beside_its_first_line(page, live_app):
    page.set_viewport_size({"width": 1400, "height": 900})  # the side panels as wide as on a laptop
    page.goto(live_app + "/?level=organisation&view=network")  # long names: the organisations' top brokers
    page.locator("#insights .broker-list li").first.wait_for(timeout=TIMEOUT)
    entries = page.evaluate(JS_LIST_NUMBER_OFFSET, "#insights .broker-list li")
    wrapped = [e for e in entries if e["wraps"]]
    assert wrapped, entries  # the bundled top brokers have names long enough to wrap in the panel
    for e in wrapped:
        assert abs(e["below"]) < 0.5 * e["line"], e
