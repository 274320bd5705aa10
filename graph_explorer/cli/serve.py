"""``serve``: the explorer in the browser."""

from __future__ import annotations

import click

from ._base import data_option, fail, load_data, main


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
def serve(data_path, host, port, debug):
    """Serve the explorer on http://HOST:PORT (default: the bundled data)."""
    from ..app import create_app

    dataset = load_data(data_path)
    try:
        app = create_app(dataset)
    except Exception as exc:  # pragma: no cover - shown to the person starting the server
        fail(f"could not start the app: {exc}")
    click.echo(f"Serving {dataset.name}: {len(dataset.actors)} actors, {len(dataset.cooperations)} cooperations "
               f"on http://{host}:{port}/  (Ctrl+C to stop)")
    app.run(host=host, port=port, debug=debug, dev_tools_disable_version_check=True)
