"""The background warm-up of a large level, and its progress for a page to poll.

igraph holds Python's global lock while it computes, so a force layout or
exact metrics of a 20,000-organisation level computed in a thread of the
server would freeze every other request. :func:`warm` computes them in a
separate, low-priority process, writes them to the disk cache, then loads
them into the explorer's memory; it returns a :class:`Warmup` whose
:meth:`~Warmup.progress` a page polls.

Each :class:`~graph_explorer.explorer.Explorer` owns one :class:`Warmups`
registry (its ``warmups``, made by its constructor): the warm-ups by level,
behind a lock, with at most :data:`SEED_WARMUPS` new seeds at once. This
module keeps no state of its own.

>>> from graph_explorer.explorer import open_explorer
>>> from graph_explorer.testing import tiny_dataset
>>> ex = open_explorer(tiny_dataset())
>>> w = warm(ex, ViewSpec(), process=False)       # at start-up; process=True (default) in the server
>>> w.wait(60), w.progress()["state"]
(True, 'done')
>>> progress(ex, ViewSpec())["state"]           # poll this (e.g. dcc.Interval) to show a progress bar
'done'

While ``progress(...)["state"]`` is ``"running"``, draw nothing heavy for that
level (the network needs the layout): show the progress instead. Views of
other levels, the table of cooperations and other users are unaffected.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue as queue_mod
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .scale import level_spec, metrics_disk_key
from .view import ViewSpec

__all__ = ["Warmup", "Warmups", "warm", "warm_seed", "needs_seed_warmup", "progress", "SEED_WARMUPS"]

log = logging.getLogger("graph_explorer.warmup")

#: Layouts and metrics of seeds other than the default computed at once per server process (each in a
#: low-priority process of its own); further new seeds wait for a free slot, so a burst of them cannot
#: take the machine from other users.
SEED_WARMUPS = 1
#: Finished warm-ups remembered per explorer (older finished ones are forgotten; their results stay cached).
_KEEP_WARMUPS = 64

_STAGES = (
    ("projection", "Linking the organisations that share cooperations"),
    ("layout", "Laying out the network"),
    ("metrics", "Computing centralities and communities"),
    ("loading", "Loading the results"),
)


@dataclass
class Warmup:
    """The progress of one background warm-up (thread-safe to read).

    ``progress()`` gives a dict for a progress bar: ``state`` (pending,
    running, done, failed), ``stage`` and ``label`` (what is being done),
    ``step`` and ``steps``, ``fraction`` (0–1, an estimate within a stage),
    ``elapsed`` seconds, ``error`` (a message when failed), ``spec`` (the
    query of the view warmed).
    """

    spec: ViewSpec
    expected: dict[str, float] = field(default_factory=dict)
    state: str = "pending"
    stage: str = ""
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    stage_started: float = field(default_factory=time.monotonic)
    timings: dict[str, float] = field(default_factory=dict)
    _done: threading.Event = field(default_factory=threading.Event, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def _enter(self, stage: str) -> None:
        with self._lock:
            now = time.monotonic()
            if self.stage:
                self.timings[self.stage] = round(now - self.stage_started, 3)
            self.state, self.stage, self.stage_started = "running", stage, now

    def _finish(self, error: str = "") -> None:
        with self._lock:
            now = time.monotonic()
            if self.stage:
                self.timings[self.stage] = round(now - self.stage_started, 3)
            self.state = "failed" if error else "done"
            self.error = error
        self._done.set()

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    @property
    def ready(self) -> bool:
        return self.state == "done"

    def wait(self, timeout: float | None = None) -> bool:
        """Block until finished (or ``timeout`` seconds); True when finished."""
        return self._done.wait(timeout)

    def cancel(self) -> None:
        """Stop the warm-up (the worker process is terminated); its state becomes failed."""
        self._cancel.set()

    def progress(self) -> dict:
        with self._lock:
            names = [s for s, _ in _STAGES]
            now = time.monotonic()
            step = names.index(self.stage) + 1 if self.stage in names else 0
            total = sum(self.expected.values()) or 1.0
            before = sum(self.expected.get(s, 0.0) for s in names[: max(step - 1, 0)])
            within = min(now - self.stage_started, 0.95 * self.expected.get(self.stage, 0.0)) \
                if self.state == "running" else 0.0
            fraction = 1.0 if self.state == "done" else min(0.99, (before + within) / total)
            return {"state": self.state, "stage": self.stage, "label": dict(_STAGES).get(self.stage, ""),
                    "step": step, "steps": len(names), "fraction": round(fraction, 3),
                    "elapsed": round(now - self.started, 1), "error": self.error, "spec": self.spec.to_query(),
                    "timings": dict(self.timings)}


def _warm_key(spec: ViewSpec) -> tuple:
    lvl = level_spec(spec)
    return (lvl.level, lvl.weight, lvl.layout, lvl.seed)


class Warmups:
    """The warm-ups of one explorer, by level (thread-safe): what :func:`warm` started and how far it is.

    Parameters
    ----------
    seed_slots : int
        New seeds warmed at once (:data:`SEED_WARMUPS`).
    """

    def __init__(self, seed_slots: int = SEED_WARMUPS):
        self._by_level: dict[tuple, Warmup] = {}
        self._lock = threading.Lock()
        self.seed_slots = threading.BoundedSemaphore(seed_slots)

    def get(self, spec: ViewSpec) -> Warmup | None:
        """The warm-up of ``spec``'s level, or None when none was started here."""
        with self._lock:
            return self._by_level.get(_warm_key(spec))

    def add(self, w: Warmup) -> tuple[Warmup, bool]:
        """Register ``w`` for its level unless one is running or done there: (the level's warm-up, whether new)."""
        key = _warm_key(w.spec)
        with self._lock:
            existing = self._by_level.get(key)
            if existing is not None and existing.state != "failed":
                return existing, False
            self._by_level[key] = w
            finished = [k for k, v in self._by_level.items() if v.finished]
            for k in finished[: max(0, len(self._by_level) - _KEEP_WARMUPS)]:
                del self._by_level[k]
            return w, True

    def wait_for(self, spec: ViewSpec) -> None:
        """Block while a warm-up of ``spec``'s level runs (its results are then in memory)."""
        running = self.get(spec)
        if running is not None and not running.finished:
            running.wait()


