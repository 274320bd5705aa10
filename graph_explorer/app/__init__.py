"""The explorer in the browser: a Dash app over one :class:`~graph_explorer.explorer.Explorer`.

>>> from graph_explorer.testing import tiny_dataset
>>> app = create_app(tiny_dataset())
>>> app.title
'VET cooperation explorer'

Modules: ``ids`` (component ids), ``state`` (URL ⇄ ViewSpec ⇄ controls),
``layout`` (the page), ``components`` (panels and tables from plain data),
``callbacks`` (pure functions and :func:`~.callbacks.register`), ``sources``
(which data a request is about: the server's or the tab's upload),
``upload_panel`` (the Data panel: upload, validation report, back to the
bundled data), ``export_menu``.

The page makes no request outside its own server: Dash's scripts are served
locally, Bootstrap's CSS and the map outlines come from ``assets/``, MathJax
is off, and Dash's version check is disabled.
"""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path

import dash

import graph_explorer

from ..dataset.model import Dataset
from ..explorer import open_explorer
from ..security import DEFAULT_MAX_UPLOAD_MB, harden, max_file_bytes
from ..uploads import UploadStore
from . import ids
from .callbacks import register
from .export_menu import register_export
from .layout import INDEX_STRING, RENDERER, build_layout
from .structure_panel import register as register_structure
from .slides_panel import register_slides
from .sources import DataSources
from .startup import prepare as prepare_first_views, prepare_in_background
from .upload_panel import register_uploads, upload_panel

__all__ = ["create_app", "assets_folder", "gzip_large_responses", "ids"]

DEFAULT_TITLE = "VET cooperation explorer"


def assets_folder() -> Path:
    """``graph_explorer/_assets`` in an installed wheel, else the ``assets`` folder of the source checkout."""
    package = Path(graph_explorer.__file__).resolve().parent
    installed = package / "_assets"
    return installed if installed.is_dir() else package.parent / "assets"


def _metric_names() -> list[str]:
    from ..analysis.metrics import ordered_metrics

    return [m.name for m in ordered_metrics("menus")]


def create_app(data, *, title: str = DEFAULT_TITLE, url_base_pathname: str = "/", uploads=None,
               max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB, limits=None, prepare: str | None = None) -> dash.Dash:
    """A Dash app exploring ``data``, where each user may upload their own dataset.

    Parameters
    ----------
    data : Dataset or Explorer
        The data shown when a tab has no upload in use; a Dataset is opened with
        :func:`~graph_explorer.explorer.open_explorer`. An Explorer can be shared
        between apps (it is read-only and caches by content).
    title : str
        Shown in the browser tab and the page header.
    url_base_pathname : str
        Where the app lives on its server.
    uploads : UploadStore, str or Path, optional
        Where uploads are kept (an :class:`~graph_explorer.uploads.UploadStore`
        or its folder). Default: ``$GRAPH_EXPLORER_UPLOADS``, else a new private
        temporary folder. Every process serving the app must see the same
        folder (``serve --production`` forks its workers from one app, so they do).
    max_upload_mb : float
        The largest request the server accepts (413 beyond it); files up to
        :func:`~graph_explorer.security.max_file_bytes` of it can be uploaded.
    limits : Limits, optional
        The bounds an upload is read within (rows, columns, cells, seconds,
        decompressed bytes); default :class:`~graph_explorer.dataset.limits.Limits`.
        Ignored when ``uploads`` is an UploadStore (it has its own).
    prepare : {None, "background", "now"}
        Prepare the first views a visit asks for (:mod:`.startup`): in a background thread as the
        app starts, or now, before returning (``serve --production``: in gunicorn's master, before
        it forks its workers). None (default): each view is computed when first asked for.

    Returns
    -------
    dash.Dash
        Serve it with ``app.run(...)`` or mount ``app.server`` (a Flask app) in a WSGI server.
    """
    explorer = open_explorer(data) if isinstance(data, Dataset) else data
    store = uploads if isinstance(uploads, UploadStore) else UploadStore(uploads, limits=limits)
    sources = DataSources(explorer, store, _metric_names())
    max_bytes = max_file_bytes(int(max_upload_mb * 1024 * 1024))
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
    app.index_string = INDEX_STRING
    app.renderer = RENDERER
    bundled = sources.bundled
    app.layout = build_layout(bundled.choices, title=title, dataset_label=bundled.label,
                              attribution=list(bundled.attribution), topojson_url=app.get_asset_url("topojson/"),
                              data_panel=upload_panel(max_bytes))
    register(app, sources)
    register_structure(app, sources)
    register_slides(app, sources)
    register_uploads(app, sources, max_bytes)
    register_export(app, sources.explorer, location_id=ids.URL, id_prefix=ids.EXPORT_PREFIX,
                    data_store_id=ids.DATA_TOKEN)
    harden(app, max_upload_mb=max_upload_mb)
    # Dash's development mode would ask a Plotly server for the latest version: never.
    app.run = functools.partial(app.run, dev_tools_disable_version_check=True)
    gzip_large_responses(app.server)
    page_files = know_page_scripts(app)
    if prepare == "background":
        prepare_in_background(explorer, bundled.choices, before=functools.partial(compress_page_files, app, page_files))
    elif prepare == "now":
        compress_page_files(app, page_files)
        prepare_first_views(explorer, bundled.choices, process=False)
    elif prepare is not None:
        raise ValueError(f"prepare must be None, 'background' or 'now', not {prepare!r}")
    return app


