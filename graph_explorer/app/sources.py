"""Which data a request is about: the bundled dataset, or the upload whose token the browser sent.

Every callback gets the token of its tab (a ``dcc.Store`` in session storage,
``ids.DATA_TOKEN``) and asks :meth:`DataSources.resolve` for a
:class:`DataContext`: the read-only :class:`~graph_explorer.explorer.Explorer`
and control :class:`~.state.Choices` of that dataset. No token means the data
the server was started with; a token the upload folder does not know (deleted,
expired, made up) means that data too, with a message saying so.

Explorers of uploads are kept in a small LRU cache behind a lock, keyed by the
dataset's fingerprint (its content) and name; the token → file mapping lives
on disk (:class:`~graph_explorer.uploads.UploadStore`), so any worker process
can answer any request. Nothing here is per user: two requests with the same
token get the same answer from any worker.

Examples
--------
>>> import tempfile
>>> from graph_explorer.testing import tiny_dataset
>>> from graph_explorer.uploads import UploadStore
>>> sources = DataSources(Explorer(tiny_dataset()), UploadStore(tempfile.mkdtemp()), ["degree"])
>>> sources.resolve(None)[0] is sources.bundled, sources.resolve(None)[1]
(True, None)
>>> context, message = sources.resolve("x" * 43)
>>> context is sources.bundled, message.startswith("The uploaded data of this tab")
(True, True)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..cache import ContentCache
from ..errors import DataError
from ..explorer import Explorer, open_explorer
from ..uploads import UploadStore
from .state import Choices, choices_for

__all__ = ["DataContext", "DataSources", "dataset_label", "UNKNOWN_TOKEN_MESSAGE"]

log = logging.getLogger("graph_explorer.app")

UNKNOWN_TOKEN_MESSAGE = ("The uploaded data of this tab is no longer on the server (uploads are deleted after a "
                         "while unused, or when the server restarts). Showing the bundled data; upload the file "
                         "again to go on with it.")


def dataset_label(name: str, dataset) -> str:
    """ "name · 1,651 actors · 73 cooperations" (the header line)."""
    return f"{name} · {len(dataset.actors):,} actors · {len(dataset.cooperations):,} cooperations"


@dataclass(frozen=True, eq=False)
class DataContext:
    """One dataset as the page needs it; shared read-only by every request about it."""

    explorer: Explorer
    choices: Choices
    label: str
    attribution: tuple[str, ...]
    token: str | None = None  # None for the data the server was started with
    filename: str | None = None

    @property
    def dataset(self):
        return self.explorer.dataset

    @property
    def is_upload(self) -> bool:
        return self.token is not None


class DataSources:
    """The server's own data plus the uploads of its users (see the module docstring).

    Parameters
    ----------
    bundled : Explorer
        The data the server was started with (shown when no upload is in use).
    uploads : UploadStore
        Where uploads live.
    metric_names : list of str
        Metrics offered for colour and size (as for :func:`~.state.choices_for`).
    max_loaded : int
        Explorers of uploads kept in memory per process (each is read again from the folder when needed).
    """

    def __init__(self, bundled: Explorer, uploads: UploadStore, metric_names, max_loaded: int = 4):
        self.uploads = uploads
        self._metrics = list(metric_names)
        d = bundled.dataset
        self.bundled = DataContext(bundled, choices_for(d, self._metrics), dataset_label(d.name, d),
                                   tuple(d.attribution_for(None)))
        self._loaded = ContentCache(maxsize=max_loaded)

    def _shared(self, fingerprint: str, name: str, load) -> tuple[Explorer, Choices]:
        """The Explorer and choices of an upload's content, built once per process (``load()`` gives the data)."""
        def build():
            dataset = load()
            return open_explorer(dataset), choices_for(dataset, self._metrics)
        return self._loaded.get_or_compute(("upload", fingerprint, name), build)

    def _context(self, upload, explorer: Explorer, choices: Choices) -> DataContext:
        d = explorer.dataset
        return DataContext(explorer, choices, dataset_label(upload.name, d), tuple(d.attribution_for(None)),
                           token=upload.token, filename=upload.filename)

    def add(self, data: bytes, filename: str, replaces=None) -> DataContext:
        """Validate and keep an upload; its context (with the new token). Raises DataError.

        ``replaces``: the tab's current token, whose upload the new one replaces (a tab holds one upload).
        """
        token, dataset = self.uploads.add(data, filename, replaces=replaces)
        upload = self.uploads.get(token)
        return self._context(upload, *self._shared(upload.fingerprint, upload.name, lambda: dataset))

    def resolve(self, token) -> tuple[DataContext, str | None]:
        """The context for a tab's token, and a message when the token is unknown (then the bundled data)."""
        if not token:
            return self.bundled, None
        upload = self.uploads.get(token)
        if upload is None:
            return self.bundled, UNKNOWN_TOKEN_MESSAGE
        try:
            shared = self._shared(upload.fingerprint, upload.name, lambda: self.uploads.load(upload))
        except (DataError, OSError):  # deleted meanwhile, or no longer valid for this version of the program
            log.warning("upload %s… could not be read again", upload.token[:6], exc_info=True)
            return self.bundled, UNKNOWN_TOKEN_MESSAGE
        return self._context(upload, *shared), None

    def context(self, token) -> DataContext:
        """The context for a tab's token (the bundled data when it is unknown)."""
        return self.resolve(token)[0]

    def explorer(self, token) -> Explorer:
        """The Explorer for a tab's token."""
        return self.resolve(token)[0].explorer
