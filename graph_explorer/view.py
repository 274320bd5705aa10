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
import difflib
import math
import re
from dataclasses import dataclass, field, fields
from urllib.parse import parse_qsl, urlencode, urlsplit

from .errors import ViewError
from .vocab import ACTOR_KINDS, COOPERATION_KINDS, REGIONS, THEMES

__all__ = ["ViewSpec", "check_view", "LEVELS", "WEIGHTINGS", "LAYOUTS", "LABEL_MODES", "VIEWS", "EDGE_COLORS",
           "CATEGORICAL_COLORS", "YEAR_BASES"]

LEVELS = {"organisation": "Organisations", "country": "Countries", "bipartite": "Cooperations and actors"}
_LEVEL_ALIASES = {"organisations": "organisation", "org": "organisation", "organization": "organisation",
                  "organizations": "organisation", "countries": "country", "cooperations": "bipartite",
                  "cooperation": "bipartite"}
WEIGHTINGS = {"count": "Number of shared cooperations", "newman": "Newman 1/(n−1) per cooperation"}
LAYOUTS = {"force": "Force-directed", "geo": "Geographic", "circular": "Circular by region"}
LABEL_MODES = {"none": "No labels", "top": "Top N by size", "all": "All labels"}
VIEWS = {"network": "Network", "map": "Map", "matrix": "Matrix", "table": "Table"}
#: What a year range is matched against: the years a cooperation ran, or the year it was called (started).
YEAR_BASES = {"active": "Active in these years", "called": "Called (started) in these years"}
#: How links are coloured: by weight (grey, width by weight) or by observed ÷ expected weight.
EDGE_COLORS = {"weight": "Grey (width = weight)", "ratio": "Observed ÷ expected weight"}
#: Colour encodings that are categories; any other value must be a metric name.
CATEGORICAL_COLORS = ("community", "region", "country", "kind")

