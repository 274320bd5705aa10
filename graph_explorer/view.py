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
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import parse_qsl, urlencode, urlsplit

from .errors import ViewError
from .vocab import ACTOR_KINDS, COOPERATION_KINDS, REGIONS, THEMES

__all__ = ["ViewSpec", "Filters", "Focus", "Appearance", "ViewField", "FIELDS", "check_view", "LEVELS", "WEIGHTINGS", "LAYOUTS", "LABEL_MODES", "VIEWS", "EDGE_COLORS",
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


# -- the fields: each declared once ------------------------------------------------------------------------

#: The parts of a view: the graph's own fields (``level``, ``weight``) sit on the ViewSpec itself; the rest
#: in one of three frozen groups, reached as ``spec.filters``, ``spec.focal`` and ``spec.appearance``.
GROUPS = ("graph", "filters", "focus", "appearance")
#: The ViewSpec attribute of each group.
GROUP_ATTRS = MappingProxyType({"filters": "filters", "focus": "focal", "appearance": "appearance"})


@dataclass(frozen=True)
class ViewField:
    """One field of a view, declared once: everything else (URL, CLI, controls, words, file names) derives from it.

    ``parse`` turns the query values of ``key`` (all of them; most fields read the last) into the value;
    ``check`` raises :class:`ViewError` for a value a view does not allow (run when a ViewSpec is made);
    ``write`` gives the query values of a value; ``words`` the phrase that says it in a picture's subtitle
    (``None``: nothing to say); ``slug`` the words of an export file name.
    """

    name: str
    group: str
    key: str
    default: object
    help: str
    parse: object
    check: object = None
    write: object = None
    words: object = None
    slug: object = None
    #: the CLI flag (default ``--`` and the key with dashes)
    flag: str | None = None
    #: values the CLI flag accepts (checked by the flag), e.g. ``LEVELS``
    choices: tuple[str, ...] | None = None
    metavar: str | None = None
    multiple: bool = False
    is_flag: bool = False
    #: the id of the app's control that holds it (see ``app/ids.py``), or None
    control: str | None = None

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.key.replace("_", "-")

    def read(self, values: list[str]):
        """The value of the query values ``values`` (a ViewError naming the key when one is bad)."""
        values = [str(v) for v in values]
        try:
            return self.parse(values, self.key)
        except ViewError:
            raise
        except (TypeError, ValueError) as exc:
            raise ViewError(f"{self.key}: {values[-1]!r} is not valid ({exc}).") from None

    def query_values(self, value) -> list[str]:
        return (self.write or _write)(value)


def _write(value) -> list[str]:
    if isinstance(value, bool):
        return ["1" if value else "0"]
    if isinstance(value, tuple):
        return [str(v) for v in value]
    if isinstance(value, float):
        return [f"{value:g}"]
    return [str(value)]


def _last(values, key):
    return values[-1]


def _lower(values, key):
    return values[-1].strip().lower()


def _level(values, key):
    v = values[-1].strip().lower()
    return _LEVEL_ALIASES.get(v, v)


def _one_of(mapping):
    def check(value, key):
        if value not in mapping:
            raise ViewError(f"{key}: {value!r} is not one of {', '.join(mapping)}.")
    return check


def _terms(vocab):
    return lambda values, key: _vocab_terms(vocab, _split(values), key)


def _countries(values, key):
    aliases = {"EL": "GR", "UK": "GB"}
    return tuple(dict.fromkeys(aliases.get(c.upper(), c.upper()) for c in _split(values)))


def _check_countries(value, key):
    for c in value:
        if not _ISO2.match(c):
            raise ViewError(f"{key}: {c!r} is not a two-letter country code (e.g. LV, DE).")


def _programmes(values, key):
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def _years(values, key):
    return parse_years(values[-1], key)


def _check_span(value, key):
    if value is None:
        return
    a, b = value
    if a > b:
        raise ViewError(f"{key}: the start {a} is after the end {b}.")
    lo, hi = YEAR_RANGE
    if not (lo <= a <= hi and lo <= b <= hi):
        raise ViewError(f"{key}: {a}-{b} is not a plausible range; years must lie between {lo} and {hi}.")


def _write_span(value) -> list[str]:
    return [f"{value[0]}-{value[1]}"]


def _span_words(value) -> str:
    a, b = value
    return str(a) if a == b else f"{a}–{b}"


def _decimal(example):
    def parse(values, key):
        last = values[-1]
        if not _DECIMAL.fullmatch(last.strip()):
            raise ViewError(f"{key}: {last!r} is not a number written with the digits 0-9 (e.g. {example}).")
        return float(last)
    return parse


def _backbone(values, key):
    if values[-1].strip().lower() in ("", "off", "none"):
        return None
    return _decimal("0.05 or 2")(values, key)


def _check_ratio_like(value, key):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ViewError(f"{key}: {value!r} must be a finite number ≥ 0.")


def _check_backbone(value, key):
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1):
        raise ViewError(f"{key}: {value!r} must be a significance level between 0 and 1, e.g. 0.05.")


