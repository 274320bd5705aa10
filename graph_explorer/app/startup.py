"""The first views a server is asked for, prepared when it starts — before the first page asks.

A fresh machine has nothing cached: without this, the first page's
callbacks would lay out the network, compute the level's metrics and build
the first plotly figure while the person waits. :func:`prepare` answers the
views of :data:`FIRST_VIEWS` (the start view, the countries on the map, and
the organisation level one click away, on the map and as a network) once,
through the same panel functions the page's callbacks call, so their
results are in the :class:`~graph_explorer.explorer.Explorer`'s caches when
the page asks:

1. each view's level is warmed (:func:`graph_explorer.warmup.warm`): its
   force layout and metrics are computed once per machine and kept in the
   disk cache (:mod:`graph_explorer.diskcache`), then loaded into memory.
   Small levels are computed in the calling thread, larger ones
   (above :data:`IN_THREAD_MAX_COST`) in a low-priority process, so the
   server's threads keep answering while they are computed;
2. the figure, the summary, the insights, the regions, who holds the network
   together, the what-if choices and the filter counts of the view are made once (the figure and panels are not cached, but
   their graph, metrics, scene and plotly's own first-use set-up are).

A request that arrives while a level's warm-up runs waits for it
(:meth:`~graph_explorer.explorer.Explorer.metrics`), so nothing is computed
twice. ``serve`` prepares in a background thread (the development server
answers at once), and ``serve --production`` in gunicorn's master before it
forks its workers: every worker starts with the results in memory, and no
two workers compute the same layout or metrics.

Nothing is kept here: the results live in the explorer's caches (and the
disk cache), and the numbers are those computed on demand.
"""

from __future__ import annotations

import logging
import threading
import time

from ..view import ViewSpec
from ..warmup import warm
from .state import START

__all__ = ["FIRST_VIEWS", "IN_THREAD_MAX_COST", "prepare", "prepare_in_background"]

log = logging.getLogger("graph_explorer.app.startup")

#: The views a first visit needs within its first minutes: the start view, the country network one tab
#: away, and the organisation level (the level switch) on the map and as a network.
FIRST_VIEWS = (
    START,
    START.replace(view="network"),
    START.replace(level="organisation"),
    START.replace(level="organisation", view="network"),
)

#: Levels up to this cost (nodes × links of the unfiltered graph) are warmed in the preparing thread;
#: larger ones in a low-priority process (igraph holds the interpreter lock while it computes).
IN_THREAD_MAX_COST = 1e6


def _answer(explorer, choices, spec: ViewSpec) -> None:
    """Ask for ``spec`` what the page's callbacks ask for it (the results stay in the explorer's caches)."""
    from . import panels
    from .counts import counted_options
    from .structure_panel import holders_view, regions_view, what_if_options

    panels.render_figure(explorer, spec, None)
    panels.summary_view(explorer, spec)
    panels.insights_view(explorer, spec)
    regions_view(explorer, spec)
    holders_view(explorer, spec)
    what_if_options(explorer, spec, "actor")
    counted_options(explorer.dataset, spec, choices, explorer.projection)


def prepare(explorer, choices, views=FIRST_VIEWS, *, process: bool = True) -> dict[str, float]:
    """Warm and answer ``views`` once; returns the seconds each took (by view query). Never raises.

    Parameters
    ----------
    explorer : Explorer
        The server's explorer of its own data.
    choices : Choices
        The controls' options of that data (the filter counts are made for them).
    views : sequence of ViewSpec
        Default :data:`FIRST_VIEWS`.
    process : bool
        Whether levels above :data:`IN_THREAD_MAX_COST` are warmed in another process (the default;
        False computes everything in this thread, e.g. in gunicorn's master before any request).
    """
    took: dict[str, float] = {}
    for spec in views:
        start = time.perf_counter()
        try:
            in_process = process and explorer.level_cost(spec) > IN_THREAD_MAX_COST
            w = warm(explorer, spec, process=in_process)
            w.wait()
            if w.state == "failed":
                log.warning("Preparing %s: %s (it is computed when first asked for).", spec.to_query(), w.error)
            _answer(explorer, choices, spec)
        except Exception:  # the server still answers; this view is computed when asked for
            log.exception("Could not prepare the view %s", spec.to_query())
        took[spec.to_query()] = round(time.perf_counter() - start, 3)
    return took


def prepare_in_background(explorer, choices, views=FIRST_VIEWS, before=None) -> threading.Thread:
    """:func:`prepare` in a daemon thread (started), after ``before()`` if given; returns the thread."""
    def run():
        if before is not None:
            try:
                before()
            except Exception:  # the server still answers; what it prepares is done when asked for
                log.exception("Could not prepare the page's files")
        took = prepare(explorer, choices, views)
        log.info("First views prepared: %s", took)

    thread = threading.Thread(target=run, name="prepare-first-views", daemon=True)
    thread.start()
    return thread
