"""Reading files into raw tables: bytes → text → rows of strings.

Every input form (a folder of CSV files, an .xlsx workbook, a single links
CSV, a .zip of a CSV folder) ends up as :class:`RawTable` objects: a DataFrame
of stripped strings whose columns are the header as written (folded to keys
such as ``start_year``), and for every row the row number a spreadsheet shows
(header = row 1). Nothing here judges the values; that is ``validate``'s job.
Reading never raises on bad input: it returns the tables it could read and a
list of :class:`~graph_explorer.dataset.report.Problem`.

Decisions made here, so that they are made once:

- Encodings: a BOM decides (UTF-8, UTF-16 LE/BE); without one, a NUL byte in
  every other position means UTF-16; then UTF-8; then cp1252 (reported as an
  info). Text with control characters is refused as binary.
- Delimiters ``,`` ``;`` and tab: the file is parsed with each, and the one
  whose header holds the expected columns and whose rows all have the same
  number of fields wins. Never guessed from one line.
- Caps, from the :class:`~graph_explorer.dataset.limits.Limits` each function
  takes (defaults: :data:`MAX_BYTES`, :data:`MAX_ROWS` data rows, cells of
  :data:`MAX_CELL` characters, archives that expand at most :data:`MAX_RATIO`
  times).

Which reader a file goes to is decided by content in one place,
:mod:`graph_explorer.dataset.formats`; these are the tools the formats share.

Examples
--------
>>> header_key(" Start Year ")
'start_year'
>>> text, problems = decode("id;name\\n".encode("utf-16"), "a.csv")
>>> text
'id;name\\n'
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import io
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .limits import DEFAULT_LIMITS, MAX_BYTES, MAX_CELL, MAX_RATIO, MAX_ROWS, Limits
from .report import ERROR, INFO, WARNING, Problem, short
from .schema import LINKS, TABLES, Table
from .unzip import Budget, ZipRefused, read_member, verify_members

__all__ = [
    "RawTable",
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_CELL",
    "MAX_RATIO",
    "DELIMITERS",
    "header_key",
    "decode",
    "parse_csv",
    "read_csv",
    "read_workbook",
    "open_workbook",
    "read_sheet",
    "zip_problems",
    "xml_declaration_problems",
    "damaged_workbook",
    "read_zip",
    "read_folder",
    "too_large",
]

#: The delimiters tried, with the names used in messages.
DELIMITERS = {",": "comma ','", ";": "semicolon ';'", "\t": "tab"}

# The csv module refuses fields over 128 KiB with an error that names neither
# row nor column; lift that (once, process-wide) so that long cells reach our
# own check, which names both. Memory stays bounded by MAX_BYTES.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, eq=False)
class RawTable:
    """A table as read: strings only, with where each row and column came from.

    Attributes
    ----------
    name : str
        The table it is read as (``actors``, ..., or ``links``).
    file : str
        The file as the user knows it (``actors.csv``, ``book.xlsx[actors]``).
    frame : DataFrame
        One column per header cell (keys from :func:`header_key`), every cell a
        stripped ``str``.
    rows : ndarray of int
        The spreadsheet row number of each row of ``frame``.
    header : dict
        key → the column name as written in the file, for messages.
    cell_columns : dict
        key → array of column names, one per row, where the column a value came
        from differs by row (tables built from a links file).
    """

    name: str
    file: str
    frame: pd.DataFrame
    rows: np.ndarray
    header: dict[str, str]
    cell_columns: dict[str, np.ndarray] = field(default_factory=dict)

    def column_label(self, key: str, i: int | None = None) -> str:
        """The column name the user sees for ``key`` (at position ``i``)."""
        if i is not None and key in self.cell_columns:
            return str(self.cell_columns[key][i])
        return self.header.get(key, key)

    def __len__(self) -> int:
        return len(self.frame)


def header_key(text: str) -> str:
    """A header cell as a column key: stripped, lower case, spaces as ``_``.

    >>> header_key("Source URL")
    'source_url'
    """
    text = unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH)
    return re.sub(r"[\s\-]+", "_", text.strip()).lower()


def _size(n: int) -> str:
    """A byte count for messages: '200 MB', '1,000 bytes'."""
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} bytes"


def _problem(severity, file, message, row=None, column=None, value=None, **kw) -> Problem:
    return Problem(severity, file, row, column, value, message, **kw)


# -- bytes → text --------------------------------------------------------------


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit in every other position."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.1 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode a text file; None and an error when it is not text.

    Returns the text (without BOM) and the problems: an info naming the
    encoding when it is not UTF-8, an error when it cannot be decoded or looks
    like a binary file.

    >>> decode(b"id,name\\n", "a.csv")
    ('id,name\\n', [])
    >>> text, problems = decode("café".encode("cp1252"), "a.csv")
    >>> text, problems[0].severity
    ('café', 'info')
    """
    if not data.strip():
        return None, [_problem(ERROR, file, "The file is empty.", allowed="a header row and data rows")]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif enc := _utf16_without_bom(data):
        candidates = [enc]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if bad := _BINARY.search(text):
            at = text.count("\n", 0, bad.start()) + 1
            return None, [_problem(
                ERROR, file, f"This does not look like a text (CSV) file: it holds the control character "
                f"{bad.group()!r} on line {at}. Save the table as CSV (UTF-8) and try again.")]
        problems = []
        if not text.replace("\ufeff", "").strip():
            return None, [_problem(ERROR, file, "The file is empty.", allowed="a header row and data rows")]
        if encoding not in ("utf-8", "utf-8-sig"):
            problems.append(_problem(INFO, file, f"Read with the {encoding} encoding."))
        return text, problems
    tried = " and ".join(candidates)
    return None, [_problem(ERROR, file, f"The file could not be decoded as text (tried {tried}). "
                           "Save it as CSV UTF-8 and try again.")]


