"""The ViewSpec: one serialisable object that describes what a person sees.

It holds the projection level and weighting, the filters, the focus (ego
network, path, selected actor), the appearance and the layout. The browser URL
carries it as a query string, so a view can be shared and reloaded; the CLI
accepts the same query string (``--view``) or flags, so the command line and
the app draw the same picture.

Examples
--------
>>> spec = ViewSpec.from_query("level=country&theme=green&years=2021-2025&color=region")
>>> spec.level, spec.themes, spec.years, spec.color
('country', ('green',), (2021, 2025), 'region')
>>> spec.to_query()
'level=country&theme=green&years=2021-2025&color=region'
>>> ViewSpec.from_query(spec.to_query()) == spec
True
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field, fields
from urllib.parse import parse_qsl, urlencode, urlsplit

from .errors import ViewError
from .vocab import ACTOR_KINDS, COOPERATION_KINDS, REGIONS, THEMES

__all__ = ["ViewSpec", "LEVELS", "WEIGHTINGS", "LAYOUTS", "LABEL_MODES", "VIEWS", "CATEGORICAL_COLORS"]

LEVELS = {"organisation": "Organisations", "country": "Countries", "bipartite": "Cooperations and actors"}
_LEVEL_ALIASES = {"organisations": "organisation", "org": "organisation", "organization": "organisation",
                  "organizations": "organisation", "countries": "country", "cooperations": "bipartite",
                  "cooperation": "bipartite"}
WEIGHTINGS = {"count": "Number of shared cooperations", "newman": "Newman 1/(n−1) per cooperation"}
LAYOUTS = {"force": "Force-directed", "geo": "Geographic", "circular": "Circular by region"}
LABEL_MODES = {"none": "No labels", "top": "Top N by size", "all": "All labels"}
VIEWS = {"network": "Network", "map": "Map", "table": "Table"}
#: Colour encodings that are categories; any other value must be a metric name.
CATEGORICAL_COLORS = ("community", "region", "country", "kind")

_ISO2 = re.compile(r"^[A-Z]{2}$")


def _split(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def _vocab_terms(vocab, values, key):
    out = []
    for v in values:
        term = vocab.normalise(v)
        if term is None:
            hint = vocab.suggest(v)
            did = f" Did you mean {hint[0]!r}?" if hint else ""
            raise ViewError(f"{key}: {v!r} is not a known {vocab.name}.{did} Allowed: {vocab.allowed()}.")
        if term not in out:
            out.append(term)
    return tuple(out)


@dataclass(frozen=True)
class ViewSpec:
    """What a person sees; every field has a default so an empty URL is a valid view.

    Filters keep a cooperation when it matches every given filter: any of the
    ``themes``, one of the ``kinds`` and ``programmes``, and years that overlap
    ``years``. Actor filters (``regions``, ``countries``, ``actor_kinds``) keep
    the actors (at country level: the countries) that match. ``min_weight``
    drops lighter links and the actors left without a link.
    """

    level: str = "organisation"
    weight: str = "count"
    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    actor_kinds: tuple[str, ...] = ()
    min_weight: float = 0.0
    # focus
    selected: str | None = None
    focus: str | None = None
    hops: int = 1
    path: tuple[str, str] | None = None
    # appearance
    color: str = "community"
    size: str = "degree"
    labels: str = "top"
    top_n: int = 15
    layout: str = "force"
    view: str = "network"
    seed: int = 42

    def __post_init__(self):
        self._check()

    # -- validation ---------------------------------------------------------
    def _check(self) -> None:
        if self.level not in LEVELS:
            raise ViewError(f"level: {self.level!r} is not one of {', '.join(LEVELS)}.")
        if self.weight not in WEIGHTINGS:
            raise ViewError(f"weight: {self.weight!r} is not one of {', '.join(WEIGHTINGS)}.")
        if self.layout not in LAYOUTS:
            raise ViewError(f"layout: {self.layout!r} is not one of {', '.join(LAYOUTS)}.")
        if self.labels not in LABEL_MODES:
            raise ViewError(f"labels: {self.labels!r} is not one of {', '.join(LABEL_MODES)}.")
        if self.view not in VIEWS:
            raise ViewError(f"view: {self.view!r} is not one of {', '.join(VIEWS)}.")
        if self.years is not None:
            a, b = self.years
            if a > b:
                raise ViewError(f"years: the start {a} is after the end {b}.")
        if not (self.min_weight >= 0):
            raise ViewError(f"min_weight: {self.min_weight!r} must be a number ≥ 0.")
        if not 1 <= self.hops <= 6:
            raise ViewError(f"hops: {self.hops!r} must be between 1 and 6.")
        if not 0 <= self.top_n <= 500:
            raise ViewError(f"top: {self.top_n!r} must be between 0 and 500.")
        for c in self.countries:
            if not _ISO2.match(c):
                raise ViewError(f"country: {c!r} is not a two-letter country code (e.g. LV, DE).")

    def replace(self, **changes) -> "ViewSpec":
        """A copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    # -- the query string ---------------------------------------------------
    # field name -> query key; list fields are written as repeated keys
    _KEYS = {"themes": "theme", "kinds": "kind", "programmes": "programme", "regions": "region",
             "countries": "country", "actor_kinds": "actor_kind", "min_weight": "min_weight",
             "top_n": "top"}

    @classmethod
    def _key(cls, name: str) -> str:
        return cls._KEYS.get(name, name)

    def to_pairs(self) -> list[tuple[str, str]]:
        """The (key, value) pairs that differ from the defaults, in field order."""
        default = ViewSpec()
        pairs: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            key = self._key(f.name)
            if f.name == "years":
                pairs.append((key, f"{value[0]}-{value[1]}"))
            elif f.name == "path":
                pairs.append((key, f"{value[0]}~{value[1]}"))
            elif isinstance(value, tuple):
                pairs.extend((key, v) for v in value)
            elif isinstance(value, float):
                pairs.append((key, f"{value:g}"))
            else:
                pairs.append((key, str(value)))
        return pairs

    def to_query(self) -> str:
        """The query string (without ``?``); only non-default fields appear."""
        return urlencode(self.to_pairs())

    @classmethod
    def from_query(cls, query: str) -> "ViewSpec":
        """Parse a query string or a whole URL; raises :class:`ViewError` on bad values."""
        if "?" in query or query.startswith(("http://", "https://", "/")):
            query = urlsplit(query).query
        query = query.lstrip("?")
        multi: dict[str, list[str]] = {}
        for k, v in parse_qsl(query, keep_blank_values=False):
            multi.setdefault(k, []).append(v)
        return cls.from_multidict(multi)

    @classmethod
    def from_multidict(cls, multi: dict[str, list[str]]) -> "ViewSpec":
        """Build from ``{key: [values]}`` (query keys, e.g. ``theme``)."""
        by_key = {cls._key(f.name): f.name for f in fields(cls)}
        unknown = sorted(set(multi) - set(by_key))
        if unknown:
            raise ViewError(f"unknown view option(s): {', '.join(unknown)}. Known: {', '.join(sorted(by_key))}.")
        kw: dict = {}
        for key, values in multi.items():
            name = by_key[key]
            last = values[-1]
            try:
                kw[name] = _parse_field(name, key, values, last)
            except ViewError:
                raise
            except (TypeError, ValueError) as exc:
                raise ViewError(f"{key}: {last!r} is not valid ({exc}).") from None
        return cls(**kw)


