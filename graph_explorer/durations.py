"""How long a cooperation runs when a source gives only the year of its call.

Some sources (the Erasmus+ CoVE participants file, Erasmus+ project exports)
give the **call year** of a project, not the years it ran. A strategist who asks
"who cooperated in 2024" needs the years it ran, so where only a call year is
known the activity period is derived from the programme's documented duration,
and the cooperation is marked as having derived years (``years_derived``).

:data:`DURATIONS` is the table, one row per programme (and, for Erasmus+
exports, per action type). Readers of other formats use :func:`active_years`
with their programme and action type; a key that is not in the table gives
``None`` (then the call year stays the only year, as the source has it).

The rule: a project of the call of year *Y* starts in *Y* + ``start_offset``
and runs ``months``; its active years are the calendar years from the start
year up to start year + ceil(months / 12) − 1 (a 48-month project of the 2021
call: 2022–2025). Projects that start after January run a few months into one
more calendar year; the table does not count it (no source gives the month).

This module imports nothing from the package, so ``scripts/build_data.py``
can load it by path.

Examples
--------
>>> active_years("Erasmus+ CoVE", 2021)
(2022, 2025)
>>> active_years("Erasmus+ CoVE", 2021, "anything")  # CoVE has one action type
(2022, 2025)
>>> active_years("Interreg Estonia-Latvia", 2018) is None
True
>>> DURATIONS[("Erasmus+ CoVE", None)].months
48
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Duration", "DURATIONS", "duration_for", "active_years", "derived_note"]


@dataclass(frozen=True)
class Duration:
    """The documented duration of the projects of one programme (and action type).

    Attributes
    ----------
    months : int
        How long a project runs.
    start_offset : int
        Years between the call and the start (1: the year after the call).
    source : str
        Where the duration is documented (a citation with its URL).
    """

    months: int
    start_offset: int
    source: str

    def years(self, call_year: int) -> tuple[int, int]:
        """(first, last) active year of a project of the call of ``call_year``."""
        start = int(call_year) + self.start_offset
        return start, start + math.ceil(self.months / 12) - 1


_COVE_SOURCE = (
    "Erasmus+ Programme Guide, Part B, Centres of Vocational Excellence, eligibility criteria: project duration "
    "4 years (https://erasmus-plus.ec.europa.eu/programme-guide/part-b/key-action-2/centres-vocational-excellence); "
    "the projects of a call are selected in the spring after it (EC DG EMPL news of 25 March 2022: the 13 projects "
    "of the 2021 call selected; https://ec.europa.eu/social/main.jsp?langId=en&catId=89&newsId=10200) and run "
    "'over the next four years' (European Year of Skills, the 2022 call's 13 projects)"
)

#: (programme, action type or None for every action type) -> Duration.
#: An importer of a source that gives call years only (such as an Erasmus+ project export, whose action
#: types have different durations) adds one row per (programme it writes to ``cooperations.programme``,
#: action type as the source names it), with the citation of the documented duration; a row with action
#: type None serves every action type of the programme. Durations given as a range in the programme guide
#: (e.g. "12 to 36 months") are not a duration: leave them out and keep the call year.
DURATIONS: dict[tuple[str, str | None], Duration] = {
    ("Erasmus+ CoVE", None): Duration(months=48, start_offset=1, source=_COVE_SOURCE),
}


def duration_for(programme: str | None, action_type: str | None = None) -> Duration | None:
    """The row of :data:`DURATIONS` for a programme and action type (or the programme's catch-all row)."""
    if not programme:
        return None
    return DURATIONS.get((programme, action_type)) or DURATIONS.get((programme, None))


def active_years(programme: str | None, call_year: int, action_type: str | None = None) -> tuple[int, int] | None:
    """The years a project of ``call_year`` ran, from the programme's documented duration; None if unknown."""
    d = duration_for(programme, action_type)
    return None if d is None else d.years(call_year)


def derived_note(programme: str | None, call_year: int, action_type: str | None = None) -> str | None:
    """A sentence saying how the active years were derived (for ``cooperations.years_derived``).

    >>> derived_note("Erasmus+ CoVE", 2023)
    'call 2023; active 2024-2027 derived: 48 months from the year after the call'
    """
    d = duration_for(programme, action_type)
    if d is None:
        return None
    a, b = d.years(call_year)
    after = "the year after the call" if d.start_offset == 1 else f"{d.start_offset} years after the call"
    return f"call {call_year}; active {a}-{b} derived: {d.months} months from {after}"
