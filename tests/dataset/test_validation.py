"""Validation rules: for each rule a small dataset that breaks it, and the message it must give.

Every dataset is written in ``tmp_path`` from the tables below; a test edits a
cell, writes the folder and checks the problem's file, row (a spreadsheet's
count: header = row 1), column and value, and the text a person reads.
"""

from __future__ import annotations

import copy
import csv
import json
import unicodedata

import pandas as pd
import pytest
from click.testing import CliRunner

from graph_explorer.dataset import DataError, Dataset, Problem, ValidationReport, load_dataset
from graph_explorer.dataset import load as load_module
from graph_explorer.dataset.validate import MAX_PER_RULE
from graph_explorer.vocab import THEMES

COUNTRIES = [
    ["code", "eu_code", "name", "lat", "lon", "eu_member", "region"],
    ["LV", "", "Latvia", "56.95", "24.11", "true", "Baltic"],
    ["LT", "", "Lithuania", "54.69", "25.28", "true", "Baltic"],
    ["FI", "", "Finland", "60.17", "24.94", "true", "Nordic"],
    ["DE", "", "Germany", "52.52", "13.40", "true", "Western"],
    ["GR", "EL", "Greece", "37.98", "23.73", "true", "Southern"],
    ["GB", "UK", "United Kingdom", "51.51", "-0.13", "false", "Western"],
]
# list index = spreadsheet row - 1: BASE["actors"][2] is row 3 of actors.csv
BASE = {
    "actors": [
        ["id", "name", "kind", "country", "region", "lat", "lon", "url"],
        ["a", "Alpha College", "organisation", "LV", "", "", "", "https://alpha.example.lv"],
        ["b", "Beta School", "organisation", "FI", "", "", "", ""],
        ["c", "Ministry of Gamma", "country", "DE", "", "52.0", "13.0", ""],
        ["n", "Nordic Network", "network", "", "", "", "", ""],
    ],
    "cooperations": [
        ["id", "title", "kind", "programme", "themes", "themes_derived", "start_year", "end_year", "description",
         "source"],
        ["p1", "Project one", "project", "Erasmus+ CoVE", "green;digital", "digital", "2021", "2024", "",
         "https://ec.europa.eu/p1"],
        ["p2", "Partnership two", "partnership", "bilateral", "wbl", "", "2022", "", "", ""],
    ],
    "participations": [
        ["cooperation_id", "actor_id", "role"],
        ["p1", "a", "coordinator"],
        ["p1", "b", "partner"],
        ["p1", "c", "associated partner"],
        ["p2", "a", "partner"],
        ["p2", "n", "member"],
    ],
    "countries": COUNTRIES,
}


def tables(**changes):
    """A deep copy of BASE with whole tables replaced (None drops a table)."""
    out = copy.deepcopy(BASE)
    for name, rows in changes.items():
        if rows is None:
            out.pop(name)
        else:
            out[name] = rows
    return out


def write_folder(path, data, delimiter=",", encoding="utf-8"):
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        with open(path / f"{name}.csv", "w", newline="", encoding=encoding) as fh:
            csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def failed(path) -> ValidationReport:
    """The report of a load that must fail."""
    with pytest.raises(DataError) as info:
        load_dataset(path)
    assert info.value.report is not None and not info.value.report.ok
    return info.value.report


def find(report, severity, file, row, column) -> Problem:
    """The one problem at (file, row, column); its text must name all three."""
    hits = [p for p in report.problems
            if (p.severity, p.file, p.row, p.column) == (severity, file, row, column)]
    assert len(hits) == 1, report.format()
    p = hits[0]
    line = p.format()
    assert line.startswith(f"{severity}: {file}")
    if row is not None:
        assert f"row {row}" in line
    if column is not None:
        assert f"column '{column}'" in line
    return p


def break_cell(tmp_path, table, row, column, value, **more):
    """BASE with one cell changed (row as a spreadsheet counts), written to a folder."""
    data = tables(**more)
    header = data[table][0]
    data[table][row - 1][header.index(column)] = value
    return write_folder(tmp_path / "ds", data)


# -- a clean dataset ---------------------------------------------------------------


