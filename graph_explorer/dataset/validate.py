"""Checking raw tables against the schema, and converting them on the way.

Each check looks at a :class:`~graph_explorer.dataset.readers.RawTable` (strings
plus where every row came from) and returns the converted column or table
together with a list of :class:`~graph_explorer.dataset.report.Problem`; the
conversion is the normalisation (canonical vocabulary terms, ISO country
codes, tuples for lists, nullable integers for years), so a value is judged and
converted in one place.

The rules, by severity:

errors (the dataset does not load)
    a required table or column missing; an empty id or name (any required
    cell); a duplicate id; a reference to an unknown cooperation or actor; a
    year that is not a whole number; a start after the end; an unknown theme,
    kind, role, region or country code; a number or true/false that does not
    parse; a latitude or longitude out of range; a line break in an id.
warnings (loaded as the source has it)
    text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first);
    an exact duplicate row; an actor listed twice in one cooperation; names
    that differ only by case, spacing, invisible characters or Unicode form;
    a URL that is not http(s); a year outside 1900–2100; a derived theme not
    among the themes; a cooperation without participants; an attribution for a
    programme no cooperation has.
infos
    columns that are not part of the table and are ignored.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from graph_explorer.dataset.readers import RawTable
>>> from graph_explorer.dataset.schema import TABLES
>>> frame = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": ["organisation", "organsation"]})
>>> raw = RawTable("actors", "actors.csv", frame, np.array([2, 3]), {k: k for k in frame})
>>> table, problems = check_table(raw, TABLES["actors"], None)
>>> print(problems[0].format())
error: actors.csv, row 3, column 'kind': 'organsation' is not a known actor kind. Did you mean 'organisation'? Allowed: country, region, organisation, network, group.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..vocab import ACTOR_KINDS, COOPERATION_KINDS, REGIONS, ROLES, THEMES, Vocabulary
from .readers import RawTable
from .report import ERROR, INFO, WARNING, Problem, short
from .schema import LIST_SEPARATOR, TABLES, Column, Table

__all__ = [
    "Countries",
    "EU_ALIASES",
    "problems_at",
    "problems_at_items",
    "check_column",
    "MAX_PER_RULE",
    "check_columns",
    "check_table",
    "check_countries",
    "check_references",
    "check_participations",
    "check_duplicate_rows",
    "check_required_tables",
    "check_lookalike_names",
    "name_key",
    "validate_tables",
]

#: Country codes used by EU sources where they differ from ISO 3166-1.
EU_ALIASES = {"EL": "GR", "UK": "GB"}
#: At most this many problems are listed per rule and column; the rest are counted.
MAX_PER_RULE = 50

_VOCABS: dict[str, Vocabulary] = {v.name: v for v in (ACTOR_KINDS, COOPERATION_KINDS, ROLES, REGIONS, THEMES)}
_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_TRUE, _FALSE = {"true", "yes", "y", "1", "t"}, {"false", "no", "n", "0", "f"}
_SCHEME = re.compile(r"(?i)^(?:[a-z][a-z0-9+.\-]*://|(?:javascript|data|mailto|file|vbscript|tel):|www\.)")
_HTTP = re.compile(r"(?i)^https?://\S+$")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
#: Cells that spreadsheet programs read as formulas (OWASP "CSV injection"), unless they are just a number.
_FORMULA = re.compile(r"[=+\-@]")
_NUMBERISH = re.compile(r"[+\-]?[\d\s.,()/]*")
_NOUN = {"actors": "actor", "cooperations": "cooperation", "countries": "country"}


# -- countries -----------------------------------------------------------------


@dataclass(frozen=True)
class Countries:
    """Look up country codes (ISO, EU aliases, any case) and names.

    Examples
    --------
    >>> import pandas as pd
    >>> c = Countries.from_table(pd.DataFrame({"code": ["GR", "LV"], "eu_code": ["EL", None],
    ...                                        "name": ["Greece", "Latvia"]}))
    >>> c.resolve("el"), c.resolve("Latvia"), c.resolve("XX")
    ('GR', None, None)
    >>> c.by_name("latvia")
    'LV'
    >>> c.suggest("Grece")
    'GR'
    """

    codes: dict[str, str]  # upper-case code or alias -> code
    names: dict[str, str]  # case-folded name -> code
    allowed: str

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> "Countries":
        """The lookup for a (converted) countries table."""
        codes = {str(c).upper(): str(c) for c in table["code"]}
        for alias, iso in EU_ALIASES.items():
            if iso in codes:
                codes.setdefault(alias, codes[iso])
        if "eu_code" in table:
            for code, alias in zip(table["code"], table["eu_code"]):
                if isinstance(alias, str) and alias.strip():
                    codes.setdefault(alias.strip().upper(), str(code))
        names = {str(n).casefold(): str(c) for c, n in zip(table["code"], table["name"])}
        allowed = ("a code of the countries table (" + short(", ".join(sorted(set(codes.values()))), 200)
                   + ") or an EU alias (EL, UK)")
        return cls(codes, names, allowed)

    def resolve(self, value: str) -> str | None:
        """The code for a code or alias in any case; None if unknown."""
        return self.codes.get(str(value).strip().upper())

    def by_name(self, value: str) -> str | None:
        """The code for a country name (any case); None if unknown."""
        return self.names.get(str(value).strip().casefold())

    def suggest(self, value: str) -> str | None:
        """The code of the country whose name (or code) is nearest to ``value``."""
        if code := self.by_name(value):
            return code
        hit = difflib.get_close_matches(str(value).strip().casefold(), list(self.names), n=1, cutoff=0.75)
        return self.names[hit[0]] if hit else None


# -- helpers -------------------------------------------------------------------


def problems_at(raw: RawTable, key: str, positions, severity: str, message, value=None,
                allowed: str | None = None, suggestion=None) -> list[Problem]:
    """A problem for each position (at most MAX_PER_RULE, then one that counts the rest).

    ``message``, ``value`` and ``suggestion`` may be callables of the position.
    """
    positions = list(positions)
    column = raw.header.get(key, key) if key else None
    out = []
    for i in positions[:MAX_PER_RULE]:
        cell = raw.frame[key].iat[i] if key in raw.frame else None
        val = value(i) if callable(value) else (cell if value is None else value)
        out.append(Problem(severity, raw.file, int(raw.rows[i]), raw.column_label(key, i) if key else None,
                           None if val is None else short(val, 200),
                           message(i) if callable(message) else message, allowed,
                           suggestion(i) if callable(suggestion) else suggestion))
    rest = positions[MAX_PER_RULE:]
    if rest:
        rows = ", ".join(str(raw.rows[i]) for i in rest[:10]) + (", …" if len(rest) > 10 else "")
        out.append(Problem(severity, raw.file, int(raw.rows[rest[0]]), column, None,
                           f"… and {len(rest):,} more rows with the same kind of problem (rows {rows}).", allowed))
    return out


def _cells(raw: RawTable, key: str) -> pd.Series:
    """The column's stripped strings ('' where the column is absent)."""
    if key in raw.frame:
        return raw.frame[key]
    return pd.Series([""] * len(raw.frame), dtype=object)


