"""Naming actors: by id or by an unambiguous part of their name.

The CLI and the app accept ``LV``, ``Kold College`` or ``kold``; this module
turns such a name into a node id of the graph shown, or raises
:class:`~graph_explorer.errors.ActorNotFound` with the candidates.

Matching is case-insensitive and ignores accents and repeated spaces, in this
order, the first rule that matches wins:

1. the id itself (exactly, then case-insensitively);
2. the whole name;
3. a part of the name or id, when only one actor has it.

Two actors matching by the same rule make the name ambiguous.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("o1", label="Kold College")
>>> G.add_node("o2", label="Koldinghus Skole")
>>> G.add_node("o3", label="Aarhus Tech")
>>> resolve_actor(G, "o3"), resolve_actor(G, "kold college"), resolve_actor(G, "aarhus")
('o3', 'o1', 'o3')
>>> resolve_actor(G, "kold")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph_explorer.errors.ActorNotFound: 'kold' matches 2 actors: o1 (Kold College), o2 (Koldinghus Skole). ...
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import networkx as nx

from ..errors import ActorNotFound, GraphExplorerError

__all__ = ["fold_name", "find_actors", "resolve_actor", "resolve_actors", "resolve_cooperation"]

_MAX_LISTED = 10


def fold_name(text) -> str:
    """Lower-case, without accents, with runs of white space as one space.

    >>> fold_name("  École   Supérieure ")
    'ecole superieure'
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().casefold()


def _actors(G) -> list[tuple[object, str]]:
    if isinstance(G, nx.Graph):
        return [(n, str(d.get("label") or n)) for n, d in G.nodes(data=True) if d.get("kind") != "cooperation"]
    return [(n, str(label if label is not None else n)) for n, label in dict(G).items()]


def find_actors(G, query: str, limit: int | None = _MAX_LISTED) -> list[tuple[object, str]]:
    """The actors whose id or name matches ``query`` by the first rule that matches any.

    Parameters
    ----------
    G : networkx.Graph or mapping
        A graph (nodes with ``label``; cooperation nodes are skipped) or
        ``{id: name}``.
    query : str
    limit : int or None
        At most this many, sorted by name.

    Returns
    -------
    list of (id, name)
    """
    actors = _actors(G)
    q = fold_name(query)
    if not q:
        return []
    rules = [
        lambda n, lab: str(n) == str(query).strip(),
        lambda n, lab: fold_name(n) == q,
        lambda n, lab: fold_name(lab) == q,
        lambda n, lab: q in fold_name(lab) or q in fold_name(n),
    ]
    for rule in rules:
        hits = [(n, lab) for n, lab in actors if rule(n, lab)]
        if hits:
            hits.sort(key=lambda x: (fold_name(x[1]), str(x[0])))
            return hits if limit is None else hits[:limit]
    return []


def _listing(hits, total) -> str:
    shown = ", ".join(f"{n} ({lab})" if str(n) != lab else str(n) for n, lab in hits[:_MAX_LISTED])
    more = f" and {total - _MAX_LISTED} more" if total > _MAX_LISTED else ""
    return shown + more


def resolve_actor(G, query: str):
    """The node id named by ``query`` (see the module docstring for the rules).

    Raises
    ------
    ActorNotFound
        No actor matches (the message lists close names), or several do (the
        message lists them).
    """
    hits = find_actors(G, query, limit=None)
    if len(hits) == 1:
        return hits[0][0]
    if hits:
        raise ActorNotFound(f"{query!r} matches {len(hits)} actors: {_listing(hits, len(hits))}. "
                            "Name one by id or by more of its name.")
    actors = _actors(G)
    names = {fold_name(lab): (n, lab) for n, lab in actors}
    close = difflib.get_close_matches(fold_name(query), list(names), n=5, cutoff=0.6)
    hint = f" Close names: {_listing([names[c] for c in close], len(close))}." if close else ""
    raise ActorNotFound(f"no actor in this view matches {query!r}.{hint} "
                        "Check the spelling, or widen the view's filters.")


def resolve_actors(G, queries) -> list:
    """:func:`resolve_actor` for each name; duplicates are kept once, in order."""
    out = []
    for q in queries:
        n = resolve_actor(G, q)
        if n not in out:
            out.append(n)
    return out


def resolve_cooperation(G: nx.Graph, query: str) -> str:
    """The id of a cooperation that some link of ``G`` comes from (exact, then case-insensitive).

    Raises
    ------
    GraphExplorerError
        When no link of the view comes from that cooperation.

    >>> G = nx.Graph([("a", "b", {"cooperations": ("P-1",)})])
    >>> resolve_cooperation(G, "p-1")
    'P-1'
    """
    ids: set = set()
    for _, _, d in G.edges(data=True):
        ids.update(d.get("cooperations") or ())
    if query in ids:
        return query
    folded = [c for c in ids if fold_name(c) == fold_name(query)]
    if len(folded) == 1:
        return folded[0]
    close = difflib.get_close_matches(str(query), sorted(ids), n=5, cutoff=0.6)
    hint = f" Close ids: {', '.join(close)}." if close else ""
    raise GraphExplorerError(f"no link in this view comes from cooperation {query!r}.{hint}")