def test_clean_dataset_loads_normalised(tmp_path):
    data = tables()
    data["actors"][2][3] = "el"  # EU alias, lower case
    data["actors"][1][1] = "  Alpha College "
    data["cooperations"][1][4] = "Green; Work-based learning;green;DIGITAL"
    data["participations"][2][2] = "Partner"
    data["cooperations"][2][2] = "Bilateral cooperation"
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    assert isinstance(ds, Dataset) and ds.report.ok and ds.report.problems == []
    a = ds.actors.set_index("id")
    assert a.loc["a", "name"] == "Alpha College"
    assert a.loc["b", "country"] == "GR" and a.loc["b", "region"] == "Southern"
    assert (a.loc["b", "lat"], a.loc["b", "lon"]) == (37.98, 23.73)  # from the country
    assert (a.loc["c", "lat"], a.loc["c", "lon"]) == (52.0, 13.0)  # own values kept
    assert pd.isna(a.loc["n", "country"]) and pd.isna(a.loc["n", "lat"])
    c = ds.cooperations.set_index("id")
    assert c.loc["p1", "themes"] == ("green", "wbl", "digital")
    assert c.loc["p1", "themes_derived"] == ("digital",)
    assert c.loc["p1", "source"] == ("https://ec.europa.eu/p1",)
    assert c.loc["p2", "kind"] == "partnership"
    assert str(c["start_year"].dtype) == "Int64" and c.loc["p2", "end_year"] == 2022  # empty end → start
    assert list(ds.participations["role"]) == ["coordinator", "partner", "associated partner", "partner", "member"]
    assert ds.fingerprint and ds.name == "ds"
    assert list(ds.countries["code"]) == ["LV", "LT", "FI", "DE", "GR", "GB"]


def test_fingerprint_changes_with_the_data(tmp_path):
    one = load_dataset(write_folder(tmp_path / "one", tables()))
    data = tables()
    data["cooperations"][1][6] = "2020"
    two = load_dataset(write_folder(tmp_path / "two", data))
    assert one.fingerprint != two.fingerprint
    assert load_dataset(tmp_path / "one").fingerprint == one.fingerprint


def test_bundled_countries_used_when_the_dataset_has_none(tmp_path, monkeypatch):
    bundled = write_folder(tmp_path / "bundled", {"countries": COUNTRIES})
    monkeypatch.setattr(load_module, "bundled_data_path", lambda: bundled)
    ds = load_dataset(write_folder(tmp_path / "ds", tables(countries=None)))
    assert ds.actors.set_index("id").loc["a", "region"] == "Baltic"


def test_no_countries_table_anywhere_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(load_module, "bundled_data_path", lambda: tmp_path / "nowhere")
    report = failed(write_folder(tmp_path / "ds", tables(countries=None)))
    assert "countries" in report.errors[0].message


# -- structure ---------------------------------------------------------------------


def test_missing_required_column(tmp_path):
    data = tables()
    data["actors"] = [row[:2] + row[3:] for row in data["actors"]]  # drop 'kind'
    p = find(failed(write_folder(tmp_path / "ds", data)), "error", "actors.csv", 1, "kind")
    assert "'kind' is missing" in p.message
    assert "The header has: 'id', 'name', 'country'" in p.message


def test_unknown_column_is_an_info(tmp_path):
    data = tables()
    for i, row in enumerate(data["actors"]):
        row.append("Colour" if i == 0 else "red")
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    p = find(ds.report, "info", "actors.csv", 1, "Colour")
    assert "ignored" in p.message and "colour" not in ds.actors


def test_headers_are_matched_loosely(tmp_path):
    data = tables()
    data["cooperations"][0][6:8] = ["Start Year", " END-YEAR "]
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    assert ds.cooperations["start_year"].tolist() == [2021, 2022]


def test_missing_required_table(tmp_path):
    report = failed(write_folder(tmp_path / "ds", tables(participations=None)))
    p = find(report, "error", "ds", None, None)
    assert "participations.csv" in p.message and "folder" in p.message


