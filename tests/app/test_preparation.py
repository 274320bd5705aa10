"""A large level's first layout and metrics are prepared in the background, with progress in the page."""

from graph_explorer.app.panels import preparation
from graph_explorer.explorer import Explorer, MetricsPolicy, open_explorer
from graph_explorer.scale import level_spec
from graph_explorer.warmup import Warmup
from graph_explorer.testing import tiny_dataset
from graph_explorer.view import ViewSpec


def _text(component) -> str:
    out = []

    def walk(c):
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        elif hasattr(c, "children"):
            walk(c.children)
    walk(component)
    return " ".join(out)


def test_small_levels_are_drawn_at_once():
    assert preparation(Explorer(tiny_dataset()), ViewSpec()) is None
    assert preparation(open_explorer(tiny_dataset()), ViewSpec()) is None  # exact metrics: nothing to warm


def test_a_running_warm_up_shows_progress_then_the_picture():
    ex = open_explorer(tiny_dataset(), policy=MetricsPolicy(exact_max_cost=0))  # every level counts as large
    spec = ViewSpec(level="country")
    w = Warmup(level_spec(spec))
    w._enter("metrics")
    assert ex.warmups.add(w) == (w, True)  # as warm() registers it
    shown = preparation(ex, spec)
    assert shown is not None and shown.role == "status"
    assert "Preparing this network for the first time" in _text(shown)
    assert "Other views and other users are not held up" in _text(shown)
    w._finish()
    assert preparation(ex, spec) is None  # done: the callback draws the figure