def _whole(values, key):
    last = values[-1]
    if not _WHOLE.fullmatch(last.strip()):
        raise ViewError(f"{key}: {last!r} is not a whole number written with the digits 0-9.")
    return int(last)


def _between(lo, hi, how):
    def check(value, key):
        if not lo <= value <= hi:
            raise ViewError(f"{key}: {value!r} must be between {how}.")
    return check


def _check_max_partners(value, key):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000):
        raise ViewError(f"{key}: {value!r} must be a whole number of partners from 1 to 100,000 "
                        "(e.g. 2 for bilateral cooperations), or left out for any size.")


def _check_seed(value, key):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ViewError(f"{key}: {value!r} must be a whole number from 0 to {MAX_SEED:,}.")


_YES_NO = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def _yes_no(values, key):
    v = values[-1].strip().lower()
    if v not in _YES_NO:
        raise ViewError(f"{key}: {values[-1]!r} should be 1 (yes) or 0 (no).")
    return _YES_NO[v]


def _on_off(values, key):
    v = values[-1].strip().lower()
    if v not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
        raise ViewError(f"{key}: {values[-1]!r} should be 1 (on) or 0 (off).")
    return v in ("1", "true", "yes", "on")


def _path(values, key):
    a, sep, b = values[-1].partition("~")
    if not sep or not a or not b:
        raise ViewError(f"{key}: {values[-1]!r} should be two actor ids joined by '~', e.g. LV~FI.")
    return (a, b)


def _listed(prefix):
    return lambda value, spec: prefix + ", ".join(value)


def _theme_words(value, spec):
    joined = (" and " if spec.all_themes else " or ").join(value)
    return ("theme: " if len(value) == 1 else "themes: ") + joined


def _years_words(value, spec):
    return f"called in {_span_words(value)}" if spec.year_basis == "called" else _span_words(value)


def _partners_words(value, spec):
    return "with their partners outside" if spec.regions or spec.countries or spec.actor_kinds else None


def _focus_words(value, spec):
    return f"within {spec.hops} hop{'s' if spec.hops > 1 else ''} of {value}"


def _vocab_help(vocab) -> str:
    return f"One of: {vocab.allowed()}."


