"""``metrics``, ``path``, ``suggest`` and ``whatif``: the analysis layer on the command line.

Actors are named by id or by an unambiguous part of their name; an unknown
or ambiguous name exits with status 2 and the candidates.
"""

from __future__ import annotations

import click

from ._base import data_option, emit_json, emit_table, fail, format_option, load_explorer, main, view_options

__all__ = ["metrics", "path", "suggest", "whatif"]

_DECIMALS = 6


def _user_errors(f):
    """Exit 2 with the message on a user error (unknown actor, bad option value)."""
    import functools

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from ..errors import GraphExplorerError

        try:
            return f(*args, **kwargs)
        except GraphExplorerError as exc:
            fail(str(exc), 2)

    return wrapper


def _rounded(df):
    out = df.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].round(_DECIMALS)
    return out


def _year_span(dataset) -> tuple[int, int]:
    """The first and last year of the data's cooperations (the years a view without a year filter covers)."""
    import pandas as pd

    c = dataset.cooperations
    years = pd.concat([pd.to_numeric(c["start_year"], errors="coerce"), pd.to_numeric(c["end_year"], errors="coerce")])
    years = years.dropna()
    return (int(years.min()), int(years.max())) if len(years) else (1900, 2100)


_seed_option = click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=None,
                            help="Seed of community detection (and of sampling).  [default: the view's seed, 42]")


@main.command()
@data_option
@view_options
@format_option("csv", "json")
@click.option("--graph-level", is_flag=True, help="Print the graph-level measures instead of one row per node.")
@click.option("--describe", is_flag=True, help="Print what each metric column means, then exit.")
@click.option("--by", "by", type=click.Choice(["node", "region", "region-matrix"]), default="node", show_default=True,
              help="One row per node; per region (actors, links within and out, E-I index, main partner "
                   "regions); or the region x region matrix of link weights.")
@click.option("--method", type=click.Choice(["leiden", "louvain"]), default="leiden", show_default=True,
              help="Community detection method.")
@click.option("--engine", type=click.Choice(["auto", "networkx", "igraph"]), default="auto", show_default=True,
              help="Engine for betweenness, closeness and clustering (they agree; igraph is faster).")
@_seed_option
@_user_errors
def metrics(data_path, spec, fmt, graph_level, describe, by, method, engine, seed):
    """One row per node: id, label, kind, country, region, every metric with its rank, community.

    Ranks: 1 = highest, ties share the smallest rank. `betweenness` counts
    hops; `betweenness_weighted` uses distance = 1/weight. See --describe.
    --by region: how regional each region's cooperation is (E-I index:
    -1 all links inside the region, +1 all links to other regions).
    """
    from ..analysis import describe_metrics, graph_metrics, node_metrics

    if describe:
        emit_table(describe_metrics(), fmt)
        return
    explorer = load_explorer(data_path, spec)
    if by == "region":
        emit_table(_rounded(explorer.region_table(spec)), fmt)
        return
    if by == "region-matrix":
        emit_table(_rounded(explorer.region_matrix(spec).reset_index()), fmt)
        return
    spec = spec if seed is None else spec.replace(seed=seed)
    # the app's numbers (its metrics policy: masked on large levels) unless another method is asked for
    own = method == "leiden" and engine == "auto"
    if graph_level:
        g = explorer.graph_metrics(spec) if own else graph_metrics(explorer.graph(spec), engine=engine,
                                                                     method=method, seed=spec.seed)
        if fmt == "json":
            emit_json(g)
        else:
            import pandas as pd

            emit_table(pd.DataFrame([{"measure": k, "value": v} for k, v in g.items()]), "csv")
        return
    if own:
        table = explorer.metrics(spec).reset_index()
    else:
        table = node_metrics(explorer.graph(spec), engine=engine, method=method, seed=spec.seed)
    emit_table(_rounded(table), fmt)


@main.command()
@data_option
@view_options
@format_option("csv", "json")
@click.argument("source")
@click.argument("target")
@click.option("--cap", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="List at most this many shortest paths.")
@click.option("--weighted", is_flag=True, help="Shortest by distance = 1/weight instead of by hops.")
@_user_errors
def path(data_path, spec, fmt, source, target, cap, weighted):
    """Shortest paths between two actors, one row per hop, with the cooperations behind it.

    SOURCE and TARGET are ids or unambiguous parts of names.
    """
    from ..analysis import path_table, resolve_actor, shortest_paths

    G = load_explorer(data_path, spec).graph(spec)
    result = shortest_paths(G, resolve_actor(G, source), resolve_actor(G, target), cap=cap, weighted=weighted)
    if fmt == "json":
        emit_json(result)
        return
    if not result["connected"]:
        click.echo(f"{result['source']} and {result['target']} are not connected in this view.", err=True)
    emit_table(path_table(result), "csv")


@main.command()
@data_option
@view_options
@format_option("csv", "json")
@click.argument("actor", required=False)
@click.option("--top", type=click.IntRange(1, 500), default=10, show_default=True, help="How many suggestions.")
@click.option("--alpha", type=click.FloatRange(0, 1), default=None,
              help="Weight of network proximity against theme similarity.  [default: 0.7]")
