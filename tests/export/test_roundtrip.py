"""Every export format loads back as the same graph: same nodes, same links, same weights (and weight sum).

XLSX (About/Nodes/Links), the links CSV, GEXF and GraphML of a view are
loaded with ``load_bytes`` (detection by content, as an upload would be) and
projected again at the view's level; the exported weights (of the view's
weighting) come back as the cooperations' weights, so count weighting of the
reloaded data gives them back.
"""

from __future__ import annotations

import pytest

from graph_explorer.dataset import load_bytes
from graph_explorer.export import FORMATS as EXPORT_FORMATS, export_view
from graph_explorer.network import project
from graph_explorer.view import ViewSpec

VIEWS = ["level=country&theme=green&years=2021-2025", "theme=wbl", "level=organisation&weight=newman&kind=project",
         "level=country&min_weight=3", "level=bipartite&kind=peer+review"]
FORMATS = {"xlsx": "Read as: graph_explorer table export (XLSX)", "csv": "Read as: graph_explorer links export (CSV)",
           "gexf": "Read as: GEXF file", "graphml": "Read as: GraphML file"}
#: Registered export formats that are not loaded back, and why.
NOT_READ_BACK = {"png": "a picture", "svg": "a picture", "pdf": "a picture", "pptx": "slides",
                 # for sigma.js and Gephi Lite; no dataset reader for it (the GEXF of the same view loads back)
                 "graphology": "read back by graphology itself, in tests/export/test_graphology.py"}


def test_every_export_format_loads_back_or_says_why_not():
    assert set(FORMATS) | set(NOT_READ_BACK) == set(EXPORT_FORMATS)
    assert not set(FORMATS) & set(NOT_READ_BACK)


def graph_of(p):
    nodes = set(p.nodes["id"])
    edges = {frozenset((s, t)): w for s, t, w in p.edges[["source", "target", "weight"]].itertuples(index=False)}
    return nodes, edges


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("query", VIEWS)
def test_export_loads_back_as_the_same_graph(explorer, fmt, query):
    spec = ViewSpec.from_query(query)
    files = export_view(explorer, spec, fmt, table="links" if fmt == "csv" else None)
    (f,) = files
    ds = load_bytes(f.data, f.name)
    assert ds.report.read_as.startswith(FORMATS[fmt]), ds.report.read_as
    nodes0, edges0 = graph_of(explorer.projection(spec))
    nodes1, edges1 = graph_of(project(ds, ViewSpec(level=spec.level, weight="count")))
    if fmt == "csv":  # the links table alone has no node without a link
        linked = {x for e in edges0 for x in e}
        assert nodes1 == linked
    else:
        assert nodes1 == nodes0
    assert set(edges1) == set(edges0)
    assert sum(edges1.values()) == pytest.approx(sum(edges0.values()), rel=1e-9)
    assert all(edges1[e] == pytest.approx(w, rel=1e-9) for e, w in edges0.items())
    assert len(edges0) > 5


def test_reloaded_exports_keep_countries_kinds_and_the_sources(explorer):
    spec = ViewSpec.from_query("theme=wbl")
    p = explorer.projection(spec)
    expected = p.nodes.set_index("id")[["kind", "country"]]
    for fmt in ("xlsx", "gexf", "graphml"):
        (f,) = export_view(explorer, spec, fmt)
        ds = load_bytes(f.data, f.name)
        got = ds.actors.set_index("id").reindex(expected.index)[["kind", "country"]]
        assert got["kind"].tolist() == expected["kind"].tolist(), fmt
        assert got["country"].fillna("").tolist() == expected["country"].fillna("").tolist(), fmt
    (f,) = export_view(explorer, spec, "xlsx")
    ds = load_bytes(f.data, f.name)
    assert set(ds.attributions["text"]) == set(explorer.scene(spec).attribution)


def test_a_reloaded_bipartite_export_has_the_cooperations_again(explorer):
    spec = ViewSpec.from_query("level=bipartite&kind=peer+review")
    (f,) = export_view(explorer, spec, "gexf")
    ds = load_bytes(f.data, f.name)
    original = explorer.dataset.cooperations.set_index("id")
    kept = explorer.projection(spec).cooperation_ids
    assert sorted(ds.cooperations["id"]) == sorted(kept)
    for cid, title, kind in ds.cooperations[["id", "title", "kind"]].itertuples(index=False):
        assert (title, kind) == (original.at[cid, "title"], "peer review")
