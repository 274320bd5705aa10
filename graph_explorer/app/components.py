"""Pieces of the page built from plain data: details panels, cooperation cards, summaries, tables.

Each function takes what an :class:`~graph_explorer.explorer.Explorer` returns
(dicts and tables) and gives Dash components; none reads global state.
Source links are clickable only when :func:`~graph_explorer.explorer.safe_url`
accepted them (``url`` is set); any other source is plain text.
"""

from __future__ import annotations

from collections import OrderedDict
from types import MappingProxyType

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import html

from ..analysis.metrics import metric_help, metric_label, ordered_metrics
from ..figures.style import fmt
from . import ids
from ..vocab import COOPERATION_KINDS, ROLES, THEMES

__all__ = ["pick_button", "busy", "fmt", "ordinal", "alert", "conflict_notes", "cooperation_card", "node_panel", "edge_panel",
           "cooperation_node_panel", "empty_details", "path_panel", "summary_text", "plain_summary", "figures_help", "text_of_summary", "metric_ranks",
           "node_table", "edge_table", "NODE_COLUMNS", "EDGE_COLUMNS", "MAX_COOPERATIONS", "MAX_NEIGHBOURS"]

MAX_COOPERATIONS = 40
MAX_NEIGHBOURS = 15


def ordinal(n: int) -> str:
    """An English ordinal.

    >>> [ordinal(i) for i in (1, 2, 3, 4, 11, 12, 13, 21, 102)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '102nd']
    """
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def pick_button(label, node: str, where: str, detail: str | None = None, title: str | None = None) -> html.Button:
    """An entry that selects an actor when pressed (a partner, a broker, a suggestion, a path step, a search hit).

    ``where`` tells the lists apart (an actor may be a partner and a broker at once).
    """
    children = [html.Span(str(label), className="pick-name")]
    if detail:
        children.append(html.Span(f" {detail}", className="text-muted"))
    return html.Button(children, id={"type": ids.PICK, "where": where, "node": str(node)}, n_clicks=0,
                       type="button", className="pick-link", title=title or f"Select {label}",
                       **{"data-node": str(node)})


def busy(child, kind: str = "panel", delay_ms: int = 300) -> html.Div:
    """``child`` hidden behind a spinner while its answer is on its way (after ``delay_ms``; assets/app.css).

    Dash marks a component ``data-dash-is-loading`` while a callback that writes it runs; the spinner is drawn
    from that mark by CSS alone. (``dcc.Loading`` draws the same, but each one re-renders on every change of the
    page's loading state: nine of them cost ~5 ms of every click.) ``kind``: ``"graph"`` (a large spinner over a
    picture), ``"panel"`` (a small one over a panel's text) or ``"inline"`` (beside a line of text).

    >>> b = busy(html.Div(id="x"), "graph", 400)
    >>> b.className, b.style
    ('busy busy-graph', {'--busy-delay': '400ms'})
    """
    if kind not in ("graph", "panel", "inline"):
        raise ValueError(f"busy: kind {kind!r} is not graph, panel or inline")
    return html.Div(child, className=f"busy busy-{kind}", style={"--busy-delay": f"{int(delay_ms)}ms"})


def alert(message: str, color: str = "warning", **kwargs) -> dbc.Alert:
    return dbc.Alert(message, color=color, dismissable=True, class_name="py-2 mb-2 small", **kwargs)


def metric_ranks(metrics: pd.DataFrame) -> pd.DataFrame:
    """Rank of every node on every numeric metric (1 = highest; ties share the best rank)."""
    num = metrics.select_dtypes("number").drop(columns=["community"], errors="ignore")
    num = num[[c for c in num.columns if not c.endswith("_rank")]]
    return num.rank(ascending=False, method="min")


# -- cooperations ---------------------------------------------------------------------


def conflict_notes(conflicts: list[dict]) -> list[str]:
    """One sentence per disputed field: "Sources disagree on the start year: 2024 (Cedefop article) or 2023 (EC news)".

    >>> conflict_notes([{"field": "start_year", "value": "2024", "source": "Cedefop article"},
    ...                 {"field": "start_year", "value": "2023", "source": "EC news"}])
    ['Sources disagree on the start year: 2024 (Cedefop article) or 2023 (EC news)']
    """
    by_field: OrderedDict[str, list[str]] = OrderedDict()
    for c in conflicts or []:
        src = c.get("source") or "unnamed source"
        by_field.setdefault(str(c.get("field")), []).append(f"{c.get('value')} ({src})")
    return [f"Sources disagree on the {f.replace('_', ' ')}: {' or '.join(vals)}" for f, vals in by_field.items()]


