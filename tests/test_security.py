"""Server hardening: headers, request limits, content types, no tracebacks to clients."""

import json

import pytest

from graph_explorer.app import create_app
from graph_explorer.testing import tiny_dataset


@pytest.fixture(scope="module")
def client():
    app = create_app(tiny_dataset())
    app.server.config["TESTING"] = False
    return app, app.server.test_client()


def test_security_headers_on_the_page(client):
    app, c = client
    r = c.get("/")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    for h in app.csp_hashes():
        assert h in csp  # Dash's inline scripts are allowed by hash, not by 'unsafe-inline'
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "same-origin"


def test_text_plain_post_to_callbacks_is_415(client):
    _, c = client
    r = c.post("/_dash-update-component", data="{}", content_type="text/plain")
    assert r.status_code == 415
    assert "application/json" in r.get_json()["error"]


def test_oversized_request_is_413_with_a_message(client):
    app, c = client
    limit = app.server.config["MAX_CONTENT_LENGTH"]
    r = c.post("/_dash-update-component", data=b"x" * (limit + 1), content_type="application/json")
    assert r.status_code == 413
    assert "MB" in r.get_json()["error"]


def test_broken_callback_request_sends_no_traceback(client):
    _, c = client
    r = c.post("/_dash-update-component", data=json.dumps({"output": "nope.children", "inputs": []}),
               content_type="application/json")
    assert r.status_code >= 400
    body = r.get_data(as_text=True)
    assert "Traceback" not in body and 'File "' not in body


@pytest.mark.parametrize("body, words", [
    ("{not json", "malformed"),
    ("[]", "not a JSON object"),
    ("null", "not a JSON object"),
    (json.dumps({"output": "nope.children", "inputs": []}), "no callback writes 'nope.children'"),
    (json.dumps({"inputs": []}), "'output' is missing"),
    (json.dumps({"output": "summary.children", "inputs": "x"}), "'inputs' is not a list"),
])
def test_malformed_callback_bodies_get_400_with_a_message(client, body, words):
    app, c = client
    if "summary.children" in body:
        body = body.replace("summary.children", next(iter(app.callback_map)))
    r = c.post("/_dash-update-component", data=body, content_type="application/json")
    assert r.status_code == 400, r.get_data(as_text=True)
    assert words in r.get_json()["error"]


@pytest.mark.parametrize("path", ["/_dash-component-suites/dash/..%2f..%2fsetup.py",
                                  "/_dash-component-suites/dash/../x.js",
                                  "/_dash-component-suites/dash/..%2F__init__.py",
                                  "/_dash-component-suites/nonexistent/x.js"])
def test_paths_outside_the_component_suites_are_404(client, path):
    _, c = client
    r = c.get(path)
    assert r.status_code == 404 and r.get_json() == {"error": "Not found."}
