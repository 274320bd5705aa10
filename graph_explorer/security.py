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
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

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
    def _too_large(exc):
        limit = server.config["MAX_CONTENT_LENGTH"]
        mb, file_mb = limit / 1024 / 1024, max_file_bytes(limit) / 1024 / 1024
        return jsonify(error=f"The request is larger than this server accepts ({mb:g} MB): files for upload "
                             f"must be at most {file_mb:.1f} MB. {LARGER_FILES}"), 413

    @server.errorhandler(Exception)
    def _unexpected(exc):
        if isinstance(exc, HTTPException):
            return exc
        log.exception("Unexpected error while serving %s", request.path)
        return jsonify(error="The server could not answer this request. The error has been logged."), 500