#: Every field of a view, in the order of the query string.
FIELDS: tuple[ViewField, ...] = (
    ViewField("level", "graph", "level", "organisation", "Nodes: organisations, countries, or cooperations "
              "beside actors.  [default: organisation]", _level, _one_of(LEVELS), choices=tuple(LEVELS),
              control="level"),
    ViewField("weight", "graph", "weight", "count", "Link weight: shared cooperations, or Newman's 1/(n-1).  "
              "[default: count]", _last, _one_of(WEIGHTINGS), choices=tuple(WEIGHTINGS), control="weight"),
    ViewField("themes", "filters", "theme", (), "Keep cooperations with any of these themes (repeatable; all of "
              "them with --all-themes). " + _vocab_help(THEMES), _terms(THEMES), words=_theme_words,
              slug=list, multiple=True, control="themes"),
    ViewField("kinds", "filters", "kind", (), "Cooperation kind to keep (repeatable). "
              + _vocab_help(COOPERATION_KINDS), _terms(COOPERATION_KINDS), words=_listed("kind: "), slug=list,
              multiple=True, control="kinds"),
    ViewField("programmes", "filters", "programme", (), "Programme to keep (repeatable; one of the data's).",
              _programmes, words=_listed("programme: "), slug=list, multiple=True, control="programmes"),
    ViewField("years", "filters", "years", None, "Keep cooperations active in these years (see --year-basis).",
              _years, _check_span, _write_span, _years_words, lambda v: [_span_words(v).replace("–", "-")],
              metavar="START-END", control="years"),
    ViewField("year_basis", "filters", "year_basis", "active", "Match --years against the years a cooperation "
              "ran, or its call (start) year.  [default: active]", _lower, _one_of(YEAR_BASES),
              choices=tuple(YEAR_BASES), control="year-basis"),
    ViewField("max_partners", "filters", "max_partners", None, "Keep only cooperations with at most N partners "
              "(distinct actors taking part; 2 = bilateral ones).", _whole, _check_max_partners,
              words=lambda v, s: f"cooperations of ≤ {v} partners", slug=lambda v: [f"max-{v}-partners"],
              metavar="N", control="max-partners"),
    ViewField("regions", "filters", "region", (), "Keep actors of this region (repeatable). "
              + _vocab_help(REGIONS), _terms(REGIONS), words=_listed("region: "), slug=list, multiple=True,
              control="regions"),
    ViewField("countries", "filters", "country", (), "Keep actors of this country code (repeatable).",
              _countries, _check_countries, words=_listed("country: "), slug=lambda v: [c.lower() for c in v],
              multiple=True, control="countries"),
    ViewField("actor_kinds", "filters", "actor_kind", (), "Keep actors of this kind (repeatable). "
              + _vocab_help(ACTOR_KINDS), _terms(ACTOR_KINDS), words=_listed("actors: "), multiple=True,
              control="actor-kinds"),
    ViewField("min_weight", "filters", "min_weight", 0.0, "Drop links lighter than this.",
              _decimal("2 or 0.5"), _check_ratio_like, words=lambda v, s: f"links ≥ {v:g}", metavar="FLOAT",
              control="min-weight"),
    ViewField("kcore", "filters", "kcore", 0, "Keep only the K-core: actors with at least K partners among those "
              "kept (0 = off).", _whole, _between(0, 1000, "0 (off) and 1000"),
              words=lambda v, s: f"core: ≥ {v} partners", metavar="K", control="kcore"),
    ViewField("backbone", "filters", "backbone", None, "Keep only links significant at ALPHA for at least one end "
              "(disparity filter), e.g. 0.05.", _backbone, _check_backbone, words=lambda v, s: f"backbone α = {v:g}",
              slug=lambda v: [f"backbone-{v:g}"], metavar="ALPHA", control="backbone"),
    ViewField("min_ratio", "filters", "min_ratio", 0.0, "Keep only links at least this many times stronger than "
              "the two ends' strengths predict.", _decimal("0.05 or 2"), _check_ratio_like,
              words=lambda v, s: f"links ≥ {v:g}× expected", metavar="FLOAT"),
    ViewField("compare", "focus", "compare", None, "Compare with this period: links new, lost, stronger, weaker "
              "(beside --years).", _years, _check_span, _write_span,
              lambda v, s: "compared with " + _span_words(v), lambda v: [f"vs-{v[0]}-{v[1]}"],
              metavar="START-END", control="compare-years"),
    ViewField("all_themes", "filters", "all_themes", False, "Keep cooperations with all the --theme themes, "
              "not any of them.", _yes_no, is_flag=True, control="theme-mode"),
    ViewField("partners", "filters", "partners", False, "With --region, --country or --actor-kind: keep the links "
              "from those actors to their partners outside, and those partners.", _yes_no,
              words=_partners_words, is_flag=True, control="partners"),
    ViewField("selected", "focus", "selected", None, "The selected actor (its id).", _last, metavar="ID",
              control="selected-store"),
    ViewField("focus", "focus", "focus", None, "Show the ego network of this actor (its id; see --hops).", _last,
              words=_focus_words, slug=lambda v: [f"around-{v}"], metavar="ID", control="focus-store"),
    ViewField("hops", "focus", "hops", 1, "Steps from --focus in its ego network (1 to 6).", _whole,
              _between(1, 6, "1 and 6"), metavar="N", control="hops"),
    ViewField("path", "focus", "path", None, "The shortest path between two actors, their ids joined by '~' "
              "(e.g. LV~FI).", _path, write=lambda v: [f"{v[0]}~{v[1]}"], metavar="A~B"),
    ViewField("holders", "focus", "holders", False, "Highlight who holds the network together (articulation "
              "points and bridges).", _on_off, is_flag=True, control="holders"),
    ViewField("color", "appearance", "color", "community", "Colour nodes by a category (" + ", ".join(
              CATEGORICAL_COLORS) + ") or a metric.", _last, control="color"),
    ViewField("size", "appearance", "size", "degree", "Size nodes by this metric.", _last, control="size"),
    ViewField("labels", "appearance", "labels", "top", "Which nodes carry a label.", _last, _one_of(LABEL_MODES),
              choices=tuple(LABEL_MODES), control="labels"),
    ViewField("top_n", "appearance", "top", 15, "With --labels top: how many nodes carry a label (0 to 500).",
              _whole, _between(0, 500, "0 and 500"), flag="--labels-top", metavar="N", control="top-n"),
    ViewField("layout", "appearance", "layout", "force", "How nodes are placed.", _last, _one_of(LAYOUTS),
              choices=tuple(LAYOUTS), control="layout"),
    ViewField("edge_color", "appearance", "edge_color", "weight", "Links grey by weight, or coloured by observed "
              "÷ expected weight.", _last, _one_of(EDGE_COLORS), choices=tuple(EDGE_COLORS), control="edge-color"),
    ViewField("view", "appearance", "view", "network", "The tab the view opens on.", _last, _one_of(VIEWS),
              slug=lambda v: [v] if v in ("map", "matrix") else [], flag="--tab", choices=tuple(VIEWS),
              control="view-tab"),
    ViewField("seed", "appearance", "seed", 42, "Seed of the layout and of community detection.", _whole,
              _check_seed, metavar="N"),
)

