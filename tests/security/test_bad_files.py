"""The corpus of bad uploads (``tests/bad_files``): each gets its own message, none a server error.

Every file goes through the upload callback's function (:func:`receive_upload`)
with another upload already in use: a refused file must leave that tab's data
as it was, and the report must name the file, row and column of each problem.
A few go through a real server over HTTP. The files are written by
``tests/bad_files/make_corpus.py``; a test checks they still are what it writes.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass

import pytest

from graph_explorer.app import _metric_names
from graph_explorer.app import ids
from graph_explorer.app.sources import DataSources
from graph_explorer.app.upload_panel import receive_upload
from graph_explorer.dataset import DataError, load_bytes
from graph_explorer.explorer import Explorer
from graph_explorer.testing import tiny_dataset
from graph_explorer.uploads import UploadStore
from tests.app.conftest import text_of

from .conftest import CORPUS, data_url
from .harness import callback_payload, post_callback, view_payload

MAX = 23 * 1024 * 1024


@dataclass(frozen=True)
class Expect:
    """What a corpus file must produce: loaded or not, and (where, message) pairs found in the report."""

    loaded: bool
    problems: tuple[tuple[str, str], ...]


def refused(*problems):
    return Expect(False, problems)


def loaded(*problems):
    return Expect(True, problems)


ENTITY = ("declares an XML document type or entities (<!DOCTYPE …> / <!ENTITY …>). Spreadsheet programs never "
          "write these")
FORMULA = "which spreadsheet programs run as a formula. It is kept as text"

EXPECTED = {
    "empty.csv": refused(("empty.csv", "The file is empty.")),
    "bom-only.csv": refused(("bom-only.csv", "The file is empty.")),
    "binary-garbage.bin": refused(("binary-garbage.bin", "The file could not be decoded as text (tried utf-8 and "
                                                         "cp1252).")),
    "png-named-csv.csv": refused(("png-named-csv.csv", "This does not look like a text (CSV) file: it holds the "
                                                       "control character '\\x1a' on line 2.")),
    "links-nul-bytes.csv": refused(("links-nul-bytes.csv", "it holds the control character '\\x00' on line 3.")),
    "old-excel.xls": refused(("old-excel.xls", "This is an old Excel (.xls) or other OLE file; save it as .xlsx or "
                                               "CSV.")),
    "links-undecodable.csv": refused(("links-undecodable.csv", "could not be decoded as text (tried utf-8 and "
                                                               "cp1252)")),
    "links-cp1252.csv": loaded(("links-cp1252.csv", "Read with the cp1252 encoding.")),
    "links-utf16-semicolon.csv": loaded(("links-utf16-semicolon.csv", "Read with the utf-16 encoding."),
                                        ("links-utf16-semicolon.csv", "Read with the delimiter semicolon ';'.")),
    "links-bom-semicolon.csv": loaded(("links-bom-semicolon.csv", "Read with the delimiter semicolon ';'.")),
    "links-ragged-rows.csv": refused(("links-ragged-rows.csv", "Cannot read the table: no delimiter gives the "
                                                               "expected columns")),
    "links-missing-column.csv": refused(("links-missing-column.csv, row 1, column 'kind'",
                                         "The required column 'kind' is missing. The header has: 'source', "
                                         "'target'.")),
    "links-self-loop.csv": refused(("links-self-loop.csv, row 4, column 'target'",
                                    "The link goes from 'Omnia' to itself.")),
    "links-unknown-country.csv": refused(("links-unknown-country.csv, row 3, column 'source_country'",
                                          "'XX' is not a known country code.")),
    "links-bad-kind-and-theme.csv": refused(
        ("links-bad-kind-and-theme.csv, row 3, column 'kind'", "'projekt' is not a known cooperation kind. Did you "
                                                               "mean 'project'?"),
        ("links-bad-kind-and-theme.csv, row 3, column 'themes'", "'gren' is not a known theme (in 'digital;gren'). "
                                                                 "Did you mean 'green'?")),
    "links-huge-cell.csv": refused(("links-huge-cell.csv, row 3, column 'title'",
                                    "A cell holds 100,001 characters; at most 100,000 are accepted.")),
    "links-formula-injection.csv": loaded(
        ("links-formula-injection.csv, row 3, column 'source'",
         "'=HYPERLINK(\"http://evil.example/\",\"click\")' starts with '=', " + FORMULA),
        ("links-formula-injection.csv, row 4, column 'source'", "starts with '@', " + FORMULA),
        ("links-formula-injection.csv, row 5, column 'title'", "starts with '+', " + FORMULA)),
    "links-javascript-source.csv": loaded(("links-javascript-source.csv, row 2, column 'source_url'",
                                           "'javascript:alert(document.cookie)' is not an http(s) address; it is "
                                           "kept as text but not shown as a link.")),
    "links-html-names.csv": loaded(),
    "actors-table-alone.csv": refused(("actors-table-alone.csv", "This file looks like the actors table of a "
                                                                 "dataset folder, not a links file.")),
    "folder-dangling-id.zip": refused(("folder-dangling-id.zip[participations.csv], row 6, column 'actor_id'",
                                       "No actor has the id 'org-missing': it is not in the 'id' column of "
                                       "folder-dangling-id.zip[actors.csv].")),
    "folder-duplicate-id.zip": refused(("folder-duplicate-id.zip[actors.csv], row 5, column 'id'",
                                        "The id 'org-a' is used twice: rows 2 and 5.")),
    "folder-lookalike-names.zip": loaded(("folder-lookalike-names.zip[actors.csv], row 5, column 'name'",
                                          "Possible duplicate of row 2: 'RIGA"),
                                         ("technical\\u200b college' differs only in invisible characters and "
                                          "spacing and upper/lower case from 'Riga Technical College' (id 'org-a').",
                                          "Both are kept as separate actors")),
    "folder-bad-years.zip": refused(
        ("folder-bad-years.zip[cooperations.csv], row 2, column 'start_year'", "'20x5' is not a whole number."),
        ("folder-bad-years.zip[cooperations.csv], row 3, column 'end_year'",
         "The end year 2020 is before the start year 2023")),
    "folder-unknown-kind.zip": refused(("folder-unknown-kind.zip[actors.csv], row 4, column 'kind'",
                                        "'organsation' is not a known actor kind. Did you mean 'organisation'?")),
    "folder-duplicate-column.zip": refused(("folder-duplicate-column.zip[actors.csv], row 1, column 'Name'",
                                            "The column 'Name' appears twice (columns 2 and 5)")),
    "folder-missing-table.zip": refused(("folder-missing-table.zip", "The archive has no participations.csv")),
    "archive-no-tables.zip": refused(("archive-no-tables.zip", "The archive holds no dataset tables; it holds "
                                                               "readme.txt, data/notes.md.")),
    "archive-two-folders.zip": refused(("archive-two-folders.zip", "The table files are in different folders of "
                                                                   "the archive")),
    "archive-truncated.zip": refused(("archive-truncated.zip", "The archive is damaged and could not be read (its "
                                      "table of contents cannot be found)")),
    "archive-zip-bomb.zip": refused(("archive-zip-bomb.zip", "times is refused as a possible zip bomb.")),
    "archive-declared-huge.zip": refused(("archive-declared-huge.zip", "The archive expands to 2,861 MB; at most "
                                                                       "200 MB are accepted.")),
    "book-billion-laughs.xlsx": refused(("book-billion-laughs.xlsx", "The workbook's part xl/worksheets/sheet1.xml "
                                         + ENTITY)),
    "book-xxe.xlsx": refused(("book-xxe.xlsx", "The workbook's part xl/workbook.xml " + ENTITY)),
    "book-zip-bomb.xlsx": refused(("book-zip-bomb.xlsx", "times is refused as a possible zip bomb.")),
    "book-missing-sheet.xlsx": refused(("book-missing-sheet.xlsx", "The workbook has no sheet named "
                                                                   "'participations'")),
    "book-unknown-role.xlsx": refused(("book-unknown-role.xlsx[participations], row 5, column 'role'",
                                       "'partener' is not a known role. Did you mean 'partner'?")),
    "book-corrupt-xml.xlsx": refused(("book-corrupt-xml.xlsx", "The workbook is damaged or not an .xlsx workbook "
                                      "(a part of it is not well-formed XML)")),
}


def corpus_files():
    return sorted(p.name for p in CORPUS.iterdir() if p.suffix != ".py" and not p.name.startswith("."))


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    assert corpus_files() == sorted(EXPECTED)
    assert sum(not e.loaded for e in EXPECTED.values()) >= 25


def test_the_corpus_is_what_make_corpus_writes():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.corpus()
    assert sorted(made) == corpus_files()
    for name, data in made.items():
        committed = (CORPUS / name).read_bytes()
        if committed != data:  # another zlib packs the same members into other bytes
            assert members(committed) == members(data), name


def members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    return DataSources(Explorer(tiny_dataset()), UploadStore(tmp_path_factory.mktemp("uploads")), _metric_names())


@pytest.fixture(scope="module")
def in_use(sources):
    """A tab whose own upload is in use when it sends a bad file."""
    return sources.add(b"source,target,kind\nMy College,My Partner,project\n", "mine.csv")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_gets_its_own_message(name, sources, in_use):
    expect = EXPECTED[name]
    data = (CORPUS / name).read_bytes()
    outcome = receive_upload(sources, data_url(data), name, MAX)
    text = text_of(outcome.report)
    for where, message in expect.problems:
        assert where in text, f"{name}: {where!r} not in {text!r}"
        assert message in text, f"{name}: {message!r} not in {text!r}"
    assert "Unexpected failure" not in text and "Traceback" not in text
    if expect.loaded:
        assert outcome.token and text.startswith(f"Loaded {name}")
    else:
        assert outcome.token is None and f"{name} was not loaded" in text
        assert "The data in use has not changed." in text
        # the tab's own upload is still the data in use
        assert sources.context(in_use.token).dataset.fingerprint == in_use.dataset.fingerprint


@pytest.mark.parametrize("name", ["archive-zip-bomb.zip", "book-zip-bomb.xlsx", "archive-declared-huge.zip",
                                  "book-billion-laughs.xlsx"])
def test_bombs_are_refused_in_well_under_a_second(name):
    data = (CORPUS / name).read_bytes()
    load_bytes(b"source,target,kind\nA,B,project\n", "warm.csv")  # imports done
    start = time.perf_counter()
    with pytest.raises(DataError):
        load_bytes(data, name)
    assert time.perf_counter() - start < 1.0


def test_openpyxl_parses_with_defusedxml():
    import io

    import openpyxl
    import openpyxl.xml
    from defusedxml import DefusedXmlException

    assert openpyxl.xml.DEFUSEDXML is True
    # without the explorer's own check, openpyxl alone refuses the entities when it reads the sheet
    with pytest.raises(Exception) as info:
        book = openpyxl.load_workbook(io.BytesIO((CORPUS / "book-billion-laughs.xlsx").read_bytes()),
                                      read_only=True)
        list(book["actors"].iter_rows(values_only=True))
    chain, exc = [], info.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(isinstance(e, DefusedXmlException) for e in chain), chain


def test_an_entity_declared_after_a_long_prolog_is_still_refused(tmp_path):
    """Past the first 4 KB the explorer's check cannot see it; defusedxml refuses it with the same message."""
    import importlib.util as iu

    spec = iu.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    mc = iu.module_from_spec(spec)
    spec.loader.exec_module(mc)
    sheets = mc.book_sheets()
    prolog = "<!--" + "x" * 5000 + "-->" + mc.BILLION_LAUGHS
    data = mc.xlsx_bytes(sheets, {"xl/worksheets/sheet1.xml": mc.sheet_xml(
        [["id", "name", "kind", "country"], ["org-a", "&lol3;", "organisation", "LV"]], prolog=prolog)})
    with pytest.raises(DataError) as info:
        load_bytes(data, "late.xlsx")
    assert "declares a document type or entities, which is refused" in info.value.report.format()


