"""The click group and the options shared by commands.

Kept apart from ``__init__`` so command modules can import :data:`main` and
the shared option decorators without import cycles.
"""

from __future__ import annotations

import json
import sys

import click

from .. import __version__

__all__ = ["main", "data_option", "format_option", "view_options", "load_data", "load_explorer", "check_output", "write_output", "emit_table",
           "emit_json", "fail"]


#: Set to 1 to see the traceback of an unexpected failure (a bug) instead of its one-line message.
DEBUG_ENV = "GRAPH_EXPLORER_DEBUG"


class _Group(click.Group):
    """The command group; any error that escapes a command is printed as one line, never a traceback."""

    def invoke(self, ctx):
        import os

        from ..errors import GraphExplorerError

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except GraphExplorerError as exc:
            fail(str(exc), 1)
        except OSError as exc:
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            fail(f"{exc.strerror or exc}{where}.", 1)
        except Exception as exc:  # a bug: one line here, the traceback on request
            if os.environ.get(DEBUG_ENV):
                raise
            fail(f"unexpected failure ({type(exc).__name__}: {str(exc)[:300]}). This is a bug in graph-explorer; "
                 f"run again with {DEBUG_ENV}=1 to see where it happened.", 1)


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graph-explorer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Explore transnational cooperation in vocational education and training.

    With no command, serves the bundled data on http://127.0.0.1:8050.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(main.get_command(ctx, "serve"))


def data_option(f):
    """``--data PATH``: a file or folder in any format read (default: the bundled data); and ``--limit``."""
    f = limit_option(f)
    return click.option(
        "--data", "data_path", type=click.Path(exists=True, dir_okay=True, path_type=str), multiple=True,
        help="A dataset file or folder in any format read — see 'graph-explorer formats' (default: the bundled "
             "data). Repeat it to join several sources; their organisations are reconciled across them.",
    )(f)


#: ``--limit NAME=VALUE`` names → the :class:`~graph_explorer.dataset.limits.Limits` field and its type.
LIMIT_NAMES = {"bytes": ("max_bytes", int), "rows": ("max_rows", int), "columns": ("max_columns", int),
               "cells": ("max_cells", int), "cell-chars": ("max_cell_chars", int),
               "seconds": ("max_seconds", float), "decompressed": ("max_decompressed", int),
               "ratio": ("max_ratio", float)}


def parse_limits(values):
    """The Limits of ``--limit`` values (``rows=2000000``, ``seconds=30``); the defaults for the rest.

    >>> parse_limits(["rows=10", "seconds=2.5"]).max_rows, parse_limits([]).max_columns
    (10, 5000)
    """
    import dataclasses

    from ..dataset.limits import DEFAULT_LIMITS

    changes = {}
    for text in values or ():
        name, _, value = str(text).partition("=")
        name = name.strip().lower().replace("_", "-")
        if name not in LIMIT_NAMES:
            raise click.BadParameter(f"{text!r}: the limits are {', '.join(LIMIT_NAMES)} (e.g. rows=2000000).",
                                     param_hint="--limit")
        field, kind = LIMIT_NAMES[name]
        try:
            number = kind(value.strip().replace("_", "").replace(",", ""))
        except ValueError:
            raise click.BadParameter(f"{text!r}: {value!r} is not a number.", param_hint="--limit") from None
        if not number > 0 or number != number or number == float("inf"):
            raise click.BadParameter(f"{text!r}: a limit must be a finite number above 0.", param_hint="--limit")
        changes[field] = number
    return dataclasses.replace(DEFAULT_LIMITS, **changes)


def _store_limits(ctx, param, value):
    ctx.meta["graph_explorer.limits"] = parse_limits(value)
    return value


def limit_option(f):
    """``--limit NAME=VALUE`` (repeatable): raise or lower a bound on reading the data (kept in the context)."""
    return click.option(
        "--limit", "limits", multiple=True, metavar="NAME=VALUE", expose_value=False, callback=_store_limits,
        help="Change a bound on reading the data: rows, columns, cells, cell-chars, seconds, bytes, decompressed, "
             "ratio (repeatable; e.g. --limit rows=2000000 --limit seconds=1200). Defaults: 1,000,000 rows, "
             "5,000 columns, 100,000,000 cells, 600 seconds, 200 MB.")(f)


def current_limits():
    """The Limits given with ``--limit`` to the running command (the defaults otherwise)."""
    from ..dataset.limits import DEFAULT_LIMITS

    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("graph_explorer.limits", DEFAULT_LIMITS) if ctx is not None else DEFAULT_LIMITS


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


