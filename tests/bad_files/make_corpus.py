"""Write the corpus of bad uploads in this folder (run once; the files are committed).

    python tests/bad_files/make_corpus.py

Every file is made here from code, the same on every run (fixed zip dates,
a seeded random generator; compressed members may differ in their bytes
with another zlib, never in their content), so the corpus can be checked
against this script. What each file must produce is in
``tests/security/test_bad_files.py``.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DATE = (2024, 1, 1, 0, 0, 0)

LINKS_HEADER = "source,target,kind,themes,start,end,source_url,title"
GOOD_LINKS = [
    "Riga Technical College,Tallinn Vocational School,partnership,digital,2021,2023,https://example.org/p/1,Digital twins",
    "Latvia,Finland,agreement,wbl,2020,2022,https://example.org/p/2,FinLat apprenticeships",
]

ACTORS = [("org-a", "Riga Technical College", "organisation", "LV"),
          ("org-b", "Tallinn Vocational School", "organisation", "EE"),
          ("org-c", "Omnia", "organisation", "FI")]
COOPS = [("c1", "Digital twins", "project", "digital", "2021", "2023"),
         ("c2", "Green skills", "partnership", "green", "2022", "2024")]
PARTS = [("c1", "org-a", "coordinator"), ("c1", "org-b", "partner"), ("c2", "org-b", "coordinator"),
         ("c2", "org-c", "partner")]


def csv_text(header: str, rows) -> str:
    lines = [header] + [r if isinstance(r, str) else ",".join(r) for r in rows]
    return "\n".join(lines) + "\n"


def tables(actors=ACTORS, coops=COOPS, parts=PARTS, actors_header="id,name,kind,country") -> dict[str, str]:
    return {
        "actors.csv": csv_text(actors_header, actors),
        "cooperations.csv": csv_text("id,title,kind,themes,start_year,end_year", coops),
        "participations.csv": csv_text("cooperation_id,actor_id,role", parts),
    }


def zip_bytes(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            zf.writestr(info, data.encode() if isinstance(data, str) else data)
    return buf.getvalue()


# -- a minimal .xlsx, written by hand (inline strings, no styles), so the bytes never change ------------

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def sheet_xml(rows, prolog: str = "", padding: int = 0) -> str:
    out = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(f'<c r="{_col(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                        for c, v in enumerate(row) if v != "")
        out.append(f'<row r="{r}">{cells}</row>')
    pad = " " * padding  # whitespace between elements: inflates the part, not the data
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<worksheet xmlns="{_NS}"><sheetData>{pad.join(out)}{pad}</sheetData></worksheet>')


def xlsx_bytes(sheets: dict[str, list[list[str]]], replace: dict[str, str] | None = None) -> bytes:
    names = list(sheets)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, len(names) + 1))
            + "</Types>"),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
                        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                        "</Relationships>"),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS}" '
                            f'xmlns:r="{_REL}"><sheets>'
                            + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                                      for i, n in enumerate(names, start=1))
                            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, len(names) + 1))
            + "</Relationships>"),
    }
    for i, name in enumerate(names, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(sheets[name])
    parts.update(replace or {})
    return zip_bytes(parts)


def rows_of(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().split("\n")]


def book_sheets(**over) -> dict[str, list[list[str]]]:
    t = tables(**over)
    return {name[:-4]: rows_of(text) for name, text in t.items()}


BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'
                  '&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
                  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def corpus() -> dict[str, bytes]:
    rng = random.Random(7)
    files: dict[str, bytes] = {}
    good_links = csv_text(LINKS_HEADER, GOOD_LINKS)

    # -- not text, or no content ------------------------------------------------------------
    files["empty.csv"] = b""
    files["bom-only.csv"] = b"\xef\xbb\xbf\r\n\r\n"
    files["binary-garbage.bin"] = bytes(rng.randrange(256) for _ in range(4096))
    files["png-named-csv.csv"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
    files["links-nul-bytes.csv"] = (LINKS_HEADER + "\n" + GOOD_LINKS[0] + "\nRiga\x00College,Omnia,project,,,,,\n"
                                    ).encode()
    files["old-excel.xls"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

    # -- encodings and delimiters -----------------------------------------------------------
    files["links-undecodable.csv"] = (LINKS_HEADER + "\n").encode() + \
        b"Vocational School \x81\x8d,Omnia,project,,,,,\n"
    files["links-cp1252.csv"] = csv_text(LINKS_HEADER, [
        "\u0160koda Vocational School,Omnia,project,digital,2021,2022,,Caf\u00e9 skills \u2013 2021"]).encode("cp1252")
    files["links-utf16-semicolon.csv"] = good_links.replace(",", ";").encode("utf-16")
    files["links-bom-semicolon.csv"] = b"\xef\xbb\xbf" + good_links.replace(",", ";").encode()
    files["links-ragged-rows.csv"] = (LINKS_HEADER + "\n" + GOOD_LINKS[0] + "\nOmnia,Riga,project\n").encode()

    # -- links files: columns and values ----------------------------------------------------
    files["links-missing-column.csv"] = b"source,target\nRiga Technical College,Omnia\n"
    files["links-self-loop.csv"] = csv_text(LINKS_HEADER, GOOD_LINKS + [
        "Omnia,Omnia,project,digital,2021,2022,,Talking to itself"]).encode()
    files["links-unknown-country.csv"] = csv_text(LINKS_HEADER + ",source_country", [
        GOOD_LINKS[0] + ",LV", "Omnia,Riga Technical College,project,,2021,2022,,Northern lights,XX"]).encode()
    files["links-bad-kind-and-theme.csv"] = csv_text(LINKS_HEADER, [
        GOOD_LINKS[0], "Omnia,Riga Technical College,projekt,digital;gren,2021,2022,,Typos"]).encode()
    files["links-huge-cell.csv"] = csv_text(LINKS_HEADER, [
        GOOD_LINKS[0], "Omnia,Riga Technical College,project,,2021,2022,," + "x" * 100_001]).encode()
    files["links-formula-injection.csv"] = csv_text(LINKS_HEADER, [
        GOOD_LINKS[0],
        '"=HYPERLINK(""http://evil.example/"",""click"")",Omnia,project,,2021,2022,,Formula name',
        "@SUM(1+1)*cmd|' /C calc'!A0,Omnia,project,,2021,2022,,Another",
        "Omnia,Riga Technical College,project,,2021,2022,,+cmd|' /C notepad'!A0"]).encode()
    files["links-javascript-source.csv"] = csv_text(LINKS_HEADER, [
        "Riga Technical College,Omnia,project,digital,2021,2023,javascript:alert(document.cookie),Click me"]
    ).encode()
    files["links-html-names.csv"] = csv_text(LINKS_HEADER, [
        '"<img src=x onerror=alert(1)>",<b>Bold College</b>,project,digital,2021,2023,https://example.org/,'
        '"<a href=""javascript:alert(1)"">title</a>"',
        "<b>Bold College</b>,Omnia,partnership,green,2022,2023,,<script>alert(2)</script>"]).encode()
    files["actors-table-alone.csv"] = tables()["actors.csv"].encode()

    # -- CSV folders as .zip -------------------------------------------------------------
    def folder(**over) -> dict[str, str]:
        return tables(**over)

    files["folder-dangling-id.zip"] = zip_bytes(folder(parts=PARTS + [("c2", "org-missing", "partner")]))
    files["folder-duplicate-id.zip"] = zip_bytes(folder(actors=ACTORS + [("org-a", "Riga Tech", "organisation",
                                                                          "LV")]))
    files["folder-lookalike-names.zip"] = zip_bytes(folder(actors=ACTORS + [
        ("org-d", "RIGA  technical\u200b college", "organisation", "LV")], parts=PARTS + [("c2", "org-d",
                                                                                            "partner")]))
    files["folder-bad-years.zip"] = zip_bytes(folder(coops=[("c1", "Digital twins", "project", "digital", "20x5",
                                                             "2023"),
                                                            ("c2", "Green skills", "partnership", "green", "2023",
                                                             "2020")]))
    files["folder-unknown-kind.zip"] = zip_bytes(folder(actors=ACTORS[:2] + [("org-c", "Omnia", "organsation",
                                                                              "FI")]))
    files["folder-duplicate-column.zip"] = zip_bytes(folder(actors=[a + (a[1],) for a in ACTORS],
                                                            actors_header="id,name,kind,country,Name"))
    t = folder()
    del t["participations.csv"]
    files["folder-missing-table.zip"] = zip_bytes(t)
    files["archive-no-tables.zip"] = zip_bytes({"readme.txt": "Nothing to see here.\n",
                                                "data/notes.md": "# Notes\n"})
    t = folder()
    files["archive-two-folders.zip"] = zip_bytes({"2023/actors.csv": t["actors.csv"],
                                                  "2024/cooperations.csv": t["cooperations.csv"],
                                                  "2024/participations.csv": t["participations.csv"]})
    whole = zip_bytes(folder(), zipfile.ZIP_STORED)  # stored: the same bytes with any zlib
    files["archive-truncated.zip"] = whole[: len(whole) // 2]
    # a member of 60 MB of one repeated line: a few tens of kilobytes packed
    line = b"org-x,Padding College,organisation,LV\n"
    files["archive-zip-bomb.zip"] = zip_bytes({"actors.csv": b"id,name,kind,country\n" + line * (60_000_000 //
                                                                                                len(line)),
                                               "cooperations.csv": t["cooperations.csv"],
                                               "participations.csv": t["participations.csv"]})
    files["archive-declared-huge.zip"] = declared_size(zip_bytes(folder(), zipfile.ZIP_STORED), "actors.csv",
                                                       3_000_000_000)

    # -- workbooks ------------------------------------------------------------------------
    sheets = book_sheets()
    files["book-billion-laughs.xlsx"] = xlsx_bytes(sheets, {
        "xl/worksheets/sheet1.xml": sheet_xml([["id", "name", "kind", "country"],
                                               ["org-a", "&lol3;", "organisation", "LV"]], prolog=BILLION_LAUGHS)})
    files["book-xxe.xlsx"] = xlsx_bytes(sheets, {
        "xl/workbook.xml": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                            '<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                            f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
                            + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                                      for i, n in enumerate(sheets, start=1)) + "</sheets></workbook>")})
    files["book-zip-bomb.xlsx"] = xlsx_bytes(sheets, {
        "xl/worksheets/sheet1.xml": sheet_xml(sheets["actors"], padding=40_000_000 // len(sheets["actors"]))})
    files["book-missing-sheet.xlsx"] = xlsx_bytes({k: v for k, v in sheets.items() if k != "participations"})
    files["book-unknown-role.xlsx"] = xlsx_bytes(book_sheets(parts=PARTS[:3] + [("c2", "org-c", "partener")]))
    files["book-corrupt-xml.xlsx"] = xlsx_bytes(sheets, {"xl/workbook.xml": "<workbook><sheets><sheet name="})
    return files


def declared_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with ``member``'s uncompressed size in its headers replaced by ``size`` (a lie)."""
    out = bytearray(data)
    name = member.encode()
    for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (i := out.find(sig, start)) >= 0:
            n = struct.unpack_from("<H", out, i + name_len_at)[0]
            if bytes(out[i + name_at:i + name_at + n]) == name:
                struct.pack_into("<I", out, i + size_at, size)
            start = i + 4
    return bytes(out)


def main(argv=None) -> int:
    files = corpus()
    for old in HERE.iterdir():
        if old.is_file() and old.name not in files and old.suffix in (".csv", ".zip", ".xlsx", ".xls", ".bin"):
            old.unlink()
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(files)} files to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
