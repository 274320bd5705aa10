"""Names and texts from data show as text everywhere: pictures, panels, tables, exports.

plotly reads a few HTML tags in hover texts, labels, legend entries and
annotations (``<b>``, ``<i>``, ``<br>``, ``<a href>``, ``<span style>``…), so a
name is escaped before it goes there; Dash components show strings as text;
source addresses are links only when they are http(s).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from dash import dcc, html

import graph_explorer
from graph_explorer.app import panels
from graph_explorer.explorer import Explorer
from graph_explorer.figures import figure_for
from graph_explorer.view import ViewSpec

from tests.app.conftest import page_figure, text_of, walk
from .conftest import HOSTILE

#: The markup the figure code writes itself; anything else with '<' came from the data.
OWN_TAGS = re.compile(r"</?(b|i)>|<br>")

VIEWS = [
    ViewSpec(labels="all"),
    ViewSpec(level="country", labels="all", color="country"),
    ViewSpec(level="country", labels="all", color="region", selected="LV"),
    ViewSpec(level="bipartite", labels="all", color="kind"),
    ViewSpec(level="country", labels="all", view="map", selected="LV"),
    ViewSpec(labels="all", view="map", color="pagerank"),
]


@pytest.fixture(scope="module")
def ex(hostile):
    return Explorer(hostile)


def plotly_strings(fig) -> list[str]:
    """Every string of a figure that plotly renders with its pseudo-HTML."""
    out = []
    for t in fig.data:
        for attr in ("text", "hovertext", "hovertemplate", "texttemplate"):
            v = t[attr] if attr in t else None
            if v is None:
                continue
            out += [str(x) for x in (v if isinstance(v, (list, tuple)) or hasattr(v, "tolist") else [v])
                    if x is not None]
        if t.name and t.showlegend is not False:
            out.append(str(t.name))
        marker = t["marker"] if "marker" in t else None
        if marker is not None and marker.colorbar is not None and marker.colorbar.title.text:
            out.append(str(marker.colorbar.title.text))
    lay = fig.layout
    out += [str(a.text) for a in lay.annotations if a.text]
    for title in (lay.title.text, lay.legend.title.text):
        if title:
            out.append(str(title))
    return out


def escaped(name: str) -> str:
    return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figures_of(ex, spec):
    fig, _ = page_figure(ex, spec, None)  # what the app sends
    yield "app", fig
    layout_spec = spec.replace(layout="geo") if spec.view == "map" else spec
    yield "export", figure_for(ex.scene(layout_spec), width=1600, height=900, for_export=True)


@pytest.mark.parametrize("spec", VIEWS, ids=lambda s: s.to_query() or "default")
def test_figure_texts_carry_no_markup_from_the_data(ex, spec):
    for where, fig in figures_of(ex, spec):
        strings = plotly_strings(fig)
        for s in strings:
            leftover = OWN_TAGS.sub("", s)
            assert "<" not in leftover and ">" not in leftover, f"{where}: markup from data in {s!r}"
        joined = "\n".join(strings)
        if spec.level == "organisation" or spec.level == "bipartite":
            # the names are there, escaped (so an unescaped <b> of the data would be caught too)
            for name in HOSTILE[:4]:
                assert escaped(name) in joined, f"{where}: {name!r} not shown as text"
            assert "&quot;" not in joined  # plotly does not decode &quot;: quotes stay quotes
            assert '"Quoted"' in joined


def test_country_names_and_attributions_are_escaped(ex):
    fig = figure_for(ex.scene(ViewSpec(level="country", labels="all")), width=1600, height=900, for_export=True)
    joined = "\n".join(plotly_strings(fig))
    assert "&lt;i&gt;Latvia&lt;/i&gt;" in joined
    assert "&lt;a href=" in joined and "&lt;img src=x&gt;" in joined  # the attribution, as text


def test_details_show_markup_as_text_and_link_only_http_sources(ex):
    panel = panels.details_panel(ex, ViewSpec(selected="h1"), None)
    text = text_of(panel)
    assert HOSTILE[1] in text and '<a href="javascript:alert(1)">Title</a>' in text
    assert "javascript:alert(document.cookie)" in text and "<b>cited</b>" in text
    links = [c for c in walk(panel) if isinstance(c, html.A)]
    assert [a.href for a in links] == ["https://example.org/ok"]
    assert not [c for c in walk(panel) if isinstance(c, dcc.Markdown)]
    # the other cooperation: a data: URL and a JaVaScRiPt: one, neither clickable
    panel = panels.details_panel(ex, ViewSpec(level="bipartite", selected="coop:k2"), None)
    assert not [c for c in walk(panel) if isinstance(c, html.A)]
    assert "data:text/html,<script>alert(1)</script>" in text_of(panel)


def test_edge_and_path_panels_show_names_as_text(ex):
    spec = ViewSpec()
    panel = panels.details_panel(ex, spec, ["h0", "h1"])
    assert f"{HOSTILE[0]} — {HOSTILE[1]}" in text_of(panel)
    path = panels.path_view(ex, spec.replace(path=("h0", "ok")))
    assert HOSTILE[0] in text_of(path) or HOSTILE[2] in text_of(path)


def test_table_cells_are_plain_text(ex):
    for kind in ("nodes", "links"):
        defs, rows, _ = panels.table_data(ex, ViewSpec(), kind)
        assert all("cellRenderer" not in d and "dangerously_allow_code" not in d for d in defs)
        cells = {str(v) for r in rows for v in r.values()}
        assert any(HOSTILE[0] in c for c in cells)


def test_search_options_keep_names_as_strings(ex):
    opts = panels.search_options(ex, ViewSpec(), "img", None)
    assert opts and all(isinstance(o["label"], str) for o in opts) and HOSTILE[0] in [o["label"] for o in opts]


def test_no_component_renders_html_from_strings():
    """No dangerously_allow_html (html.Iframe srcDoc, Markdown), no AG Grid code or HTML cell renderers."""
    package = Path(graph_explorer.__file__).resolve().parent
    for path in package.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in ("dangerously_allow_html", "dangerously_allow_code", "dcc.Markdown", "srcDoc",
                       "cellRenderer", "innerHTML"):
            assert banned not in source, f"{path.name} uses {banned}"
    # our own scripts; assets/vendor/ holds plotly.js itself (the code dcc.Graph would otherwise fetch whole)
    js = [p for p in (package.parent / "assets").rglob("*.js") if "vendor" not in p.parts]
    assert {p.name for p in js} >= {"a11y.js", "upload.js"}
    for path in js:
        source = path.read_text(encoding="utf-8")
        assert "innerHTML" not in source and "eval(" not in source, path.name


def test_table_exports_neutralise_formulas_and_keep_names(ex):
    from openpyxl import load_workbook

    from graph_explorer.export import export_view

    (csv_file,) = export_view(ex, ViewSpec(), "csv", table="nodes")
    text = csv_file.data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and '"<img src=x onerror=alert(1)>"' not in text  # quoted only if needed
    assert HOSTILE[0] in text
    (xlsx,) = export_view(ex, ViewSpec(), "xlsx")
    wb = load_workbook(io.BytesIO(xlsx.data))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    formula = [c for c in cells if c.value.startswith("=HYPERLINK")]
    assert formula and all(c.data_type == "s" for c in formula)


def test_graph_files_escape_names(ex):
    from defusedxml import ElementTree

    from graph_explorer.export import export_view

    for fmt in ("graphml", "gexf"):
        (f,) = export_view(ex, ViewSpec(), fmt)
        root = ElementTree.fromstring(f.data)  # well-formed XML, no entities
        values = {(el.text or "") for el in root.iter()} | {v for el in root.iter() for v in el.attrib.values()}
        assert HOSTILE[0] in values and HOSTILE[3] in values
