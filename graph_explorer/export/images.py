"""PNG, SVG and PDF of a view, rendered by kaleido in a warm, offline Chromium.

The picture
-----------
:func:`export_figure` draws the view with the figure layer's export mode
(``for_export=True``): title, the filters in words, the colour and size
legends and the data attribution are inside the picture, text is sized for a
slide, and every trace is an SVG (vector) trace, so SVG and PDF stay vector
and all three formats show the same picture.

The renderer
------------
Starting Chromium costs about 2 s; a render in a running one about 0.2 s. So
the process keeps **one** browser warm, shared by every export of the
process (the app's worker threads, the CLI, the tests). It is the module's
only mutable state: a :class:`_Renderer` handle guarded by a lock, which also
serialises renders (the browser has one tab). The renderer is started on the
first export, and only after a browser has been found (a kaleido server
started without a browser hangs every later export). Every render has a
timeout; when a render fails because the browser died or stopped answering,
the renderer is torn down (its Chromium killed by process id), started
again, and the render retried once. :func:`shutdown_renderer` stops it (also
run at exit).

kaleido's own ``start_sync_server`` is not used because a call to it cannot
time out and a dead browser cannot be replaced (its ``close`` waits on the
stuck thread); the handle here runs the same ``kaleido.Kaleido`` object in
its own event-loop thread instead. MathJax is off and plotly.js and the map
outlines are local files, so rendering makes no request outside the machine.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from pathlib import Path

from ..errors import ExportError
from ..view import ViewSpec
from .presets import ImageSize, resolve_size

__all__ = ["IMAGE_FORMATS", "DEFAULT_TIMEOUT", "export_image", "export_figure", "render_figure",
           "find_browser", "browser_available", "shutdown_renderer", "renderer_pid", "topojson_url", "warm_up",
           "with_png_density", "CSS_DPI",
           "NO_BROWSER_MESSAGE"]

IMAGE_FORMATS = ("png", "svg", "pdf")
#: Seconds one render may take before the browser is restarted (and the render retried once).
DEFAULT_TIMEOUT = 60.0
#: Document title of exported PDFs.
PDF_TITLE = "Cooperation in vocational education and training"
#: CSS pixels per inch: how Chromium maps the layout onto a PDF page.
CSS_DPI = 96.0
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Seconds Chromium may take to start.
START_TIMEOUT = 45.0

NO_BROWSER_MESSAGE = (
    "Image export needs Chromium (or Google Chrome) installed on this machine, and none was found. "
    "Install the chromium package of your system (on Debian/Ubuntu: apt-get install chromium), or set "
    "GRAPH_EXPLORER_CHROMIUM to the path of an installed Chromium or Chrome. "
    "Data exports (CSV, XLSX, GraphML, GEXF) work without a browser."
)


_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser() -> str | None:
    """The path of the Chromium/Chrome used for rendering, or None.

    ``GRAPH_EXPLORER_CHROMIUM`` wins when it names an existing file; then
    kaleido's own search (choreographer), then the usual command names.
    """
    env = os.environ.get("GRAPH_EXPLORER_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
        if found and Path(found).exists():
            return str(found)
    except Exception:  # noqa: BLE001 - any failure of the search means "not found here"
        pass
    for name in _BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def browser_available() -> bool:
    return find_browser() is not None


def topojson_url() -> str:
    """``file://`` URL of the bundled map outlines (assets/topojson/), with a trailing slash."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "assets" / "topojson", here / "_assets" / "topojson"):
        if (candidate / "world_50m.json").exists():
            return candidate.as_uri() + "/"
    raise ExportError("The map outlines (assets/topojson/world_50m.json) are missing from the installation.")


class _RenderFailed(Exception):
    """A render that failed because of the browser (died, hung), not because of the figure."""


