"""The Erasmus+ Project Results export ("Projects_Overview" CSV, or the same table as .xlsx).

One row per project; the columns, matched ignoring case, spaces and
punctuation: ``Programme, Key Action, Action Type, Call year`` (older files:
``Funding Year``), ``Project Identifier, Project Title, Topics, Project
Summary, Project Status, EU Grant award in euros (…), Project Website, Results
Platform Project Card, Participating countries, Coordinating organisation
name, Coordinating organisation type, Coordinator's address, Coordinator's
region, Coordinator's country, Coordinator's website``, then ``Partner N name /
organisation type / address / region / country / website`` for any N. The
platform writes UTF-8 with a BOM, commas, CRLF and quoted multi-line cells.

How it maps to the data model
-----------------------------
- each row → a cooperation: id = Project Identifier, kind ``project``,
  programme = ``Programme – Action Type`` (``Erasmus+ – Cooperation
  partnerships in vocational education and training``), start year = Call
  year, title, description = Project Summary, source = the Results Platform
  project card URL, topics = the Topics as written, themes = the topics read
  through the keyword table (:func:`theme_table`; marked as derived);
- the coordinator → a participation with role ``coordinator``, each partner one
  with role ``partner``;
- organisations → actors merged across spellings within a country
  (:mod:`graph_explorer.dataset.reconcile`); kind ``organisation``, country from
  the English name (old and new names, ISO and EU codes), url = website.

Overrides beside the file (both optional): ``<file stem>.merges.csv`` (name,
country, actor_id: spellings put into an actor) and ``<file stem>.themes.csv``
(theme, keyword: replaces the keyword table). In a folder: ``merges.csv`` and
``themes.csv``.

The CSV is read as a stream, keeping only the columns used, so a 100 MB export
does not need its text in memory at once.

Examples
--------
>>> column_key("Coordinator's  Country ")
'coordinatorscountry'
>>> themes_of(["Green skills", "Digital skills and competences", "Social dialogue"], theme_table())
('green', 'digital')
"""

from __future__ import annotations

import csv
import io
import re
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..limits import Limits
from ..readers import RawTable, _cell_text, deadline_of, decode, header_key, open_workbook, read_csv
from ..reconcile import Overrides, Spellings, merge_spellings, read_overrides
from ..report import ERROR, INFO, WARNING, Problem, short
from ..schema import LIST_SEPARATOR, Column, Table
from .base import NO, Format, Head, Reading, Sniff, Source

__all__ = ["FORMAT", "sniff", "read", "convert", "column_key", "theme_table", "themes_of", "split_topics",
           "THEMES_FILE", "COUNTRY_ALIASES", "HEADER", "PARTNER_FIELDS", "resolve_country"]

#: The default keyword table (theme, keyword), shipped with the package.
THEMES_FILE = Path(__file__).with_name("erasmus_themes.csv")

#: The columns before the partners, as the platform writes them.
HEADER = ["Programme", "Key Action", "Action Type", "Call year", "Project Identifier", "Project Title", "Topics",
          "Project Summary", "Project Status",
          "EU Grant award in euros (This amount represents the grant awarded after the selection stage and is "
          "indicative. Please note that any changes made during or after the project's lifetime will not be "
          "reflected here.)",
          "Project Website", "Results Platform Project Card", "Participating countries",
          "Coordinating organisation name", "Coordinating organisation type", "Coordinator's address",
          "Coordinator's region", "Coordinator's country", "Coordinator's website"]
#: The six columns of each partner, after ``Partner N``.
PARTNER_FIELDS = ["name", "organisation type", "address", "region", "country", "website"]

