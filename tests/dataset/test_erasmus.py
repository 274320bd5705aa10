"""The Erasmus+ Project Results export: files written the way the platform writes them.

UTF-8 with a BOM, CRLF line ends, every cell that holds a comma, a quote or a
line break quoted, 38 partner column groups, organisations repeated and
spelled differently, old and new country names. Counts, roles, themes and the
country-level weights are computed here independently from the raw CSV.
"""

from __future__ import annotations

import csv
import io
import itertools
import re

import openpyxl
import pytest

from graph_explorer.dataset import DataError, load_bytes, load_dataset
from graph_explorer.dataset.formats import Source, detect
from graph_explorer.dataset.formats.erasmus import HEADER, PARTNER_FIELDS, THEMES_FILE, themes_of
from graph_explorer.network import project
from graph_explorer.view import ViewSpec

N_PARTNERS = 38
CARD = "https://erasmus-plus.ec.europa.eu/projects/search/details/{}"
ACTION = "Cooperation partnerships in vocational education and training"


def header(year_column="Call year", partners=N_PARTNERS):
    cells = [year_column if h == "Call year" else h for h in HEADER]
    for n in range(1, partners + 1):
        cells += [f"Partner {n} {f}" for f in PARTNER_FIELDS]
    return cells


def project_row(cells_of_header, pid, year, title, topics, coordinator, partners, summary="A project."):
    """One row: ``coordinator`` and ``partners`` are (name, country) pairs."""
    values = {"Programme": "Erasmus+", "Key Action": "Cooperation among organisations and institutions",
              "Action Type": ACTION, "Call year": str(year), "Funding Year": str(year),
              "Project Identifier": pid, "Project Title": title, "Topics": topics, "Project Summary": summary,
              "Project Status": "Ongoing", HEADER[9]: "250000", "Project Website": "",
              "Results Platform Project Card": CARD.format(pid),
              "Participating countries": ",".join(sorted({c for _, c in [coordinator, *partners]})),
              "Coordinating organisation name": coordinator[0], "Coordinating organisation type": "School",
              "Coordinator's address": "Street 1", "Coordinator's region": "Region",
              "Coordinator's country": coordinator[1], "Coordinator's website": "www.example.org"}
    for n, (name, country) in enumerate(partners, start=1):
        values[f"Partner {n} name"] = name
        values[f"Partner {n} country"] = country
        values[f"Partner {n} organisation type"] = "Company"
    return [values.get(h, "") for h in cells_of_header]


