"""A seeded, made-up dataset shaped like the bundled one, for app tests that must not wait for real data.

Organisations in a score of European countries take part in consortia
(a few large CoVE-like projects and many small partnerships), with themes,
years, programmes, sources (some not URLs, one ``javascript:``) and a source
conflict — every feature the explorer shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graph_explorer.dataset.model import Dataset
from graph_explorer.testing import make_dataset

COUNTRIES = [
    ("LV", "Latvia", 56.95, 24.11, True, "Baltic"), ("LT", "Lithuania", 54.69, 25.28, True, "Baltic"),
    ("EE", "Estonia", 59.44, 24.75, True, "Baltic"), ("FI", "Finland", 60.17, 24.94, True, "Nordic"),
    ("SE", "Sweden", 59.33, 18.07, True, "Nordic"), ("DK", "Denmark", 55.68, 12.57, True, "Nordic"),
    ("DE", "Germany", 52.52, 13.40, True, "Western"), ("NL", "Netherlands", 52.37, 4.90, True, "Western"),
    ("BE", "Belgium", 50.85, 4.35, True, "Western"), ("FR", "France", 48.86, 2.35, True, "Western"),
    ("ES", "Spain", 40.42, -3.70, True, "Southern"), ("IT", "Italy", 41.90, 12.50, True, "Southern"),
    ("PT", "Portugal", 38.72, -9.14, True, "Southern"), ("GR", "Greece", 37.98, 23.73, True, "Southern"),
    ("PL", "Poland", 52.23, 21.01, True, "Central and Eastern"), ("CZ", "Czechia", 50.08, 14.44, True,
                                                                     "Central and Eastern"),
    ("HU", "Hungary", 47.50, 19.04, True, "Central and Eastern"), ("RO", "Romania", 44.43, 26.10, True,
                                                                    "Central and Eastern"),
    ("RS", "Serbia", 44.79, 20.45, False, "Western Balkans"), ("AL", "Albania", 41.33, 19.82, False,
                                                                "Western Balkans"),
]
THEMES = ["green", "digital", "wbl", "quality", "teachers", "innovation"]
KINDS = ["project", "partnership", "peer review", "alliance"]
PROGRAMMES = ["Erasmus+ CoVE", "EQAVET", "bilateral"]


def fake_dataset(n_orgs: int = 240, n_coops: int = 40, big: int = 4, big_size: int = 40, seed: int = 7) -> Dataset:
    """``n_orgs`` organisations, ``n_coops`` cooperations of which ``big`` have ``big_size`` partners."""
    rng = np.random.default_rng(seed)
    codes = [c[0] for c in COUNTRIES]
    actors = [(f"o{i:04d}", f"{['Vocational', 'Technical', 'Regional', 'City'][i % 4]} College {i:04d}",
               "organisation", codes[int(rng.integers(len(codes)))]) for i in range(n_orgs)]
    actors.append(("ministry-lv", "Ministry of Education of Latvia", "country", "LV"))
    coops, parts = [], []
    ids = [a[0] for a in actors]
    for j in range(n_coops):
        size = big_size if j < big else int(rng.integers(2, 7))
        members = rng.choice(len(ids), size=size, replace=False)
        start = int(rng.integers(2015, 2025))
        themes = tuple(sorted(set(rng.choice(THEMES, size=int(rng.integers(1, 3)), replace=False).tolist())))
        kind = KINDS[j % len(KINDS)]
        coops.append((f"c{j:03d}", kind, themes, start, start + int(rng.integers(0, 4)), PROGRAMMES[j % 3]))
        for k, m in enumerate(members):
            parts.append((f"c{j:03d}", ids[m], "coordinator" if k == 0 else "partner"))
    # the ministry takes part in the first cooperation, so it has links
    parts.append(("c000", "ministry-lv", "associated partner"))
    base = make_dataset(actors, coops, parts, countries=COUNTRIES, name="fake")
    c = base.cooperations.copy()
    c["title"] = [f"{k.title()} {i} on {', '.join(t)}" for i, (k, t) in enumerate(zip(c["kind"], c["themes"]))]
    c["source"] = [(f"https://example.org/coop/{cid}", "EC news, 2023") if i % 5 == 0
                   else (f"https://example.org/coop/{cid}",) for i, cid in enumerate(c["id"])]
    c.loc[1, "source"] = ("javascript:alert(1)",)
    c["themes_derived"] = [tuple(t[:1]) if i % 3 == 0 else () for i, t in enumerate(c["themes"])]
    conflicts = pd.DataFrame({"cooperation_id": ["c000", "c000"], "field": ["start_year", "start_year"],
                              "value": ["2024", "2023"], "source": ["Cedefop article", "EC news"],
                              "note": ["", ""]})
    attributions = pd.DataFrame({"programme": [None, "Erasmus+ CoVE"],
                                 "text": ["Made-up test data", "Erasmus+ Project Results Platform (test)"]})
    return Dataset(base.actors, c, base.participations, base.countries, conflicts, attributions, report=None,
                   name="fake")