_ISO2 = re.compile(r"^[A-Z]{2}$")
#: Years a view may name (cooperations of the data lie well inside).
YEAR_RANGE = (1900, 2100)
#: Largest seed (igraph and numpy take any 32-bit unsigned value).
MAX_SEED = 2**32 - 1
_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)


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
    ``themes`` (all of them with ``all_themes``), one of the ``kinds`` and ``programmes``, and years that
    overlap ``years`` (``year_basis="active"``, the default: the years it ran) or a call year inside
    ``years`` (``"called"``). Actor filters (``regions``, ``countries``, ``actor_kinds``) keep the actors
    (at country level: the countries) that match; with ``partners`` they also keep the links from those
    actors to actors outside the selection, and those partners ("the Baltic states and their partners").
    ``min_weight`` drops lighter links and the actors left without a link; ``kcore`` > 0 then
    keeps the k-core (actors with at least ``kcore`` partners among the kept).
    ``holders`` highlights the actors and links that hold the network together
    (articulation points and bridges).
    """

    level: str = "organisation"
    weight: str = "count"
    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    year_basis: str = "active"
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    actor_kinds: tuple[str, ...] = ()
    min_weight: float = 0.0
    kcore: int = 0
    #: disparity-filter backbone at this significance level (0 < α < 1), or None for every link
    backbone: float | None = None
    #: keep only links at least this many times stronger than expected from the two ends' strengths
    min_ratio: float = 0.0
    #: a second period compared with ``years`` (links new, lost, stronger, weaker)
    compare: tuple[int, int] | None = None
    all_themes: bool = False
    partners: bool = False
    # focus
    selected: str | None = None
    focus: str | None = None
    hops: int = 1
    path: tuple[str, str] | None = None
    holders: bool = False
    # appearance
    color: str = "community"
    size: str = "degree"
    labels: str = "top"
    top_n: int = 15
    layout: str = "force"
    edge_color: str = "weight"
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
        if self.year_basis not in YEAR_BASES:
            raise ViewError(f"year_basis: {self.year_basis!r} is not one of {', '.join(YEAR_BASES)}.")
        if not 0 <= self.kcore <= 1000:
            raise ViewError(f"kcore: {self.kcore!r} must be between 0 (off) and 1000.")
        if self.years is not None:
            a, b = self.years
            if a > b:
                raise ViewError(f"years: the start {a} is after the end {b}.")
            lo, hi = YEAR_RANGE
            if not (lo <= a <= hi and lo <= b <= hi):
                raise ViewError(f"years: {a}-{b} is not a plausible range; years must lie between {lo} and {hi}.")
        if isinstance(self.min_weight, bool) or not isinstance(self.min_weight, (int, float)) \
                or not math.isfinite(self.min_weight) or self.min_weight < 0:
            raise ViewError(f"min_weight: {self.min_weight!r} must be a finite number ≥ 0.")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed <= MAX_SEED:
            raise ViewError(f"seed: {self.seed!r} must be a whole number from 0 to {MAX_SEED:,}.")
        if self.backbone is not None and (isinstance(self.backbone, bool) or not isinstance(self.backbone, (int, float))
                                          or not 0 < self.backbone < 1):
            raise ViewError(f"backbone: {self.backbone!r} must be a significance level between 0 and 1, "
                            "e.g. 0.05.")
        if isinstance(self.min_ratio, bool) or not isinstance(self.min_ratio, (int, float)) \
                or not math.isfinite(self.min_ratio) or self.min_ratio < 0:
            raise ViewError(f"min_ratio: {self.min_ratio!r} must be a finite number ≥ 0.")
        if self.compare is not None:
            a, b = self.compare
            if a > b:
                raise ViewError(f"compare: the start {a} is after the end {b}.")
            lo, hi = YEAR_RANGE
            if not (lo <= a <= hi and lo <= b <= hi):
                raise ViewError(f"compare: {a}-{b} is not a plausible range; years must lie between {lo} and {hi}.")
            if self.level == "bipartite":
                raise ViewError("compare: periods are compared between actors (organisation or country "
                                "level), not in the bipartite view.")
        if self.edge_color not in EDGE_COLORS:
            raise ViewError(f"edge_color: {self.edge_color!r} is not one of {', '.join(EDGE_COLORS)}.")
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

    def graph_part(self) -> "ViewSpec":
        """This view with appearance, focus and tab reset: two views with the same graph give the same one.

        >>> ViewSpec(level="country", color="region", selected="LV", partners=True).graph_part().to_query()
        'level=country&partners=1'
        """
        return ViewSpec(level=self.level, weight=self.weight, themes=self.themes, kinds=self.kinds,
                        programmes=self.programmes, years=self.years, year_basis=self.year_basis,
                        regions=self.regions, countries=self.countries, actor_kinds=self.actor_kinds,
                        min_weight=self.min_weight, kcore=self.kcore, backbone=self.backbone, min_ratio=self.min_ratio,
                        all_themes=self.all_themes,
                        partners=self.partners, seed=self.seed)

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
            if f.name in ("years", "compare"):
                pairs.append((key, f"{value[0]}-{value[1]}"))
            elif f.name == "path":
                pairs.append((key, f"{value[0]}~{value[1]}"))
            elif isinstance(value, bool):
                pairs.append((key, "1" if value else "0"))
            elif isinstance(value, tuple):
                pairs.extend((key, v) for v in value)
            elif isinstance(value, bool):
                pairs.append((key, "1" if value else "0"))
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


_YES_NO = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
_BOOLEANS = {"all_themes": _YES_NO, "partners": _YES_NO}


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
    if name in ("years", "compare"):
        return parse_years(last, key)
    if name == "backbone" and last.strip().lower() in ("", "off", "none"):
        return None
    if name in ("backbone", "min_ratio"):
        if not _DECIMAL.fullmatch(last.strip()):
            raise ViewError(f"{key}: {last!r} is not a number written with the digits 0-9 (e.g. 0.05 or 2).")
        return float(last)
    if name == "path":
        a, sep, b = last.partition("~")
        if not sep or not a or not b:
            raise ViewError(f"{key}: {last!r} should be two actor ids joined by '~', e.g. LV~FI.")
        return (a, b)
    if name == "min_weight":
        if not _DECIMAL.fullmatch(last.strip()):
            raise ViewError(f"{key}: {last!r} is not a number written with the digits 0-9 (e.g. 2 or 0.5).")
        return float(last)
    if name == "year_basis":
        return last.strip().lower()
    if name == "holders":
        v = last.strip().lower()
        if v not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise ViewError(f"{key}: {last!r} should be 1 (on) or 0 (off).")
        return v in ("1", "true", "yes", "on")
    if name in _BOOLEANS:
        v = last.strip().lower()
        if v not in _BOOLEANS[name]:
            raise ViewError(f"{key}: {last!r} should be 1 (yes) or 0 (no).")
        return _BOOLEANS[name][v]
    if name in ("hops", "top_n", "seed", "kcore"):
        if not _WHOLE.fullmatch(last.strip()):
            raise ViewError(f"{key}: {last!r} is not a whole number written with the digits 0-9.")
        return int(last)
    return last


def parse_years(text: str, key: str = "years") -> tuple[int, int]:
    """Parse ``2021-2025`` or ``2023`` into a (start, end) pair.

    >>> parse_years("2021-2025"), parse_years("2023")
    ((2021, 2025), (2023, 2023))
    """
    m = re.fullmatch(r"\s*([0-9]{4})\s*(?:[-–:]\s*([0-9]{4})\s*)?", text)
    if not m:
        raise ViewError(f"{key}: {text!r} should be a year or a range like 2021-2025.")
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if a > b:
        raise ViewError(f"{key}: the start {a} is after the end {b}.")
    return (a, b)


def check_view(spec: ViewSpec, dataset) -> None:
    """Check the values of ``spec`` that depend on the data; raises :class:`ViewError` naming the first bad one.

    The values that do not depend on the data (levels, numbers, years, seed)
    are checked when a :class:`ViewSpec` is made; this adds the programmes
    and countries (each must be one of the data's: a filter on another would
    show an empty view, easily read as "no cooperation") and the actors a view names (``selected``,
    ``focus``, both ends of ``path``: each must be a node of the view's level,
    filtered or not). The app, the CLI and every export call it, so a bad
    value gets the same message everywhere.

    >>> from graph_explorer.testing import tiny_dataset
    >>> check_view(ViewSpec(level="country", selected="LV"), tiny_dataset())
    >>> check_view(ViewSpec(programmes=("Nonexistent",)), tiny_dataset())
    Traceback (most recent call last):
    ...
    graph_explorer.errors.ViewError: programme: 'Nonexistent' is not a programme of this data. Known: ...
    """
    if spec.programmes:
        known = sorted({str(p) for p in dataset.cooperations["programme"].dropna() if str(p).strip()})
        for p in spec.programmes:
            if p not in known:
                raise ViewError(_unknown("programme", p, known, "a programme of this data"))
    if spec.countries:
        known = sorted({str(c) for c in dataset.actors["country"].dropna() if str(c).strip()})
        for c in spec.countries:
            if c not in known:
                raise ViewError(_unknown("country", c, known, "the country of any actor of this data"))
    named = [("selected", spec.selected), ("focus", spec.focus)]
    if spec.path:
        named += [("path", spec.path[0]), ("path", spec.path[1])]
    named = [(k, v) for k, v in named if v is not None]
    if named:
        from .network import level_node_ids

        ids = level_node_ids(dataset, spec.level)
        for key, value in named:
            if value not in ids:
                level = LEVELS[spec.level].lower()
                close = difflib.get_close_matches(value, [str(i) for i in ids], n=3, cutoff=0.6)
                did = f" Did you mean {', '.join(close)}?" if close else ""
                raise ViewError(f"{key}: {value!r} is not a node of this data at the level '{level}' "
                                f"(give the id of an actor{' or a country code' if spec.level == 'country' else ''})."
                                f"{did}")


def _unknown(key: str, value: str, known: list[str], what: str) -> str:
    """"key: 'value' is not <what>. Did you mean …? Known: …" (the nearest values, then the first 12 known).

    >>> _unknown("country", "LX", ["EE", "LT", "LV"], "a country")
    "country: 'LX' is not a country. Did you mean 'LV', 'LT'? Known: 'EE', 'LT', 'LV'."
    """
    folded = {k.casefold(): k for k in known}
    close = [folded[c] for c in difflib.get_close_matches(value.casefold(), list(folded), n=3, cutoff=0.5)]
    did = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    listed = ", ".join(repr(k) for k in known[:12]) + (f", … ({len(known)} in all)" if len(known) > 12 else "")
    return f"{key}: {value!r} is not {what}.{did} Known: {listed or 'none'}."
