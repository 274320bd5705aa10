"""A links file as the three tables of the data model.

Each row of a links file (source, target, kind, themes, start, end,
source_url, ...) becomes one cooperation (id ``link-<row>``) with two
participants of role ``partner``. Actors are made from the names: the id is the
name as given; the kind is ``country`` when the name is a known country code or
name, else ``organisation``; the country comes from ``source_country`` /
``target_country`` or, for a country, from the name.

The tables made here are :class:`~graph_explorer.dataset.readers.RawTable`
objects whose rows and columns point back into the links file, so that every
later problem names the row and column of the links file.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from graph_explorer.dataset.readers import RawTable
>>> from graph_explorer.dataset.validate import Countries
>>> countries = Countries.from_table(pd.DataFrame({"code": ["LV", "FI"], "name": ["Latvia", "Finland"]}))
>>> frame = pd.DataFrame({"source": ["Latvia"], "target": ["Riga College"], "kind": ["partnership"],
...                       "target_country": ["LV"]})
>>> raw = RawTable("links", "links.csv", frame, np.array([2]), {k: k for k in frame})
>>> tables, problems = links_to_tables(raw, countries)
>>> tables["actors"].frame.to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'id': 'Latvia', 'name': 'Latvia', 'kind': 'country', 'country': 'LV'},
 {'id': 'Riga College', 'name': 'Riga College', 'kind': 'organisation', 'country': 'LV'}]
>>> tables["cooperations"].frame[["id", "title"]].to_dict("records")
[{'id': 'link-2', 'title': 'Latvia – Riga College'}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .readers import RawTable
from .report import ERROR, WARNING, Problem
from .schema import LINKS
from .validate import Countries, check_column, problems_at, check_columns, check_duplicate_rows

__all__ = ["links_to_tables", "COLUMN_OF"]

#: cooperations column → links column it is taken from.
COLUMN_OF = {"title": "title", "kind": "kind", "programme": "programme", "themes": "themes",
             "start_year": "start", "end_year": "end", "source": "source_url", "weight": "weight"}


def links_to_tables(raw: RawTable, countries: Countries) -> tuple[dict[str, RawTable], list[Problem]]:
    """The actors, cooperations and participations tables of a links file.

    Checks made here, on the links file itself: its columns, empty source or
    target, a link from an actor to itself (errors), the country columns, and
    exact duplicate rows (warning). Rows with an empty or identical end are
    left out of the tables (the load fails on them anyway).
    """
    problems = check_columns(raw, LINKS)
    if any(p.severity == ERROR for p in problems):
        return {}, problems
    problems += check_duplicate_rows(raw)
    f = raw.frame
    source, target = f["source"], f["target"]
    for key, cells in (("source", source), ("target", target)):
        problems += problems_at(raw, key, np.flatnonzero((cells == "").to_numpy()), ERROR,
                                f"The {key} is empty; every link needs a source and a target.", value="")
    selfish = ((source == target) & (source != "")).to_numpy()
    problems += problems_at(raw, "target", np.flatnonzero(selfish), ERROR,
                            lambda i: f"The link goes from {source.iat[i]!r} to itself.",
                            allowed="a target other than the source")
    country_of = {}
    for key in ("source_country", "target_country"):
        codes, more = check_column(raw, LINKS.column(key), countries)
        problems += more
        country_of[key] = codes.reset_index(drop=True)
    keep = np.flatnonzero(((source != "") & (target != "")).to_numpy() & ~selfish)
    actors, more = _actors(raw, keep, countries, country_of)
    problems += more
    return {"actors": actors, "cooperations": _cooperations(raw, keep),
            "participations": _participations(raw, keep)}, problems


def _actors(raw: RawTable, keep: np.ndarray, countries: Countries, country_of: dict[str, pd.Series]
            ) -> tuple[RawTable, list[Problem]]:
    """One actor per distinct name, at the first row and column it appears in."""
    first: dict[str, tuple[int, str]] = {}  # name -> (position in raw, "source"/"target")
    given: dict[str, tuple[str, int, str]] = {}  # name -> (country code, position, column key)
    clashes = []
    for i in keep:
        for side in ("source", "target"):
            name = raw.frame[side].iat[i]
            first.setdefault(name, (i, side))
            code = country_of[f"{side}_country"].iat[i]
            if isinstance(code, str):
                if name not in given:
                    given[name] = (code, i, f"{side}_country")
                elif given[name][0] != code:
                    clashes.append((i, f"{side}_country", name, code))
    rows, records, name_cols, country_cols = [], [], [], []
    for name, (i, side) in first.items():
        as_country = countries.resolve(name) or countries.by_name(name)
        code, _, column = given.get(name, (as_country, i, f"{side}_country"))
        records.append({"id": name, "name": name, "kind": "country" if as_country else "organisation",
                        "country": code or ""})
        rows.append(raw.rows[i])
        name_cols.append(raw.column_label(side))
        country_cols.append(raw.column_label(column))
    frame = pd.DataFrame(records, columns=["id", "name", "kind", "country"], dtype=str)
    labels = np.asarray(name_cols, dtype=object)
    table = RawTable("actors", raw.file, frame, np.asarray(rows, dtype=np.int64),
                     {"id": raw.column_label("source"), "name": raw.column_label("source")},
                     {"id": labels, "name": labels, "kind": labels,
                      "country": np.asarray(country_cols, dtype=object)})
    problems = [Problem(WARNING, raw.file, int(raw.rows[i]), raw.column_label(key), code,
                        f"{name!r} was given the country {given[name][0]!r} in row {raw.rows[given[name][1]]}; "
                        f"the first one is used.")
                for i, key, name, code in clashes[:50]]
    return table, problems


def _cooperations(raw: RawTable, keep: np.ndarray) -> RawTable:
    f = raw.frame.iloc[keep].reset_index(drop=True)
    rows = raw.rows[keep]
    columns = {"id": [f"link-{r}" for r in rows]}
    for column, key in COLUMN_OF.items():
        columns[column] = f[key].tolist() if key in f else [""] * len(f)
    columns["title"] = [t or f"{s} – {g}" for t, s, g in zip(columns["title"], f["source"], f["target"])]
    frame = pd.DataFrame(columns, dtype=str)
    header = {column: raw.column_label(key) for column, key in COLUMN_OF.items()}
    header["id"] = "(row)"
    return RawTable("cooperations", raw.file, frame, rows, header)


def _participations(raw: RawTable, keep: np.ndarray) -> RawTable:
    n = len(keep)
    rows = np.repeat(raw.rows[keep], 2)
    actor_ids = np.empty(2 * n, dtype=object)
    actor_ids[0::2] = raw.frame["source"].to_numpy()[keep]
    actor_ids[1::2] = raw.frame["target"].to_numpy()[keep]
    frame = pd.DataFrame({"cooperation_id": [f"link-{r}" for r in rows], "actor_id": actor_ids,
                          "role": ["partner"] * (2 * n)}, dtype=str)
    sides = np.asarray([raw.column_label("source"), raw.column_label("target")] * n, dtype=object)
    return RawTable("participations", raw.file, frame, rows,
                    {"cooperation_id": "(row)", "actor_id": raw.column_label("source"), "role": "(partner)"},
                    {"actor_id": sides})