def test_duplicate_column(tmp_path):
    data = tables()
    data["actors"][0][7] = "Name"
    p = find(failed(write_folder(tmp_path / "ds", data)), "error", "actors.csv", 1, "Name")
    assert "appears twice" in p.message and "columns 2 and 8" in p.message


def test_broken_countries_table_does_not_hide_other_errors(tmp_path):
    countries = copy.deepcopy(COUNTRIES)
    countries[2][3] = "north"
    data = tables(countries=countries)
    data["actors"][2][2] = "organsation"
    report = failed(write_folder(tmp_path / "ds", data))
    assert sorted((p.file, p.row, p.column) for p in report.errors) == [("actors.csv", 3, "kind"),
                                                                         ("countries.csv", 3, "lat")]


# -- ids and names -----------------------------------------------------------------


@pytest.mark.parametrize("table,column", [("actors", "id"), ("actors", "name"), ("cooperations", "title"),
                                          ("participations", "actor_id")])
def test_empty_required_cell(tmp_path, table, column):
    p = find(failed(break_cell(tmp_path, table, 3, column, "  ")), "error", f"{table}.csv", 3, column)
    assert p.value == "" and "is empty" in p.message


def test_duplicate_id_names_both_rows(tmp_path):
    p = find(failed(break_cell(tmp_path, "actors", 4, "id", "b")), "error", "actors.csv", 4, "id")
    assert p.value == "b" and "rows 3 and 4" in p.message


def test_identical_rows_with_one_id(tmp_path):
    data = tables()
    data["cooperations"].append(list(data["cooperations"][2]))
    p = find(failed(write_folder(tmp_path / "ds", data)), "error", "cooperations.csv", 4, "id")
    assert "rows 3 and 4" in p.message and "identical" in p.message


def test_line_break_in_id(tmp_path):
    data = tables()
    data["actors"].append(["x\ny", "X", "network", "", "", "", "", ""])
    p = find(failed(write_folder(tmp_path / "ds", data)), "error", "actors.csv", 6, "id")
    assert "line break" in p.message


# -- references --------------------------------------------------------------------


def test_participation_of_unknown_cooperation(tmp_path):
    p = find(failed(break_cell(tmp_path, "participations", 4, "cooperation_id", "p9")),
             "error", "participations.csv", 4, "cooperation_id")
    assert p.value == "p9" and "cooperations.csv" in p.message


def test_participation_of_unknown_actor_suggests_the_nearest_id(tmp_path):
    p = find(failed(break_cell(tmp_path, "participations", 2, "actor_id", "A")),
             "error", "participations.csv", 2, "actor_id")
    assert p.value == "A" and p.suggestion == "a" and "Did you mean 'a'?" in p.format()


def test_conflict_with_unknown_field(tmp_path):
    conflicts = [["cooperation_id", "field", "value", "source"], ["p1", "start_yr", "2020", "https://x.eu"]]
    p = find(failed(write_folder(tmp_path / "ds", tables(conflicts=conflicts))),
             "error", "conflicts.csv", 2, "field")
    assert p.value == "start_yr" and p.suggestion == "start_year"


def test_attribution_for_an_unknown_programme_is_a_warning(tmp_path):
    attributions = [["programme", "text"], ["Erasmus+ CoVE", "CC BY 4.0"], ["Erasmus CoVE", "Typo"]]
    ds = load_dataset(write_folder(tmp_path / "ds", tables(attributions=attributions)))
    p = find(ds.report, "warning", "attributions.csv", 3, "programme")
    assert p.suggestion == "Erasmus+ CoVE"
    assert ds.attribution_for(["p1"]) == ["CC BY 4.0"]


def test_cooperation_without_participants_is_a_warning(tmp_path):
    data = tables()
    data["cooperations"].append(["p3", "Lonely", "project", "", "", "", "2020", "", "", ""])
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    assert "no participants" in find(ds.report, "warning", "cooperations.csv", 4, "id").message


# -- years -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2021.5", "twenty", "2021-2022", "21st"])
def test_year_not_a_whole_number(tmp_path, value):
    p = find(failed(break_cell(tmp_path, "cooperations", 2, "start_year", value)),
             "error", "cooperations.csv", 2, "start_year")
    assert p.value == value and "not a whole number" in p.message


