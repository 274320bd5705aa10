"""The bounds every reader works within: one :class:`Limits` object, passed to every format's ``read``.

A file is read within these bounds or refused with a message that names the
bound; nothing is half-loaded. The defaults are the caps the readers have
always applied; a server or a test may pass tighter ones (``Limits(max_rows=10)``).

Examples
--------
>>> Limits().max_rows
1000000
>>> Limits(max_bytes=1024).max_bytes, Limits().max_cell_chars
(1024, 100000)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits", "MAX_BYTES", "MAX_ROWS", "MAX_CELL", "MAX_RATIO", "MAX_COLUMNS", "MAX_CELLS", "MAX_SECONDS"]

#: Largest file (or archive content) accepted, in bytes.
MAX_BYTES = 200 * 1024 * 1024
#: Most data rows accepted in one table.
MAX_ROWS = 1_000_000
#: Longest cell accepted, in characters.
MAX_CELL = 100_000
#: Largest compression ratio accepted for a .zip or .xlsx (zip bombs).
MAX_RATIO = 100
#: Most columns accepted in one table (an Erasmus+ export with 38 partners has 247).
MAX_COLUMNS = 5_000
#: Most cells (rows × columns) accepted in one table.
MAX_CELLS = 100_000_000
#: Longest time, in seconds, one file may take to read.
MAX_SECONDS = 600.0


@dataclass(frozen=True)
class Limits:
    """Bounds on what one read may take.

    Attributes
    ----------
    max_bytes : int
        Largest file accepted, in bytes (for a folder: each file).
    max_rows : int
        Most data rows in one table.
    max_columns : int
        Most columns in one table.
    max_cells : int
        Most cells (rows × columns) in one table.
    max_cell_chars : int
        Longest cell, in characters.
    max_seconds : float
        Longest time one file may take to read.
    max_decompressed : int
        Bytes an archive or workbook may expand to, in total (the budget for
        everything decompressed while reading one file).
    max_ratio : float
        Largest compression ratio of an archive or workbook (zip bombs).
    deadline : float or None
        ``time.monotonic()`` by which the read must end; set when a read
        starts (``max_seconds`` from then), so every table of one file shares
        one clock. None: not started.
    """

    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_cells: int = MAX_CELLS
    max_cell_chars: int = MAX_CELL
    max_seconds: float = MAX_SECONDS
    max_decompressed: int = MAX_BYTES
    max_ratio: float = MAX_RATIO
    deadline: float | None = None


#: The limits used when none are given.
DEFAULT_LIMITS = Limits()
