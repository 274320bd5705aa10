"""A folder of the data model's CSV files: ``actors.csv``, ``cooperations.csv``, ``participations.csv`` (+ optional).

Example: this project's ``data/`` folder (``graph-explorer validate data``).
"""

from __future__ import annotations

from ..limits import Limits
from ..readers import read_folder
from ..schema import TABLES
from .base import NO, Format, Head, Reading, Sniff, Source, tables_convert

__all__ = ["FORMAT", "sniff", "read"]

REQUIRED = [f"{n}.csv" for n, t in TABLES.items() if t.required]


def sniff(head: Head) -> Sniff:
    """A folder holding any of the required table files (names in any case)."""
    if not head.is_dir:
        return NO
    names = {m.lower() for m in head.members}
    if any(n in names for n in REQUIRED):
        return Sniff(1.0)
    return Sniff(0.2, "the files " + ", ".join(REQUIRED))


def read(source: Source, limits: Limits) -> Reading:
    tables, problems = read_folder(source.path, limits)
    return Reading(tables, problems)


FORMAT = Format(
    "folder", "folder of CSV tables",
    "a folder with actors.csv, cooperations.csv and participations.csv (optionally countries.csv, "
    "conflicts.csv, attributions.csv)",
    sniff, read, convert=tables_convert("folder"), folder=True)
