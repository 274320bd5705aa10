"""Reading every input form: encodings, delimiters, workbooks, links files, archives, and bad bytes.

All files are built in ``tmp_path`` in code; the random inputs use a fixed seed.
"""

from __future__ import annotations

import copy
import csv
import io
import random
import zipfile

import openpyxl
import pytest

from graph_explorer.dataset import DataError, load_bytes, load_dataset
from graph_explorer.dataset import load as load_module
from graph_explorer.dataset import readers
from graph_explorer.dataset.limits import Limits

COUNTRIES = [
    ["code", "eu_code", "name", "lat", "lon", "eu_member", "region"],
    ["LV", "", "Latvia", "56.95", "24.11", "true", "Baltic"],
    ["FI", "", "Finland", "60.17", "24.94", "true", "Nordic"],
    ["DK", "", "Denmark", "55.68", "12.57", "true", "Nordic"],
    ["GR", "EL", "Greece", "37.98", "23.73", "true", "Southern"],
]
BASE = {
    "actors": [
        ["id", "name", "kind", "country"],
        ["a", "Café Ørsted, Ærø", "organisation", "DK"],  # a comma, and letters cp1252 has
        ["b", "Riga College", "organisation", "LV"],
    ],
    "cooperations": [
        ["id", "title", "kind", "themes", "start_year", "end_year"],
        ["p1", "Green; digital\nskills", "project", "green;digital", "2021", "2023"],  # ';' and a line break
        ["p2", "Exchange", "partnership", "wbl", "2022", ""],
    ],
    "participations": [["cooperation_id", "actor_id", "role"], ["p1", "a", "coordinator"], ["p1", "b", "partner"],
                       ["p2", "b", "partner"], ["p2", "a", "partner"]],
    "countries": COUNTRIES,
}


def csv_text(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write_folder(path, data=None, delimiter=",", encode=lambda text: text.encode("utf-8")):
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in (BASE if data is None else data).items():
        (path / f"{name}.csv").write_bytes(encode(csv_text(rows, delimiter)))
    return path


def failed(load, *args):
    with pytest.raises(DataError) as info:
        load(*args)
    return info.value.report


def assert_base(ds):
    assert ds.actors["name"].tolist() == ["Café Ørsted, Ærø", "Riga College"]
    assert ds.cooperations["title"].iloc[0] == "Green; digital\nskills"
    assert ds.cooperations["themes"].iloc[0] == ("green", "digital")
    assert len(ds.participations) == 4


# -- encodings ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding,info", [
    ("utf-8", None), ("utf-8-sig", None), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"), ("cp1252", "cp1252"),
])
def test_encodings(tmp_path, encoding, info):
    ds = load_dataset(write_folder(tmp_path / "ds", encode=lambda text: text.encode(encoding)))
    assert_base(ds)
    infos = [p for p in ds.report.infos if p.file == "actors.csv"]
    if info is None:
        assert infos == []
    else:
        assert infos[0].message == f"Read with the {info} encoding."


def test_undecodable_file_is_named(tmp_path):
    path = write_folder(tmp_path / "ds")
    (path / "actors.csv").write_bytes(b"id,name,kind\na,\x81\x8d\x90,network\n")
    [error] = failed(load_dataset, path).errors  # and not "the folder has no actors.csv"
    assert error.file == "actors.csv" and "could not be decoded" in error.message and "utf-8" in error.message


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", "\ufeff\n".encode("utf-16")])
def test_empty_file(tmp_path, content):
    path = write_folder(tmp_path / "ds")
    (path / "cooperations.csv").write_bytes(content)
    error = failed(load_dataset, path).errors[0]
    assert (error.file, error.message) == ("cooperations.csv", "The file is empty.")


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    random.Random(7).randbytes(3000),
    b"id,name,kind\x00\x01\x02\n",
])
def test_binary_garbage_is_an_error_not_a_trace(tmp_path, content):
    path = write_folder(tmp_path / "ds")
    (path / "participations.csv").write_bytes(content)
    error = failed(load_dataset, path).errors[0]
    assert error.file == "participations.csv"
    assert "not look like a text" in error.message or "could not be decoded" in error.message


# -- delimiters --------------------------------------------------------------------