def _map_unique(cells: pd.Series, func) -> pd.Series:
    """``func`` applied once per distinct non-empty value (None for empty cells)."""
    uniques = pd.unique(cells[cells != ""])
    lookup = {u: func(u) for u in uniques}
    return cells.map(lambda v: lookup.get(v) if v != "" else None)


# -- columns -------------------------------------------------------------------


def check_columns(raw: RawTable, table: Table) -> list[Problem]:
    """Missing required columns (error, listing the columns found); unknown ones (info).

    >>> import numpy as np, pandas as pd
    >>> raw = RawTable("actors", "actors.csv", pd.DataFrame({"id": [], "nom": []}), np.array([]),
    ...                {"id": "id", "nom": "Nom"})
    >>> [p.message for p in check_columns(raw, TABLES["actors"])]  # doctest: +NORMALIZE_WHITESPACE
    ["The required columns 'name', 'kind' are missing. The header has: 'id', 'Nom'.",
     "The column 'Nom' is not part of the actors table and is ignored."]
    """
    found = list(raw.frame.columns)
    missing = [c for c in table.required_names if c not in found]
    problems = []
    if missing:
        names = ", ".join(repr(m) for m in missing)
        header = ", ".join(repr(raw.header.get(k, k)) for k in found) or "no columns"
        noun = "column" if len(missing) == 1 else "columns"
        verb = "is" if len(missing) == 1 else "are"
        problems.append(Problem(ERROR, raw.file, 1, missing[0], None,
                                f"The required {noun} {names} {verb} missing. The header has: {header}.",
                                allowed=", ".join(table.names)))
    for key in found:
        if key not in table.names:
            problems.append(Problem(INFO, raw.file, 1, raw.header.get(key, key), None,
                                    f"The column '{raw.header.get(key, key)}' is not part of the {table.name} table "
                                    "and is ignored."))
    return problems