def test_huge_year(tmp_path):
    p = find(failed(break_cell(tmp_path, "cooperations", 2, "end_year", "99999999999999999999")),
             "error", "cooperations.csv", 2, "end_year")
    assert p.value == "99999999999999999999" and "too large" in p.message


def test_whole_number_written_as_decimal_is_accepted(tmp_path):
    ds = load_dataset(break_cell(tmp_path, "cooperations", 2, "start_year", "2021.0"))
    assert ds.cooperations["start_year"].iloc[0] == 2021


def test_start_after_end(tmp_path):
    p = find(failed(break_cell(tmp_path, "cooperations", 2, "end_year", "2019")),
             "error", "cooperations.csv", 2, "end_year")
    assert p.value == "2019" and "start year 2021" in p.message


def test_implausible_year_is_a_warning(tmp_path):
    ds = load_dataset(break_cell(tmp_path, "cooperations", 3, "start_year", "22"))
    assert find(ds.report, "warning", "cooperations.csv", 3, "start_year").value == "22"


# -- vocabularies and countries ----------------------------------------------------


@pytest.mark.parametrize("table,row,column,value,suggestion", [
    ("cooperations", 2, "themes", "gren", "green"),
    ("cooperations", 2, "themes_derived", "digtal", "digital"),
    ("cooperations", 3, "kind", "projekt", "project"),
    ("actors", 3, "kind", "organsation", "organisation"),
    ("participations", 4, "role", "partnr", "partner"),
    ("actors", 2, "region", "Baltc", "Baltic"),
])
def test_unknown_vocabulary_term(tmp_path, table, row, column, value, suggestion):
    p = find(failed(break_cell(tmp_path, table, row, column, value)), "error", f"{table}.csv", row, column)
    assert p.value == value and p.suggestion == suggestion and p.allowed
    assert f"'{value}' is not a known" in p.format() and f"Did you mean '{suggestion}'?" in p.format()


def test_unknown_theme_in_a_list_names_the_item(tmp_path):
    p = find(failed(break_cell(tmp_path, "cooperations", 2, "themes", "green; digitl ;wbl")),
             "error", "cooperations.csv", 2, "themes")
    assert p.value == "digitl" and "green; digitl ;wbl" in p.message and p.suggestion == "digital"


@pytest.mark.parametrize("value,suggestion", [("XX", None), ("Greece", "GR"), ("Finlnd", "FI")])
def test_unknown_country_code(tmp_path, value, suggestion):
    p = find(failed(break_cell(tmp_path, "actors", 3, "country", value)), "error", "actors.csv", 3, "country")
    assert p.value == value and p.suggestion == suggestion and "EL, UK" in p.allowed


@pytest.mark.parametrize("value,code", [("EL", "GR"), ("uk", "GB"), ("gr", "GR"), (" LT ", "LT")])
def test_country_aliases_accepted(tmp_path, value, code):
    ds = load_dataset(break_cell(tmp_path, "actors", 3, "country", value))
    assert ds.actors["country"].iloc[1] == code


def test_eu_aliases_accepted_without_eu_code_column(tmp_path):
    countries = [row[:1] + row[2:] for row in COUNTRIES]
    data = tables(countries=countries)
    data["actors"][2][3] = "EL"
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    assert ds.actors["country"].iloc[1] == "GR"


@pytest.mark.parametrize("column,value,words", [("lat", "north", "not a number"), ("lat", "95", "latitude"),
                                                ("lon", "-200", "longitude")])
def test_bad_coordinates(tmp_path, column, value, words):
    p = find(failed(break_cell(tmp_path, "actors", 2, column, value)), "error", "actors.csv", 2, column)
    assert p.value == value and words in p.message


def test_decimal_comma_in_coordinates(tmp_path):
    ds = load_dataset(break_cell(tmp_path, "actors", 2, "lat", "56,5"))
    assert ds.actors["lat"].iloc[0] == 56.5


def test_bad_boolean_in_countries(tmp_path):
    countries = copy.deepcopy(COUNTRIES)
    countries[3][5] = "maybe"
    p = find(failed(write_folder(tmp_path / "ds", tables(countries=countries))),
             "error", "countries.csv", 4, "eu_member")
    assert p.value == "maybe" and "true or false" in p.message


