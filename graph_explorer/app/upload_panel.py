"""The Data panel: upload a dataset, read its validation report, go back to the bundled data.

The file travels inside a callback request (``dcc.Upload`` sends it as a
base64 data URL). :func:`receive_upload` decodes it, checks its size, and has
:meth:`~.sources.DataSources.add` validate and keep it; the answer is the
same report as ``graph-explorer validate`` (errors, warnings and notes, each
with its file, row and column). A file with errors changes nothing: the
tab's token (``ids.DATA_TOKEN``) is only replaced when the upload loaded.

Sizes are checked three times: the browser refuses a file over ``max_bytes``
before sending it (``dcc.Upload(max_size=...)``; ``assets/upload.js`` says
so in the panel, which ``dcc.Upload`` alone would not), the server refuses a
request over ``MAX_CONTENT_LENGTH`` with 413 (``assets/upload.js`` shows its
message in the panel too), and :func:`receive_upload` checks the decoded file.

The pure functions here are unit-tested as plain functions
(``tests/security/test_upload_panel.py``); :func:`register_uploads` wires them.
"""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from ..dataset.report import ERROR, Problem, ValidationReport
from ..errors import DataError, GraphExplorerError
from ..security import LARGER_FILES
from ..uploads import DEFAULT_MAX_AGE, clean_filename
from . import ids
from .components import fmt
from .layout import attribution_children

__all__ = ["upload_panel", "receive_upload", "decode_contents", "report_view", "data_status", "UploadOutcome",
           "register_uploads", "MAX_SHOWN_PROBLEMS", "INTERNAL_FAILURE"]

log = logging.getLogger("graph_explorer.app")

#: A report lists at most this many problems (then says how many more there are).
MAX_SHOWN_PROBLEMS = 40
INTERNAL_FAILURE = ("The file could not be read because of an error in the explorer itself (it has been logged). "
                    "Check the file with 'graph-explorer validate', or send it to the people running this server.")
_SEVERITY_COLOR = {"error": "danger", "warning": "warning", "info": "secondary"}


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def upload_help(max_bytes: int) -> str:
    """What the panel accepts: the file formats of the registry, the size limit, and the way for larger files.

    >>> upload_help(10 * 1024 * 1024)  # doctest: +ELLIPSIS
    'Any file format read (.zip of CSV tables, ...), at most 10.0 MB. A larger file: start the server with it, graph-explorer serve --data FILE.'
    """
    from ..dataset.formats import FORMATS

    labels = ", ".join(f.label for f in FORMATS if not f.folder)
    return (f"Any file format read ({labels}), at most {_mb(max_bytes)}. A larger file: start the server with it, "
            "graph-explorer serve --data FILE.")


def upload_panel(max_bytes: int) -> list:
    """The panel's components: the drop zone, progress, the report, the data in use, the way back."""
    days = DEFAULT_MAX_AGE // 86400
    return [
        html.Div(
            dcc.Upload(
                id=ids.UPLOAD, max_size=max_bytes, multiple=False,
                children=html.Div([html.Span("Drop a file here or "), html.Span("choose one", className="upload-link")]),
                className="upload-drop", className_active="upload-drop active", className_reject="upload-drop reject",
            ),
            id=ids.UPLOAD_BOX, **{"data-max-bytes": str(max_bytes), "data-report-id": ids.UPLOAD_REPORT},
        ),
        html.Div(upload_help(max_bytes), className="upload-help small text-muted"),
        html.Div(id=ids.UPLOAD_BUSY, className="upload-busy small", role="status"),
        html.Div(id=ids.UPLOAD_REPORT, className="upload-report", **{"aria-live": "polite"}),
        html.Div(id=ids.DATA_STATUS, className="data-status small"),
        dbc.Button("Back to the bundled data", id=ids.BUNDLED_BUTTON, size="sm", color="secondary", outline=True,
                   disabled=True, class_name="mt-1"),
        html.Div(f"An upload is seen only in the browser tab that sent it. The server deletes it when you go back, "
                 f"or after {days} days unused.", className="upload-help small text-muted mt-1"),
    ]


# -- receiving a file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload led to: the new token (None: the data in use stays) and the report to show."""

    token: str | None
    report: object


def _refused(filename: str, message: str) -> DataError:
    problem = Problem(ERROR, filename, None, None, None, message)
    return DataError(f"{filename}: {message}", ValidationReport([problem]))


