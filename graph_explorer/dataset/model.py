"""The in-memory dataset: validated pandas tables plus their report.

A :class:`Dataset` is immutable by convention: nothing in the project writes to
its tables after loading (the app shares one between users). Its
``fingerprint`` is a hash of the table contents, so caches keyed by it never
serve results computed from different data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Dataset", "table_fingerprint"]


def table_fingerprint(tables: dict[str, pd.DataFrame]) -> str:
    """A short, stable hash of the tables' contents (column order included)."""
    h = hashlib.sha256()
    for name in sorted(tables):
        df = tables[name]
        h.update(name.encode())
        h.update("\x1f".join(map(str, df.columns)).encode())
        # pandas' hash of each row; object cells (tuples) are hashed by their repr
        cells = df.map(lambda v: repr(v) if isinstance(v, (tuple, list)) else v) if len(df) else df
        h.update(pd.util.hash_pandas_object(cells.astype(str), index=False).values.tobytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True, eq=False)
class Dataset:
    """A loaded, validated dataset.

    Attributes
    ----------
    actors : DataFrame
        id, name, kind, country (ISO alpha-2, aliases resolved), region (filled
        from the country where empty), lat, lon (filled from the country where
        empty), url.
    cooperations : DataFrame
        id, title, kind, programme, themes (tuple of canonical themes),
        themes_derived (tuple), start_year, end_year (nullable Int64; an empty
        end takes the start), description, source (tuple of str).
    participations : DataFrame
        cooperation_id, actor_id, role (canonical). Rows are kept as the
        source has them, including an actor listed twice in one cooperation.
    countries : DataFrame
        code, eu_code, name, lat, lon, eu_member, region.
    conflicts : DataFrame
        cooperation_id, field, value, source, note.
    attributions : DataFrame
        programme, text.
    report : ValidationReport
        The warnings found while loading (a dataset with errors never loads).
    name : str
        A short name for titles ("bundled", the file name).
    path : str or None
        Where it was read from.
    merges : DataFrame or None
        For sources whose organisations were merged across spellings, the merge
        table (:data:`~graph_explorer.dataset.reconcile.MERGE_COLUMNS`: actor_id,
        actor_name, country, name as written, file, rows, columns, occurrences,
        rule): where each actor comes from. None when actors are taken as given.
    """

    actors: pd.DataFrame
    cooperations: pd.DataFrame
    participations: pd.DataFrame
    countries: pd.DataFrame
    conflicts: pd.DataFrame
    attributions: pd.DataFrame
    report: object
    name: str = "dataset"
    path: str | None = None
    fingerprint: str = field(default="")
    merges: pd.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self):
        if not self.fingerprint:
            fp = table_fingerprint(self.tables())
            object.__setattr__(self, "fingerprint", fp)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in the schema's order."""
        return {
            "actors": self.actors,
            "cooperations": self.cooperations,
            "participations": self.participations,
            "countries": self.countries,
            "conflicts": self.conflicts,
            "attributions": self.attributions,
        }

    def sources_of(self, actor_id: str) -> pd.DataFrame:
        """The merge-table rows of one actor (its spellings, files and rows); empty when not merged."""
        if self.merges is None or self.merges.empty:
            return pd.DataFrame(columns=["name", "file", "rows", "columns", "occurrences", "rule"])
        return self.merges[self.merges["actor_id"] == actor_id]

    def attribution_for(self, cooperation_ids=None) -> list[str]:
        """The attribution texts that apply to these cooperations (all if None).

        A text with an empty programme applies always; one with a programme
        applies when any of the cooperations belongs to it. Data that
        declares no attribution (an upload of a links file) is credited to the
        sources its cooperations cite: "Sources cited in the data: a.org, b.lv".
        """
        def chosen():
            coops = self.cooperations
            return coops if cooperation_ids is None else coops[coops["id"].isin(set(cooperation_ids))]
        if self.attributions.empty:
            coops = chosen()
            return cited_sources(coops["source"]) if "source" in coops else []
        rows = list(zip(self.attributions["programme"], self.attributions["text"]))
        always = [not isinstance(programme, str) or not programme for programme, _ in rows]
        # the cooperations' programmes only when some text depends on them
        programmes = set() if all(always) else set(chosen()["programme"].dropna())
        out = []
        for (programme, text), any_programme in zip(rows, always):
            if (any_programme or programme in programmes) and text not in out:
                out.append(text)
        return out

    def __repr__(self) -> str:
        return (f"<Dataset {self.name!r}: {len(self.actors)} actors, {len(self.cooperations)} cooperations, "
                f"{len(self.participations)} participations, fingerprint {self.fingerprint}>")


def cited_sources(sources, limit: int = 3) -> list[str]:
    """One line naming the most cited sources (web sites by their host), or nothing.

    >>> cited_sources([("https://www.a.org/x", "https://b.lv/y"), ("https://www.a.org/z",), (), ("Annual report",),
    ...                ("javascript:alert(1)",)])
    ['Sources cited in the data: a.org, Annual report, b.lv']
    """
    import re
    from collections import Counter
    from urllib.parse import urlsplit

    counts: Counter = Counter()
    for row in sources:
        for src in (row if isinstance(row, (list, tuple)) else [row]):
            if not isinstance(src, str) or not src.strip():
                continue
            text = src.strip()
            web = text.lower().startswith(("http://", "https://"))
            if not web and re.match(r"^[a-z][a-z0-9+.-]*:\S", text, flags=re.IGNORECASE):
                continue  # another scheme (javascript:, file:): not a source to credit
            host = urlsplit(text).netloc if web else ""
            counts[host.removeprefix("www.") if host else text[:60]] += 1
    if not counts:
        return []
    named = sorted(counts, key=lambda k: (-counts[k], k))
    more = f" and {len(named) - limit:,} more" if len(named) > limit else ""
    return [f"Sources cited in the data: {', '.join(named[:limit])}{more}"]
