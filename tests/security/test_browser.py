"""Uploads, limits and hostile data in a real Chromium (in-process threaded server, the production headers).

Every test listens to the page's console and fails on a Content-Security-Policy
violation. Screenshots of the upload panel go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_explorer.app import ids
from graph_explorer.app.panels import summary_line
from graph_explorer.dataset import load_bytes
from graph_explorer.explorer import Explorer
from graph_explorer.view import ViewSpec
from tests.app.test_browser import JS_NODE_XY
from tests.conftest import serve_in_thread

from .conftest import CORPUS

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
FILE_INPUT = f"#{ids.UPLOAD} input[type=file]"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1500, "height": 1000}}


@pytest.fixture(scope="module")
def server(bundled, tmp_path_factory):
    from graph_explorer.app import create_app

    folder = tmp_path_factory.mktemp("browser-uploads")
    app = create_app(bundled, uploads=folder)
    url, stop = serve_in_thread(app.server)
    yield url, folder
    stop()


@pytest.fixture(scope="module")
def small_limit_server(tmp_path_factory):
    """An app that accepts requests of at most 1 MB (files of about 0.7 MB)."""
    from graph_explorer.app import create_app
    from graph_explorer.testing import tiny_dataset

    app = create_app(tiny_dataset(), uploads=tmp_path_factory.mktemp("small"), max_upload_mb=1)
    url, stop = serve_in_thread(app.server)
    yield url
    stop()


@pytest.fixture
def console(page):
    """The page's console messages; the test fails if any mentions the Content-Security-Policy."""
    messages = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    yield messages
    assert not [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m], messages


def wait_summary(page, text: str, exact: bool = True) -> str:
    js = ("a => { const s = document.getElementById('summary'); return s && (a.exact ? s.innerText === a.t "
          ": s.innerText.startsWith(a.t)); }")
    page.wait_for_function(js, arg={"t": text, "exact": exact}, timeout=TIMEOUT)
    return page.inner_text("#summary")


def expected_summary(path: Path, spec: ViewSpec = ViewSpec()) -> str:
    return summary_line(Explorer(load_bytes(path.read_bytes(), path.name)), spec)


def test_upload_panel_loads_refuses_and_goes_back(page, console, server, bundled, artifacts_dir):
    url, folder = server
    page.goto(url + "/?level=country")
    bundled_summary = summary_line(Explorer(bundled), ViewSpec(level="country"))
    wait_summary(page, bundled_summary)
    assert page.is_disabled(f"#{ids.BUNDLED_BUTTON}")

    good = CORPUS / "folder-lookalike-names.zip"
    page.set_input_files(FILE_INPUT, str(good))
    page.wait_for_selector(f"#{ids.UPLOAD_REPORT} [data-loaded=true]", timeout=TIMEOUT)
    wait_summary(page, expected_summary(good, ViewSpec(level="country")))
    report = page.inner_text(f"#{ids.UPLOAD_REPORT}")
    assert "Loaded folder-lookalike-names.zip: 4 actors, 2 cooperations, 5 participations · 1 warning." in report
    assert "folder-lookalike-names.zip[actors.csv], row 5, column 'name'" in report
    assert page.inner_text(f"#{ids.DATASET_LABEL}") == "folder-lookalike-names · 4 actors · 2 cooperations"
    assert "folder-lookalike-names.zip (your upload" in page.inner_text(f"#{ids.ATTRIBUTION}")
    assert page.is_enabled(f"#{ids.BUNDLED_BUTTON}")
    assert page.evaluate("() => new URLSearchParams(location.search).get('level')") == "country"  # level kept
    page.locator(".sidebar").screenshot(path=str(artifacts_dir / "security-upload-loaded.png"))
    page.screenshot(path=str(artifacts_dir / "security-upload-loaded-page.png"))
    token = page.evaluate(f"() => JSON.parse(sessionStorage.getItem('{ids.DATA_TOKEN}'))")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token) and (folder / f"{token}.upload").is_file()

    bad = CORPUS / "folder-dangling-id.zip"
    page.set_input_files(FILE_INPUT, str(bad))
    page.wait_for_selector(f"#{ids.UPLOAD_REPORT} [data-loaded=false]", timeout=TIMEOUT)
    report = page.inner_text(f"#{ids.UPLOAD_REPORT}")
    assert "folder-dangling-id.zip was not loaded (1 error). The data in use has not changed." in report
    assert "folder-dangling-id.zip[participations.csv], row 6, column 'actor_id'" in report
    assert "No actor has the id 'org-missing'" in report
    wait_summary(page, expected_summary(good, ViewSpec(level="country")))  # unchanged
    page.locator(".sidebar").screenshot(path=str(artifacts_dir / "security-upload-refused.png"))

    page.reload()  # the tab keeps its upload (session storage)
    wait_summary(page, expected_summary(good, ViewSpec(level="country")))
    assert page.inner_text(f"#{ids.DATASET_LABEL}").startswith("folder-lookalike-names")

    page.click(f"#{ids.BUNDLED_BUTTON}")
    wait_summary(page, bundled_summary)
    assert page.is_disabled(f"#{ids.BUNDLED_BUTTON}")
    assert not (folder / f"{token}.upload").exists()  # going back deletes the upload
    assert page.evaluate(f"() => JSON.parse(sessionStorage.getItem('{ids.DATA_TOKEN}'))") is None


