"""Loading a dataset: read → validate → normalise → :class:`Dataset`.

One path for every input form: the readers turn a folder, a workbook, a .zip
or a links file into raw tables of strings that remember their file, row and
column; a links file is turned into the three tables; the validators check and
convert them; the last step fills what the countries table knows (region,
latitude, longitude) and an empty end year from the start year.

A dataset with errors does not load: :class:`~graph_explorer.errors.DataError`
is raised with the full report, and nothing is returned. Warnings are kept in
``dataset.report``.

Conventions of the loaded tables: text columns (ids, names, codes, vocabulary
terms, URLs) have pandas' ``str`` dtype, missing (NaN) where the cell was
empty — test with ``.isna()``; years are nullable ``Int64``; lat/lon
``float`` (NaN when unknown); eu_member ``bool``; list columns (themes,
themes_derived, source) are tuples of ``str`` (empty tuple when empty).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

import graph_explorer

from ..errors import DataError
from .links import links_to_tables
from .model import Dataset
from .readers import RawTable, read_bytes, read_csv, read_path
from .report import ERROR, Problem, ValidationReport
from .schema import TABLES
from .validate import check_countries, check_required_tables, validate_tables

__all__ = ["load_dataset", "load_bytes", "load_bundled", "bundled_data_path"]


def bundled_data_path() -> Path:
    """The folder of the bundled data.

    ``graph_explorer/_bundled_data`` in an installed wheel, else the ``data``
    folder of the source checkout.

    >>> (bundled_data_path() / "sources").is_dir()
    True
    """
    package = Path(graph_explorer.__file__).resolve().parent
    installed = package / "_bundled_data"
    return installed if installed.is_dir() else package.parent / "data"


@lru_cache(maxsize=1)
def load_bundled() -> Dataset:
    """The bundled dataset (loaded once per process; a Dataset is never modified)."""
    return load_dataset(bundled_data_path(), name="bundled")


def load_dataset(path, *, name: str | None = None) -> Dataset:
    """Load and validate a dataset.

    Parameters
    ----------
    path : str or Path
        A folder of CSV files (``actors.csv``, ``cooperations.csv``,
        ``participations.csv``, optionally ``countries.csv``, ``conflicts.csv``,
        ``attributions.csv``); an .xlsx workbook with sheets of those names; a
        .zip of such a folder; or a single links CSV (columns source, target,
        kind, ...).
    name : str, optional
        A short name for titles; default the file or folder name.

    Returns
    -------
    Dataset
        With the warnings and infos in ``dataset.report``.

    Raises
    ------
    DataError
        When there is any error; ``exc.report`` lists every problem by file,
        row and column. Nothing is loaded.
    """
    path = Path(path)
    label = name or (path.stem if path.suffix else path.name) or str(path)
    try:
        form, raws, problems = read_path(path)
        return _build(form, raws, problems, source=path.name or str(path), name=label, path=str(path))
    except DataError:
        raise
    except Exception as exc:  # a bug, but a user must still get a message, not a traceback
        raise _unexpected(str(path), exc) from exc


def load_bytes(data: bytes, filename: str, *, name: str | None = None) -> Dataset:
    """Load a dataset from the bytes of one file (an upload): .xlsx, .zip or links CSV.

    ``filename`` names the file in messages. See :func:`load_dataset`.
    """
    try:
        form, raws, problems = read_bytes(bytes(data), filename)
        return _build(form, raws, problems, source=filename, name=name or Path(filename).stem, path=None)
    except DataError:
        raise
    except Exception as exc:
        raise _unexpected(filename, exc) from exc


def _unexpected(source: str, exc: Exception) -> DataError:
    problem = Problem(ERROR, source, None, None, None,
                      f"Unexpected failure while loading ({type(exc).__name__}: {exc}). This is a bug in "
                      "graph_explorer; please report it together with the file.")
    return DataError(f"{source}: the dataset could not be loaded.", ValidationReport([problem]))


def _bundled_countries() -> tuple[RawTable | None, list[Problem]]:
    file = bundled_data_path() / "countries.csv"
    label = "countries.csv (bundled)"
    if not file.is_file():
        return None, [Problem(ERROR, label, None, None, None,
                              f"The dataset has no countries table and the bundled one ({file}) is missing. Add "
                              "a countries.csv (code, name, lat, lon, eu_member, region) to the dataset.")]
    raw, _, problems = read_csv(file.read_bytes(), label, [TABLES["countries"]])
    return raw, problems


def _build(form: str, raws: dict[str, RawTable], problems: list[Problem], *, source: str, name: str,
           path: str | None) -> Dataset:
    """Validate the raw tables and assemble the Dataset, or raise DataError."""
    problems = list(problems)
    if any(p.severity == ERROR for p in problems) and not raws:
        _fail(source, problems, {})
    if "countries" in raws:
        countries_raw = raws["countries"]  # None when unreadable: its errors are reported
    else:
        countries_raw, more = _bundled_countries()
        problems += more
    countries = lookup = None
    if countries_raw is not None:
        countries, lookup, more = check_countries(countries_raw)
        problems += more
    if form == "links":
        if lookup is None or raws.get("links") is None:
            _fail(source, problems, {})
        raws, more = links_to_tables(raws["links"], lookup)
        problems += more
    else:
        problems += check_required_tables(raws, source, form)
    frames, more = validate_tables(raws, lookup)  # without a lookup (broken countries) codes are not checked
    problems += more
    counts = {n: len(raws[n]) for n in ("actors", "cooperations", "participations") if raws.get(n) is not None}
    # a cell of a links file is checked as a table of each kind it feeds (actor id, name, participant): once is enough
    problems = list(dict.fromkeys(problems))
    if any(p.severity == ERROR for p in problems):
        _fail(source, problems, counts)
    frames["countries"] = countries
    tables = _normalise(frames)
    report = ValidationReport(problems, counts)
    return Dataset(**tables, report=report, name=name, path=path)


def _fail(source: str, problems: list[Problem], counts: dict[str, int]):
    report = ValidationReport(problems, counts)
    raise DataError(f"{source}: the dataset was not loaded ({report.summary()}).", report)


#: dtype of each column type of the schema (the rest, text-like, are pandas' "str").
_DTYPES = {"int": "Int64", "float": float, "bool": bool, "list": object}


def _normalise(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Fill region and location from the country, an empty end year from the start."""
    out = {}
    for name, table in TABLES.items():
        frame = frames.get(name)
        if frame is None:
            frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in table.names})
        out[name] = frame.astype({c.name: _DTYPES.get(c.type.partition(":")[0], "str") for c in table.columns})
    countries = out["countries"].set_index("code")
    actors = out["actors"].copy()
    for column in ("region", "lat", "lon"):
        from_country = actors["country"].map(countries[column])
        actors[column] = actors[column].where(actors[column].notna(), from_country)
    actors = actors.astype({"lat": float, "lon": float, "region": "str"})
    out["actors"] = actors
    coops = out["cooperations"].copy()
    coops["end_year"] = coops["end_year"].fillna(coops["start_year"])
    out["cooperations"] = coops
    return out
