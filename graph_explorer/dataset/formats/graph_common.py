"""What the graph formats (GEXF, GraphML, Gephi CSV, Kumu, this project's exports) share: the convert step.

Each of them reads a ``nodes`` and an ``edges`` table (see
:mod:`graph_explorer.dataset.graphs` for how they map onto actors,
cooperations and participations); ``convert`` turns them into the data model.
"""

from __future__ import annotations

from ..graphs import DEFAULT_KEYS, GraphKeys, graph_to_tables
from ..report import Problem

__all__ = ["graph_convert"]


def graph_convert(keys: GraphKeys = DEFAULT_KEYS, *, what: str = "link", default_kind: str = "partnership"):
    """A format's ``convert``: ``nodes`` + ``edges`` → actors, cooperations, participations (+ any other table)."""

    def convert(tables, countries, source_name) -> tuple[dict, list[Problem]]:
        if countries is None or tables.get("edges") is None:
            return {}, []
        out, problems = graph_to_tables(tables.get("nodes"), tables["edges"], countries, keys, what=what,
                                        default_kind=default_kind)
        for name, raw in tables.items():  # attributions, countries, ... read by the format itself
            if name not in ("nodes", "edges") and raw is not None:
                out[name] = raw
        return out, problems

    return convert
