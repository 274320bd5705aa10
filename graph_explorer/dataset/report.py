"""Problems found while loading a dataset, and the report that collects them.

Every :class:`Problem` says where it is the way a spreadsheet user would look
for it — the file (or ``book.xlsx[actors]`` for a sheet), the row (the header
is row 1, the first data row is row 2) and the column — and what to do: the
value found, what is allowed, and the nearest known value.

Examples
--------
>>> p = Problem("error", "actors.csv", 5, "kind", "organsation",
...             "'organsation' is not a known actor kind.",
...             allowed="country, organisation", suggestion="organisation")
>>> print(p.format())
error: actors.csv, row 5, column 'kind': 'organsation' is not a known actor kind. Did you mean 'organisation'? Allowed: country, organisation.
>>> report = ValidationReport([p])
>>> report.ok, len(report.errors), len(report.warnings)
(False, 1, 0)
>>> report.summary()
'1 error, 0 warnings'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["Problem", "ValidationReport", "ERROR", "WARNING", "INFO", "short"]

ERROR, WARNING, INFO = "error", "warning", "info"
_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


def short(value, limit: int = 60) -> str:
    """``value`` as text, cut to ``limit`` characters for a message.

    >>> short("x" * 100, 10)
    'xxxxxxxxx…'
    """
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error), doubtful (warning) or worth knowing (info).

    Parameters
    ----------
    severity : {"error", "warning", "info"}
        Errors stop the load; warnings and infos are kept in the report.
    file : str
        The file as the user knows it (``actors.csv``, ``book.xlsx[actors]``).
    row : int or None
        The row as a spreadsheet counts it (header = 1); None for the whole file.
    column : str or None
        The column as written in the file's header; None for a whole row or file.
    value : str or None
        The offending value, as found.
    message : str
        What is wrong, in a sentence.
    allowed : str, optional
        What would be accepted.
    suggestion : str, optional
        The nearest known value ("did you mean ...?").
    """

    severity: str
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    allowed: str | None = None
    suggestion: str | None = None

    def location(self) -> str:
        """``file, row N, column 'c'`` (the parts that are known)."""
        parts = [self.file or "(dataset)"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def format(self) -> str:
        """One line of human text."""
        text = f"{self.severity}: {self.location()}: {self.message}"
        if self.suggestion:
            text += f" Did you mean '{self.suggestion}'?"
        if self.allowed:
            text += f" Allowed: {self.allowed}."
        return text.replace("\n", " ")

    def to_dict(self) -> dict:
        """The fields as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class ValidationReport:
    """Every problem found in a dataset, errors first.

    Parameters
    ----------
    problems : list of Problem
    counts : dict
        Rows read per table (``actors``, ``cooperations``, ``participations``,
        ...), also when the load failed, for summaries.
    read_as : str
        How the source was read, the report's first line
        (``Read as: links CSV — 2 links, 4 participations, 3 actors``); empty
        for a report not made by loading a source.
    """

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    read_as: str = ""

    def __post_init__(self):
        order = {}
        for p in self.problems:
            order.setdefault(p.file, len(order))
        ranked = sorted(self.problems, key=lambda p: (_RANK.get(p.severity, 3), order[p.file], p.row or 0))
        object.__setattr__(self, "problems", ranked)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a load."""
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Doubtful data that was loaded as the source has it."""
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def infos(self) -> list[Problem]:
        """Things worth knowing (the encoding used, ignored columns)."""
        return [p for p in self.problems if p.severity == INFO]

    @property
    def ok(self) -> bool:
        """True when there is no error."""
        return not self.errors

    def summary(self) -> str:
        """``'N errors, M warnings'``."""
        def n(count, word):
            return f"{count} {word}" + ("" if count == 1 else "s")
        return f"{n(len(self.errors), 'error')}, {n(len(self.warnings), 'warning')}"

    def format(self, errors_only: bool = False) -> str:
        """The "Read as" line (if any), then one line per problem (errors, then warnings, then infos)."""
        shown = self.errors if errors_only else self.problems
        return "\n".join(([self.read_as] if self.read_as else []) + [p.format() for p in shown])

    def to_records(self) -> list[dict]:
        """The problems as a list of JSON-ready dicts."""
        return [p.to_dict() for p in self.problems]

    def to_dict(self) -> dict:
        """``ok``, counts of rows and of problems, and the problems, JSON-ready."""
        return {
            "ok": self.ok,
            "read_as": self.read_as,
            "rows": dict(self.counts),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "problems": self.to_records(),
        }
