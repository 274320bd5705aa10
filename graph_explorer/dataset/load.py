"""Loading a dataset: read → validate → normalise → :class:`Dataset`.

One path for every input form: the format registry
(:mod:`graph_explorer.dataset.formats`) tells by content which format a
source is and reads it into raw tables of strings that remember their file,
row and column; the format's ``convert`` turns them into the three tables of
the data model (a links file, for instance, one cooperation per row); the
validators check and convert them; the last step fills what the countries
table knows (region, latitude, longitude) and an empty end year from the
start year. The report starts with the "Read as …" line of
:func:`~graph_explorer.dataset.formats.read_as_line`.

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
from .model import Dataset
from .formats import Detection, Reading, Source, read_as_line, read_source
from .limits import DEFAULT_LIMITS, Limits
from .readers import RawTable, read_csv
from .report import ERROR, Problem, ValidationReport
from .schema import TABLES
from .validate import check_countries, validate_tables

__all__ = ["load_dataset", "load_bytes", "load_sources", "load_bundled", "bundled_data_path"]


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


def load_dataset(path, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS, progress=None) -> Dataset:
    """Load and validate a dataset.

    Parameters
    ----------
    path : str or Path
        A file or folder in any of the formats of
        :data:`graph_explorer.dataset.formats.FORMATS` (``graph-explorer
        formats`` lists them): a folder of CSV files (``actors.csv``,
        ``cooperations.csv``, ``participations.csv``, optionally
        ``countries.csv``, ``conflicts.csv``, ``attributions.csv``); an .xlsx
        workbook with sheets of those names; a .zip of such a folder; a links
        CSV (columns source, target, kind, ...); ... The content decides.
    name : str, optional
        A short name for titles; default the file or folder name.
    limits : Limits, optional
        Bounds on what reading may take (bytes, rows, columns, cells, time).
    progress : callable, optional
        Called with a sentence now and then while a large file is read.

    A file of at least 1 MB is loaded once per content: the loaded tables are
    kept in the disk cache (:mod:`~graph_explorer.dataset.tablecache`) and a
    second load of the same bytes reads them back.

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
    if path.is_dir() and (files := _several_sources(path)):
        return load_sources(files, name=label, limits=limits, progress=progress)

    def load() -> Dataset:
        try:
            source = Source.from_path(path, progress)
            detection, reading = read_source(source, limits)
            if progress is not None:
                progress(f"Checking {source.name}")
            return _build(detection, reading, source=source.name, name=label, path=str(path))
        except DataError:
            raise
        except Exception as exc:  # a bug, but a user must still get a message, not a traceback
            raise _unexpected(str(path), exc) from exc
    from .tablecache import load_cached

    extra = [p for p in (path.with_name(f"{path.stem}.merges.csv"), path.with_name(f"{path.stem}.themes.csv"))
             if p.is_file()] if path.is_file() else []
    countries = bundled_data_path() / "countries.csv"  # a dataset without its own countries uses this one
    extra += [countries] if countries.is_file() else []
    return load_cached(path, limits, load, name=label, extra_files=extra)


def load_bytes(data: bytes, filename: str, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Load a dataset from the bytes of one file (an upload), in any format read from a file.

    ``filename`` names the file in messages; the content decides the format.
    See :func:`load_dataset`.
    """
    try:
        source = Source.from_bytes(bytes(data), filename)
        return _build(*read_source(source, limits), source=filename, name=name or Path(filename).stem, path=None)
    except DataError:
        raise
    except Exception as exc:
        raise _unexpected(filename, exc) from exc


def _several_sources(folder: Path) -> list[Path]:
    """The data files of a folder that is not a folder of tables but holds files in formats read; [] otherwise."""
    from .combine import SIDECAR_SUFFIXES
    from .formats import detect

    if detect(Source.from_path(folder)).matched:
        return []
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
             and not p.name.lower().endswith(SIDECAR_SUFFIXES) and p.name.lower() not in ("merges.csv", "themes.csv")]
    recognised = [p for p in files if detect(Source.from_path(p)).matched]
    return recognised if recognised else []


def load_sources(paths, *, name: str | None = None, limits: Limits = DEFAULT_LIMITS, progress=None) -> Dataset:
    """Load several sources as one dataset, actors reconciled across them (see :mod:`~.combine`).

    Every source is loaded and validated on its own; when any has errors, nothing is loaded and the
    DataError's report holds the problems of all of them.
    """
    from .combine import combine

    paths = [Path(p) for p in paths]
    if len(paths) == 1:
        return load_dataset(paths[0], name=name, limits=limits, progress=progress)
    datasets, failures = [], []
    for p in paths:
        try:
            datasets.append(load_dataset(p, limits=limits, progress=progress))
        except DataError as exc:
            failures.append(exc)
    if failures:
        problems = [q for exc in failures for q in (exc.report.problems if exc.report else [])]
        lines = "; ".join(exc.report.read_as for exc in failures if exc.report and exc.report.read_as)
        report = ValidationReport(problems, {}, f"Read as: {len(paths)} sources — not loaded ({lines})")
        raise DataError(f"{len(failures)} of {len(paths)} sources could not be loaded ({report.summary()}).", report)
    names = _source_names(paths)
    return combine(datasets, names, name=name)


def _source_names(paths: list[Path]) -> list[str]:
    """Short distinct names of the sources (file stems; the folder added when two stems are equal)."""
    stems = [p.stem or p.name for p in paths]
    if len(set(stems)) == len(stems):
        return stems
    return [f"{p.parent.name}/{s}" if stems.count(s) > 1 else s for p, s in zip(paths, stems)]


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


def _build(detection: Detection, reading: Reading, *, source: str, name: str, path: str | None) -> Dataset:
    """Convert and validate the raw tables and assemble the Dataset, or raise DataError."""
    raws, problems = dict(reading.tables), list(reading.problems)
    if any(p.severity == ERROR for p in problems) and not raws:
        _fail(source, problems, {}, detection)
    if "countries" in raws:
        countries_raw = raws["countries"]  # None when unreadable: its errors are reported
    else:
        countries_raw, more = _bundled_countries()
        problems += more
    countries = lookup = None
    if countries_raw is not None:
        countries, lookup, more = check_countries(countries_raw)
        problems += more
    fmt = detection.format
    extras: dict = {}
    notes = list(reading.notes)
    if fmt is not None and fmt.convert is not None:
        raws, more, *rest = fmt.convert(raws, lookup, source)
        problems += more
        extras = rest[0] if rest else {}
        notes += extras.get("notes", [])
    if not raws:
        _fail(source, problems, {}, detection)
    frames, more = validate_tables(raws, lookup)  # without a lookup (broken countries) codes are not checked
    problems += more
    counts = {n: len(raws[n]) for n in ("actors", "cooperations", "participations") if raws.get(n) is not None}
    # a cell of a links file is checked as a table of each kind it feeds (actor id, name, participant): once is enough
    problems = list(dict.fromkeys(problems))
    if any(p.severity == ERROR for p in problems):
        _fail(source, problems, counts, detection)
    frames["countries"] = countries
    tables = _normalise(frames)
    loaded = {n: len(tables[n]) for n in ("actors", "cooperations", "participations")}
    report = ValidationReport(problems, counts, read_as_line(detection, loaded, notes))
    return Dataset(**tables, report=report, name=name, path=path, merges=extras.get("merges"))


def _fail(source: str, problems: list[Problem], counts: dict[str, int], detection: Detection):
    errors = sum(p.severity == ERROR for p in problems)
    report = ValidationReport(problems, counts, read_as_line(detection, None, errors=errors))
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