def _years(c: dict) -> str:
    a, b = c.get("start"), c.get("end")
    if a is None and b is None:
        return "years unknown"
    if a == b or b is None:
        return str(a)
    if a is None:
        return f"until {b}"
    return f"{a}–{b}"


#: A citation longer than this is cut on the card (the whole text is its tooltip).
CITATION_CHARS = 90


def _source(s: dict):
    if s.get("url"):
        return html.A(s["text"], href=s["url"], target="_blank", rel="noopener noreferrer", className="source-link")
    text = str(s.get("text", ""))
    if len(text) > CITATION_CHARS:
        return html.Span(text[:CITATION_CHARS - 1].rstrip(" ,;") + "…", className="source-text", title=text)
    return html.Span(text, className="source-text")


def theme_badges(themes, derived) -> list:
    derived = set(derived or ())
    out = []
    for t in themes or ():
        if t in derived:
            out.append(dbc.Badge(f"{THEMES.label(t)} (derived)", color="light", text_color="body-secondary",
                                 class_name="me-1 theme-badge derived",
                                 title="Derived from the description by the data curators, not stated by the source"))
        else:
            out.append(dbc.Badge(THEMES.label(t), color="info", class_name="me-1 theme-badge"))
    return out


def cooperation_card(c: dict, role: str | None = None) -> html.Div:
    """A cooperation: title, kind, programme, years, themes, role, sources, source conflicts."""
    facts = [COOPERATION_KINDS.label(c.get("kind") or ""), c.get("programme") or "", _years(c)]
    if role or c.get("role"):
        r = role or c.get("role")
        facts.append("role: " + ", ".join(ROLES.label(x.strip()) for x in str(r).split(",")))
    sources = c.get("sources") or []
    body = [
        html.Div(c.get("title") or c.get("id"), className="coop-title"),
        html.Div(" · ".join(f for f in facts if f), className="coop-facts text-muted small"),
    ]
    if c.get("years_derived"):
        body.append(html.Div(f"Active years derived: {c['years_derived'].partition(' derived: ')[2]} "
                             f"(the source gives the {c.get('call_year')} call only)",
                             className="coop-years-derived small text-muted"))
    badges = theme_badges(c.get("themes"), c.get("themes_derived"))
    if badges:
        body.append(html.Div(badges, className="coop-themes", title=c.get("themes_note") or None))
    elif (c.get("themes_note") or "").startswith("not stated"):
        reason = c["themes_note"].partition(": ")[2]
        body.append(html.Div([html.Span("Themes: not stated", className="fw-semibold"),
                              html.Span(f" ({reason})", className="text-muted")], className="coop-themes small"))
    if c.get("topics"):
        body.append(html.Div([html.Span("Topics (as the source states them): ", className="text-muted"),
                              "; ".join(c["topics"])], className="coop-topics small"))
    for note in conflict_notes(c.get("conflicts")):
        body.append(dbc.Badge(["⚠ ", note], color="warning", text_color="dark", class_name="conflict-badge"))
    if sources:
        items = []
        for i, s in enumerate(sources):
            if i:
                items.append(html.Span(" · "))
            items.append(_source(s))
        body.append(html.Div([html.Span("Sources: ", className="text-muted")] + items, className="coop-sources small"))
    return html.Div(body, className="coop-card", **{"data-cooperation": c.get("id")})


def _cooperation_list(coops: list[dict], where: str) -> list:
    shown = coops[:MAX_COOPERATIONS]
    out = [cooperation_card(c) for c in shown]
    if len(coops) > len(shown):
        out.append(html.Div(f"… and {len(coops) - len(shown):,} more {where}: see the Table view.",
                            className="small text-muted"))
    return out


# -- details panels ---------------------------------------------------------------------


