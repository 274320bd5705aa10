"""One dataset, every view of it: the read-only service the app, export and CLI share.

An :class:`Explorer` wraps a loaded :class:`Dataset` and answers questions
about views (a :class:`ViewSpec`): the projection, the graph, its metrics and
communities, positions, the encoded scene and figure, details of a node or a
link, paths, suggestions, what-if. It holds no per-user state: results are
cached under keys made of the dataset fingerprint and the view's query
string, so several users (and several threads) can share one Explorer.

Its :class:`MetricsPolicy` says how a view's metrics are made: exact for
each view, or — on a level whose unfiltered graph costs more than
``exact_max_cost`` (nodes × links) — the level's metrics computed once and
masked to the view (:mod:`graph_explorer.scale`). :func:`open_explorer` is
the one factory: the app, its uploads, every CLI command and every export
open their Explorer through it, so the same view gives the same numbers
everywhere.

Examples
--------
>>> from graph_explorer.testing import tiny_dataset
>>> ex = open_explorer(tiny_dataset())
>>> s = ex.summary(ViewSpec(level="country"))
>>> s["nodes"], s["links"]
(5, 4)
"""

from __future__ import annotations

import dataclasses


import networkx as nx
import pandas as pd

from .cache import ContentCache
from .figures import build_scene, figure_for
from .analysis.basic import basic_metrics
from .network import COOP_PREFIX, project, to_networkx
from .scale import EXACT_METRICS_MAX_COST, level_spec, masked_metrics, metrics_disk_key
from .view import ViewSpec
from .warmup import Warmups

__all__ = ["Explorer", "MetricsPolicy", "open_explorer", "SCALED", "EXACT", "safe_url"]


@dataclasses.dataclass(frozen=True)
class MetricsPolicy:
    """How an :class:`Explorer` makes a view's metrics.

    Attributes
    ----------
    exact_max_cost : float or None
        Levels whose unfiltered graph costs at most this (nodes × links, the
        work of exact betweenness) get exact metrics for every view; above
        it, the level's metrics are masked to the view. None: always exact.
    warm_up : bool
        Whether a front end prepares large levels and new seeds in a
        background warm-up (:mod:`graph_explorer.warmup`) before drawing them.
    """

    exact_max_cost: float | None = EXACT_METRICS_MAX_COST
    warm_up: bool = True

    def exact(self, cost: float) -> bool:
        return self.exact_max_cost is None or cost <= self.exact_max_cost


#: What the app, the CLI and exports use: exact on small levels, masked above :data:`EXACT_METRICS_MAX_COST`.
SCALED = MetricsPolicy()
#: Exact metrics for every view, computed on demand (no background warm-up).
EXACT = MetricsPolicy(exact_max_cost=None, warm_up=False)


def open_explorer(dataset, policy: MetricsPolicy | None = None, cache_size: int = 64) -> "Explorer":
    """The Explorer of ``dataset`` that every front end uses (the app, uploads, the CLI, exports).

    ``policy`` defaults to :data:`SCALED` (read when called, so one setting reaches every front end).

    >>> from graph_explorer.testing import tiny_dataset
    >>> open_explorer(tiny_dataset()).policy == SCALED
    True
    """
    return Explorer(dataset, cache_size=cache_size, policy=SCALED if policy is None else policy)


def safe_url(url) -> str | None:
    """``url`` if it is an http(s) address, else None — never make ``javascript:`` clickable.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)"), safe_url("EC news, 2023")
    ('https://example.org/a', None, None)
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    low = u.lower()
    if (low.startswith("https://") or low.startswith("http://")) and not any(c in u for c in "\"'<> \n\r\t"):
        return u
    return None


def _filter_key(spec: ViewSpec) -> str:
    """The part of a view that changes the graph (not its appearance or focus)."""
    return spec.graph_part().to_query()


def graph_spec(spec: ViewSpec) -> ViewSpec:
    """The view with appearance, focus and seed reset: two views with the same graph share results.

    The graph does not depend on the seed (only communities, sampling and layouts do), so a new seed never
    projects the data again.
    """
    return spec.graph_part().replace(seed=ViewSpec().seed)


def _unfiltered(spec: ViewSpec) -> bool:
    """Whether ``spec`` shows its whole level (the graph a warm-up prepares)."""
    return spec.graph_part() == level_spec(spec).graph_part()


def _int_or_none(v) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _text(v) -> str:
    return v if isinstance(v, str) else ""


def _then_only(scene, now_ids: set, then):
    """A comparison's actors of the compared period only: "Only in 2021–2022", not "Not given" community."""
    import dataclasses

    from .compare import period_text

    gone = ~scene.nodes["id"].isin(now_ids)
    if not gone.any():
        return scene
    label = f"Only in {period_text(then)}"
    nodes = scene.nodes.copy()
    nodes.loc[gone.to_numpy(), "category"] = label
    legend = tuple(dataclasses.replace(item, label=label) if item.label == "Not given" else item
                   for item in scene.legend)
    return dataclasses.replace(scene, nodes=nodes, legend=legend)