class _Renderer:
    """One Chromium run by kaleido in an event loop of its own thread."""

    def __init__(self, browser: str):
        import kaleido

        self.browser = browser
        self.owner_pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="graph-explorer-kaleido", daemon=True)
        self.thread.start()
        self.kaleido = None

        async def open_browser():
            # kaleido's page, with MathJax off and plotly.js from the installed plotly package (no CDN);
            # its <title> becomes the PDF's document title, so it names the project, not kaleido
            page = kaleido.PageGenerator(mathjax=False)
            page.header = page.header.replace("<title>Kaleido-fier</title>", f"<title>{PDF_TITLE}</title>")
            # no kaleido timeout: each call is bounded by render()'s own (and a hung browser is killed)
            k = kaleido.Kaleido(n=1, timeout=None, page_generator=page, path=browser)
            await k.open()
            return k

        try:
            self.kaleido = self._run(open_browser(), START_TIMEOUT)
        except BaseException:
            self.close()
            raise

    def _run(self, coro, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    @property
    def pid(self) -> int | None:
        proc = getattr(self.kaleido, "subprocess", None)
        return proc.pid if proc is not None else None

    def alive(self) -> bool:
        proc = getattr(self.kaleido, "subprocess", None)
        return (proc is not None and proc.poll() is None and self.thread.is_alive()
                and self.owner_pid == os.getpid())

    def render(self, fig_dict: dict, opts: dict, topojson: str | None, timeout: float) -> bytes:
        return self._run(self.kaleido.calc_fig(fig_dict, opts, topojson=topojson), timeout)

    #: Seconds a polite close may take before the browser is killed.
    CLOSE_TIMEOUT = 5.0

    def close(self) -> None:
        """Stop the browser (killing it if it does not close) and the loop thread; never hangs."""
        proc = getattr(self.kaleido, "subprocess", None)
        if self.kaleido is not None and self.thread.is_alive():
            # choreographer's watchdog logs "Wait expired, Browser is being closed by watchdog." when the
            # browser exits under it; we are the ones closing it, so it goes first (kaleido's close cleans
            # its temporary files before it gets there, and may not get there before the kill below)
            async def quiet():
                task = getattr(self.kaleido, "_watch_dog_task", None)
                if task is not None:
                    task.cancel()
                    self.kaleido._watch_dog_task = None
            try:
                self._run(quiet(), 2)
            except BaseException:  # noqa: BLE001
                pass
        if self.kaleido is not None and proc is not None and proc.poll() is None and self.thread.is_alive():
            try:
                self._run(self.kaleido.close(), self.CLOSE_TIMEOUT)
            except BaseException:  # noqa: BLE001 - closing a broken browser may fail in many ways
                pass
        if proc is not None and proc.poll() is None and self.owner_pid == os.getpid():
            try:
                proc.kill()
                proc.wait(5)
            except Exception:  # noqa: BLE001
                pass
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(3)


class _Handle:
    """The process-wide renderer: a lock and the current :class:`_Renderer` (or None)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.renderer: _Renderer | None = None
        self.restarts = 0


_HANDLE = _Handle()


def shutdown_renderer() -> None:
    """Close the warm browser, if any (the next export starts a new one)."""
    with _HANDLE.lock:
        r, _HANDLE.renderer = _HANDLE.renderer, None
        if r is not None:
            r.close()


atexit.register(shutdown_renderer)


def renderer_pid() -> int | None:
    """Process id of the warm Chromium, or None when none runs (for diagnostics and tests)."""
    with _HANDLE.lock:
        r = _HANDLE.renderer
        return r.pid if r is not None and r.alive() else None


def warm_up(wait: bool = False) -> None:
    """Start the warm browser now, in the background (``wait=True``: before returning).

    An export calls it before it builds the view, so Chromium starts while
    the metrics and the layout are computed; an app may call it at start-up
    so that the first export is fast. Failures are left for the export to
    report (with :data:`NO_BROWSER_MESSAGE` when there is no browser).
    """
    r = _HANDLE.renderer
    if r is not None and r.alive():
        return

    def start():
        with _HANDLE.lock:
            try:
                _renderer()
            except ExportError:
                pass

    if wait:
        start()
    else:
        threading.Thread(target=start, name="graph-explorer-kaleido-warm-up", daemon=True).start()


def _renderer() -> _Renderer:
    """The warm renderer, started (or restarted) when needed; the caller holds the lock."""
    r = _HANDLE.renderer
    if r is not None and r.alive():
        return r
    if r is not None:
        _HANDLE.renderer = None
        if r.owner_pid == os.getpid():
            r.close()
        _HANDLE.restarts += 1
    browser = find_browser()
    if browser is None:
        raise ExportError(NO_BROWSER_MESSAGE)
    try:
        _HANDLE.renderer = _Renderer(browser)
    except TimeoutError:
        raise ExportError(f"Chromium ({browser}) did not start within {START_TIMEOUT:g} s.") from None
    except Exception as exc:  # noqa: BLE001
        raise ExportError(_browser_error(exc, browser)) from exc
    return _HANDLE.renderer


def _browser_error(exc: BaseException, browser: str | None = None) -> str:
    text = str(exc)
    if "plotly_get_chrome" in text or "kaleido_get_chrome" in text or type(exc).__name__ == "ChromeNotFoundError":
        return NO_BROWSER_MESSAGE
    where = f" ({browser})" if browser else ""
    return f"Chromium{where} could not render the picture: {type(exc).__name__}: {_one_line(exc)}"


def render_figure(fig, fmt: str, size: ImageSize, *, topojson: str | None = None,
                  timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Render a plotly figure (or its dict) to PNG, SVG or PDF bytes in the warm browser.

    Raises :class:`ExportError` when no browser is installed, or when the
    render fails twice (the browser is restarted in between).
    """
    fmt = fmt.lower()
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"format: {fmt!r} is not an image format ({', '.join(IMAGE_FORMATS)}).")
    fig_dict = fig.to_dict() if hasattr(fig, "to_dict") else fig
    # a PDF page is the preset's physical size: Chromium prints CSS pixels at 96 per inch, so the
    # layout (the same as the PNG's) is scaled by 96/dpi; a vector page needs no raster scale
    scale = CSS_DPI / size.dpi if fmt == "pdf" else size.scale
    opts = {"format": fmt, "width": size.width, "height": size.height, "scale": scale}
    last: BaseException | None = None
    with _HANDLE.lock:
        for attempt in range(2):
            r = _renderer()
            try:
                data = r.render(fig_dict, opts, topojson, timeout)
                return with_png_density(data, size.dpi * size.scale) if fmt == "png" else data
            except TimeoutError as exc:
                last = exc
            except Exception as exc:  # noqa: BLE001 - sorted below
                last = exc
                if r.alive() and _is_figure_error(exc) and not _is_transient(exc):
                    raise ExportError(f"The picture could not be drawn: {_one_line(exc)}") from exc
            # the browser died or hung, or its page was not ready: start a new one and try once more
            _HANDLE.renderer = None
            r.close()
            _HANDLE.restarts += 1
    if isinstance(last, TimeoutError):
        raise ExportError(f"Rendering the picture took longer than {timeout:g} s twice; "
                          "try a smaller view (filters) or a larger timeout.") from last
    if _is_transient(last):
        raise ExportError("Chromium's drawing page was not ready, twice (kaleido: ReferenceError: kaleido_scopes "
                          "is not defined); the machine may be busy: try the export again.") from last
    raise ExportError(_browser_error(last)) from last