#: Field name → its descriptor; query key → its descriptor.
FIELD_BY_NAME = MappingProxyType({f.name: f for f in FIELDS})
FIELD_BY_KEY = MappingProxyType({f.key: f for f in FIELDS})


def _group_class(group: str, doc: str):
    own = [f for f in FIELDS if f.group == group]

    def __post_init__(self):
        for f in own:
            if f.check is not None:
                f.check(getattr(self, f.name), f.key)

    cls = dataclasses.make_dataclass(
        group.capitalize() if group != "focus" else "Focus",
        [(f.name, object, field(default=f.default)) for f in own], frozen=True,
        namespace={"__post_init__": __post_init__, "__doc__": doc, "__module__": __name__})
    cls.__module__ = __name__
    return cls


Filters = _group_class("filters", """What a view keeps of the data: the fields that change the graph.

    A cooperation is kept when it matches every given filter: any of the ``themes`` (all of them with
    ``all_themes``), one of the ``kinds`` and ``programmes``, and years that overlap ``years``
    (``year_basis="active"``, the default: the years it ran) or a call year inside ``years`` (``"called"``),
    and at most ``max_partners`` partners (distinct actors taking part, whatever the level). Actor filters (``regions``, ``countries``, ``actor_kinds``) keep the actors (at country level: the
    countries) that match; with ``partners`` they also keep the links from those actors to actors outside
    the selection, and those partners ("the Baltic states and their partners"). ``min_weight`` drops
    lighter links and the actors left without a link; ``kcore`` > 0 then keeps the k-core (actors with at
    least ``kcore`` partners among the kept); ``backbone`` keeps the disparity-filter backbone at that
    significance level; ``min_ratio`` the links at least that many times stronger than expected.
    """)
Focus = _group_class("focus", """What a view looks at closely on its graph: the selected actor, an ego network
    (``focus`` within ``hops``), a shortest ``path``, the ``holders`` (articulation points and bridges),
    and a second period compared with ``years`` (``compare``: links new, lost, stronger, weaker).
    """)
Appearance = _group_class("appearance", """How a view is drawn: colour, size, labels, layout, link colour,
    the open tab and the seed of layout and communities.
    """)
_GROUP_CLASSES = MappingProxyType({"filters": Filters, "focus": Focus, "appearance": Appearance})


