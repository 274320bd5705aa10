"""Fixtures for the app's tests: a made-up dataset with every feature, its Explorer and control choices."""

from __future__ import annotations

import re

import pytest

from .fakedata import fake_dataset


@pytest.fixture(scope="session")
def fake():
    return fake_dataset()


@pytest.fixture(scope="session")
def ex(fake):
    from graph_explorer.explorer import Explorer

    return Explorer(fake)


@pytest.fixture(scope="session")
def choices(fake):
    from graph_explorer.app import _metric_names
    from graph_explorer.app.state import choices_for

    return choices_for(fake, _metric_names())


def walk(component):
    """Every component and string in a Dash component tree, depth first."""
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    if not isinstance(children, (list, tuple)):
        children = [children]
    for child in children:
        yield from walk(child)


def text_of(component) -> str:
    """All the text of a component tree, joined by single spaces."""
    return re.sub(r"\s+", " ", " ".join(str(c) for c in walk(component) if isinstance(c, (str, int, float))))


def page_figure(explorer, spec, meta=None, relayout=None):
    """What the page draws for ``spec`` and the figure's meta: the map figure, the network rebuilt from its
    wire figure and frame (:func:`graph_explorer.figures.wire.decode`, what assets/wire.js does), or a Patch."""
    import plotly.graph_objects as go
    from dash import Patch

    from graph_explorer.app import panels
    from graph_explorer.figures.wire import decode, frame_of

    fig, entry, frame = panels.render_figure(explorer, spec, meta, relayout)
    if isinstance(fig, (go.Figure, Patch)):
        return fig, entry
    return go.Figure(decode(fig, frame or frame_of(explorer, spec).wire())), entry