#: Country names the export uses (old and new) that the countries table spells otherwise; keys as :func:`_plain`.
COUNTRY_ALIASES = {
    "czech republic": "CZ", "turkey": "TR", "turkiye": "TR", "republic of turkiye": "TR",
    "macedonia": "MK", "north macedonia": "MK", "republic of north macedonia": "MK",
    "former yugoslav republic of macedonia": "MK", "the former yugoslav republic of macedonia": "MK",
    "fyrom": "MK", "united kingdom of great britain and northern ireland": "GB", "great britain": "GB",
    "uk": "GB", "russian federation": "RU", "republic of moldova": "MD", "moldova republic of": "MD",
    "kosovo under unsc resolution 1244 99": "XK", "kosovo under unscr 1244 99": "XK",
    "kosovo under unsc 1244": "XK", "kosovo": "XK", "holy see": "VA", "holy see vatican city state": "VA",
    "bosnia herzegovina": "BA", "slovak republic": "SK", "the netherlands": "NL", "netherlands the": "NL",
    "ukraine": "UA", "turkiye republic of": "TR",
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_TOPIC_SPLIT = re.compile(r"\s*(?:;|\||\r?\n)\s*")
_COORDINATOR = {"name": "coordinatingorganisationname", "organisation type": "coordinatingorganisationtype",
                "address": "coordinatorsaddress", "region": "coordinatorsregion", "country": "coordinatorscountry",
                "website": "coordinatorswebsite"}
_PARTNER = re.compile(r"^partner(\d+)(name|organisationtype|address|region|country|website)$")
_KEYS = {"programme": "programme", "keyaction": "key_action", "actiontype": "action_type",
         "callyear": "year", "fundingyear": "year", "projectidentifier": "id", "projecttitle": "title",
         "topics": "topics", "projectsummary": "summary", "projectstatus": "status",
         "projectwebsite": "website", "resultsplatformprojectcard": "card", "participatingcountries": "countries"}
#: The columns that make a file this format (and, for the nearest-format message, what is missing).
_REQUIRED = {"projectidentifier": "Project Identifier", "coordinatingorganisationname": "Coordinating organisation name",
             "callyear|fundingyear": "Call year", "projecttitle": "Project Title"}


#: The override files read beside an export.
_SIDECARS = {
    "merge_overrides": Table("merge_overrides", (Column("name", "text", True, "A spelling.", ""),
                                                 Column("actor_id", "text", True, "Its actor.", ""),
                                                 Column("country", "text", False, "Its country.", "")), None),
    "theme_keywords": Table("theme_keywords", (Column("theme", "text", True, "A theme.", ""),
                                               Column("keyword", "text", True, "A keyword.", "")), None),
}


def column_key(text: str) -> str:
    """A header cell as a key that ignores case, spaces and punctuation."""
    return _NON_ALNUM.sub("", header_key(text).replace("_", ""))


def _plain(text: str) -> str:
    """Lower case, accents and punctuation removed: how country names are compared."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ı", "i")
    return _NON_ALNUM.sub(" ", text).strip()


def resolve_country(value: str, countries) -> str | None:
    """The ISO code of a country as the export writes it (name, old name, ISO or EU code); None if unknown.

    >>> import pandas as pd
    >>> from graph_explorer.dataset.validate import Countries
    >>> c = Countries.from_table(pd.DataFrame({"code": ["CZ", "TR", "GR"], "eu_code": [None, None, "EL"],
    ...                                        "name": ["Czechia", "Türkiye", "Greece"]}))
    >>> [resolve_country(v, c) for v in ["Czech Republic", "Turkey", "TÜRKIYE", "EL", "cz", "Atlantis"]]
    ['CZ', 'TR', 'TR', 'GR', 'CZ', None]
    """
    value = str(value).strip()
    if not value or countries is None:
        return None
    code = countries.resolve(value) or countries.by_name(value)
    if code:
        return code
    plain = _plain(value)
    names = _plain_names(countries)
    return names.get(plain) or (COUNTRY_ALIASES.get(plain) if COUNTRY_ALIASES.get(plain) in countries.codes.values()
                                else None)


def _plain_names(countries) -> dict[str, str]:
    cache = getattr(countries, "_plain_cache", None)
    if cache is None:
        cache = {_plain(n): c for n, c in countries.names.items()}
        try:
            object.__setattr__(countries, "_plain_cache", cache)
        except Exception:  # noqa: BLE001 - a lookup that takes no attributes: compute each time
            pass
    return cache


# -- themes --------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _load_theme_table(path: str, mtime: float) -> tuple[tuple[str, str], ...]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple((t.strip().lower(), k.strip().lower()) for t, k in zip(frame["theme"], frame["keyword"])
                 if t.strip() and k.strip())


def theme_table(path=None) -> tuple[tuple[str, str], ...]:
    """The (theme, keyword) pairs from ``path`` (default :data:`THEMES_FILE`), in file order."""
    path = Path(path or THEMES_FILE)
    return _load_theme_table(str(path), path.stat().st_mtime)


@lru_cache(maxsize=8)
def _theme_patterns(table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((theme, re.compile(r"(?<![0-9a-z])" + re.escape(keyword))) for theme, keyword in table)


@lru_cache(maxsize=65536)
def _topic_themes(topic: str, table: tuple[tuple[str, str], ...]) -> frozenset[str]:
    text = topic.casefold()
    return frozenset(theme for theme, pattern in _theme_patterns(table) if pattern.search(text))


def themes_of(topics, table) -> tuple[str, ...]:
    """The themes whose keyword starts a word of any topic (case-insensitive), in the table's order."""
    table = tuple(table)
    found = set().union(*(_topic_themes(t, table) for t in topics)) if topics else set()
    return tuple(dict.fromkeys(theme for theme, _ in table if theme in found))


def split_topics(cell: str) -> list[str]:
    """The topics of a Topics cell (separated by ';', '|' or line breaks).

    >>> split_topics("Green skills; Inclusion - equity\\nDigital skills")
    ['Green skills', 'Inclusion - equity', 'Digital skills']
    """
    return [t for t in _TOPIC_SPLIT.split(cell.strip()) if t]


# -- sniffing ------------------------------------------------------------------------------------


def _sniff_keys(keys: list[str]) -> Sniff:
    have = {column_key(k) for k in keys}
    missing = [label for alternatives, label in _REQUIRED.items() if not set(alternatives.split("|")) & have]
    if not missing:
        return Sniff(1.0)
    found = len(_REQUIRED) - len(missing)
    if found == 0:
        return NO
    return Sniff(0.4 * found / len(_REQUIRED), "the column" + ("s " if len(missing) > 1 else " ")
                 + ", ".join(f"'{m}'" for m in missing))


def sniff(head: Head) -> Sniff:
    """A CSV whose header has Project Identifier, Coordinating organisation name, Call year and Project Title,
    or an .xlsx whose first sheet's header has them."""
    if head.is_dir:
        return NO
    if head.is_workbook:
        header = _first_sheet_header(head.source)
        return _sniff_keys(header) if header else NO
    return _sniff_keys(head.csv_header)


_XML_TEXT = re.compile(r"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)


def _first_sheet_header(source: Source) -> list[str]:
    """The first row of the first worksheet, from the start of its XML (bounded reads, no XML parser); [] if none.

    Sniffing must be cheap and safe on any file: only the first 512 KB of the
    sheet and 2 MB of the shared strings are inflated, and no entity is expanded.
    """
    import zipfile
    from html import unescape

    try:
        with zipfile.ZipFile(source.zip_handle()) as zf:
            sheets = sorted((n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                            key=lambda n: int(re.sub(r"\D", "", n)))
            if not sheets:
                return []
            with zf.open(sheets[0]) as f:
                xml = f.read(512 * 1024).decode("utf-8", errors="replace")
            row = re.search(r"<(?:\w+:)?row\b[^>]*>(.*?)</(?:\w+:)?row>", xml, re.S)
            if row is None:
                return []
            cells = re.findall(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", row.group(1), re.S)
            shared: list[str] = []
            if any('t="s"' in attrs for attrs, _ in cells) and "xl/sharedStrings.xml" in zf.namelist():
                with zf.open("xl/sharedStrings.xml") as f:
                    text = f.read(2 * 1024 * 1024).decode("utf-8", errors="replace")
                shared = ["".join(_XML_TEXT.findall(si)) for si in
                          re.findall(r"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", text, re.S)]
    except Exception:  # noqa: BLE001 - damaged: not sniffed as this format (its reader says why)
        return []
    out = []
    for attrs, body in cells:
        value = re.search(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", body or "", re.S)
        if 't="s"' in attrs and value and value.group(1).strip().isdigit():
            k = int(value.group(1))
            out.append(shared[k] if k < len(shared) else "")
        elif 't="inlineStr"' in attrs:
            out.append("".join(_XML_TEXT.findall(body or "")))
        else:
            out.append(value.group(1) if value else "")
    return [unescape(c) for c in out]


# -- reading -------------------------------------------------------------------------------------


class _Columns:
    """Where each used column is in the header, and how the file names it."""

    def __init__(self, header: list[str]):
        self.header = header
        self.index: dict[str, int] = {}
        self.partners: dict[int, dict[str, int]] = {}
        self.coordinator: dict[str, int] = {}
        field_of = {column_key(f): f for f in PARTNER_FIELDS}
        for i, cell in enumerate(header):
            key = column_key(cell)
            if key in _KEYS and _KEYS[key] not in self.index:
                self.index[_KEYS[key]] = i
            elif key.startswith("eugrantaward"):
                self.index.setdefault("grant", i)
            elif m := _PARTNER.match(key):
                self.partners.setdefault(int(m.group(1)), {})[field_of[m.group(2)]] = i
            else:
                for f, k in _COORDINATOR.items():
                    if key == k:
                        self.coordinator.setdefault(f, i)

        self.groups = [("coordinator", dict(self.coordinator))] + \
            [("partner", dict(self.partners[n])) for n in sorted(self.partners)]
        for _, where in self.groups:
            if "name" in where:
                where["name_label"] = self.label(where["name"])
                where["country_label"] = self.label(where["country"]) if "country" in where else where["name_label"]

    def label(self, i: int) -> str:
        return self.header[i].strip()


def _text_stream(source: Source, head: bytes):
    """The file as text, streamed: (file object, encoding, problems)."""
    raw = source.open()
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    return io.TextIOWrapper(raw, encoding=encoding, newline=""), encoding


def _delimiter(head: Head) -> str:
    text = head.text or ""
    first = text.splitlines()[0] if text else ""
    return max((",", ";", "\t"), key=first.count)


def _records_csv(source: Source, limits: Limits, problems: list[Problem]):
    """(row number, cells) of each non-empty record of a CSV export, streamed."""
    head = Head.of(source)
    if head.text is None:
        text, more = decode(source.head(), source.name)  # the reason it is not text
        problems += more or [Problem(ERROR, source.name, None, None, None, "The file is not text.")]
        return
    delimiter = _delimiter(head)
    stream, encoding = _text_stream(source, head.data)
    total = max(source.size, 1)
    try:
        reader = csv.reader(stream, delimiter=delimiter)
        for number, record in enumerate(reader, start=1):
            if number % 2000 == 0 and source.progress is not None:
                done = stream.buffer.tell()
                source.report(f"Reading {source.name}: {done / total:.0%} ({done / 2**20:,.0f} of "
                              f"{total / 2**20:,.0f} MB)")
            yield number, record
    except UnicodeDecodeError:
        problems.append(Problem(INFO, source.name, None, None, None, "Read with the cp1252 encoding."))
        stream.close()
        stream = io.TextIOWrapper(source.open(), encoding="cp1252", newline="")
        reader = csv.reader(stream, delimiter=delimiter)
        yield "restart", None
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as exc:
        problems.append(Problem(ERROR, source.name, None, None, None, f"The CSV reader failed near line "
                                f"{reader.line_num}: {exc}"))
    finally:
        stream.close()


def _records_xlsx(source: Source, limits: Limits, problems: list[Problem]):
    book, more = open_workbook(source.data if source.data is not None else source.path, source.name, limits)
    problems += more
    if book is None:
        return
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    finally:
        book.close()


class _Collect:
    """The used cells of every row, as lists (a project table and a participant table)."""

    def __init__(self):
        self.projects = {k: [] for k in ("id", "title", "programme", "key_action", "action_type", "year", "topics",
                                         "summary", "card", "website", "status", "countries")}
        self.rows: list[int] = []
        self.part = {k: [] for k in ("cooperation_id", "name", "country", "type", "website", "role", "column",
                                     "country_column", "row")}


def read(source: Source, limits: Limits) -> Reading:
    """Read the export (CSV streamed, or the first sheet of an .xlsx) into the tables ``projects`` and ``participants``."""
    problems: list[Problem] = []
    file = source.name
    is_book = source.head(4).startswith(b"PK")
    records = (_records_xlsx if is_book else _records_csv)(source, limits, problems)
    cols: _Columns | None = None
    out = _Collect()
    deadline = deadline_of(limits)  # the clock read_source started for the whole file
    width = 0
    for number, record in records:
        if number == "restart":
            cols, out, width = None, _Collect(), 0
            continue
        if not any(c.strip() for c in record):
            continue
        if cols is None:
            cols = _Columns(record)
            width = len(record)
            if width > limits.max_columns:
                return Reading({}, problems + [Problem(ERROR, file, number, None, None, f"The header has {width:,} "
                                                       f"columns; at most {limits.max_columns:,} are accepted.")])
            missing = [label for alternatives, label in _REQUIRED.items()
                       if not any(a in {column_key(c) for c in record} for a in alternatives.split("|"))]
            if missing:
                return Reading({}, problems + [Problem(
                    ERROR, file, number, None, None, "This is not an Erasmus+ Project Results export: the header "
                    "lacks " + ", ".join(f"'{m}'" for m in missing) + ".", allowed="the columns of the export: "
                    + ", ".join(HEADER[:6]) + ", …, Partner N name, …")])
            continue
        if len(out.rows) >= limits.max_rows:
            return Reading({}, problems + [Problem(ERROR, file, number, None, None, f"The file has more than "
                                                   f"{limits.max_rows:,} data rows; split it or filter it first.")])
        if len(out.rows) * width > limits.max_cells:
            return Reading({}, problems + [Problem(ERROR, file, number, None, None, f"The file has more than "
                                                   f"{limits.max_cells:,} cells; split it or filter it first.")])
        if len(out.rows) % 2000 == 0 and time.monotonic() > deadline:
            return Reading({}, problems + [Problem(ERROR, file, number, None, None, f"Reading took more than "
                                                   f"{limits.max_seconds:g} seconds; split the file.")])
        problems += _take_row(out, cols, record, number, file, limits)
        if sum(p.severity == ERROR for p in problems) > 200:
            break
    if cols is None:
        if not any(p.severity == ERROR for p in problems):
            problems.append(Problem(ERROR, file, None, None, None, "The file is empty.",
                                    allowed="a header row and data rows"))
        return Reading({}, problems)
    rows = np.asarray(out.rows, dtype=np.int64)
    projects = pd.DataFrame(out.projects, dtype=str)
    header = {k: cols.label(i) for k, i in cols.index.items()}
    part_rows = np.asarray(out.part["row"], dtype=np.int64)
    participants = pd.DataFrame({k: v for k, v in out.part.items() if k not in ("row", "column", "country_column")},
                                dtype=str)
    tables = {
        "projects": RawTable("projects", file, projects, rows, header),
        "participants": RawTable("participants", file, participants, part_rows,
                                 {"name": "Coordinating organisation name"},
                                 {"name": np.asarray(out.part["column"], dtype=object),
                                  "country": np.asarray(out.part["country_column"], dtype=object)}),
    }
    for kind, suffix in (("merge_overrides", "merges"), ("theme_keywords", "themes")):
        if (path := _sidecar(source.path, suffix)) is not None:
            raw, _, more = read_csv(path.read_bytes(), path.name, [_SIDECARS[kind]], limits)
            problems += more
            if raw is not None:
                tables[kind] = raw
    return Reading(tables, problems)


def _take_row(out: _Collect, cols: _Columns, record: list[str], number: int, file: str, limits: Limits
              ) -> list[Problem]:
    problems = []
    n = len(record)
    longest = max(map(len, record)) if record else 0
    if longest > limits.max_cell_chars:
        for i, value in enumerate(record):
            if len(value) > limits.max_cell_chars:
                problems.append(Problem(ERROR, file, number, cols.label(i) if i < len(cols.header) else None,
                                        short(value), f"A cell holds {len(value):,} characters; at most "
                                        f"{limits.max_cell_chars:,} are accepted."))
                record[i] = ""

    def cell(i):
        return record[i].strip() if i is not None and i < n else ""

    index = cols.index
    project_id = cell(index.get("id"))
    for key, values in out.projects.items():
        values.append(project_id if key == "id" else cell(index.get(key)))
    out.rows.append(number)
    p = out.part
    for role, where in cols.groups:
        name = cell(where.get("name"))
        if not name:
            continue
        p["cooperation_id"].append(project_id)
        p["name"].append(name)
        p["country"].append(cell(where.get("country")))
        p["type"].append(cell(where.get("organisation type")))
        p["website"].append(cell(where.get("website")))
        p["role"].append(role)
        p["row"].append(number)
        p["column"].append(where["name_label"])
        p["country_column"].append(where["country_label"])
    return problems


# -- converting ----------------------------------------------------------------------------------


def _sidecar(source_path: Path | None, suffix: str) -> Path | None:
    """``<stem>.<suffix>.csv`` beside a file, or ``<suffix>.csv`` in a folder; None when there is none."""
    if source_path is None:
        return None
    candidate = (source_path / f"{suffix}.csv") if source_path.is_dir() else \
        source_path.with_name(f"{source_path.stem}.{suffix}.csv")
    return candidate if candidate.is_file() else None


def _website(value: str) -> str:
    value = value.strip()
    if not value or " " in value:
        return ""
    if re.match(r"^https?://", value, re.I):
        return value
    if re.match(r"^(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?$", value):
        return "http://" + value
    return ""


def convert(tables, countries, source_name):
    """actors, cooperations and participations from the export's ``projects`` and ``participants``.

    Returns (tables, problems, extras) with extras ``merges`` (the merge table) and ``notes``.
    """
    projects, participants = tables.get("projects"), tables.get("participants")
    if projects is None or participants is None or countries is None:
        return {}, []
    problems: list[Problem] = []
    themes = theme_table()
    if (raw := tables.get("theme_keywords")) is not None:
        themes = tuple((t.strip().lower(), k.strip().lower()) for t, k in zip(raw.frame["theme"], raw.frame["keyword"])
                       if t.strip() and k.strip())
    overrides = None
    if (raw := tables.get("merge_overrides")) is not None:
        overrides, more = read_overrides(raw, lambda v: resolve_country(v, countries))
        problems += more
    f = projects.frame
    # cooperations
    topic_lists = [split_topics(t) for t in f["topics"]]
    derived = [LIST_SEPARATOR.join(themes_of(t, themes)) for t in topic_lists]
    programme = [" – ".join(x for x in (p, a) if x) for p, a in zip(f["programme"], f["action_type"])]
    coops = pd.DataFrame({
        "id": f["id"], "title": f["title"], "kind": "project", "programme": programme,
        "themes": derived, "themes_derived": derived,
        "start_year": f["year"], "end_year": "", "description": f["summary"], "source": f["card"],
        "topics": [LIST_SEPARATOR.join(t.replace(LIST_SEPARATOR, ",") for t in ts) for ts in topic_lists],
    }, dtype=str)
    header = dict(projects.header)
    topics_label = header.get("topics", "Topics")
    coop_header = {"id": header.get("id", "Project Identifier"), "title": header.get("title", "Project Title"),
                   "kind": "(project)", "programme": header.get("programme", "Programme"),
                   "themes": topics_label, "themes_derived": topics_label,
                   "start_year": header.get("year", "Call year"), "end_year": "(call year)",
                   "description": header.get("summary", "Project Summary"),
                   "source": header.get("card", "Results Platform Project Card"), "topics": topics_label}
    cooperations = RawTable("cooperations", projects.file, coops, projects.rows, coop_header)
    # organisations, merged across spellings within a country
    pf = participants.frame
    country_cells = pf["country"].tolist()
    resolved = {v: resolve_country(v, countries) for v in set(country_cells)}
    for value in sorted(v for v, c in resolved.items() if v and c is None)[:50]:
        i = country_cells.index(value)
        problems.append(Problem(WARNING, participants.file, int(participants.rows[i]),
                                participants.column_label("country", i), value,
                                f"{short(value)!r} is not a country of the countries table; the organisation is kept "
                                "without a country.", suggestion=countries.suggest(value)))
    codes = [resolved[v] for v in country_cells]
    spellings = Spellings()
    name_columns = participants.cell_columns["name"]
    for i, (name, code) in enumerate(zip(pf["name"], codes)):
        spellings.add(name, code, participants.file, int(participants.rows[i]), name_columns[i])
    actor_ids, actor_frame, merges = merge_spellings(spellings, overrides)
    websites = pd.Series([_website(w) for w in pf["website"]], index=actor_ids, dtype=str)
    websites = websites[websites != ""]
    site_of = websites[~websites.index.duplicated()]
    first = actor_frame["first"].to_numpy(dtype=np.int64)
    actors = pd.DataFrame({"id": actor_frame["id"], "name": actor_frame["name"], "kind": "organisation",
                           "country": [c if isinstance(c, str) else "" for c in actor_frame["country"]],
                           "url": actor_frame["id"].map(site_of).fillna("")}, dtype=str)
    where_name = name_columns[first]
    actors_raw = RawTable("actors", participants.file, actors, participants.rows[first],
                          {"id": "(organisation name)", "name": "(organisation name)"},
                          {"id": where_name, "name": where_name, "kind": where_name, "url": where_name,
                           "country": participants.cell_columns["country"][first]})
    parts = pd.DataFrame({"cooperation_id": pf["cooperation_id"], "actor_id": actor_ids, "role": pf["role"]},
                         dtype=str)
    participations = RawTable("participations", participants.file, parts, participants.rows,
                              {"cooperation_id": header.get("id", "Project Identifier"), "role": "(role)"},
                              {"actor_id": name_columns})
    spelled = len(merges[["name", "country"]].drop_duplicates())
    notes = [f"after merging {spelled - len(actors):,} spellings"]
    out = {"actors": actors_raw, "cooperations": cooperations, "participations": participations}
    return out, problems, {"merges": merges, "notes": notes}


FORMAT = Format(
    "erasmus", "Erasmus+ Project Results export",
    "the Erasmus+ Project Results platform's project list (CSV or .xlsx): Project Identifier, Project Title, "
    "Topics, Call year, Coordinating organisation name/country, Partner N name/country, …",
    sniff, read, convert=convert, nouns=("projects", "participations", "organisations"))
