"""Writing a dataset as a folder of CSV files that :func:`~graph_explorer.dataset.load_dataset` reads back.

Each table of the data model becomes ``<table>.csv`` (UTF-8, comma, a header
with the schema's column names, cells quoted when they hold a comma, a quote
or a line break): lists joined with ``;``, years as whole numbers, true/false
for booleans, floats written with every digit (``repr``), missing values as
empty cells. Written and loaded again, a dataset has the same tables and the
same fingerprint (``tests/security/test_properties.py`` checks it on random
datasets).

Cells are written exactly as they are, so that they load back unchanged: a
name starting with ``=`` stays ``=…``. These files are for loading, not for
opening in a spreadsheet program; the explorer's table exports
(:mod:`graph_explorer.export.tables`) are the ones made safe for spreadsheets.

Examples
--------
>>> import tempfile
>>> from graph_explorer.dataset import load_dataset
>>> from graph_explorer.testing import tiny_dataset
>>> folder = tempfile.mkdtemp()
>>> [p.name for p in write_dataset(tiny_dataset(), folder)][:3]
['actors.csv', 'cooperations.csv', 'participations.csv']
>>> load_dataset(folder).cooperations["id"].tolist()
['p1', 'p2', 'p3', 'p4']
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from ..fileio import atomic_write
from .schema import LIST_SEPARATOR, TABLES

__all__ = ["write_dataset", "dataset_csv", "cell_text"]


def cell_text(value, kind: str) -> str:
    """One value as the loader reads it back, for a column of schema type ``kind``.

    >>> cell_text(("green", "digital"), "list"), cell_text(2021, "int"), cell_text(None, "int")
    ('green;digital', '2021', '')
    >>> cell_text(True, "bool"), cell_text(0.1, "float"), cell_text(float("nan"), "float")
    ('true', '0.1', '')
    """
    if isinstance(value, (tuple, list)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "bool":
        return "true" if bool(value) else "false"
    if kind == "int":
        return str(int(value))
    if kind == "float":
        return repr(float(value))
    return str(value)


def dataset_csv(dataset) -> dict[str, bytes]:
    """Each table as CSV bytes, by file name (tables without rows that are optional are left out)."""
    out = {}
    for name, table in TABLES.items():
        frame = dataset.tables()[name]
        if frame is None or (not table.required and len(frame) == 0):
            continue
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(table.names)
        kinds = [c.type.partition(":")[0] for c in table.columns]
        columns = [frame[c].tolist() if c in frame.columns else [None] * len(frame) for c in table.names]
        for row in zip(*columns):
            w.writerow([cell_text(v, k) for v, k in zip(row, kinds)])
        out[f"{name}.csv"] = buf.getvalue().encode("utf-8")
    return out


def write_dataset(dataset, folder) -> list[Path]:
    """Write ``dataset`` as ``<table>.csv`` files in ``folder`` (created if needed); the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, data in dataset_csv(dataset).items():
        paths.append(atomic_write(folder / filename, data))
    return paths
