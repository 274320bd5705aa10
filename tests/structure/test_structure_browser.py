"""In Chromium: who holds the network together is ringed in the picture, and the per-region table shows."""

from __future__ import annotations

import pytest

from graph_explorer.analysis import group_ei_index
from graph_explorer.explorer import Explorer
from graph_explorer.view import ViewSpec

pytestmark = pytest.mark.browser

TIMEOUT = 90_000

#: Node ids ringed by the highlight trace ("selected"), as plotly drew them.
JS_RINGED = """() => {
  const gd = document.querySelector('#network-graph .js-plotly-plot');
  if (!gd || !gd._fullData) return null;
  const tr = gd._fullData.find(t => t.name === 'selected');
  return tr ? Array.from(tr.customdata) : [];
}"""


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1100}}


def test_holders_ringed_and_region_table_shown(page, live_app, bundled, artifacts_dir):
    query = "level=country&holders=1"
    spec = ViewSpec.from_query(query)
    ex = Explorer(bundled)
    h = ex.holders(spec)
    assert h["articulation_points"]
    page.goto(f"{live_app}/?{query}", timeout=TIMEOUT)
    page.wait_for_function(f"() => {{ const r = ({JS_RINGED})(); return r && r.length === "
                           f"{len(h['articulation_points'])}; }}", timeout=TIMEOUT)
    assert sorted(page.evaluate(JS_RINGED)) == sorted(h["articulation_points"])
    page.wait_for_selector("#holders-summary", timeout=TIMEOUT)
    summary = page.inner_text("#holders-summary")
    assert f"{len(h['articulation_points'])} actors and {len(h['bridges'])} links" in summary
    assert "Ringed red" in page.inner_text("#encoding-legend")
    # the switch shows the URL's state, and switching it off removes the rings and the parameter
    assert page.is_checked(f"#holders")

    # in one line, the share of links inside one region; the per-region table is sent only once opened:
    # one row per region, E-I as group_ei_index on the same view
    page.wait_for_selector("#region-lead", timeout=TIMEOUT)
    t = ex.region_table(spec)
    inside = t["links_within"].sum()
    assert page.inner_text("#region-lead").startswith(f"{inside / (inside + t['links_out'].sum() / 2):.0%} of the links")
    assert page.query_selector("#region-table-grid") is None
    page.click("#region-table-toggle")
    page.wait_for_selector("#region-table-grid tbody tr", timeout=TIMEOUT)
    ref = group_ei_index(ex.graph(spec)).set_index("group")["ei_index"]
    rows = page.query_selector_all("#region-table-grid tbody tr.region-row")
    assert len(rows) == len(ref) and len(page.query_selector_all(".region-partners-row")) == len(ref)
    for row in rows:
        region = row.get_attribute("data-region")
        cells = row.query_selector_all("td")
        assert cells[4].inner_text() == f"{ref[region]:+.2f}"
    # the matrix: not sent while closed; opened, the region x region weights of the view
    assert page.query_selector("#region-matrix table") is None
    page.click("#region-matrix-toggle")
    page.wait_for_selector("#region-matrix table.region-matrix", timeout=TIMEOUT)
    m = ex.region_matrix(spec)
    assert page.locator("#region-matrix table thead th").all_inner_texts()[1:] == [str(c) for c in m.columns]
    assert len(page.query_selector_all("#region-matrix table tbody tr")) == len(m.index)
    assert page.get_attribute("#region-matrix-toggle", "aria-expanded") == "true"
    page.locator("#region-table-grid").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "structure-holders-regions.png"), full_page=True)
    page.locator("#region-table").screenshot(path=str(artifacts_dir / "structure-region-table.png"))
    page.locator("#structure").screenshot(path=str(artifacts_dir / "structure-holders.png"))

    # what-if of a region, in words
    page.select_option(f"#what-if-kind", "region")
    page.click("#what-if-values")
    page.get_by_role("option", name="Baltic", exact=False).first.click()
    page.keyboard.press("Escape")
    page.click("#what-if-group-button")
    page.wait_for_selector("#what-if-group-answer", timeout=TIMEOUT)
    r = ex.what_if_removing(spec, "region", ["Baltic"])
    answer = page.inner_text("#what-if-group-answer")
    assert answer.startswith(f"Without the Baltic region: {len(r['removed_actors'])} actors and "
                             f"{r['links_removed']:,} links disappear")
    page.locator("#what-if-group-answer").screenshot(path=str(artifacts_dir / "structure-what-if-region.png"))

    page.click("label[for='holders']")
    page.wait_for_function(f"() => {{ const r = ({JS_RINGED})(); return r !== null && r.length === 0; }}",
                           timeout=TIMEOUT)
    # the address follows the picture by a frame (assets/wire.js)
    page.wait_for_function("() => !location.search.includes('holders')", timeout=TIMEOUT)
    assert "holders" not in page.url
