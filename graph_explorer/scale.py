"""Serving large datasets: metrics computed once per level, a warm-up in the background, its progress.

A full Erasmus+ VET export has ~20,000 organisations and ~100,000 links.
There, exact betweenness and closeness take minutes, a force layout ten
seconds, and igraph holds Python's global lock while it computes: a
computation in a thread of the server freezes every other request. This
module keeps the app interactive at that size.

:class:`ScaledExplorer`
    An :class:`~graph_explorer.explorer.Explorer` whose filtered views do not
    recompute metrics when the level's graph is large (cost above
    :data:`EXACT_METRICS_MAX_COST`): the metrics of the whole level are
    computed once per (dataset, level, weighting, seed), kept in memory and
    on disk (:mod:`graph_explorer.diskcache`), and a filter *masks* them —
    the view's nodes keep their whole-network betweenness, closeness,
    community..., while degree and weighted degree are those of the view,
    and every rank is recomputed among the view's nodes. The table's
    ``attrs["scope"]`` says which (``"view"`` or ``"level"``), for the app to
    label. Small datasets (the bundled one) keep exact per-view metrics.
:func:`warm`
    Computes the layout and the level's metrics of a view in a separate
    process (so the server's threads keep answering), writes them to the
    disk cache, then loads them into the explorer's memory. Returns a
    :class:`Warmup` whose :meth:`~Warmup.progress` a page can poll.

What the app calls
------------------
>>> from graph_explorer.testing import tiny_dataset
>>> ex = ScaledExplorer(tiny_dataset())           # instead of Explorer(dataset)
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

import functools
import hashlib
import logging
import multiprocessing as mp
import os
import queue as queue_mod
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .explorer import Explorer
from .view import ViewSpec

__all__ = ["ScaledExplorer", "warm", "warm_seed", "needs_seed_warmup", "progress", "Warmup", "masked_metrics",
           "level_spec", "EXACT_METRICS_MAX_COST", "SEED_WARMUPS", "metrics_disk_key"]

log = logging.getLogger("graph_explorer.scale")

#: Above this many (nodes × links) in the unfiltered graph of a level — the work of exact
#: betweenness — filtered views mask the level's metrics instead of recomputing them. The bundled
#: data (1,650 × 27,700 ≈ 4.6e7 at organisation level) stays exact; 5,000 × 25,000 does not.
EXACT_METRICS_MAX_COST = 1e8

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


def level_spec(spec: ViewSpec) -> ViewSpec:
    """The unfiltered view of ``spec``'s level, weighting, layout and seed (what is computed once)."""
    return ViewSpec(level=spec.level, weight=spec.weight, layout=spec.layout, seed=spec.seed)


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the code that computes metrics, so a changed analysis never reads old results (once per process)."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted((here / "analysis").glob("*.py")) + [here / "network.py", here / "explorer.py"]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def metrics_disk_key(dataset, spec: ViewSpec) -> tuple:
    """The key of a level's metrics table in the disk cache (fingerprint first)."""
    import igraph as ig
    import networkx as nx

    lvl = level_spec(spec)
    return (dataset.fingerprint, lvl.level, lvl.weight, lvl.seed, _code_version(), ig.__version__, nx.__version__)


def _rank_min(values: pd.Series) -> pd.array:
    r = pd.Series(values, dtype=float).rank(ascending=False, method="min")
    return pd.array(r.to_numpy(), dtype="Float64").astype("Int64")


def masked_metrics(level_table: pd.DataFrame, projection) -> pd.DataFrame:
    """The level's metrics for the nodes of a (filtered) view, without recomputing them.

    Parameters
    ----------
    level_table : DataFrame
        The metrics of the unfiltered level (index = node id), as
        :meth:`Explorer.metrics <graph_explorer.explorer.Explorer.metrics>` gives them.
    projection : Projection
        The view.

    Returns
    -------
    DataFrame
        One row per node of the view, in its order; ``degree`` and ``strength``
        of the view; every ``<name>_rank`` recomputed among the view's nodes
        (1 = highest, ties share the smallest rank); ``attrs["scope"] = "level"``.
    """
    from .analysis.basic import basic_metrics

    ids = projection.nodes["id"]
    out = level_table.reindex(pd.Index(ids, name=level_table.index.name or "id"))
    own = basic_metrics(projection)
    if "degree" in out.columns:
        out["degree"] = own["degree"].to_numpy().astype(level_table["degree"].dtype)
    if "strength" in out.columns:
        out["strength"] = own["strength"].to_numpy(float)
    for col in [c for c in out.columns if c.endswith("_rank")]:
        base = col[: -len("_rank")]
        if base in out.columns:
            out[col] = _rank_min(out[base])
    out.attrs["scope"] = "level"
    return out


