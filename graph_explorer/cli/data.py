"""``edges`` and ``summary``: the projected graph as machine-readable output."""

from __future__ import annotations


from ._base import data_option, emit_json, emit_table, format_option, load_explorer, main, view_options


@main.command()
@data_option
@view_options
@format_option("csv", "json")
def edges(data_path, spec, fmt):
    """One row per link: source, target, weight, cooperations (ids joined with ';')."""
    p = load_explorer(data_path, spec).projection(spec)
    out = p.edges[["source", "target", "weight", "count", "newman"]].copy()
    out["cooperations"] = [";".join(c) for c in p.edges["cooperations"]]
    out["kinds"] = [";".join(k) for k in p.edges["kinds"]]
    out["themes"] = [";".join(t) for t in p.edges["themes"]]
    out["start"], out["end"] = p.edges["start"], p.edges["end"]
    emit_table(out, fmt)


@main.command()
@data_option
@view_options
@format_option("csv", "json")
def summary(data_path, spec, fmt):
    """Nodes, links, density, components and counts per node kind of the view.

    With --backbone: what the backbone keeps; with --compare: links new, lost, stronger and weaker
    and the largest betweenness rank changes between the two periods.
    """
    explorer = load_explorer(data_path, spec)
    s = dict(explorer.summary(spec.replace(compare=None)))
    if s.get("backbone") is None:
        s.pop("backbone", None)
    if spec.compare:
        from ..compare import comparison, period_text, rank_lines

        c = comparison(explorer, spec)
        s["compare"] = {"period": period_text(c.now), "with": period_text(c.then), **c.counts,
                        "rank_changes": "; ".join(rank_lines(c))}
    if fmt == "json":
        emit_json(s)
    else:
        import pandas as pd

        emit_table(pd.DataFrame([{"measure": k, "value": v} for k, v in _flat(s)]), "csv")


def _flat(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from _flat(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


__all__ = ["edges", "summary"]
