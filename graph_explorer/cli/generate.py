"""``generate``: a synthetic dataset shaped like Erasmus+ VET cooperation, for trying and measuring at scale."""

from __future__ import annotations

from pathlib import Path

import click

from ._base import fail, main

__all__ = ["generate"]


@main.command()
@click.option("--format", "fmt", type=click.Choice(["folder", "erasmus"]), default="folder", show_default=True,
              help="folder: the project's CSV tables; erasmus: one CSV in the exact layout of an Erasmus+ Project "
                   "Results export (BOM, CRLF, quoted multi-line cells, 38 partner columns, varied spellings).")
@click.option("--organisations", "-n", type=click.IntRange(min=2), default=None,
              help="Number of organisations (5,000 with 1,660 cooperations gives ~25,000 links; "
                   "20,000 with 6,600 gives ~100,000). Required for --format folder.")
@click.option("--cooperations", "-m", type=click.IntRange(min=1), default=None,
              help="Number of cooperations (about 15 organisation-level links each); with --format erasmus, the "
                   "number of projects.")
@click.option("--size-mb", type=click.FloatRange(min=0.01), default=None,
              help="With --format erasmus: write projects until the file has this size.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed writes byte-identical files.")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=str), required=True,
              help="Folder to write actors.csv, cooperations.csv, participations.csv and attributions.csv to; "
                   "with --format erasmus, the CSV file to write.")
@click.option("--force", is_flag=True, help="Overwrite the CSV files of an existing dataset in the folder.")
def generate(fmt, organisations, cooperations, size_mb, seed, out_dir, force):
    """Write a synthetic dataset (made-up organisations, realistic structure) to a folder, or an Erasmus+ export.

    Consortium sizes follow the programmes (CoVE 12-84, cooperation
    partnerships mostly 3-10, small-scale partnerships 2-4, peer reviews
    2-5), countries are weighted like the bundled CoVE participants, and a
    few organisations take part very often (a Zipf-like tail). Load it with
    ``--data DIR`` (or ``--data FILE.csv``) in any command.
    """
    out = Path(out_dir)
    if fmt == "erasmus":
        from ..generate_erasmus import generate_export

        if (cooperations is None) == (size_mb is None):
            raise click.UsageError("--format erasmus needs --cooperations N (projects) or --size-mb MB.")
        if out.exists() and not force:
            fail(f"{out} exists; pass --force to overwrite it.", 2)
        n = generate_export(out, projects=cooperations, size_mb=size_mb, seed=seed)
        click.echo(f"Wrote {out} ({n:,} projects, {out.stat().st_size / 2**20:,.1f} MB, seed {seed}).")
        return
    from ..generate import generate as write

    if organisations is None or cooperations is None:
        raise click.UsageError("--format folder needs --organisations and --cooperations.")
    if out.exists() and not force and any((out / f"{t}.csv").exists() for t in ("actors", "cooperations",
                                                                                   "participations")):
        fail(f"{out} already holds a dataset; pass --force to overwrite it.", 2)
    files = write(organisations, cooperations, seed, out)
    click.echo(f"Wrote {', '.join(f.name for f in files)} to {out} "
               f"({organisations:,} organisations, {cooperations:,} cooperations, seed {seed}).")
