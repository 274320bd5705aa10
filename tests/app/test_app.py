"""The app factory: its page, its assets, its callbacks — served in-process, no browser."""

from __future__ import annotations

import ast
import inspect
import json
import re

import dash
import pytest

from graph_explorer.app import assets_folder, create_app, ids
from graph_explorer.explorer import Explorer
from tests.security.harness import view_payload


@pytest.fixture(scope="module")
def app(fake):
    return create_app(fake, title="Test explorer")


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _ids_in(layout_json) -> set[str]:
    found = set()

    def visit(node):
        if isinstance(node, dict):
            if isinstance(node.get("props"), dict) and isinstance(node["props"].get("id"), str):
                found.add(node["props"]["id"])
            for v in node.values():
                visit(v)
        elif isinstance(node, list):
            for v in node:
                visit(v)

    visit(layout_json)
    return found


def test_every_id_is_in_the_page(client):
    layout = client.get("/_dash-layout").get_json()
    present = _ids_in(layout)
    declared = {v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)} - {ids.EXPORT_PREFIX, ids.PICK}
    declared |= set(ids.TAB_BUTTONS.values()) | set(ids.CONTROL_FIELDS)  # every view field's control
    assert declared - present == set()
    from graph_explorer.app.export_menu import menu_ids

    assert menu_ids(ids.EXPORT_PREFIX)["menu"] in present  # the export menu is in the header


def test_the_page_links_only_its_own_server(client):
    page = client.get("/").data.decode()
    urls = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls)
    assert "/assets/vendor/bootstrap.min.css" in " ".join(urls)
    assert "mathjax" not in page.lower()


def test_graphs_take_map_outlines_from_our_assets(client, app):
    layout = json.dumps(client.get("/_dash-layout").get_json())
    assert layout.count('"topojsonURL": "/assets/topojson/"') == 3  # network, map, matrix
    assert layout.count('"mathjax": false') == 3
    # plotly.js asks for <topojsonURL>world_50m.json (scope world, resolution 50)
    assert client.get("/assets/topojson/world_50m.json").status_code == 200
    assert (assets_folder() / "vendor" / "bootstrap.min.css").is_file()
    assert app.config.serve_locally is True
    assert app.config.external_stylesheets == [] and app.config.external_scripts == []


def test_run_never_asks_plotly_for_versions(app):
    assert app.run.keywords["dev_tools_disable_version_check"] is True


def test_callbacks_belong_to_the_app_not_the_global_registry(fake):
    from dash._callback import GLOBAL_CALLBACK_LIST, GLOBAL_CALLBACK_MAP

    a = create_app(fake)
    b = create_app(Explorer(fake))  # an Explorer can be shared; each app has its own callbacks
    assert len(a.callback_map) == len(b.callback_map) >= 10
    assert not GLOBAL_CALLBACK_MAP and not GLOBAL_CALLBACK_LIST


def test_the_footer_carries_the_attribution(client, fake):
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    for text in fake.attribution_for(None):
        assert text in layout


def test_title_and_dataset_label(client):
    page = client.get("/").data.decode()
    assert "<title>Test explorer</title>" in page
    layout = json.dumps(client.get("/_dash-layout").get_json())
    assert "fake \\u00b7 241 actors \\u00b7 40 cooperations" in layout


def test_app_modules_hold_no_mutable_module_state():
    from graph_explorer.app import callbacks, components, layout, panels, state, sync

    for module in (ids, state, layout, components, callbacks, panels, sync):
        tree = ast.parse(inspect.getsource(module))
        names = [t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                 for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)]
        assert names or module is callbacks
        for name in names:
            if name == "__all__":
                continue
            value = getattr(module, name)
            assert not isinstance(value, (list, dict, set)), f"{module.__name__}.{name} is a mutable {type(value)}"