def _view_flag(f):
    """The click option of one view field (from its descriptor); its value reaches the command as ``view_<name>``."""
    kw = {"default": None, "help": f.help, "metavar": f.metavar}
    if f.is_flag:
        return click.option(f.cli_flag, f"view_{f.name}", is_flag=True, default=None, help=f.help)
    if f.choices:
        kw["type"] = click.Choice(list(f.choices), case_sensitive=False)
        kw.pop("metavar")
    return click.option(f.cli_flag, f"view_{f.name}", multiple=f.multiple, **kw)


def view_options(f):
    """The view flags shared by every command that draws or measures a graph: ``--view`` and one per view field.

    Each field of :data:`graph_explorer.view.FIELDS` gives its flag (``--theme``, ``--actor-kind``,
    ``--labels-top``, …); a flag the command declares itself (``--seed``, ``--top``) is left to the
    command. The flags given override the ``--view`` query, field by field, read by the same parsers as a
    URL. The decorated command receives ``spec`` (a :class:`ViewSpec`) instead of the separate flags; a bad
    value exits with status 2 and a message.
    """
    import functools

    from ..view import FIELDS

    taken = {opt for p in getattr(f, "__click_params__", ()) for opt in p.opts}
    own = [fld for fld in FIELDS if fld.cli_flag not in taken]

    @functools.wraps(f)
    def wrapper(*args, view_query, **kwargs):
        from ..errors import ViewError
        from ..view import ViewSpec

        changes = {}
        try:
            spec = ViewSpec.from_query(view_query) if view_query else ViewSpec()
            for fld in own:
                given = kwargs.pop(f"view_{fld.name}")
                values = ["1"] if fld.is_flag and given else list(given) if fld.multiple else \
                    [given] if given is not None and not fld.is_flag else []
                if values:
                    changes[fld.name] = fld.read(values)
            spec = spec.replace(**changes) if changes else spec
        except ViewError as exc:
            raise click.UsageError(str(exc)) from None
        return f(*args, spec=spec, **kwargs)

    for fld in reversed(own):
        wrapper = _view_flag(fld)(wrapper)
    return click.option("--view", "view_query", default=None, metavar="URL_OR_QUERY",
                        help="A share URL or query string of the app (e.g. 'level=country&theme=green'); "
                             "flags given as well override it.")(wrapper)


def _progress_printer():
    """A progress callback printing to stderr at most every 2 seconds (and each new stage)."""
    import time

    last = {"t": 0.0, "stage": None}

    def say(message: str) -> None:
        now = time.monotonic()
        stage = message.split(":")[0]
        if now - last["t"] >= 2 or stage != last["stage"]:
            click.echo(message, err=True)
            last["t"], last["stage"] = now, stage
    return say


def load_data(data_path, spec=None, progress: bool = False):
    """The dataset at ``data_path`` — a path, or several to join (default: bundled); bad data exits 1 with the report.

    With ``spec``, the view's values that depend on the data (programmes,
    countries, actor ids) are checked too (:func:`graph_explorer.view.check_view`): a bad one
    exits 2 with its message.
    """
    from ..dataset import load_bundled, load_sources
    from ..errors import DataError, ViewError
    from ..view import check_view

    paths = [data_path] if isinstance(data_path, str) else list(data_path or ())
    try:
        dataset = load_sources(paths, limits=current_limits(), progress=_progress_printer() if progress else None) \
            if paths else load_bundled()
    except DataError as exc:
        fail(str(exc), 1)
    if spec is not None:
        try:
            check_view(spec, dataset)
        except ViewError as exc:
            fail(str(exc), 2)
    return dataset


def load_explorer(data_path, spec=None):
    """The Explorer of the data at ``data_path`` (as :func:`load_data`), the app's: same view, same numbers."""
    from ..explorer import open_explorer

    return open_explorer(load_data(data_path, spec))


def check_output(path) -> None:
    """Exit with a one-line message now (before any work) when ``path`` cannot be written."""
    import os
    import tempfile
    from pathlib import Path

    text = str(path)
    path = Path(path)
    if not text.strip() or text in (".", "..") or path.name in ("", ".", ".."):
        fail(f"{text!r} is not a file name; give the file to write with -o.", 2)
    if path.is_dir():
        fail(f"cannot write {path}: it is a folder; give a file name.", 1)
    if path.exists() and not path.is_file():
        return  # a device (/dev/null, /dev/full): its errors show when writing
    folder = path.parent
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        fail(f"cannot write {path}: {probe} is not a folder.", 1)
    try:  # the one sure test: make (and remove) a file where the output will go
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc} (in {folder}).", 1)


def write_output(path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (:func:`graph_explorer.fileio.atomic_write`).

    A failed write (disk full, no permission) leaves an existing file as it
    was and exits 1 with a one-line message naming the path.
    """
    from pathlib import Path

    from ..fileio import atomic_write

    check_output(path)
    path = Path(path)
    try:
        if path.exists() and not path.is_file():  # a device such as /dev/null or /dev/full: write through
            with open(path, "wb") as f:
                f.write(data)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data, sync=True)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}.", 1)
