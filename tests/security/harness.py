"""Talking to a Dash server as its page does, and many times at once.

:func:`callback_payload` builds the JSON the browser posts to
``/_dash-update-component`` for one registered callback; :func:`hammer`
sends many such requests, ``concurrency`` at a time, to a server on the
loopback interface and checks that every answer is the one its own request
asked for. It is how the tests show that users do not see each other's
answers (and that a callback writing a module global is caught).
"""

from __future__ import annotations

import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["callback_payload", "view_payload", "dependencies", "outputs_of", "post_callback", "hammer", "HammerResult"]


def outputs_of(output_key: str):
    """The ``outputs`` of a request, from a callback's key in ``app.callback_map``."""
    if output_key.startswith("..") and output_key.endswith(".."):
        parts = output_key[2:-2].split("...")
        return [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in parts]
    return dict(zip(("id", "property"), output_key.rsplit(".", 1)))


def dependencies(base_url: str) -> list[dict]:
    """The callbacks a server declares (``/_dash-dependencies``, what the page reads first)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", (parts.path.rstrip("/") or "") + "/_dash-dependencies")
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def _callbacks(app):
    """(output key, callback) of every callback of a Dash app or of the list :func:`dependencies` returns."""
    return app.callback_map.items() if hasattr(app, "callback_map") else [(d["output"], d) for d in app]


def callback_payload(app, output_id: str, inputs: dict, state: dict | None = None, changed: list[str] | None = None,
                     input_of: str | None = None) -> dict:
    """The request body for the callback that writes ``output_id`` (an "id.property" in its key).

    ``app`` is a Dash app or the list :func:`dependencies` returns. ``inputs`` and ``state`` map
    "id.property" to values and must name every input and state of that callback; ``changed`` lists
    the inputs that changed (default: all). With several callbacks writing the same output,
    ``input_of`` ("id.property") picks the one with that input.
    """
    state = state or {}
    for key, cb in _callbacks(app):
        names = [f"{i['id']}.{i['property']}" for i in cb["inputs"]]
        if output_id not in key or (input_of and input_of not in names):
            continue
        state_names = [f"{s['id']}.{s['property']}" for s in cb["state"]]
        if set(names) != set(inputs) or set(state_names) != set(state):
            raise ValueError(f"{key} takes inputs {names} and state {state_names}")

        def entry(name, value):
            cid, prop = name.rsplit(".", 1)
            return {"id": cid, "property": prop, "value": value}
        return {"output": key, "outputs": outputs_of(key), "inputs": [entry(n, inputs[n]) for n in names],
                "state": [entry(n, state[n]) for n in state_names], "changedPropIds": changed or names}
    raise KeyError(f"no callback writes {output_id}")


def view_payload(app, query: str, token=None, state: dict | None = None) -> dict:
    """What a page posts when it opens ``?query`` in a tab holding the data ``token`` (None: the server's own).

    The request of the view callback (the one writing ``ids.SPEC``) with the URL changed and nothing else
    set yet, as on a page load: its answer carries the view's picture (on the network and map tabs), summary
    and details. ``app`` is a Dash app or the list :func:`dependencies` returns. ``state`` ("id.property" →
    value) sets what the page holds, e.g. the view it shows (``ids.SPEC``) and what it was sent (``ids.SHOWN``).
    """
    from graph_explorer.app import ids

    key, cb = next((k, c) for k, c in _callbacks(app) if f"..{ids.SPEC}.data..." in k)
    given = {f"{ids.URL}.search": f"?{query}" if query else "", f"{ids.DATA_TOKEN}.data": token,
             f"{ids.SHOWN}.data": {}, **(state or {})}

    def entry(dep):
        if isinstance(dep["id"], dict):  # a pattern (ALL): no such component on a fresh page
            return []
        return {"id": dep["id"], "property": dep["property"], "value": given.get(f"{dep['id']}.{dep['property']}")}
    return {"output": key, "outputs": outputs_of(key), "inputs": [entry(d) for d in cb["inputs"]],
            "state": [entry(d) for d in cb["state"]], "changedPropIds": [f"{ids.URL}.search"]}


def post_callback(base_url: str, payload: dict, timeout: float = 60, connection=None) -> tuple[int, dict | str]:
    """POST one callback request; (status, JSON body or text)."""
    parts = urlsplit(base_url)
    assert parts.hostname in ("127.0.0.1", "localhost", "::1"), "the harness talks to loopback servers only"
    conn = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        body = json.dumps(payload).encode()
        conn.request("POST", (parts.path.rstrip("/") or "") + "/_dash-update-component", body=body,
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        try:
            return r.status, json.loads(data)
        except ValueError:
            return r.status, data.decode("utf-8", "replace")
    finally:
        if connection is None:
            conn.close()


@dataclass
class HammerResult:
    """What :func:`hammer` saw."""

    sent: int = 0
    matched: int = 0
    mismatched: list = field(default_factory=list)  # (expected, got)
    failed: list = field(default_factory=list)  # (status, body)
    seconds: float = 0.0
    peak_in_flight: int = 0

    @property
    def ok(self) -> bool:
        return self.matched == self.sent and not self.mismatched and not self.failed


def hammer(base_url: str, jobs: list[tuple[dict, object]], answer, *, concurrency: int = 32,
           timeout: float = 60, deadline: float = 300) -> HammerResult:
    """Send every ``(payload, expected)`` of ``jobs``, ``concurrency`` at a time; compare ``answer(body)`` with expected.

    Bounded: at most ``len(jobs)`` requests, each with ``timeout`` seconds, and no new request once
    ``deadline`` seconds have passed (those count as failed).
    """
    import threading

    result = HammerResult()
    lock = threading.Lock()
    in_flight = [0]
    start = time.perf_counter()

    def one(job):
        payload, expected = job
        if time.perf_counter() - start > deadline:
            return "late", None, expected
        with lock:
            in_flight[0] += 1
            result.peak_in_flight = max(result.peak_in_flight, in_flight[0])
        try:
            status, body = post_callback(base_url, payload, timeout=timeout)
        except OSError as exc:
            status, body = "error", repr(exc)
        finally:
            with lock:
                in_flight[0] -= 1
        return status, body, expected

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(one, job) for job in jobs]
        for f in as_completed(futures):
            status, body, expected = f.result()
            result.sent += 1
            if status != 200:
                result.failed.append((status, str(body)[:300]))
                continue
            got = answer(body)
            if got == expected:
                result.matched += 1
            else:
                result.mismatched.append((expected, got))
    result.seconds = time.perf_counter() - start
    return result
