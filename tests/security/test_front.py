"""The shipped front (deploy/nginx.conf, Debian's nginx) before ``serve --production``: slow clients starve nobody.

The finding: 8 connections sending one byte per second held all 8 worker threads of
``serve --production --workers 2`` and another user's request waited 19 s. nginx reads every request whole
before passing it on, so the app's threads only work for complete requests. This test starts the very config
file that ships (ports substituted) on loopback, in front of the production server, and measures.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from .test_production import WORKERS, free_port, production  # noqa: F401 (the fixture)

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
SLOW_CLIENTS = 16


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


@pytest.fixture(scope="module")
def front(production, tmp_path_factory):  # noqa: F811
    """nginx with deploy/nginx.conf in front of the production server; yields its base URL."""
    binary = nginx_binary()
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx not found and CI=true: make test installs Debian's nginx-light as root.")
        pytest.skip("nginx not found: install Debian's nginx-light to test the production front.")
    url, _ = production
    app_port = int(url.rsplit(":", 1)[1])
    port = free_port()
    folder = tmp_path_factory.mktemp("nginx")
    text = CONFIG.read_text()
    assert "server 127.0.0.1:8050;" in text and "listen 127.0.0.1:8080;" in text
    text = (text.replace("server 127.0.0.1:8050;", f"server 127.0.0.1:{app_port};")
                .replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
                .replace("pid /run/nginx-graph-explorer.pid;", f"pid {folder}/nginx.pid;"))
    conf = folder / "nginx.conf"
    conf.write_text(text)
    check = subprocess.run([binary, "-t", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                            stderr=open(folder / "error.log", "wb"), start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("nginx did not start: " + (folder / "error.log").read_text())
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def timed_get(port: int, path: str, timeout: float = 30) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        return r.status, time.perf_counter() - start
    except (OSError, http.client.HTTPException):
        return 0, time.perf_counter() - start
    finally:
        conn.close()


def slow_clients(port: int, n: int, seconds: float) -> tuple[list[threading.Thread], threading.Event]:
    """``n`` connections that send a callback request's headers, then its body one byte per second."""
    stop = threading.Event()

    def trickle():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                end = time.monotonic() + seconds
                while time.monotonic() < end and not stop.is_set():
                    s.sendall(b" ")
                    stop.wait(1.0)
        except OSError:
            pass

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(n)]
    for t in threads:
        t.start()
    return threads, stop


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_16_slow_clients_leave_another_users_request_under_1_s_through_the_front(front):
    port = port_of(front)
    assert timed_get(port, "/_dash-layout")[0] == 200  # warm
    threads, stop = slow_clients(port, SLOW_CLIENTS, seconds=6)
    try:
        time.sleep(1.5)  # every slow client connected and trickling
        waits = []
        for _ in range(6):
            status, seconds = timed_get(port, "/_dash-layout")
            assert status == 200
            waits.append(seconds)
            time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(5)
    print(f"through nginx with {SLOW_CLIENTS} slow clients: another request took at most {max(waits):.3f} s")
    assert max(waits) < 1, waits


def test_long_share_urls_work_under_gunicorn_and_through_the_front(production, front):  # noqa: F811
    url, _ = production
    query = "?" + "&".join(f"country={c}" for c in ["LV", "LT", "EE", "FI", "SE"] * 110)  # ~6 KB
    assert 5000 < len(query) < 8000
    for port in (port_of(url), port_of(front)):
        status, _ = timed_get(port, "/" + query)
        assert status == 200, (port, status)