class Explorer:
    """Read-only answers about the views of one dataset (see module docstring)."""

    def __init__(self, dataset, cache_size: int = 64, policy: MetricsPolicy = EXACT):
        self.dataset = dataset
        self.policy = policy
        #: The background warm-ups of this explorer's levels (see :mod:`graph_explorer.warmup`).
        self.warmups = Warmups()
        self._cache = ContentCache(maxsize=cache_size)
        actors = dataset.actors
        self._actor_index = actors.set_index("id", drop=False)
        self._coop_index = dataset.cooperations.set_index("id", drop=False)

    def _cached(self, name: str, spec: ViewSpec, compute, *extra):
        key = (name, self.dataset.fingerprint, _filter_key(spec), spec.seed, *extra)
        return self._cache.get_or_compute(key, compute)

    def remember(self, key: tuple, compute):
        """``compute()`` once per ``key`` (which must name this dataset's fingerprint), in this explorer's cache."""
        return self._cache.get_or_compute(key, compute)

    # -- the graph of a view ---------------------------------------------------
    def projection(self, spec: ViewSpec):
        g = graph_spec(spec)
        return self._cached("projection", g, lambda: project(self.dataset, g))

    def link_projection(self, spec: ViewSpec):
        """The links a table or a link's details show: the view's, or with ``compare`` both periods'
        (columns ``weight_then`` and ``status``, see :mod:`graph_explorer.compare`)."""
        if spec.compare is None:
            return self.projection(spec)
        from .compare import comparison

        return comparison(self, spec).projection

    def graph(self, spec: ViewSpec) -> nx.Graph:
        g = graph_spec(spec)
        return self._cached("graph", g, lambda: to_networkx(self.projection(g)))

    def metrics(self, spec: ViewSpec) -> pd.DataFrame:
        """Per-node metrics (index = node id), with ``community`` numbered by size, as the policy says.

        Exact for the view when :meth:`exact_metrics`; else the level's metrics masked to the view
        (:func:`graph_explorer.scale.masked_metrics`). ``attrs["scope"]`` is ``"view"`` or ``"level"``.
        """
        if self.exact_metrics(spec):
            if _unfiltered(spec):  # a warm-up computing this level's metrics (server start): wait, never twice
                self.warmups.wait_for(level_spec(spec))
            table = self.view_metrics(spec)
            table.attrs.setdefault("scope", "view")
            return table
        return self._cached("masked_metrics", spec,
                            lambda: masked_metrics(self.level_metrics(spec), self.projection(spec)))

    def view_metrics(self, spec: ViewSpec) -> pd.DataFrame:
        """The exact metrics of the view's own graph, whatever the policy."""
        def compute():
            from . import analysis

            G = self.graph(spec)
            table = analysis.node_metrics(G, seed=spec.seed)
            return table.set_index("id") if "id" in table.columns else table
        return self._cached("metrics", spec, compute)

    def level_cost(self, spec: ViewSpec) -> float:
        """Nodes × links of the unfiltered graph of the view's level (the work of exact betweenness)."""
        p = self.projection(level_spec(spec))
        return float(p.n_nodes) * float(max(p.n_edges, 1))

    def exact_metrics(self, spec: ViewSpec) -> bool:
        """Whether the view gets its own exact metrics (the policy, on this level's cost) or masked ones."""
        return self.policy.exact_max_cost is None or self.policy.exact(self.level_cost(spec))

    def level_metrics(self, spec: ViewSpec) -> pd.DataFrame:
        """The metrics of the unfiltered level (memory, then disk, then computed; waits for a running warm-up)."""
        lvl = level_spec(spec)
        self.warmups.wait_for(lvl)

        def compute():
            from .diskcache import default_cache

            disk = default_cache()
            if disk is None:
                return self.view_metrics(lvl)
            return disk.get_or_compute("metrics", metrics_disk_key(self.dataset, lvl),
                                       lambda: self.view_metrics(lvl))
        return self._cached("level_metrics", lvl, compute)

    def remember_level_metrics(self, spec: ViewSpec, table: pd.DataFrame) -> None:
        """Put a level's metrics (e.g. loaded by a warm-up) into this explorer's memory."""
        lvl = level_spec(spec)
        self._cached("level_metrics", lvl, lambda: table)
        if self.exact_metrics(lvl):
            self._cached("metrics", lvl, lambda: table)

    def basic_metrics(self, spec: ViewSpec) -> pd.DataFrame:
        return self._cached("basic_metrics", spec, lambda: basic_metrics(self.projection(spec)))

    def communities(self, spec: ViewSpec) -> pd.Series:
        m = self.metrics(spec)
        return m["community"] if "community" in m.columns else pd.Series(dtype=object)

    def positions(self, spec: ViewSpec) -> pd.DataFrame:
        """The level's positions for ``spec.layout`` (after a running warm-up of the level has laid it out)."""
        from .layout import positions

        if spec.layout == "force":
            self.warmups.wait_for(level_spec(spec))
        return positions(self.dataset, spec)

    # -- pictures --------------------------------------------------------------
    def scene(self, spec: ViewSpec, metrics: bool = True):
        """The encoded view, with its selection, path and ego focus applied.

        With ``compare``, the picture is the union of the two periods' graphs and each link has a
        status (new, lost, stronger, weaker, same; see :mod:`graph_explorer.compare`); sizes and
        colours are those of the view's own period.
        """
        if spec.compare is not None:
            from .compare import comparison, now_spec

            p = comparison(self, spec).projection
            now = now_spec(spec)
            m = self.metrics(now) if metrics else self.basic_metrics(now)
        else:
            p = self.projection(spec)
            m = self.metrics(spec) if metrics else self.basic_metrics(spec)
        highlight_nodes: list = []
        highlight_edges: list = []
        focus_nodes = None
        if spec.selected and spec.selected in m.index:
            highlight_nodes.append(spec.selected)
        if spec.path:
            route = self.shortest_path(spec, *spec.path)
            if route:
                highlight_nodes.extend(route)
                highlight_edges.extend(zip(route, route[1:]))
        if spec.holders:  # who holds the network together: articulation points and bridges
            h = self.holders(spec)
            highlight_nodes.extend(h["articulation_points"])
            highlight_edges.extend(h["bridges"])
        if spec.focus and spec.focus in m.index:
            focus_nodes = set(nx.single_source_shortest_path_length(self.graph(spec.replace(compare=None)),
                                                                    spec.focus, cutoff=spec.hops))
            highlight_nodes.append(spec.focus)
        layout_spec = spec.replace(layout="geo") if spec.view == "map" else spec
        scene = build_scene(self.dataset, spec, projection=p, positions=self.positions(layout_spec), metrics=m,
                            communities=m["community"] if "community" in m.columns else None,
                            highlight_nodes=highlight_nodes, highlight_edges=highlight_edges,
                            focus_nodes=focus_nodes)
        if spec.holders:
            h = self.holders(spec)
            n, b = len(h["articulation_points"]), len(h["bridges"])
            note = (f"ringed: {n:,} actor{'s' if n != 1 else ''} and {b:,} link{'s' if b != 1 else ''} "
                    "holding the network together (without one, some actors lose every connection)")
            scene = dataclasses.replace(scene, notes=scene.notes + (note,))
        if spec.compare is not None and spec.color == "community":
            scene = _then_only(scene, set(m.index), spec.compare)
        return scene

    def figure(self, spec: ViewSpec, **kwargs):
        return figure_for(self.scene(spec), **kwargs)

    # -- numbers -----------------------------------------------------------------
    def summary(self, spec: ViewSpec) -> dict:
        """nodes, links, density, components (+ modularity, cross-region share when analysis is available)."""
        from .summary import graph_summary, view_notes

        g = graph_spec(spec)

        def compute():
            s = graph_summary(self.graph(g))
            s.update(view_notes(self.projection(g), g, s))
            return s
        return self._cached("summary", g, compute)

    def graph_metrics(self, spec: ViewSpec) -> dict:
        """Graph-level measures (density, components, modularity, cross-region share, communities vs regions)."""
        from . import analysis

        return self._cached("graph_metrics", spec, lambda: analysis.graph_metrics(self.graph(spec), seed=spec.seed))

    def suggestions(self, spec: ViewSpec, node_id: str, top: int = 5, alpha: float | None = None) -> pd.DataFrame:
        """Suggested partners of a node of the view (see :func:`graph_explorer.analysis.suggest_partners`).

        A view of one theme suggests actors active in that theme, with shared partners and theme
        profiles from its cooperations; ``alpha`` (default
        :data:`~graph_explorer.analysis.suggest.DEFAULT_ALPHA`) weighs proximity against themes.
        """
        from .analysis.suggest import DEFAULT_ALPHA, suggest_partners

        alpha = DEFAULT_ALPHA if alpha is None else alpha
        theme = spec.themes[0] if len(spec.themes) == 1 else None
        return self._cached("suggestions", spec,
                            lambda: suggest_partners(self.graph(spec), node_id, theme=theme, top=top, alpha=alpha),
                            node_id, top, alpha)

    def holders(self, spec: ViewSpec) -> dict:
        """Articulation points and bridges of the view (see :func:`graph_explorer.analysis.holders.holders`)."""
        from .analysis.holders import holders

        g = graph_spec(spec)  # none depends on the seed
        return self._cached("holders", g, lambda: holders(self.graph(g)))

    def region_table(self, spec: ViewSpec) -> pd.DataFrame:
        """Per-region links within and out, E-I index and partner regions of the view."""
        from .analysis.holders import region_table

        g = graph_spec(spec)  # none depends on the seed
        return self._cached("region_table", g, lambda: region_table(self.graph(g)))

    def region_matrix(self, spec: ViewSpec) -> pd.DataFrame:
        """Region × region sums of the view's link weights."""
        from .analysis.holders import region_matrix

        g = graph_spec(spec)  # none depends on the seed
        return self._cached("region_matrix", g, lambda: region_matrix(self.graph(g)))

    def what_if_removing(self, spec: ViewSpec, kind: str, values) -> dict:
        """What changes without some actors, a country, a region, a programme or a cooperation.

        ``kind`` is one of :data:`graph_explorer.analysis.holders.REMOVAL_KINDS`; the answer is
        :func:`graph_explorer.analysis.what_if`'s, with ``kind`` and ``values`` added.
        """
        from . import analysis
        from .analysis.holders import removal_actors, removal_cooperations

        values = tuple(dict.fromkeys(values))
        G = self.graph(spec)

        def compute():
            if kind in ("programme", "cooperation"):
                coops = removal_cooperations(G, self.dataset.cooperations, kind, values)
                r = analysis.what_if(G, remove_cooperations=coops, seed=spec.seed)
            else:
                r = analysis.what_if(G, remove_actors=removal_actors(G, kind, values), seed=spec.seed)
            return {**r, "kind": kind, "values": list(values)}
        return self._cached("what_if_removing", spec, compute, kind, values)

    def what_if(self, spec: ViewSpec, node_ids) -> dict:
        """What changes when these nodes leave the view (see :func:`graph_explorer.analysis.what_if`)."""
        from . import analysis

        removed = tuple(node_ids)
        return self._cached("what_if", spec, lambda: analysis.what_if(self.graph(spec), remove_actors=removed,
                                                                      seed=spec.seed), removed)

    # -- lookups -----------------------------------------------------------------
    def search(self, text: str, limit: int = 20) -> list[tuple[str, str]]:
        """Actors whose name or id contains ``text`` (case-insensitive), best matches first."""
        t = str(text or "").strip().casefold()
        if not t:
            return []
        a = self.dataset.actors
        names = a["name"].astype(str).str.casefold()
        ids = a["id"].astype(str).str.casefold()
        hit = names.str.contains(t, regex=False) | ids.str.contains(t, regex=False)
        found = a[hit].assign(_starts=~names[hit].str.startswith(t), _len=names[hit].str.len())
        found = found.sort_values(["_starts", "_len", "name"]).head(limit)
        return list(zip(found["id"], found["name"]))

    def find_nodes(self, spec: ViewSpec, text: str | None, current: str | None = None,
                   limit: int = 25) -> list[tuple[str, str]]:
        """(node id, label) of the nodes of the view whose name (or id) contains ``text``, best first.

        At country level a country is found by its name and by the names of its
        organisations ("Riga Technical College → Latvia"). The ``current`` node,
        if given, comes first with its own label. Fewer than 2 characters find nothing.
        """
        t = (text or "").strip().casefold()
        if len(t) < 2 and not current:
            return []
        G = self.graph(spec)
        options: dict[str, str] = {}
        if len(t) >= 2:
            for node, d in G.nodes(data=True):
                label = str(d.get("label", node))
                if t in label.casefold() or t in str(node).casefold():
                    options[node] = label
                if len(options) >= limit:
                    break
            if len(options) < limit:
                hits = self.search(t, limit=limit)
                actors = self.dataset.actors
                country_of = dict(zip(actors["id"], actors["country"])) if spec.level == "country" and hits else {}
                for actor_id, name in hits:
                    node = actor_id
                    if spec.level == "country" and actor_id not in G:
                        country = country_of.get(actor_id)
                        node = country if isinstance(country, str) else actor_id
                        if node in G and node not in options:
                            options[node] = f"{name} → {G.nodes[node].get('label', node)}"
                            continue
                    if node in G and node not in options:
                        options[node] = name
                    if len(options) >= limit:
                        break
        if current:  # the chosen node keeps its own name, first
            options.pop(current, None)
            options = {current: self.node_label(spec, current), **options}
        ranked = sorted(options.items(), key=lambda kv: (not kv[1].casefold().startswith(t), len(kv[1]), kv[1]))
        if current:
            ranked.sort(key=lambda kv: kv[0] != current)
        return ranked

    def cooperation(self, cid: str) -> dict | None:
        """One cooperation with its participants, source links (http(s) only) and conflicts."""
        if cid not in self._coop_index.index:
            return None
        row = self._coop_index.loc[cid]
        parts = self.dataset.participations
        members = parts[parts["cooperation_id"] == cid]
        conflicts = self.dataset.conflicts
        conf = conflicts[conflicts["cooperation_id"] == cid] if len(conflicts) else conflicts
        return {
            "id": cid,
            "title": row["title"],
            "kind": row["kind"],
            "programme": row["programme"] if isinstance(row["programme"], str) else "",
            "themes": list(row["themes"]),
            "themes_derived": list(row["themes_derived"]),
            "topics": list(row["topics"]) if isinstance(row.get("topics"), tuple) else [],
            "start": None if pd.isna(row["start_year"]) else int(row["start_year"]),
            "end": None if pd.isna(row["end_year"]) else int(row["end_year"]),
            "call_year": _int_or_none(row.get("call_year")),
            "years_derived": _text(row.get("years_derived")),
            "themes_note": _text(row.get("themes_note")),
            "description": row["description"] if isinstance(row["description"], str) else "",
            "sources": [{"text": s, "url": safe_url(s)} for s in row["source"]],
            "participants": [
                {"id": a, "name": self.actor_name(a), "role": r}
                for a, r in zip(members["actor_id"], members["role"])
            ],
            "conflicts": [
                {"field": f, "value": v, "source": s, "url": safe_url(s), "note": n if isinstance(n, str) else ""}
                for f, v, s, n in zip(conf["field"], conf["value"], conf["source"], conf["note"])
            ] if len(conf) else [],
        }

    def actor_name(self, actor_id: str) -> str:
        if actor_id in self._actor_index.index:
            return str(self._actor_index.at[actor_id, "name"])
        return str(actor_id)

    def node_label(self, spec: ViewSpec, node_id: str) -> str:
        G = self.graph(spec)
        return str(G.nodes[node_id].get("label", node_id)) if node_id in G else str(node_id)

    def node_details(self, spec: ViewSpec, node_id: str) -> dict | None:
        """A node of the view: attributes, metrics and ranks, cooperations with roles, neighbours."""
        G = self.graph(spec)
        if node_id not in G:
            return None
        m = self.metrics(spec)
        metrics = m.loc[node_id].to_dict() if node_id in m.index else {}
        attrs = dict(G.nodes[node_id])
        actor_ids = self._actors_of_node(spec, node_id)
        parts = self.dataset.participations
        mine = parts[parts["actor_id"].isin(actor_ids) & parts["cooperation_id"].isin(
            set(self.projection(spec).cooperation_ids))]
        coops = []
        for cid, group in mine.groupby("cooperation_id", sort=False):
            c = self.cooperation(cid)
            c["role"] = ", ".join(sorted(set(group["role"])))
            coops.append(c)
        coops.sort(key=lambda c: (-(c["start"] or 0), c["title"]))
        neighbours = sorted(
            ({"id": v, "label": G.nodes[v].get("label", v), "weight": d.get("weight", 1.0),
              "cooperations": list(d.get("cooperations", ()))} for v, d in G[node_id].items()),
            key=lambda r: (-r["weight"], str(r["label"])))
        return {"id": node_id, "attrs": attrs, "metrics": metrics, "cooperations": coops, "neighbours": neighbours,
                "records": self.source_records(node_id) if spec.level != "country" else []}

    def source_records(self, actor_id: str) -> list[dict]:
        """Where an actor comes from: each spelling with its file and rows (merged sources only; else [])."""
        rows = self.dataset.sources_of(actor_id)
        return [{"name": n, "file": f, "rows": r, "rule": rule}
                for n, f, r, rule in zip(rows["name"], rows["file"], rows["rows"], rows["rule"])]

    def _actors_of_node(self, spec: ViewSpec, node_id: str) -> list[str]:
        if spec.level != "country":
            return [node_id]
        a = self.dataset.actors
        return list(a["id"][(a["country"] == node_id) | (a["id"] == node_id)])

    def edge_details(self, spec: ViewSpec, u: str, v: str) -> dict | None:
        """A link: its weight and the cooperations behind it, each with sources and conflicts."""
        if spec.compare is not None:
            return self._compared_edge(spec, u, v)
        G = self.graph(spec)
        if not G.has_edge(u, v):
            return None
        d = G.edges[u, v]
        coop_ids = [c.removeprefix(COOP_PREFIX) for c in d.get("cooperations", ())]
        return {"source": u, "target": v, "source_label": self.node_label(spec, u),
                "target_label": self.node_label(spec, v), "weight": d.get("weight"), "count": d.get("count"),
                "ratio": d.get("ratio"), "cooperations": [self.cooperation(c) for c in coop_ids]}

    def _compared_edge(self, spec: ViewSpec, u: str, v: str) -> dict | None:
        from .compare import period_text

        p = self.link_projection(spec)
        e = p.edges
        hit = e[((e["source"] == u) & (e["target"] == v)) | ((e["source"] == v) & (e["target"] == u))]
        if hit.empty:
            return None
        r = hit.iloc[0]
        labels = p.nodes.set_index("id")["label"]
        ids = dict.fromkeys(list(r["cooperations"]) + list(r["cooperations_then"]))
        return {"source": r["source"], "target": r["target"], "source_label": str(labels.get(r["source"], u)),
                "target_label": str(labels.get(r["target"], v)), "weight": float(r["weight"]),
                "count": int(r["count"]), "ratio": None, "weight_then": float(r["weight_then"]),
                "status": r["status"], "period": period_text(spec.years), "period_then": period_text(spec.compare),
                "cooperations": [self.cooperation(c.removeprefix(COOP_PREFIX)) for c in ids]}

    # -- paths -------------------------------------------------------------------
    def shortest_path(self, spec: ViewSpec, a: str, b: str) -> list[str]:
        """One shortest path (fewest hops) between two nodes of the view, or [] if none."""
        G = self.graph(spec)
        if a not in G or b not in G:
            return []
        try:
            return nx.shortest_path(G, a, b)
        except nx.NetworkXNoPath:
            return []

    def path_hops(self, spec: ViewSpec, route: list[str]) -> list[dict]:
        """Each hop of a route with the cooperations behind it."""
        G = self.graph(spec)
        out = []
        for u, v in zip(route, route[1:]):
            ids = list(G.edges[u, v].get("cooperations", ()))
            out.append({"from": u, "to": v, "from_label": G.nodes[u].get("label", u),
                        "to_label": G.nodes[v].get("label", v),
                        "cooperations": [{"id": c, "title": self._coop_index.at[c, "title"]
                                          if c in self._coop_index.index else c} for c in ids]})
        return out


