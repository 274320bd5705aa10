"""``generate``: a synthetic dataset shaped like Erasmus+ VET cooperation, for trying and measuring at scale."""

from __future__ import annotations

from pathlib import Path

import click

from ._base import fail, main

__all__ = ["generate"]


@main.command()
@click.option("--organisations", "-n", type=click.IntRange(min=2), required=True,
              help="Number of organisations (5,000 with 1,660 cooperations gives ~25,000 links; "
                   "20,000 with 6,600 gives ~100,000).")
@click.option("--cooperations", "-m", type=click.IntRange(min=1), required=True,
              help="Number of cooperations (about 15 organisation-level links each).")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed writes byte-identical files.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=str), required=True,
              help="Folder to write actors.csv, cooperations.csv, participations.csv and attributions.csv to.")
@click.option("--force", is_flag=True, help="Overwrite the CSV files of an existing dataset in the folder.")
def generate(organisations, cooperations, seed, out_dir, force):
    """Write a synthetic dataset (made-up organisations, realistic structure) to a folder.

    Consortium sizes follow the programmes (CoVE 12-84, cooperation
    partnerships mostly 3-10, small-scale partnerships 2-4, peer reviews
    2-5), countries are weighted like the bundled CoVE participants, and a
    few organisations take part very often (a Zipf-like tail). Load it with
    ``--data DIR`` in any command.
    """
    from ..generate import generate as write

    out = Path(out_dir)
    if out.exists() and not force and any((out / f"{t}.csv").exists() for t in ("actors", "cooperations",
                                                                                   "participations")):
        fail(f"{out} already holds a dataset; pass --force to overwrite it.", 2)
    files = write(organisations, cooperations, seed, out)
    click.echo(f"Wrote {', '.join(f.name for f in files)} to {out} "
               f"({organisations:,} organisations, {cooperations:,} cooperations, seed {seed}).")