def test_a_callback_round_trip_through_dash(client, app):
    """Ask the running app what the summary of a view is, as the browser does when it opens the view's URL."""
    payload = view_payload(app, "level=country")
    r = client.post("/_dash-update-component", json=payload)
    assert r.status_code == 200
    response = r.get_json()["response"]
    assert re.match(r"^\d+ actors · \d[\d,]* links · density ", response[ids.SUMMARY]["children"])
    plain = "".join(p if isinstance(p, str) else str(p["props"]["children"]) for p in response[ids.SUMMARY_PLAIN]["children"])
    assert re.match(r"^\d+ countries( and \d+ other actors)?, joined by \d[\d,]* links", plain)


def test_an_answer_sends_only_the_parts_the_page_does_not_show_yet(client, app):
    """A new view's answer carries its summary; the parts the page shows already (the details hint, the
    legend, the focus line) are left as they are, and ``ids.SHOWN`` learns the digests of what was sent."""
    from graph_explorer.app.callbacks import FIGURES

    def ask(query, state=None):
        r = client.post("/_dash-update-component", json=view_payload(app, query, state=state))
        assert r.status_code == 200
        return r.get_json()["response"]

    def sent(response):
        return {op["location"][0]: op["params"]["value"] for op in response[ids.SHOWN]["data"]["operations"]}

    first = ask("level=country")
    assert {ids.SUMMARY, ids.DETAILS, ids.LEGEND, ids.FOCUS_STATUS, ids.SUBTITLE} <= set(first)
    state = {f"{ids.SPEC}.data": first[ids.SPEC]["data"], f"{ids.SHOWN}.data": sent(first)}
    second = ask("level=organisation", state)
    assert second[ids.SUMMARY]["children"] != first[ids.SUMMARY]["children"]
    assert second[ids.SUBTITLE]["children"] != first[ids.SUBTITLE]["children"]
    assert not {ids.DETAILS, ids.LEGEND, ids.FOCUS_STATUS, ids.WARM_POLL} & set(second)
    # beside the digests, the store keeps what each tab's figure was drawn from (for partial updates)
    assert set(sent(second)) == {"summary", "summary_plain", "subtitle", FIGURES}
    assert sent(second)[FIGURES].keys() == sent(first)[FIGURES].keys() == {"network"}
    assert sent(second)[FIGURES]["network"] != sent(first)[FIGURES]["network"]  # another level: another figure
    # a page that shows none of it yet gets all of it
    third = ask("level=organisation", {f"{ids.SPEC}.data": first[ids.SPEC]["data"]})
    assert third[ids.DETAILS] == first[ids.DETAILS] and third[ids.LEGEND] == first[ids.LEGEND]


def test_a_click_s_answer_declares_no_control_and_sets_the_controls_a_url_changes_in_one_store(client, app, fake):
    """The view's answer declares only what a click changes (every declared output is marked loading and
    drawn again): a URL's controls, their options and the data's choices travel in ``ids.CONTROLS_NEXT``,
    applied in the page; the map is set beside the outputs; a filter click's answer carries neither."""
    from graph_explorer.app.callbacks import OPTION_OUTPUTS

    key = next(k for k in app.callback_map if f"..{ids.NETWORK_WIRE}.data..." in k)
    declared = {o.rsplit(".", 1)[0] for o in key.strip(".").split("...")}
    assert not declared & {ids.THEMES, ids.LEVEL, ids.YEARS, ids.COUNTRIES, ids.PATH_FROM, ids.PATH_TO, ids.MAP}
    assert {ids.SELECTED, ids.FOCUS, ids.TABS, ids.CONTROLS_NEXT} <= declared

    r = client.post("/_dash-update-component", json=view_payload(app, "level=country&view=map&theme=green"))
    assert r.status_code == 200
    body = r.get_json()
    nxt = body["response"][ids.CONTROLS_NEXT]["data"]
    assert nxt["values"][ids.THEMES] == ["green"] and nxt["values"][ids.LEVEL] == "country"
    assert ids.SELECTED not in nxt["values"]  # a store: written by the answer itself
    assert len(nxt["choices"]) == len(OPTION_OUTPUTS) and OPTION_OUTPUTS[0] == (ids.THEMES, "options")
    assert {o["value"] for o in nxt["choices"][0]} == {t for ts in fake.cooperations["themes"] for t in ts}
    assert body["response"][ids.TABS]["data"] == "map"
    assert body["sideUpdate"][ids.MAP]["figure"]["data"]  # the map, drawn
    # the same view's filter click: the page holds the new value already, so nothing for the controls
    spec = body["response"][ids.SPEC]["data"]
    held = {**nxt["values"], ids.TABS: "map"}  # what the page holds once it applied them, green clicked
    click = view_payload(app, "level=country&view=map", state={f"{ids.SPEC}.data": "level=country&view=map"})
    for entry in click["inputs"]:
        if entry and entry["id"] in held:
            entry["value"] = held[entry["id"]]
    click["changedPropIds"] = [f"{ids.THEMES}.value"]
    answer = client.post("/_dash-update-component", json=click).get_json()
    assert answer["response"][ids.SPEC]["data"] == spec
    assert ids.CONTROLS_NEXT not in answer["response"]


