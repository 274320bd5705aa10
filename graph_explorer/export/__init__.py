"""Export for presentations: the pictures, slides, tables and graph files of a view.

One entry point, :func:`export_view`, serves the CLI (``graph-explorer
export``) and the app's Export menu, so both write the same files for the
same view. The formats are one registry, :data:`FORMATS` (name →
:class:`ExportFormat`: label, MIME type, extension, writer, menu entries);
the CLI's ``--format`` choices and the app's Export menu are built from it.
Adding a format is its writer (where new) and one entry here.

Pictures come from :mod:`.images` (kaleido and Chromium), slides from
:mod:`.slides`, CSV and XLSX tables from :mod:`.tables`, graph files from
:mod:`.graphs`; ``graph-explorer export --help`` and docs/analysis.md list the
formats.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ..errors import ExportError
from ..fileio import atomic_write
from ..view import ViewSpec, check_view
from .graphs import export_graph
from .images import (DEFAULT_TIMEOUT, browser_available, export_image, find_browser,
                     shutdown_renderer)
from .presets import PRESETS, ImageSize, resolve_size
from .slides import export_slides
from .tables import TABLES

__all__ = ["FORMATS", "MIME_TYPES", "ExportFormat", "ExportOptions", "MenuEntry", "menu_entries", "ExportedFile", "export_view", "export_deck", "export_pdf_deck", "deck_file",
           "default_basename",
           "write_files", "export_image", "export_slides", "export_graph", "resolve_size", "PRESETS",
           "ImageSize", "browser_available", "find_browser", "shutdown_renderer", "DEFAULT_TIMEOUT"]

@dataclass(frozen=True)
class ExportedFile:
    """One file of an export: its name (no folder), bytes and MIME type."""

    name: str
    data: bytes
    mimetype: str


@dataclass(frozen=True)
class ExportOptions:
    """The options of one export (those a format does not use are ignored; see :func:`export_view`)."""

    preset: str | None = None
    width: int | None = None
    height: int | None = None
    scale: float = 1.0
    title: str | None = None
    table: str | None = None
    transparent: bool = False
    extra_specs: tuple = ()
    top_n: int = 10
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class MenuEntry:
    """One item of the app's Export menu: its choice id, words, section, and the table it picks (csv)."""

    choice: str
    label: str
    section: str
    format: str
    table: str | None = None


@dataclass(frozen=True)
class ExportFormat:
    """One export format of the registry :data:`FORMATS`.

    Attributes
    ----------
    name : str
        ``--format`` value (and the usual extension of ``-o``).
    label : str
        In words, as the app's Export menu shows it.
    mime : str
        MIME type of its files.
    writer : callable
        ``writer(explorer, spec, basename, fmt, options: ExportOptions) -> list[ExportedFile]``.
    extension : str
        File extension, without the dot.
    section : str
        Section of the app's Export menu (Picture, Slides, Data, Graph).
    description : str
        What the file holds (docs and ``--help``).
    menu : tuple of (choice, label, table)
        The app's menu items when there are several (csv: one per table); default one item, ``label``.
    """

    name: str
    label: str
    mime: str
    writer: Callable = field(compare=False, repr=False)
    extension: str = ""
    section: str = "Data"
    description: str = ""
    menu: tuple = ()

    def entries(self) -> tuple[MenuEntry, ...]:
        items = self.menu or ((self.name, self.label, None),)
        return tuple(MenuEntry(choice, label, self.section, self.name, table) for choice, label, table in items)


def _file(base: str, fmt: ExportFormat, data: bytes) -> list[ExportedFile]:
    return [ExportedFile(f"{base}.{fmt.extension or fmt.name}", data, fmt.mime)]


def _write_image(explorer, spec, base, fmt, o: ExportOptions):
    return _file(base, fmt, export_image(explorer, spec, fmt.name, preset=o.preset, width=o.width, height=o.height,
                                         scale=o.scale, title=o.title, transparent=o.transparent,
                                         timeout=o.timeout))


def _write_slides(explorer, spec, base, fmt, o: ExportOptions):
    return _file(base, fmt, export_slides(explorer, [spec, *o.extra_specs], titles=[o.title] if o.title else None,
                                          preset=o.preset or "16:9", top_n=o.top_n, scale=max(o.scale, 2.0),
                                          timeout=o.timeout))