def _expected_seconds(n: int, m: int) -> dict[str, float]:
    """Rough seconds per stage on a 2-core machine, for the progress bar only."""
    return {"projection": 0.2 + 2e-6 * m, "layout": 1.0 + 5e-4 * n, "metrics": 1.0 + 9e-8 * n * m,
            "loading": 0.5}


def progress(explorer, spec: ViewSpec) -> dict:
    """The progress of the warm-up of ``spec``'s level, or ``{"state": "done", ...}`` when none is known."""
    w = explorer.warmups.get(spec)
    if w is None:
        return {"state": "done", "stage": "", "label": "", "step": 0, "steps": len(_STAGES), "fraction": 1.0,
                "elapsed": 0.0, "error": "", "spec": level_spec(spec).to_query(), "timings": {}}
    return w.progress()


def needs_seed_warmup(explorer, spec: ViewSpec) -> bool:
    """True when ``spec`` asks for a seed other than the default whose level has not been warmed here yet."""
    lvl = level_spec(spec)
    if lvl.seed == ViewSpec().seed or not explorer.policy.warm_up:
        return False
    w = explorer.warmups.get(lvl)
    return w is None or not w.ready


def warm_seed(explorer, spec: ViewSpec, *, process: bool = True) -> Warmup | None:
    """:func:`warm` for a view with a non-default seed, at most :data:`SEED_WARMUPS` at once; None when busy.

    A seed already warmed (or being warmed) gives its warm-up; a new one takes a free slot, or gets None
    (the caller says the server is busy and asks again later) — never a computation in the caller's thread.
    """
    lvl = level_spec(spec)
    existing = explorer.warmups.get(lvl)
    if existing is not None and existing.state != "failed":
        return existing
    slots = explorer.warmups.seed_slots
    if not slots.acquire(blocking=False):
        return None
    try:
        return warm(explorer, lvl, process=process, on_finish=slots.release)
    except BaseException:
        slots.release()
        raise


