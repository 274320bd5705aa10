"""The format registry: detection by content, the contract every format keeps, and the "Read as" line.

Every registered format gets the same checks: its sniffer never raises on odd
heads, and each of the example files below is claimed by exactly its format.
A format added to the registry adds its example to EXAMPLES.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from graph_explorer.cli import main
from graph_explorer.dataset import DataError, load_bytes, load_dataset
from graph_explorer.dataset.formats import FORMATS, MATCH, Head, Source, detect, format_named, read_source
from graph_explorer.dataset.limits import Limits
from tests.dataset.test_erasmus import ROWS as ERASMUS_ROWS
from tests.dataset.test_erasmus import export_bytes as erasmus_export

LINKS = b"source,target,kind,themes\r\nLatvia,Finland,partnership,wbl\r\nRiga College,Omnia,project,green\r\n"
ACTORS = "id,name,kind,country\na,Alpha,organisation,LV\nb,Beta,organisation,FI\n"
COOPS = "id,title,kind\np1,One,project\n"
PARTS = "cooperation_id,actor_id,role\np1,a,coordinator\np1,b,partner\n"


def zip_bytes(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return out.getvalue()


def book_bytes(sheets: dict[str, str]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in sheets.items():
        sheet = book.create_sheet(name)
        for line in text.strip().splitlines():
            sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TABLES = {"actors.csv": ACTORS, "cooperations.csv": COOPS, "participations.csv": PARTS}
#: format name → the bytes of a file of that format (files only; the folder format is tested on a folder).
EXAMPLES = {
    "links": LINKS,
    "gexf": b'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph>'
            b'<nodes><node id="a" label="Riga"/><node id="b" label="Oulu"/></nodes>'
            b'<edges><edge id="0" source="a" target="b" weight="2"/></edges></graph></gexf>',
    "graphml": b'<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
               b'<graph edgedefault="undirected"><node id="a"/><node id="b"/><edge source="a" target="b"/>'
               b'</graph></graphml>',
    "gephi-csv": b"Source,Target,Type,Id,Label,timeset,Weight\r\n1,2,Undirected,0,,,3.0\r\n",
    "explorer-links-csv": "\ufeffsource,source_label,target,target_label,weight,count,newman\r\n"
                          "FI,Finland,LV,Latvia,3.0,3,1.5\r\n".encode(),
    "kumu": book_bytes({"Elements": "Label,Type\nRiga,Organization\nOulu,Organization",
                        "Connections": "From,To,Type\nRiga,Oulu,Partnership"}),
    "explorer-xlsx": book_bytes({"About": "Title,x", "Nodes": "id,label\nFI,Finland\nLV,Latvia",
                                 "Links": "source,target,weight\nFI,LV,2"}),
    "zip": zip_bytes({f"data/{k}": v for k, v in TABLES.items()}),
    "xlsx": book_bytes({k[:-4]: v for k, v in TABLES.items()}),
    "erasmus": erasmus_export(ERASMUS_ROWS[:2]),
}
ODD_HEADS = [b"", b"\x00" * 100, b"PK\x03\x04garbage", b"\xef\xbb\xbf", "é".encode("utf-16"), b"<?xml?>", b"\xff" * 9,
             b"a,b\n" * 5000, b'"unterminated\n,,,\n', b"\xd0\xcf\x11\xe0" + b"\0" * 60]


def test_every_file_format_has_an_example_and_no_sniffer_raises():
    assert {f.name for f in FORMATS if not f.folder} <= set(EXAMPLES)
    for data in ODD_HEADS + list(EXAMPLES.values()):
        head = Head.of(Source.from_bytes(data, "x"))
        for fmt in FORMATS:
            sniff = fmt.sniff(head)
            assert 0.0 <= sniff.confidence <= 1.0


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_is_claimed_by_its_format_alone_whatever_its_name(name):
    for filename in ("upload.bin", "data.csv", "data.xlsx"):  # the content decides, not the extension
        detection = detect(Source.from_bytes(EXAMPLES[name], filename))
        assert detection.format.name == name and detection.matched
        claims = [f.name for f, s in detection.sniffs if s.confidence >= MATCH]
        assert claims == [name]


@pytest.mark.parametrize("name, line", [
    ("links", "Read as: links CSV — 2 links, 4 participations, 4 actors"),
    ("zip", "Read as: .zip of CSV tables — 1 cooperation, 2 participations, 2 actors"),
    ("xlsx", "Read as: .xlsx workbook of tables — 1 cooperation, 2 participations, 2 actors"),
    ("erasmus", "Read as: Erasmus+ Project Results export — 2 projects, 9 participations, 5 organisations after "
                "merging 4 spellings"),
    ("gexf", "Read as: GEXF file — 1 edge, 2 participations, 2 actors; GEXF 1.3"),
    ("graphml", "Read as: GraphML file — 1 edge, 2 participations, 2 actors"),
    ("gephi-csv", "Read as: Gephi CSV (edges table, or nodes and edges in a .zip) — 1 edge, 2 participations, 2 actors"),
    ("explorer-links-csv", "Read as: graph_explorer links export (CSV) — 1 link, 2 participations, 2 actors"),
    ("kumu", "Read as: Kumu workbook — 1 connection, 2 participations, 2 actors"),
    ("explorer-xlsx", "Read as: graph_explorer table export (XLSX) — 1 link, 2 participations, 2 actors"),
])
def test_the_report_starts_with_how_the_file_was_read(name, line):
    report = load_bytes(EXAMPLES[name], f"example.{name}").report
    assert report.read_as == line
    assert report.format().splitlines()[0] == line
    assert report.to_dict()["read_as"] == line


def test_a_folder_is_read_as_a_folder(tmp_path):
    for file, text in TABLES.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert ds.report.read_as == "Read as: folder of CSV tables — 1 cooperation, 2 participations, 2 actors"


def test_a_file_of_no_format_lists_the_formats_and_what_the_nearest_lacks():
    with pytest.raises(DataError) as info:
        load_bytes(b"name;country\nRiga College;LV\n", "orgs.csv")
    report = info.value.report
    assert report.read_as == "Read as: none of the formats read here (nearest: links CSV) — not loaded, 2 errors"
    message = next(p.message for p in report.errors if "none of the formats" in p.message)
    for fmt in FORMATS:
        if not fmt.folder:
            assert fmt.label in message
    assert "The nearest is the links CSV, but it lacks the columns 'source', 'target', 'kind'." in message
    # the nearest format's own reader still names the columns
    assert any("The required columns 'source', 'target', 'kind' are missing" in p.message for p in report.errors)


def test_a_zip_of_other_files_is_told_what_the_nearest_lacks():
    with pytest.raises(DataError) as info:
        load_bytes(zip_bytes({"notes.txt": "hello"}), "x.zip")
    messages = [p.message for p in info.value.report.errors]
    assert any("The nearest is the .zip of CSV tables, but it lacks the files actors.csv, cooperations.csv, "
               "participations.csv." in m for m in messages)
    assert any("The archive holds no dataset tables; it holds notes.txt." in m for m in messages)


def test_limits_reach_the_readers():
    source = Source.from_bytes(LINKS, "links.csv")
    _, reading = read_source(source, Limits(max_rows=1))
    assert [p.message for p in reading.problems] == ["The file has more than 1 data rows; split it or filter it "
                                                      "first."]
    _, reading = read_source(source, Limits(max_bytes=10))
    assert reading.problems[0].message == "The file is larger than 10 bytes."
    _, reading = read_source(Source.from_bytes(EXAMPLES["zip"], "d.zip"), Limits(max_decompressed=100))
    assert "The archive expands to" in reading.problems[0].message and "at most 100 bytes" in reading.problems[0].message


def test_cli_lists_the_formats_and_validate_prints_the_read_as_line(tmp_path):
    result = CliRunner().invoke(main, ["formats"])
    assert result.exit_code == 0
    for fmt in FORMATS:
        assert f"- {fmt.label}: {fmt.description}" in result.output
    path = tmp_path / "links.txt"
    path.write_bytes(LINKS)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "Read as: links CSV — 2 links, 4 participations, 4 actors"


def test_format_named():
    assert format_named("xlsx").label == ".xlsx workbook of tables"
    with pytest.raises(KeyError):
        format_named("nope")
