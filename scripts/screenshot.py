"""Screenshots of the explorer on the bundled data, for the README (docs/img/).

Serves the app in this process, opens each view in Debian's Chromium
(headless, through Playwright), waits until the summary, the picture and the
details panel are drawn, and saves a PNG.

Usage::

    python scripts/screenshot.py                  # every picture of SHOTS into docs/img/ (first-screen-*.png first)
    python scripts/screenshot.py --query "level=country&theme=green" --out /tmp/green.png
    python scripts/screenshot.py --data export.csv --query "selected=DE:vocational-school" --out /tmp/e.png
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_explorer.browser import CHROMIUM_ARGS, JS_DRAWN, find_chromium  # noqa: E402

#: (file name, view query, viewport): the README's pictures; "" is the bare address (the start view).
SHOTS = (
    ("first-screen-1280x720.png", "", (1280, 720)),
    ("first-screen-1600x900.png", "", (1600, 900)),
    ("first-screen-1920x1080.png", "", (1920, 1080)),
    ("explorer.png", "level=country&selected=LV&top=20", (1600, 1000)),
    ("explorer-map.png", "level=country&theme=green&view=map", (1600, 1000)),
    ("explorer-backbone.png", "level=country&backbone=0.2&top=25", (1600, 1000)),
    ("explorer-matrix.png", "level=country&view=matrix", (1600, 1000)),
    ("explorer-compare.png", "level=country&years=2023-2025&compare=2021-2022&backbone=0.3&top=20", (1600, 1000)),
)



def _chromium() -> str:
    path = find_chromium()
    if path is None:
        raise SystemExit("No Chromium found: install Debian's chromium (apt-get install chromium).")
    return path


def take(page, base: str, query: str, out: Path, n_nodes: int) -> None:
    from graph_explorer.app.state import parse_search

    spec = parse_search(query)[0]
    page.goto(f"{base}/?{query}" if query else f"{base}/")
    page.wait_for_function("() => { const s = document.getElementById('summary');"
                           " return s && / actors · /.test(s.textContent); }", timeout=120_000)
    if spec.view == "matrix":
        page.locator("#matrix-graph .heatmaplayer image, #matrix-graph .hm image").first.wait_for(timeout=120_000)
    else:
        graph = "map-graph" if spec.view == "map" else "network-graph"
        page.wait_for_function(f"n => ({JS_DRAWN})('{graph}') === n", arg=n_nodes, timeout=120_000)
    if spec.view == "map":
        page.wait_for_function("() => document.querySelector('#map-graph .geolayer .countries path') !== null",
                               timeout=60_000)
    if spec.selected:
        page.locator(f"#details [data-node='{spec.selected}']").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # let WebGL paint and the panels settle
    page.mouse.move(5, page.viewport_size["height"] - 5)  # no hover label in the picture
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out))
    print(f"wrote {out} ({spec.to_query() or 'default view'})")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--query", help="one view to shoot (a query string of the app)")
    parser.add_argument("--out", type=Path, help="where to write it (with --query)")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--data", action="append", help="data to serve instead of the bundled data (repeatable)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from graph_explorer.app import create_app
    from graph_explorer.app.state import parse_search
    from graph_explorer.dataset import load_bundled, load_sources
    from graph_explorer.explorer import Explorer

    dataset = load_sources(args.data) if args.data else load_bundled()
    app = create_app(dataset).server
    try:  # the address `make run` shows, so the Share box in the picture looks like the reader's
        server = make_server("127.0.0.1", 8050, app, threaded=True)
    except OSError:
        server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    shots = [(args.out or ROOT / "docs" / "img" / "view.png", args.query, (args.width, args.height))] \
        if args.query else [(ROOT / "docs" / "img" / name, q, size) for name, q, size in SHOTS]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            explorer = Explorer(dataset)
            for out, query, (width, height) in shots:
                page.set_viewport_size({"width": width, "height": height})
                n = len(explorer.scene(parse_search(query)[0]).nodes)  # a comparison draws both periods
                take(page, base, query, Path(out), n)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