def _write_graph(explorer, spec, base, fmt, o: ExportOptions):
    return _file(base, fmt, export_graph(explorer, spec, fmt.name))


def _write_csv(explorer, spec, base, fmt, o: ExportOptions):
    from . import tables

    which = [o.table] if o.table else list(tables.DEFAULT_CSV_TABLES)
    frames = {name: tables.table(explorer, spec, name) for name in which}
    if o.table:
        return _file(base, fmt, tables.to_csv(frames[o.table]))
    return [ExportedFile(f"{base}-{name}.csv", tables.to_csv(df), fmt.mime) for name, df in frames.items()]


def _write_xlsx(explorer, spec, base, fmt, o: ExportOptions):
    from . import tables

    frames = {name: tables.table(explorer, spec, name) for name in ([o.table] if o.table else TABLES)}
    about = tables.about_rows(explorer, spec)
    if o.title:
        about[0] = ("Title", o.title)
    return _file(base, fmt, tables.to_xlsx({name.replace("-", " ").capitalize(): df for name, df in frames.items()},
                                           about))


_PICTURE = "the picture: title, filters in words, colour and size legends, sources"
#: The export formats, in the order of the app's menu and the CLI's choices.
FORMATS: Mapping[str, ExportFormat] = MappingProxyType({f.name: f for f in (
    ExportFormat("png", "PNG image", "image/png", _write_image, "png", "Picture",
                 f"{_PICTURE}; 16:9 / 4:3 / A4 / custom size, scale 1–4"),
    ExportFormat("svg", "SVG (vector)", "image/svg+xml", _write_image, "svg", "Picture", f"{_PICTURE}, vector"),
    ExportFormat("pdf", "PDF (vector)", "application/pdf", _write_image, "pdf", "Picture", f"{_PICTURE}, vector"),
    ExportFormat("pptx", "PowerPoint slide (.pptx)",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation", _write_slides, "pptx",
                 "Slides", "one slide per view: title, picture, top actors, sources"),
    ExportFormat("csv", "Tables (CSV)", "text/csv", _write_csv, "csv", "Data",
                 "nodes with metrics, links with cooperations (two files); --table regions / region-matrix",
                 menu=(("csv-nodes", "Actors with metrics (CSV)", "nodes"),
                       ("csv-links", "Links with cooperations (CSV)", "links"),
                       ("csv-regions", "Regions: links within and out, E-I (CSV)", "regions"))),
    ExportFormat("xlsx", "Actors and links (Excel)",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _write_xlsx, "xlsx", "Data",
                 "the same as one workbook (About, Nodes, Links, Regions, Region matrix sheets)"),
    ExportFormat("graphml", "GraphML (yEd, Cytoscape)", "application/graphml+xml", _write_graph, "graphml", "Graph",
                 "the graph with attributes, metrics and layout positions"),
    ExportFormat("gexf", "GEXF (Gephi)", "application/gexf+xml", _write_graph, "gexf", "Graph",
                 "the same for Gephi, with viz:position, viz:color, viz:size"),
    ExportFormat("graphology", "graphology JSON (sigma.js, Gephi Lite)", "application/json", _write_graph, "json",
                 "Graph", "graphology's JSON: nodes with attributes, metrics, x, y, size and colour as in the "
                          "picture; links with weight and cooperations"),
)})
#: MIME type by format name (derived from :data:`FORMATS`).
MIME_TYPES: Mapping[str, str] = MappingProxyType({name: f.mime for name, f in FORMATS.items()})


def menu_entries() -> tuple[MenuEntry, ...]:
    """The app's Export menu, in order (each format's entries).

    >>> [e.choice for e in menu_entries()][:5]
    ['png', 'svg', 'pdf', 'pptx', 'csv-nodes']
    """
    return tuple(e for f in FORMATS.values() for e in f.entries())


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
    fmt : a name of :data:`FORMATS`
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
    options = ExportOptions(preset=preset, width=width, height=height, scale=scale, title=title, table=table,
                            transparent=transparent, extra_specs=tuple(extra_specs or ()), top_n=top_n,
                            timeout=timeout)
    f = FORMATS[fmt]
    return f.writer(explorer, spec, base, f, options)


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
