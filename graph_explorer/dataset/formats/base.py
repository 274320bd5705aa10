"""What a format module is made of: :class:`Source`, :class:`Head`, :class:`Sniff`, :class:`Reading`, :class:`Format`.

Kept apart from the registry (``formats/__init__.py``) so that format modules
import these without importing each other.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Callable

from ..limits import Limits
from ..readers import RawTable, header_key
from ..report import Problem

__all__ = ["Source", "Head", "Sniff", "Reading", "Format", "MATCH", "HEAD_BYTES", "NO", "tables_convert"]

#: A sniff at or above this confidence claims the file; below it the format only resembles it.
MATCH = 0.5
#: How many bytes of a file the sniffers see.
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, eq=False)
class Source:
    """One input: a file on disk, a folder, or the bytes of an upload.

    Attributes
    ----------
    name : str
        The file or folder as the user knows it, for messages (``export.csv``).
    path : Path or None
        Where it is on disk (None for an upload held in memory).
    data : bytes or None
        The bytes of an upload (None for a file read from disk).
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    progress: Callable[[str], None] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_path(cls, path, progress: Callable[[str], None] | None = None) -> "Source":
        path = Path(path)
        return cls(path.name or str(path), path=path, progress=progress)

    def report(self, message: str) -> None:
        """Tell whoever waits how far the reading is (a no-op without a progress callback)."""
        if self.progress is not None:
            self.progress(message)

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> "Source":
        return cls(name, data=bytes(data))

    @property
    def is_dir(self) -> bool:
        return self.path is not None and self.path.is_dir()

    @property
    def exists(self) -> bool:
        return self.data is not None or (self.path is not None and self.path.exists())

    @property
    def size(self) -> int:
        """Bytes of the file (0 for a folder)."""
        if self.data is not None:
            return len(self.data)
        return 0 if self.is_dir else self.path.stat().st_size

    def open(self) -> BinaryIO:
        """A binary file object (the caller closes it); read it in pieces to stream a large file."""
        return io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")

    def read_bytes(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()

    def head(self, n: int = HEAD_BYTES) -> bytes:
        if self.data is not None:
            return self.data[:n]
        if self.is_dir:
            return b""
        with open(self.path, "rb") as f:
            return f.read(n)

    def zip_handle(self):
        """What :class:`zipfile.ZipFile` opens: the path, or the bytes wrapped in a file object."""
        return io.BytesIO(self.data) if self.data is not None else self.path

    def children(self) -> list["Source"]:
        """The files of a folder, sorted by name (hidden files left out)."""
        if not self.is_dir:
            return []
        return [Source.from_path(p) for p in sorted(self.path.iterdir())
                if p.is_file() and not p.name.startswith(".")]


@dataclass(eq=False)
class Head:
    """What a sniffer sees of a source: its first bytes and name, and a few views of them, computed once.

    Attributes
    ----------
    data : bytes
        The first :data:`HEAD_BYTES` bytes (empty for a folder).
    name : str
        The file or folder name as given (only a hint: the content decides).
    members : tuple of str
        For a folder, its file names; for a .zip (or .xlsx) archive, the names
        inside it; else empty.
    is_dir : bool
    """

    data: bytes
    name: str
    members: tuple[str, ...] = ()
    is_dir: bool = False
    source: Source | None = field(default=None, repr=False)

    @classmethod
    def of(cls, source: Source) -> "Head":
        if source.is_dir:
            return cls(b"", source.name, tuple(c.name for c in source.children()), True, source)
        data = source.head()
        members: tuple[str, ...] = ()
        if data.startswith(b"PK"):
            try:
                with zipfile.ZipFile(source.zip_handle()) as zf:
                    members = tuple(zf.namelist()[:10_000])
            except Exception:  # noqa: BLE001 - a damaged archive: its reader says so
                members = ()
        return cls(data, source.name, members, False, source)

    @property
    def is_zip(self) -> bool:
        return self.data.startswith(b"PK")

    @property
    def is_workbook(self) -> bool:
        """A zip archive holding ``xl/workbook.xml`` (an .xlsx file)."""
        return self.is_zip and "xl/workbook.xml" in self.members

    @cached_property
    def text(self) -> str | None:
        """The head as text (BOM removed; a character cut at the end dropped); None when it is not text."""
        data = self.data
        if not data.strip() or self.is_zip:
            return None
        if data.startswith(b"\xef\xbb\xbf"):
            encodings = ["utf-8-sig"]
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            encodings = ["utf-16"]
        else:
            from ..readers import _utf16_without_bom

            encodings = [e for e in (_utf16_without_bom(data),) if e] or ["utf-8", "cp1252"]
        for encoding in encodings:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                if exc.start < len(data) - 4:  # not only a character cut by the head's end
                    continue
                text = data[: exc.start].decode(encoding)
            if "\x00" in text:
                return None
            return text.lstrip("\ufeff")
        return None

    @cached_property
    def csv_header(self) -> list[str]:
        """The first non-empty row as column keys (:func:`header_key`), with the delimiter giving most columns."""
        text = self.text
        if text is None:
            return []
        best: list[str] = []
        for delimiter in (",", ";", "\t"):
            try:
                for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                    if any(c.strip() for c in record):
                        keys = [header_key(c) for c in record if c.strip()]
                        if len(keys) > len(best):
                            best = keys
                        break
            except csv.Error:
                continue
        return best

    @cached_property
    def xml_root(self) -> str | None:
        """The local name of the first XML element (``gexf``, ``graphml``), or None when the head is not XML."""
        import re

        text = self.text
        if text is None or not text.lstrip().startswith("<"):
            return None
        body = re.sub(r"<\?.*?\?>|<!--.*?-->", "", text, flags=re.S)
        m = re.search(r"<\s*([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)", body)
        return m.group(2).lower() if m else None


@dataclass(frozen=True)
class Sniff:
    """How sure a format is that a source is its kind, and what it lacks.

    Attributes
    ----------
    confidence : float
        0 = not this format; at or above :data:`MATCH` = this format (possibly
        with faults its reader will name); in between = it resembles this format.
    missing : str
        What the source lacks to be this format, for the message when no
        format claims it (``"the columns 'kind'"``).
    """

    confidence: float
    missing: str = ""


NO = Sniff(0.0)


@dataclass
class Reading:
    """What a format's ``read`` returns.

    Attributes
    ----------
    tables : dict
        Table name → :class:`~graph_explorer.dataset.readers.RawTable`, or None
        for a table that is there but could not be read (its problems say why).
        Either the tables of the data model (``actors``, ``cooperations``,
        ``participations``, optionally ``countries``, ``conflicts``,
        ``attributions``), or the format's own raw tables that its
        ``convert`` turns into those.
    problems : list of Problem
    notes : list of str
        Short facts for the "Read as …" line (``"38 partner columns"``).
    """

    tables: dict[str, RawTable | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: ``convert(tables, countries, source_name) -> (tables of the data model, problems)``; countries may be None.
Convert = Callable[[dict, object, str], tuple[dict, list[Problem]]]


@dataclass(frozen=True)
class Format:
    """One input format: how to recognise it and how to read it.

    Attributes
    ----------
    name : str
        A short key (``links``, ``erasmus``), used in ``--format`` style options and tests.
    label : str
        What the "Read as: …" line calls it (``links CSV``).
    description : str
        One sentence for the list of formats understood: what the file holds.
    sniff : callable
        ``sniff(head: Head) -> Sniff``. Must be cheap (it sees only the head)
        and never raise.
    read : callable
        ``read(source: Source, limits: Limits) -> Reading``. Never raises on bad
        input: problems go in the Reading. Must stay within ``limits``.
    convert : callable, optional
        ``convert(tables, countries, source_name) -> (tables, problems)``: the
        data model's tables from what ``read`` returned, with the countries
        lookup (:class:`~graph_explorer.dataset.validate.Countries`, or None when
        the countries table is broken). Default: ``read`` already returns them.
    folder : bool
        True when the format reads folders, False when it reads files.
    nouns : tuple of str
        How the "Read as" line calls (cooperations, participations, actors).
    """

    name: str
    label: str
    description: str
    sniff: Callable[[Head], Sniff]
    read: Callable[[Source, Limits], Reading]
    convert: Convert | None = None
    folder: bool = False
    nouns: tuple[str, str, str] = ("cooperations", "participations", "actors")


def tables_convert(form: str) -> Convert:
    """The ``convert`` of the formats that hold the data model's own tables: each required table must be there.

    ``form`` names the container in messages (``folder``, ``archive``, ``workbook``).
    """
    def convert(tables, countries, source_name):
        from ..validate import check_required_tables

        return tables, check_required_tables(tables, source_name, form)
    return convert