def check_column(raw: RawTable, column: Column, countries: Countries | None) -> tuple[pd.Series, list[Problem]]:
    """Convert one column to its type; the problems of its cells."""
    key, kind = column.name, column.type
    cells = _cells(raw, key)
    empty = (cells == "").to_numpy()
    problems: list[Problem] = []
    if column.required and empty.any():
        problems += problems_at(raw, key, np.flatnonzero(empty), ERROR, f"The {key.replace('_', ' ')} is empty; "
                                f"every row needs one.", value="", allowed=column.help.rstrip("."))
    if kind == "id":
        breaks = cells.str.contains(r"[\r\n]", regex=True).to_numpy()
        problems += problems_at(raw, key, np.flatnonzero(breaks), ERROR, "An id cannot hold a line break.")
        problems += _formula_like(raw, key, cells)
        return cells.where(~empty, None), problems
    if kind == "text":
        problems += _formula_like(raw, key, cells)
        return cells.where(~empty, None), problems
    if kind == "int":
        whole = cells.str.fullmatch(_WHOLE.pattern).to_numpy()
        bad = ~empty & ~whole
        problems += problems_at(raw, key, np.flatnonzero(bad), ERROR,
                                lambda i: f"{cells.iat[i]!r} is not a whole number.",
                                allowed=f"a whole number such as {column.example}, or an empty cell")
        huge = whole & (cells.str.split(".").str[0].str.lstrip("+-").str.len() > 9).to_numpy()
        problems += problems_at(raw, key, np.flatnonzero(huge), ERROR, lambda i: f"{cells.iat[i]!r} is too large.",
                                allowed=f"a whole number such as {column.example}, or an empty cell")
        whole = whole & ~huge
        numbers = pd.to_numeric(cells.where(whole & ~empty), errors="coerce").round().astype("Int64")
        if "year" in key or key in ("start", "end"):
            odd = (numbers.notna() & ((numbers < 1900) | (numbers > 2100))).to_numpy(dtype=bool)
            problems += problems_at(raw, key, np.flatnonzero(odd), WARNING,
                                    lambda i: f"The year {cells.iat[i]} is outside 1900–2100; is it a typo?")
        return numbers, problems
    if kind == "float":
        text = cells.where(~cells.str.fullmatch(_DECIMAL_COMMA.pattern), cells.str.replace(",", ".", regex=False))
        numbers = pd.to_numeric(text.where(~empty), errors="coerce").astype(float)
        bad = ~empty & numbers.isna().to_numpy()
        problems += problems_at(raw, key, np.flatnonzero(bad), ERROR, lambda i: f"{cells.iat[i]!r} is not a number.",
                                allowed=f"a decimal number such as {column.example}")
        if key == "weight":
            nonpositive = (numbers.notna() & ~(numbers > 0) | np.isinf(numbers)).to_numpy()
            problems += problems_at(raw, key, np.flatnonzero(nonpositive), ERROR,
                                    lambda i: f"The weight {cells.iat[i]} is not above 0.",
                                    allowed="a number above 0, or an empty cell (= 1)")
        limit = 90 if key == "lat" else 180 if key == "lon" else None
        if limit:
            out = (numbers.abs() > limit).to_numpy()
            problems += problems_at(raw, key, np.flatnonzero(out), ERROR,
                                    lambda i: f"{cells.iat[i]} is not a {'latitude' if limit == 90 else 'longitude'}.",
                                    allowed=f"a number from -{limit} to {limit} (degrees, WGS84)")
        return numbers, problems
    if kind == "bool":
        folded = cells.str.lower()
        bad = ~empty & ~folded.isin(_TRUE | _FALSE).to_numpy()
        problems += problems_at(raw, key, np.flatnonzero(bad), ERROR,
                                lambda i: f"{cells.iat[i]!r} is not true or false.",
                                allowed="true or false (also yes/no, 1/0)")
        return folded.isin(_TRUE), problems
    if kind == "url":
        bad = ~empty & ~cells.str.match(_HTTP.pattern).to_numpy()
        problems += problems_at(raw, key, np.flatnonzero(bad), WARNING,
                                lambda i: f"{short(cells.iat[i])!r} is not an http(s) address; it is kept as text "
                                "but not shown as a link.", allowed="an address starting with https:// or http://")
        return cells.where(~empty, None), problems
    if kind == "country":
        if countries is None:
            return cells.where(~empty, None), problems
        codes = _map_unique(cells, countries.resolve)
        bad = ~empty & codes.isna().to_numpy()
        problems += problems_at(raw, key, np.flatnonzero(bad), ERROR,
                                lambda i: f"{cells.iat[i]!r} is not a known country code.",
                                allowed=countries.allowed, suggestion=lambda i: countries.suggest(cells.iat[i]))
        return codes, problems
    if kind.startswith("vocab:"):
        vocab = _VOCABS[kind[len("vocab:"):]]
        terms = _map_unique(cells, vocab.normalise)
        bad = ~empty & terms.isna().to_numpy()
        problems += problems_at(raw, key, np.flatnonzero(bad), ERROR,
                                lambda i: f"{short(cells.iat[i])!r} is not a known {vocab.name}.",
                                allowed=vocab.allowed(), suggestion=lambda i: _first(vocab.suggest(cells.iat[i])))
        return terms, problems
    if kind == "list":
        return _check_list(raw, key, cells)
    raise ValueError(f"unknown column type {kind!r} in the schema")  # a bug in schema.py, not in the data