def export_bytes(rows, year_column="Call year", partners=N_PARTNERS) -> bytes:
    """The platform's way: BOM, comma, CRLF, minimal quoting (so multi-line cells are quoted)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    cells = header(year_column, partners)
    w.writerow(cells)
    for r in rows:
        w.writerow(project_row(cells, *r))
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


BIG_CONSORTIUM = [(f"Partner School {k}", country) for k, country in
                  zip(range(N_PARTNERS), itertools.cycle(["Germany", "Spain", "Italy", "Türkiye", "EL", "Finland"]))]
ROWS = [
    ("2021-1-LV01-KA220-VET-000001", 2021, "Green welding", "Green skills;\nDigital skills and competences",
     ("RIGA TECHNICAL COLLEGE", "Latvia"),
     [("Omnia, Espoo Joint Authority", "Finland"), ("Střední průmyslová škola, s.r.o.", "Czech Republic"),
      ("Ankara Meslek Lisesi", "Turkey")],
     'A summary with "quotes", commas,\nand two\r\nline breaks.'),
    ("2022-1-FI01-KA220-VET-000002", 2022, "Apprentices abroad",
     "Work-based learning / Apprenticeships; Quality and relevance of VET; Social dialogue",
     ("Omnia Espoo Joint Authority", "FI"),
     [("Riga  Technical College ", "Latvia"), ("STREDNI PRUMYSLOVA SKOLA", "Czechia"),
      ("ANKARA MESLEK LISESI", "Türkiye"), ("Skopje VET Centre", "Macedonia")]),
    ("2023-1-DE02-KA220-VET-000003", 2023, "Teachers of the future", "Teacher training; Inclusion - equity",
     ("Berufskolleg Köln gGmbH", "Germany"),
     [("Skopje VET centre", "North Macedonia"), *BIG_CONSORTIUM[:N_PARTNERS - 1]]),
    ("2023-1-ES01-KA220-VET-000004", 2023, "Nothing mapped", "Social dialogue",
     ("Instituto Uno, S.L.", "Spain"), [("BERUFSKOLLEG KOLN", "Germany"), ("Riga Technical College", "LV")]),
]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("erasmus") / "Projects_Overview_2024.csv"
    path.write_bytes(export_bytes(ROWS))
    return path


@pytest.fixture(scope="module")
def dataset(export):
    return load_dataset(export)


def test_the_file_is_what_the_platform_writes(export):
    data = export.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert len(next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) == 19 + 6 * N_PARTNERS
    assert b'"Green skills;\n' in data  # a quoted multi-line cell


def test_detected_by_content_whatever_the_name(export):
    for name in ("export.csv", "download", "x.xlsx"):
        assert detect(Source.from_bytes(export.read_bytes(), name)).format.name == "erasmus"


def test_counts_roles_and_the_read_as_line(dataset):
    assert len(dataset.cooperations) == 4
    parts = dataset.participations
    assert len(parts) == 4 + 3 + 4 + 38 + 2  # every filled name cell, coordinator included
    assert (parts["role"] == "coordinator").sum() == 4
    assert (parts["role"] == "partner").sum() == len(parts) - 4
    # 51 mentions, all spelled differently; within a country merged: Riga ×3, Omnia, the Czech school, Ankara,
    # Skopje, the Cologne college ×2 each — 51 - 7 = 44 organisations
    riga = dataset.actors[dataset.actors["country"] == "LV"]
    assert len(riga) == 1 and riga["name"].iat[0] in {"RIGA TECHNICAL COLLEGE", "Riga  Technical College",
                                                       "Riga Technical College"}
    assert len(dataset.actors[dataset.actors["country"] == "CZ"]) == 1
    assert len(dataset.actors[dataset.actors["country"] == "TR"]) == 1 + sum(c == "Türkiye" for _, c in BIG_CONSORTIUM[:37])
    assert len(dataset.actors[dataset.actors["country"] == "MK"]) == 1
    assert len(dataset.actors[(dataset.actors["country"] == "DE") & dataset.actors["name"].str.contains("Berufskolleg")]) == 1
    assert len(dataset.actors) == 44
    assert dataset.report.read_as == ("Read as: Erasmus+ Project Results export — 4 projects, 51 participations, "
                                      "44 organisations after merging 7 spellings")
    coordinators = parts[parts["role"] == "coordinator"].merge(dataset.actors, left_on="actor_id", right_on="id")
    assert sorted(coordinators["country"]) == ["DE", "ES", "FI", "LV"]


def test_cooperation_fields(dataset):
    c = dataset.cooperations.set_index("id")
    first = c.loc["2021-1-LV01-KA220-VET-000001"]
    assert first["kind"] == "project" and first["start_year"] == 2021 and first["end_year"] == 2021
    assert first["programme"] == f"Erasmus+ – {ACTION}"
    assert first["source"] == (CARD.format("2021-1-LV01-KA220-VET-000001"),)
    assert first["topics"] == ("Green skills", "Digital skills and competences")
    assert first["description"].startswith('A summary with "quotes", commas,\nand two')
    assert c.loc["2022-1-FI01-KA220-VET-000002", "topics"] == (
        "Work-based learning / Apprenticeships", "Quality and relevance of VET", "Social dialogue")


def keyword_table():
    with open(THEMES_FILE, encoding="utf-8") as f:
        return [(r["theme"], r["keyword"]) for r in csv.DictReader(f)]


def expected_themes(topics: str) -> set[str]:
    """Independently of the reader: a theme applies when one of its keywords starts a word of the topics."""
    text = topics.lower()
    return {t for t, k in keyword_table() if re.search(r"(?<![0-9a-z])" + re.escape(k.lower()), text)}


def test_themes_follow_the_documented_keyword_table(dataset):
    c = dataset.cooperations.set_index("id")
    for pid, _, _, topics, *_ in ROWS:
        assert set(c.loc[pid, "themes"]) == expected_themes(topics), pid
        assert set(c.loc[pid, "themes_derived"]) == set(c.loc[pid, "themes"])  # derived, and marked so
    assert set(c.loc["2021-1-LV01-KA220-VET-000001", "themes"]) == {"green", "digital"}
    assert set(c.loc["2022-1-FI01-KA220-VET-000002", "themes"]) == {"wbl", "quality"}
    assert set(c.loc["2023-1-DE02-KA220-VET-000003", "themes"]) == {"teachers", "inclusion"}
    assert c.loc["2023-1-ES01-KA220-VET-000004", "themes"] == ()
    # a theme filter keeps exactly the projects the keyword table gives that theme
    for theme in ("green", "wbl", "teachers", "inclusion"):
        p = project(dataset, ViewSpec.from_multidict({"theme": [theme]}))
        want = {pid for pid, _, _, topics, *_ in ROWS if theme in expected_themes(topics)}
        assert set(p.cooperation_ids) == want, theme
    # the documented table: every theme of data/README.md's table is the file's
    assert themes_of(["Apprenticeships"], tuple(keyword_table())) == ("wbl",)


COUNTRY = {"Latvia": "LV", "LV": "LV", "Finland": "FI", "FI": "FI", "Czech Republic": "CZ", "Czechia": "CZ",
           "Turkey": "TR", "Türkiye": "TR", "Macedonia": "MK", "North Macedonia": "MK", "Germany": "DE",
           "Spain": "ES", "Italy": "IT", "EL": "GR"}


def test_country_weights_equal_the_projects_the_two_countries_share(export, dataset):
    text = export.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    shared: dict[tuple[str, str], int] = {}
    for row in rows:
        names = ["Coordinator's country"] + [f"Partner {n} country" for n in range(1, N_PARTNERS + 1)]
        countries = {COUNTRY[row[k]] for k in names if row[k]}
        for a, b in itertools.combinations(sorted(countries), 2):
            shared[(a, b)] = shared.get((a, b), 0) + 1
    edges = project(dataset, ViewSpec.from_multidict({"level": ["country"]})).edges
    got = {tuple(sorted((s, t))): w for s, t, w in zip(edges["source"], edges["target"], edges["weight"])}
    assert got == shared
    assert shared[("FI", "LV")] == 2 and shared[("CZ", "TR")] == 2


def test_older_files_with_funding_year_and_any_number_of_partners(tmp_path):
    rows = [(pid, year, title, topics, coord, partners[:3]) for pid, year, title, topics, coord, partners, *_ in ROWS]
    data = export_bytes(rows, year_column="Funding Year", partners=3)
    ds = load_bytes(data, "old.csv")
    assert sorted(ds.cooperations["start_year"]) == [2021, 2022, 2023, 2023]
    assert len(ds.participations) == 4 + 3 + 3 + 3 + 2


def test_headers_ignore_case_and_spaces(tmp_path):
    data = export_bytes(ROWS[:1]).decode("utf-8-sig")
    first, rest = data.split("\r\n", 1)
    first = ",".join("  " + c.upper().replace(" ", "  ") + " " for c in next(csv.reader([first])))
    ds = load_bytes((first + "\r\n" + rest).encode("utf-8"), "shouty.csv")
    assert len(ds.cooperations) == 1 and len(ds.participations) == 4


def test_the_same_table_as_xlsx(tmp_path):
    text = export_bytes(ROWS).decode("utf-8-sig")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Projects"
    for row in csv.reader(io.StringIO(text, newline="")):
        sheet.append([int(v) if v.isdigit() and len(v) == 4 else v for v in row])
    path = tmp_path / "Projects_Overview.xlsx"
    book.save(path)
    ds = load_dataset(path)
    csv_ds = load_bytes(text.encode("utf-8"), "same.csv")
    assert ds.report.read_as.startswith("Read as: Erasmus+ Project Results export — 4 projects, 51 participations")
    assert sorted(ds.actors["id"]) == sorted(csv_ds.actors["id"])
    assert ds.cooperations["themes"].tolist() == csv_ds.cooperations["themes"].tolist()


def test_unknown_country_is_a_warning_and_missing_columns_are_named(tmp_path):
    rows = [("2021-1-X", 2021, "T", "", ("A school", "Atlantis"), [("B school", "Latvia")])]
    ds = load_bytes(export_bytes(rows, partners=1), "x.csv")
    warning = next(p for p in ds.report.warnings if "Atlantis" in p.message)
    assert (warning.row, warning.column) == (2, "Coordinator's country")
    bad = export_bytes(rows, partners=1).replace(b"Project Identifier", b"Project Id")
    with pytest.raises(DataError) as info:
        load_bytes(bad, "x.csv")
    assert "The nearest is the Erasmus+ Project Results export, but it lacks the column 'Project Identifier'." in \
        "\n".join(p.message for p in info.value.report.errors)


def test_merge_table_and_override_file(export, tmp_path):
    ds = load_dataset(export)
    riga = ds.actors.loc[ds.actors["country"] == "LV", "id"].iat[0]
    rows = ds.sources_of(riga)
    assert set(rows["name"]) == {"RIGA TECHNICAL COLLEGE", "Riga  Technical College", "Riga Technical College"}
    assert set(rows["rows"]) == {"2", "3", "5"} and set(rows["rule"]) == {"key"}
    # an override keeps one spelling apart, and puts two others together
    copy = tmp_path / "Projects_Overview_2024.csv"
    copy.write_bytes(export.read_bytes())
    (tmp_path / "Projects_Overview_2024.merges.csv").write_text(
        "name,country,actor_id\nRiga Technical College,LV,riga-ii\nAnkara Meslek Lisesi,TR,ankara\n"
        "ANKARA MESLEK LISESI,TR,ankara\n", encoding="utf-8")
    ds2 = load_dataset(copy)
    assert "riga-ii" in set(ds2.actors["id"]) and len(ds2.actors) == len(ds.actors) + 1
    assert set(ds2.sources_of("ankara")["rule"]) == {"override"}


def test_generate_writes_the_export_layout_reproducibly(tmp_path):
    from click.testing import CliRunner

    from graph_explorer.cli import main

    paths = [tmp_path / "a.csv", tmp_path / "b.csv"]
    for p in paths:
        result = CliRunner().invoke(main, ["generate", "--format", "erasmus", "--cooperations", "60", "--seed", "3",
                                           "-o", str(p)])
        assert result.exit_code == 0, result.output
    data = paths[0].read_bytes()
    assert data == paths[1].read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") > 60
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == header() and all(len(r) == len(rows[0]) for r in rows)
    assert any("\n" in cell for cell in rows[1])  # the summary runs over lines
    ds = load_dataset(paths[0])
    assert len(ds.cooperations) == len(rows) - 1 == int(result.output.split("(")[1].split()[0])
    mentions = sum(1 for r in rows[1:] for i, h in enumerate(rows[0]) if h.endswith(" name") and r[i])
    assert len(ds.participations) == mentions
    assert "after merging" in ds.report.read_as and len(ds.merges) > len(ds.actors)  # spellings varied
    spelled = set(zip(ds.merges["name"], ds.merges["country"]))
    assert len(spelled) > len(ds.actors)


def test_the_keyword_table_is_documented_in_data_readme():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text(encoding="utf-8")
    block = text.split("| theme | keywords |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    documented = {}
    for line in block.strip().splitlines():
        theme, keywords = [c.strip() for c in line.strip("|").split("|")]
        documented[theme] = [k.strip() for k in keywords.split(",")]
    in_file = {}
    for theme, keyword in keyword_table():
        in_file.setdefault(theme, []).append(keyword)
    assert documented == in_file


def test_several_sources_reconcile_organisations_and_keep_their_records(tmp_path, dataset):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "calls_2021_2022.csv").write_bytes(export_bytes(ROWS[:2]))
    (folder / "calls_2022_2023.csv").write_bytes(export_bytes(ROWS[1:]))  # project 2 is in both
    links = tmp_path / "links.csv"
    links.write_text("source,target,kind,source_country,target_country\n"
                     "Riga Technical College,Tallinn Polytechnic,partnership,LV,EE\n", encoding="utf-8")
    both = load_dataset(folder)
    assert len(both.cooperations) == 4 and len(both.participations) == len(dataset.participations)
    assert sorted(both.actors["id"]) == sorted(dataset.actors["id"])
    assert both.report.read_as.startswith("Read as: 2 sources — 4 cooperations, 51 participations, 44 actors")
    riga = both.actors.loc[both.actors["country"] == "LV", "id"].iat[0]
    records = both.sources_of(riga)
    assert set(records["file"]) == {"calls_2021_2022.csv", "calls_2022_2023.csv"}
    # --data A --data B with another format: the links file's Riga is the export's Riga
    from click.testing import CliRunner

    from graph_explorer.cli import main

    from graph_explorer.dataset import load_sources

    mixed = load_sources([folder / "calls_2021_2022.csv", links])
    assert len(mixed.actors[mixed.actors["country"] == "LV"]) == 1
    lv = mixed.actors.loc[mixed.actors["country"] == "LV", "id"].iat[0]
    assert set(mixed.sources_of(lv)["rule"]) == {"key", "given, across sources"}
    assert len(mixed.cooperations) == 3 and "Tallinn Polytechnic" in set(mixed.actors["name"])
    result = CliRunner().invoke(main, ["merges", "--data", str(folder / "calls_2021_2022.csv"), "--data",
                                       str(links)])
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["name"] for r in table if r["actor_id"] == lv} == {"RIGA TECHNICAL COLLEGE", "Riga  Technical College",
                                                                "Riga Technical College"}
    result = CliRunner().invoke(main, ["summary", "--data", str(folder), "--format", "json"])
    assert result.exit_code == 0 and '"nodes": 44' in result.output


def test_a_second_load_of_the_same_file_reads_the_cache(tmp_path, monkeypatch):
    from graph_explorer.dataset import load as load_module
    from graph_explorer.generate_erasmus import generate_export

    path = tmp_path / "big.csv"
    generate_export(path, size_mb=1.2, seed=5)
    progress = []
    first = load_dataset(path, progress=progress.append)
    assert any(m.startswith("Reading big.csv: ") for m in progress) or path.stat().st_size < 2 * 2**20
    assert any(m == "Checking big.csv" for m in progress)

    def no_reading(*args, **kwargs):
        raise AssertionError("read again")
    monkeypatch.setattr(load_module, "read_source", no_reading)
    second = load_dataset(path)
    assert second.fingerprint == first.fingerprint and second.report.read_as == first.report.read_as
    for name, table in first.tables().items():
        pd_equal(table, second.tables()[name], name)
    pd_equal(first.merges, second.merges, "merges")
    assert [p.format() for p in second.report.problems] == [p.format() for p in first.report.problems]
    # another byte, another load
    path.write_bytes(path.read_bytes().replace(b"Erasmus+,", b"Erasmus+ ,", 1))
    with pytest.raises(DataError, match="read again"):  # read, not taken from the cache
        load_dataset(path)


def pd_equal(a, b, what):
    import pandas.testing as pdt

    pdt.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=True, obj=what)


def test_the_details_panel_shows_where_an_organisation_comes_from_and_the_topics(dataset):
    from graph_explorer.app.components import node_panel
    from graph_explorer.explorer import Explorer
    from tests.app.conftest import text_of

    riga = dataset.actors.loc[dataset.actors["country"] == "LV", "id"].iat[0]
    details = Explorer(dataset).node_details(ViewSpec(), riga)
    text = text_of(node_panel(details, {}, len(dataset.actors)))
    assert "Source records (3)" in text
    assert "“RIGA TECHNICAL COLLEGE” · Projects_Overview_2024.csv, row 2 · same name, spelled differently" in text
    assert "“Riga Technical College” · Projects_Overview_2024.csv, row 5" in text
    assert "Topics (as the source states them): Green skills; Digital skills and competences" in text


def test_the_upload_panel_shows_the_read_as_line(export):
    from graph_explorer.app import _metric_names
    from graph_explorer.app.sources import DataSources
    from graph_explorer.app.upload_panel import receive_upload
    from graph_explorer.explorer import Explorer
    from graph_explorer.testing import tiny_dataset
    from graph_explorer.uploads import UploadStore
    from tests.app.conftest import text_of
    from tests.security.conftest import data_url

    sources = DataSources(Explorer(tiny_dataset()), UploadStore(export.parent / "uploads"), _metric_names())
    outcome = receive_upload(sources, data_url(export.read_bytes()), "Projects_Overview_2024.csv", 5 * 2**20)
    assert outcome.token is not None
    assert ("Read as: Erasmus+ Project Results export — 4 projects, 51 participations, 44 organisations after "
            "merging 7 spellings") in text_of(outcome.report)


def test_reading_stops_at_the_clock_the_whole_read_shares(tmp_path):
    """The export is read under the deadline read_source fixes for the file, not a clock of its own."""
    import time

    from graph_explorer.dataset.limits import Limits
    from graph_explorer.generate_erasmus import generate_export

    path = tmp_path / "Projects_Overview.csv"
    generate_export(path, projects=2100, seed=3)
    with pytest.raises(DataError) as info:
        load_dataset(path, limits=Limits(deadline=time.monotonic() - 1))  # already spent by earlier tables
    message = "\n".join(p.message for p in info.value.report.errors)
    assert "Reading took more than" in message and "split the file" in message
    assert len(load_dataset(path).cooperations) == 2100  # the same file within the default limits
