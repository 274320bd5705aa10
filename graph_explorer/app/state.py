"""The view's state: URL query ⇄ ViewSpec ⇄ control values, and the choices the controls offer.

Everything here is pure: a ViewSpec and plain values in, plain values out.
The controls hold a ViewSpec field each (``ViewField.control``, listed in ``ids.CONTROL_FIELDS``); the URL's
query string is ``ViewSpec.to_query()``; the one callback that keeps them in
step (``callbacks.sync_view``) is built from these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from ..errors import GraphExplorerError, ViewError
from ..analysis.metrics import METRIC_BY_NAME, metric_label, ordered_metrics
from ..view import CATEGORICAL_COLORS, FIELDS, LABEL_MODES, LAYOUTS, LEVELS, VIEWS, WEIGHTINGS, ViewSpec
from ..vocab import ACTOR_KINDS, COOPERATION_KINDS, REGIONS, THEMES
from . import ids

__all__ = ["START", "Choices", "choices_for", "controls_from_spec", "spec_from_controls", "parse_search", "search_from_spec",
           "check_spec", "year_marks"]


@dataclass(frozen=True)
class Choices:
    """What the controls offer for one dataset (built once, shared read-only by every user)."""

    themes: list[dict]
    kinds: list[dict]
    programmes: list[dict]
    regions: list[dict]
    countries: list[dict]
    actor_kinds: list[dict]
    year_min: int
    year_max: int
    metrics: list[str]
    colors: list[dict] = field(default_factory=list)
    sizes: list[dict] = field(default_factory=list)

    @property
    def color_values(self) -> set[str]:
        return {o["value"] for o in self.colors}

    @property
    def size_values(self) -> set[str]:
        return {o["value"] for o in self.sizes}


def _count_options(values: pd.Series, label) -> list[dict]:
    counts = values.value_counts()
    return [{"label": f"{label(v)} ({int(n):,})", "value": v} for v, n in counts.items()]


def choices_for(dataset, metrics: list[str]) -> Choices:
    """Options of every control for ``dataset``; each filter value shows its count of cooperations (or actors).

    Parameters
    ----------
    dataset : Dataset
    metrics : list of str
        Numeric metric columns available (for colour and size); offered in the registry's order
        (:func:`~graph_explorer.analysis.metrics.ordered_metrics`), unregistered ones after, by name.
    """
    coops = dataset.cooperations
    theme_counts = pd.Series([t for ts in coops["themes"] for t in ts], dtype=object).value_counts()
    themes = [{"label": f"{THEMES.label(t)} ({int(theme_counts.get(t, 0)):,})", "value": t}
              for t in THEMES if t in theme_counts.index]
    themes.sort(key=lambda o: -int(theme_counts.get(o["value"], 0)))
    kinds = _count_options(coops["kind"].dropna(), COOPERATION_KINDS.label)
    programmes = _count_options(coops["programme"].dropna(), str)
    actors = dataset.actors
    regions = [o for o in _count_options(actors["region"].dropna(), REGIONS.label)]
    names = dataset.countries.set_index("code")["name"] if len(dataset.countries) else pd.Series(dtype=object)
    ccounts = actors["country"].dropna().value_counts()
    countries = sorted(({"label": f"{names.get(c, c)}, {c} ({int(n):,})", "value": c} for c, n in ccounts.items()),
                       key=lambda o: o["label"])
    actor_kinds = _count_options(actors["kind"].dropna(), ACTOR_KINDS.label)
    years = pd.concat([pd.to_numeric(coops["start_year"], errors="coerce"),
                       pd.to_numeric(coops["end_year"], errors="coerce")]).dropna()
    y0, y1 = (int(years.min()), int(years.max())) if len(years) else (2000, 2030)
    metrics = [m.name for m in ordered_metrics("menus") if m.name in metrics] + sorted(
        m for m in metrics if m not in METRIC_BY_NAME and not m.endswith("_rank"))
    category_labels = {"community": "Community", "region": "Region", "country": "Country", "kind": "Actor kind"}
    colors = [{"label": category_labels[c], "value": c} for c in CATEGORICAL_COLORS] + \
             [{"label": metric_label(m), "value": m} for m in metrics]
    sizes = [{"label": metric_label(m), "value": m} for m in metrics]
    return Choices(themes, kinds, programmes, regions, countries, actor_kinds, y0, y1, metrics, colors, sizes)


def year_marks(y0: int, y1: int) -> dict:
    """Labels under the year slider: every year, 2nd or 5th year by span, and the last year.

    At most six labels, so they never run together in the sidebar.

    >>> year_marks(2021, 2025)
    {2021: '2021', 2022: '2022', 2023: '2023', 2024: '2024', 2025: '2025'}
    >>> year_marks(2014, 2028)
    {2014: '2014', 2019: '2019', 2024: '2024', 2028: '2028'}
    >>> sorted(year_marks(2000, 2025))
    [2000, 2005, 2010, 2015, 2020, 2025]
    """
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if (y1 - y0) / s <= 5)
    marks = {y: str(y) for y in range(y0, y1 + 1, step)}
    if y1 - max(marks) >= step / 2 + 1:
        marks[y1] = str(y1)
    return marks


# -- URL ⇄ ViewSpec ---------------------------------------------------------------


#: What the app shows at a bare address: the countries on the map. 55 countries and networks on a map
#: of Europe read at a glance, where the network of 1,651 organisations is a hairball until one filters
#: and the network of countries a dense knot. The address bar then says ``?level=country&view=map``.
START = ViewSpec(level="country", view="map")


def parse_search(search: str | None) -> tuple[ViewSpec, str | None]:
    """The view in a URL's ``search`` (``?level=country…``), or the start view and a message saying why not.

    A bare address (no query) is the app's :data:`START` view.

    >>> parse_search("?theme=green")[0].level, parse_search("")[0].level
    ('organisation', 'country')
    >>> spec, message = parse_search("?level=planets")
    >>> spec == START, message.startswith("This link's view could not be used")
    (True, True)
    """
    if not (search or "").lstrip("?"):
        return START, None
    try:
        return ViewSpec.from_query(search or ""), None
    except GraphExplorerError as exc:
        return START, f"This link's view could not be used: {exc} Showing the start view instead."


#: The query of the default view (``ViewSpec()``, whose own query is empty) in an address: a bare address
#: opens the :data:`START` view instead.
DEFAULT_VIEW_QUERY = "level=organisation"


def search_from_spec(spec: ViewSpec) -> str:
    """The ``search`` part of the URL for ``spec``; never empty, as a bare address is the :data:`START` view.

    >>> search_from_spec(ViewSpec()), search_from_spec(START)
    ('?level=organisation', '?level=country&view=map')
    """
    return f"?{spec.to_query() or DEFAULT_VIEW_QUERY}"


def check_spec(spec: ViewSpec, choices: Choices) -> tuple[ViewSpec, list[str]]:
    """Replace appearance values this dataset cannot draw (an unknown metric) by defaults, saying so."""
    notes = []
    changes = {}
    default = ViewSpec()
    if spec.color not in choices.color_values:
        notes.append(f"colour: {spec.color!r} is not available here; colouring by {default.color} instead.")
        changes["color"] = default.color
    if spec.size not in choices.size_values:
        fallback = default.size if default.size in choices.size_values else (choices.metrics or ["degree"])[0]
        notes.append(f"size: {spec.size!r} is not available here; sizing by {fallback} instead.")
        changes["size"] = fallback
    return (spec.replace(**changes) if changes else spec), notes


# -- ViewSpec ⇄ controls ------------------------------------------------------------


#: A control's value where it is not the field's value itself (field name → f(spec, choices)); every other
#: control of a field (``ViewField.control``) shows the field's value, a list for a tuple.
_TO_CONTROL = MappingProxyType({
    "years": lambda spec, c: list(spec.years) if spec.years else [c.year_min, c.year_max],
    "all_themes": lambda spec, c: "all" if spec.all_themes else "any",
    "partners": lambda spec, c: bool(spec.partners),
    "holders": lambda spec, c: bool(spec.holders),
    "min_weight": lambda spec, c: spec.min_weight if spec.min_weight else 0,
    "backbone": lambda spec, c: "" if spec.backbone is None else f"{spec.backbone:g}",
    "compare": lambda spec, c: list(spec.compare) if spec.compare else default_compare(spec.years, c),
})


def controls_from_spec(spec: ViewSpec, choices: Choices) -> dict:
    """The value of each control (by component id) that shows ``spec``."""
    out = {}
    for f in FIELDS:
        if f.control is not None:
            value = getattr(spec, f.name)
            out[f.control] = _TO_CONTROL[f.name](spec, choices) if f.name in _TO_CONTROL else \
                list(value) if isinstance(value, tuple) else value
    out[ids.COMPARE_ON] = spec.compare is not None
    out[ids.PATH_FROM] = spec.path[0] if spec.path else None
    out[ids.PATH_TO] = spec.path[1] if spec.path else None
    return out


def default_compare(years, choices: Choices) -> list[int]:
    """The period "compare with…" offers first: as long as the view's years and just before them, else the
    first half of the data's years.

    >>> c = Choices([], [], [], [], [], [], 2014, 2027, [])
    >>> default_compare((2023, 2025), c), default_compare(None, c), default_compare((2014, 2016), c)
    ([2020, 2022], [2014, 2020], [2014, 2014])
    """
    lo, hi = choices.year_min, choices.year_max
    if years:
        a, b = years
        start, end = max(lo, a - (b - a + 1)), max(lo, a - 1)
        return [start, end]
    return [lo, max(lo, (lo + hi) // 2)]


def _tuple(values) -> tuple:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(dict.fromkeys(v for v in values if v not in (None, "")))


def _number(value, name: str, cast, default):
    if value is None or value == "":
        return default
    try:
        return cast(value)
    except (TypeError, ValueError):
        raise ViewError(f"{name}: {value!r} is not a number.") from None


def _years_from(value, values, choices, base):
    if value and len(value) == 2:
        a, b = int(value[0]), int(value[1])
        return None if (a <= choices.year_min and b >= choices.year_max) else (a, b)
    return None


def _compare_from(value, values, choices, base):
    if ids.COMPARE_ON not in values:
        return base.compare
    return (int(value[0]), int(value[1])) if values.get(ids.COMPARE_ON) and value and len(value) == 2 else None


#: A field's value from its control where it is not the control's value itself
#: (field name → f(control value, all values, choices, base)).
_FROM_CONTROL = MappingProxyType({
    "years": _years_from,
    "compare": _compare_from,
    "all_themes": lambda v, values, c, base: v == "all",
    "partners": lambda v, values, c, base: bool(v),
    "holders": lambda v, values, c, base: bool(v) if ids.HOLDERS in values else base.holders,
    "min_weight": lambda v, values, c, base: _number(v, "minimum link weight", float, 0.0),
    "kcore": lambda v, values, c, base: _number(v, "k-core", int, 0),
    "top_n": lambda v, values, c, base: _number(v, "top N", int, base.top_n),
    "hops": lambda v, values, c, base: _number(v, "hops", int, base.hops),
    "backbone": lambda v, values, c, base: _number(
        values.get(ids.BACKBONE, "" if base.backbone is None else base.backbone), "backbone", float, None),
})


def spec_from_controls(values: dict, choices: Choices, base: ViewSpec | None = None) -> ViewSpec:
    """The ViewSpec the controls show; fields no control holds (``seed``) come from ``base``.

    A year slider over the data's whole range means "no year filter". A list control gives a tuple
    (none ticked: ``()``); a control of a field that may be None (``focus``) gives None when empty; any
    other empty control keeps ``base``'s value. Raises :class:`ViewError` for values a ViewSpec does
    not allow (say a top-N of 9,999).
    """
    base = base or ViewSpec()
    changes = {}
    for f in FIELDS:
        if f.control is None:
            continue
        value = values.get(f.control)
        if f.name in _FROM_CONTROL:
            changes[f.name] = _FROM_CONTROL[f.name](value, values, choices, base)
        elif isinstance(f.default, tuple):
            changes[f.name] = _tuple(value)
        elif f.default is None:
            changes[f.name] = value or None
        else:
            changes[f.name] = value or getattr(base, f.name)
    path_from, path_to = values.get(ids.PATH_FROM), values.get(ids.PATH_TO)
    changes["path"] = (path_from, path_to) if path_from and path_to else None
    return base.replace(**changes)


#: Choices of the fixed controls (label, value), straight from the ViewSpec's vocabularies.
LEVEL_OPTIONS = tuple((v, label) for v, label in LEVELS.items())
WEIGHT_OPTIONS = tuple((v, label) for v, label in WEIGHTINGS.items())
LAYOUT_OPTIONS = tuple((v, label) for v, label in LAYOUTS.items())
LABEL_OPTIONS = tuple((v, label) for v, label in LABEL_MODES.items())
VIEW_LABELS = tuple((v, label) for v, label in VIEWS.items())


def options(pairs) -> list[dict]:
    """Dash options from (value, label) pairs (a new list each time: components may keep it)."""
    return [{"label": label, "value": v} for v, label in pairs]