@pytest.mark.parametrize("delimiter,info", [(",", None), (";", "semicolon ';'"), ("\t", "tab")])
def test_delimiters(tmp_path, delimiter, info):
    ds = load_dataset(write_folder(tmp_path / "ds", delimiter=delimiter))
    assert_base(ds)
    infos = [p.message for p in ds.report.infos if p.file == "actors.csv"]
    assert infos == ([] if info is None else [f"Read with the delimiter {info}."])


def test_rows_after_a_multiline_cell_keep_their_spreadsheet_numbers(tmp_path):
    data = copy.deepcopy(BASE)
    data["cooperations"][2][2] = "partnershp"  # row 3, after the two-line title of row 2
    error = failed(load_dataset, write_folder(tmp_path / "ds", data)).errors[0]
    assert (error.file, error.row, error.column, error.value) == ("cooperations.csv", 3, "kind", "partnershp")


def test_blank_lines_count_as_rows(tmp_path):
    path = write_folder(tmp_path / "ds")
    (path / "actors.csv").write_text("id,name,kind\n\na,A,network\n,,\nb,B,netwrk\n", encoding="utf-8")
    error = failed(load_dataset, path).errors[0]
    assert (error.row, error.column, error.value) == (5, "kind", "netwrk")


def test_trailing_empty_cells_are_ignored(tmp_path):
    path = write_folder(tmp_path / "ds")
    (path / "actors.csv").write_text("id,name,kind,country,,\na,A,network,,\nb,B,network,LV,,,\n", encoding="utf-8")
    assert load_dataset(path).actors["id"].tolist() == ["a", "b"]


def test_no_delimiter_fits_names_the_file_and_what_was_tried(tmp_path):
    path = write_folder(tmp_path / "ds")
    (path / "actors.csv").write_text("id,name,kind\na,Alpha, Ltd,organisation\n", encoding="utf-8")
    error = failed(load_dataset, path).errors[0]
    assert error.file == "actors.csv"
    assert "row 2 has 4 fields where the header has 3" in error.message
    for tried in ("comma ','", "semicolon ';'", "tab"):
        assert tried in error.message


def test_ambiguous_delimiter_is_an_error(tmp_path):
    path = write_folder(tmp_path / "ds")
    (path / "attributions.csv").write_text("text;x,text\nA;b,c\n", encoding="utf-8")
    error = failed(load_dataset, path).errors[0]
    assert error.file == "attributions.csv" and "Cannot tell the delimiter" in error.message
    assert "comma ','" in error.message and "semicolon ';'" in error.message


def test_one_column_file_parses_the_same_with_any_delimiter(tmp_path):
    data = dict(BASE, attributions=[["text"], ["Source: EC, CC BY 4.0"]])
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    assert ds.attributions["text"].tolist() == ["Source: EC, CC BY 4.0"]


def test_never_guessed_from_one_line(tmp_path):
    """The header reads the same with ',' and ';' here; only the rows tell them apart."""
    text = "id;name;kind\na;Alpha;network\nb;Beta, Inc;network\n"
    raw, table, problems = readers.parse_csv(text, "actors.csv", [load_module.TABLES["actors"]])
    assert raw.frame["name"].tolist() == ["Alpha", "Beta, Inc"]


# -- caps --------------------------------------------------------------------------


def test_too_many_rows(tmp_path):
    data = copy.deepcopy(BASE)
    error = failed(lambda p: load_dataset(p, limits=Limits(max_rows=3)), write_folder(tmp_path / "ds", data)).errors[0]
    assert error.file == "participations.csv" and error.row == 5 and "more than 3 data rows" in error.message


def test_cell_too_long(tmp_path):
    data = copy.deepcopy(BASE)
    data["cooperations"][2][1] = "x" * (readers.MAX_CELL + 1)
    error = failed(load_dataset, write_folder(tmp_path / "ds", data)).errors[0]
    assert (error.file, error.row, error.column) == ("cooperations.csv", 3, "title")
    assert "100,001 characters" in error.message and error.value.startswith("xxx")


def test_cell_over_the_csv_module_limit_is_still_named(tmp_path):
    data = copy.deepcopy(BASE)
    data["actors"][1][1] = "y" * 200_000
    error = failed(load_dataset, write_folder(tmp_path / "ds", data)).errors[0]
    assert (error.file, error.row, error.column) == ("actors.csv", 2, "name")


