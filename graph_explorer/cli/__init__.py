"""The ``graph-explorer`` command line.

``graph-explorer`` with no command serves the bundled data (like datasette);
one-shot commands print machine-readable results (CSV, or JSON with
``--format json``) and exit. Each command module registers itself on
:data:`main`; user errors exit with status 2 (bad options) or 1 (bad data)
and a message, never a traceback.
"""

from __future__ import annotations

import click

from ._base import main

# command modules register themselves on `main` when imported
from . import data as _data  # noqa: F401,E402  (edges, summary)
from . import validate as _validate  # noqa: F401,E402
from . import serve as _serve  # noqa: F401,E402
from . import analysis as _analysis  # noqa: F401,E402
from . import generate as _generate  # noqa: F401,E402
from . import export as _export  # noqa: F401,E402

__all__ = ["main", "click"]
