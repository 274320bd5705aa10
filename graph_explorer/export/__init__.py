"""Export for presentations: the pictures, slides, tables and graph files of a view.

One entry point, :func:`export_view`, serves the CLI (``graph-explorer
export``) and the app's Export menu, so both write the same files for the
same view.

=========  ==========================================================  ========================
format     what                                                        module
=========  ==========================================================  ========================
png        picture, 16:9 / 4:3 / A4 / custom size, scale 1–4            :mod:`.images` (kaleido)
svg, pdf   the same picture, vector                                     :mod:`.images`
pptx       one slide per view: title, picture, top actors, sources      :mod:`.slides`
csv        nodes with metrics, links with cooperations (two files)      :mod:`.tables`
xlsx       the same as one workbook (About, Nodes, Links, Regions,      :mod:`.tables`
           Region matrix sheets); csv --table regions / region-matrix
graphml    the graph with attributes and layout positions               :mod:`.graphs`
gexf       the same for Gephi, with viz:position, viz:color, viz:size   :mod:`.graphs`
=========  ==========================================================  ========================

File names
----------
:func:`export_view` returns :class:`ExportedFile` objects named
``<basename>.<ext>``; CSV gives two files, ``<basename>-nodes.csv`` and
``<basename>-links.csv``, unless ``table`` picks one (then ``<basename>.csv``).
The default basename describes the view (:func:`default_basename`), e.g.
``vet-cooperation-countries-green-2021-2025``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ExportError
from ..fileio import atomic_write
from ..view import ViewSpec, check_view
from .graphs import GRAPH_FORMATS, export_graph
from .images import (DEFAULT_TIMEOUT, IMAGE_FORMATS, browser_available, export_image, find_browser,
                     shutdown_renderer)
from .presets import PRESETS, ImageSize, resolve_size
from .slides import export_slides
from .tables import TABLES

__all__ = ["FORMATS", "MIME_TYPES", "ExportedFile", "export_view", "export_deck", "export_pdf_deck", "deck_file",
           "default_basename",
           "write_files", "export_image", "export_slides", "export_graph", "resolve_size", "PRESETS",
           "ImageSize", "browser_available", "find_browser", "shutdown_renderer", "DEFAULT_TIMEOUT"]

FORMATS = ("png", "svg", "pdf", "pptx", "csv", "xlsx", "graphml", "gexf")
MIME_TYPES = {
    "png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
}


@dataclass(frozen=True)
class ExportedFile:
    """One file of an export: its name (no folder), bytes and MIME type."""

    name: str
    data: bytes
    mimetype: str


def default_basename(spec: ViewSpec) -> str:
    """A file name (no extension) that says what the view shows.

    >>> default_basename(ViewSpec(level="country", themes=("green",), years=(2021, 2025)))
    'vet-cooperation-countries-green-2021-2025'
    >>> default_basename(ViewSpec(view="map"))
    'vet-cooperation-organisations-map'
    """
    parts = ["vet-cooperation", {"organisation": "organisations", "country": "countries",
                                 "bipartite": "cooperations"}[spec.level]]
    parts += spec.slugs()  # each field's words (``ViewField.slug``), in query order
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p)
    return re.sub(r"-{2,}", "-", slug)[:120].strip("-") or "vet-cooperation"


def export_view(explorer, spec: ViewSpec, fmt: str, *, basename: str | None = None, preset: str | None = None,
                width: int | None = None, height: int | None = None, scale: float = 1.0,
                title: str | None = None, table: str | None = None, transparent: bool = False,
                extra_specs: list[ViewSpec] | None = None, top_n: int = 10,
                timeout: float = DEFAULT_TIMEOUT) -> list[ExportedFile]:
    """Export one view (and, for pptx, ``extra_specs`` as further slides) in ``fmt``.

    Parameters
    ----------
    explorer : Explorer
    spec : ViewSpec
    fmt : one of :data:`FORMATS`
    basename : str, optional
        File name without extension (default :func:`default_basename`).
    preset, width, height, scale, transparent
        Picture size and background (png, svg, pdf; ``preset`` is also the pptx slide size).
    title : str, optional
        Title of the picture or (first) slide.
    table : {"nodes", "links", "regions", "region-matrix"}, optional
        csv/xlsx: only this table (default: csv nodes and links, xlsx every table).
    top_n : int
        pptx: rows of the top-actors table.
    timeout : float
        Seconds per picture render.
    """
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}.")
    if table is not None and table not in TABLES:
        raise ExportError(f"table: {table!r} is not one of {', '.join(TABLES)}.")
    for s in (spec, *(extra_specs or [])):
        check_view(s, explorer.dataset)  # unknown programmes or actors: a ViewError naming them
    base = basename or default_basename(spec)
    mime = MIME_TYPES[fmt]
    if fmt in IMAGE_FORMATS:
        data = export_image(explorer, spec, fmt, preset=preset, width=width, height=height, scale=scale,
                            title=title, transparent=transparent, timeout=timeout)
        return [ExportedFile(f"{base}.{fmt}", data, mime)]
    if fmt == "pptx":
        specs = [spec, *(extra_specs or [])]
        data = export_slides(explorer, specs, titles=[title] if title else None, preset=preset or "16:9",
                             top_n=top_n, scale=max(scale, 2.0), timeout=timeout)
        return [ExportedFile(f"{base}.pptx", data, mime)]
    if fmt in GRAPH_FORMATS:
        return [ExportedFile(f"{base}.{fmt}", export_graph(explorer, spec, fmt), mime)]
    from . import tables

    which = [table] if table else list(tables.DEFAULT_CSV_TABLES if fmt == "csv" else TABLES)
    frames = {name: tables.table(explorer, spec, name) for name in which}
    if fmt == "csv":
        if table:
            return [ExportedFile(f"{base}.csv", tables.to_csv(frames[table]), mime)]
        return [ExportedFile(f"{base}-{name}.csv", tables.to_csv(df), mime) for name, df in frames.items()]
    about = tables.about_rows(explorer, spec)
    if title:
        about[0] = ("Title", title)
    data = tables.to_xlsx({name.replace("-", " ").capitalize(): df for name, df in frames.items()}, about)
    return [ExportedFile(f"{base}.xlsx", data, mime)]


def export_deck(explorer, specs: list[ViewSpec], **kwargs) -> bytes:
    """A .pptx with one slide per view (see :func:`~.slides.export_slides`)."""
    return export_slides(explorer, specs, **kwargs)


def export_pdf_deck(explorer, specs: list[ViewSpec], *, preset: str | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """One multi-page PDF, one page per view (each page the view's exported picture, vector)."""
    import io

    from pypdf import PdfWriter

    if not specs:
        raise ExportError("A deck needs at least one view.")
    writer = PdfWriter()
    for spec in specs:
        writer.append(io.BytesIO(export_image(explorer, spec, "pdf", preset=preset, timeout=timeout)))
    writer.add_metadata({"/Title": "Cooperation in vocational education and training — "
                                   f"{len(specs)} view{'s' if len(specs) != 1 else ''}"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def deck_file(explorer, specs: list[ViewSpec], fmt: str, *, preset: str | None = None,
              timeout: float = DEFAULT_TIMEOUT, view_url: str | None = None) -> ExportedFile:
    """A deck of views as one file: ``pptx`` (one slide per view; ``view_url``, the app's address, makes
    the notes hold each view's full URL) or ``pdf`` (one page per view)."""
    if fmt == "pptx":
        data = export_slides(explorer, specs, preset=preset or "16:9", timeout=timeout, view_url=view_url)
        return ExportedFile("vet-cooperation-deck.pptx", data, MIME_TYPES["pptx"])
    if fmt == "pdf":
        return ExportedFile("vet-cooperation-deck.pdf", export_pdf_deck(explorer, specs, preset=preset,
                                                                        timeout=timeout), MIME_TYPES["pdf"])
    raise ExportError(f"format: a deck is pptx or pdf, not {fmt!r}.")


def write_files(files: list[ExportedFile], directory: str | Path) -> list[Path]:
    """Write exported files into ``directory``; returns their paths."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for f in files:
        out.append(atomic_write(d / f.name, f.data))
    return out
