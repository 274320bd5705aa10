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