class ScaledExplorer(Explorer):
    """An Explorer that masks the level's metrics for filtered views of large graphs (see module docstring).

    Parameters
    ----------
    dataset : Dataset
    cache_size : int
        In-memory cache entries (as Explorer).
    exact_max_cost : float
        :data:`EXACT_METRICS_MAX_COST` unless given.
    """

    def __init__(self, dataset, cache_size: int = 64, exact_max_cost: float = EXACT_METRICS_MAX_COST):
        super().__init__(dataset, cache_size=cache_size)
        self.exact_max_cost = exact_max_cost
        self._warmups: dict[tuple, Warmup] = {}
        self._warm_lock = threading.Lock()
        self._seed_slots = threading.BoundedSemaphore(SEED_WARMUPS)

    def level_cost(self, spec: ViewSpec) -> float:
        """Nodes × links of the unfiltered graph of the view's level (the work of exact betweenness)."""
        p = self.projection(level_spec(spec))
        return float(p.n_nodes) * float(max(p.n_edges, 1))

    def exact_metrics(self, spec: ViewSpec) -> bool:
        """Whether views of this level get their own exact metrics (small graphs) or masked ones."""
        return self.level_cost(spec) <= self.exact_max_cost

    def level_metrics(self, spec: ViewSpec) -> pd.DataFrame:
        """The metrics of the unfiltered level (memory, then disk, then computed; waits for a running warm-up)."""
        lvl = level_spec(spec)
        running = self._warmups.get(_warm_key(lvl))
        if running is not None and not running.finished:
            running.wait()

        def compute():
            from .diskcache import default_cache

            disk = default_cache()
            exact = lambda: Explorer.metrics(self, lvl)  # noqa: E731
            if disk is None:
                return exact()
            return disk.get_or_compute("metrics", metrics_disk_key(self.dataset, lvl), exact)
        return self._cached("level_metrics", lvl, compute)

    def metrics(self, spec: ViewSpec) -> pd.DataFrame:
        """Exact metrics of the view on small graphs; the level's metrics masked to the view on large ones."""
        if self.exact_metrics(spec):
            table = super().metrics(spec)
            table.attrs.setdefault("scope", "view")
            return table
        return self._cached("masked_metrics", spec,
                            lambda: masked_metrics(self.level_metrics(spec), self.projection(spec)))

    def remember_level_metrics(self, spec: ViewSpec, table: pd.DataFrame) -> None:
        """Put a level's metrics (e.g. loaded by a warm-up) into this explorer's memory."""
        lvl = level_spec(spec)
        self._cached("level_metrics", lvl, lambda: table)
        if self.exact_metrics(lvl):
            Explorer._cached(self, "metrics", lvl, lambda: table)


# -- the warm-up ------------------------------------------------------------------------------


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


def _expected_seconds(n: int, m: int) -> dict[str, float]:
    """Rough seconds per stage on a 2-core machine, for the progress bar only."""
    return {"projection": 0.2 + 2e-6 * m, "layout": 1.0 + 5e-4 * n, "metrics": 1.0 + 9e-8 * n * m,
            "loading": 0.5}


def progress(explorer, spec: ViewSpec) -> dict:
    """The progress of the warm-up of ``spec``'s level, or ``{"state": "done", ...}`` when none is known."""
    w = getattr(explorer, "_warmups", {}).get(_warm_key(spec))
    if w is None:
        return {"state": "done", "stage": "", "label": "", "step": 0, "steps": len(_STAGES), "fraction": 1.0,
                "elapsed": 0.0, "error": "", "spec": level_spec(spec).to_query(), "timings": {}}
    return w.progress()


def needs_seed_warmup(explorer, spec: ViewSpec) -> bool:
    """True when ``spec`` asks for a seed other than the default whose level has not been warmed here yet."""
    lvl = level_spec(spec)
    if lvl.seed == ViewSpec().seed or not isinstance(explorer, ScaledExplorer):
        return False
    w = explorer._warmups.get(_warm_key(lvl))
    return w is None or not w.ready


def warm_seed(explorer, spec: ViewSpec, *, process: bool = True) -> Warmup | None:
    """:func:`warm` for a view with a non-default seed, at most :data:`SEED_WARMUPS` at once; None when busy.

    A seed already warmed (or being warmed) gives its warm-up; a new one takes a free slot, or gets None
    (the caller says the server is busy and asks again later) — never a computation in the caller's thread.
    """
    lvl = level_spec(spec)
    with explorer._warm_lock:
        existing = explorer._warmups.get(_warm_key(lvl))
        if existing is not None and existing.state != "failed":
            return existing
    slots = explorer._seed_slots
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
    explorer : ScaledExplorer or Explorer
        With a plain Explorer, the exact metrics of the unfiltered view are
        primed (filters still recompute theirs).
    spec : ViewSpec, optional
        Its level, weighting, layout and seed are warmed (default: the default view).
    process : bool
        False computes in the thread (for tests and small data; blocks other threads while igraph runs).
    """
    spec = level_spec(spec or ViewSpec())
    warmups = _registry(explorer)
    key = _warm_key(spec)
    lock = getattr(explorer, "_warm_lock", _GLOBAL_LOCK)
    with lock:
        existing = warmups.get(key)
        if existing is not None and existing.state != "failed":
            if on_finish is not None:
                on_finish()
            return existing
        w = Warmup(spec)
        warmups[key] = w
        finished = [k for k, v in warmups.items() if v.finished]
        for k in finished[: max(0, len(warmups) - _KEEP_WARMUPS)]:
            del warmups[k]
    threading.Thread(target=_run, args=(explorer, w, process, on_finish), name=f"warm-{spec.level}",
                     daemon=True).start()
    return w


_GLOBAL_LOCK = threading.Lock()


def _registry(explorer) -> dict:
    if not hasattr(explorer, "_warmups"):
        explorer._warmups = {}
    return explorer._warmups


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
                    disk.get_or_compute("metrics", metrics_key, lambda: Explorer.metrics(explorer, spec))
        w._enter("loading")
        layout.positions(ds, spec, disk=disk)
        table = disk.load("metrics", metrics_key)
        if table is None:  # the cache could not be written (read-only, full): compute here
            table = Explorer.metrics(explorer, spec)
        if isinstance(explorer, ScaledExplorer):
            explorer.remember_level_metrics(spec, table)
        else:
            explorer._cached("metrics", spec, lambda: table)
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
                disk.get_or_compute("metrics", metrics_disk_key(ds, spec), lambda: ex.metrics(spec))
        q.put(("done",))
    except BaseException as exc:
        q.put(("error", f"{type(exc).__name__}: {exc}"))