# -- duplicates and look-alikes ----------------------------------------------------


def test_exact_duplicate_row_is_a_warning(tmp_path):
    conflicts = [["cooperation_id", "field", "value", "source"], ["p1", "start_year", "2020", "https://x.eu"],
                 ["p1", "start_year", "2020", "https://x.eu"]]
    ds = load_dataset(write_folder(tmp_path / "ds", tables(conflicts=conflicts)))
    p = find(ds.report, "warning", "conflicts.csv", 3, None)
    assert "exact copy of row 2" in p.message and len(ds.conflicts) == 2


def test_same_participation_twice_is_counted_once(tmp_path):
    data = tables()
    data["participations"].append(["p1", "b", "Partner"])
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    p = find(ds.report, "warning", "participations.csv", 7, "actor_id")
    assert p.value == "b" and "row 3" in p.message and "counted once" in p.message
    assert len(ds.participations) == 5


def test_actor_with_two_roles_in_one_cooperation_is_kept(tmp_path):
    data = tables()
    data["participations"].append(["p1", "b", "associated partner"])
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    p = find(ds.report, "warning", "participations.csv", 7, "actor_id")
    assert p.value == "b" and "'partner' in row 3" in p.message and "kept as the source has them" in p.message
    assert len(ds.participations) == 6


@pytest.mark.parametrize("name,how", [
    ("ALPHA COLLEGE", "case"),
    ("Alpha  College ", "spacing"),
    ("Alpha\u200b College", "invisible"),
    ("Alpha Colle\u0301ge", None),  # decomposed accent: differs from the composed form below only by NFC/NFD
])
def test_lookalike_names_warn_and_are_not_merged(tmp_path, name, how):
    data = tables()
    if how is None:
        data["actors"][1][1] = unicodedata.normalize("NFC", name)
    data["actors"].append(["a2", name, "organisation", "LV", "", "", "", ""])
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    p = find(ds.report, "warning", "actors.csv", 6, "name")
    assert "Possible duplicate of row 2" in p.message and (how or "Unicode") in p.message
    assert p.value == name.strip() and len(ds.actors) == 5


# -- URLs --------------------------------------------------------------------------


def test_source_that_is_not_http_is_a_warning_and_kept(tmp_path):
    cell = "https://ok.eu; ftp://files.eu/x; Cedefop 2024"
    ds = load_dataset(break_cell(tmp_path, "cooperations", 2, "source", cell))
    p = find(ds.report, "warning", "cooperations.csv", 2, "source")
    assert p.value == "ftp://files.eu/x" and "not an http(s) address" in p.message
    assert ds.cooperations["source"].iloc[0] == ("https://ok.eu", "ftp://files.eu/x", "Cedefop 2024")


@pytest.mark.parametrize("value", ["www.alpha.lv", "javascript:alert(1)", "alpha.lv"])
def test_actor_url_that_is_not_http_is_a_warning(tmp_path, value):
    ds = load_dataset(break_cell(tmp_path, "actors", 2, "url", value))
    assert find(ds.report, "warning", "actors.csv", 2, "url").value == value
    assert ds.actors["url"].iloc[0] == value


# -- the load as a whole -----------------------------------------------------------


def test_failed_load_raises_with_every_error_and_returns_nothing(tmp_path):
    data = tables()
    data["actors"][2][2] = "organsation"
    data["participations"][3][1] = "zz"
    data["cooperations"][1][9] = "www.example.com"  # a warning in the same report
    path = write_folder(tmp_path / "ds", data)
    result = None
    with pytest.raises(DataError) as info:
        result = load_dataset(path)
    assert result is None
    report = info.value.report
    assert len(report.errors) == 2 and len(report.warnings) == 1
    assert report.counts == {"actors": 4, "cooperations": 2, "participations": 5}
    text = str(info.value)
    assert text.splitlines()[0] == "ds: the dataset was not loaded (2 errors, 1 warning)."
    assert "actors.csv, row 3, column 'kind'" in text and "participations.csv, row 4, column 'actor_id'" in text
    records = report.to_records()
    assert json.loads(json.dumps(report.to_dict()))["errors"] == 2
    assert {"severity", "file", "row", "column", "value", "message", "allowed", "suggestion"} <= set(records[0])


