"""The command line under bad paths and bad view values: one line on stderr, never a traceback; writes atomic."""

from __future__ import annotations

import errno
import os

import pytest
from click.testing import CliRunner

from graph_explorer.cli import main


def run(*args):
    r = CliRunner().invoke(main, list(args))
    return r


def one_line_error(r) -> str:
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit), r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1, r.output
    return lines[0]


@pytest.mark.parametrize("args, code, words", [
    (["export", "--programme", "nonexistent", "-o", "{tmp}/x.csv"], 2, ["programme", "'nonexistent'"]),
    (["export", "--view", "seed=-5", "-o", "{tmp}/x.csv"], 2, ["seed", "-5"]),
    (["metrics", "--view", "seed=-5"], 2, ["seed"]),
    (["metrics", "--seed", "-5"], 2, ["seed"]),
    (["summary", "--view", "min_weight=inf"], 2, ["min_weight"]),
    (["summary", "--view", "years=0000-0001"], 2, ["years"]),
    (["summary", "--view", "selected=nobody"], 2, ["selected", "'nobody'"]),
    (["export", "-o", "", "--format", "csv"], 2, ["not a file name"]),
    (["export", "-o", "/dev/full", "--format", "csv", "--table", "links"], 1, ["/dev/full", "No space left"]),
    (["export", "-o", "/sys/graph-explorer.csv", "--table", "links"], 1, ["cannot write /sys/graph-explorer.csv"]),
    (["export", "-o", "/etc/passwd/x.csv", "--table", "links"], 1, ["/etc/passwd", "not a folder"]),
    (["export", "-o", "{tmp}", "--format", "csv"], 1, ["is a folder"]),
])
def test_errors_are_one_line(tmp_path, args, code, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    r = run(*args)
    assert r.exit_code == code, r.output
    line = one_line_error(r)
    for w in words:
        assert w in line, line


def test_a_bad_path_is_refused_before_anything_is_drawn(tmp_path, monkeypatch):
    from graph_explorer import export as export_pkg

    def never(*a, **k):  # pragma: no cover - must not be reached
        raise AssertionError("rendered although the output cannot be written")

    monkeypatch.setattr(export_pkg, "export_view", never)
    r = run("export", "-o", "/sys/x.png")
    assert r.exit_code == 1 and "cannot write" in one_line_error(r)


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    from graph_explorer import fileio

    target = tmp_path / "links.csv"
    assert run("export", "-o", str(target), "--table", "links").exit_code == 0
    before = target.read_bytes()
    assert len(before) > 10_000

    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            self.f.write(data[: len(data) // 2])  # half of it reaches the disk, then it is full
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(fileio.os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    r = run("export", "-o", str(target), "--table", "links", "--level", "country")
    assert r.exit_code == 1
    assert "No space left on device" in one_line_error(r)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links.csv"]


def test_an_unexpected_failure_is_one_line_too(monkeypatch):
    from graph_explorer import explorer, network

    def broken(*a, **k):
        raise KeyError("a bug")

    for module in (network, explorer):  # the Explorer imports project by name
        monkeypatch.setattr(module, "project", broken)
    r = run("edges")
    assert r.exit_code == 1
    line = one_line_error(r)
    assert "unexpected failure" in line and "GRAPH_EXPLORER_DEBUG=1" in line
