"""Several sources as one dataset: ``--data A --data B``, or a folder holding several files.

Each source is read and validated on its own (its report keeps its problems
by file, row and column), then the datasets are joined:

- **actors** are reconciled the way spellings are merged inside one export
  (:func:`graph_explorer.dataset.reconcile.org_key` within a country): an
  actor of a later source whose (country, key) is that of an earlier actor
  becomes that actor. Actors without a match keep their id (prefixed with the
  source's name when another source uses the same id for another actor);
- **cooperations** with the same id and title in two sources are one (an
  Erasmus+ project in two overlapping exports); another cooperation whose id
  is taken gets the source's name as a prefix;
- **participations** follow their actors and cooperations; a row repeated by
  two sources for the same cooperation is kept once;
- every actor keeps its **source records**: the rows of ``Dataset.merges``
  (spelling, file, rows, rule), so the details panel can say where it comes
  from.

Examples
--------
>>> from graph_explorer.testing import tiny_dataset
>>> ds = combine([tiny_dataset(), tiny_dataset()], ["a", "b"])
>>> len(ds.actors) == len(tiny_dataset().actors), len(ds.cooperations) == len(tiny_dataset().cooperations)
(True, True)
"""

from __future__ import annotations

import pandas as pd

from .model import Dataset
from .reconcile import MERGE_COLUMNS, org_key
from .report import ValidationReport

__all__ = ["combine", "given_records", "SIDECAR_SUFFIXES"]

#: Files beside the data that are overrides, never sources.
SIDECAR_SUFFIXES = (".merges.csv", ".themes.csv")


def given_records(dataset: Dataset, file: str) -> pd.DataFrame:
    """Merge-table rows for a dataset whose actors were taken as given: one per actor (rule ``given``)."""
    a = dataset.actors
    return pd.DataFrame({"actor_id": a["id"].astype(object), "actor_name": a["name"].astype(object),
                         "country": a["country"].astype(object), "name": a["name"].astype(object), "file": file,
                         "rows": "", "columns": "", "occurrences": 1, "rule": "given"})[MERGE_COLUMNS]


def _records(dataset: Dataset, file: str) -> pd.DataFrame:
    if dataset.merges is not None and not dataset.merges.empty:
        return dataset.merges.astype({"actor_id": object})
    return given_records(dataset, file)


def combine(datasets: list[Dataset], names: list[str], *, name: str | None = None) -> Dataset:
    """One dataset from several (see the module docstring); ``names`` name the sources in ids and messages."""
    first = datasets[0]
    actors = [first.actors]
    coops = [first.cooperations]
    parts = [first.participations]
    records = [_records(first, names[0])]
    by_key: dict[tuple, str] = {}  # (country, key) -> actor id, for the sources before the current one
    for i, n, c in zip(first.actors["id"], first.actors["name"], first.actors["country"]):
        by_key.setdefault((c if isinstance(c, str) else None, org_key(n)), i)
    taken_actor = set(first.actors["id"])
    coop_title = dict(zip(first.cooperations["id"], first.cooperations["title"]))
    merged_across = 0
    for ds, source in zip(datasets[1:], names[1:]):
        actor_map, new_rows, new_keys = {}, [], {}
        for i, (aid, nm, c) in enumerate(zip(ds.actors["id"], ds.actors["name"], ds.actors["country"])):
            key = (c if isinstance(c, str) else None, org_key(nm))
            if key in by_key:  # an actor of an earlier source (within one source, ids are kept as given)
                actor_map[aid] = by_key[key]
                merged_across += 1
                continue
            new_id = aid if aid not in taken_actor else f"{source}:{aid}"
            actor_map[aid] = new_id
            new_keys.setdefault(key, new_id)
            taken_actor.add(new_id)
            new_rows.append(i)
        for key, aid in new_keys.items():
            by_key.setdefault(key, aid)
        added = ds.actors.iloc[new_rows].copy()
        added["id"] = added["id"].map(actor_map)
        actors.append(added)
        coop_map, keep = {}, []
        for i, (cid, title) in enumerate(zip(ds.cooperations["id"], ds.cooperations["title"])):
            if cid in coop_title and coop_title[cid] == title:
                coop_map[cid] = cid  # the same cooperation, from another source
                continue
            new_id = cid if cid not in coop_title else f"{source}:{cid}"
            coop_map[cid] = new_id
            coop_title[new_id] = title
            keep.append(i)
        added = ds.cooperations.iloc[keep].copy()
        added["id"] = added["id"].map(coop_map)
        coops.append(added)
        p = ds.participations.copy()
        p["actor_id"] = p["actor_id"].map(actor_map)
        p["cooperation_id"] = p["cooperation_id"].map(coop_map)
        parts.append(p)
        r = _records(ds, source).copy()
        moved = r["actor_id"].map(actor_map)
        r["rule"] = [rule if actor_map.get(a) == a else f"{rule}, across sources"
                     for a, rule in zip(r["actor_id"], r["rule"])]
        r["actor_id"] = moved
        records.append(r)
    actor_table = pd.concat(actors, ignore_index=True)
    coop_table = pd.concat(coops, ignore_index=True)
    # a participation given by two sources for one cooperation counts once
    part_table = _drop_cross_source_repeats(parts, [set(zip(p["cooperation_id"], p["actor_id"], p["role"]))
                                                    for p in parts])
    merges = pd.concat(records, ignore_index=True)
    name_of = dict(zip(actor_table["id"], actor_table["name"]))
    merges["actor_name"] = merges["actor_id"].map(name_of)
    merges = merges.sort_values(["actor_id", "name", "file"], kind="stable").reset_index(drop=True)
    countries = first.countries
    conflicts = pd.concat([d.conflicts for d in datasets], ignore_index=True).drop_duplicates(ignore_index=True)
    attributions = pd.concat([d.attributions for d in datasets], ignore_index=True).drop_duplicates(ignore_index=True)
    problems = [p for d in datasets for p in (d.report.problems if d.report is not None else [])]
    counts = {"actors": len(actor_table), "cooperations": len(coop_table), "participations": len(part_table)}
    lines = [f"{n}: {d.report.read_as.removeprefix('Read as: ')}" for n, d in zip(names, datasets)
             if d.report is not None]
    read_as = (f"Read as: {len(datasets)} sources — {len(coop_table):,} cooperations, {len(part_table):,} "
               f"participations, {len(actor_table):,} actors after merging {merged_across:,} actors across sources"
               f" ({'; '.join(lines)})")
    report = ValidationReport(problems, counts, read_as)
    return Dataset(actor_table, coop_table, part_table, countries, conflicts, attributions, report=report,
                   name=name or "+".join(names), path=None, merges=merges)


def _drop_cross_source_repeats(parts: list[pd.DataFrame], seen_in: list[set]) -> pd.DataFrame:
    """Participations of later sources that an earlier source already gives are dropped; within one source all stay."""
    out = [parts[0]]
    seen = set(seen_in[0])
    for p, own in zip(parts[1:], seen_in[1:]):
        keys = list(zip(p["cooperation_id"], p["actor_id"], p["role"]))
        keep = [k not in seen for k in keys]
        out.append(p[keep])
        seen |= own
    return pd.concat(out, ignore_index=True)