def empty_details() -> html.Div:
    return html.Div([
        html.P("Click an actor or a link in the picture, or search an actor by name, to see its details here.",
               className="text-muted small mb-1"),
        html.P("A click on the middle of a link shows the cooperations behind it; the Table view lists them all.",
               className="text-muted small mb-0"),
    ])


def _metric_table(metrics: dict, ranks: dict, n: int) -> dbc.Table:
    rows = []
    keys = [m.name for m in ordered_metrics("details") if m.name in metrics]
    for k in keys:
        r = ranks.get(k)
        rank = f"{ordinal(int(r))} of {n:,}" if r is not None and not pd.isna(r) else ""
        name = [metric_label(k)]
        if metric_help(k):
            name.append(html.Div(metric_help(k), className="metric-help"))
        rows.append(html.Tr([html.Td(name), html.Td(fmt(metrics[k]), className="text-end"),
                             html.Td(rank, className="text-muted text-end small")]))
    if "community" in metrics and metrics["community"] is not None and not pd.isna(metrics["community"]):
        rows.append(html.Tr([html.Td("Community"), html.Td(fmt(metrics["community"]), className="text-end"),
                             html.Td("")]))
    return dbc.Table(html.Tbody(rows), size="sm", class_name="metric-table mb-2", borderless=True)


_RULES = MappingProxyType({"key": "same name, spelled differently", "override": "put here by the override file",
                           "given": "as the source names it"})
MAX_RECORDS = 12


def source_records(records: list[dict]) -> list:
    """Where an actor comes from: its spellings, each with the file and rows (one line each; at most 12).

    >>> [c.children for c in source_records([])]
    []
    """
    if not records:
        return []
    items = []
    for r in records[:MAX_RECORDS]:
        where = r["file"] + (f", row{'s' if ' ' in str(r['rows']) else ''} {str(r['rows']).replace(' ', ', ')}"
                             if r.get("rows") else "")
        rule = str(r.get("rule", ""))
        why = _RULES.get(rule.split(",")[0], rule) + ("; joined across sources" if "across sources" in rule else "")
        items.append(html.Li([html.Span(f"“{r['name']}”"), html.Span(f" · {where}", className="text-muted"),
                              html.Span(f" · {why}", className="text-muted")]))
    if len(records) > MAX_RECORDS:
        items.append(html.Li(f"… and {len(records) - MAX_RECORDS:,} more ('graph-explorer merges' lists them)",
                             className="text-muted"))
    return [html.H6(f"Source records ({len(records):,})", className="details-heading"),
            html.Ul(items, className="source-records small")]


def node_panel(details: dict, ranks: dict, n_nodes: int) -> html.Div:
    """A node: what it is, its metrics with ranks, the cooperations of this view, its neighbours."""
    attrs = details.get("attrs", {})
    where = " · ".join(str(x) for x in (attrs.get("kind"), attrs.get("country"), attrs.get("region"))
                       if isinstance(x, str) and x)
    neighbours = details.get("neighbours", [])
    nb_items = [html.Li(pick_button(nb["label"], nb["id"], "partners", f"· {fmt(nb['weight'])}"))
                for nb in neighbours[:MAX_NEIGHBOURS]]
    if len(neighbours) > MAX_NEIGHBOURS:
        nb_items.append(html.Li(f"… and {len(neighbours) - MAX_NEIGHBOURS:,} more (Table view)",
                                className="text-muted"))
    coops = details.get("cooperations", [])
    return html.Div([
        html.H3(attrs.get("label", details["id"]), className="details-title mb-0"),
        html.Div(where, className="text-muted small mb-2"),
        html.H4(f"Partners ({len(neighbours):,}) · by link weight", className="details-heading"),
        html.Ul(nb_items, className="neighbour-list small"),
        _metric_table(details.get("metrics", {}), ranks, n_nodes),
        *source_records(details.get("records") or []),
        html.H4(f"Cooperations in this view ({len(coops):,})", className="details-heading"),
        html.Div(_cooperation_list(coops, "cooperations")),
    ], className="node-details", **{"data-node": details["id"]})


