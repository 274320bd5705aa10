"""Accessibility in a real Chromium: axe-core on every view, and the page driven by the keyboard alone.

axe-core is vendored from npm in ``tests/vendor/axe-core`` (``make vendor-axe``
fetches it again and checks its integrity). Every rule axe runs must pass on
the network, map and table views and a link's details; the few allowed below say why. Reports go
to ``test-artifacts/axe-*.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph_explorer.explorer import Explorer
from graph_explorer.network import project
from graph_explorer.view import ViewSpec

from .test_browser import TIMEOUT, click_matrix_cell, counts, wait_drawn, wait_summary

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"

#: Rules allowed to report, with the reason. Keep this empty unless a rule is wrong for this page.
ALLOWED: dict[str, str] = {}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the app's Content-Security-Policy (rightly) refuses
    return {**browser_context_args, "viewport": {"width": 1600, "height": 900}, "bypass_csp": True}


def run_axe(page, name: str, artifacts_dir: Path) -> list[dict]:
    assert AXE.is_file(), f"{AXE} is missing: run `make vendor-axe`"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                                                                 summary: n.failureSummary}))}));
    }""")
    (artifacts_dir / f"axe-{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return [v for v in result if v["id"] not in ALLOWED]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']} ({len(v['nodes'])}): {v['help']} — "
                     + "; ".join(str(n["target"]) for n in v["nodes"][:4]) for v in violations)


@pytest.mark.parametrize("view", ["network", "map", "table"])
def test_axe_finds_no_violation(page, live_app, bundled, artifacts_dir, view):
    spec = ViewSpec(level="country", view=view, selected="LV")
    page.goto(live_app + "/?" + spec.to_query())
    wait_summary(page, counts(bundled, spec))
    page.locator("#details [data-node='LV']").wait_for(timeout=TIMEOUT)
    if view == "table":
        page.locator("#node-grid .ag-row").first.wait_for(timeout=TIMEOUT)
    else:
        wait_drawn(page, f"{view}-graph", project(bundled, spec).n_nodes)
    violations = run_axe(page, view, artifacts_dir)
    serious = [v for v in violations if v["impact"] in ("critical", "serious")]
    assert not serious, describe(serious)
    assert not violations, describe(violations)


def test_axe_finds_no_violation_in_a_links_details(page, live_app, bundled, artifacts_dir):
    """A link clicked in the matrix, its cooperations listed with themes the curators derived (their badges)."""
    spec, explorer = ViewSpec(level="country", view="matrix"), Explorer(bundled)
    link = next((u, v) for u, v in sorted(explorer.graph(spec).edges)
                if any(c and c.get("themes_derived") for c in explorer.edge_details(spec, u, v)["cooperations"]))
    page.goto(live_app + "/?" + spec.to_query())
    wait_summary(page, counts(bundled, spec))
    u, v = click_matrix_cell(page, link)
    page.locator(f"#details [data-edge='{u}~{v}'] .theme-badge.derived").first.wait_for(timeout=TIMEOUT)
    violations = run_axe(page, "link-details", artifacts_dir)
    assert not violations, describe(violations)


def focused(page) -> str:
    """ "id|role-or-tag|text" of the focused element."""
    return page.evaluate("() => { const a = document.activeElement;"
                         " const label = a.labels && a.labels[0] ? a.labels[0].innerText : '';"
                         " return (a.id || '') + '|' + (a.getAttribute('role') || a.tagName) + '|'"
                         " + (label || a.innerText || a.value || a.getAttribute('aria-label') || '').slice(0, 60); }")


def tab_to(page, pattern: str, back: bool = False, limit: int = 250) -> str:
    """Press Tab (Shift+Tab) until the focused element's "id|role|text" matches; its focus ring must show."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        if re.search(pattern, now):
            ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                                 " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }")
            assert ring, f"no visible focus ring on {now}"
            return now
    raise AssertionError(f"Tab never reached {pattern!r}; last focus {focused(page)}")


def test_keyboard_alone_reaches_the_table_filters_by_theme_and_exports_a_png(page, live_app, bundled):
    spec = ViewSpec(level="country")
    page.goto(live_app + "/?level=country")
    wait_summary(page, counts(bundled, spec))

    tab_to(page, r"\|tab\|Table$")
    page.keyboard.press("Enter")
    page.locator("#node-grid .ag-row").first.wait_for(timeout=TIMEOUT)
    assert "view=table" in page.url

    tab_to(page, r"\|INPUT\|Green \(", back=True)  # the sidebar comes before the pictures
    page.keyboard.press("Space")
    green = ViewSpec(level="country", themes=("green",), view="table")
    wait_summary(page, counts(bundled, green))
    page.wait_for_function("n => document.querySelector('#table-note').innerText.startsWith(n)",
                           arg=f"{project(bundled, green).n_nodes:,} actors", timeout=TIMEOUT)

    tab_to(page, r"\|BUTTON\|Export", back=True)
    page.keyboard.press("Enter")
    tab_to(page, r"PNG image")
    with page.expect_download(timeout=TIMEOUT) as info:
        page.keyboard.press("Enter")
    data = Path(info.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert "theme=green" in page.url  # the picture of the filtered view
