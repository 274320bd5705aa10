"""A links CSV: one row per link (source, target, kind, themes, start, end, source_url, ...).

Each row becomes a cooperation with two participants (see :mod:`graph_explorer.dataset.links`).
Example::

    source,target,kind,themes,start
    Latvia,Finland,partnership,wbl,2020
"""

from __future__ import annotations

from ..limits import Limits
from ..links import links_to_tables
from ..readers import RawTable, read_csv, too_large
from ..report import ERROR, Problem
from ..schema import LINKS, TABLES
from .base import Format, Head, Reading, Sniff, Source

__all__ = ["FORMAT", "sniff", "read", "convert"]


def sniff(head: Head) -> Sniff:
    """Text whose header has source, target and kind. Any other text resembles it a little (the last resort)."""
    if head.is_dir or head.is_zip:
        return Sniff(0.0)
    keys = set(head.csv_header)
    required = LINKS.required_names
    missing = [n for n in required if n not in keys]
    if not missing:
        return Sniff(1.0)
    text = "the column" + ("s " if len(missing) > 1 else " ") + ", ".join(f"'{m}'" for m in missing)
    found = len(required) - len(missing)
    # 0.05 for any file: when nothing claims a file, its decoding problems are said by this reader
    return Sniff(0.05 + 0.4 * found / len(required), text)


def read(source: Source, limits: Limits) -> Reading:
    file = source.name
    if source.size > limits.max_bytes:
        return Reading({}, [too_large(file, limits)])
    raw, table, problems = read_csv(source.read_bytes(), file, [LINKS, *TABLES.values()], limits)
    if raw is None:
        return Reading({}, problems)
    if table is not LINKS and set(table.required_names) <= set(raw.frame.columns):
        return Reading({}, problems + [Problem(
            ERROR, file, None, None, None,
            f"This file looks like the {table.name} table of a dataset folder, not a links file. "
            f"Give the folder that holds it with the other tables, or a links file with the columns "
            f"{', '.join(LINKS.required_names)}.")])
    return Reading({"links": RawTable("links", raw.file, raw.frame, raw.rows, raw.header)}, problems)


def convert(tables, countries, source_name):
    """The three tables from the links table; nothing when the countries or the links could not be read."""
    if countries is None or tables.get("links") is None:
        return {}, []
    return links_to_tables(tables["links"], countries)


FORMAT = Format(
    "links", "links CSV",
    "a CSV (comma, semicolon or tab) with one link per row and the columns source, target, kind (optionally "
    "themes, start, end, source_url, title, programme, source_country, target_country)",
    sniff, read, convert=convert, nouns=("links", "participations", "actors"))
