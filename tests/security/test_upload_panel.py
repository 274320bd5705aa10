"""The Data panel: receiving an upload, its report, the data in use — as plain functions and through Dash."""

from __future__ import annotations

import logging

import pytest
from dash import no_update

from graph_explorer.app import _metric_names
from graph_explorer.app import sync
from graph_explorer.app import ids
from graph_explorer.app.sources import UNKNOWN_TOKEN_MESSAGE, DataSources
from graph_explorer.app.state import controls_from_spec
from graph_explorer.app.upload_panel import (INTERNAL_FAILURE, data_status, decode_contents, receive_upload,
                                             report_view)
from graph_explorer.dataset import DataError, load_bytes
from graph_explorer.explorer import Explorer
from graph_explorer.testing import tiny_dataset
from graph_explorer.uploads import UploadStore
from graph_explorer.view import ViewSpec
from tests.app.conftest import text_of

from .conftest import data_url
from .harness import callback_payload, view_payload

LINKS = b"source,target,kind,source_url\nRiga Technical College,Omnia,partnership,javascript:alert(1)\n"
MAX = 10_000


@pytest.fixture
def sources(tmp_path):
    return DataSources(Explorer(tiny_dataset()), UploadStore(tmp_path), _metric_names())


# -- decoding -------------------------------------------------------------------------------------


@pytest.mark.parametrize("contents, message", [
    (None, "did not arrive as a file"),
    ("hello", "did not arrive as a file"),
    ("data:text/csv,a,b", "did not arrive as a file"),
    ("data:text/csv;base64,@@@@", "not valid base64"),
    ("data:text/csv;base64," + "QUFB" * 3000, "The file is 9,000 bytes; this server accepts files up to 8,000 bytes"),
])
def test_contents_that_are_not_a_usable_file_are_refused(contents, message):
    with pytest.raises(DataError) as info:
        decode_contents(contents, "x.csv", 8_000)
    assert message in info.value.report.format()


def test_the_size_is_checked_before_decoding(monkeypatch):
    import base64

    decoded = []
    monkeypatch.setattr(base64, "b64decode", lambda *a, **k: decoded.append(1) or b"")
    with pytest.raises(DataError, match="this server accepts files up to"):
        decode_contents("data:;base64," + "A" * 40_000_000, "big.zip", 22 * 1024 * 1024)
    assert decoded == []


# -- receiving ------------------------------------------------------------------------------------


def test_a_good_upload_gives_a_token_and_a_report_with_its_warnings(sources):
    outcome = receive_upload(sources, data_url(LINKS), "links.csv", MAX)
    assert outcome.token and sources.context(outcome.token).filename == "links.csv"
    text = text_of(outcome.report)
    assert text.startswith("Loaded links.csv : 2 actors, 1 cooperations, 2 participations · 1 warning.")
    assert "links.csv, row 2, column 'source_url'" in text
    assert "'javascript:alert(1)' is not an http(s) address; it is kept as text but not shown as a link." in text


def test_a_bad_upload_changes_nothing_and_says_where(sources):
    bad = b"source,target,kind\nA,A,project\nB,C,projekt\n"
    outcome = receive_upload(sources, data_url(bad), "links.csv", MAX)
    assert outcome.token is None
    text = text_of(outcome.report)
    assert "links.csv was not loaded (2 errors). The data in use has not changed." in text
    assert "links.csv, row 2, column 'target' The link goes from 'A' to itself." in text
    assert "links.csv, row 3, column 'kind' 'projekt' is not a known cooperation kind. Did you mean 'project'?" in text
    assert list(sources.uploads.folder.iterdir()) == []


def test_a_bug_in_the_loader_is_logged_not_shown(sources, monkeypatch, caplog):
    def broken(data, filename, **kwargs):
        try:
            raise KeyError("internal detail /srv/secret/path")
        except KeyError as exc:
            raise DataError("x: the dataset could not be loaded.") from exc
    monkeypatch.setattr(sources, "add", broken)
    with caplog.at_level(logging.ERROR, logger="graph_explorer.app"):
        outcome = receive_upload(sources, data_url(LINKS), "links.csv", MAX)
    text = text_of(outcome.report)
    assert outcome.token is None and INTERNAL_FAILURE in text
    assert "secret" not in text and "KeyError" not in text
    assert any("links.csv" in r.getMessage() for r in caplog.records)


def test_a_full_disk_is_a_message(sources, monkeypatch):
    monkeypatch.setattr(sources.uploads, "_write", lambda path, data: (_ for _ in ()).throw(OSError(28, "No space")))
    outcome = receive_upload(sources, data_url(LINKS), "links.csv", MAX)
    assert outcome.token is None and "could not keep the file" in text_of(outcome.report)


def test_long_reports_are_cut_with_a_count():
    rows = "\n".join(f"A{i},A{i},project" for i in range(60))
    with pytest.raises(DataError) as info:
        load_bytes(f"source,target,kind\n{rows}\n".encode(), "loops.csv")
    text = text_of(report_view("loops.csv", info.value.report))
    assert "… and 11 more." in text  # 50 listed by the validator (+1 counting the rest), 40 shown


# -- the data in use ------------------------------------------------------------------------------