def _formula_like(raw: RawTable, key: str, cells: pd.Series) -> list[Problem]:
    """Text that a spreadsheet program would run as a formula (warning; the text is kept as it is).

    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({"name": ["=1+1", "-1", "Riga", "@SUM(A1)"]})
    >>> raw = RawTable("actors", "actors.csv", frame, np.array([2, 3, 4, 5]), {"name": "name"})
    >>> [(p.row, p.message[:30]) for p in _formula_like(raw, "name", frame["name"])]
    [(2, "'=1+1' starts with '=', which "), (5, "'@SUM(A1)' starts with '@', wh")]
    """
    risky = (cells.str.match(_FORMULA.pattern) & ~cells.str.fullmatch(_NUMBERISH.pattern)).to_numpy(dtype=bool)
    return problems_at(raw, key, np.flatnonzero(risky), WARNING,
                       lambda i: f"{short(cells.iat[i])!r} starts with {cells.iat[i][0]!r}, which spreadsheet "
                       "programs run as a formula. It is kept as text: the explorer shows it as text, and its CSV "
                       "and Excel exports neutralise it.")


def _first(items):
    return items[0] if items else None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())


def _check_list(raw: RawTable, key: str, cells: pd.Series) -> tuple[pd.Series, list[Problem]]:
    """Split a ';'-separated column into tuples; themes are checked against the vocabulary."""
    items = cells.map(_split)
    problems: list[Problem] = []
    flat = items.explode().dropna()  # index = position in the table
    if key in ("themes", "themes_derived"):
        terms = {v: THEMES.normalise(v) for v in pd.unique(flat)}
        unknown = flat[flat.map(terms).isna()]
        problems += problems_at_items(raw, key, list(unknown.index), list(unknown), ERROR,
                                      lambda i, v: f"{short(v)!r} is not a known theme"
                                      + (f" (in {short(cells.iat[i])!r})." if len(items.iat[i]) > 1 else "."),
                                      allowed=THEMES.allowed(), suggestion=lambda v: _first(THEMES.suggest(v)))

        def canonical(values):
            out = []
            for v in values:
                t = terms.get(v)
                if t and t not in out:
                    out.append(t)
            return tuple(out)
        return items.map(canonical), problems
    risky = flat[flat.str.match(_FORMULA.pattern) & ~flat.str.fullmatch(_NUMBERISH.pattern)]
    problems += problems_at_items(raw, key, list(risky.index), list(risky), WARNING,
                                  lambda i, v: f"{short(v)!r} starts with {v[0]!r}, which spreadsheet programs run "
                                  "as a formula. It is kept as text: the explorer shows it as text, and its CSV and "
                                  "Excel exports neutralise it.")
    not_links = flat[flat.str.match(_SCHEME.pattern) & ~flat.str.match(_HTTP.pattern)]
    problems += problems_at_items(raw, key, list(not_links.index), list(not_links), WARNING,
                                  lambda i, v: f"{short(v)!r} is not an http(s) address; it is kept as text "
                                  "but not shown as a link.",
                                  allowed="https://… or http://… addresses, or citations as text")
    return items, problems


