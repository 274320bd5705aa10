"""The input formats, as a registry: which file is which format is decided here, by content, in one place.

Every way data gets in — ``graph-explorer validate``, ``serve --data``, every
command's ``--data``, the app's upload — calls :func:`read_source`, which

1. checks the source exists and is within ``limits.max_bytes``;
2. builds one :class:`~.base.Head` (the first 64 KB, the names inside an
   archive or a folder) and asks every format of :data:`FORMATS` to ``sniff``
   it;
3. reads the source with the format whose confidence is highest, if it is at
   least :data:`~.base.MATCH`. When none reaches it, the report gets an error
   listing the formats understood and, for the nearest one, what the file
   lacks; the nearest format still reads the file so that its own, more
   precise problems are listed too (a links CSV without a ``kind`` column is
   told so by column).

The loading pipeline (:mod:`graph_explorer.dataset.load`) then applies the
format's ``convert`` (its raw tables → the data model's tables, with the
countries lookup), validates, and starts the report with the line of
:func:`read_as_line`: ``Read as: links CSV — 12 links, 24 participations, 9 actors``.

Adding a format
---------------
Write one module in this package that ends with ::

    FORMAT = Format(name, label, description, sniff, read, convert=..., folder=..., nouns=...)

where

- ``sniff(head: Head) -> Sniff`` looks only at ``head`` (``head.data``,
  ``head.name``, ``head.members``, ``head.text``, ``head.csv_header``,
  ``head.xml_root``), returns ``Sniff(1.0)`` when the file is surely its
  format, ``Sniff(c, missing)`` with ``0 < c < 0.5`` when it only resembles it
  (``missing`` says what it lacks, e.g. ``"the column 'Target'"``), and never
  raises;
- ``read(source: Source, limits: Limits) -> Reading`` returns
  :class:`~graph_explorer.dataset.readers.RawTable` objects (strings, each
  row's spreadsheet row number, the header as written) and problems by file,
  row and column; it never raises on bad input and stays within ``limits``
  (read large files from ``source.open()`` in pieces);
- ``convert(tables, countries, source_name) -> (tables, problems)`` (optional)
  turns the format's own tables into ``actors``, ``cooperations`` and
  ``participations`` (and optionally ``countries``, ``conflicts``,
  ``attributions``); it may return a third item, a dict with ``merges`` (the
  merge table of :mod:`graph_explorer.dataset.reconcile`, kept as
  ``Dataset.merges``) and ``notes`` (phrases for the "Read as" line, such as
  ``"after merging 311 spellings"``);

then add ``module.FORMAT`` to :data:`FORMATS` below (order breaks ties between
equal confidences). ``tests/dataset/test_formats.py`` checks every registered format
for the contract (sniff never raises, a non-match of every other format's
example, the "Read as" line).

Examples
--------
>>> source = Source.from_bytes(b"source,target,kind\\nLatvia,Finland,partnership\\n", "x.csv")
>>> detect(source).format.name
'links'
>>> detect(Source.from_bytes(b"name;country\\nA;LV\\n", "x.csv")).matched
False
"""

from __future__ import annotations

from dataclasses import dataclass

from ..limits import DEFAULT_LIMITS, Limits
from ..readers import too_large, with_deadline
from ..report import ERROR, Problem
from . import (erasmus, explorer_export, gephi_csv, gexf, graphml, kumu, links_csv, tables_folder, tables_workbook,
               tables_zip)
from .base import HEAD_BYTES, MATCH, NO, Format, Head, Reading, Sniff, Source

__all__ = ["FORMATS", "Format", "Head", "Limits", "Reading", "Sniff", "Source", "Detection", "MATCH",
           "HEAD_BYTES", "NO", "detect", "read_source", "read_as_line", "formats_text", "format_named"]

#: Every format read, in the order that breaks ties between equal confidences.
FORMATS: list[Format] = [
    tables_folder.FORMAT,
    tables_zip.FORMAT,
    tables_workbook.FORMAT,
    erasmus.FORMAT,
    links_csv.FORMAT,
    kumu.FORMAT,
    explorer_export.FORMAT_XLSX,
    explorer_export.FORMAT_CSV,
    gexf.FORMAT,
    graphml.FORMAT,
    gephi_csv.FORMAT,
    gephi_csv.FOLDER_FORMAT,
]


def format_named(name: str) -> Format:
    """The registered format called ``name`` (KeyError if none).

    >>> format_named("links").label
    'links CSV'
    """
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(name)


@dataclass(frozen=True)
class Detection:
    """Which format a source is: the chosen (or nearest) format, whether it claims the source, every sniff."""

    format: Format | None
    matched: bool
    sniffs: tuple[tuple[Format, Sniff], ...]

    @property
    def confidence(self) -> float:
        return max((s.confidence for _, s in self.sniffs), default=0.0)


