"""Server hardening for the Dash app: headers, request limits, no tracebacks.

:func:`harden` is applied by :func:`graph_explorer.app.create_app` to the
app's Flask server:

- a Content-Security-Policy under which the app works: scripts only from its
  own server plus the hashes of Dash's own inline scripts; ``'unsafe-eval'``
  because plotly.js's WebGL traces compile shader code at run time (regl);
  inline styles because plotly.js writes them; ``frame-ancestors 'none'``;
- ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: same-origin``, ``Cross-Origin-Opener-Policy: same-origin``;
- ``MAX_CONTENT_LENGTH`` (413 with a JSON message past it);
- POSTs to Dash's callback endpoints must be ``application/json`` (415 otherwise);
- any unexpected server error answers a generic message (the details go to the
  server log, never to the client).
"""

from __future__ import annotations

import logging

from flask import Response, jsonify, request
from dash.exceptions import DependencyException
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge

#: What every over-size message adds: where larger files go.
LARGER_FILES = "Larger files load when the server is started with them: graph-explorer serve --data FILE."

__all__ = ["harden", "content_security_policy", "max_file_bytes", "DEFAULT_MAX_UPLOAD_MB", "LARGER_FILES"]

log = logging.getLogger("graph_explorer.server")

#: The largest request body the server accepts (an upload is base64 inside JSON: ~4/3 of the file).
DEFAULT_MAX_UPLOAD_MB = 30
#: Room in an upload request for the JSON around the file (ids, file name, other inputs).
_ENVELOPE = 64 * 1024


def max_file_bytes(max_request_bytes: int) -> int:
    """The largest file whose upload request fits in ``max_request_bytes`` (base64 plus the JSON around it).

    >>> max_file_bytes(30 * 1024 * 1024)
    23543808
    """
    return max(0, (max_request_bytes - _ENVELOPE) // 4 * 3)


def content_security_policy(script_hashes: list[str]) -> str:
    """The CSP header value, given the hashes of the page's inline scripts.

    >>> "frame-ancestors 'none'" in content_security_policy(["'sha256-abc'"])
    True
    """
    scripts = " ".join(["'self'", "'unsafe-eval'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def callback_body_problem(body, callback_map) -> str | None:
    """What is wrong with a callback request's JSON body, or None (Dash would fail on it with a 500).

    >>> callback_body_problem({"output": "a.children", "inputs": [], "state": []}, {"a.children": {}})
    >>> callback_body_problem([], {}), callback_body_problem({"output": "x.y", "inputs": []}, {})
    ('the body is not a JSON object', "no callback writes 'x.y'")
    """
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "'output' is missing or not text"
    if output not in callback_map:
        return f"no callback writes {output[:80]!r}"
    for key in ("inputs", "state"):
        value = body.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, (dict, list)) for v in value):
            return f"'{key}' is not a list of inputs"
    if "changedPropIds" in body and not isinstance(body["changedPropIds"], list):
        return "'changedPropIds' is not a list"
    return None


def harden(app, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB) -> None:
    """Apply the headers, limits and error handling above to a Dash ``app``."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = int(max_upload_mb * 1024 * 1024)
    prefix = app.config.requests_pathname_prefix.rstrip("/")
    callback_paths = (f"{prefix}/_dash-update-component",)
    policy: dict[str, str] = {}

    def csp() -> str:
        # Dash knows its inline scripts (renderer start-up, clientside callbacks) only once the
        # layout and callbacks are registered; compute the policy on first use.
        if "value" not in policy:
            policy["value"] = content_security_policy(app.csp_hashes())
        return policy["value"]

    @server.before_request
    def _require_json():
        if request.method == "POST" and request.path in callback_paths:
            if not (request.mimetype or "").lower() == "application/json":
                return jsonify(error="Callback requests must be application/json."), 415
            limit = server.config["MAX_CONTENT_LENGTH"]
            if request.content_length is None:  # a chunked body: read it here, at most to the limit
                raw = request.environ.get("wsgi.input")
                data = b""
                while raw is not None and len(data) <= limit:  # the server's own stream, not a cut-off view of it
                    piece = raw.read(min(2**20, limit + 1 - len(data)))
                    if not piece:
                        break
                    data += piece
                if len(data) > limit:
                    return _too_large(None)
                request._cached_data = data  # what Flask's get_data/get_json return from now on
            problem = callback_body_problem(request.get_json(silent=True), app.callback_map)
            if problem:
                return jsonify(error=f"The callback request is malformed: {problem}."), 400
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        h = response.headers
        h.setdefault("Content-Security-Policy", csp())
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(exc=None):
        limit = server.config["MAX_CONTENT_LENGTH"]
        mb, file_mb = limit / 1024 / 1024, max_file_bytes(limit) / 1024 / 1024
        return jsonify(error=f"The request is larger than this server accepts ({mb:g} MB): files for upload "
                             f"must be at most {file_mb:.1f} MB. {LARGER_FILES}"), 413

    @server.errorhandler(DependencyException)
    def _no_such_file(exc):  # /_dash-component-suites/<package>/<path> that Dash does not serve (../, unknown)
        return jsonify(error="Not found."), 404

    @server.errorhandler(BadRequest)
    def _bad_request(exc):
        return jsonify(error="The request is malformed."), 400

    @server.errorhandler(Exception)
    def _unexpected(exc):
        if isinstance(exc, HTTPException):
            return exc
        log.exception("Unexpected error while serving %s", request.path)
        return jsonify(error="The server could not answer this request. The error has been logged."), 500
