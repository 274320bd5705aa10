"""A .zip of the data model's CSV files (at the archive's root or in one folder of it).

Example: the dataset folder zipped (``zip -r data.zip actors.csv cooperations.csv participations.csv``).
"""

from __future__ import annotations

from ..limits import Limits
from ..readers import read_zip
from .base import NO, Format, Head, Reading, Sniff, Source, tables_convert
from .tables_folder import REQUIRED

__all__ = ["FORMAT", "sniff", "read"]


def sniff(head: Head) -> Sniff:
    """A zip archive (not a workbook) holding any of the required table files."""
    if not head.is_zip or head.is_workbook:
        return NO
    names = {m.rpartition("/")[2].lower() for m in head.members}
    if any(n in names for n in REQUIRED):
        return Sniff(1.0)
    return Sniff(0.2, "the files " + ", ".join(REQUIRED))


def read(source: Source, limits: Limits) -> Reading:
    tables, problems = read_zip(source.read_bytes(), source.name, limits)
    return Reading(tables, problems)


FORMAT = Format(
    "zip", ".zip of CSV tables",
    "a .zip archive of such a folder (the CSV files at its root or in one folder)",
    sniff, read, convert=tables_convert("archive"))