def test_data_status_for_the_servers_data_an_upload_and_a_lost_upload(sources):
    label, attribution, status, disabled, token = data_status(sources, None)
    assert label == sources.bundled.label and disabled is True and token is no_update
    assert "Test data" in text_of(attribution[1])
    up = sources.add(LINKS, "mine.csv")
    label, attribution, status, disabled, token = data_status(sources, up.token)
    assert label.startswith("mine · 2 actors") and disabled is False and "mine.csv" in text_of(status)
    assert "your upload" in " ".join(text_of(a) for a in attribution)
    label, attribution, status, disabled, token = data_status(sources, "Z" * 43)
    assert UNKNOWN_TOKEN_MESSAGE in text_of(status) and token is None and label == sources.bundled.label


# -- the view when the data changes ---------------------------------------------------------------


def test_new_data_resets_filters_and_selection_but_keeps_the_look(sources):
    choices = sources.bundled.choices
    spec = ViewSpec(level="country", themes=("green",), countries=("LV",), selected="LV", focus="LV",
                    path=("LV", "FI"), color="region", size="strength", view="map")
    u = sync.sync_view(ids.DATA_TOKEN, "?" + spec.to_query(), controls_from_spec(spec, choices), choices,
                     current_query=spec.to_query(), current_edge=["LV", "FI"])
    assert u.spec == ViewSpec(level="country", color="region", size="strength", view="map")
    assert u.edge is None and u.edge_changed and u.search == "?" + u.spec.to_query()


def test_new_data_sends_the_view_again_even_when_it_is_the_same(sources):
    choices = sources.bundled.choices
    u = sync.sync_view(ids.DATA_TOKEN, "", controls_from_spec(ViewSpec(), choices), choices, current_query="")
    assert u.query == ""  # not None: every picture and panel is drawn again from the new data
    u = sync.sync_view(ids.THEMES, "", controls_from_spec(ViewSpec(), choices), choices, current_query="")
    assert u.query is None


# -- through Dash -------------------------------------------------------------------------------------


def upload_request(app, data: bytes, filename: str) -> dict:
    return callback_payload(app, "upload-report.children", {f"{ids.UPLOAD}.contents": data_url(data)},
                            {f"{ids.UPLOAD}.filename": filename, f"{ids.DATA_TOKEN}.data": None},
                            input_of=f"{ids.UPLOAD}.contents")


def summary_request(app, query: str, token) -> dict:
    return view_payload(app, query, token)


def test_upload_and_summary_through_the_server(make_app):
    app = make_app()
    client = app.server.test_client()
    r = client.post("/_dash-update-component", json=upload_request(app, LINKS, "links.csv"))
    assert r.status_code == 200
    response = r.get_json()["response"]
    token = response[ids.DATA_TOKEN]["data"]
    assert len(token) == 43 and response[ids.UPLOAD]["contents"] is None  # the page forgets the file
    mine = client.post("/_dash-update-component", json=summary_request(app, "level=organisation", token))
    assert mine.get_json()["response"][ids.SUMMARY]["children"].startswith("2 actors · 1 links")
    theirs = client.post("/_dash-update-component", json=summary_request(app, "level=organisation", None))
    assert theirs.get_json()["response"][ids.SUMMARY]["children"].startswith("6 actors · 7 links")
    forged = client.post("/_dash-update-component", json=summary_request(app, "level=organisation", "Q" * 43))
    assert forged.get_json()["response"][ids.SUMMARY]["children"].startswith("6 actors · 7 links")


def test_a_refused_upload_sends_no_token(make_app):
    app = make_app()
    r = app.server.test_client().post("/_dash-update-component",
                                      json=upload_request(app, b"source,target\nA,B\n", "bad.csv"))
    assert r.status_code == 200
    response = r.get_json()["response"]
    assert ids.DATA_TOKEN not in response  # no_update: the tab keeps the data it had
    assert "bad.csv was not loaded" in str(response[ids.UPLOAD_REPORT]["children"])


def test_the_export_menu_exports_the_tabs_own_data(make_app):
    app = make_app()
    client = app.server.test_client()
    token = client.post("/_dash-update-component", json=upload_request(app, LINKS, "links.csv")).get_json()[
        "response"][ids.DATA_TOKEN]["data"]
    key = next(k for k in app.callback_map if "export-download.data" in k)
    item = {"choice": "csv-nodes", "type": "export-item"}
    from graph_explorer.app.export_menu import CHOICES

    payload = {"output": key, "outputs": [{"id": "export-download", "property": "data"},
                                          {"id": "export-status", "property": "children"}],
               "inputs": [[{"id": {"choice": c, "type": "export-item"}, "property": "n_clicks",
                            "value": 1 if c == "csv-nodes" else 0} for c in CHOICES]],
               "state": [{"id": ids.URL, "property": "href", "value": "http://127.0.0.1/?level=organisation"},
                         {"id": "export-size", "property": "value", "value": "16:9"},
                         {"id": "export-title", "property": "value", "value": ""},
                         {"id": ids.DATA_TOKEN, "property": "data", "value": token}],
               "changedPropIds": ['{"choice":"csv-nodes","type":"export-item"}.n_clicks']}
    r = client.post("/_dash-update-component", json=payload)
    assert r.status_code == 200, r.data[:300]
    import base64

    csv_text = base64.b64decode(r.get_json()["response"]["export-download"]["data"]["content"]).decode("utf-8-sig")
    assert "Riga Technical College" in csv_text and "Alpha College" not in csv_text