def test_large_answers_are_gzipped_for_browsers_that_accept_it(client, app):
    import gzip as gz

    payload = view_payload(app, "")  # the network's frame and figure
    plain = client.post("/_dash-update-component", json=payload)
    zipped = client.post("/_dash-update-component", json=payload, headers={"Accept-Encoding": "gzip, deflate"})
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain.headers and len(plain.data) > 32_000
    assert zipped.headers["Content-Encoding"] == "gzip" and len(zipped.data) < len(plain.data)
    assert json.loads(gz.decompress(zipped.data)) == plain.get_json()
    small = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert small.headers.get("Content-Encoding") in (None, "gzip")  # either way it reads


def test_a_large_file_is_compressed_once_and_ready_before_the_first_visitor(bundled, monkeypatch):
    """The page's large scripts are compressed as the server prepares (not while the first visitor waits),
    once per version of the file: later visitors get the same bytes without compressing again."""
    import gzip as gzip_module

    from graph_explorer.app import compress_page_files, create_app, know_page_scripts

    app = create_app(bundled, prepare=None)
    files = know_page_scripts(app)
    bundle = next(f for f in files if "plotly-partial" in f)
    calls = []
    real = gzip_module.compress
    monkeypatch.setattr(gzip_module, "compress", lambda data, **kw: calls.append(len(data)) or real(data, **kw))
    compress_page_files(app, files)
    assert max(calls) > 1_000_000  # the plotly.js bundle was compressed here
    calls.clear()
    client = app.server.test_client()
    with client.get(bundle, headers={"Accept-Encoding": "gzip"}) as first, \
            client.get(bundle, headers={"Accept-Encoding": "gzip"}) as second, client.get(bundle) as plain:
        assert calls == []  # served from what was compressed
        assert first.headers["Content-Encoding"] == "gzip" and first.data == second.data
        assert gzip_module.decompress(first.data) == plain.data and len(first.data) < len(plain.data) / 2
        assert first.headers["ETag"].startswith("W/")
        with client.get(bundle, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}) as again:
            assert again.status_code == 304


def test_the_page_sets_the_parts_the_view_s_answer_declares():
    """assets/wire.js sets the parts of an answer with a picture itself (and takes them out of what Dash gets):
    its list is the view callback's parts, each a prop Dash's set_props can set."""
    import re
    from pathlib import Path

    from graph_explorer.app.callbacks import VIEW_PARTS

    js = (Path(__file__).resolve().parents[2] / "assets" / "wire.js").read_text()
    listed = re.search(r"var PARTS = \[([^\]]*)\]", js).group(1)
    assert re.findall(r"'([^']+)'", listed) == [cid for cid, _ in VIEW_PARTS.values()]
    assert {ids.SUMMARY, ids.SUMMARY_PLAIN, ids.DETAILS, ids.LEGEND} <= {cid for cid, _ in VIEW_PARTS.values()}