def problems_at_items(raw: RawTable, key: str, positions: list[int], values: list[str], severity: str, message,
                      allowed=None, suggestion=None) -> list[Problem]:
    """Like :func:`problems_at` for one item of a list cell: ``values[j]`` sits at row ``positions[j]``."""
    sub = RawTable(raw.name, raw.file, pd.DataFrame({key: values}, dtype=object),
                   np.asarray([raw.rows[i] for i in positions], dtype=np.int64), raw.header,
                   {key: np.asarray([raw.column_label(key, i) for i in positions], dtype=object)})
    return problems_at(sub, key, range(len(values)), severity, lambda j: message(positions[j], values[j]),
                       allowed=allowed, suggestion=(lambda j: suggestion(values[j])) if suggestion else None)


# -- rows ----------------------------------------------------------------------


def check_table(raw: RawTable, table: Table, countries: Countries | None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check and convert one table; None when its columns are unusable.

    The result has every column of ``table`` in the schema's order (absent
    optional columns are empty), one row per row of ``raw`` in the same order.
    Checks: columns, each cell's type, duplicate ids (keyed tables) or exact
    duplicate rows (others, except participations, see
    :func:`check_participations`), and for cooperations start ≤ end and derived
    themes among the themes.
    """
    problems = check_columns(raw, table)
    if any(p.severity == ERROR for p in problems):
        return None, problems
    columns = {}
    for column in table.columns:
        values, more = check_column(raw, column, countries)
        columns[column.name] = values.reset_index(drop=True)
        problems += more
    frame = pd.DataFrame(columns)
    if table.key:
        problems += _duplicate_ids(raw, frame, table.key)
    elif table.name != "participations":
        problems += check_duplicate_rows(raw)
    if table.name == "cooperations":
        problems += _check_years(raw, frame)
        problems += _check_derived(raw, frame)
    return frame, problems


def _duplicate_ids(raw: RawTable, frame: pd.DataFrame, key: str) -> list[Problem]:
    ids = frame[key]
    folded = ids.str.upper() if raw.name == "countries" else ids
    first = {v: i for i, v in reversed(list(enumerate(folded))) if isinstance(v, str)}
    later = np.flatnonzero((folded.duplicated(keep="first") & folded.notna()).to_numpy())
    noun = _NOUN.get(raw.name, raw.name)

    def message(i):
        j = first[folded.iat[i]]
        same = " (the two rows are identical)" if raw.frame.iloc[i].equals(raw.frame.iloc[j]) else ""
        return (f"The {key} {ids.iat[i]!r} is used twice: rows {raw.rows[j]} and {raw.rows[i]}{same}. "
                f"Every {noun} needs its own {key}; remove the copy or give one of them another {key}.")
    return problems_at(raw, key, later, ERROR, message)


def check_duplicate_rows(raw: RawTable) -> list[Problem]:
    """Rows identical to an earlier row (warning; they are kept).

    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({"programme": ["", "", "X"], "text": ["Source A", "Source A", "B"]})
    >>> raw = RawTable("attributions", "attributions.csv", frame, np.array([2, 3, 4]), {})
    >>> [(p.row, p.message) for p in check_duplicate_rows(raw)]
    [(3, 'This row is an exact copy of row 2.')]
    """
    dup = raw.frame.duplicated(keep=False).to_numpy()
    if not dup.any():
        return []
    first: dict[tuple, int] = {}
    later = []
    for i in np.flatnonzero(dup):
        row = tuple(raw.frame.iloc[i])
        if row in first:
            later.append((i, first[row]))
        else:
            first[row] = i
    extra = " It is kept as a separate cooperation; delete it if it is a copy." if raw.name == "links" else ""
    return problems_at(raw, None, [i for i, _ in later], WARNING,
                       lambda i: f"This row is an exact copy of row {raw.rows[dict(later)[i]]}.{extra}")


def _check_years(raw: RawTable, frame: pd.DataFrame) -> list[Problem]:
    start, end = frame["start_year"], frame["end_year"]
    bad = (start > end).fillna(False).to_numpy(dtype=bool)
    return problems_at(raw, "end_year", np.flatnonzero(bad), ERROR,
                       lambda i: f"The end year {end.iat[i]} is before the start year {start.iat[i]} (column "
                       f"'{raw.column_label('start_year', i)}').",
                       value=lambda i: str(end.iat[i]), allowed="an end year equal to or after the start year")


def _check_derived(raw: RawTable, frame: pd.DataFrame) -> list[Problem]:
    stray = [(i, t) for i, (themes, derived) in enumerate(zip(frame["themes"], frame["themes_derived"]))
             for t in derived if t not in themes]
    return problems_at_items(raw, "themes_derived", [i for i, _ in stray], [t for _, t in stray], WARNING,
                             lambda i, t: f"The derived theme {t!r} is not among the themes of this row; add it to the "
                             "themes or remove it here.")


def check_participations(raw: RawTable, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Participations listed twice: the same role (counted once) or two roles (both kept).

    Returns the participations without the exact repeats, and the warnings.
    """
    problems = []
    seen_pair: dict[tuple, int] = {}
    seen_triple: dict[tuple, int] = {}
    repeats, two_roles = [], []
    pairs = list(zip(frame["cooperation_id"], frame["actor_id"]))
    for i, (pair, role) in enumerate(zip(pairs, frame["role"])):
        if (pair + (role,)) in seen_triple:
            repeats.append((i, seen_triple[pair + (role,)]))
            continue
        seen_triple[pair + (role,)] = i
        if pair in seen_pair:
            two_roles.append((i, seen_pair[pair]))
        else:
            seen_pair[pair] = i
    first = dict(repeats + two_roles)
    problems += problems_at(raw, "actor_id", [i for i, _ in repeats], WARNING,
                            lambda i: f"The actor {frame['actor_id'].iat[i]!r} is listed again in cooperation "
                            f"{frame['cooperation_id'].iat[i]!r} with the same role '{frame['role'].iat[i]}' as in "
                            f"row {raw.rows[first[i]]}; it is counted once.")
    problems += problems_at(raw, "actor_id", [i for i, _ in two_roles], WARNING,
                            lambda i: f"The actor {frame['actor_id'].iat[i]!r} is listed twice in cooperation "
                            f"{frame['cooperation_id'].iat[i]!r}: as '{frame['role'].iat[first[i]]}' in row "
                            f"{raw.rows[first[i]]} and as '{frame['role'].iat[i]}' here. Both rows are kept as the "
                            "source has them.")
    keep = np.ones(len(frame), dtype=bool)
    keep[[i for i, _ in repeats]] = False
    return frame[keep].reset_index(drop=True), problems


