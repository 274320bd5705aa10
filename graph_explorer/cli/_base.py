"""The click group and the options shared by commands.

Kept apart from ``__init__`` so command modules can import :data:`main` and
the shared option decorators without import cycles.
"""

from __future__ import annotations

import json
import sys

import click

from .. import __version__

__all__ = ["main", "data_option", "format_option", "emit_table", "emit_json", "fail"]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graph-explorer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Explore transnational cooperation in vocational education and training.

    With no command, serves the bundled data on http://127.0.0.1:8050.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(main.get_command(ctx, "serve"))


def data_option(f):
    """``--data PATH``: a dataset folder, .xlsx workbook, links CSV or .zip (default: the bundled data)."""
    return click.option(
        "--data", "data_path", type=click.Path(exists=True, dir_okay=True, path_type=str), default=None,
        help="Dataset folder, .xlsx workbook, links CSV or .zip (default: the bundled data).",
    )(f)


def format_option(*choices: str, default: str = "csv"):
    """``--format`` with the given choices."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                        help="Output format.")


def emit_table(df, fmt: str) -> None:
    """Print a DataFrame as CSV or as JSON records."""
    if fmt == "json":
        click.echo(df.to_json(orient="records", force_ascii=False, indent=1))
    else:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")


def emit_json(obj) -> None:
    """Print a JSON-serialisable object."""
    click.echo(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


def fail(message: str, code: int = 1):
    """Print ``message`` to stderr and exit with ``code``."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)