def with_png_density(data: bytes, dpi: float) -> bytes:
    """The PNG with a ``pHYs`` chunk saying ``dpi`` pixels per inch (any earlier one replaced).

    >>> import io; from PIL import Image
    >>> buf = io.BytesIO(); Image.new("RGB", (4, 4)).save(buf, "PNG")
    >>> Image.open(io.BytesIO(with_png_density(buf.getvalue(), 300))).info["dpi"]
    (299.9994, 299.9994)
    """
    import struct
    import zlib

    if data[:8] != _PNG_SIGNATURE:
        raise ExportError("The renderer did not return a PNG.")
    ppm = round(dpi / 0.0254)
    body = struct.pack(">IIB", ppm, ppm, 1)
    phys = struct.pack(">I", len(body)) + b"pHYs" + body + struct.pack(">I", zlib.crc32(b"pHYs" + body))
    out, pos = [data[:8]], 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        chunk = data[pos:pos + 12 + length]
        pos += 12 + length
        if kind == b"pHYs":
            continue
        out.append(chunk)
        if kind == b"IHDR":
            out.append(phys)
    return b"".join(out)


#: Failures of kaleido's page in Chromium rather than of the figure: on a busy machine its script is sometimes
#: not loaded yet when the first figure arrives. Retried once in a new browser.
TRANSIENT_ERRORS = ("kaleido_scopes is not defined",)