def cooperation_node_panel(coop: dict) -> html.Div:
    """A cooperation node (bipartite level): the cooperation and its participants."""
    parts = coop.get("participants", [])
    return html.Div([
        html.H3(coop.get("title") or coop["id"], className="details-title"),
        cooperation_card({**coop, "title": "About this cooperation"}),
        html.H4(f"Participants ({len(parts):,})", className="details-heading"),
        html.Ul([html.Li(f"{p['name']} · {ROLES.label(p['role'])}") for p in parts[:80]],
                className="neighbour-list small"),
    ], className="node-details", **{"data-node": "coop:" + coop["id"]})


def edge_panel(details: dict) -> html.Div:
    """A link: its two ends, weight, and the cooperations behind it."""
    coops = [c for c in details.get("cooperations", []) if c]
    return html.Div([
        html.H3([pick_button(details["source_label"], details["source"], "link-ends"), " — ",
                 pick_button(details["target_label"], details["target"], "link-ends")],
                className="details-title mb-0"),
        html.Div(f"Link weight {fmt(details.get('weight'))} · {len(coops):,} shared cooperation"
                 f"{'' if len(coops) == 1 else 's'}", className="text-muted small mb-2"),
        *([html.Div(f"{details['period']}: weight {fmt(details['weight'])} · {details['period_then']}: weight "
                    f"{fmt(details['weight_then'])} · {details['status'].replace('same', 'unchanged')}",
                    className="small mb-2 compare-weights")] if details.get("status") else []),
        *([html.Div(f"{details['ratio']:.2g}× the weight the two actors' sizes predict (observed ÷ expected)",
                    className="small mb-2")] if details.get("ratio") is not None else []),
        html.Div(_cooperation_list(coops, "cooperations")),
    ], className="edge-details", **{"data-edge": f"{details['source']}~{details['target']}"})


def path_panel(route: list[str], labels: dict, hops: list[dict], message: str | None = None) -> html.Div:
    """The shortest path found, hop by hop with the cooperations behind each hop."""
    if message:
        return html.Div(message, className="small text-muted")
    items = []
    for i, hop in enumerate(hops, 1):
        coops = hop.get("cooperations", [])
        items.append(html.Li([
            html.Span([pick_button(hop["from_label"], hop["from"], f"path-{i}-from"), " → ",
                       pick_button(hop["to_label"], hop["to"], f"path-{i}-to")], className="fw-semibold"),
            html.Ul([html.Li(c["title"]) for c in coops[:6]]
                    + ([html.Li(f"… and {len(coops) - 6} more", className="text-muted")] if len(coops) > 6 else []),
                    className="small"),
        ]))
    return html.Div([
        html.Div(f"{len(hops)} hop{'s' if len(hops) != 1 else ''}: "
                 + " → ".join(labels.get(n, n) for n in route), className="small mb-1 path-route"),
        html.Ol(items, className="path-hops small"),
    ])


def summary_text(s: dict) -> str:
    """ "1,651 actors · 27,733 links · density 0.0204 · 4 components · modularity 0.52 · cross-region 61%"

    >>> summary_text({"nodes": 1651, "links": 27733, "density": 0.0204, "components": 4})
    '1,651 actors · 27,733 links · density 0.0204 · 4 components'
    >>> summary_text({"nodes": 92, "links": 201, "density": 0.048, "components": 6, "kinds": {"cooperation": 31}})
    '61 actors and 31 cooperations · 201 links · density 0.048 · 6 components'
    """
    coops = int((s.get("kinds") or {}).get("cooperation", 0))
    nodes = f"{s['nodes']:,} actors" if not coops else \
        f"{s['nodes'] - coops:,} actors and {coops:,} cooperations"  # the bipartite level: both are nodes
    parts = [nodes, f"{s['links']:,} links", f"density {fmt(s.get('density'))}",
             f"{s.get('components', 0):,} component{'s' if s.get('components') != 1 else ''}"]
    if s.get("modularity") is not None and not pd.isna(s.get("modularity")):
        parts.append(f"modularity {s['modularity']:.2f}")
    if s.get("cross_region_share") is not None and not pd.isna(s.get("cross_region_share")):
        parts.append(f"cross-region {100 * s['cross_region_share']:.0f}%")
    return " · ".join(parts)


