"""Properties on many generated inputs (hypothesis, derandomized, bounded):

- a dataset written by :func:`write_dataset` loads back to the same graph and the same tables;
- the loader answers any bytes with a dataset or a DataError naming the problem, never another
  exception and never its "unexpected failure" message.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_explorer.dataset import DataError, load_bytes, load_dataset, write_dataset
from graph_explorer.dataset.model import Dataset
from graph_explorer.network import project
from graph_explorer.testing import TINY_COUNTRIES, make_dataset
from graph_explorer.view import ViewSpec
from graph_explorer.vocab import ACTOR_KINDS, COOPERATION_KINDS, ROLES, THEMES

SETTINGS = dict(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

#: Text as a cell can hold it after loading: no control characters (a file holding them is refused as
#: binary), no surrogates, and no spaces at either end (cells are stripped).
_chars = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
text = st.text(_chars, min_size=1, max_size=24).map(str.strip).filter(bool)
#: Names as they come: commas, quotes, semicolons, markup, formulas, line breaks, accents.
tricky = st.sampled_from(['"Quoted", Ltd', "A;B", "=1+1", "@SUM(A1)", "-x", "<b>x</b>", "Łódź", "line\nbreak",
                          "tab\there", "'s-Hertogenbosch", "O'Brien", "\u00a0nbsp inside\u00a0x"])
name = st.one_of(text, tricky.map(str.strip))
ident = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\r\n"),
                min_size=1, max_size=12).map(str.strip).filter(bool)
COUNTRY_CODES = [c[0] for c in TINY_COUNTRIES]


@st.composite
def datasets(draw) -> Dataset:
    actor_ids = draw(st.lists(ident, min_size=2, max_size=8, unique=True))
    actors = [(a, draw(name), draw(st.sampled_from([k for k in ACTOR_KINDS if k != "country"])),
               draw(st.sampled_from(COUNTRY_CODES + [""]))) for a in actor_ids]
    coop_ids = draw(st.lists(ident, min_size=1, max_size=6, unique=True))
    coops, parts = [], []
    for c in coop_ids:
        start = draw(st.one_of(st.none(), st.integers(1990, 2030)))
        end = None if start is None else start + draw(st.integers(0, 5))
        themes = tuple(draw(st.lists(st.sampled_from(list(THEMES)), max_size=3, unique=True)))
        coops.append((c, draw(st.sampled_from(list(COOPERATION_KINDS))), themes, start, end,
                      draw(st.one_of(st.just("Programme"), name))))
        members = draw(st.lists(st.sampled_from(actor_ids), min_size=1, max_size=5, unique=True))
        parts += [(c, m, draw(st.sampled_from(list(ROLES)))) for m in members]
    base = make_dataset(actors, coops, parts)
    c = base.cooperations.copy()
    c["title"] = [draw(name) for _ in coop_ids]
    c["description"] = [draw(st.one_of(st.none(), name)) for _ in coop_ids]
    c["source"] = [tuple(draw(st.lists(st.one_of(st.just("https://example.org/a?b=1&c=2"), text.filter(
        lambda s: ";" not in s)), max_size=2, unique=True))) for _ in coop_ids]
    c["themes_derived"] = [t[:1] for t in c["themes"]]
    return Dataset(base.actors, c, base.participations, base.countries, base.conflicts, base.attributions,
                   report=None, name="generated")


def edges_of(dataset, spec):
    p = project(dataset, spec)
    e = p.edges
    edges = sorted((min(s, t), max(s, t), round(float(w), 9), tuple(sorted(cs)))
                   for s, t, w, cs in zip(e["source"], e["target"], e["weight"], e["cooperations"]))
    nodes = sorted(zip(p.nodes["id"], p.nodes["label"]))
    return nodes, edges


@settings(max_examples=60, **SETTINGS)
@given(dataset=datasets())
def test_a_written_dataset_loads_back_to_the_same_graph(dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("written")
    write_dataset(dataset, folder)
    loaded = load_dataset(folder)
    for spec in (ViewSpec(), ViewSpec(level="country"), ViewSpec(level="bipartite"),
                 ViewSpec(weight="newman", themes=("green",))):
        assert edges_of(loaded, spec) == edges_of(dataset, spec)
    assert loaded.actors["name"].tolist() == dataset.actors["name"].tolist()
    assert loaded.cooperations["title"].tolist() == dataset.cooperations["title"].tolist()
    assert [tuple(s) for s in loaded.cooperations["source"]] == [tuple(s) for s in dataset.cooperations["source"]]
    # and what was loaded, written again, loads as the very same tables
    again = tmp_path_factory.mktemp("again")
    write_dataset(loaded, again)
    reloaded = load_dataset(again)
    assert reloaded.fingerprint == loaded.fingerprint
    for table in loaded.tables():
        pd.testing.assert_frame_equal(reloaded.tables()[table], loaded.tables()[table])


def check_load(data: bytes, filename: str):
    try:
        load_bytes(data, filename)
    except DataError as exc:
        assert exc.report is not None and exc.report.errors, "a refusal says why"
        assert exc.__cause__ is None or isinstance(exc.__cause__, DataError), \
            f"unexpected failure inside the loader: {exc.__cause__!r}"
        assert "Unexpected failure" not in exc.report.format()


@settings(max_examples=300, **SETTINGS)
@given(data=st.binary(max_size=4096), filename=st.sampled_from(["up.csv", "up.xlsx", "up.zip", "up"]))
def test_any_bytes_load_or_give_a_data_error(data, filename):
    check_load(data, filename)


csv_text = st.lists(st.lists(st.one_of(st.sampled_from(["source", "target", "kind", "id", "name", "project",
                                                         "partnership", "LV", "Latvia", "", "green;digital",
                                                         "2021", "x" * 3, '"', '""', ";", ",", "\t"]), text),
                             min_size=1, max_size=6), min_size=1, max_size=8)


@settings(max_examples=200, **SETTINGS)
@given(rows=csv_text, sep=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_any_table_like_text_loads_or_gives_a_data_error(rows, sep, encoding):
    body = "\n".join(sep.join(r) for r in rows) + "\n"
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        data = body.encode("utf-8")
    check_load(data, "links.csv")


members = st.dictionaries(st.sampled_from(["actors.csv", "cooperations.csv", "participations.csv", "countries.csv",
                                           "x/actors.csv", "xl/workbook.xml", "conflicts.csv", "readme.txt"]),
                          st.one_of(st.binary(max_size=200), csv_text.map(
                              lambda rows: ("\n".join(",".join(r) for r in rows) + "\n").encode())), max_size=5)


@settings(max_examples=150, **SETTINGS)
@given(files=members, cut=st.one_of(st.none(), st.integers(0, 400)))
def test_any_archive_loads_or_gives_a_data_error(files, cut):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in files.items():
            zf.writestr(zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0)), d)
    data = buf.getvalue()
    check_load(data[:cut] if cut is not None else data, "up.zip")


@pytest.mark.parametrize("name", ["book-unknown-role.xlsx", "folder-dangling-id.zip"])
@settings(max_examples=60, **SETTINGS)
@given(position=st.integers(0, 10_000), value=st.integers(0, 255))
def test_a_damaged_byte_anywhere_gives_a_data_error_or_a_dataset(name, position, value):
    from .conftest import CORPUS

    data = bytearray((CORPUS / name).read_bytes())
    data[position % len(data)] = value
    check_load(bytes(data), name)
