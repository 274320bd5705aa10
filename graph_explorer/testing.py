"""Small hand-made datasets with known answers, for tests, doctests and docs.

:func:`make_dataset` builds an already-normalised :class:`Dataset` from plain
Python rows (no files, no validation), so that a test states its data next to
the answer it expects.
"""

from __future__ import annotations

import pandas as pd

from .dataset.model import Dataset

__all__ = ["make_dataset", "tiny_dataset", "TINY_COUNTRIES"]

#: code, name, lat, lon, eu_member, region
TINY_COUNTRIES = [
    ("LV", "Latvia", 56.95, 24.11, True, "Baltic"),
    ("LT", "Lithuania", 54.69, 25.28, True, "Baltic"),
    ("EE", "Estonia", 59.44, 24.75, True, "Baltic"),
    ("FI", "Finland", 60.17, 24.94, True, "Nordic"),
    ("DE", "Germany", 52.52, 13.40, True, "Western"),
    ("BE", "Belgium", 50.85, 4.35, True, "Western"),
]


def make_dataset(actors, cooperations, participations, countries=TINY_COUNTRIES, name="test") -> Dataset:
    """A Dataset from rows.

    Parameters
    ----------
    actors : list of (id, name, kind, country)
    cooperations : list of (id, kind, themes tuple, start, end), optionally with a 6th item, programme,
        and a 7th, weight (default: none, i.e. 1)
    participations : list of (cooperation_id, actor_id, role)
    """
    ctab = pd.DataFrame(countries, columns=["code", "name", "lat", "lon", "eu_member", "region"])
    ctab.insert(1, "eu_code", None)
    a = pd.DataFrame(actors, columns=["id", "name", "kind", "country"])
    a["country"] = a["country"].replace("", None)
    info = ctab.set_index("code")
    a["region"] = a["country"].map(info["region"]).astype(object)
    a["lat"] = a["country"].map(info["lat"]).astype(float)
    a["lon"] = a["country"].map(info["lon"]).astype(float)
    a["url"] = None
    rows = []
    for c in cooperations:
        cid, kind, themes, start, end = c[:5]
        programme = c[5] if len(c) > 5 else "Test"
        weight = float(c[6]) if len(c) > 6 and c[6] is not None else float("nan")
        rows.append({"id": cid, "title": cid.upper(), "kind": kind, "programme": programme,
                     "themes": tuple(themes), "themes_derived": (), "start_year": start, "end_year": end,
                     "description": "", "source": (), "weight": weight})
    for col in ("start_year", "end_year"):
        values = [None if r[col] is None else int(r[col]) for r in rows]
        for r, v in zip(rows, values):
            r[col] = v
    coops = pd.DataFrame(rows)
    for col in ("start_year", "end_year"):
        coops[col] = pd.array([r[col] for r in rows], dtype="Int64")
    coops["end_year"] = coops["end_year"].fillna(coops["start_year"])
    parts = pd.DataFrame(participations, columns=["cooperation_id", "actor_id", "role"])
    empty = pd.DataFrame({"cooperation_id": [], "field": [], "value": [], "source": [], "note": []}, dtype=object)
    attributions = pd.DataFrame({"programme": [None], "text": ["Test data"]})
    return Dataset(a, coops, parts, ctab, empty, attributions, report=None, name=name)


def tiny_dataset() -> Dataset:
    """Five actors in four countries, four cooperations; answers worked out by hand.

    ====  ==================  =======  =========================
    id    kind                years    participants
    ====  ==================  =======  =========================
    p1    project (green)     2021     a(LV) b(LV) c(LT) d(FI)
    p2    partnership (wbl)   2023     a(LV) b(LV)
    p3    peer review (qual.) 2022     c(LT) e(DE)  (e hosts)
    p4    network             —        n (no country) alone
    ====  ==================  =======  =========================

    Organisation level, count: a–b 2, a–c 1, a–d 1, b–c 1, b–d 1, c–d 1, c–e 1.
    Newman: p1 has 4 nodes → 1/3 per pair; p2, p3 → 1. So a–b = 1/3 + 1.
    Country level: LV–LT 1, LV–FI 1, LT–FI 1, LT–DE 1 (LV–LV is no link);
    Newman: p1 has 3 countries → 1/2 per pair.
    """
    actors = [
        ("a", "Alpha College", "organisation", "LV"),
        ("b", "Beta School", "organisation", "LV"),
        ("c", "Centre C", "organisation", "LT"),
        ("d", "Delta Oy", "organisation", "FI"),
        ("e", "Echo Ministry", "country", "DE"),
        ("n", "Network N", "network", ""),
    ]
    coops = [
        ("p1", "project", ("green",), 2021, 2021, "Erasmus+ CoVE"),
        ("p2", "partnership", ("wbl",), 2023, 2023, "bilateral"),
        ("p3", "peer review", ("quality",), 2022, 2022, "EQAVET"),
        ("p4", "network", (), None, None, "other"),
    ]
    parts = [
        ("p1", "a", "coordinator"), ("p1", "b", "partner"), ("p1", "c", "partner"), ("p1", "d", "partner"),
        ("p2", "a", "partner"), ("p2", "b", "partner"),
        ("p3", "c", "peer"), ("p3", "e", "host"),
        ("p4", "n", "member"),
    ]
    return make_dataset(actors, coops, parts)


