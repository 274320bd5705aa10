"""Synthetic datasets shaped like Erasmus+ VET cooperation, at any size.

:func:`generate` makes a dataset in the project's own schema (actors,
cooperations, participations, plus an attribution that says the data is
synthetic) with the structure of the real data, so the explorer can be tried
and measured at the size of a full Erasmus+ VET export (~20,000
organisations, ~100,000 links) without that export.

What is realistic about it
--------------------------
- **Consortium sizes** by programme: Centres of Vocational Excellence like
  the bundled CoVE projects (12–84 participants, mean about 25); cooperation
  partnerships (KA220-VET) mostly 3–10; small-scale partnerships (KA210-VET)
  2–4; EQAVET-style peer reviews 2–5. See :data:`PROGRAMMES`.
- **Countries** weighted like the participants of the bundled CoVE projects
  (:data:`COUNTRY_WEIGHTS`, counted from ``data/sources/cove_participants.csv``).
- **A heavy tail of frequent participants**: each organisation has an
  activity drawn from a Zipf-like law (rank ** -:data:`ZIPF_EXPONENT`) and
  places in consortia go to organisations in proportion to it, so a few
  take part in dozens of cooperations and most in one or two. Every
  organisation takes part at least once when there are enough places.
- Every consortium is **transnational** (at least two countries), has one
  coordinator (or host), plausible themes from the controlled vocabulary and
  start and end years in the programme's period.

Names are made up and marked as such; nothing refers to a real organisation.
The same arguments give byte-identical files.

Examples
--------
>>> ds = generate_dataset(organisations=300, cooperations=80, seed=1)
>>> len(ds.actors), len(ds.cooperations)
(300, 80)
>>> generate_dataset(organisations=300, cooperations=80, seed=1).fingerprint == ds.fingerprint
True
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .fileio import atomic_write

__all__ = ["Programme", "PROGRAMMES", "COUNTRY_WEIGHTS", "ZIPF_EXPONENT", "generate_tables", "generate",
           "generate_dataset", "write_tables", "PRESETS"]

#: Participations per country among the 1,856 participants of the 73 bundled CoVE projects
#: (``data/sources/cove_participants.csv``, EU codes EL/UK written as ISO GR/GB); a test checks the counts.
COUNTRY_WEIGHTS: dict[str, int] = {
    "ES": 209, "IT": 208, "GR": 207, "DE": 148, "NL": 92, "BE": 85, "PT": 79, "FR": 70, "FI": 59, "CY": 57,
    "PL": 55, "AT": 54, "DK": 49, "TR": 47, "RO": 37, "LT": 37, "SI": 35, "IE": 33, "BG": 30, "LV": 29,
    "SE": 26, "EE": 26, "SK": 21, "RS": 20, "NO": 19, "CZ": 19, "MK": 16, "HR": 14, "UA": 13, "HU": 12,
    "BA": 11, "GB": 9, "MT": 6, "LU": 4, "AL": 3, "CA": 3, "GH": 3, "MD": 2, "XK": 2, "CH": 2, "AM": 1,
    "ZA": 1, "CN": 1, "GE": 1, "EG": 1,
}

#: Activity of the organisation of rank r is proportional to r ** -ZIPF_EXPONENT.
ZIPF_EXPONENT = 0.7


@dataclass(frozen=True)
class Programme:
    """One kind of cooperation the generator makes.

    Attributes
    ----------
    name : str
        The ``programme`` column.
    kind : str
        The cooperation kind (vocabulary term).
    share : float
        Share of the cooperations.
    min_size, max_size : int
        Consortium size bounds.
    size : tuple
        ("lognormal", median excess over min_size, sigma) or ("geometric", mean excess over min_size).
    years : tuple
        First and last possible start year.
    duration : tuple
        Shortest and longest duration in years (end = start + duration).
    roles : tuple
        Roles of the participants after the first, with their probabilities.
    first_role : str
        Role of the first participant (coordinator, host).
    themes : dict
        Theme → probability of being picked (at least one is).
    """

    name: str
    kind: str
    share: float
    min_size: int
    max_size: int
    size: tuple
    years: tuple[int, int]
    duration: tuple[int, int]
    roles: tuple[tuple[str, float], ...]
    first_role: str
    themes: dict[str, float]
    code: str


#: The programmes, shares and shapes of the synthetic cooperations.
PROGRAMMES: tuple[Programme, ...] = (
    Programme("Erasmus+ CoVE", "project", 0.02, 12, 84, ("lognormal", 11.0, 0.6), (2019, 2025), (4, 4),
              (("partner", 0.55), ("associated partner", 0.37), ("affiliated entity", 0.08)), "coordinator",
              {"green": 0.45, "digital": 0.40, "innovation": 0.30, "wbl": 0.20, "curricula": 0.20,
               "teachers": 0.15, "entrepreneurship": 0.10, "cvet": 0.15}, "cove"),
    Programme("Erasmus+ KA220-VET", "project", 0.50, 3, 15, ("geometric", 2.5), (2021, 2025), (2, 3),
              (("partner", 1.0),), "coordinator",
              {"digital": 0.35, "green": 0.30, "inclusion": 0.25, "teachers": 0.20, "wbl": 0.15,
               "curricula": 0.15, "entrepreneurship": 0.10, "internationalisation": 0.10, "validation": 0.05},
              "ka220"),
    Programme("Erasmus+ KA210-VET", "project", 0.45, 2, 4, ("geometric", 0.8), (2021, 2025), (1, 2),
              (("partner", 1.0),), "coordinator",
              {"inclusion": 0.30, "digital": 0.30, "green": 0.25, "teachers": 0.20, "internationalisation": 0.15,
               "wbl": 0.10}, "ka210"),
    Programme("EQAVET", "peer review", 0.03, 2, 5, ("geometric", 1.2), (2016, 2024), (0, 0),
              (("peer", 1.0),), "host", {"quality": 1.0, "validation": 0.10, "teachers": 0.10}, "eqavet"),
)

_ORG_TYPES = (
    ("Vocational School", 0.28), ("VET College", 0.14), ("Training Centre", 0.12),
    ("University of Applied Sciences", 0.08), ("Chamber of Commerce", 0.06), ("Regional Development Agency", 0.05),
    ("Employers' Association", 0.05), ("Adult Education Centre", 0.06), ("Industry Cluster", 0.05),
    ("Foundation for Skills", 0.04), ("Municipality", 0.03), ("Research Institute", 0.04),
)
_SYLLABLES = ("ba", "ra", "lo", "vi", "ne", "sta", "kor", "mi", "tal", "den", "ber", "sa", "po", "li", "ka", "ven",
              "dor", "ta", "mar", "el", "no", "rin", "gal", "to", "se", "lan", "ro", "mo", "tei", "va")
_TITLE_HEAD = {"green": "Green skills", "digital": "Digital readiness", "wbl": "Work-based learning",
               "quality": "Quality assurance", "teachers": "Teachers and trainers", "internationalisation":
               "Internationalisation", "innovation": "Innovation hubs", "leadership": "School leadership",
               "curricula": "Joint curricula", "validation": "Validation of learning", "inclusion":
               "Inclusive VET", "entrepreneurship": "Entrepreneurial skills", "cvet": "Upskilling pathways"}
_SECTORS = ("construction", "tourism", "agri-food", "automotive", "health care", "logistics", "energy",
            "textiles", "maritime", "ICT", "manufacturing", "hospitality", "social care", "forestry", "retail",
            "aerospace", "water management", "creative industries")

#: Sizes used by the benchmark: (organisations, cooperations) giving about 25,000 and 100,000 links.
PRESETS: dict[str, tuple[int, int]] = {"M": (5_000, 1_660), "L": (20_000, 6_600)}

ATTRIBUTION = ("Synthetic data made by 'graph-explorer generate' (seed {seed}): made-up organisations and "
               "cooperations shaped like Erasmus+ VET data; not real records.")


def _zipf_weights(n: int, rng: np.random.Generator) -> np.ndarray:
    w = np.arange(1, n + 1, dtype=float) ** -ZIPF_EXPONENT
    return w[rng.permutation(n)]


def _name(rng: np.random.Generator) -> str:
    n = int(rng.integers(2, 4))
    return "".join(_SYLLABLES[int(i)] for i in rng.integers(0, len(_SYLLABLES), size=n)).capitalize()


def _sizes(prog: Programme, n: int, rng: np.random.Generator) -> np.ndarray:
    if prog.size[0] == "lognormal":
        excess = rng.lognormal(np.log(prog.size[1]), prog.size[2], size=n)
    else:
        mean = prog.size[1]
        excess = rng.geometric(1.0 / (1.0 + mean), size=n) - 1.0
    return np.clip(np.round(prog.min_size + excess), prog.min_size, prog.max_size).astype(np.int64)


def generate_tables(organisations: int, cooperations: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The tables of a synthetic dataset (as the CSV files hold them: strings and numbers).

    Parameters
    ----------
    organisations : int
        Number of organisations (actors of kind ``organisation``), at least 2.
    cooperations : int
        Number of cooperations, at least 1.
    seed : int
        The same seed gives the same tables.

    Returns
    -------
    dict
        ``actors``, ``cooperations``, ``participations`` and ``attributions`` DataFrames.
    """
    if organisations < 2:
        raise ValueError("organisations must be at least 2 (a cooperation needs two partners).")
    if cooperations < 1:
        raise ValueError("cooperations must be at least 1.")
    rng = np.random.default_rng(seed)
    n = int(organisations)

    # -- organisations: country, activity, name
    codes = np.array(list(COUNTRY_WEIGHTS))
    cw = np.array(list(COUNTRY_WEIGHTS.values()), dtype=float)
    org_country = codes[rng.choice(len(codes), size=n, p=cw / cw.sum())]
    activity = _zipf_weights(n, rng)
    type_names = [t for t, _ in _ORG_TYPES]
    type_p = np.array([p for _, p in _ORG_TYPES])
    org_type = rng.choice(len(type_names), size=n, p=type_p / type_p.sum())
    names, seen = [], set()
    for i in range(n):
        base = f"{type_names[org_type[i]]} {_name(rng)} ({org_country[i]})"
        name, k = base, 2
        while name.casefold() in seen:
            name, k = f"{base} {k}", k + 1
        seen.add(name.casefold())
        names.append(name)
    org_ids = np.array([f"org-{i + 1:06d}" for i in range(n)])

    # -- cooperations: programme and size
    shares = np.array([p.share for p in PROGRAMMES])
    prog_of = rng.choice(len(PROGRAMMES), size=int(cooperations), p=shares / shares.sum())
    sizes = np.empty(len(prog_of), dtype=np.int64)
    for k, prog in enumerate(PROGRAMMES):
        at = np.flatnonzero(prog_of == k)
        sizes[at] = _sizes(prog, len(at), rng)
    sizes = np.minimum(sizes, n)

    # -- places: every organisation once (while places last), the rest by activity (heavy tail)
    total = int(sizes.sum())
    fresh_slots = np.zeros(total, dtype=bool)
    fresh_slots[rng.choice(total, size=min(n, total), replace=False)] = True
    fresh_queue = list(rng.permutation(n)[: min(n, total)])
    cum = np.cumsum(activity)
    cum /= cum[-1]
    by_country = {c: np.flatnonzero(org_country == c) for c in codes}

    def weighted(k: int) -> np.ndarray:
        return np.minimum(np.searchsorted(cum, rng.random(k), side="right"), n - 1)

    members: list[np.ndarray] = []
    pos = 0
    fq = 0
    for size in sizes.tolist():
        mask = fresh_slots[pos:pos + size]
        pos += size
        n_fresh = int(mask.sum())
        chosen = [int(x) for x in fresh_queue[fq:fq + n_fresh]]
        fresh_set = set(chosen)
        fq += n_fresh
        taken = set(chosen)
        while len(chosen) < size:
            for j in weighted(2 * (size - len(chosen)) + 2).tolist():
                if j not in taken:
                    taken.add(j)
                    chosen.append(j)
                    if len(chosen) == size:
                        break
        arr = np.array(chosen, dtype=np.int64)
        arr = arr[rng.permutation(size)]
        # transnational: at least two countries. The member swapped out is one drawn by activity (it
        # takes part elsewhere too); a consortium of first-timers swaps its last member with a later
        # first-timer of another country, so every organisation still takes part once.
        if size >= 2 and len(set(org_country[arr].tolist())) == 1:
            home = org_country[arr[0]]
            drawn = [i for i in range(size - 1, 0, -1) if int(arr[i]) not in fresh_set]
            if drawn:
                others = [c for c in codes if c != home and len(by_country[c])]
                p = np.array([COUNTRY_WEIGHTS[c] for c in others], dtype=float)
                pool = by_country[others[int(rng.choice(len(others), p=p / p.sum()))]]
                pick = pool[np.searchsorted(np.cumsum(activity[pool]), rng.random() * activity[pool].sum(),
                                            side="right").clip(0, len(pool) - 1)]
                if int(pick) not in taken:
                    arr[drawn[0]] = pick
            else:
                later = next((q for q in range(fq, len(fresh_queue)) if org_country[fresh_queue[q]] != home), None)
                if later is not None:
                    fresh_queue[later], arr[-1] = arr[-1], fresh_queue[later]
        members.append(arr)

    # -- cooperation attributes
    coop_rows, part_rows = [], []
    counters = {p.code: 0 for p in PROGRAMMES}
    for j, (k, arr) in enumerate(zip(prog_of.tolist(), members)):
        prog = PROGRAMMES[k]
        counters[prog.code] += 1
        start = int(rng.integers(prog.years[0], prog.years[1] + 1))
        end = start + int(rng.integers(prog.duration[0], prog.duration[1] + 1))
        themes = [t for t, p in prog.themes.items() if rng.random() < p]
        if not themes:
            t = list(prog.themes)
            pt = np.array(list(prog.themes.values()))
            themes = [t[int(rng.choice(len(t), p=pt / pt.sum()))]]
        themes = themes[:3]
        sector = _SECTORS[int(rng.integers(len(_SECTORS)))]
        cid = f"{prog.code}-{start}-{counters[prog.code]:05d}"
        if prog.kind == "peer review":
            title = f"Peer review of a VET provider in {org_country[arr[0]]} ({sector})"
        else:
            title = f"{_TITLE_HEAD[themes[0]]} in {sector}: {_name(rng).upper()}"
        coop_rows.append((cid, title, prog.kind, prog.name, ";".join(themes), start, end))
        roles = [r for r, _ in prog.roles]
        rp = np.array([p for _, p in prog.roles])
        later = rng.choice(len(roles), size=len(arr) - 1, p=rp / rp.sum()) if len(arr) > 1 else []
        part_rows.append((cid, org_ids[arr[0]], prog.first_role))
        part_rows.extend((cid, org_ids[a], roles[int(r)]) for a, r in zip(arr[1:].tolist(), later))

    actors = pd.DataFrame({"id": org_ids, "name": names, "kind": "organisation", "country": org_country,
                           "region": "", "lat": "", "lon": "", "url": ""})
    coops = pd.DataFrame(coop_rows, columns=["id", "title", "kind", "programme", "themes", "start_year", "end_year"])
    coops.insert(5, "themes_derived", "")
    coops["description"] = "Synthetic cooperation (graph-explorer generate)."
    coops["source"] = f"graph-explorer generate --seed {seed}"
    parts = pd.DataFrame(part_rows, columns=["cooperation_id", "actor_id", "role"])
    attributions = pd.DataFrame({"programme": [""], "text": [ATTRIBUTION.format(seed=seed)]})
    return {"actors": actors, "cooperations": coops, "participations": parts, "attributions": attributions}


def write_tables(tables: dict[str, pd.DataFrame], out_dir) -> list[Path]:
    """Write each table as ``<name>.csv`` in ``out_dir`` (UTF-8, ``\\n`` line ends), atomically per file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        buf = io.StringIO()
        df.to_csv(buf, index=False, lineterminator="\n")
        written.append(atomic_write(out / f"{name}.csv", buf.getvalue()))
    return written


def generate(organisations: int, cooperations: int, seed: int, out_dir) -> list[Path]:
    """Write a synthetic dataset folder (see the module docstring); returns the files written."""
    return write_tables(generate_tables(organisations, cooperations, seed), out_dir)


def generate_dataset(organisations: int, cooperations: int, seed: int = 0, name: str | None = None):
    """A synthetic dataset loaded and validated as a user's folder would be (via a temporary folder)."""
    from .dataset import load_dataset

    with tempfile.TemporaryDirectory(prefix="graph-explorer-generate-") as tmp:
        generate(organisations, cooperations, seed, tmp)
        return load_dataset(tmp, name=name or f"synthetic-{organisations}-{cooperations}-{seed}")