def decode_contents(contents, filename: str, max_bytes: int) -> bytes:
    """The file's bytes from ``dcc.Upload.contents`` (a base64 data URL); DataError if unusable or too large.

    >>> decode_contents("data:text/csv;base64,YSxi", "a.csv", 100)
    b'a,b'
    >>> decode_contents("data:text/csv;base64,YSxi", "a.csv", 2)
    Traceback (most recent call last):
    ...
    graph_explorer.errors.DataError: a.csv: The file is 3 bytes; this server accepts files up to 2 bytes. Larger files load when the server is started with them: graph-explorer serve --data FILE.
    error: a.csv: The file is 3 bytes; this server accepts files up to 2 bytes. Larger files load when the server is started with them: graph-explorer serve --data FILE.
    """
    if not isinstance(contents, str) or not contents.startswith("data:"):
        raise _refused(filename, "The upload did not arrive as a file. Choose the file again.")
    header, _, payload = contents.partition(",")
    if ";base64" not in header:
        raise _refused(filename, "The upload did not arrive as a file. Choose the file again.")
    size = len(payload) // 4 * 3 - payload[-2:].count("=")

    def say(n: int) -> str:
        return _mb(n) if n >= 1024 * 1024 else f"{n:,} bytes"
    if size > max_bytes:
        raise _refused(filename, f"The file is {say(size)}; this server accepts files up to {say(max_bytes)}. "
                                 f"{LARGER_FILES}")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise _refused(filename, "The upload arrived damaged (it is not valid base64). Choose the file again.") \
            from None


def receive_upload(sources, contents, filename, max_bytes: int, token=None) -> UploadOutcome:
    """Decode, validate and keep an upload; the outcome to show. Never raises.

    Parameters
    ----------
    sources : DataSources
    contents : str
        ``dcc.Upload.contents``.
    filename : str
        ``dcc.Upload.filename`` (shown in messages only; the content decides how the file is read).
    max_bytes : int
        The largest file accepted.
    token : str, optional
        The tab's current token: a new upload that loads replaces the tab's previous one.
    """
    name = clean_filename(filename)
    try:
        data = decode_contents(contents, name, max_bytes)
        context = sources.add(data, name, replaces=token)
    except DataError as exc:
        cause = exc.__cause__
        if cause is not None and not isinstance(cause, GraphExplorerError):  # a bug, not the file's fault
            log.error("upload %r could not be read", name, exc_info=cause)
            return UploadOutcome(None, report_view(name, ValidationReport([Problem(ERROR, name, None, None, None,
                                                                                    INTERNAL_FAILURE)])))
        return UploadOutcome(None, report_view(name, exc.report or ValidationReport([])))
    except Exception:  # noqa: BLE001 - the folder could not be written (disk full...): say so, log it
        log.exception("upload %r could not be stored", name)
        problem = Problem(ERROR, name, None, None, None, "The server could not keep the file (it has been logged). "
                          "Try again later.")
        return UploadOutcome(None, report_view(name, ValidationReport([problem])))
    return UploadOutcome(context.token, report_view(name, context.dataset.report, context))


def _counted(report: ValidationReport) -> str:
    """ "2 errors, 1 warning" (kinds that occur only; "no problem listed" when none).

    >>> _counted(ValidationReport([Problem("warning", "a.csv", 2, "name", None, "x")]))
    '1 warning'
    """
    parts = [f"{len(items):,} {word}{'' if len(items) == 1 else 's'}"
             for items, word in ((report.errors, "error"), (report.warnings, "warning")) if items]
    return ", ".join(parts) or "no problem listed"


def _problem_item(p: Problem) -> html.Li:
    text = p.format()
    prefix = f"{p.severity}: {p.location()}: "
    message = text[len(prefix):] if text.startswith(prefix) else p.message
    return html.Li([
        html.Div([dbc.Badge(p.severity, color=_SEVERITY_COLOR.get(p.severity, "secondary"),
                            class_name="me-1 problem-severity"),
                  html.Span(p.location(), className="problem-where")]),
        html.Div(message, className="problem-message"),
    ], className=f"problem problem-{p.severity}")


