"""The project's one exception hierarchy.

Every error a user can cause is a :class:`GraphExplorerError`; its message says
what is wrong and what to do. Code that serves users (the CLI, the app) catches
this type and shows the message; anything else is a bug.
"""

from __future__ import annotations

__all__ = [
    "GraphExplorerError",
    "DataError",
    "ViewError",
    "ActorNotFound",
    "ExportError",
]


class GraphExplorerError(Exception):
    """Base class of every error the project raises on purpose."""


class DataError(GraphExplorerError):
    """A dataset could not be loaded; ``report`` holds every problem found.

    Parameters
    ----------
    message : str
        A one-line summary.
    report : ValidationReport, optional
        The full validation report (errors and warnings), file/row/column each.
    """

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report

    def __str__(self) -> str:  # the summary, then every error on its own line
        base = super().__str__()
        if self.report is None:
            return base
        return base + "\n" + self.report.format(errors_only=True)


class ViewError(GraphExplorerError, ValueError):
    """A view option (level, filter, appearance) has a value that is not allowed."""


class ActorNotFound(GraphExplorerError, LookupError):
    """An actor named by the user is unknown or ambiguous; the message lists candidates."""


class ExportError(GraphExplorerError):
    """An export could not be produced (no browser, timeout, bad format)."""