@dataclass(frozen=True, init=False)
class ViewSpec:
    """What a person sees; every field has a default so an empty URL is a valid view.

    ``level`` and ``weight`` make the graph with the :class:`Filters` (``spec.filters``); the
    :class:`Focus` (``spec.focal``) and the :class:`Appearance` (``spec.appearance``) say what is looked
    at and how it is drawn. Every field is also read flat (``spec.themes``, ``spec.color``) and given flat
    to the constructor and :meth:`replace` (``ViewSpec(level="country", themes=("green",))``); each is
    declared once in :data:`FIELDS`.

    >>> spec = ViewSpec(level="country", themes=("green",), color="region")
    >>> spec.filters.themes, spec.appearance.color, spec.filters == Filters(themes=("green",))
    (('green',), 'region', True)
    """

    level: str
    weight: str
    filters: Filters
    focal: Focus
    appearance: Appearance

    def __init__(self, *, filters=None, focal=None, appearance=None, **values):
        parts = {"filters": filters or Filters(), "focus": focal or Focus(), "appearance": appearance or Appearance()}
        changes: dict[str, dict] = {g: {} for g in GROUPS}
        for name, value in values.items():
            f = FIELD_BY_NAME.get(name)
            if f is None:
                raise TypeError(f"ViewSpec() got an unexpected keyword argument {name!r}")
            changes[f.group][name] = value
        top = {f.name: changes["graph"].get(f.name, f.default) for f in FIELDS if f.group == "graph"}
        for f in FIELDS:
            if f.group == "graph" and f.check is not None:
                f.check(top[f.name], f.key)
        for g, part in parts.items():
            if not isinstance(part, _GROUP_CLASSES[g]):
                raise TypeError(f"ViewSpec(): {GROUP_ATTRS[g]} must be a {_GROUP_CLASSES[g].__name__}")
            if changes[g]:
                parts[g] = dataclasses.replace(part, **changes[g])
        object.__setattr__(self, "level", top["level"])
        object.__setattr__(self, "weight", top["weight"])
        object.__setattr__(self, "filters", parts["filters"])
        object.__setattr__(self, "focal", parts["focus"])
        object.__setattr__(self, "appearance", parts["appearance"])
        if self.compare is not None and self.level == "bipartite":
            raise ViewError("compare: periods are compared between actors (organisation or country "
                            "level), not in the bipartite view.")

    def replace(self, **changes) -> "ViewSpec":
        """A copy with some fields changed (validated); fields are named flat (``themes=``) or by group
        (``filters=Filters(...)``)."""
        return dataclasses.replace(self, **changes)

    def graph_part(self) -> "ViewSpec":
        """This view with appearance, focus and tab reset: two views with the same graph give the same one.

        >>> ViewSpec(level="country", color="region", selected="LV", partners=True).graph_part().to_query()
        'level=country&partners=1'
        """
        return ViewSpec(level=self.level, weight=self.weight, filters=self.filters, seed=self.seed)

    def values(self, group: str | None = None) -> dict:
        """``{field name: value}`` of every field (of ``group`` only, e.g. ``"filters"``), in query order."""
        return {f.name: getattr(self, f.name) for f in FIELDS if group is None or f.group == group}

    def phrases(self) -> list[str]:
        """The view's filters and focus in words, one phrase each, for subtitles (see ``describe_filters``).

        >>> ViewSpec(themes=("green", "digital"), all_themes=True, min_weight=2).phrases()
        ['themes: green and digital', 'links ≥ 2']
        """
        out = []
        for f in FIELDS:
            value = getattr(self, f.name)
            if f.words is not None and value != f.default:
                phrase = f.words(value, self)
                if phrase:
                    out.append(phrase)
        return out

    def slugs(self) -> list[str]:
        """The words of a file name that say what the view shows (beside its level), in query order."""
        return [s for f in FIELDS if f.slug is not None and getattr(self, f.name) != f.default
                for s in f.slug(getattr(self, f.name))]

    # -- the query string ---------------------------------------------------
    def to_pairs(self) -> list[tuple[str, str]]:
        """The (key, value) pairs that differ from the defaults, in field order; lists as repeated keys."""
        pairs: list[tuple[str, str]] = []
        for f in FIELDS:
            value = getattr(self, f.name)
            if value != f.default:
                pairs.extend((f.key, v) for v in f.query_values(value))
        return pairs

    def to_query(self) -> str:
        """The query string (without ``?``); only non-default fields appear."""
        return urlencode(self.to_pairs())

    @classmethod
    def from_query(cls, query: str) -> "ViewSpec":
        """Parse a query string or a whole URL; raises :class:`ViewError` on bad values."""
        return cls.from_multidict(query_multidict(query))

    @classmethod
    def from_multidict(cls, multi: dict[str, list[str]]) -> "ViewSpec":
        """Build from ``{key: [values]}`` (query keys, e.g. ``theme``)."""
        unknown = sorted(set(multi) - set(FIELD_BY_KEY))
        if unknown:
            raise ViewError(f"unknown view option(s): {', '.join(unknown)}. Known: {', '.join(sorted(FIELD_BY_KEY))}.")
        return cls(**{FIELD_BY_KEY[key].name: FIELD_BY_KEY[key].read(values) for key, values in multi.items()})


for _f in FIELDS:  # every field read flat: spec.themes is spec.filters.themes
    if _f.group != "graph":
        setattr(ViewSpec, _f.name, property(
            (lambda attr, name: lambda self: getattr(getattr(self, attr), name))(GROUP_ATTRS[_f.group], _f.name),
            doc=_f.help))
del _f


def query_multidict(query: str) -> dict[str, list[str]]:
    """``{key: [values]}`` of a query string or a whole URL.

    >>> query_multidict("https://example.org/?theme=green&theme=digital&level=country")
    {'theme': ['green', 'digital'], 'level': ['country']}
    """
    if "?" in query or query.startswith(("http://", "https://", "/")):
        query = urlsplit(query).query
    query = query.lstrip("?")
    multi: dict[str, list[str]] = {}
    for k, v in parse_qsl(query, keep_blank_values=False):
        multi.setdefault(k, []).append(v)
    return multi


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
