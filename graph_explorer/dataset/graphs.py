"""Node and link lists from other tools (Kumu, Gephi, GEXF, GraphML, our own exports) as the data model.

Every graph format reads its file into two :class:`~graph_explorer.dataset.readers.RawTable`
objects, ``nodes`` and ``edges`` (strings, each row's line or row number in the
file, the attribute names as written), and :func:`graph_to_tables` turns them
into ``actors``, ``cooperations`` and ``participations``, so that every later
problem still names the file, the row (or line) and the attribute.

How a graph maps onto the data model
------------------------------------
- **A node is an actor.** id = the node id; name = its label (else the id);
  ``kind`` from an attribute ``kind``/``type`` (or the format's own, e.g.
  Kumu's Type) when it is a known actor kind (organisation, country, region,
  network, group and their aliases), else ``country`` when the node is a
  country (its id or name is a country code or name), else ``organisation``;
  ``country`` from an attribute ``country`` (also ``country_code``, ``iso``,
  ``nation``) given as a code or an English name; ``region``, ``lat``/``lon``
  (also ``latitude``/``longitude``) and ``url`` (also ``website``) when
  present. Other attributes are not part of the data model: the report names
  them in one line.
- **A link is a cooperation of its two ends** (role ``partner``), whatever the
  file says of its direction. Its ``weight`` is kept (it counts that much in
  the projection; see :mod:`graph_explorer.network`); ``kind`` from a ``kind``
  attribute when it is a known cooperation kind, else ``partnership``; themes
  from ``themes``/``tags`` (the known ones; ``;``, ``|`` or ``,`` separated);
  years from ``start``/``start_year``/``year`` and ``end``/``end_year`` (a date
  gives its year); title from ``label``/``title`` (else "A – B"); id
  ``link-<id>`` when the file gives every link a unique id, else ``link-<n>``
  (the n-th link of the file).
- A link from a node to itself cannot be a cooperation of two: it is left out
  with a warning. A link end that is not among the nodes becomes an actor of
  that id (as Gephi does). A node without any link gets a cooperation of its
  own (``node-<n>``, "… (no links in the file)"), so that it is drawn, as
  in the file, and the graph read back has the same nodes.
- **A bipartite graph** (this project's export of the bipartite level, whose
  cooperation nodes have the kind ``cooperation`` and ids ``coop:<id>``) is
  read as it was made: each cooperation node is a cooperation (its label the
  title, the kind, themes and years of its links), each link a participation.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from graph_explorer.dataset.readers import RawTable
>>> from graph_explorer.dataset.validate import Countries
>>> countries = Countries.from_table(pd.DataFrame({"code": ["LV", "FI"], "name": ["Latvia", "Finland"]}))
>>> nodes = RawTable("nodes", "g.graphml", pd.DataFrame({"id": ["n0", "n1"], "label": ["Riga College", "Finland"],
...                  "country": ["Latvia", ""]}), np.array([4, 7]), {"id": "id", "label": "label", "country": "country"})
>>> edges = RawTable("edges", "g.graphml", pd.DataFrame({"source": ["n0"], "target": ["n1"], "weight": ["2.5"]}),
...                  np.array([10]), {"source": "source", "target": "target", "weight": "weight"})
>>> tables, problems = graph_to_tables(nodes, edges, countries)
>>> tables["actors"].frame[["id", "name", "kind", "country"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'id': 'n0', 'name': 'Riga College', 'kind': 'organisation', 'country': 'LV'},
 {'id': 'n1', 'name': 'Finland', 'kind': 'country', 'country': 'FI'}]
>>> tables["cooperations"].frame[["id", "title", "kind", "weight"]].to_dict("records")
[{'id': 'link-1', 'title': 'Riga College – Finland', 'kind': 'partnership', 'weight': '2.5'}]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..vocab import ACTOR_KINDS, COOPERATION_KINDS, THEMES
from .readers import RawTable
from .report import INFO, WARNING, Problem, short

__all__ = ["GraphKeys", "graph_to_tables", "DEFAULT_KEYS", "node_table", "edge_table", "COOP_PREFIX"]

#: How the bipartite level names cooperation nodes (``graph_explorer.network.COOP_PREFIX``; the dataset layer
#: does not import the network layer).
COOP_PREFIX = "coop:"

_YEAR = re.compile(r"^\s*(\d{4})(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?:[T ].*)?)?\s*$")
_NUMBER_YEAR = re.compile(r"^\s*(\d{4})(?:\.0+)?\s*$")
_SPLIT = re.compile(r"[;|,]")


@dataclass(frozen=True)
class GraphKeys:
    """Which attribute keys (as :func:`~graph_explorer.dataset.readers.header_key` folds them) mean what.

    The first key of each tuple that a table has is used. A format passes its
    own (Gephi's ``type`` is a link's direction, Kumu's is its kind).
    """

    node_label: tuple[str, ...] = ("label", "name", "title")
    node_kind: tuple[str, ...] = ("kind", "actor_kind", "type", "element_type")
    node_country: tuple[str, ...] = ("country", "country_code", "iso", "iso2", "nation")
    node_region: tuple[str, ...] = ("region",)
    node_lat: tuple[str, ...] = ("lat", "latitude")
    node_lon: tuple[str, ...] = ("lon", "lng", "longitude")
    node_url: tuple[str, ...] = ("url", "website", "web")
    edge_weight: tuple[str, ...] = ("weight",)
    edge_kind: tuple[str, ...] = ("kind", "kinds", "cooperation_kind", "type")
    edge_themes: tuple[str, ...] = ("themes", "theme", "tags")
    edge_start: tuple[str, ...] = ("start", "start_year", "year", "from_year")
    edge_end: tuple[str, ...] = ("end", "end_year", "to_year")
    edge_title: tuple[str, ...] = ("label", "title", "name")
    edge_description: tuple[str, ...] = ("description",)
    edge_programme: tuple[str, ...] = ("programme", "program")
    edge_source: tuple[str, ...] = ("source_url", "url")
    edge_id: tuple[str, ...] = ("id",)
    #: The cooperations a link of this project's own exports stands for (kept in the description).
    edge_cooperations: tuple[str, ...] = ("cooperations",)
    #: Keys that are read but are not data (positions, colours, sizes of drawing tools).
    drawing: tuple[str, ...] = ("x", "y", "z", "r", "g", "b", "a", "size", "color", "colour", "size_on_picture",
                                "color_on_picture", "timeset", "image", "layout", "shape")

    def first(self, frame: pd.DataFrame, keys: tuple[str, ...]) -> str | None:
        return next((k for k in keys if k in frame.columns), None)


DEFAULT_KEYS = GraphKeys()


def node_table(file: str, records: list[dict], lines: list[int], header: dict[str, str]) -> RawTable:
    """A ``nodes`` RawTable from dicts of strings (a format's reader builds them)."""
    return _table("nodes", file, records, lines, header, ("id",))


def edge_table(file: str, records: list[dict], lines: list[int], header: dict[str, str]) -> RawTable:
    """An ``edges`` RawTable from dicts of strings."""
    return _table("edges", file, records, lines, header, ("source", "target"))


def _table(name, file, records, lines, header, first_cols) -> RawTable:
    columns = list(first_cols) + [k for k in header if k not in first_cols]
    frame = pd.DataFrame({c: [r.get(c, "") for r in records] for c in columns}, columns=columns, dtype=str)
    return RawTable(name, file, frame, np.asarray(lines, dtype=np.int64), {k: header.get(k, k) for k in columns})


@dataclass
class _Out:
    problems: list[Problem] = field(default_factory=list)

    def add(self, severity, raw: RawTable, i: int | None, key: str | None, value, message: str, **kw):
        row = int(raw.rows[i]) if i is not None and len(raw.rows) else None
        column = raw.column_label(key) if key else None
        self.problems.append(Problem(severity, raw.file, row, column, value, message, **kw))


class _Columns:
    """A table's columns as lists of stripped strings, each made once (an absent key: all empty)."""

    def __init__(self, raw: RawTable):
        self.raw, self.cache = raw, {}

    def __call__(self, key: str | None) -> list[str]:
        if key not in self.cache:
            if key is None or key not in self.raw.frame.columns:
                self.cache[key] = [""] * len(self.raw)
            else:
                self.cache[key] = [str(v).strip() for v in self.raw.frame[key].tolist()]
        return self.cache[key]


def _year(text: str) -> str:
    """'2021', '2021-03-01', '2021.0' → '2021'; anything else as given (the validator names it)."""
    m = _YEAR.match(text) or _NUMBER_YEAR.match(text)
    return m.group(1) if m else text


def _themes(text: str) -> tuple[list[str], list[str]]:
    """(known themes, other tags) of a themes or tags cell."""
    known, other = [], []
    for part in _SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        term = THEMES.normalise(part)
        if term:
            if term not in known:
                known.append(term)
        elif part not in other:
            other.append(part)
    return known, other


def graph_to_tables(nodes: RawTable | None, edges: RawTable, countries, keys: GraphKeys = DEFAULT_KEYS, *,
                    default_kind: str = "partnership", programme: str = "",
                    what: str = "link") -> tuple[dict[str, RawTable], list[Problem]]:
    """``actors``, ``cooperations`` and ``participations`` of a node table and a link table.

    Parameters
    ----------
    nodes : RawTable or None
        ``id`` and attributes (None: the actors are the link ends).
    edges : RawTable
        ``source``, ``target`` and attributes.
    countries : Countries
        The lookup for country codes and names.
    keys : GraphKeys
        Which attribute means what (see :class:`GraphKeys`).
    default_kind : str
        The cooperation kind of a link whose file gives none (or an unknown one).
    programme : str
        The programme of every cooperation (e.g. ``Kumu map``) when the file gives none.
    what : str
        What the format calls a link ("connection" for Kumu, "edge" for Gephi), for messages.
    """
    out = _Out()
    node_frame = nodes.frame if nodes is not None else pd.DataFrame({"id": pd.Series([], dtype=str)})
    nodes = nodes if nodes is not None else RawTable("nodes", edges.file, node_frame, np.array([], dtype=np.int64),
                                                      {"id": "id"})
    N = _Columns(nodes)
    ids = N("id")
    # -- actors from the nodes -----------------------------------------------------------------
    label = N(keys.first(node_frame, keys.node_label))
    kind_key = keys.first(node_frame, keys.node_kind)
    kinds_given = N(kind_key)
    country_key = keys.first(node_frame, keys.node_country)
    country_given = N(country_key)
    region_key, lat_key, lon_key, url_key = (keys.first(node_frame, k) for k in
                                             (keys.node_region, keys.node_lat, keys.node_lon, keys.node_url))
    seen: dict[str, int] = {}
    records, rows, odd_kinds, bad_countries = [], [], {}, []
    coop_nodes: dict[str, int] = {}  # a bipartite export's cooperation nodes: id -> position
    for i, node_id in enumerate(ids):
        if node_id and kinds_given[i].strip().lower() == "cooperation" and node_id not in coop_nodes:
            coop_nodes[node_id] = i
            continue
        if not node_id:
            out.add(WARNING, nodes, i, "id", "", "A node without an id is left out.")
            continue
        if node_id in seen:
            out.add(WARNING, nodes, i, "id", node_id, f"The node {short(node_id)!r} is given twice (first at "
                    f"{_where(nodes, seen[node_id])}); the first is used.")
            continue
        seen[node_id] = i
        name = label[i] or node_id
        as_country = countries.resolve(node_id) or countries.by_name(name) or countries.by_name(node_id)
        given = kinds_given[i]
        kind = ACTOR_KINDS.normalise(given) if given else None
        if given and kind is None:
            odd_kinds.setdefault(given, 0)
            odd_kinds[given] += 1
        kind = kind or ("country" if as_country else "organisation")
        code = ""
        if country_given[i]:
            text = country_given[i]
            code = countries.resolve(text) or countries.by_name(text) or ""
            if not code:
                bad_countries.append((i, text))
        elif kind == "country" and as_country:
            code = as_country
        records.append({"id": node_id, "name": name, "kind": kind, "country": code,
                        "region": N(region_key)[i] if region_key else "",
                        "lat": N(lat_key)[i] if lat_key else "",
                        "lon": N(lon_key)[i] if lon_key else "",
                        "url": N(url_key)[i] if url_key else ""})
        rows.append(i)
    for i, text in bad_countries[:50]:
        out.add(WARNING, nodes, i, country_key, text, f"{short(text)!r} is not a known country; the actor is "
                "kept without a country.", suggestion=countries.suggest(text))
    if len(bad_countries) > 50:
        out.add(WARNING, nodes, None, country_key, None, f"{len(bad_countries) - 50:,} more unknown countries.")
    if odd_kinds:
        listed = ", ".join(f"{k!r} ({n:,})" for k, n in list(odd_kinds.items())[:8])
        out.add(INFO, nodes, None, kind_key, None, f"Node types that are not actor kinds were read as "
                f"organisations (or countries): {listed}.", allowed=ACTOR_KINDS.allowed())

    # -- cooperations from the links -------------------------------------------------------------
    ef = edges.frame
    E = _Columns(edges)
    source, target = E("source"), E("target")
    weight_key = keys.first(ef, keys.edge_weight)
    ekind_key = keys.first(ef, keys.edge_kind)
    themes_key = keys.first(ef, keys.edge_themes)
    start_key, end_key = keys.first(ef, keys.edge_start), keys.first(ef, keys.edge_end)
    title_key, desc_key = keys.first(ef, keys.edge_title), keys.first(ef, keys.edge_description)
    prog_key, src_key, id_key = (keys.first(ef, k) for k in (keys.edge_programme, keys.edge_source, keys.edge_id))
    coops_key = keys.first(ef, keys.edge_cooperations)
    edge_ids = E(id_key)
    use_ids = id_key is not None and all(edge_ids) and len(set(edge_ids)) == len(edge_ids)
    name_of = {r["id"]: r["name"] for r in records}
    coops, coop_rows, parts, part_rows, part_cols = [], [], [], [], []
    odd_edge_kinds, other_tags, added = {}, {}, []
    made: dict[str, str] = {}  # cooperation node -> cooperation id
    for i in range(len(ef)):
        s, t = source[i], target[i]
        if not s or not t:
            out.add(WARNING, edges, i, "source" if not s else "target", "",
                    f"A {what} without a {'source' if not s else 'target'} is left out.")
            continue
        if s == t:
            out.add(WARNING, edges, i, "target", t, f"The {what} goes from {short(s)!r} to itself; a cooperation "
                    "needs two actors, so it is left out.")
            continue
        if s in coop_nodes or t in coop_nodes:
            if s in coop_nodes and t in coop_nodes:
                out.add(WARNING, edges, i, "target", t, f"The {what} joins two cooperations; it is left out.")
                continue
            coop, actor = (s, t) if s in coop_nodes else (t, s)
            cid = coop.removeprefix(COOP_PREFIX)
            if coop not in made:
                made[coop] = cid
                themes, _ = _themes(E(themes_key)[i]) if themes_key else ([], [])
                given = E(ekind_key)[i] if ekind_key else ""
                kind = next((k for k in map(COOPERATION_KINDS.normalise, _SPLIT.split(given)) if k), None)
                coops.append({"id": cid, "title": label[coop_nodes[coop]] or cid, "kind": kind or default_kind,
                              "programme": programme, "themes": ";".join(themes), "themes_derived": "",
                              "start_year": _year(E(start_key)[i]) if start_key else "",
                              "end_year": _year(E(end_key)[i]) if end_key else "",
                              "description": "", "source": "", "weight": ""})
                coop_rows.append(int(nodes.rows[coop_nodes[coop]]) if len(nodes.rows) else int(edges.rows[i]))
            if actor not in seen:
                seen[actor] = -1
                records.append({"id": actor, "name": actor, "kind": "organisation", "country": "", "region": "",
                                "lat": "", "lon": "", "url": ""})
                rows.append(("edge", i))
                added.append(actor)
            parts.append({"cooperation_id": cid, "actor_id": actor, "role": "partner"})
            part_rows.append(int(edges.rows[i]))
            part_cols.append(edges.column_label("source" if actor == s else "target"))
            continue
        for end in (s, t):
            if end not in seen:
                seen[end] = -1
                name_of[end] = end
                as_country = countries.resolve(end) or countries.by_name(end)
                records.append({"id": end, "name": end, "kind": "country" if as_country else "organisation",
                                "country": as_country or "", "region": "", "lat": "", "lon": "", "url": ""})
                rows.append(("edge", i))
                added.append(end)
        given = E(ekind_key)[i] if ekind_key else ""
        kind = next((k for k in map(COOPERATION_KINDS.normalise, _SPLIT.split(given)) if k), None) if given else None
        if given and kind is None:
            odd_edge_kinds[given] = odd_edge_kinds.get(given, 0) + 1
        themes, tags = _themes(E(themes_key)[i]) if themes_key else ([], [])
        for tag in tags:
            other_tags[tag] = other_tags.get(tag, 0) + 1
        cid = f"link-{edge_ids[i]}" if use_ids else f"link-{i + 1}"
        title = (E(title_key)[i] if title_key else "") or f"{name_of[s]} – {name_of[t]}"
        description = E(desc_key)[i] if desc_key else ""
        if tags:
            description = (description + " " if description else "") + "Tags: " + "; ".join(tags) + "."
        if coops_key and (behind := E(coops_key)[i]):
            description = (description + " " if description else "") + f"Stands for: {behind.replace(';', '; ')}."
        coops.append({"id": cid, "title": title, "kind": kind or default_kind,
                      "programme": (E(prog_key)[i] if prog_key else "") or programme,
                      "themes": ";".join(themes), "themes_derived": "",
                      "start_year": _year(E(start_key)[i]) if start_key else "",
                      "end_year": _year(E(end_key)[i]) if end_key else "",
                      "description": description,
                      "source": E(src_key)[i] if src_key else "",
                      "weight": E(weight_key)[i] if weight_key else ""})
        coop_rows.append(int(edges.rows[i]))
        for end, col in ((s, "source"), (t, "target")):
            parts.append({"cooperation_id": cid, "actor_id": end, "role": "partner"})
            part_rows.append(int(edges.rows[i]))
            part_cols.append(edges.column_label(col))
    if added:
        out.add(INFO, edges, None, None, None, f"{len(added):,} {what} ends are not among the nodes and were added "
                f"as actors named by their id (e.g. {short(added[0])!r}).")
    if odd_edge_kinds:
        listed = ", ".join(f"{k!r} ({n:,})" for k, n in list(odd_edge_kinds.items())[:8])
        out.add(INFO, edges, None, ekind_key, None, f"{what.capitalize()} types that are not cooperation kinds "
                f"were read as {default_kind}: {listed}.", allowed=COOPERATION_KINDS.allowed())
    if other_tags:
        listed = ", ".join(f"{k!r} ({n:,})" for k, n in sorted(other_tags.items(), key=lambda kv: -kv[1])[:8])
        out.add(INFO, edges, None, themes_key, None, f"Tags that are not themes are kept in the cooperation's "
                f"description: {listed}.", allowed=THEMES.allowed())
    # a node without links stays drawn, as in the file: it gets a cooperation of its own
    linked = {p["actor_id"] for p in parts}
    lone = [(j, r) for j, r in enumerate(records) if r["id"] not in linked]
    for j, r in lone:
        row = int(nodes.rows[rows[j]]) if not isinstance(rows[j], tuple) and len(nodes.rows) else 0
        cid = f"node-{j + 1}"
        coops.append({"id": cid, "title": f"{r['name']} (no links in the file)", "kind": default_kind,
                      "programme": programme, "themes": "", "themes_derived": "", "start_year": "", "end_year": "",
                      "description": f"The file has this node without any {what}; it is kept so that it is drawn, "
                                     "as in the file.", "source": "", "weight": ""})
        coop_rows.append(row)
        parts.append({"cooperation_id": cid, "actor_id": r["id"], "role": "partner"})
        part_rows.append(row)
        part_cols.append(nodes.column_label("id"))
    if lone:
        out.add(INFO, nodes, None, None, None, f"{len(lone):,} nodes have no {what} (e.g. {short(lone[0][1]['id'])!r}); "
                "each is kept in a cooperation of its own, so that it is drawn as in the file.")
    ignored = _ignored(nodes, keys, ("id",) + keys.node_label + keys.node_kind + keys.node_country
                       + keys.node_region + keys.node_lat + keys.node_lon + keys.node_url)
    ignored_e = _ignored(edges, keys, ("source", "target", "directed") + keys.edge_weight + keys.edge_kind
                         + keys.edge_themes + keys.edge_start + keys.edge_end + keys.edge_title
                         + keys.edge_description + keys.edge_programme + keys.edge_source + keys.edge_id
                         + keys.edge_cooperations)
    for raw, cols, noun in ((nodes, ignored, "node"), (edges, ignored_e, what)):
        if cols:
            out.add(INFO, raw, None, None, None, f"{noun.capitalize()} attributes that are not part of the data "
                    f"model are not kept: {', '.join(cols[:12])}{' …' if len(cols) > 12 else ''}.")
    edge_keys = {"id": id_key, "title": title_key, "kind": ekind_key, "programme": prog_key, "themes": themes_key,
                 "start_year": start_key, "end_year": end_key, "description": desc_key, "source": src_key,
                 "weight": weight_key}
    return _tables(nodes, edges, records, rows, coops, coop_rows, parts, part_rows, part_cols,
                   {"country": country_key, "kind": kind_key}, edge_keys), out.problems


def _where(raw: RawTable, i: int) -> str:
    return f"row {int(raw.rows[i])}" if len(raw.rows) else "another row"


def _ignored(raw: RawTable, keys: GraphKeys, used: tuple[str, ...]) -> list[str]:
    return [raw.column_label(k) for k in raw.frame.columns if k not in used and k not in keys.drawing]


def _tables(nodes, edges, records, rows, coops, coop_rows, parts, part_rows, part_cols, node_keys, edge_keys):
    actor_cols = ["id", "name", "kind", "country", "region", "lat", "lon", "url"]
    actor_rows, actor_label = [], []
    for r in rows:
        if isinstance(r, tuple):  # an end of a link (edges row r[1])
            actor_rows.append(int(edges.rows[r[1]]))
            actor_label.append(edges.file)
        else:
            actor_rows.append(int(nodes.rows[r]) if len(nodes.rows) else 0)
            actor_label.append(nodes.file)
    actors = RawTable("actors", nodes.file if len(nodes) else edges.file,
                      pd.DataFrame.from_records(records, columns=actor_cols).fillna("").astype(str),
                      np.asarray(actor_rows, dtype=np.int64),
                      {"id": nodes.column_label("id"), "name": nodes.column_label("label"),
                       "kind": nodes.column_label(node_keys["kind"]) if node_keys["kind"] else "(kind)",
                       "country": nodes.column_label(node_keys["country"]) if node_keys["country"] else "(country)"})
    coop_cols = ["id", "title", "kind", "programme", "themes", "themes_derived", "start_year", "end_year",
                 "description", "source", "weight"]
    cooperations = RawTable("cooperations", edges.file,
                            pd.DataFrame.from_records(coops, columns=coop_cols).fillna("").astype(str),
                            np.asarray(coop_rows, dtype=np.int64),
                            {c: edges.column_label(edge_keys[c]) if edge_keys.get(c) else f"({c})" for c in coop_cols})
    participations = RawTable("participations", edges.file,
                              pd.DataFrame.from_records(parts, columns=["cooperation_id", "actor_id", "role"])
                              .fillna("").astype(str),
                              np.asarray(part_rows, dtype=np.int64),
                              {"cooperation_id": "(link)", "actor_id": "source", "role": "(partner)"},
                              {"actor_id": np.asarray(part_cols, dtype=object)})
    return {"actors": actors, "cooperations": cooperations, "participations": participations}