def test_another_tab_does_not_see_the_upload(browser, server, bundled):
    url, _ = server
    first, second = browser.new_context(), browser.new_context()
    try:
        a, b = first.new_page(), second.new_page()
        a.goto(url + "/?level=organisation")
        wait_summary(a, "1,651 actors", exact=False)
        a.set_input_files(FILE_INPUT, str(CORPUS / "links-cp1252.csv"))
        wait_summary(a, expected_summary(CORPUS / "links-cp1252.csv"))
        b.goto(url + "/?level=organisation")
        wait_summary(b, summary_line(Explorer(bundled), ViewSpec()))
        assert b.inner_text(f"#{ids.DATASET_LABEL}").startswith("bundled")
    finally:
        first.close()
        second.close()


def test_a_lost_upload_falls_back_with_a_message(page, console, server, bundled):
    url, _ = server
    page.goto(url + "/?level=organisation")
    wait_summary(page, "1,651 actors", exact=False)
    page.evaluate(f"() => sessionStorage.setItem('{ids.DATA_TOKEN}', JSON.stringify('{'x' * 43}'))")
    page.reload()
    page.wait_for_selector(f"#{ids.DATA_STATUS} .alert-warning", timeout=TIMEOUT)
    assert "no longer on the server" in page.inner_text(f"#{ids.DATA_STATUS}")
    wait_summary(page, summary_line(Explorer(bundled), ViewSpec()))


def test_a_javascript_source_is_never_a_link(page, console, server):
    url, _ = server
    page.goto(url + "/?level=organisation")
    wait_summary(page, "1,651 actors", exact=False)
    page.set_input_files(FILE_INPUT, str(CORPUS / "links-javascript-source.csv"))
    page.wait_for_selector(f"#{ids.UPLOAD_REPORT} [data-loaded=true]", timeout=TIMEOUT)
    assert "'javascript:alert(document.cookie)' is not an http(s) address" in page.inner_text(f"#{ids.UPLOAD_REPORT}")
    page.goto(url + "/?selected=Riga+Technical+College")  # same tab: the upload stays in use
    page.wait_for_selector("#details .coop-card", timeout=TIMEOUT)
    details = page.inner_text("#details")
    assert "javascript:alert(document.cookie)" in details and "Click me" in details
    assert page.locator("a[href^='javascript' i]").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://", "/", "#", "?")) or h == "" for h in hrefs), hrefs
    # and as a cooperation node of the bipartite level
    page.goto(url + "/?level=bipartite&selected=coop%3Alink-2")
    page.wait_for_selector("#details .coop-card", timeout=TIMEOUT)
    assert "javascript:alert(document.cookie)" in page.inner_text("#details")
    assert page.locator("a[href^='javascript' i]").count() == 0


