"""Organisations merged across spellings: one normalised key within a country, a reviewable table, overrides.

Sources without organisation ids (the Erasmus+ export, several files of
different origin) name one body in many ways: "RIGA TECHNICAL COLLEGE",
"Riga  Technical College ", "Rīgas Tehniskā koledža, SIA". Two spellings are
the same actor when they have the same **key** within the same country:

- Unicode compatibility form, accents removed (ā → a, ß → ss), case folded;
- every run of punctuation or spaces is one space (``&`` reads ``and``);
- legal-form words at the end are dropped (gmbh, e v, srl, s l, ltd, oy, sia,
  uab, bv, asbl, ... — :data:`LEGAL_FORMS`), repeatedly, never the whole name.

Every spelling that went into an actor is a row of the **merge table**
(:func:`merge_table`): actor id and name, country, the spelling, the file, the
rows and columns where it appears, and the rule (``key`` or ``override``).
The same columns, edited, are an **override file**: a row ``name, country,
actor_id`` puts that spelling into that actor whatever its key says (give two
spellings the same ``actor_id`` to merge them, or a new id to keep one apart).

Examples
--------
>>> org_key("Riga  Technical College ")
'riga technical college'
>>> org_key("RĪGAS TEHNISKĀ KOLEDŽA, SIA") == org_key("Rigas Tehniska koledza")
True
>>> org_key("Omnia GmbH & Co. KG")
'omnia'
>>> org_key("S.A.")  # a name that is only a legal form stays itself
's a'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["org_key", "actor_id_for", "LEGAL_FORMS", "Spellings", "Overrides", "merge_spellings", "MERGE_COLUMNS",
           "read_overrides"]

#: Legal-form words (as keys: lower case, punctuation as spaces) dropped from the end of a name.
LEGAL_FORMS = tuple(sorted({
    "gmbh", "ggmbh", "mbh", "ag", "kg", "gmbh co kg", "co kg", "gmbh and co kg", "and co kg", "and co", "und co kg", "e v", "ev", "eg", "ug", "gbr", "ohg", "e u",
    "srl", "s r l", "srls", "spa", "s p a", "sas", "s a s", "sarl", "s a r l", "sa", "s a", "sl", "s l", "slu",
    "s l u", "sc", "s c", "scarl", "onlus", "aps", "ets", "odv", "soc coop", "coop",
    "ltd", "limited", "plc", "llp", "cic", "inc", "llc", "corp", "co",
    "bv", "b v", "nv", "n v", "vzw", "asbl", "aisbl", "ivzw", "cvba", "bvba",
    "oy", "oyj", "ry", "ab", "as", "a s", "asa", "aps", "i s", "ehf", "ses",
    "sia", "uab", "vsi", "ou", "mtu", "as", "zrt", "kft", "nonprofit kft", "bt", "kht",
    "sp z o o", "spzoo", "sp j", "s c", "doo", "d o o", "dd", "d d", "jsc", "ad", "ead", "ood", "eood",
    "sro", "s r o", "o p s", "ops", "z s", "zs", "zu", "sdruzenie", "o z",
    "ike", "epe", "ae", "a e", "mepe", "ltda", "lda", "unipessoal lda", "ipss",
    "kf", "ik", "as", "ohf",
}, key=lambda s: (-len(s), s)))
_LEGAL_SET = frozenset(LEGAL_FORMS)
_LEGAL_WORDS = max(len(f.split()) for f in LEGAL_FORMS)
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "þ": "th",
                          "ð": "d", "&": " and ", "+": " and "})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def org_key(name: str) -> str:
    """The merge key of an organisation name (see the module docstring)."""
    text = unicodedata.normalize("NFKC", str(name)).casefold().translate(_SPECIAL)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _NON_WORD.sub(" ", text).split()
    while len(words) > 1:
        for n in range(min(_LEGAL_WORDS, len(words) - 1), 0, -1):  # the longest legal form first
            if " ".join(words[-n:]) in _LEGAL_SET:
                del words[-n:]
                break
        else:
            break
    return " ".join(words)


def actor_id_for(country: str | None, key: str) -> str:
    """The id of the actor of ``key`` in ``country``: ``LV:riga-technical-college`` (``-:…`` without a country).

    >>> actor_id_for("LV", "riga technical college")
    'LV:riga-technical-college'
    """
    return f"{country or '-'}:{key.replace(' ', '-')}"


#: The merge table's columns (the override file uses name, country, actor_id).
MERGE_COLUMNS = ["actor_id", "actor_name", "country", "name", "file", "rows", "columns", "occurrences", "rule"]


@dataclass
class Spellings:
    """Organisation mentions as read: one entry per cell naming an organisation.

    ``country`` is the resolved ISO code (None when unknown); ``file``, ``row``
    and ``column`` say where the mention is.
    """

    name: list[str] = field(default_factory=list)
    country: list[str | None] = field(default_factory=list)
    file: list[str] = field(default_factory=list)
    row: list[int] = field(default_factory=list)
    column: list[str] = field(default_factory=list)

    def add(self, name: str, country: str | None, file: str, row: int, column: str) -> None:
        self.name.append(name)
        self.country.append(country)
        self.file.append(file)
        self.row.append(row)
        self.column.append(column)

    def __len__(self) -> int:
        return len(self.name)


@dataclass(frozen=True)
class Overrides:
    """Spellings put into a given actor: (country or None, spelling) → actor id; and where that came from."""

    actor_of: dict[tuple[str | None, str], str] = field(default_factory=dict)
    file: str = ""

    def lookup(self, country: str | None, name: str) -> str | None:
        return self.actor_of.get((country, name)) or self.actor_of.get((None, name))


def read_overrides(raw, resolve_country) -> tuple[Overrides, list]:
    """Overrides from a RawTable with the columns name, actor_id (and optionally country); problems by row."""
    from .report import ERROR, Problem

    problems = []
    frame = raw.frame
    for needed in ("name", "actor_id"):
        if needed not in frame.columns:
            return Overrides(), [Problem(ERROR, raw.file, 1, needed, None, f"The override file needs the column "
                                         f"'{needed}' (columns name, country, actor_id; the merge table has them).")]
    actor_of = {}
    for i, (name, actor) in enumerate(zip(frame["name"], frame["actor_id"])):
        country_text = frame["country"].iat[i] if "country" in frame.columns else ""
        country = resolve_country(country_text) if country_text else None
        if country_text and country is None:
            problems.append(Problem(ERROR, raw.file, int(raw.rows[i]), raw.column_label("country"), country_text,
                                    f"{country_text!r} is not a known country."))
            continue
        if not name or not actor:
            continue
        actor_of[(country, name)] = actor
    return Overrides(actor_of, raw.file), problems


def merge_spellings(spellings: Spellings, overrides: Overrides | None = None
                    ) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """One actor per (country, key), or per override.

    Returns
    -------
    actor_ids : ndarray of str
        The actor of each mention, in the order of ``spellings``.
    actors : DataFrame
        id, name (the most frequent spelling; the first seen on a tie), country,
        first (position of its first mention).
    table : DataFrame
        The merge table (:data:`MERGE_COLUMNS`), one row per (actor, spelling,
        file), sorted by actor and spelling.
    """
    overrides = overrides or Overrides()
    n = len(spellings)
    frame = pd.DataFrame({"name": spellings.name, "country": spellings.country, "file": spellings.file,
                          "row": spellings.row, "column": spellings.column})
    distinct = frame[["name", "country"]].drop_duplicates()
    key_of = {n: org_key(n) for n in pd.unique(distinct["name"])}
    ids, rules = {}, {}
    for name, country in zip(distinct["name"], distinct["country"]):
        country = country if isinstance(country, str) else None
        forced = overrides.lookup(country, name)
        ids[(name, country)] = forced or actor_id_for(country, key_of[name])
        rules[(name, country)] = "override" if forced else "key"
    countries = [c if isinstance(c, str) else None for c in frame["country"]]
    actor_ids = np.array([ids[(nm, c)] for nm, c in zip(frame["name"], countries)], dtype=object) if n else \
        np.array([], dtype=object)
    frame["actor_id"] = actor_ids
    frame["country"] = countries
    # per (actor, spelling, file): first position, country, rows, columns, count, rule
    groups: dict[tuple, list] = {}
    spelled: dict[tuple[str, str], list[int]] = {}  # (actor, spelling) -> [count, first position]
    names = frame["name"].tolist()
    for pos, (actor, name, file) in enumerate(zip(actor_ids.tolist(), names, spellings.file)):
        g = groups.get((actor, name, file))
        if g is None:
            groups[(actor, name, file)] = [pos, countries[pos], {spellings.row[pos]}, {spellings.column[pos]: None},
                                           1, rules[(name, countries[pos])]]
        else:
            g[2].add(spellings.row[pos])
            g[3][spellings.column[pos]] = None
            g[4] += 1
        c = spelled.get((actor, name))
        if c is None:
            spelled[(actor, name)] = [1, pos]
        else:
            c[0] += 1
    best: dict[str, tuple[int, int, str]] = {}  # actor -> (-count, first position, spelling): the smallest wins
    for (actor, name), (count, pos) in spelled.items():
        cand = (-count, pos, name)
        if actor not in best or cand < best[actor]:
            best[actor] = cand
    first_of = {}
    for (actor, _name, _file), g in groups.items():
        if actor not in first_of or g[0] < first_of[actor][0]:
            first_of[actor] = (g[0], g[1])
    order = sorted(first_of, key=lambda a: first_of[a][0])
    actors = pd.DataFrame({"id": order, "name": [best[a][2] for a in order],
                           "first": [first_of[a][0] for a in order], "country": [first_of[a][1] for a in order]})
    table = pd.DataFrame(
        [(actor, best[actor][2], g[1], name, file, " ".join(map(str, sorted(g[2]))), "; ".join(g[3]), g[4], g[5])
         for (actor, name, file), g in groups.items()], columns=MERGE_COLUMNS)
    table = table.sort_values(["actor_id", "name", "file"], kind="stable").reset_index(drop=True)
    return actor_ids, actors, table
