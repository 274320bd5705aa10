"""Files that are small on disk and costly to read: very wide CSVs and very long workbooks (built fast, in memory)."""

from __future__ import annotations

import io
import zipfile


def wide_csv(columns: int = 100_000) -> bytes:
    """A links CSV whose header has ``columns`` columns (889 KB for 100,000) and one data row."""
    header = ["source", "target", "kind"] + [f"c{i}" for i in range(columns - 3)]
    row = ["Riga", "Omnia", "project"] + [""] * (columns - 3)
    return (",".join(header) + "\n" + ",".join(row) + "\n").encode()


_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
       '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
       'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
         '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="actors" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def long_workbook(rows: int = 1_048_576, declare: bool = True) -> bytes:
    """An .xlsx whose 'actors' sheet has ``rows`` rows (Excel's maximum by default) of id, name, kind.

    ``declare=False`` leaves the sheet's size out of its ``<dimension>``, as some writers do.
    """
    out = io.StringIO()
    out.write('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main">')
    if declare:
        out.write(f'<dimension ref="A1:C{rows}"/>')
    out.write('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is>'
              '<t>name</t></is></c><c r="C1" t="inlineStr"><is><t>kind</t></is></c></row>')
    out.write("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c></row>'
                      for r in range(2, rows + 1)))
    out.write("</sheetData></worksheet>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _BOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", out.getvalue())
    return buf.getvalue()
