"""Archives that lie: built here byte by byte (no zip library writes a lie)."""

from __future__ import annotations

import struct
import zlib


def _member(name: bytes, payload: bytes, method: int, crc: int, claimed: int, offset: int) -> tuple[bytes, bytes]:
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(payload), claimed,
                        len(name), 0) + name + payload
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc, len(payload), claimed,
                          len(name), 0, 0, 0, 0, 0, offset) + name
    return local, central


def zip_of(members: list[tuple[str, bytes, int]]) -> bytes:
    """A zip of (name, compressed payload, claimed size) deflated members, plus plain stored ones (claimed None)."""
    body, directory = b"", b""
    for name, payload, claimed in members:
        if claimed is None:  # an honest stored member
            local, central = _member(name.encode(), payload, 0, zlib.crc32(payload), len(payload), len(body))
        else:
            local, central = _member(name.encode(), payload, 8, 0, claimed, len(body))
        body += local
        directory += central
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)
    return body + directory + end


def lying_zip(inflates_to: int = 2**30, claims: int = 2 * 2**20) -> bytes:
    """A dataset .zip whose actors.csv claims ``claims`` bytes (ratio ~2, passes every directory check) and
    inflates to ``inflates_to`` (about 1 MB of deflate for 1 GiB)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(b"id,name,kind\n" + b"a" * (2**20 - 13)) + c.flush(zlib.Z_FULL_FLUSH)
    # after a full flush the compressor starts afresh, so the same megabyte compresses to the same bytes:
    # compress it once and repeat them (building 1 GiB takes milliseconds, not seconds)
    block = c.compress(b"a" * 2**20) + c.flush(zlib.Z_FULL_FLUSH)
    parts = [first, block * (inflates_to // 2**20 - 1), c.flush()]
    return zip_of([("actors.csv", b"".join(parts), claims),
                   ("cooperations.csv", b"id,title,kind\nc1,C,project\n", None),
                   ("participations.csv", b"cooperation_id,actor_id\nc1,a\n", None)])
