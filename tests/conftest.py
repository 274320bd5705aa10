"""Shared fixtures: the bundled dataset, a live app server, and Debian's Chromium for Playwright.

A browser test is skipped only when no Chromium can be found; with ``CI=true``
a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from graph_explorer.browser import CHROMIUM_ARGS, find_chromium  # noqa: F401 (re-exported)

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_configure(config):
    """Tests keep layouts and metrics in a fresh disk cache, never in the user's ~/.cache."""
    import tempfile

    os.environ["GRAPH_EXPLORER_CACHE"] = tempfile.mkdtemp(prefix="graph-explorer-test-cache-")


def pytest_unconfigure(config):
    folder = os.environ.get("GRAPH_EXPLORER_CACHE", "")
    if "graph-explorer-test-cache-" in folder:
        shutil.rmtree(folder, ignore_errors=True)

@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("No Chromium found and CI=true: install Debian's chromium (make test does it as root).")
        pytest.skip("No Chromium found: install Debian's chromium to run browser tests.")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    """pytest-playwright launches Debian's Chromium with flags that keep it offline and quiet."""
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def bundled():
    """The bundled dataset, loaded once per test session."""
    from graph_explorer.dataset import load_bundled

    return load_bundled()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def serve_in_thread(flask_app):
    """Serve a WSGI app on 127.0.0.1 at a free port in a daemon thread; returns (url, stop)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}", server.shutdown


@pytest.fixture(scope="session")
def live_app(bundled):
    """The explorer on the bundled data, served in-process for browser tests; yields its base URL."""
    from graph_explorer.app import create_app

    app = create_app(bundled)
    url, stop = serve_in_thread(app.server)
    yield url
    stop()
