"""The explorer in the browser: a Dash app over one :class:`~graph_explorer.explorer.Explorer`.

>>> from graph_explorer.testing import tiny_dataset
>>> app = create_app(tiny_dataset())
>>> app.title
'VET cooperation explorer'

Modules: ``ids`` (component ids), ``state`` (URL ⇄ ViewSpec ⇄ controls),
``layout`` (the page), ``components`` (panels and tables from plain data),
``callbacks`` (pure functions and :func:`~.callbacks.register`).

The page makes no request outside its own server: Dash's scripts are served
locally, Bootstrap's CSS and the map outlines come from ``assets/``, MathJax
is off, and Dash's version check is disabled.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path

import dash

import graph_explorer

from ..explorer import Explorer
from ..security import harden
from . import ids
from .callbacks import register
from .export_menu import register_export
from .layout import build_layout
from .state import choices_for

__all__ = ["create_app", "assets_folder", "gzip_large_responses", "ids"]

DEFAULT_TITLE = "VET cooperation explorer"


def assets_folder() -> Path:
    """``graph_explorer/_assets`` in an installed wheel, else the ``assets`` folder of the source checkout."""
    package = Path(graph_explorer.__file__).resolve().parent
    installed = package / "_assets"
    return installed if installed.is_dir() else package.parent / "assets"


def _metric_names() -> list[str]:
    from ..analysis import METRICS

    return [m.name for m in METRICS if m.name not in ("community", "articulation_point")]


def create_app(data, *, title: str = DEFAULT_TITLE, url_base_pathname: str = "/") -> dash.Dash:
    """A Dash app exploring ``data``.

    Parameters
    ----------
    data : Dataset or Explorer
        An Explorer can be shared between apps (it is read-only and caches by content).
    title : str
        Shown in the browser tab and the page header.
    url_base_pathname : str
        Where the app lives on its server.

    Returns
    -------
    dash.Dash
        Serve it with ``app.run(...)`` or mount ``app.server`` (a Flask app) in a WSGI server.
    """
    explorer = data if isinstance(data, Explorer) else Explorer(data)
    dataset = explorer.dataset
    folder = assets_folder()
    app = dash.Dash(
        __name__,
        title=title,
        assets_folder=str(folder),
        serve_locally=True,
        external_stylesheets=[],
        external_scripts=[],
        url_base_pathname=url_base_pathname,
        update_title=None,
        suppress_callback_exceptions=False,
    )
    choices = choices_for(dataset, _metric_names())
    label = f"{dataset.name} · {len(dataset.actors):,} actors · {len(dataset.cooperations):,} cooperations"
    app.layout = build_layout(choices, title=title, dataset_label=label,
                              attribution=dataset.attribution_for(None),
                              topojson_url=app.get_asset_url("topojson/"))
    register(app, explorer, choices)
    register_export(app, explorer, location_id=ids.URL, id_prefix=ids.EXPORT_PREFIX)
    harden(app)
    # ``app.run(debug=True)`` would ask a Plotly server for the latest version: never.
    app.run = functools.partial(app.run, dev_tools_disable_version_check=True)
    gzip_large_responses(app.server)
    return app


def gzip_large_responses(server, min_size: int = 32_000, level: int = 5) -> None:
    """Compress large answers (a figure of 27,000 links, a table of them) for browsers that accept gzip.

    The links table of the bundled organisation level is ~12 MB of JSON and
    ~1.5 MB gzipped; on a ministry network that is the difference between
    waiting and not. Files Dash streams from disk are left alone.
    """
    from flask import request

    @server.after_request
    def _gzip(response):
        if (response.direct_passthrough or response.status_code != 200 or "Content-Encoding" in response.headers
                or "gzip" not in request.headers.get("Accept-Encoding", "").lower()):
            return response
        data = response.get_data()
        if len(data) < min_size:
            return response
        response.set_data(gzip.compress(data, compresslevel=level))
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(response.get_data()))
        response.vary.add("Accept-Encoding")
        return response