def check_references(raw: RawTable, frame: pd.DataFrame, key: str, target: RawTable,
                     target_ids: pd.Series) -> list[Problem]:
    """Values of ``frame[key]`` that are not ids of the ``target`` table (error, with the nearest id)."""
    known = set(target_ids.dropna())
    values = frame[key]
    bad = np.flatnonzero((values.notna() & ~values.isin(known)).to_numpy())
    if not len(bad):
        return []
    folded = {}
    for v in known:
        folded.setdefault(name_key(v), v)
    candidates = list(known) if len(known) <= 5000 else []

    def nearest(i):
        v = values.iat[i]
        if (hit := folded.get(name_key(v))) is not None:
            return hit
        close = difflib.get_close_matches(v, candidates, n=1, cutoff=0.8)
        return close[0] if close else None
    noun = _NOUN.get(target.name, target.name)
    return problems_at(raw, key, bad, ERROR,
                       lambda i: f"No {noun} has the id {values.iat[i]!r}: it is not in the 'id' column of "
                       f"{target.file}.", suggestion=nearest)


def name_key(name: str) -> str:
    """A name folded for look-alike detection: Unicode NFKC, no invisible characters, one space, any case,
    and letters of other alphabets that look alike folded together (the Unicode TS #39 skeleton).

    >>> name_key("Kold\\u200b  College ") == name_key("KOLD COLLEGE")
    True
    >>> name_key("Rig\\u0430") == name_key("Riga")  # a Cyrillic а
    True
    """
    text = unicodedata.normalize("NFKC", str(name)).translate(_ZERO_WIDTH)
    return confusable_skeleton(" ".join(text.split()).casefold())


