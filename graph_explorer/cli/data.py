"""``edges`` and ``summary``: the projected graph as machine-readable output."""

from __future__ import annotations


from ._base import data_option, emit_json, emit_table, format_option, load_data, main, view_options


@main.command()
@data_option
@view_options
@format_option("csv", "json")
def edges(data_path, spec, fmt):
    """One row per link: source, target, weight, cooperations (ids joined with ';')."""
    from ..network import project

    p = project(load_data(data_path, spec), spec)
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
    """Nodes, links, density, components and counts per node kind of the view."""
    from ..network import build_graph
    from ..summary import graph_summary

    s = graph_summary(build_graph(load_data(data_path, spec), spec))
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