def know_page_scripts(app: dash.Dash) -> list[str]:
    """Serve the page once in this process, so that Dash is prepared before any worker takes a request.

    Dash prepares itself on a process's first request (``_setup_server``: it checks the layout and learns
    which files of its packages the page may load) and marks itself ready before it has done so: requests of
    the same page arriving meanwhile on the process's other threads were answered 404 for the page's
    scripts. Under gunicorn each worker is a fork of the process that made the app and met that on its first
    page, so the first visitors after a start could see an empty page. Prepared here, before the workers
    fork, every worker starts ready. Returns the addresses of the page's own scripts and styles.
    """
    client = app.server.test_client()
    response = client.get(app.config.requests_pathname_prefix)
    if response.status_code != 200:  # pragma: no cover - the page itself is broken: say so at start
        raise RuntimeError(f"the page could not be rendered (HTTP {response.status_code})")
    page = response.get_data(as_text=True)
    response.close()
    return [src for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
            if src.startswith("/") and not src.startswith("//")]


def compress_page_files(app: dash.Dash, files: list[str]) -> None:
    """Ask for the page's own ``files`` (scripts and styles) as a browser that takes gzip does, so that each is
    compressed once now (:func:`gzip_large_responses` keeps them) and not while the first visitor waits."""
    client = app.server.test_client()
    for src in files:
        client.get(src, headers={"Accept-Encoding": "gzip"}).close()


#: Files Dash streams from disk (assets/) that are compressed too: scripts, styles, map outlines.
_TEXT_FILES = ("application/javascript", "text/javascript", "text/css", "application/json")


def gzip_large_responses(server, min_size: int = 32_000, level: int = 5) -> None:
    """Compress large answers (a figure of 27,000 links, a table of them) for browsers that accept gzip.

    The links table of the bundled organisation level is ~12 MB of JSON and
    ~1.5 MB gzipped; on a ministry network that is the difference between
    waiting and not. Of the files Dash streams from disk, the text ones are
    compressed too (the partial plotly.js bundle: 1.9 MB, 0.6 MB gzipped;
    the world map's outlines: 1.1 MB); others (images) are left alone. A file is compressed once per
    version (its path and ETag; at most 64 MB of them kept, with the server), not for every visitor: the
    plotly.js bundle took 0.3–0.7 s of the server on each cold page.
    """
    import threading

    from flask import request

    # the compressed files of this server (a few scripts, styles and map outlines; not the answers)
    files: dict = {}
    lock = threading.Lock()
    max_kept = 64 * 1024 * 1024

    @server.after_request
    def _gzip(response):
        if (response.status_code != 200 or "Content-Encoding" in response.headers
                or "gzip" not in request.headers.get("Accept-Encoding", "").lower()):
            return response
        stored = None
        if response.direct_passthrough:
            if response.mimetype not in _TEXT_FILES or (response.content_length or 0) < min_size:
                return response
            # a file from disk: compressed once per version of it (its ETag names its time and size)
            etag, _ = response.get_etag()
            stored = (request.path, etag, response.content_length) if etag else None
            if stored is not None and stored in files:
                response.close()  # the file it would have streamed
                response.direct_passthrough = False
                response.set_data(files[stored])
                return _zipped(response)
            response.direct_passthrough = False  # read the file: it is compressed below
        data = response.get_data()
        if len(data) < min_size:
            return response
        response.set_data(gzip.compress(data, compresslevel=level))
        if stored is not None:
            with lock:
                while files and sum(len(v) for v in files.values()) + len(response.get_data()) > max_kept:
                    files.pop(next(iter(files)))  # the oldest out: the cache stays bounded
                files[stored] = response.get_data()
        return _zipped(response)

    def _zipped(response):
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(response.get_data()))
        response.vary.add("Accept-Encoding")
        etag, weak = response.get_etag()
        if etag and not weak:  # the same file, other bytes: a weak validator (If-None-Match still matches)
            response.set_etag(etag, weak=True)
        return response