def _parse_field(name: str, key: str, values: list[str], last: str):
    if name == "level":
        v = last.strip().lower()
        return _LEVEL_ALIASES.get(v, v)
    if name == "themes":
        return _vocab_terms(THEMES, _split(values), key)
    if name == "kinds":
        return _vocab_terms(COOPERATION_KINDS, _split(values), key)
    if name == "actor_kinds":
        return _vocab_terms(ACTOR_KINDS, _split(values), key)
    if name == "regions":
        return _vocab_terms(REGIONS, _split(values), key)
    if name == "countries":
        aliases = {"EL": "GR", "UK": "GB"}
        return tuple(dict.fromkeys(aliases.get(c.upper(), c.upper()) for c in _split(values)))
    if name == "programmes":
        return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
    if name == "years":
        return parse_years(last, key)
    if name == "path":
        a, sep, b = last.partition("~")
        if not sep or not a or not b:
            raise ViewError(f"{key}: {last!r} should be two actor ids joined by '~', e.g. LV~FI.")
        return (a, b)
    if name == "min_weight":
        return float(last)
    if name in ("hops", "top_n", "seed"):
        if not re.fullmatch(r"-?\d+", last.strip()):
            raise ViewError(f"{key}: {last!r} is not a whole number.")
        return int(last)
    return last


def parse_years(text: str, key: str = "years") -> tuple[int, int]:
    """Parse ``2021-2025`` or ``2023`` into a (start, end) pair.

    >>> parse_years("2021-2025"), parse_years("2023")
    ((2021, 2025), (2023, 2023))
    """
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–:]\s*(\d{4})\s*)?", text)
    if not m:
        raise ViewError(f"{key}: {text!r} should be a year or a range like 2021-2025.")
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if a > b:
        raise ViewError(f"{key}: the start {a} is after the end {b}.")
    return (a, b)