def test_markup_in_names_shows_as_text_in_labels_and_hover(page, console, server, artifacts_dir):
    url, _ = server
    page.goto(url + "/?level=organisation")
    wait_summary(page, "1,651 actors", exact=False)
    hostile = CORPUS / "links-html-names.csv"
    page.set_input_files(FILE_INPUT, str(hostile))
    wait_summary(page, expected_summary(hostile))
    page.goto(url + "/?labels=all")
    page.wait_for_function("() => document.querySelectorAll('#network-graph .textpoint').length >= 3",
                           timeout=TIMEOUT)
    labels = page.eval_on_selector_all("#network-graph .textpoint text", "els => els.map(e => e.textContent)")
    assert "<img src=x onerror=alert(1)>" in labels and "<b>Bold College</b>" in labels
    assert page.locator("#network-graph img, #network-graph script, #network-graph a").count() == 0
    page.wait_for_function(f"() => ({JS_NODE_XY})({{graph: 'network-graph', node: '<b>Bold College</b>'}})",
                           timeout=TIMEOUT)
    x, y = page.evaluate(f"() => ({JS_NODE_XY})({{graph: 'network-graph', node: '<b>Bold College</b>'}})")
    page.mouse.move(x, y)
    page.wait_for_selector("#network-graph .hoverlayer .hovertext", timeout=TIMEOUT)
    hover = page.text_content("#network-graph .hoverlayer")
    assert "<b>Bold College</b>" in hover
    assert page.locator("#network-graph .hoverlayer a, #network-graph .hoverlayer img").count() == 0
    page.screenshot(path=str(artifacts_dir / "security-markup-as-text.png"))


def test_a_file_over_the_limit_is_not_sent_and_the_page_says_so(page, console, small_limit_server, tmp_path,
                                                                  artifacts_dir):
    page.goto(small_limit_server + "/?level=organisation")
    wait_summary(page, "6 actors", exact=False)
    big = tmp_path / "big.csv"
    big.write_bytes(b"source,target,kind\n" + b"Riga Technical College,Omnia,project\n" * 30_000)  # 1.1 MB
    posted = []
    page.on("request", lambda r: posted.append(len(r.post_data_buffer or b"")) if r.method == "POST" else None)
    page.set_input_files(FILE_INPUT, str(big))
    page.wait_for_function(f"() => document.getElementById('{ids.UPLOAD_REPORT}').innerText.includes('not sent')",
                           timeout=TIMEOUT)
    report = page.inner_text(f"#{ids.UPLOAD_REPORT}")
    assert report == ("big.csv is 1.1 MB; this server accepts files up to 0.7 MB. The file was not sent, and the "
                      "data in use has not changed. Larger files load when the server is started with them: "
                      "graph-explorer serve --data FILE.")
    page.wait_for_timeout(500)
    assert all(n < 100_000 for n in posted), posted  # nothing large went to the server
    page.locator(".sidebar").screenshot(path=str(artifacts_dir / "security-upload-too-large.png"))


def test_a_request_over_the_servers_limit_gets_413_and_the_page_says_so(page, console, small_limit_server,
                                                                         tmp_path):
    page.goto(small_limit_server + "/?level=organisation")
    wait_summary(page, "6 actors", exact=False)
    big = tmp_path / "big.csv"
    big.write_bytes(b"source,target,kind\n" + b"Riga Technical College,Omnia,project\n" * 30_000)
    # a page that skips the browser-side check (an old page, another client): the server still refuses
    page.evaluate(f"""() => {{
        document.getElementById('{ids.UPLOAD_BOX}').setAttribute('data-max-bytes', '-1');
        window.dash_clientside.set_props('{ids.UPLOAD}', {{max_size: -1}});
    }}""")
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "_dash-update-component" in r.url else None)
    page.set_input_files(FILE_INPUT, str(big))
    page.wait_for_function(f"() => document.getElementById('{ids.UPLOAD_REPORT}').innerText.includes('larger')",
                           timeout=TIMEOUT)
    assert 413 in statuses
    assert page.inner_text(f"#{ids.UPLOAD_REPORT}") == (
        "The request is larger than this server accepts (1 MB): files for upload must be at most 0.7 MB. "
        "Larger files load when the server is started with them: graph-explorer serve --data FILE. "
        "The data in use has not changed.")
    wait_summary(page, "6 actors", exact=False)