_KIND_WORDS = MappingProxyType({
    "country": ("country", "countries"), "organisation": ("organisation", "organisations"),
    "network": ("network", "networks"), "group": ("group", "groups"),
    "region": ("regional authority", "regional authorities"), "cooperation": ("cooperation", "cooperations")})


def _count(n: int, kind: str) -> str:
    one, many = _KIND_WORDS.get(kind, (kind, kind + "s"))
    return f"{n:,} {one if n == 1 else many}"


def plain_summary(s: dict) -> list:
    """The view in plain words, the numbers in bold: "50 countries and 5 other actors, joined by 655 links …".

    >>> text_of_summary(plain_summary({"nodes": 3, "links": 2, "components": 1, "kinds": {"country": 3},
    ...                                "cross_region_share": 0.5}))
    '3 countries, joined by 2 links (two actors in at least one cooperation together). All are connected. 50% of the links cross a region border.'
    """
    n = int(s.get("nodes") or 0)
    if not n:
        return [html.Span("No actors match these filters. "), html.Span("Clear a filter to see more.")]
    kinds = {k: int(v) for k, v in (s.get("kinds") or {}).items() if v}
    main_kind = max(kinds, key=kinds.get) if kinds else "actor"
    first = [html.B(_count(kinds.get(main_kind, n), main_kind))]
    others = n - kinds.get(main_kind, n)
    if others:
        first.append(f" and {others:,} other actor{'s' if others != 1 else ''}")
    links = int(s.get("links") or 0)
    out = first + [", joined by ", html.B(f"{links:,} link{'s' if links != 1 else ''}"),
                   " (two actors in at least one cooperation together)."]
    comps, largest = int(s.get("components") or 0), s.get("largest_component")
    if comps <= 1:
        out.append(" All are connected.")
    elif largest:
        apart = n - int(largest)
        out.append(f" {int(largest):,} form one connected network; {apart:,} "
                   f"{'stands' if apart == 1 else 'stand'} apart.")
    share = s.get("cross_region_share")
    if share is not None and not pd.isna(share) and links:
        out += [" ", html.B(f"{100 * share:.0f}%"), " of the links cross a region border."]
    return out


def text_of_summary(parts) -> str:
    """The plain text of :func:`plain_summary`'s parts (what a screen reader announces)."""
    out = []
    for p in parts:
        out.append(p if isinstance(p, str) else str(getattr(p, "children", "")))
    return "".join(out).strip()


#: What each figure of the summary means, in a line.
FIGURE_HELP = (("density", "the share of all possible pairs that are linked"),
               ("components", "groups with no link between them"),
               ("modularity", "how sharply the actors split into communities: 0 not at all, 1 fully"),
               ("cross-region", "the share of links between actors of different regions"))


def figures_help() -> html.Ul:
    """What each figure of the summary means (under the figures, one click from the plain words)."""
    return html.Ul([html.Li([html.B(k), f": {v}"]) for k, v in FIGURE_HELP], className="figures-help mb-0")


# -- tables ------------------------------------------------------------------------------

NODE_COLUMNS = ("label", "id", "country", "region", "kind", "n_cooperations", "community")
EDGE_COLUMNS = ("source_label", "target_label", "weight", "count", "themes", "kinds", "start", "end",
                "cooperations")
_HEADERS = MappingProxyType({"label": "Name", "id": "Id", "country": "Country", "region": "Region", "kind": "Kind",
            "source_label": "Actor A", "target_label": "Actor B", "weight": "Weight", "count": "Shared cooperations",
            "themes": "Themes", "kinds": "Kinds", "start": "From", "end": "To", "cooperations": "Cooperations",
            "source": "Id A", "target": "Id B", "weight_then": "Weight then", "status": "Change",
            "ratio": "Observed ÷ expected"})


def _plain(v):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (np.floating, float)):
        return None if not np.isfinite(v) else round(float(v), 6)
    if isinstance(v, np.integer):
        return int(v)
    return v


#: Numbers in the tables as people read them: thousands separators, at most 3 significant digits.
NUMBER_FORMAT = "params.value == null ? '' : d3.format(',.3~r')(params.value)"
_WHOLE = ("degree", "n_cooperations", "core_number", "count", "community", "n_actors")