def test_file_too_large(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("source,target,kind\n" + "a,b,project\n" * 20, encoding="utf-8")
    assert "larger than" in failed(lambda p: load_dataset(p, limits=Limits(max_bytes=100)), path).errors[0].message


# -- workbooks ---------------------------------------------------------------------


def write_book(path, data=None, title_rows=0):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (BASE if data is None else data).items():
        sheet = book.create_sheet(name.capitalize())
        for _ in range(title_rows):
            sheet.append([])
        for row in rows:
            sheet.append([int(v) if v.isdigit() else v for v in row])
    book.create_sheet("Notes").append(["free text"])
    book.save(path)
    return path


def test_workbook(tmp_path):
    ds = load_dataset(write_book(tmp_path / "book.xlsx"))
    assert_base(ds)
    assert ds.cooperations["start_year"].tolist() == [2021, 2022]
    assert any(p.file == "book.xlsx[Notes]" and "ignored" in p.message for p in ds.report.infos)


def test_workbook_problem_names_the_sheet_and_its_row(tmp_path):
    data = copy.deepcopy(BASE)
    data["actors"][2][2] = "organsation"
    error = failed(load_dataset, write_book(tmp_path / "book.xlsx", data, title_rows=2)).errors[0]
    assert (error.file, error.row, error.column, error.value) == ("book.xlsx[Actors]", 5, "kind", "organsation")
    assert error.format().startswith("error: book.xlsx[Actors], row 5, column 'kind': 'organsation'")


def test_workbook_missing_sheet(tmp_path):
    data = {k: v for k, v in BASE.items() if k != "cooperations"}
    error = failed(load_dataset, write_book(tmp_path / "book.xlsx", data)).errors[0]
    assert error.file == "book.xlsx" and "no sheet named 'cooperations'" in error.message


def test_workbook_float_years(tmp_path):
    data = copy.deepcopy(BASE)
    book = tmp_path / "book.xlsx"
    write_book(book, data)
    wb = openpyxl.load_workbook(book)
    wb["Cooperations"]["E2"] = 2021.0
    wb["Cooperations"]["E3"] = 2022.5
    wb.save(book)
    error = failed(load_dataset, book).errors[0]
    assert (error.file, error.row, error.column, error.value) == ("book.xlsx[Cooperations]", 3, "start_year", "2022.5")


def test_damaged_workbook(tmp_path):
    good = write_book(tmp_path / "good.xlsx").read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good[: len(good) // 2])
    error = failed(load_dataset, bad).errors[0]
    assert error.file == "bad.xlsx"


def test_old_excel_file(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert ".xlsx" in failed(load_dataset, path).errors[0].message


# -- links files -------------------------------------------------------------------

LINKS = [
    ["source", "target", "kind", "themes", "start", "end", "source_url", "title", "source_country",
     "target_country"],
    ["Latvia", "FI", "partnership", "wbl", "2020", "2022", "https://example.eu/1", "FinLat", "", ""],
    ["Riga College", "Turku School", "Bilateral", "", "2021", "", "", "", "LV", "FI"],
    ["EL", "Riga College", "peer review", "quality", "2023", "", "", "", "", ""],
]


@pytest.fixture
def bundled_countries(tmp_path, monkeypatch):
    """A links file brings no countries table: the bundled one is used."""
    folder = write_folder(tmp_path / "bundled", {"countries": COUNTRIES})
    monkeypatch.setattr(load_module, "bundled_data_path", lambda: folder)


def test_links_file(tmp_path, bundled_countries):
    path = tmp_path / "links.csv"
    path.write_text(csv_text(LINKS, ";"), encoding="utf-8")
    ds = load_dataset(path)
    actors = ds.actors.set_index("id")
    assert actors["kind"].to_dict() == {"Latvia": "country", "FI": "country", "Riga College": "organisation",
                                        "Turku School": "organisation", "EL": "country"}
    assert actors["country"].to_dict() == {"Latvia": "LV", "FI": "FI", "Riga College": "LV",
                                           "Turku School": "FI", "EL": "GR"}
    assert actors.loc["Turku School", "region"] == "Nordic"
    coops = ds.cooperations.set_index("id")
    assert list(coops.index) == ["link-2", "link-3", "link-4"]
    assert coops["title"].tolist() == ["FinLat", "Riga College – Turku School", "EL – Riga College"]
    assert coops.loc["link-3", "kind"] == "partnership" and coops.loc["link-3", "end_year"] == 2021
    assert coops.loc["link-2", "source"] == ("https://example.eu/1",)
    assert ds.participations.values.tolist()[:2] == [["link-2", "Latvia", "partner"], ["link-2", "FI", "partner"]]


def test_link_to_itself(tmp_path, bundled_countries):
    links = copy.deepcopy(LINKS)
    links[3][1] = "EL"
    path = tmp_path / "links.csv"
    path.write_text(csv_text(links), encoding="utf-8")
    error = failed(load_dataset, path).errors[0]
    assert (error.file, error.row, error.column, error.value) == ("links.csv", 4, "target", "EL")
    assert "to itself" in error.message


@pytest.mark.parametrize("row,column,value,words", [
    (3, "kind", "partnershp", "not a known cooperation kind"),
    (2, "start", "2020a", "not a whole number"),
    (3, "source_country", "Finnland", "not a known country code"),
    (2, "themes", "gren", "not a known theme"),
    (4, "source", "", "is empty"),
])
def test_links_problems_name_the_links_row_and_column(tmp_path, bundled_countries, row, column, value, words):
    links = copy.deepcopy(LINKS)
    links[row - 1][links[0].index(column)] = value
    path = tmp_path / "links.csv"
    path.write_text(csv_text(links), encoding="utf-8")
    error = failed(load_dataset, path).errors[0]
    assert (error.file, error.row, error.column, error.value) == ("links.csv", row, column, value)
    assert words in error.message


def test_links_lookalike_names_name_the_links_column(tmp_path, bundled_countries):
    links = copy.deepcopy(LINKS)
    links.append(["riga  college", "Turku School", "project", "", "2024", "", "", "", "", ""])
    path = tmp_path / "links.csv"
    path.write_text(csv_text(links), encoding="utf-8")
    warning = load_dataset(path).report.warnings[0]
    assert (warning.file, warning.row, warning.column) == ("links.csv", 5, "source")
    assert "Possible duplicate of row 3" in warning.message


def test_links_duplicate_row_is_a_warning(tmp_path, bundled_countries):
    links = copy.deepcopy(LINKS) + [list(LINKS[2])]
    path = tmp_path / "links.csv"
    path.write_text(csv_text(links), encoding="utf-8")
    ds = load_dataset(path)
    warning = ds.report.warnings[0]
    assert (warning.file, warning.row) == ("links.csv", 5) and "exact copy of row 3" in warning.message
    assert len(ds.cooperations) == 4


def test_single_csv_that_is_not_a_links_file(tmp_path, bundled_countries):
    path = tmp_path / "actors.csv"
    path.write_text(csv_text(BASE["actors"]), encoding="utf-8")
    error = failed(load_dataset, path).errors[0]
    assert error.file == "actors.csv" and "looks like the actors table" in error.message
    path = tmp_path / "edges.csv"
    path.write_text("from,to,kind\na,b,project\n", encoding="utf-8")
    errors = failed(load_dataset, path).errors
    assert any(e.file == "edges.csv" and "'source', 'target' are missing" in e.message for e in errors)
    assert any(e.message.startswith("This file is in none of the formats read here (") and
               "The nearest is the links CSV, but it lacks the columns 'source', 'target'." in e.message
               for e in errors)
    assert any("'from', 'to', 'kind'" in e.message for e in errors)


def test_header_only_links_file_loads_empty(tmp_path, bundled_countries):
    path = tmp_path / "links.csv"
    path.write_text("source,target,kind\n", encoding="utf-8")
    ds = load_dataset(path)
    assert (len(ds.actors), len(ds.cooperations), len(ds.participations)) == (0, 0, 0)


def test_header_only_tables_load_empty(tmp_path):
    data = {name: rows[:1] for name, rows in BASE.items()}
    data["countries"] = COUNTRIES
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    assert len(ds.actors) == 0 and str(ds.cooperations["start_year"].dtype) == "Int64"


# -- archives ----------------------------------------------------------------------


def make_zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def folder_members(prefix=""):
    return {f"{prefix}{name}.csv": csv_text(rows) for name, rows in BASE.items()}


@pytest.mark.parametrize("prefix", ["", "vet data/"])
def test_zip_of_a_folder(tmp_path, prefix):
    ds = load_dataset(make_zip(tmp_path / "data.zip", folder_members(prefix)))
    assert_base(ds)


def test_zip_problem_names_the_member(tmp_path):
    members = folder_members("vet/")
    members["vet/actors.csv"] = members["vet/actors.csv"].replace("DK", "XX")
    error = failed(load_dataset, make_zip(tmp_path / "data.zip", members)).errors[0]
    assert (error.file, error.row, error.column, error.value) == ("data.zip[vet/actors.csv]", 2, "country", "XX")


def test_zip_bomb_is_refused_before_extracting(tmp_path):
    members = folder_members()
    members["padding.txt"] = b"\0" * 5_000_000
    error = failed(load_dataset, make_zip(tmp_path / "bomb.zip", members)).errors[0]
    assert error.file == "bomb.zip" and "zip bomb" in error.message


def test_zip_too_large_is_refused(tmp_path):
    members = folder_members()
    members["notes.txt"] = random.Random(3).randbytes(3000).hex()  # 6,000 bytes, compressed about 2 times
    error = failed(lambda p: load_dataset(p, limits=Limits(max_decompressed=5000)),
                   make_zip(tmp_path / "big.zip", members)).errors[0]
    assert (tmp_path / "big.zip").stat().st_size < 5000
    assert error.file == "big.zip" and "expands to" in error.message and "at most 5,000 bytes" in error.message


def test_zip_without_tables(tmp_path):
    error = failed(load_dataset, make_zip(tmp_path / "x.zip", {"readme.txt": "hello"})).errors[0]
    assert error.file == "x.zip" and "readme.txt" in error.message


def test_load_bytes_of_an_upload(tmp_path):
    data = make_zip(tmp_path / "data.zip", folder_members()).read_bytes()
    ds = load_bytes(data, "upload.zip")
    assert ds.name == "upload" and ds.path is None
    assert_base(ds)


# -- arbitrary bytes ---------------------------------------------------------------


TOKENS = [",", ";", "\t", "\n", "\r\n", '"', " ", "a", "B", "é", "\u200b", "\ufeff", "2020", "-1", "1e9", "nan",
          "source", "target", "kind", "themes", "start", "end", "id", "name", "project", "green", "EL", "LV", "",
          "https://x.eu", "x" * 300]


def _token_soup(rng: random.Random) -> bytes:
    header = rng.choice(["source,target,kind", "source;target;kind;start;end;themes", "id,name,kind,country",
                         "source\ttarget\tkind\tsource_country", ""])
    text = header + "\n" + "".join(rng.choice(TOKENS) for _ in range(rng.randrange(0, 120)))
    return text.encode(rng.choice(["utf-8", "utf-16", "utf-16-le", "cp1252"]), errors="replace")


def _mutations(rng: random.Random):
    good_csv = csv_text(BASE["actors"]).encode()
    good_zip = make_zip(io.BytesIO(), folder_members()).getvalue()
    for _ in range(150):
        kind = rng.randrange(6)
        if kind == 5:
            yield _token_soup(rng)
            continue
        if kind == 0:
            yield bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        elif kind == 1:
            data = bytearray(good_csv)
            for _ in range(rng.randrange(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            yield bytes(data)
        elif kind == 2:
            data = bytearray(good_zip)
            for _ in range(rng.randrange(1, 4)):
                data[rng.randrange(30, len(data))] = rng.randrange(256)
            yield bytes(data)
        elif kind == 3:
            yield rng.choice([b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xd0\xcf"]) + bytes(
                rng.randrange(256) for _ in range(rng.randrange(0, 200)))
        else:
            yield good_zip[: rng.randrange(len(good_zip))]


def test_arbitrary_bytes_give_a_data_error_only(tmp_path, bundled_countries):
    rng = random.Random(20240501)
    for i, data in enumerate(_mutations(rng)):
        folder = write_folder(tmp_path / f"ds{i}")
        (folder / "actors.csv").write_bytes(data)
        for load, arg in ((load_dataset, folder), (load_bytes, data)):
            try:
                ds = load(arg, "upload") if load is load_bytes else load(arg)
            except DataError as exc:
                assert exc.report.errors and all(p.message for p in exc.report.errors)
                assert "bug" not in str(exc), (i, data[:40], str(exc))
            else:
                assert len(ds.actors) >= 0


def test_a_header_only_csv_loads_with_a_warning(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("source,target,kind\n", encoding="utf-8")
    report = load_dataset(path).report
    warnings = [p for p in report.problems if p.severity == "warning"]
    assert [(p.file, p.row) for p in warnings] == [("links.csv", 1)]
    assert "header but no data rows" in warnings[0].message