# -- text → rows ---------------------------------------------------------------


@dataclass
class _Parse:
    delimiter: str
    header: list[str] | None = None
    header_row: int = 0
    records: list[list[str]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    failure: str | None = None  # why the rows are inconsistent
    too_many_rows: int | None = None  # row number where MAX_ROWS was passed
    over_limit: Problem | None = None  # a limit of the read was passed: the file is refused with this


#: Rows between two looks at the clock while reading.
_CLOCK_EVERY = 2048


def deadline_of(limits: Limits) -> float:
    """When (``time.monotonic()``) a read under ``limits`` must stop: its ``deadline``, else ``max_seconds`` from now."""
    deadline = getattr(limits, "deadline", None)
    return deadline if deadline is not None else time.monotonic() + limits.max_seconds


def with_deadline(limits: Limits) -> Limits:
    """``limits`` with its deadline fixed now (one clock for every file and table of one read)."""
    if getattr(limits, "deadline", None) is not None:
        return limits
    return dataclasses.replace(limits, deadline=time.monotonic() + limits.max_seconds)


def too_slow(file: str, limits: Limits, row: int | None = None) -> Problem:
    return _problem(ERROR, file, f"Reading the file took longer than {limits.max_seconds:g} seconds, the limit for "
                    "one file, so it was stopped. Split it into smaller files.", row=row)


def too_wide(file: str, limits: Limits, width: int) -> Problem:
    return _problem(ERROR, file, f"The table has {width:,} columns; at most {limits.max_columns:,} are accepted. "
                    "Remove the columns that are not needed.", row=1)


def too_many_cells(file: str, limits: Limits, row: int, width: int) -> Problem:
    return _problem(ERROR, file, f"The table has more than {limits.max_cells:,} cells (rows × {width:,} columns); "
                    "that is the most accepted for one table. Split it or remove columns.", row=row)


def _parse_with(text: str, delimiter: str, limits: Limits | int = DEFAULT_LIMITS, file: str = "") -> _Parse:
    """Parse the whole text with one delimiter; stop at the first inconsistent row or passed limit."""
    if isinstance(limits, int):
        limits = dataclasses.replace(DEFAULT_LIMITS, max_rows=limits)
    max_rows = limits.max_rows
    deadline = deadline_of(limits)
    out = _Parse(delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    width = 0
    try:
        for row_number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue  # a blank line or a row of empty cells
            if out.header is None:
                while not record[-1].strip():
                    record.pop()  # empty cells after the last column name
                out.header, out.header_row, width = record, row_number, len(record)
                if width > limits.max_columns:
                    out.over_limit = too_wide(file, limits, width)
                    return out
                continue
            if len(record) > width and not any(c.strip() for c in record[width:]):
                record = record[:width]  # trailing empty cells (a spreadsheet habit)
            if len(record) != width:
                out.failure = (f"row {row_number} has {len(record)} fields where the header has {width}")
                return out
            if len(out.records) >= max_rows:
                out.too_many_rows = row_number
                return out
            n = len(out.records)
            if n % _CLOCK_EVERY == 0 and n:
                if (n + 1) * width > limits.max_cells:
                    out.over_limit = too_many_cells(file, limits, row_number, width)
                    return out
                if time.monotonic() > deadline:
                    out.over_limit = too_slow(file, limits, row_number)
                    return out
            out.records.append(record)
            out.rows.append(row_number)
    except csv.Error as exc:
        out.failure = f"the CSV reader failed near line {reader.line_num}: {exc}"
    if out.over_limit is None and len(out.records) * width > limits.max_cells:
        out.over_limit = too_many_cells(file, limits, out.rows[-1] if out.rows else 1, width)
    return out


def _rows_beyond(text: str, limits: Limits) -> int | None:
    """Without a quote character, every line is at most one row: a count of line ends refuses at once.

    Returns the line number past the row limit when the text surely has more rows than ``limits.max_rows``
    (header and blank lines allowed for), else None.
    """
    if '"' in text:
        return None
    lines = text.count("\n") + (not text.endswith("\n"))
    blank = text.count("\n\n") + text.count("\n\r\n")
    if lines - blank - 1 > limits.max_rows:
        return limits.max_rows + 2
    return None


def parse_csv(text: str, file: str, tables: Sequence[Table], limits: Limits = DEFAULT_LIMITS
              ) -> tuple[RawTable | None, Table | None, list[Problem]]:
    """Parse CSV text as one of ``tables``, choosing the delimiter deliberately.

    The text is parsed with each of ``,`` ``;`` and tab. A delimiter fits when
    the header holds the required columns of one of ``tables`` and every row
    has as many fields as the header. Exactly one must fit (or several that
    give the same rows); else the result is an error saying what was tried.
    When none fits but exactly one delimiter gives consistent rows and a header
    with some known columns, that one is used, so that the column check can
    name the missing columns.

    Returns
    -------
    raw : RawTable or None
    table : Table or None
        Which of ``tables`` the header fits (or resembles most).
    problems : list of Problem

    Examples
    --------
    >>> from graph_explorer.dataset.schema import TABLES
    >>> raw, table, problems = parse_csv("id;name;kind\\na;A, Ltd;network\\n", "actors.csv", [TABLES["actors"]])
    >>> raw.frame.to_dict("records"), table.name, [p.message for p in problems]
    ([{'id': 'a', 'name': 'A, Ltd', 'kind': 'network'}], 'actors', ["Read with the delimiter semicolon ';'."])
    """
    beyond = _rows_beyond(text, limits)
    if beyond is not None:
        return None, None, [_problem(ERROR, file, f"The file has more than {limits.max_rows:,} data rows; "
                                     "split it or filter it first.", row=beyond)]
    limits = with_deadline(limits)
    parses = []
    for d in DELIMITERS:
        p = _parse_with(text, d, limits, file)
        if p.over_limit is not None:  # a passed limit refuses the file, whatever the other delimiters give
            return None, None, [p.over_limit]
        parses.append(p)
    for p in parses:
        if p.too_many_rows is not None:
            return None, None, [_problem(ERROR, file, f"The file has more than {limits.max_rows:,} data rows; "
                                         "split it or filter it first.", row=p.too_many_rows)]
    known = {n for t in tables for n in t.names}

    def keys(p):
        return [header_key(h) for h in p.header or []]

    def fitting_table(p):
        return next((t for t in tables if set(t.required_names) <= set(keys(p))), None)

    consistent = [p for p in parses if p.header is not None and p.failure is None]
    fits = [p for p in consistent if fitting_table(p)]
    if fits and all(p.header == fits[0].header and p.records == fits[0].records for p in fits):
        chosen, table = fits[0], fitting_table(fits[0])
    elif fits:
        names = " and ".join(DELIMITERS[p.delimiter] for p in fits)
        return None, None, [_problem(ERROR, file, f"Cannot tell the delimiter: both {names} give the expected "
                                     "columns with consistent rows. Quote the cells that hold a delimiter.")]
    else:
        partial = [p for p in consistent if set(keys(p)) & known]
        if len(partial) != 1:
            tried = "; ".join(
                f"with {DELIMITERS[p.delimiter]}: " + (
                    "no header" if p.header is None else
                    f"{p.failure}" if p.failure else f"the header reads {_header_text(p.header)}")
                for p in parses)
            want = " or ".join(", ".join(t.required_names) for t in tables[:2])
            return None, None, [_problem(
                ERROR, file, f"Cannot read the table: no delimiter gives the expected columns ({want}) with the "
                f"same number of fields in every row. Tried {tried}.",
                allowed="comma, semicolon or tab as delimiter; cells holding the delimiter in double quotes")]
        chosen = partial[0]
        table = max(tables, key=lambda t: len(set(t.names) & set(keys(chosen))))
    raw, problems = _make_table(table.name, file, chosen.header, chosen.records, chosen.rows, limits)
    if chosen.delimiter != "," and raw is not None:
        problems.insert(0, _problem(INFO, file, f"Read with the delimiter {DELIMITERS[chosen.delimiter]}."))
    return raw, table, problems


def _header_text(header: list[str]) -> str:
    return short(", ".join(repr(h) for h in header), 120)


#: Tables that say nothing without rows (a header-only one gets a warning).
_MUST_HAVE_ROWS = ("links", "actors", "cooperations", "participations")


def _make_table(name: str, file: str, header: list[str], records: list[list[str]],
                rows: list[int], limits: Limits = DEFAULT_LIMITS) -> tuple[RawTable | None, list[Problem]]:
    """A RawTable from a header and records of equal width; checks the caps."""
    problems = []
    keys = [header_key(h) for h in header]
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key and key in seen:
            problems.append(_problem(
                ERROR, file, f"The column '{header[i].strip()}' appears twice (columns {seen[key] + 1} and "
                f"{i + 1}); rename or remove one.", row=1, column=header[i].strip()))
        seen.setdefault(key, i)
    if problems:
        return None, problems
    frame = pd.DataFrame(records, columns=range(len(keys)), dtype=str) if records else \
        pd.DataFrame({i: pd.Series([], dtype=str) for i in range(len(keys))})
    named = [i for i, k in enumerate(keys) if k]
    frame = frame[named]
    frame.columns = [keys[i] for i in named]
    frame = frame.apply(lambda s: s.str.strip()) if len(frame) else frame.astype(str)
    row_numbers = np.asarray(rows, dtype=np.int64)
    header_map = {keys[i]: header[i].strip() for i in named}
    for key in frame.columns:
        too_long = np.flatnonzero(frame[key].str.len().to_numpy() > limits.max_cell_chars)
        for i in too_long[:5]:
            problems.append(_problem(
                ERROR, file, f"A cell holds {len(frame[key].iat[i]):,} characters; at most {limits.max_cell_chars:,} are "
                "accepted.", row=int(row_numbers[i]), column=header_map[key],
                value=short(frame[key].iat[i])))
    if problems:
        return None, problems
    if not records and name in _MUST_HAVE_ROWS:  # loads, but shows nothing: say so
        problems.append(_problem(WARNING, file, "The table has a header but no data rows, so it adds nothing.",
                                 row=1, allowed="a header row and data rows"))
    return RawTable(name, file, frame.reset_index(drop=True), row_numbers, header_map), problems


def too_large(file: str, limits: Limits = DEFAULT_LIMITS) -> Problem:
    """The error for a file over ``limits.max_bytes``."""
    return _problem(ERROR, file, f"The file is larger than {_size(limits.max_bytes)}.")


def read_csv(data: bytes, file: str, tables: Sequence[Table], limits: Limits = DEFAULT_LIMITS
             ) -> tuple[RawTable | None, Table | None, list[Problem]]:
    """Decode and parse CSV bytes as one of ``tables`` (see :func:`parse_csv`)."""
    if len(data) > limits.max_bytes:
        return None, None, [too_large(file, limits)]
    text, problems = decode(data, file)
    if text is None:
        return None, None, problems
    raw, table, more = parse_csv(text, file, tables, limits)
    return raw, table, problems + more


# -- workbooks and archives ----------------------------------------------------


def zip_problems(zf: zipfile.ZipFile, file: str, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Refuse archives that expand too much (checked before anything is extracted)."""
    infos = [i for i in zf.infolist() if not i.is_dir()]
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limits.max_decompressed:
        return [_problem(ERROR, file, f"The archive expands to {_size(total)}; at most "
                         f"{_size(limits.max_decompressed)} are accepted.")]
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    ratio = max(total / max(packed, 1), worst.file_size / max(worst.compress_size, 1) if worst else 0)
    if ratio > limits.max_ratio:
        return [_problem(ERROR, file, f"The archive is compressed {ratio:,.0f} times; more than {limits.max_ratio:g} "
                         "times is refused as a possible zip bomb.")]
    return []


#: How much of each XML part of a workbook is searched for a document type declaration (it must come first).
_XML_PROLOG = 4096
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def xml_declaration_problems(zf: zipfile.ZipFile, file: str) -> list[Problem]:
    """Refuse a workbook whose XML declares a document type or entities (before any XML is parsed).

    Spreadsheet programs never write ``<!DOCTYPE``/``<!ENTITY`` in a workbook;
    entities are how a few kilobytes expand to gigabytes ("billion laughs") or
    read files of the server (XXE). A declaration can only stand in the prolog,
    so the start of each part is enough to find it.
    """
    for info in zf.infolist():
        if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with zf.open(info) as f:
            head = f.read(_XML_PROLOG)
        if head[:2] in (b"\xfe\xff", b"\x00<"):  # XML may be UTF-16
            head = head.decode("utf-16-be", errors="ignore").encode()
        elif head[:2] in (b"\xff\xfe", b"<\x00"):
            head = head.decode("utf-16-le", errors="ignore").encode()
        if _DTD.search(head):
            return [_problem(ERROR, file, f"The workbook's part {short(info.filename, 80)} declares an XML document "
                             "type or entities (<!DOCTYPE …> / <!ENTITY …>). Spreadsheet programs never write "
                             "these, and they can make a small file expand to gigabytes or read files of the "
                             "server, so the workbook is refused. Open it in Excel or LibreOffice and save it again "
                             "as .xlsx.")]
    return []


def _xml_refusal(exc: Exception) -> bool:
    """True for the errors defusedxml raises on a DTD, entity or external reference (openpyxl may wrap them)."""
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return False
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DefusedXmlException):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _cell_text(value) -> str:
    """An Excel cell value as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def read_workbook(data, file: str, limits: Limits = DEFAULT_LIMITS) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read the sheets named after the tables (any case) of an .xlsx workbook.

    ``data`` is the workbook's bytes or a path to it. Each sheet's first
    non-empty row is its header; row numbers are the sheet's own. Missing
    sheets are not reported here (see ``validate``); other sheets are ignored
    with an info.
    """
    book, problems = open_workbook(data, file, limits)
    if book is None:
        return {}, problems
    tables: dict[str, RawTable] = {}
    problems = []
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            label = f"{file}[{sheet.title}]"
            if name not in TABLES:
                problems.append(_problem(INFO, label, f"The sheet '{sheet.title}' is not one of the tables "
                                         f"({', '.join(TABLES)}) and is ignored."))
                continue
            if name in tables:
                problems.append(_problem(ERROR, label, f"Two sheets are named '{name}'; keep one."))
                continue
            try:
                raw, more = read_sheet(sheet, name, label, limits)
            except Exception as exc:  # the sheet's XML is parsed only now, row by row
                return {}, [damaged_workbook(label, exc)]
            problems += more
            tables[name] = raw
    finally:
        book.close()
    return tables, problems


def open_workbook(data, file: str, limits: Limits = DEFAULT_LIMITS):
    """An openpyxl workbook (read-only, values only) after the archive and XML checks; (None, problems) if refused.

    ``data`` is the workbook's bytes or a path to it. The caller closes the book.
    """
    import openpyxl  # imported here: only workbooks need it

    handle = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else open(data, "rb")
    try:
        with zipfile.ZipFile(handle) as zf:
            problems = zip_problems(zf, file, limits)
            if not problems:
                # every part inflated once, counted and stopped at its declared size: openpyxl (which
                # inflates a part whole before cutting it to size) then cannot be made to expand more
                verify_members(handle, zf, Budget.of(limits))
                problems = xml_declaration_problems(zf, file)
        if problems:
            return None, problems
        handle.seek(0)
        return openpyxl.load_workbook(handle, read_only=True, data_only=True), []
    except ZipRefused as exc:
        return None, [_problem(ERROR, file, str(exc))]
    except Exception as exc:  # openpyxl raises many types on a damaged file
        return None, [damaged_workbook(file, exc)]


def damaged_workbook(file: str, exc: Exception) -> Problem:
    if _xml_refusal(exc):
        return _problem(ERROR, file, "The workbook's XML declares a document type or entities, which is refused "
                        "(they can make a small file expand to gigabytes or read files of the server). Open it in "
                        "Excel or LibreOffice and save it again as .xlsx.")
    return _problem(ERROR, file, f"The workbook is damaged or not an .xlsx workbook ({damage_in_words(exc)}). "
                    "Save it again as .xlsx from the spreadsheet program.")


def damage_in_words(exc: BaseException) -> str:
    """What went wrong reading an archive or workbook, in plain words (no exception names).

    >>> damage_in_words(zipfile.BadZipFile("Bad CRC-32 for file 'actors.csv'"))
    'a file inside it does not match its checksum'
    """
    text = str(exc).lower()
    if "crc" in text:
        return "a file inside it does not match its checksum"
    if isinstance(exc, EOFError) or "truncated" in text or "end of" in text or "cut short" in text:
        return "it is cut short"
    if "not a zip file" in text or "central directory" in text or "magic number" in text:
        return "its table of contents cannot be found"
    if "password" in text or "encrypt" in text:
        return "it is protected with a password"
    if "not well-formed" in text or "xml" in type(exc).__name__.lower() or "parseerror" in type(exc).__name__.lower():
        return "a part of it is not well-formed XML"
    if "compression" in text:
        return "it uses a compression method that is not read here"
    if isinstance(exc, KeyError) or "no item named" in text or "there is no item" in text:
        return "a part that every workbook has is missing"
    return "its contents cannot be read"


def read_sheet(sheet, name: str, label: str, limits: Limits = DEFAULT_LIMITS) -> tuple[RawTable | None, list[Problem]]:
    """One worksheet as a RawTable named ``name``: its first non-empty row is the header."""
    header: list[str] | None = None
    records, rows, problems = [], [], []
    # the sheet's declared size (<dimension ref="A1:C1048576">) refuses an honest huge sheet before any row
    # is read; a sheet that declares less is held to the same limits row by row, and to the clock
    declared_rows, declared_cols = _declared_size(sheet)
    if declared_cols is not None and declared_cols > limits.max_columns:
        return None, [too_wide(label, limits, declared_cols)]
    if declared_rows is not None and declared_rows - 1 > limits.max_rows:
        return None, [_problem(ERROR, label, f"The sheet has {declared_rows - 1:,} data rows; at most "
                               f"{limits.max_rows:,} are accepted. Split it or filter it first.",
                               row=limits.max_rows + 2)]
    if declared_rows is not None and declared_cols is not None and \
            (declared_rows - 1) * declared_cols > limits.max_cells:
        return None, [too_many_cells(label, limits, declared_rows, declared_cols)]
    deadline = deadline_of(limits)
    for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row_number % _CLOCK_EVERY == 0 and time.monotonic() > deadline:
            return None, [too_slow(label, limits, row_number)]
        if header is None and len(values) > limits.max_columns:
            return None, [too_wide(label, limits, len(values))]
        cells = [_cell_text(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            while cells and not cells[-1].strip():
                cells.pop()
            header = cells
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            if not any(p.severity == WARNING for p in problems):
                problems.append(_problem(WARNING, label, "The row has values to the right of the last named "
                                         "column; they are ignored.", row=row_number))
        cells = (cells + [""] * len(header))[: len(header)]
        if len(records) >= limits.max_rows:
            return None, [_problem(ERROR, label, f"The sheet has more than {limits.max_rows:,} data rows; split it or "
                                   "filter it first.", row=row_number)]
        if (len(records) + 1) * len(header) > limits.max_cells:
            return None, [too_many_cells(label, limits, row_number, len(header))]
        records.append(cells)
        rows.append(row_number)
    if header is None:
        return None, [_problem(ERROR, label, "The sheet is empty.", allowed="a header row and data rows")]
    raw, more = _make_table(name, label, header, records, rows, limits)
    return raw, problems + more


def _declared_size(sheet) -> tuple[int | None, int | None]:
    """(rows, columns) a read-only worksheet declares in its dimension, or None for what it does not say."""
    try:
        ref = sheet.calculate_dimension(force=False) if hasattr(sheet, "calculate_dimension") else None
    except Exception:  # noqa: BLE001 - unsized sheets ("A1:A1" or none): read row by row
        ref = None
    if not ref or ":" not in ref:
        return None, None
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None, None
    rows = max_row - min_row + 1 if max_row and min_row else None
    cols = max_col - min_col + 1 if max_col and min_col else None
    return rows, cols


def _read_members(members: dict[str, tuple[str, Callable[[], bytes]]], limits: Limits = DEFAULT_LIMITS
                  ) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read the table files among ``members`` (lower-case file name → (label, loader))."""
    tables, problems = {}, []
    for name, table in TABLES.items():
        if f"{name}.csv" not in members:
            continue
        label, load = members[f"{name}.csv"]
        raw, _, more = read_csv(load(), label, [table], limits)
        problems += more
        tables[name] = raw  # None when unreadable: the file is there, its problems say why
    return tables, problems


def read_zip(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a .zip holding the CSV files of a dataset folder (at its root or in one folder).

    Sizes and compression ratios are checked before anything is decompressed.
    """
    handle = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else open(data, "rb")
    try:
        with handle:
            return _read_zip(handle, file, limits)
    except ZipRefused as exc:
        return {}, [_problem(ERROR, file, str(exc))]
    except Exception as exc:  # zipfile and zlib raise many types on a damaged archive
        return {}, [_problem(ERROR, file, f"The archive is damaged and could not be read ({damage_in_words(exc)}). "
                             "Create it again.")]


def _read_zip(handle, file: str, limits: Limits) -> tuple[dict[str, RawTable], list[Problem]]:
    budget = Budget.of(limits)
    with zipfile.ZipFile(handle) as zf:
        problems = zip_problems(zf, file, limits)
        if problems:
            return {}, problems
        members: dict[str, tuple[str, Callable[[], bytes]]] = {}
        folders: dict[str, str] = {}
        for info in zf.infolist():
            path = info.filename
            if info.is_dir() or path.startswith("__MACOSX/") or "/." in "/" + path:
                continue
            folder, _, base = path.rpartition("/")
            key = base.lower()
            if key[:-4] in TABLES and key.endswith(".csv"):
                if key in members:
                    return {}, [_problem(ERROR, file, f"The archive holds two {key} files ({members[key][0]} "
                                         f"and {file}[{path}]); keep one dataset per archive.")]
                members[key] = (f"{file}[{path}]", lambda info=info: read_member(handle, info, budget))
                folders[key] = folder
        if len(set(folders.values())) > 1:
            where = ", ".join(f"{k} in '{v or '/'}'" for k, v in folders.items())
            return {}, [_problem(ERROR, file, f"The table files are in different folders of the archive ({where}); "
                                 "put them in one folder.")]
        if not members:
            found = ", ".join(i.filename for i in zf.infolist()[:20]) or "nothing"
            return {}, [_problem(ERROR, file, f"The archive holds no dataset tables; it holds {found}.",
                                 allowed="actors.csv, cooperations.csv, participations.csv (and optionally "
                                 "countries.csv, conflicts.csv, attributions.csv)")]
        return _read_members(members, limits)


def read_folder(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read ``actors.csv``, ``cooperations.csv``, ... from a folder (names in any case)."""
    members, problems = {}, []
    for child in sorted(path.iterdir()):
        key = child.name.lower()
        if child.is_file() and key.endswith(".csv") and key[:-4] in TABLES:
            members[key] = (child.name, child.read_bytes)
        elif child.is_file() and key.endswith((".csv", ".xlsx", ".tsv", ".txt")):
            problems.append(_problem(INFO, child.name, f"The file is not one of the tables "
                                     f"({', '.join(n + '.csv' for n in TABLES)}) and is ignored."))
    tables, more = _read_members(members, limits)
    return tables, problems + more
