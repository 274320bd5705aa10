"""Members of a zip archive (a .zip of tables, an .xlsx workbook) read within a budget: streamed, counted, stopped.

Python's :mod:`zipfile` trusts the sizes an archive declares only at the
end: ``ZipFile.read`` inflates a member's compressed data in one call and
cuts the result to the declared size afterwards, so a 1 MB member that
claims 2 MB but inflates to 1 GiB takes 1 GiB of memory first. Here a member
is inflated from its raw bytes in pieces of :data:`CHUNK` bytes, and reading
stops — with a message naming the limit — as soon as

- it gives one byte more than its declared size (the archive lies: refused),
- everything inflated from the archive so far passes
  ``limits.max_decompressed`` (the budget of one file), or
- the read's deadline (``limits.max_seconds``) has passed.

Memory is bounded by the declared size (itself within the budget) and time by
the bytes inflated. Only stored and deflated members are read (what Excel,
LibreOffice and ``zip`` write); encrypted members are refused.

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
...     z.writestr("a.csv", "id,name\\n" * 1000)
>>> zf = zipfile.ZipFile(buf)
>>> len(read_member(buf, zf.infolist()[0], Budget.of(Limits())))
8000
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from dataclasses import dataclass

from .limits import Limits

__all__ = ["CHUNK", "Budget", "ZipRefused", "read_member", "verify_members", "size_text"]

#: Compressed bytes inflated at a time (and the most output one step may give).
CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def size_text(n: int) -> str:
    """A byte count for messages: '200 MB', '1,000 bytes'."""
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} bytes"


class ZipRefused(Exception):
    """A member was not read: the message says why in plain words (which member, which limit)."""


@dataclass
class Budget:
    """What one file's reading may still inflate (bytes) and until when (``time.monotonic()``)."""

    remaining: int
    limit: int
    deadline: float
    seconds: float

    @classmethod
    def of(cls, limits: Limits) -> "Budget":
        deadline = getattr(limits, "deadline", None)
        return cls(limits.max_decompressed, limits.max_decompressed,
                   deadline if deadline is not None else time.monotonic() + limits.max_seconds, limits.max_seconds)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise ZipRefused(f"Reading the file took longer than {self.seconds:g} seconds, the limit for one file, "
                             "so it was stopped. Split it into smaller files.")


def _data_start(handle, info: zipfile.ZipInfo) -> int:
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise ZipRefused(f"The archive is cut short: {info.filename} is missing.")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise ZipRefused(f"The archive is damaged: the entry of {info.filename} is not where its index says.")
    name_len, extra_len = fields[-2], fields[-1]
    return info.header_offset + _LOCAL_HEADER.size + name_len + extra_len


def _inflate(handle, info: zipfile.ZipInfo, budget: Budget, keep: bool) -> bytes:
    name = info.filename
    if info.flag_bits & 0x1:
        raise ZipRefused(f"{name} in the archive is encrypted; save it without a password.")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ZipRefused(f"{name} in the archive is compressed with a method that is not read here (only "
                         "'deflate', which Excel, LibreOffice and zip use); create the archive again.")
    declared = info.file_size
    if declared > budget.remaining:
        raise ZipRefused(f"The archive expands to more than {size_text(budget.limit)}, the most accepted for one "
                         f"file (at {name}).")
    handle.seek(_data_start(handle, info))
    left = info.compress_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    out = bytearray() if keep else None
    produced, crc = 0, 0
    pending = b""
    while True:
        budget.check_time()
        if not pending:
            if left <= 0:
                break
            pending = handle.read(min(CHUNK, left))
            if not pending:
                raise ZipRefused(f"The archive is cut short: {name} is incomplete. Create the archive again.")
            left -= len(pending)
        if inflater is None:
            piece, pending = pending, b""
        else:
            # at most one byte past what is declared: enough to catch a lie, never more
            piece = inflater.decompress(pending, min(CHUNK, declared - produced + 1))
            pending = inflater.unconsumed_tail
        produced += len(piece)
        if produced > declared:
            raise ZipRefused(f"{name} in the archive says it holds {size_text(declared)} but expands to more; an "
                             "archive that lies about its sizes is refused (a possible zip bomb).")
        crc = zlib.crc32(piece, crc)
        if out is not None:
            out += piece
        if inflater is not None and inflater.eof:
            break
    budget.remaining -= produced
    if produced != declared or crc != info.CRC:
        raise ZipRefused(f"The archive is damaged: {name} does not match the size or checksum recorded for it. "
                         "Create the archive again.")
    return bytes(out) if out is not None else b""


def read_member(handle, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """The bytes of one member of the archive in ``handle`` (a binary file object), within ``budget``.

    Raises :class:`ZipRefused` with the reason in plain words.
    """
    return _inflate(handle, info, budget, keep=True)


def verify_members(handle, zf: zipfile.ZipFile, budget: Budget) -> None:
    """Inflate every member once, keeping nothing: each gives exactly its declared size, within the budget.

    After this, a library that reads the archive itself (openpyxl) cannot be
    made to inflate more than the sizes already checked.
    """
    for info in zf.infolist():
        if not info.is_dir():
            _inflate(handle, info, budget, keep=False)