def detect(source: Source, head: Head | None = None) -> Detection:
    """Ask every format of the kind of ``source`` (file or folder) to sniff it; the best one, claimed or nearest."""
    head = head or Head.of(source)
    sniffs = []
    for fmt in FORMATS:
        if fmt.folder != head.is_dir:
            continue
        try:
            result = fmt.sniff(head)
        except Exception:  # noqa: BLE001 - a sniffer must not raise; if one does, it is not that format
            result = NO
        sniffs.append((fmt, result))
    best = None
    for fmt, result in sniffs:  # the first of the highest confidence
        if result.confidence > 0 and (best is None or result.confidence > best[1].confidence):
            best = (fmt, result)
    if best is None:
        return Detection(None, False, tuple(sniffs))
    return Detection(best[0], best[1].confidence >= MATCH, tuple(sniffs))


def formats_text(folder: bool | None = None) -> str:
    """The formats understood, one per line (``folder``: only those reading folders / files).

    >>> print(formats_text(folder=True))  # doctest: +ELLIPSIS
    - folder of CSV tables: a folder with actors.csv, cooperations.csv and participations.csv (optionally countries.csv, conflicts.csv, attributions.csv)
    - Gephi CSV pair (folder): Gephi's CSV pair: a nodes table (Id, Label, attributes) and an edges table ...
    """
    return "\n".join(f"- {f.label}: {f.description}" for f in FORMATS if folder is None or f.folder == folder)


def _unrecognised(source: Source, detection: Detection) -> Problem:
    what = "folder" if source.is_dir else "file"
    labels = "; ".join(f.label for f in FORMATS if f.folder == source.is_dir)
    message = f"This {what} is in none of the formats read here ({labels})."
    if detection.format is not None:
        missing = dict(detection.sniffs)[detection.format].missing
        message += f" The nearest is the {detection.format.label}" + (f", but it lacks {missing}." if missing else ".")
    return Problem(ERROR, source.name, None, None, None, message,
                   allowed="; ".join(f"{f.label} ({f.description})" for f in FORMATS if f.folder == source.is_dir))


def read_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> tuple[Detection, Reading]:
    """Detect the format of ``source`` and read it within ``limits``. Never raises on bad input.

    Returns
    -------
    detection : Detection
        ``detection.format`` is the format that read the source (None when
        nothing did); ``detection.matched`` is False when it only resembled it.
    reading : Reading
        The raw tables and the problems (with an error when no format claims
        the source).
    """
    if not source.exists:
        return Detection(None, False, ()), Reading({}, [Problem(ERROR, str(source.path), None, None, None,
                                                                "No such file or folder.")])
    if not source.is_dir and source.size > limits.max_bytes:
        return Detection(None, False, ()), Reading({}, [too_large(source.name, limits)])
    detection = detect(source)
    fmt = detection.format
    if fmt is None:
        return detection, Reading({}, [_unrecognised(source, detection)])
    reading = fmt.read(source, with_deadline(limits))  # one clock for every table of the source
    if not detection.matched:
        reading.problems.append(_unrecognised(source, detection))  # after the reader's own, more precise ones
    return detection, reading


def read_as_line(detection: Detection, counts: dict[str, int] | None, notes=(), errors: int = 0) -> str:
    """The first line of a report: how the source was read and what it gave.

    >>> fmt = format_named("links")
    >>> read_as_line(Detection(fmt, True, ()), {"cooperations": 2, "participations": 4, "actors": 3})
    'Read as: links CSV — 2 links, 4 participations, 3 actors'
    >>> read_as_line(Detection(fmt, False, ()), None, errors=2)
    'Read as: none of the formats read here (nearest: links CSV) — not loaded, 2 errors'
    """
    fmt = detection.format
    if fmt is None:
        head = "Read as: none of the formats read here"
    elif not detection.matched:
        head = f"Read as: none of the formats read here (nearest: {fmt.label})"
    else:
        head = f"Read as: {fmt.label}"
    if counts is None:
        return f"{head} — not loaded, {errors:,} error{'' if errors == 1 else 's'}"
    nouns = fmt.nouns if fmt is not None else Format.nouns
    parts = []
    for table, noun in zip(("cooperations", "participations", "actors"), nouns):
        n = counts.get(table, 0)
        parts.append(f"{n:,} {noun[:-1] if n == 1 and noun.endswith('s') else noun}")
    text = f"{head} — " + ", ".join(parts)
    for note in notes:
        text += f" {note}" if note.startswith(("after", "from", "with", "in ")) else f"; {note}"
    return text
