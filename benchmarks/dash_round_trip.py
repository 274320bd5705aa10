"""The least a click costs in any Dash app: a checkbox, a server callback, a line of text.

``benchmarks/bench_app.py`` serves this app beside the explorer and clicks its checkbox as it clicks the
explorer's theme filter (``JS_TIMED_CLICK``): from the click until the answer's text is in the page and two
frames are painted. Dash's own round trip — the renderer handling the click, the request, the server's
callback, the answer applied to the page — on the same machine, browser and server kind
(``graph-explorer serve``: Flask's threaded server) as the explorer's, with no picture to draw.

Usage::

    python benchmarks/dash_round_trip.py --port PORT
"""

from __future__ import annotations

import argparse

from dash import Dash, Input, Output, dcc, html


def make_app() -> Dash:
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div([
        dcc.Checklist(id="themes", options=[{"label": "Green", "value": "green"}], value=[]),
        html.Div(id="summary"),
    ])

    @app.callback(Output("summary", "children"), Input("themes", "value"))
    def _summary(themes):
        return "green on" if themes else "all themes"

    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    make_app().run(host="127.0.0.1", port=args.port, debug=False)


if __name__ == "__main__":
    main()
