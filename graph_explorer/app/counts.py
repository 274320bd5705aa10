"""Filter counts that follow the other filters.

Each filter value shows how many cooperations (themes, kinds, programmes) or
actors (regions, countries, actor kinds) it would keep given every *other*
filter of the view: with "Green" ticked, "Project (31)" says that 31 green
cooperations are projects, not that the data holds 85 projects. A value's own
filter is left out of its count, so ticking a second theme does not make the
first one's count drop to what both keep.
"""

from __future__ import annotations

import re

import pandas as pd

from ..network import kept_cooperations, project
from ..view import ViewSpec
from . import ids

__all__ = ["counted_options", "COUNTED"]

#: Control id → (ViewSpec field, what is counted, column of the cooperations or of the nodes).
COUNTED = {
    ids.THEMES: ("themes", "cooperations", "themes"),
    ids.KINDS: ("kinds", "cooperations", "kind"),
    ids.PROGRAMMES: ("programmes", "cooperations", "programme"),
    ids.REGIONS: ("regions", "actors", "region"),
    ids.COUNTRIES: ("countries", "actors", "country"),
    ids.ACTOR_KINDS: ("actor_kinds", "actors", "kind"),
}

_COUNT = re.compile(r"\s*\(\d[\d,]*\)$")


def _relabel(options: list[dict], counts: pd.Series) -> list[dict]:
    return [{**o, "label": f"{_COUNT.sub('', str(o['label']))} ({int(counts.get(o['value'], 0)):,})"}
            for o in options]


def counted_options(dataset, spec: ViewSpec, choices, projection=None) -> dict[str, list[dict]]:
    """The options of each counted control (by id) with counts under the view's other filters.

    ``projection``: how a view's projection is had (the app passes its explorer's, which keeps them: a
    filter click then counts the actors of views already projected); :func:`~graph_explorer.network.project`
    if None.

    >>> from graph_explorer.testing import tiny_dataset
    >>> from graph_explorer.app import _metric_names
    >>> from graph_explorer.app.state import choices_for
    >>> d = tiny_dataset()
    >>> c = choices_for(d, _metric_names())
    >>> all_ = counted_options(d, ViewSpec(), c)[ids.THEMES]
    >>> [o["label"] for o in all_] == [o["label"] for o in c.themes]
    True
    """
    coops = dataset.cooperations
    out: dict[str, list[dict]] = {}
    for cid, (name, what, column) in COUNTED.items():
        other = spec.replace(**{name: ()}, partners=False) if what == "actors" else spec.replace(**{name: ()})
        current = getattr(choices, name)
        if what == "cooperations":
            kept = coops[kept_cooperations(dataset, other)]
            values = kept[column].explode() if column == "themes" else kept[column]
            counts = values.dropna().value_counts()
        else:
            nodes = (projection or (lambda v: project(dataset, v)))(other).nodes
            counts = nodes[column].dropna().value_counts()
        out[cid] = _relabel(current, counts)
    return out