def warm(explorer, spec: ViewSpec | None = None, *, process: bool = True, on_finish=None) -> Warmup:
    """Compute in the background what the first view of ``spec``'s level needs; return its :class:`Warmup`.

    The projection is made in a thread; the force layout and the level's
    metrics in a separate process (``process=True``, the default: igraph
    holds the interpreter lock, so computing them in a thread would stall
    the server's other requests), which writes them to the disk cache (or a
    temporary folder when the disk cache is off); the thread then loads
    them into the explorer's memory. Results already on disk are loaded
    without starting a process. Calling ``warm`` again for the same level
    returns the running (or finished) warm-up.

    Parameters
    ----------
    explorer : Explorer
        Whatever its metrics policy, the level's metrics are primed (an
        exact policy still computes each filtered view's own).
    spec : ViewSpec, optional
        Its level, weighting, layout and seed are warmed (default: the default view).
    process : bool
        False computes in the thread (for tests and small data; blocks other threads while igraph runs).
    """
    spec = level_spec(spec or ViewSpec())
    w, new = explorer.warmups.add(Warmup(spec))
    if not new:
        if on_finish is not None:
            on_finish()
        return w
    threading.Thread(target=_run, args=(explorer, w, process, on_finish), name=f"warm-{spec.level}",
                     daemon=True).start()
    return w


def _run(explorer, w: Warmup, process: bool, on_finish=None) -> None:
    from . import layout
    from .diskcache import DiskCache, default_cache

    spec = w.spec
    ds = explorer.dataset
    tmp = None
    try:
        w._enter("projection")
        p = explorer.projection(spec)
        w.expected = _expected_seconds(p.n_nodes, p.n_edges)
        disk = default_cache()
        if disk is None:
            tmp = tempfile.TemporaryDirectory(prefix="graph-explorer-warm-")
            disk = DiskCache(tmp.name)
        metrics_key = metrics_disk_key(ds, spec)
        have_layout = spec.layout != "force" or disk.path("positions", layout.disk_key(ds, spec)).is_file()
        have_metrics = disk.path("metrics", metrics_key).is_file()
        todo = [s for s, need in (("layout", not have_layout), ("metrics", not have_metrics)) if need]
        if todo and process:
            _in_process(ds, spec, todo, disk.root, w)
        else:
            for stage in todo:
                w._enter(stage)
                if stage == "layout":
                    layout.positions(ds, spec, disk=disk)
                else:
                    disk.get_or_compute("metrics", metrics_key, lambda: explorer.view_metrics(spec))
        w._enter("loading")
        layout.positions(ds, spec, disk=disk)
        table = disk.load("metrics", metrics_key)
        if table is None:  # the cache could not be written (read-only, full): compute here
            table = explorer.view_metrics(spec)
        explorer.remember_level_metrics(spec, table)
        w._finish()
    except Exception as exc:  # reported through progress(); the app can fall back to computing on demand
        log.exception("Warm-up of %s failed", spec.to_query())
        w._finish(error=f"{type(exc).__name__}: {exc}")
    finally:
        if tmp is not None:
            tmp.cleanup()
        if on_finish is not None:
            on_finish()


def _in_process(ds, spec: ViewSpec, todo: list[str], root: Path, w: Warmup) -> None:
    """Run the stages in a spawned worker process that reports each stage on a queue."""
    ctx = mp.get_context("spawn")  # never fork a threaded server
    q = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(ds, spec.to_query(), todo, str(root), q), daemon=True,
                       name="graph-explorer-warm")
    proc.start()
    try:  # low priority from its first moment (importing and unpickling the data included)
        os.setpriority(os.PRIO_PROCESS, proc.pid, 10)
    except (OSError, AttributeError):
        pass
    try:
        while True:
            if w._cancel.is_set():
                proc.terminate()
                raise RuntimeError("the warm-up was cancelled")
            try:
                msg = q.get(timeout=0.2)
            except queue_mod.Empty:
                if not proc.is_alive() and q.empty():
                    raise RuntimeError(f"the warm-up process stopped (exit code {proc.exitcode})")
                continue
            if msg[0] == "stage":
                w._enter(msg[1])
            elif msg[0] == "error":
                raise RuntimeError(msg[1])
            elif msg[0] == "done":
                break
    finally:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.terminate()
        q.close()


def _worker(ds, query: str, todo: list[str], root: str, q) -> None:  # pragma: no cover - runs in a child
    try:
        from . import layout
        from .diskcache import DiskCache
        from .explorer import Explorer

        try:
            os.nice(10)  # below the server's own threads: other users are answered first
        except OSError:
            pass
        spec = ViewSpec.from_query(query)
        disk = DiskCache(root)
        for stage in todo:
            q.put(("stage", stage))
            if stage == "layout":
                layout.positions(ds, spec, disk=disk)
            else:
                ex = Explorer(ds)
                disk.get_or_compute("metrics", metrics_disk_key(ds, spec), lambda: ex.view_metrics(spec))
        q.put(("done",))
    except BaseException as exc:
        q.put(("error", f"{type(exc).__name__}: {exc}"))
