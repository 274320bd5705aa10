"""``serve``: the explorer in the browser (development server or production workers)."""

from __future__ import annotations

import os

import click

from ..security import DEFAULT_MAX_UPLOAD_MB
from ..uploads import ENV_FOLDER
from ._base import current_limits, data_option, fail, load_data, main


def _port(ctx, param, value):
    if not 1 <= value <= 65535:
        raise click.BadParameter(f"{value} is not a port number (1–65535).")
    return value


@main.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 exposes the app to your network).")
@click.option("--port", type=int, default=8050, show_default=True, callback=_port, help="Port to listen on.")
@click.option("--debug/--no-debug", default=False, show_default=True,
              help="Dash's development mode (reloader and in-browser errors). Never in production.")
@click.option("--production", is_flag=True, default=False,
              help="Serve with gunicorn: several worker processes, each with threads; debug is off.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes with --production.  [default: 2 × cores, at most 8]")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Threads per worker with --production.")
@click.option("--max-upload-mb", type=click.FloatRange(1, 1024), default=DEFAULT_MAX_UPLOAD_MB, show_default=True,
              help="Largest request the server accepts (413 beyond it); uploaded files may be about 3/4 of it.")
@click.option("--uploads", "uploads_folder", type=click.Path(file_okay=False, path_type=str), default=None,
              help=f"Folder for users' uploads, shared by every worker. [default: ${ENV_FOLDER}, else a new "
                   "private temporary folder, deleted when the server stops]")
def serve(data_path, host, port, debug, production, workers, threads, max_upload_mb, uploads_folder):
    """Serve the explorer on http://HOST:PORT (default: the bundled data)."""
    from ..app import create_app

    if production and debug:
        raise click.UsageError("--debug cannot be used with --production.")
    dataset = load_data(data_path, progress=True)  # a large file's first load takes a while: say how far it is
    if data_path and dataset.report.read_as:
        click.echo(f"{', '.join(data_path)}: {dataset.report.read_as}")
    try:
        # made before gunicorn forks its workers: they share the app, its data and its upload folder
        # the first views' layouts and metrics are ready before the first page asks: computed in the
        # background as the server starts, or in the master before the workers fork (none computes them)
        if production:
            click.echo("Preparing the first views (once per machine: layouts and metrics are kept on disk)…")
        app = create_app(dataset, uploads=uploads_folder, max_upload_mb=max_upload_mb, limits=current_limits(),
                         prepare="now" if production else "background")
    except Exception as exc:  # pragma: no cover - shown to the person starting the server
        fail(f"could not start the app: {exc}")
    click.echo(f"Serving {dataset.name}: {len(dataset.actors):,} actors, {len(dataset.cooperations):,} cooperations "
               f"on http://{host}:{port}/  (Ctrl+C to stop)")
    if production:
        n = workers or min(8, 2 * (os.cpu_count() or 1))
        run_production(app.server, host, port, workers=n, threads=threads)
    else:
        app.run(host=host, port=port, debug=debug)


def run_production(wsgi_app, host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    """Run ``wsgi_app`` under gunicorn, loaded once and forked into ``workers`` processes."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("preload_app", True)  # the dataset is read once, shared copy-on-write
            self.cfg.set("timeout", 120)
            # share URLs carry the whole view in the query: allow lines up to gunicorn's maximum (8 KB, from
            # 4 KB); deploy/nginx.conf in front takes 32 KB and buffers slow clients
            self.cfg.set("limit_request_line", 8190)
            self.cfg.set("accesslog", None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("loglevel", "warning")

        def load(self):
            return wsgi_app

    _Server().run()