def report_view(filename: str, report: ValidationReport | None, context=None) -> html.Div:
    """The validation report of an upload: a headline, then each problem with its file, row and column.

    ``context`` is the loaded data (a :class:`~.sources.DataContext`) or None when the file was not loaded.
    """
    report = report if report is not None else ValidationReport([])
    problems = list(report.problems)
    if context is None:
        head = dbc.Alert([html.B(f"{filename} was not loaded"),
                          f" ({_counted(report)}). The data in use has not changed."],
                         color="danger", class_name="upload-alert")
    else:
        d = context.dataset
        counts = (f"{fmt(len(d.actors))} actors, {fmt(len(d.cooperations))} cooperations, "
                  f"{fmt(len(d.participations))} participations")
        note = f" · {_counted(report)}" if report.warnings else ""
        head = dbc.Alert([html.B(f"Loaded {filename}"), f": {counts}{note}."], color="success",
                         class_name="upload-alert")
    shown = problems[:MAX_SHOWN_PROBLEMS]
    body = [head]
    if report.read_as:
        body.append(html.Div(report.read_as, className="upload-read-as small"))
    if shown:
        body.append(html.Ul([_problem_item(p) for p in shown], className="problem-list"))
    if len(problems) > len(shown):
        body.append(html.Div(f"… and {len(problems) - len(shown):,} more. 'graph-explorer validate FILE' lists "
                             "them all.", className="small text-muted"))
    return html.Div(body, className="upload-result", **{"data-loaded": "true" if context is not None else "false"})


def data_status(sources, token):
    """What the page says about the data in use for ``token``.

    Returns
    -------
    (label, attribution, status, bundled_disabled, token)
        ``token`` is None when the tab's token is unknown (so the page stops
        sending it), else ``no_update``.
    """
    context, message = sources.resolve(token)
    if context.is_upload:  # the sources the upload cites (if any), and that it is the tab's own upload
        attribution = attribution_children([*context.attribution, f"{context.filename} (your upload"
                                            + ("" if context.attribution else "; it names no source") + ")"])
    else:
        attribution = attribution_children(context.attribution)
    if message:
        status = dbc.Alert(message, color="warning", class_name="upload-alert")
        return context.label, attribution, status, True, None
    if context.is_upload:
        status = html.Div(["In use: ", html.B(context.filename), " (your upload)."])
        return context.label, attribution, status, False, no_update
    return context.label, attribution, html.Div(["In use: the data this server was started with."]), True, no_update


# -- wiring -------------------------------------------------------------------------------------


def register_uploads(app, sources, max_bytes: int) -> None:
    """Register the panel's callbacks on ``app`` (never on Dash's global registry)."""

    @app.callback(
        Output(ids.DATA_TOKEN, "data", allow_duplicate=True), Output(ids.UPLOAD_REPORT, "children"),
        Output(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD, "contents"), State(ids.UPLOAD, "filename"), State(ids.DATA_TOKEN, "data"),
        running=[(Output(ids.UPLOAD, "disabled"), True, False),
                 (Output(ids.UPLOAD_BUSY, "children"), "Checking the file…", "")],
        prevent_initial_call=True,
    )
    def _upload(contents, filename, token):
        if not contents:
            return no_update, no_update, no_update
        outcome = receive_upload(sources, contents, filename, max_bytes, token=token)
        # the browser forgets the file once it is answered (the upload is not kept in the page)
        return (outcome.token if outcome.token else no_update), outcome.report, None

    @app.callback(
        Output(ids.DATA_TOKEN, "data", allow_duplicate=True), Output(ids.UPLOAD_REPORT, "children",
                                                                     allow_duplicate=True),
        Input(ids.BUNDLED_BUTTON, "n_clicks"), State(ids.DATA_TOKEN, "data"), prevent_initial_call=True,
    )
    def _back(n_clicks, token):
        if not n_clicks:
            return no_update, no_update
        sources.uploads.remove(token)
        return None, None

    @app.callback(
        Output(ids.DATASET_LABEL, "children"), Output(ids.ATTRIBUTION, "children"),
        Output(ids.DATA_STATUS, "children"), Output(ids.BUNDLED_BUTTON, "disabled"),
        Output(ids.DATA_TOKEN, "data", allow_duplicate=True),
        Input(ids.DATA_TOKEN, "data"), prevent_initial_call="initial_duplicate",
    )
    def _status(token):
        try:
            return data_status(sources, token)
        except Exception:  # noqa: BLE001
            log.exception("data status failed")
            return no_update, no_update, no_update, no_update, no_update
