r"""Suggested partners (the gap finder): actors an actor is not linked to, but could be.

The score of a candidate ``v`` for an actor ``u`` combines where ``v`` sits in
the network with what it works on:

.. math::

    \mathrm{score}(u, v) = \alpha \, \frac{S(u, v)}{\max_w S(u, w)} + (1 - \alpha)\, \cos(t_u, t_v)

- :math:`S` is the resource-allocation index (Zhou, Lü and Zhang, 2009),
  :math:`\sum_{z \in N(u) \cap N(v)} 1/\deg(z)`: shared partners count, and a
  shared partner with few links counts more than a hub. Divided by the best
  candidate's, so the top structural candidate has 1. Adamic–Adar
  (:math:`1/\log \deg z`) is available as ``structural="adamic_adar"``.
- :math:`t_u` is the theme profile of ``u``: over its links, each link's themes
  counted as many times as it has cooperations (:func:`theme_profiles`).
  :math:`\cos` is the cosine similarity of two profiles (0 to 1).
- :math:`\alpha` = :data:`DEFAULT_ALPHA`. Candidates are every actor not yet
  linked to ``u``; with ``theme=`` only those active in that theme.

:func:`evaluate_link_recovery` measures how well the score finds links that
were hidden from it; ``docs/analysis.md`` gives the numbers on the bundled data.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("a", "b", themes=("green",), count=1)
>>> G.add_edge("b", "c", themes=("green",), count=1)
>>> G.add_edge("c", "d", themes=("green", "digital"), count=1)
>>> s = suggest_partners(G, "a", top=2)
>>> list(s["id"])
['c', 'd']
>>> list(s["reason"])
['1 shared partner (b); both work on green', 'no shared partner; both work on green']
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..vocab import THEMES
from .cache import cached

__all__ = ["DEFAULT_ALPHA", "STRUCTURAL_SCORES", "theme_profiles", "suggest_partners", "evaluate_link_recovery",
           "evaluate_new_links"]

#: Weight of the structural part of the score (the rest is thematic similarity).
DEFAULT_ALPHA = 0.7

#: Structural proximity indices: name → weight of a shared partner of degree k.
STRUCTURAL_SCORES = {
    "resource_allocation": lambda k: 1.0 / k,
    "adamic_adar": lambda k: 1.0 / np.log(k),
}


def theme_profiles(G: nx.Graph) -> pd.DataFrame:
    """Theme activity of each node: over its links, each link's themes counted ``count`` times.

    Returns
    -------
    DataFrame
        One row per node (in ``G``'s order), one column per theme (sorted).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", themes=("green", "wbl"), count=2)
    >>> G.add_edge("a", "c", themes=("green",), count=1)
    >>> theme_profiles(G).loc["a"].to_dict()
    {'green': 3.0, 'wbl': 2.0}
    """
    nodes = list(G)
    m = _model(nodes, G.edges(data=True))
    return pd.DataFrame(m.profile_counts.toarray(), index=nodes, columns=list(m.themes))


@dataclass(frozen=True)
class _Model:
    nodes: list
    index: dict
    A: sp.csr_array  # binary adjacency
    deg: np.ndarray
    themes: tuple
    profile_counts: sp.csr_array  # nodes × themes
    profile_unit: sp.csr_array  # rows of unit length (zero rows stay zero)


def _model(nodes, edges) -> _Model:
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, theme_rows, theme_cols, theme_vals = [], [], [], [], []
    theme_ix: dict = {}
    for u, v, d in edges:
        if u == v:
            continue
        i, j = index[u], index[v]
        rows += [i, j]
        cols += [j, i]
        c = d.get("count") or 1
        for t in d.get("themes") or ():
            k = theme_ix.setdefault(t, len(theme_ix))
            theme_rows += [i, j]
            theme_cols += [k, k]
            theme_vals += [float(c), float(c)]
    n = len(nodes)
    A = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    order = sorted(theme_ix)
    remap = np.array([order.index(t) for t in sorted(theme_ix, key=theme_ix.get)], dtype=int)
    tc = remap[np.asarray(theme_cols, dtype=int)] if theme_cols else np.array([], dtype=int)
    P = sp.csr_array((np.asarray(theme_vals, dtype=float), (theme_rows, tc)), shape=(n, len(order)))
    P.sum_duplicates()
    norms = np.sqrt(np.asarray(P.multiply(P).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = sp.csr_array(sp.diags_array(inv) @ P)
    deg = np.asarray(A.sum(axis=1)).ravel()
    return _Model(list(nodes), index, A, deg, tuple(order), P, unit)


def _structural_rows(m: _Model, rows: np.ndarray, kind: str) -> np.ndarray:
    f = STRUCTURAL_SCORES[kind]
    with np.errstate(divide="ignore"):
        z = np.where(m.deg >= 2, f(np.maximum(m.deg, 2)), 0.0)
    S = m.A[rows] @ sp.diags_array(z) @ m.A
    return np.asarray(S.toarray(), dtype=float)


def _thematic_rows(m: _Model, rows: np.ndarray) -> np.ndarray:
    return np.asarray((m.profile_unit[rows] @ m.profile_unit.T).toarray(), dtype=float)


def _candidates(m: _Model, rows: np.ndarray) -> np.ndarray:
    mask = np.asarray(m.A[rows].toarray() == 0)
    mask[np.arange(len(rows)), rows] = False
    return mask


def _combine(struct: np.ndarray, theme: np.ndarray, cand: np.ndarray, alpha: float) -> np.ndarray:
    s = np.where(cand, struct, 0.0)
    top = s.max(axis=1, keepdims=True)
    s = np.divide(s, top, out=np.zeros_like(s), where=top > 0)
    return alpha * s + (1.0 - alpha) * theme


def suggest_partners(G: nx.Graph, actor, *, theme: str | None = None, top: int = 10,
                     alpha: float = DEFAULT_ALPHA, structural: str = "resource_allocation",
                     same_kind: bool = True) -> pd.DataFrame:
    """The best-scored actors that ``actor`` has no link with, each with the reason.

    Parameters
    ----------
    G : networkx.Graph
        Edges with ``themes`` and ``count`` (as built by ``build_graph``).
    actor : node id
        Use :func:`graph_explorer.analysis.resolve.resolve_actor` for names.
    theme : str, optional
        Only candidates active in this theme.
    top : int
        How many suggestions.
    alpha : float
        Weight of structural proximity (0 = themes only, 1 = network only).
    structural : {"resource_allocation", "adamic_adar"}
    same_kind : bool
        Only candidates of the actor's own ``kind`` (organisations for an
        organisation, countries for a country); nodes without a kind are not
        restricted.

    Returns
    -------
    DataFrame
        rank, id, label, kind, country, region, score, structural (0–1),
        thematic (0–1), shared_partners (count), shared_themes (';'-joined),
        reason. Candidates with score 0 are not suggested.
    """
    if actor not in G:
        raise nx.NodeNotFound(f"{actor!r} is not a node of this graph.")
    if structural not in STRUCTURAL_SCORES:
        raise ValueError(f"structural: {structural!r} is not one of {', '.join(STRUCTURAL_SCORES)}.")
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha: {alpha!r} must be between 0 and 1.")
    m = cached(G, "suggest-model", {}, lambda: _model(list(G), G.edges(data=True)))
    i = m.index[actor]
    rows = np.array([i])
    cand = _candidates(m, rows)
    struct_raw = _structural_rows(m, rows, structural)
    them = _thematic_rows(m, rows)
    s = np.where(cand, struct_raw, 0.0)
    smax = s.max()
    s_norm = (s / smax if smax > 0 else s)[0]
    score = (alpha * s_norm + (1 - alpha) * them[0])
    ok = cand[0] & (score > 0)
    if theme is not None:
        if theme not in m.themes:
            ok[:] = False
        else:
            active = m.profile_counts[:, [m.themes.index(theme)]].toarray().ravel() > 0
            ok &= active
    kind = G.nodes[actor].get("kind")
    if same_kind and isinstance(kind, str):
        ok &= np.fromiter((G.nodes[v].get("kind") in (kind, None) for v in m.nodes), bool, len(m.nodes))
    idx = np.flatnonzero(ok)
    order = idx[np.lexsort(([str(m.nodes[j]) for j in idx], -score[idx]))][:top]
    mine = m.profile_counts[[i]].toarray().ravel()
    mine_share = mine / mine.sum() if mine.sum() else mine
    neigh_i = set(G[actor])
    strength = dict(G.degree(weight="weight"))
    rows_out = []
    for r, j in enumerate(order, start=1):
        v = m.nodes[j]
        # shared partners of the actor's own kind first (a Latvian school's shared partners are schools
        # before they are Latvia)
        shared = sorted(neigh_i.intersection(G[v]),
                        key=lambda z: (G.nodes[z].get("kind") != kind, -strength[z], str(z)))
        theirs = m.profile_counts[[j]].toarray().ravel()
        theirs_share = theirs / theirs.sum() if theirs.sum() else theirs
        both = np.flatnonzero((mine > 0) & (theirs > 0))
        both = both[np.argsort(-(mine_share[both] * theirs_share[both]), kind="stable")]
        shared_themes = [m.themes[t] for t in both]
        d = G.nodes[v]
        rows_out.append({
            "rank": r, "id": v, "label": d.get("label", v), "kind": d.get("kind"), "country": d.get("country"),
            "region": d.get("region"), "score": round(float(score[j]), 4),
            "structural": round(float(s_norm[j]), 4), "thematic": round(float(them[0, j]), 4),
            "shared_partners": len(shared), "shared_themes": ";".join(shared_themes),
            "reason": _reason(G, shared, shared_themes),
        })
    return pd.DataFrame(rows_out, columns=["rank", "id", "label", "kind", "country", "region", "score",
                                           "structural", "thematic", "shared_partners", "shared_themes",
                                           "reason"])


def _reason(G, shared, themes) -> str:
    if shared:
        names = ", ".join(str(G.nodes[z].get("label") or z) for z in shared[:3])
        more = f" and {len(shared) - 3} more" if len(shared) > 3 else ""
        first = f"{len(shared)} shared partner{'s' if len(shared) != 1 else ''} ({names}{more})"
    else:
        first = "no shared partner"
    second = f"both work on {', '.join(THEMES.label(t).lower() for t in themes[:3])}" if themes \
        else "no theme in common"
    return f"{first}; {second}"


# -- validation ---------------------------------------------------------------------


def evaluate_link_recovery(G: nx.Graph, *, hide: float = 0.1, seed: int = 0, k: int = 10,
                           alpha: float = DEFAULT_ALPHA, alphas=(), max_sources: int = 2000,
                           batch: int = 256) -> dict:
    """Hide a share of the links, score the rest, and measure how well the hidden ones come back.

    The hidden links (``hide`` of all, drawn with ``seed``) are removed; theme
    profiles and structural scores are computed on what remains. Each actor
    at the end of a hidden link (at most ``max_sources`` of them, sampled
    with ``seed``) ranks every actor it is not linked to in the remaining
    graph; its hidden partners are the positives.

    - AUC: the probability that a hidden partner of an actor scores higher
      than one of its non-partners (ties count half), pooled over actors.
    - precision@k: the share of an actor's top ``k`` candidates that are
      hidden partners, averaged over actors (ties in score broken at random).

    Scorers: ``combined`` (the suggestion score with ``alpha``),
    ``structural`` (resource allocation alone), ``adamic_adar``,
    ``thematic`` (theme cosine alone) and ``random`` (uniform random scores,
    seeded); ``random_expected_precision`` is the precision a random ranking
    has on average, ``best_possible_precision`` the precision of a perfect
    one (an actor with 3 hidden partners reaches 3/k at most). ``alphas``
    adds ``combined_<alpha>`` rows.

    Returns
    -------
    dict
        nodes, links, hidden, sources, k, seed, hide, alpha and ``scores``:
        ``{scorer: {"auc": ..., "precision_at_k": ...}}``.

    Examples
    --------
    >>> G = nx.relaxed_caveman_graph(6, 6, 0.1, seed=1)
    >>> r = evaluate_link_recovery(G, seed=1)
    >>> r["scores"]["structural"]["auc"] > r["scores"]["random"]["auc"]
    True
    """
    rng = np.random.default_rng(seed)
    nodes = list(G)
    edges = [(u, v, d) for u, v, d in G.edges(data=True) if u != v]
    m_all = len(edges)
    n_hide = int(round(hide * m_all))
    if n_hide < 1:
        raise ValueError(f"hiding {hide:.0%} of {m_all} links hides none; use a bigger graph or share.")
    hidden_ix = set(rng.choice(m_all, size=n_hide, replace=False).tolist())
    model = _model(nodes, [e for i, e in enumerate(edges) if i not in hidden_ix])
    hidden = [(edges[i][0], edges[i][1]) for i in sorted(hidden_ix)]
    out = _rank_quality(model, hidden, rng, k=k, alpha=alpha, alphas=alphas, max_sources=max_sources, batch=batch)
    return {"nodes": len(nodes), "links": m_all, "hidden": n_hide, **out, "k": k, "seed": seed, "hide": hide,
            "alpha": alpha}


def evaluate_new_links(before: nx.Graph, after: nx.Graph, *, seed: int = 0, k: int = 10,
                       alpha: float = DEFAULT_ALPHA, alphas=(), max_sources: int = 2000,
                       batch: int = 256) -> dict:
    """Score on ``before`` and measure how well it finds the links that ``after`` adds.

    The positives are the pairs linked in ``after`` but not in ``before``,
    both of whose actors are in ``before`` (new partnerships between actors
    already active). A forecast, unlike :func:`evaluate_link_recovery`: the
    new links come from new cooperations, not from the same cliques.
    Measures and scorers are those of :func:`evaluate_link_recovery`.

    Returns
    -------
    dict
        nodes, links (of ``before``), new_links, sources, k, seed, alpha, scores.

    Examples
    --------
    >>> before = nx.Graph([(1, 2), (2, 3), (3, 4), (4, 1)])
    >>> after = nx.Graph([(1, 2), (2, 3), (3, 4), (4, 1), (1, 3)])
    >>> evaluate_new_links(before, after)["new_links"]
    1
    """
    rng = np.random.default_rng(seed)
    nodes = list(before)
    new = [(u, v) for u, v in after.edges() if u != v and u in before and v in before and not before.has_edge(u, v)]
    if not new:
        raise ValueError("the later graph adds no link between actors of the earlier one.")
    model = _model(nodes, before.edges(data=True))
    out = _rank_quality(model, new, rng, k=k, alpha=alpha, alphas=alphas, max_sources=max_sources, batch=batch)
    return {"nodes": len(nodes), "links": before.number_of_edges(), "new_links": len(new), **out, "k": k,
            "seed": seed, "alpha": alpha}


def _rank_quality(model: _Model, positive_pairs, rng, *, k, alpha, alphas, max_sources, batch) -> dict:
    """AUC and precision@k of each scorer for the ``positive_pairs``, seen from both ends."""
    positives: dict[int, set] = {}
    for u, v in positive_pairs:
        a, b = model.index[u], model.index[v]
        positives.setdefault(a, set()).add(b)
        positives.setdefault(b, set()).add(a)
    sources = np.array(sorted(positives), dtype=int)
    if len(sources) > max_sources:
        sources = np.sort(rng.choice(sources, size=max_sources, replace=False))

    scorers = {"combined": alpha, "structural": 1.0, "adamic_adar": "aa", "thematic": 0.0, "random": None}
    for a in alphas:
        scorers[f"combined_{a:g}"] = float(a)
    u_sum = dict.fromkeys(scorers, 0.0)
    prec_sum = dict.fromkeys(scorers, 0.0)
    pairs = 0.0
    expected = 0.0
    best = 0.0
    n = len(model.nodes)
    for start in range(0, len(sources), batch):
        rows = sources[start:start + batch]
        cand = _candidates(model, rows)
        pos = np.zeros_like(cand)
        for r, s in enumerate(rows):
            pos[r, list(positives[s])] = True
        pos &= cand
        n_pos = pos.sum(axis=1)
        n_cand = cand.sum(axis=1)
        n_neg = n_cand - n_pos
        pairs += float((n_pos * n_neg).sum())
        # a random ranking's expected precision@k: n_pos / n_cand of each of its min(k, n_cand) picks
        expected += float(np.divide(n_pos * np.minimum(n_cand, k), k * n_cand, out=np.zeros(len(rows)),
                                    where=n_cand > 0).sum())
        best += float((np.minimum(n_pos, k) / k).sum())  # an actor with 3 positives reaches 3/k at most
        ra = _structural_rows(model, rows, "resource_allocation")
        aa = None
        them = _thematic_rows(model, rows)
        tiebreak = rng.random(cand.shape)
        for name, a in scorers.items():
            if a is None:
                score = rng.random(cand.shape)
            elif a == "aa":
                aa = _structural_rows(model, rows, "adamic_adar") if aa is None else aa
                score = _combine(aa, them, cand, 1.0)
            else:
                score = _combine(ra, them, cand, a)
            score = np.where(cand, score, -np.inf)
            from scipy.stats import rankdata  # here: scipy.stats takes ~0.8 s to import, and a server start needs none

            ranks = rankdata(score, axis=1)  # average ranks; non-candidates (-inf) rank lowest
            n_non = n - n_cand
            u_stat = (np.where(pos, ranks, 0.0).sum(axis=1) - n_pos * n_non - n_pos * (n_pos + 1) / 2.0)
            u_sum[name] += float(u_stat.sum())
            order = np.lexsort((tiebreak, -score), axis=-1)[:, :k]
            hits = np.take_along_axis(pos, order, axis=1).sum(axis=1)
            prec_sum[name] += float((hits / k).sum())
    n_src = max(len(sources), 1)
    return {
        "sources": int(len(sources)),
        "scores": {name: {"auc": round(u_sum[name] / pairs, 4) if pairs else float("nan"),
                          "precision_at_k": round(prec_sum[name] / n_src, 4)} for name in scorers},
        "random_expected_precision": round(expected / n_src, 4),
        "best_possible_precision": round(best / n_src, 4),
    }