def _col(name: str, numeric: bool) -> dict:
    d = {"field": name, "headerName": _HEADERS.get(name, metric_label(name))}
    if metric_help(name):
        d["headerTooltip"] = f"{d['headerName']}: {metric_help(name)}"
    if numeric:
        d.update(filter="agNumberColumnFilter", type="numericColumn", width=120)
        if name not in _WHOLE and name not in ("start", "end"):
            d["valueFormatter"] = {"function": NUMBER_FORMAT}
    else:
        d.update(filter="agTextColumnFilter")
    return d


def node_table(nodes: pd.DataFrame, metrics: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """(columnDefs, rowData) for the actors of a view with every metric."""
    m = metrics.reindex(nodes["id"])
    m = m[[c for c in m.columns if c not in nodes.columns]]
    table = pd.concat([nodes.reset_index(drop=True), m.reset_index(drop=True)], axis=1)
    cols = [c for c in NODE_COLUMNS if c in table.columns] + [c for c in m.columns if c not in NODE_COLUMNS]
    table = table[cols]
    numeric = {c for c in cols if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])}
    defs = [_col(c, c in numeric) for c in cols]
    widths = {"label": 280, "id": 150, "country": 100, "region": 150, "kind": 120}
    for d in defs:
        if d["field"] in widths:
            d["width"] = widths[d["field"]]
        if d["field"] == "degree":
            d["sort"] = "desc"
        if d["field"] == "id":  # the technical id stays in the rows (and exports), out of sight
            d["hide"] = True
    defs[0].update(pinned="left")
    rows = [{k: _plain(v) for k, v in r.items()} for r in table.to_dict("records")]
    return defs, rows


def edge_table(edges: pd.DataFrame, labels: dict, coop_titles: dict,
               actor: str | None = None) -> tuple[list[dict], list[dict]]:
    """(columnDefs, rowData) for the links of a view, each with the titles of its cooperations.

    With ``actor``, only the links with an actor whose name (or id) contains it, at either end; that
    actor is put in the first column, so "Latvia" lists Latvia's partners in the second.
    """
    e = edges
    if actor and actor.strip():
        t = actor.strip().casefold()
        hit = {n for n, lab in labels.items() if t in str(lab).casefold() or t in str(n).casefold()}
        a_hit, b_hit = e["source"].isin(hit).to_numpy(), e["target"].isin(hit).to_numpy()
        e = e[a_hit | b_hit].copy()
        swap = ~a_hit[a_hit | b_hit] & b_hit[a_hit | b_hit]
        src, tgt = e["source"].to_numpy(object).copy(), e["target"].to_numpy(object).copy()
        src[swap], tgt[swap] = e["target"].to_numpy(object)[swap], e["source"].to_numpy(object)[swap]
        e["source"], e["target"] = src, tgt
    out = pd.DataFrame({
        "source_label": [labels.get(s, s) for s in e["source"]],
        "target_label": [labels.get(t, t) for t in e["target"]],
        "weight": e["weight"].astype(float).round(4),
        "count": e["count"],
        "themes": [", ".join(THEMES.label(t) for t in ts) for ts in e["themes"]],
        "kinds": [", ".join(ks) for ks in e["kinds"]],
        "start": e["start"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        "end": e["end"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        "cooperations": ["; ".join(coop_titles.get(c, c) for c in cs) for cs in e["cooperations"]],
        "source": e["source"], "target": e["target"],
    })
    extra = {"weight_then": "weight_then", "status": "status", "ratio": "ratio"}
    for at, col in enumerate(c for c in extra if c in e.columns):
        values = e[col].astype(float).round(3) if col != "status" else e[col].replace("same", "unchanged")
        out.insert(3 + at, col, values.to_numpy())
    numeric = {"weight", "count", "start", "end", "weight_then", "ratio"}
    defs = [_col(c, c in numeric) for c in out.columns]
    for d in defs:
        if d["field"] in ("source_label", "target_label"):
            d["width"] = 230
        if d["field"] == "cooperations":
            d.update(width=520, tooltipField="cooperations", wrapText=False)
        if d["field"] in ("source", "target"):
            d["hide"] = True
        if d["field"] == "weight":
            d["sort"] = "desc"
    rows = [{k: _plain(v) for k, v in r.items()} for r in out.to_dict("records")]
    return defs, rows