def test_the_row_cap_names_the_row():
    from graph_explorer.dataset.limits import Limits

    rows = "".join(f"A{i},B{i},project\n" for i in range(8))
    with pytest.raises(DataError) as info:
        load_bytes(f"source,target,kind\n{rows}".encode(), "many.csv", limits=Limits(max_rows=5))
    assert info.value.report.format() == "Read as: links CSV — not loaded, 1 error\n" \
                                         "error: many.csv, row 7: The file has more than 5 data rows; split it or " \
                                         "filter it first."


# -- through a real server ---------------------------------------------------------------------------


def strings(tree) -> list[str]:
    """The texts of a component tree as Dash sends it (JSON)."""
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, list):
        return [s for item in tree for s in strings(item)]
    if isinstance(tree, dict):
        return strings(tree.get("props", {}).get("children"))
    return []


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from graph_explorer.app import create_app
    from tests.conftest import serve_in_thread

    app = create_app(tiny_dataset(), uploads=tmp_path_factory.mktemp("served-uploads"))
    url, stop = serve_in_thread(app.server)
    yield app, url
    stop()


@pytest.mark.parametrize("name", ["book-billion-laughs.xlsx", "book-xxe.xlsx", "archive-zip-bomb.zip",
                                  "binary-garbage.bin", "links-huge-cell.csv", "folder-dangling-id.zip"])
def test_bad_files_through_the_server(server, name):
    app, url = server

    def upload(data, filename):
        return post_callback(url, callback_payload(app, "upload-report.children",
                                                   {f"{ids.UPLOAD}.contents": data_url(data)},
                                                   {f"{ids.UPLOAD}.filename": filename, f"{ids.DATA_TOKEN}.data": None},
                                                   input_of=f"{ids.UPLOAD}.contents"))
    status, body = upload(b"source,target,kind\nMy College,My Partner,project\n", "mine.csv")
    token = body["response"][ids.DATA_TOKEN]["data"]
    start = time.perf_counter()
    status, body = upload((CORPUS / name).read_bytes(), name)
    elapsed = time.perf_counter() - start
    assert status == 200 and elapsed < 2.0
    assert ids.DATA_TOKEN not in body["response"]
    report = " ".join(strings(body["response"][ids.UPLOAD_REPORT]["children"]))
    assert f"{name} was not loaded" in report
    for where, message in EXPECTED[name].problems:
        assert where in report and message in report
    status, body = post_callback(url, view_payload(app, "", token))
    assert body["response"][ids.SUMMARY]["children"].startswith("2 actors · 1 links")  # still the tab's own data