def confusable_skeleton(text: str) -> str:
    """The Unicode TS #39 skeleton of ``text`` ("Rigа" with a Cyrillic а → "riga"), from the ``disarm`` library.

    Two strings with the same skeleton look alike to a reader (Unicode's confusables data, kept
    current by the library); names in the Latin alphabet are their own skeleton.
    """
    if text.isascii():
        return text
    return "".join(_letter_skeleton(ch) if not ch.isascii() and ch.isalpha() else ch for ch in text)


@functools.lru_cache(maxsize=4096)
def _letter_skeleton(ch: str) -> str:
    """One letter's skeleton when it is a look-alike of Latin letters (Cyrillic а → a), with its case; else itself.

    Letters with accents (é, ī) are left to the Unicode normalisation step: their skeleton is not a look-alike.
    """
    from disarm import skeleton_key

    if unicodedata.decomposition(ch):
        return ch
    sk = skeleton_key(ch)
    if not sk or not sk.isascii() or not sk.isalpha():
        return ch
    return sk.upper() if ch.isupper() else sk


def _how_they_differ(a: str, b: str) -> str:
    steps = [
        ("Unicode normalisation form", lambda s: unicodedata.normalize("NFKC", s)),
        ("invisible characters", lambda s: s.translate(_ZERO_WIDTH)),
        ("spacing", lambda s: " ".join(s.split())),
        ("upper/lower case", str.casefold),
        ("look-alike letters of another alphabet", confusable_skeleton),
    ]
    def fold(text, skip):
        for i, (_, step) in enumerate(steps):
            if i != skip:
                text = step(text)
        return text

    # a step is named when the two spellings differ without it
    found = [what for i, (what, _) in enumerate(steps) if a != b and fold(a, i) != fold(b, i)]
    return " and ".join(found) or "nothing"


def _foreign_letters(a: str, b: str) -> str:
    """ "; 'а' is CYRILLIC SMALL LETTER A" for the letters of one spelling that are not in the other (or "")."""
    seen = []
    for text, other in ((b, a), (a, b)):
        for ch in text:
            if not ch.isascii() and ch not in other and ch.isalpha() and ch not in seen:
                seen.append(ch)
    if not seen:
        return ""
    names = ", ".join(f"{ch!r} is {unicodedata.name(ch, 'U+%04X' % ord(ch))}" for ch in seen[:4])
    return f"; {names}"


def check_lookalike_names(raw: RawTable, frame: pd.DataFrame) -> list[Problem]:
    """Actor names equal but for case, spacing, invisible characters or Unicode form (warning; never merged)."""
    names = frame["name"]
    keys = names.map(lambda n: name_key(n) if isinstance(n, str) else None)
    dup = (keys.duplicated(keep=False) & keys.notna()).to_numpy()
    if not dup.any():
        return []
    first: dict[str, int] = {}
    later = []
    for i in np.flatnonzero(dup):
        if keys.iat[i] in first:
            later.append((i, first[keys.iat[i]]))
        else:
            first[keys.iat[i]] = i
    ref = dict(later)

    def message(i):
        j = ref[i]
        a, b = names.iat[j], names.iat[i]
        how = "is the same name as" if a == b else f"differs only in {_how_they_differ(a, b)} from"
        odd = _foreign_letters(a, b)
        return (f"Possible duplicate of row {raw.rows[j]}: {b!r} {how} {a!r} (id {frame['id'].iat[j]!r}){odd}. "
                "Both are kept as separate actors; give them one id if they are the same.")
    return problems_at(raw, "name", [i for i, _ in later], WARNING, message)