def test_many_problems_of_one_kind_are_counted_not_listed(tmp_path):
    data = tables()
    for i in range(MAX_PER_RULE + 10):
        data["actors"].append([f"x{i}", f"X{i}", "thing", "", "", "", "", ""])
    report = failed(write_folder(tmp_path / "ds", data))
    kinds = [p for p in report.errors if p.column == "kind"]
    assert len(kinds) == MAX_PER_RULE + 1 and "10 more rows" in kinds[-1].message
    assert kinds[-1].row == 2 + 4 + MAX_PER_RULE  # the first row not listed


def test_unexpected_failure_becomes_a_data_error(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise KeyError("surprise")
    monkeypatch.setattr(load_module, "validate_tables", boom)
    with pytest.raises(DataError, match="could not be loaded") as info:
        load_dataset(write_folder(tmp_path / "ds", tables()))
    assert "KeyError" in info.value.report.errors[0].message


def test_missing_path(tmp_path):
    report = failed(tmp_path / "nothing-here")
    assert "No such file or folder" in report.errors[0].message


# -- the validate command ----------------------------------------------------------


def _cli(args):
    from graph_explorer.cli import main

    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_cli_validate_clean_dataset_with_a_warning_exits_0(tmp_path):
    path = break_cell(tmp_path, "actors", 2, "url", "www.alpha.lv")
    result = _cli([path])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "Read as: folder of CSV tables — 2 cooperations, 5 participations, 4 actors"
    assert lines[1].startswith("warning: actors.csv, row 2, column 'url': 'www.alpha.lv'")
    assert lines[-1] == f"{path}: 4 actors, 2 cooperations, 5 participations; 0 errors, 1 warning."


def test_cli_validate_errors_exit_1(tmp_path):
    path = break_cell(tmp_path, "participations", 4, "role", "partnr")
    result = _cli([path])
    assert result.exit_code == 1
    assert ("error: participations.csv, row 4, column 'role': 'partnr' is not a known role. "
            "Did you mean 'partner'?") in result.output
    assert result.output.strip().splitlines()[-1].endswith("NOT LOADED: 4 actors, 2 cooperations, "
                                                            "5 participations; 1 error, 0 warnings.")


def test_cli_validate_json(tmp_path):
    path = break_cell(tmp_path, "cooperations", 3, "themes", "gren")
    result = _cli([path, "--format", "json"])
    assert result.exit_code == 1
    out = json.loads(result.output)
    assert out["loaded"] is False and out["errors"] == 1
    assert out["problems"][0] | {"message": ""} == {
        "severity": "error", "file": "cooperations.csv", "row": 3, "column": "themes", "value": "gren",
        "message": "", "allowed": THEMES.allowed(), "suggestion": "green"}


@pytest.mark.parametrize("name, letter", [("Rig\u0430 Technical College", "CYRILLIC SMALL LETTER A"),
                                          ("\u039fmnia", "GREEK CAPITAL LETTER OMICRON")])
def test_lookalike_letters_of_another_alphabet_warn_naming_both_spellings_and_rows(tmp_path, name, letter):
    data = tables()
    latin = name.replace("\u0430", "a").replace("\u039f", "O")
    data["actors"][1][1] = latin
    data["actors"].append(["a2", name, "organisation", "LV", "", "", "", ""])
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    p = find(ds.report, "warning", "actors.csv", 6, "name")
    assert f"Possible duplicate of row 2: {name!r} differs only in look-alike letters of another alphabet from " \
           f"{latin!r}" in p.message and letter in p.message
    assert len(ds.actors) == 5  # both kept


def test_accented_and_plain_spellings_are_not_lookalikes(tmp_path):
    data = tables()
    data["actors"][1][1] = "Riga"
    data["actors"].append(["a2", "Rīga", "organisation", "LV", "", "", "", ""])
    ds = load_dataset(write_folder(tmp_path / "ds", data))
    assert not [p for p in ds.report.problems if "Possible duplicate" in p.message]
