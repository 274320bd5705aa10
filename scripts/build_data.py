#!/usr/bin/env python3
"""Build the bundled dataset (``data/*.csv``) from ``data/sources`` and ``data/curated``.

Run it as ``.venv/bin/python scripts/build_data.py`` (or ``make data``); give
``--out DIR`` to write somewhere else. The build is deterministic: the same
inputs give byte-identical outputs (UTF-8, ``,`` delimiter, ``\\n`` line ends,
lists inside a cell joined with ``;``, rows sorted).

What it builds (see ``data/README.md`` for the details and the judgement calls):

* the 73 Erasmus+ CoVE projects, their 1,856 participations and one actor per
  distinct exact organisation name (``cove_*.csv``);
* the 26 EQAVET system-level peer reviews with host and peer countries
  (``eqavet_peer_reviews.csv``), checked against the 129 rows of
  ``eqavet_peer_review_edges.csv``;
* the hand-curated records of the Cedefop article and their enrichment
  (``data/curated/article_*.csv``), the conflicts between sources, the
  countries reference table and the attributions.

Every check that fails stops the build with a message (exit status 1); the
source files are only read, never changed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
CURATED = ROOT / "data" / "curated"


def _load_module(name: str, path: Path):
    """Import one project module by path (without importing the package ``__init__``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


schema = _load_module("_ge_build_schema", ROOT / "graph_explorer" / "dataset" / "schema.py")
vocab = _load_module("_ge_build_vocab", ROOT / "graph_explorer" / "vocab.py")
durations = _load_module("_ge_build_durations", ROOT / "graph_explorer" / "durations.py")
theme_rules = _load_module("_ge_build_theme_rules", ROOT / "graph_explorer" / "theme_rules.py")

SEP = schema.LIST_SEPARATOR

#: Citation of the CoVE source (two items of the ``source`` list; no ``;`` inside).
COVE_SOURCE = [
    "European Commission, DG EMPL, Project Participants data 2021-2022-2023-2024-2025.xlsx "
    "(data extracted May 2026), CC BY 4.0",
    "compiled in the public repository costirezlescu/apprentix.eu, data/published/cove-projects/records.json, "
    "commit 0a82c37d7773ab3848e838e2b1eb0f5d36fdb98a",
]
COVE_PROGRAMME = "Erasmus+ CoVE"
#: Columns of cooperations that the curated files do not have (left empty for their rows).
CURATED_ABSENT = ("themes_note", "call_year", "years_derived")
EQAVET_PROGRAMME = "EQAVET"

#: Theme-hint columns of cove_projects_theme_hints.csv -> canonical themes.
HINT_THEMES = {
    "hint_green": "green",
    "hint_digital": "digital",
    "hint_teachers": "teachers",
    "hint_quality_assurance": "quality",
    "hint_work_based_learning": "wbl",
}

#: EU-style country codes -> ISO 3166-1 alpha-2.
EU_TO_ISO = {"EL": "GR", "UK": "GB"}

#: Codes the EQAVET sources use for Belgian communities -> actor id. The CSVs use
#: BE-fr and BE-fl (and plain BE when the source does not say which);
#: seed_facts.md also writes BE-nl (Dutch-speaking = Flemish Community).
BELGIAN_COMMUNITIES = {"BE-fr": "BE-fr", "BE-fl": "BE-fl", "BE-nl": "BE-fl", "BE": "BE"}

#: Participation rows are sorted by cooperation, then role in this order, then actor.
ROLE_ORDER = {role: i for i, role in enumerate(vocab.ROLES)}
THEME_ORDER = {theme: i for i, theme in enumerate(vocab.THEMES)}

#: Letters that NFKD does not reduce to ASCII, mapped before the ASCII fold so
#: that no name loses letters or gives an empty slug (Greek: ELOT 743, simplified).
_TRANSLIT = {
    "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Đ": "D", "đ": "d",
    "Ł": "L", "ł": "l", "Þ": "TH", "þ": "th", "Ð": "D", "ð": "d", "ı": "i", "Ħ": "H", "ħ": "h",
    "Α": "A", "Β": "V", "Γ": "G", "Δ": "D", "Ε": "E", "Ζ": "Z", "Η": "I", "Θ": "TH", "Ι": "I", "Κ": "K",
    "Λ": "L", "Μ": "M", "Ν": "N", "Ξ": "X", "Ο": "O", "Π": "P", "Ρ": "R", "Σ": "S", "Τ": "T", "Υ": "Y",
    "Φ": "F", "Χ": "CH", "Ψ": "PS", "Ω": "O",
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}
_TRANSLIT_TABLE = str.maketrans(_TRANSLIT)
SLUG_MAX = 60


class BuildError(Exception):
    """A check of the build failed; the message says which and where."""


# ----------------------------------------------------------------------------- helpers


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_curated(name: str, expected: list[str]) -> list[dict[str, str]]:
    path = CURATED / name
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != expected:
            raise BuildError(f"{path}: columns {reader.fieldnames} differ from the expected {expected}")
        return list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        for row in rows:
            w.writerow([row.get(col, "") for col in header])


def slugify(name: str) -> str:
    """ASCII slug: NFKD, a few letters NFKD keeps (Ø, Greek...) transliterated, lower
    case, runs of other characters -> ``-``, at most 60 characters.

    >>> slugify("ASSOCIAÇÃO PARA O DESENVOLVIMENTO")
    'associacao-para-o-desenvolvimento'
    >>> slugify("HØGSKULEN FOR GRØN UTVIKLING - STIFTELSE")
    'hogskulen-for-gron-utvikling-stiftelse'
    """
    s = unicodedata.normalize("NFKD", name).translate(_TRANSLIT_TABLE)
    s = s.encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    s = s[:SLUG_MAX].rstrip("-")
    if not s:  # nothing left: a stable hash of the name
        s = "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return s


def organisation_ids(names: list[str]) -> dict[str, str]:
    """``org-<slug>`` per exact name; names sharing a slug get -2, -3... in sorted order."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        by_slug[slugify(name)].append(name)
    taken = {f"org-{slug}" for slug in by_slug}
    ids: dict[str, str] = {}
    for slug in sorted(by_slug):
        group = by_slug[slug]
        ids[group[0]] = f"org-{slug}"
        n = 2
        for name in group[1:]:
            while f"org-{slug}-{n}" in taken:
                n += 1
            ids[name] = f"org-{slug}-{n}"
            taken.add(ids[name])
            n += 1
    return ids


def iso(code: str) -> str:
    return EU_TO_ISO.get(code, code)


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(SEP) if v.strip()]


def themes_cell(themes, where: str) -> str:
    out = []
    for t in themes:
        term = vocab.THEMES.normalise(t)
        if term is None:
            raise BuildError(f"{where}: unknown theme {t!r} (allowed: {vocab.THEMES.allowed()})")
        if term not in out:
            out.append(term)
    return SEP.join(sorted(out, key=THEME_ORDER.__getitem__))


def check_vocab(voc, value: str, where: str) -> str:
    if value not in voc:
        raise BuildError(f"{where}: {value!r} is not a canonical {voc.name} ({voc.allowed()})")
    return value


def check_year(value: str, where: str) -> str:
    if value and not re.fullmatch(r"(19|20)\d\d", value):
        raise BuildError(f"{where}: year {value!r} is not a whole year")
    return value


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


# ----------------------------------------------------------------------------- countries


def build_countries() -> list[dict[str, str]]:
    rows = read_curated("countries.csv", schema.TABLES["countries"].names)
    codes = [r["code"] for r in rows]
    dupes = [c for c, n in Counter(codes).items() if n > 1]
    if dupes:
        raise BuildError(f"data/curated/countries.csv: duplicate codes {dupes}")
    for r in rows:
        where = f"data/curated/countries.csv, {r['code']}"
        if not re.fullmatch(r"[A-Z]{2}", r["code"]):
            raise BuildError(f"{where}: code is not two capital letters")
        if r["eu_code"] and EU_TO_ISO.get(r["eu_code"]) != r["code"]:
            raise BuildError(f"{where}: eu_code {r['eu_code']!r} is not a known EU alias of {r['code']}")
        for col, lo, hi in (("lat", -90, 90), ("lon", -180, 180)):
            if not re.fullmatch(r"-?\d+\.\d\d", r[col]) or not lo <= float(r[col]) <= hi:
                raise BuildError(f"{where}: {col} {r[col]!r} is not a coordinate with 2 decimals")
        if r["eu_member"] not in ("true", "false"):
            raise BuildError(f"{where}: eu_member must be true or false")
        check_vocab(vocab.REGIONS, r["region"], where)
    members = sum(r["eu_member"] == "true" for r in rows)
    if members != 27:
        raise BuildError(f"data/curated/countries.csv: {members} EU members, expected 27")
    for eu, code in EU_TO_ISO.items():
        row = next((r for r in rows if r["code"] == code), None)
        if row is None or row["eu_code"] != eu:
            raise BuildError(f"data/curated/countries.csv: {code} must have eu_code {eu}")
    return sorted(rows, key=lambda r: r["code"])


# ----------------------------------------------------------------------------- CoVE


def build_cove():
    projects = read_csv(SOURCES / "cove_projects.csv")
    rows = read_csv(SOURCES / "cove_participants.csv")
    hints = {h["id"]: h for h in read_csv(SOURCES / "cove_projects_theme_hints.csv")}

    # --- actors: one per distinct exact organisation name
    names = [r["organisation"] for r in rows]
    ids = organisation_ids(names)
    countries_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        countries_of[r["organisation"]].add(iso(r["country_code"]))
    actors = []
    for name, actor_id in ids.items():
        (country,) = countries_of[name] if len(countries_of[name]) == 1 else (None,)
        if country is None:
            raise BuildError(f"cove_participants.csv: {name!r} has several countries {sorted(countries_of[name])}")
        actors.append({"id": actor_id, "name": name, "kind": "organisation", "country": country})

    # --- participations, as the source has them (an organisation listed twice stays twice)
    participations = []
    by_project: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        role = check_vocab(vocab.ROLES, r["role"], f"cove_participants.csv, {r['id']}")
        participations.append({"cooperation_id": r["id"], "actor_id": ids[r["organisation"]], "role": role})
        by_project[r["id"]].append(r)

    # --- cooperations
    cooperations = []
    for p in projects:
        pid = p["id"]
        where = f"cove_projects.csv, {pid}"
        members = by_project.get(pid)
        if not members:
            raise BuildError(f"{where}: no participants")
        if pid not in hints:
            raise BuildError(f"{where}: no row in cove_projects_theme_hints.csv")
        coordinators = [m["organisation"] for m in members if m["role"] == "coordinator"]
        if coordinators != [p["coordinator"]]:
            raise BuildError(f"{where}: coordinator {p['coordinator']!r} but participants say {coordinators}")
        if int(p["organisation_count"]) != len(members):
            raise BuildError(f"{where}: organisation_count {p['organisation_count']} but {len(members)} rows")
        if len({m["country_code"] for m in members}) != int(p["country_count"]):
            raise BuildError(f"{where}: country_count differs from the participants")
        if any(m["call_year"] != p["call_year"] or m["acronym"] != p["acronym"] for m in members):
            raise BuildError(f"{where}: acronym or call year differs between projects and participants")
        hinted = [t for col, t in HINT_THEMES.items() if hints[pid][col] == "1"]
        derived = theme_rules.derive_themes(p["acronym"], p["project_title"], [m["organisation"] for m in members],
                                            order=list(vocab.THEMES))
        themes = list(dict.fromkeys([*hinted, *derived.themes]))
        theme_cell = themes_cell(themes, where)
        if hinted and derived.themes:
            theme_note = f"keyword hints of the title: {', '.join(hinted)}; {derived.note}"
        elif hinted:
            theme_note = f"keyword hints of the title: {', '.join(hinted)}"
        else:
            theme_note = derived.note
        call_year = int(check_year(p["call_year"], where))
        active = durations.active_years(COVE_PROGRAMME, call_year)
        if active is None:
            raise BuildError(f"{where}: no duration for {COVE_PROGRAMME!r} in graph_explorer/durations.py")
        twice = sorted(n for n, k in Counter(m["organisation"] for m in members).items() if k > 1)
        description = (
            f"Erasmus+ Centre of Vocational Excellence (CoVE) project of the {p['call_year']} call; the source gives "
            f"the call year only: the active years {active[0]}-{active[1]} are derived from the programme's "
            f"duration (48 months from the year after the call). Coordinator: {p['coordinator']} "
            f"({p['coordinator_country']}). {plural(len(members), 'participation')} from "
            f"{plural(int(p['country_count']), 'country', 'countries')}: {p['roles']}."
        )
        for name in twice:
            roles = " and ".join(m["role"] for m in members if m["organisation"] == name)
            description += f" {name} is listed twice, as {roles}, as in the source."
        if themes:
            description += (f" Themes ({theme_cell.replace(SEP, ', ')}) are derived from the title and the participants' "
                            "names, not source data.")
        cooperations.append({
            "id": pid,
            "title": f"{p['acronym']} — {p['project_title']}",
            "kind": "project",
            "programme": COVE_PROGRAMME,
            "themes": theme_cell,
            "themes_derived": theme_cell,
            "themes_note": theme_note,
            "start_year": str(active[0]),
            "end_year": str(active[1]),
            "call_year": str(call_year),
            "years_derived": durations.derived_note(COVE_PROGRAMME, call_year),
            "description": description,
            "source": SEP.join(COVE_SOURCE),
        })
    unknown = set(by_project) - {p["id"] for p in projects}
    if unknown:
        raise BuildError(f"cove_participants.csv: projects missing from cove_projects.csv: {sorted(unknown)}")
    return actors, cooperations, participations, ids


# ----------------------------------------------------------------------------- EQAVET


def eqavet_actor_id(code: str, where: str) -> str:
    if code.startswith("BE"):
        if code not in BELGIAN_COMMUNITIES:
            raise BuildError(f"{where}: unknown Belgian code {code!r}")
        return BELGIAN_COMMUNITIES[code]
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise BuildError(f"{where}: {code!r} is not a country code")
    return iso(code)


def eqavet_id(year: str, host_code: str) -> str:
    return f"eqavet-{year}-{host_code.lower()}"


def build_eqavet(country_names: dict[str, str], subnational: dict[str, dict[str, str]]):
    reviews = read_csv(SOURCES / "eqavet_peer_reviews.csv")
    edges = read_csv(SOURCES / "eqavet_peer_review_edges.csv")
    curation = {r["cooperation_id"]: r for r in read_curated(
        "eqavet_curation.csv", ["cooperation_id", "themes", "themes_derived", "extra_source", "extra_note"])}

    def name_of(actor_id: str) -> str:
        if actor_id in subnational:
            return subnational[actor_id]["name"]
        return country_names[actor_id]

    cooperations, participations = [], []
    seen = set()
    for r in reviews:
        cid = eqavet_id(r["year"], r["host_code"])
        where = f"eqavet_peer_reviews.csv, {cid}"
        if cid in seen:
            raise BuildError(f"{where}: two reviews give the same id")
        seen.add(cid)
        if r["year"] not in r["dates_as_stated"]:
            raise BuildError(f"{where}: year {r['year']} is not in the dates {r['dates_as_stated']!r}")
        if cid not in curation:
            raise BuildError(f"{where}: no row in data/curated/eqavet_curation.csv")
        cur = curation[cid]
        themes = themes_cell(split_list(cur["themes"]), f"eqavet_curation.csv, {cid}")
        derived = themes_cell(split_list(cur["themes_derived"]), f"eqavet_curation.csv, {cid}")
        if not set(split_list(derived)) <= set(split_list(themes)):
            raise BuildError(f"eqavet_curation.csv, {cid}: themes_derived not among themes")
        host = eqavet_actor_id(r["host_code"], where)
        peers = [eqavet_actor_id(c.strip(), where) for c in r["peer_codes"].split(";") if c.strip()]
        if len(set(peers)) != len(peers) or host in peers:
            raise BuildError(f"{where}: repeated peer or host among peers")
        parts = [f"{r['topic_as_stated']}."]
        host_line = f"Host: {r['host_body']} ({r['host_as_stated']}), {r['dates_as_stated']}"
        if r["format"]:
            host_line += f", {r['format']}"
        parts.append(host_line + ".")
        peers_line = f"Peers as stated: {r['peers_as_stated']}"
        if r["peer_count_as_stated"]:
            peers_line += f" ({r['peer_count_as_stated']})"
        parts.append(peers_line + ".")
        if not r["ordinal_as_stated"].startswith("(no ordinal"):
            parts.append(f"The source calls it the '{r['ordinal_as_stated']}' ({r['cycle']} cycle).")
        else:
            parts.append(f"{r['cycle']} cycle.")
        if r["notes"]:
            parts.append(f"Note: {r['notes']}.")
        if cur["extra_note"]:
            parts.append(cur["extra_note"])
        sources = [u.strip() for u in r["source_urls"].split(" ; ") if u.strip()]
        sources += [u for u in split_list(cur["extra_source"]) if u not in sources]
        cooperations.append({
            "id": cid,
            "title": f"EQAVET peer review hosted by {name_of(host)}, {r['dates_as_stated']}",
            "kind": "peer review",
            "programme": EQAVET_PROGRAMME,
            "themes": themes,
            "themes_derived": derived,
            "start_year": check_year(r["year"], where),
            "end_year": check_year(r["year"], where),
            "description": " ".join(parts),
            "source": SEP.join(sources),
        })
        participations.append({"cooperation_id": cid, "actor_id": host, "role": "host"})
        participations += [{"cooperation_id": cid, "actor_id": p, "role": "peer"} for p in peers]

    extra = set(curation) - seen
    if extra:
        raise BuildError(f"data/curated/eqavet_curation.csv: rows for unknown reviews {sorted(extra)}")

    # every peer -> host row of the edges file must be a participation (and vice versa)
    dates = {eqavet_id(r["year"], r["host_code"]): r["dates_as_stated"] for r in reviews}
    peer_rows = {(p["cooperation_id"], p["actor_id"]) for p in participations if p["role"] == "peer"}
    hosts = {(p["cooperation_id"], p["actor_id"]) for p in participations if p["role"] == "host"}
    edge_keys = set()
    for i, e in enumerate(edges, start=2):
        where = f"eqavet_peer_review_edges.csv, line {i}"
        cid = eqavet_id(e["year"], e["host_code"])
        key = (cid, eqavet_actor_id(e["peer_code"], where))
        if cid not in dates:
            raise BuildError(f"{where}: no review {cid} for host {e['host_code']} in {e['year']}")
        if e["dates_as_stated"] != dates[cid]:
            raise BuildError(f"{where}: dates {e['dates_as_stated']!r} differ from the review's {dates[cid]!r}")
        if (cid, eqavet_actor_id(e["host_code"], where)) not in hosts:
            raise BuildError(f"{where}: host {e['host_code']} is not the host participation of {cid}")
        if key not in peer_rows:
            raise BuildError(f"{where}: peer {e['peer_code']} -> {e['host_code']} ({e['year']}) is not a participation")
        if key in edge_keys:
            raise BuildError(f"{where}: duplicate edge")
        edge_keys.add(key)
    if edge_keys != peer_rows or len(edges) != 129:
        raise BuildError(f"EQAVET peers: {len(edges)} edge rows, {len(peer_rows)} peer participations; "
                         f"not in the edges file: {sorted(peer_rows - edge_keys)}")
    return cooperations, participations


# ----------------------------------------------------------------------------- curated article records


def build_curated(cove_ids: dict[str, str]):
    actor_cols = schema.TABLES["actors"].names
    # the curated records give their years and themes as their sources state them: no derived-years columns
    coop_cols = [c for c in schema.TABLES["cooperations"].names if c not in CURATED_ABSENT]
    part_cols = schema.TABLES["participations"].names
    actors = read_curated("article_actors.csv", actor_cols)
    subnational = read_curated("subnational_actors.csv", actor_cols)
    # the curated records give no weights (every cooperation counts 1) and state no topics
    cooperations = read_curated("article_cooperations.csv", [c for c in coop_cols if c not in ("weight", "topics")])
    participations = read_curated("article_participations.csv", part_cols)
    same_body = read_curated("same_body.csv", ["actor_id", "cove_organisation", "names_in_sources", "evidence"])

    reused = set()
    for r in same_body:
        if cove_ids.get(r["cove_organisation"]) != r["actor_id"]:
            raise BuildError(f"data/curated/same_body.csv: {r['cove_organisation']!r} has CoVE id "
                             f"{cove_ids.get(r['cove_organisation'])!r}, not {r['actor_id']!r}")
        reused.add(r["actor_id"])
    defined = {a["id"] for a in actors}
    for p in participations:
        if p["actor_id"].startswith("org-") and p["actor_id"] not in defined and p["actor_id"] not in reused:
            raise BuildError(f"data/curated/article_participations.csv: {p['actor_id']} is neither a curated actor "
                             "nor a CoVE actor documented in data/curated/same_body.csv")

    for c in cooperations:
        where = f"data/curated/article_cooperations.csv, {c['id']}"
        check_vocab(vocab.COOPERATION_KINDS, c["kind"], where)
        c["themes"] = themes_cell(split_list(c["themes"]), where)
        c["themes_derived"] = themes_cell(split_list(c["themes_derived"]), where)
        check_year(c["start_year"], where)
        check_year(c["end_year"], where)
        if c["start_year"] and c["end_year"] and int(c["end_year"]) < int(c["start_year"]):
            raise BuildError(f"{where}: end_year before start_year")
        if not split_list(c["source"]):
            raise BuildError(f"{where}: no source")
        if not c["description"]:
            raise BuildError(f"{where}: no description")
    for p in participations:
        check_vocab(vocab.ROLES, p["role"], f"data/curated/article_participations.csv, {p['cooperation_id']}")
    return actors, subnational, cooperations, participations


# ----------------------------------------------------------------------------- main


def build(out: Path) -> dict[str, int]:
    countries = build_countries()
    country_codes = {c["code"] for c in countries}
    country_names = {c["code"]: c["name"] for c in countries}

    cove_actors, cove_coops, cove_parts, cove_ids = build_cove()
    art_actors, subnational, art_coops, art_parts = build_curated(cove_ids)
    eq_coops, eq_parts = build_eqavet(country_names, {a["id"]: a for a in subnational})

    actors = cove_actors + art_actors + subnational
    cooperations = cove_coops + eq_coops + art_coops
    participations = cove_parts + eq_parts + art_parts

    # country actors for every country code a participation names
    defined = {a["id"] for a in actors}
    for code in sorted({p["actor_id"] for p in participations} - defined):
        if code not in country_codes:
            raise BuildError(f"participation names actor {code!r}, which is neither defined nor a country code")
        actors.append({"id": code, "name": country_names[code], "kind": "country", "country": code})

    # --- checks across tables
    for table, rows in (("actors", actors), ("cooperations", cooperations)):
        dupes = [i for i, n in Counter(r["id"] for r in rows).items() if n > 1]
        if dupes:
            raise BuildError(f"{table}: duplicate ids {dupes}")
    actor_ids = {a["id"] for a in actors}
    coop_ids = {c["id"] for c in cooperations}
    for a in actors:
        where = f"actor {a['id']}"
        check_vocab(vocab.ACTOR_KINDS, a["kind"], where)
        if a.get("country") and a["country"] not in country_codes:
            raise BuildError(f"{where}: country {a['country']!r} is not in data/curated/countries.csv")
        if a.get("region"):
            check_vocab(vocab.REGIONS, a["region"], where)
        if not a["name"] or "\n" in a["id"] or "\n" in a["name"]:
            raise BuildError(f"{where}: empty name or line break")
    for c in cooperations:
        check_vocab(vocab.COOPERATION_KINDS, c["kind"], f"cooperation {c['id']}")
    seen_parts = set()
    for p in participations:
        where = f"participation {p['cooperation_id']} / {p['actor_id']}"
        if p["cooperation_id"] not in coop_ids:
            raise BuildError(f"{where}: unknown cooperation")
        if p["actor_id"] not in actor_ids:
            raise BuildError(f"{where}: unknown actor")
        key = (p["cooperation_id"], p["actor_id"], p["role"])
        if key in seen_parts:
            raise BuildError(f"{where}: the same actor twice in the same role")
        seen_parts.add(key)
    without = coop_ids - {p["cooperation_id"] for p in participations}
    if without:
        raise BuildError(f"cooperations without participants: {sorted(without)}")
    unused = {a["id"] for a in art_actors} - {p["actor_id"] for p in participations}
    if unused:
        raise BuildError(f"curated actors without participations: {sorted(unused)}")

    conflicts = read_curated("conflicts.csv", schema.TABLES["conflicts"].names)
    for c in conflicts:
        where = f"data/curated/conflicts.csv, {c['cooperation_id']}"
        if c["cooperation_id"] not in coop_ids:
            raise BuildError(f"{where}: unknown cooperation")
        if c["field"] not in schema.TABLES["cooperations"].names:
            raise BuildError(f"{where}: {c['field']!r} is not a column of cooperations")
        if not c["value"] or not c["source"]:
            raise BuildError(f"{where}: empty value or source")
    attributions = read_curated("attributions.csv", schema.TABLES["attributions"].names)
    programmes = {c["programme"] for c in cooperations}
    for a in attributions:
        if a["programme"] and a["programme"] not in programmes:
            raise BuildError(f"data/curated/attributions.csv: no cooperation has programme {a['programme']!r}")

    # --- sort and write
    actors.sort(key=lambda r: r["id"])
    cooperations.sort(key=lambda r: r["id"])
    participations.sort(key=lambda r: (r["cooperation_id"], ROLE_ORDER[r["role"]], r["actor_id"]))
    conflicts.sort(key=lambda r: (r["cooperation_id"], r["field"]))  # stable: curated order within
    attributions.sort(key=lambda r: r["programme"])

    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "actors": actors, "cooperations": cooperations, "participations": participations,
        "countries": countries, "conflicts": conflicts, "attributions": attributions,
    }
    for name, rows in tables.items():
        write_csv(out / f"{name}.csv", schema.TABLES[name].names, rows)
    return {name: len(rows) for name, rows in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data",
                        help="folder to write the tables to (default: data/)")
    args = parser.parse_args(argv)
    try:
        counts = build(args.out)
    except BuildError as exc:
        print(f"build_data: {exc}", file=sys.stderr)
        return 1
    for name, n in counts.items():
        print(f"{name}.csv: {n} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
