"""Fixtures for export tests: an Explorer on the bundled data, a warm renderer, an output folder."""

from __future__ import annotations

import os

import pytest

from graph_explorer.view import ViewSpec

#: A view with a filter, a categorical colour and labels: every part of the picture shows.
GREEN_COUNTRIES = "level=country&theme=green&years=2021-2025&color=region"


@pytest.fixture(scope="session")
def explorer(bundled):
    from graph_explorer.explorer import Explorer

    return Explorer(bundled)


@pytest.fixture(scope="session")
def green_spec() -> ViewSpec:
    return ViewSpec.from_query(GREEN_COUNTRIES)


@pytest.fixture(scope="session")
def renderer(chromium_path):
    """A browser for kaleido (skips without Chromium, fails with CI=true); closed after the session."""
    from graph_explorer.export import images

    assert images.find_browser() is not None
    yield images
    images.shutdown_renderer()


@pytest.fixture(scope="session")
def export_dir(artifacts_dir):
    d = artifacts_dir / "export"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture()
def no_browser(monkeypatch):
    """Make the machine look as if no Chromium were installed (the warm one is stopped first)."""
    from graph_explorer.export import images

    images.shutdown_renderer()
    monkeypatch.setenv("GRAPH_EXPLORER_CHROMIUM", os.path.join(os.sep, "nonexistent", "chromium"))
    yield
    images.shutdown_renderer()


# -- the official GEXF schema ------------------------------------------------------
#
# The GEXF 1.2draft schema files (gephi/gexf, specs/1.2draft: *.xsd, *.rng and LICENSE.md, CC BY 4.0)
# are vendored unchanged in tests/schemas/gexf-1.2draft (GRAPH_EXPLORER_SCHEMAS/gexf-1.2draft, when
# set, is used instead). Two defects of the published conversions of gexf.rnc are allowed for:
# both put the viz elements (viz:color, viz:position, viz:size) into the main namespace, where the
# normative gexf.rnc includes viz.rnc with `inherit = viz`. So a file is checked (1) in full against
# the RELAX NG grammar with that `inherit` restored as ns= on the include, and (2) against the XSD
# unmodified, with the viz elements left out of the copy it validates.

GEXF_VIZ_NS = "http://www.gexf.net/1.2draft/viz"
_RNG = "http://relaxng.org/ns/structure/1.0"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


def find_schema_dir(name: str):
    from pathlib import Path

    env = os.environ.get("GRAPH_EXPLORER_SCHEMAS")
    candidates = [Path(env) / name] if env else []
    candidates.append(Path(__file__).resolve().parent.parent / "schemas" / name)
    return next((c for c in candidates if (c / "gexf.xsd").is_file() or (c / "graphml.xsd").is_file()), None)


class GexfSchema:
    """Validates GEXF bytes against the official 1.2draft XSD and RELAX NG grammar; returns the errors."""

    def __init__(self, folder):
        from lxml import etree

        self.folder = folder
        self.xsd = etree.XMLSchema(etree.parse(str(folder / "gexf.xsd")))
        grammar = etree.parse(str(folder / "gexf.rng"))
        for inc in grammar.getroot().iter(f"{{{_RNG}}}include"):
            if inc.get("href") == "viz.rng":
                inc.set("ns", GEXF_VIZ_NS)
        self.rng = etree.RelaxNG(grammar)

    def errors(self, data: bytes) -> list[str]:
        import copy

        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        doc = etree.fromstring(data, parser).getroottree()
        out = []
        full = copy.deepcopy(doc)
        for k in [k for k in full.getroot().attrib if k.startswith(_XSI)]:  # for XSD validators only
            del full.getroot().attrib[k]
        if not self.rng.validate(full):
            out += [f"RELAX NG line {e.line}: {e.message}" for e in self.rng.error_log]
        no_viz = copy.deepcopy(doc)
        for el in list(no_viz.getroot().iter(f"{{{GEXF_VIZ_NS}}}*")):
            el.getparent().remove(el)
        if not self.xsd.validate(no_viz):
            out += [f"XSD line {e.line}: {e.message}" for e in self.xsd.error_log]
        return out


@pytest.fixture(scope="session")
def gexf_schema():
    folder = find_schema_dir("gexf-1.2draft")
    if folder is None:
        pytest.fail("The official GEXF 1.2draft schema files are missing from tests/schemas/gexf-1.2draft.")
    return GexfSchema(folder)
