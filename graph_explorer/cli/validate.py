"""``validate``: check a dataset and print every problem by file, row and column."""

from __future__ import annotations

import click

from ._base import current_limits, emit_json, format_option, limit_option, main

__all__ = ["validate", "formats", "merges", "summary_line"]


def summary_line(path: str, report, loaded: bool) -> str:
    """One line: what was read and how many errors and warnings.

    >>> from graph_explorer.dataset import ValidationReport
    >>> summary_line("data", ValidationReport([], {"actors": 3, "cooperations": 2, "participations": 4}), True)
    'data: 3 actors, 2 cooperations, 4 participations; 0 errors, 0 warnings.'
    """
    counts = ", ".join(f"{report.counts.get(n, 0):,} {n}" for n in ("actors", "cooperations", "participations"))
    state = "" if loaded else "NOT LOADED: "
    return f"{path}: {state}{counts}; {report.summary()}."


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=str))
@format_option("text", "json", default="text")
@limit_option
def validate(path, fmt):
    """Check the dataset at PATH (default: the bundled data) and list its problems.

    PATH is a file or folder in any of the formats read (see 'graph-explorer
    formats'); its content decides how it is read, and the report's first
    line says how ("Read as: …"). Every problem names the file, the row (the
    header is row 1) and the column. Exits with 1 when there are errors, 0
    when the dataset loads (warnings included).
    """
    from ..dataset import Problem, ValidationReport, bundled_data_path, load_dataset
    from ..errors import DataError

    path = path or str(bundled_data_path())
    try:
        report, loaded = load_dataset(path, limits=current_limits()).report, True
    except DataError as exc:
        loaded = False
        report = exc.report or ValidationReport([Problem("error", path, None, None, None, str(exc))])
    if fmt == "json":
        emit_json({"path": path, "loaded": loaded, **report.to_dict()})
    else:
        if text := report.format():  # "Read as: …", then every problem
            click.echo(text)
        click.echo(summary_line(path, report, loaded))
    if not loaded:
        raise SystemExit(1)


@main.command()
def formats():
    """List the file formats read by validate, --data and the app's upload, and how each is recognised."""
    from ..dataset.formats import formats_text

    click.echo("Files:")
    click.echo(formats_text(folder=False))
    click.echo("Folders:")
    click.echo(formats_text(folder=True))


@main.command()
@click.option("--data", "data_paths", multiple=True, required=True, type=click.Path(exists=True, path_type=str),
              help="The dataset file or folder (repeat to merge several sources).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write the table to this CSV file (default: print it).")
def merges(data_paths, output):
    """The merge table: which spellings of organisations became which actor, from which file and rows.

    Edit it and save the rows name,country,actor_id as '<file stem>.merges.csv' beside the data (merges.csv
    in a folder) to override a merge.
    """
    import sys

    from ._base import load_data

    dataset = load_data(data_paths)
    table = dataset.merges
    if table is None or table.empty:
        click.echo(f"{dataset.name}: its actors are taken as given (no spellings were merged).", err=True)
        return
    if output:
        table.to_csv(output, index=False, lineterminator="\n")
        click.echo(f"Wrote {len(table):,} rows ({table['actor_id'].nunique():,} actors) to {output}.")
    else:
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
