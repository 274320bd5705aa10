"""Many users at once: every answer is the one its own request asked for.

Against the threaded server the app's tests use: 400 views of the bundled
data with 400 different summaries, plus requests on two uploads (each tab's
token), 32 requests in flight at a time. The same harness run against a
deliberately wrong callback (it keeps its input in a module global, sleeps,
and returns the global) catches the cross-talk; the same tiny app written
correctly passes, so the harness is not merely flaky. The production server
gets the same treatment in ``test_production.py``.
"""

from __future__ import annotations

import json
import time

import dash
import pytest
from dash import Input, Output, dcc, html

from graph_explorer.explorer import Explorer
from tests.conftest import serve_in_thread

from .harness import dependencies, hammer
from .workload import build_jobs, distinct_views, summary_of, upload, upload_files, uploaded_explorers

CONCURRENCY = 32


@pytest.fixture(scope="module")
def views(bundled):
    return distinct_views(Explorer(bundled), 400)


def record(artifacts_dir, name: str, result, n_jobs: int) -> None:
    path = artifacts_dir / "security-harness.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = {"requests": result.sent, "jobs": n_jobs, "matched": result.matched,
                  "mismatched": len(result.mismatched), "failed": len(result.failed),
                  "seconds": round(result.seconds, 2), "peak_in_flight": result.peak_in_flight,
                  "concurrency": CONCURRENCY}
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def test_threaded_server_answers_every_request_with_its_own_view(bundled, views, tmp_path_factory, artifacts_dir):
    from graph_explorer.app import create_app

    app = create_app(bundled, uploads=tmp_path_factory.mktemp("uploads"))
    url, stop = serve_in_thread(app.server)
    try:
        deps = dependencies(url)
        tokens = [upload(url, deps, name, data) for name, data in upload_files()]
        uploads = [(token, ex) for token, (_, ex) in zip(tokens, uploaded_explorers())]
        jobs = build_jobs(deps, views, uploads)
        assert len({json.dumps([p["inputs"], p["state"]]) for p, _ in jobs}) >= 400 + 2 * 6  # distinct inputs
        result = hammer(url, jobs, summary_of, concurrency=CONCURRENCY, timeout=60, deadline=300)
    finally:
        stop()
    record(artifacts_dir, "threaded", result, len(jobs))
    assert result.sent == len(jobs) >= 500
    assert result.ok, (result.mismatched[:3], result.failed[:3])
    assert result.peak_in_flight >= CONCURRENCY // 2  # requests really were in flight together


# -- the harness catches a callback that shares state between requests --------------------------------

_LAST = None  # written by the deliberately wrong callback below: every request of every user shares it


def echo_app(wrong: bool) -> dash.Dash:
    app = dash.Dash(__name__)
    app.layout = html.Div([dcc.Store(id="given"), html.Div(id="echo")])

    @app.callback(Output("echo", "children"), Input("given", "data"))
    def echo(value):
        global _LAST
        if not wrong:
            time.sleep(0.005)
            return value
        _LAST = value
        time.sleep(0.005)
        return _LAST
    return app


def echo_jobs(n: int = 400) -> list[tuple[dict, str]]:
    return [({"output": "echo.children", "outputs": {"id": "echo", "property": "children"},
              "inputs": [{"id": "given", "property": "data", "value": f"request {i}"}],
              "changedPropIds": ["given.data"], "state": []}, f"request {i}") for i in range(n)]


def echoed(body):
    try:
        return body["response"]["echo"]["children"]
    except (KeyError, TypeError):
        return None


@pytest.mark.parametrize("wrong", [True, False], ids=["global-state", "pure"])
def test_the_harness_catches_a_callback_writing_a_global(wrong, artifacts_dir):
    url, stop = serve_in_thread(echo_app(wrong).server)
    try:
        result = hammer(url, echo_jobs(), echoed, concurrency=CONCURRENCY, timeout=30, deadline=120)
    finally:
        stop()
    record(artifacts_dir, f"echo-{'wrong' if wrong else 'pure'}", result, 400)
    assert result.sent == 400 and not result.failed
    if wrong:
        assert len(result.mismatched) > 0, "the harness missed answers crossing between requests"
    else:
        assert result.ok