# -- the whole dataset ---------------------------------------------------------


def check_countries(raw: RawTable) -> tuple[pd.DataFrame | None, Countries | None, list[Problem]]:
    """Check the countries table and build its lookup."""
    frame, problems = check_table(raw, TABLES["countries"], None)
    if frame is None or any(p.severity == ERROR for p in problems):
        return None, None, problems
    return frame, Countries.from_table(frame), problems


def validate_tables(raws: dict[str, RawTable], countries: Countries | None
                    ) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Check and convert the tables other than countries, then the links between them.

    A table that could not be read is None in ``raws`` (or absent) and is skipped.
    Returns the converted tables (only meaningful when no problem is an error)
    and every problem found.
    """
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, table in TABLES.items():
        if name == "countries" or raws.get(name) is None:
            continue
        frame, more = check_table(raws[name], table, countries)
        problems += more
        if frame is not None:
            frames[name] = frame
    a, c, p = (frames.get(n) for n in ("actors", "cooperations", "participations"))
    if a is not None:
        problems += check_lookalike_names(raws["actors"], a)
    if p is not None:
        frames["participations"], more = check_participations(raws["participations"], p)
        problems += more
        if c is not None:
            problems += check_references(raws["participations"], p, "cooperation_id", raws["cooperations"], c["id"])
            lonely = np.flatnonzero(~c["id"].isin(set(p["cooperation_id"])).to_numpy() & c["id"].notna().to_numpy())
            problems += problems_at(raws["cooperations"], "id", lonely, WARNING,
                                    lambda i: f"The cooperation {c['id'].iat[i]!r} has no participants in "
                                    f"{raws['participations'].file}.")
        if a is not None:
            problems += check_references(raws["participations"], p, "actor_id", raws["actors"], a["id"])
    if (f := frames.get("conflicts")) is not None:
        if c is not None:
            problems += check_references(raws["conflicts"], f, "cooperation_id", raws["cooperations"], c["id"])
        fields = [n for n in TABLES["cooperations"].names if n != "id"]
        bad = np.flatnonzero((f["field"].notna() & ~f["field"].isin(fields)).to_numpy())
        problems += problems_at(raws["conflicts"], "field", bad, ERROR,
                                lambda i: f"{f['field'].iat[i]!r} is not a column of cooperations.",
                                allowed=", ".join(fields),
                                suggestion=lambda i: _first(difflib.get_close_matches(f["field"].iat[i], fields, n=1)))
    if (t := frames.get("attributions")) is not None and c is not None:
        programmes = set(c["programme"].dropna())
        bad = np.flatnonzero((t["programme"].notna() & ~t["programme"].isin(programmes)).to_numpy())
        problems += problems_at(raws["attributions"], "programme", bad, WARNING,
                                lambda i: f"No cooperation has the programme {t['programme'].iat[i]!r}, so this "
                                "attribution is never shown.",
                                suggestion=lambda i: _first(difflib.get_close_matches(t["programme"].iat[i],
                                                                                  list(programmes), n=1)))
    return frames, problems


def check_required_tables(raws: dict[str, RawTable], source: str, form: str) -> list[Problem]:
    """A missing required table (error). ``form`` is 'folder', 'archive' or 'workbook'.

    >>> [p.message for p in check_required_tables({}, "data", "workbook")][0]
    "The workbook has no sheet named 'actors'; it needs the sheets actors, cooperations, participations."
    """
    needed = [n for n, t in TABLES.items() if t.required]  # a table read with errors is present (None)
    problems = []
    for name in needed:
        if name in raws:
            continue
        if form == "workbook":
            message = (f"The workbook has no sheet named '{name}'; it needs the sheets {', '.join(needed)}.")
        else:
            message = (f"The {form} has no {name}.csv; a dataset needs "
                       f"{', '.join(n + '.csv' for n in needed)}.")
        problems.append(Problem(ERROR, source, None, None, None, message))
    return problems