def _is_transient(exc: BaseException | None) -> bool:
    return exc is not None and any(t in str(exc) for t in TRANSIENT_ERRORS)


def _one_line(exc: BaseException, limit: int = 300) -> str:
    """The error as one line of at most ``limit`` characters (kaleido passes raw dicts of the browser's answer)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_figure_error(exc: BaseException) -> bool:
    """True when plotly.js rejected the figure (the browser itself is fine)."""
    return type(exc).__name__ in ("KaleidoError", "JavascriptError")


# -- the picture -------------------------------------------------------------------


def export_figure(explorer, spec: ViewSpec, size: ImageSize, *, title: str | None = None,
                  transparent: bool = False, scene=None, text_scale: float | None = None,
                  decorations: bool = True):
    """The plotly Figure of a view as exported: decorated, vector traces, at ``size``.

    ``decorations=False`` leaves out the title, subtitle and sources (a slide
    shows them as text); the legends stay.
    """
    import dataclasses

    from ..figures import map_figure, network_figure

    scene = scene if scene is not None else explorer.scene(spec)
    if title:
        scene = dataclasses.replace(scene, title=title)
    if not decorations:
        scene = dataclasses.replace(scene, title="", subtitle="", attribution=())
    if spec.view == "map":
        fig = map_figure(scene, width=size.width, height=size.height, for_export=True, text_scale=text_scale)
    elif spec.view == "matrix":
        from ..figures import matrix_figure

        fig = matrix_figure(scene, width=size.width, height=size.height, for_export=True, text_scale=text_scale)
    else:
        fig = network_figure(scene, width=size.width, height=size.height, webgl=False, for_export=True,
                             text_scale=text_scale)
    if transparent:
        clear = "rgba(0,0,0,0)"
        fig.update_layout(paper_bgcolor=clear, plot_bgcolor=clear)
        if spec.view == "map":
            fig.update_geos(bgcolor=clear)
    return fig


def export_image(explorer, spec: ViewSpec, fmt: str = "png", *, preset: str | None = None,
                 width: int | None = None, height: int | None = None, scale: float = 1.0,
                 title: str | None = None, transparent: bool = False,
                 timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """One view as PNG, SVG or PDF bytes.

    Parameters
    ----------
    explorer : Explorer
    spec : ViewSpec
        ``view=map`` draws the map, anything else the network.
    fmt : {"png", "svg", "pdf"}
    preset, width, height, scale
        See :mod:`graph_explorer.export.presets` (default 16:9, 1920×1080).
    title : str, optional
        Replaces the default title.
    transparent : bool
        No background (PNG, SVG); default white.
    timeout : float
        Seconds per render attempt.
    """
    fmt = fmt.lower()
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"format: {fmt!r} is not an image format ({', '.join(IMAGE_FORMATS)}).")
    size = resolve_size(preset, width, height, scale)
    warm_up()  # Chromium starts while the view is computed
    fig = export_figure(explorer, spec, size, title=title, transparent=transparent)
    topo = topojson_url() if spec.view == "map" else None
    return render_figure(fig, fmt, size, topojson=topo, timeout=timeout)