@click.option("--evaluate", is_flag=True,
              help="Instead of suggesting: hide a share of the links (seeded) and report how well the score "
                   "recovers them (AUC, precision@k) against structural, thematic and random scores.")
@click.option("--hide", type=click.FloatRange(0.01, 0.9), default=0.1, show_default=True,
              help="With --evaluate: share of links hidden.")
@click.option("--until", "until", type=int, default=None, metavar="YEAR",
              help="With --evaluate: instead of hiding links, score on the cooperations called (or started) by YEAR "
                   "and find the links that later cooperations add between the same actors (undated "
                   "cooperations are left out of both).")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="With --evaluate: k of precision@k.")
@_seed_option
@_user_errors
def suggest(data_path, spec, fmt, actor, top, alpha, evaluate, hide, until, k, seed):
    """Actors that ACTOR is not linked to but could be, best first, each with its reason.

    The score combines shared partners (resource allocation, normalised) and
    similar themes (cosine of theme profiles); see docs/analysis.md.

    With --theme T (as in every command, the view keeps T's cooperations),
    shared partners and theme profiles come from T's cooperations and every
    suggestion is active in T.
    """
    from ..analysis.suggest import DEFAULT_ALPHA, evaluate_link_recovery, evaluate_new_links

    explorer = load_explorer(data_path, spec)
    if evaluate:
        alpha = DEFAULT_ALPHA if alpha is None else alpha
        options = {"seed": 0 if seed is None else seed, "k": k, "alpha": alpha, "alphas": (0.3, 0.5, 0.9)}
        if until is None:
            r = evaluate_link_recovery(explorer.graph(spec), hide=hide, **options)
        else:
            first, last = spec.years or _year_span(explorer.dataset)
            if until < first or until >= last:
                raise click.UsageError(f"--until {until} must fall inside the view's years {first}-{last}.")
            # a partnership is dated by when it was formed: its call (start) year, not the years it ran
            dated = spec.replace(year_basis="called")
            r = evaluate_new_links(explorer.graph(dated.replace(years=(first, until))),
                                   explorer.graph(dated.replace(years=(first, last))), **options)
            r["until"] = until
        if fmt == "json":
            emit_json(r)
        else:
            import pandas as pd

            rows = [{"scorer": name, "auc": s["auc"], f"precision_at_{k}": s["precision_at_k"]}
                    for name, s in r["scores"].items()]
            rows.append({"scorer": "random_expected", "auc": 0.5,
                         f"precision_at_{k}": r["random_expected_precision"]})
            rows.append({"scorer": "best_possible", "auc": 1.0, f"precision_at_{k}": r["best_possible_precision"]})
            emit_table(pd.DataFrame(rows), "csv")
        return
    if not actor:
        raise click.UsageError("give an ACTOR (id or part of a name), or --evaluate.")
    from ..analysis import resolve_actor

    node = resolve_actor(explorer.graph(spec), actor)
    emit_table(explorer.suggestions(spec, node, top=top, alpha=alpha), fmt)


@main.command()
@data_option
@view_options
@format_option("json", "csv", default="json")
@click.option("--remove", "remove_actors", multiple=True, metavar="ACTOR",
              help="An actor to remove: id or unambiguous part of a name (repeatable).")
@click.option("--remove-cooperation", "remove_cooperations", multiple=True, metavar="ID",
              help="A cooperation whose links to take away (repeatable).")
@_seed_option
@_user_errors
def whatif(data_path, spec, fmt, remove_actors, remove_cooperations, seed):
    """What changes when actors leave or a cooperation is taken away.

    Reports components, largest-component share and global efficiency before
    and after, and the actors cut off from the largest component.
    """
    from ..analysis import resolve_actors, what_if

    if not remove_actors and not remove_cooperations:
        raise click.UsageError("give at least one --remove ACTOR or --remove-cooperation ID.")
    G = load_explorer(data_path, spec).graph(spec)
    actors = resolve_actors(G, remove_actors)
    r = what_if(G, remove_actors=actors, remove_cooperations=remove_cooperations,
                seed=spec.seed if seed is None else seed)
    label = lambda n: G.nodes[n].get("label") or n  # noqa: E731
    r["removed_actors"] = [{"id": a, "label": label(a)} for a in r["removed_actors"]]
    r["disconnected"] = [{"id": a, "label": label(a), "country": G.nodes[a].get("country")}
                         for a in r["disconnected"]]
    if fmt == "json":
        emit_json(r)
        return
    import pandas as pd

    rows = [{"measure": k, "before": r["before"][k], "after": r["after"][k], "change": r["change"].get(k, "")}
            for k in r["before"]]
    rows.append({"measure": "links_removed", "before": "", "after": "", "change": r["links_removed"]})
    rows.append({"measure": "links_weakened", "before": "", "after": "", "change": r["links_weakened"]})
    rows.append({"measure": "disconnected_actors", "before": "",
                 "after": ";".join(str(d["id"]) for d in r["disconnected"]), "change": len(r["disconnected"])})
    emit_table(pd.DataFrame(rows), "csv")
