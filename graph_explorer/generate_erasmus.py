"""Synthetic Erasmus+ Project Results exports, in the platform's exact layout, at any size.

:func:`write_export` writes the CSV the Erasmus+ Project Results platform
gives for download: UTF-8 with a BOM, commas, CRLF line ends, every cell with
a comma, quote or line break quoted, the columns of
:data:`graph_explorer.dataset.formats.erasmus.HEADER` and 38 partner column
groups. The projects and their consortia come from
:func:`graph_explorer.generate.generate_tables` (realistic consortium sizes,
countries and a heavy tail of frequent participants), so the structure is
that of real VET cooperation; what makes it an export is added here:

- the same organisation is spelled differently from row to row (upper case,
  doubled or trailing spaces, a legal-form suffix), as in the real files;
- countries are written with their English names, old or new (Czechia /
  Czech Republic, Türkiye / Turkey, North Macedonia / Macedonia), now and
  then as an ISO code;
- project summaries run over several lines and hold commas and quotes;
  topics are the platform's topic names, several per project.

The same arguments give byte-identical files. Names are made up.

Examples
--------
>>> import io
>>> out = io.BytesIO()
>>> n = write_export(out, projects=20, seed=1)
>>> data = out.getvalue()
>>> data[:3] == b"\\xef\\xbb\\xbf" and b"\\r\\n" in data, n
(True, 20)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from .dataset.formats.erasmus import HEADER, PARTNER_FIELDS

__all__ = ["write_export", "generate_export", "TOPICS", "ACTION_TYPES", "N_PARTNERS"]

#: Partner column groups written (the platform's files have 38).
N_PARTNERS = 38
#: Topic names of the platform by the theme they suggest (None: no theme of the keyword table).
TOPICS = {
    "green": ["Environment and climate change", "Green skills", "Energy and resources"],
    "digital": ["Digital skills and competences", "ICT - new technologies - digital competences",
                "Digital content, technologies and practices"],
    "wbl": ["Work-based learning / Apprenticeships", "Dual education"],
    "quality": ["Quality and relevance of VET", "Quality Improvement Institutions and/or methods"],
    "teachers": ["Teacher training and professional development", "Trainers' competences"],
    "inclusion": ["Inclusion - equity", "Disabilities - special needs", "Migrants' issues"],
    "entrepreneurship": ["Entrepreneurial learning - entrepreneurship education"],
    "innovation": ["Innovative pedagogies"],
    "curricula": ["Creating new, innovative or joint curricula or courses", "Key competences development"],
    "validation": ["Recognition, transparency, certification"],
    "internationalisation": ["International cooperation, international relations, development cooperation"],
    "cvet": ["Adult learning", "Upskilling pathways"],
    None: ["Social dialogue", "Cultural heritage", "Labour market", "Regional dimension and cooperation",
           "Youth - participation"],
}
#: Action Type of each programme of the generator.
ACTION_TYPES = {
    "Erasmus+ CoVE": ("Partnerships for Excellence", "Centres of Vocational Excellence", "PEX-COVE"),
    "Erasmus+ KA220-VET": ("Cooperation among organisations and institutions",
                           "Cooperation partnerships in vocational education and training", "KA220-VET"),
    "Erasmus+ KA210-VET": ("Cooperation among organisations and institutions",
                           "Small-scale partnerships in vocational education and training", "KA210-VET"),
    "EQAVET": ("Cooperation among organisations and institutions",
               "Small-scale partnerships in vocational education and training", "KA210-VET"),
}
_COUNTRY_NAMES = {
    "CZ": ("Czechia", "Czech Republic"), "TR": ("Türkiye", "Turkey"), "MK": ("North Macedonia", "Macedonia"),
}
_LEGAL = {"DE": "gGmbH", "AT": "GmbH", "ES": "S.L.", "IT": "S.r.l.", "FR": "SARL", "FI": "Oy", "SE": "AB",
          "PL": "sp. z o.o.", "LV": "SIA", "LT": "UAB", "EE": "OÜ", "NL": "B.V.", "BE": "asbl", "PT": "Lda",
          "CZ": "s.r.o.", "SK": "s.r.o.", "HU": "Kft.", "RO": "S.R.L.", "BG": "EOOD", "HR": "d.o.o.",
          "SI": "d.o.o.", "GR": "S.A.", "IE": "Ltd", "GB": "Ltd", "DK": "ApS", "NO": "AS", "TR": "A.S."}
_WORDS = ("learners", "vocational", "training", "skills", "companies", "regional", "partners", "teachers",
          "digital", "green", "quality", "mobility", "apprentices", "curricula", "employers", "inclusion",
          "innovation", "sector", "methods", "tools", "platform", "modules", "pilot", "results", "network")


def _country_names() -> dict[str, str]:
    from .dataset import bundled_data_path

    with open(bundled_data_path() / "countries.csv", encoding="utf-8", newline="") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f)}


def _spelling(name: str, country: str, rng: np.random.Generator) -> str:
    r = rng.random()
    if r < 0.55:
        return name
    if r < 0.75:
        return name.upper()
    if r < 0.85:
        return name.replace(" ", "  ", 1) + " "
    if r < 0.95 and country in _LEGAL:
        return f"{name}, {_LEGAL[country]}"
    return name.lower().title()


def _country_cell(code: str, names: dict[str, str], rng: np.random.Generator) -> str:
    r = rng.random()
    if r < 0.05:
        return code
    if code in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code][int(r < 0.5)]
    return names.get(code, code)


def _summary(title: str, rng: np.random.Generator, length: int) -> str:
    words = [_WORDS[int(i)] for i in rng.integers(0, len(_WORDS), size=max(length // 8, 10))]
    lines, line = [], []
    for k, w in enumerate(words):
        line.append(w + ("," if k % 11 == 10 else ""))
        if k % 23 == 22:
            lines.append(" ".join(line).capitalize() + ".")
            line = []
    if line:
        lines.append(" ".join(line).capitalize() + ".")
    return f'The project "{title}" brings together VET providers.\n' + "\n".join(lines)


def _rows(projects: int, seed: int, summary_chars: int):
    from .generate import generate_tables

    tables = generate_tables(max(4, int(projects * 1.2)), projects, seed)
    rng = np.random.default_rng(seed + 7)
    names = _country_names()
    actors = tables["actors"].set_index("id")
    parts = tables["participations"]
    by_coop = parts.groupby("cooperation_id", sort=False)["actor_id"].apply(list).to_dict()
    header = list(HEADER) + [f"Partner {n} {f}" for n in range(1, N_PARTNERS + 1) for f in PARTNER_FIELDS]
    yield header
    for k, c in enumerate(tables["cooperations"].itertuples(index=False)):
        key_action, action, code = ACTION_TYPES.get(c.programme, ACTION_TYPES["Erasmus+ KA220-VET"])
        members = by_coop.get(c.id, [])[: N_PARTNERS + 1]
        if len(members) < 2:
            continue
        year = int(c.start_year)
        coordinator = actors.loc[members[0]]
        pid = f"{year}-1-{coordinator['country']}01-{code}-{k + 1:09d}"
        themes = [t for t in str(c.themes).split(";") if t]
        topics = [TOPICS[t][int(rng.integers(len(TOPICS[t])))] for t in themes if t in TOPICS]
        if rng.random() < 0.5:
            topics.append(TOPICS[None][int(rng.integers(len(TOPICS[None])))])
        countries = []
        cells = {"Programme": "Erasmus+", "Key Action": key_action, "Action Type": action, "Call year": str(year),
                 "Project Identifier": pid, "Project Title": c.title, "Topics": "; ".join(dict.fromkeys(topics)),
                 "Project Summary": _summary(c.title, rng, summary_chars), "Project Status": "Ongoing",
                 HEADER[9]: str(int(rng.integers(6, 40)) * 10_000), "Project Website": "",
                 "Results Platform Project Card": f"https://erasmus-plus.ec.europa.eu/projects/search/details/{pid}"}
        for n, actor_id in enumerate(members):
            a = actors.loc[actor_id]
            country = _country_cell(a["country"], names, rng)
            countries.append(names.get(a["country"], a["country"]))
            name = _spelling(a["name"], a["country"], rng)
            site = f"www.{actor_id.replace('org-', 'org')}.example.org" if rng.random() < 0.6 else ""
            if n == 0:
                cells.update({"Coordinating organisation name": name, "Coordinating organisation type":
                              "Vocational school", "Coordinator's address": f"Street {n + 1}",
                              "Coordinator's region": "", "Coordinator's country": country,
                              "Coordinator's website": site})
            else:
                cells.update({f"Partner {n} name": name, f"Partner {n} organisation type": "Vocational school",
                              f"Partner {n} address": "", f"Partner {n} region": "", f"Partner {n} country": country,
                              f"Partner {n} website": site})
        cells["Participating countries"] = ", ".join(sorted(set(countries)))
        yield [cells.get(h, "") for h in header]


def write_export(out, *, projects: int | None = None, size_mb: float | None = None, seed: int = 0,
                 summary_chars: int = 1500) -> int:
    """Write an export to ``out`` (a binary file object): ``projects`` rows, or rows until ``size_mb`` is reached.

    Returns the number of projects written.
    """
    if projects is None:
        if size_mb is None:
            raise ValueError("give projects or size_mb")
        projects = max(10, int(size_mb * 2**20 / (summary_chars + 1100)) + 10)  # a little more than needed
    limit = None if size_mb is None else int(size_mb * 2**20)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    written = -1
    buffer = io.StringIO()
    buffered = csv.writer(buffer, lineterminator="\r\n")
    size = 3
    for row in _rows(projects, seed, summary_chars):
        buffered.writerow(row)
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        size += len(chunk.encode("utf-8"))
        if limit is not None and written > 0 and size > limit:
            break
        text.write(chunk)
        written += 1
    text.flush()
    text.detach()
    del writer
    return written


def generate_export(path, *, projects: int | None = None, size_mb: float | None = None, seed: int = 0) -> int:
    """Write an export to the file ``path``; the number of projects written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        return write_export(f, projects=projects, size_mb=size_mb, seed=seed)
