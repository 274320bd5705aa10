"""An .xlsx workbook with sheets named after the data model's tables (``actors``, ``cooperations``, ...).

Example: a workbook with the sheets actors, cooperations and participations,
each holding the columns of data/README.md.
"""

from __future__ import annotations

from ..limits import Limits
from ..readers import read_workbook
from ..report import ERROR, Problem
from ..schema import TABLES
from .base import NO, Format, Head, Reading, Sniff, Source, tables_convert

__all__ = ["FORMAT", "sniff", "read", "OLE_MAGIC"]

#: The first bytes of an old Excel (.xls) or other OLE compound file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SHEETS = [n for n, t in TABLES.items() if t.required]


def sniff(head: Head) -> Sniff:
    """An .xlsx file whose sheet names include a table name; an old .xls is claimed too (to be refused clearly)."""
    if head.data.startswith(OLE_MAGIC):
        return Sniff(0.9)
    if not head.is_workbook:
        return NO
    sheets = {s.strip().lower() for s in workbook_sheet_names(head)}
    if sheets & set(_SHEETS):
        return Sniff(1.0)
    return Sniff(0.3, "sheets named " + ", ".join(_SHEETS))


def workbook_sheet_names(head: Head) -> list[str]:
    """The sheet names of an .xlsx from its ``xl/workbook.xml`` (read without an XML parser); [] when unreadable."""
    import re
    import zipfile

    from ..limits import Limits
    from ..unzip import Budget, read_member

    try:
        handle = head.source.zip_handle()
        handle = handle if hasattr(handle, "read") else open(handle, "rb")
        with handle, zipfile.ZipFile(handle) as zf:
            info = zf.getinfo("xl/workbook.xml")
            if info.file_size > 10 * 2**20:
                return []
            xml = read_member(handle, info, Budget.of(Limits(max_decompressed=10 * 2**20, max_seconds=5)))
            xml = xml.decode("utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - damaged: the reader says so
        return []
    from html import unescape

    return [unescape(m) for m in re.findall(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"", xml)]


def read(source: Source, limits: Limits) -> Reading:
    if source.head(4) == OLE_MAGIC:
        return Reading({}, [Problem(ERROR, source.name, None, None, None, "This is an old Excel (.xls) or other OLE "
                                    "file; save it as .xlsx or CSV.")])
    tables, problems = read_workbook(source.read_bytes(), source.name, limits)
    return Reading(tables, problems)


FORMAT = Format(
    "xlsx", ".xlsx workbook of tables",
    "an .xlsx workbook with the sheets actors, cooperations and participations (optionally countries, conflicts, "
    "attributions)",
    sniff, read, convert=tables_convert("workbook"))
