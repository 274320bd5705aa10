"""``export``: write a view as a picture, a slide deck, tables or a graph file."""

from __future__ import annotations

from pathlib import Path

import click

from ..export import FORMATS
from ._base import check_output, data_option, fail, load_explorer, main, view_options, write_output

__all__ = ["export"]

_FORMATS = tuple(FORMATS)
_FORMAT_HELP = "; ".join(f"{f.name}: {f.label}" for f in FORMATS.values())


@main.command()
@data_option
@view_options
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None,
              help=f"Output format ({_FORMAT_HELP}).  [default: from the extension of -o]")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="File to write. For csv with both tables, FILE-nodes.csv and FILE-links.csv are written.")
@click.option("--preset", type=click.Choice(["16:9", "4:3", "a4"]), default=None,
              help="Picture size: 16:9 = 1920x1080, 4:3 = 1440x1080, a4 = 1754x1240 (A4 landscape, "
                   "150 dpi). For pptx: the slide size.  [default: 16:9]")
@click.option("--width", type=click.IntRange(320, 4000), default=None, help="Picture width in px (overrides the preset's).")
@click.option("--height", type=click.IntRange(320, 4000), default=None,
              help="Picture height in px (overrides the preset's).")
@click.option("--scale", type=click.FloatRange(1, 4), default=1.0, show_default=True,
              help="Multiplies the pixels of PNG (and of the PDF page) without changing the layout.")
@click.option("--title", default=None, help="Title of the picture or slide (default: the view's title).")
@click.option("--table", type=click.Choice(["nodes", "links", "regions", "region-matrix"]), default=None,
              help="csv/xlsx: only this table (regions: per-region links within and out, E-I index, partner "
                   "regions; region-matrix: link weights between regions).  [default: csv nodes and links, "
                   "xlsx all]")
@click.option("--transparent", is_flag=True, help="png/svg/pdf: no background.")
@click.option("--also", "also_views", multiple=True, metavar="URL_OR_QUERY",
              help="pptx: a further view, one more slide (repeatable).")
@click.option("--top", "top_n", type=click.IntRange(0, 25), default=10, show_default=True,
              help="pptx: rows in the top-actors table.")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=60.0, show_default=True,
              help="Seconds a picture may take to render.")
@click.option("--map", "as_map", is_flag=True, help="Draw the map instead of the network (same as view=map).")
def export(data_path, spec, fmt, output, preset, width, height, scale, title, table, transparent, also_views,
           top_n, timeout, as_map):
    """Write the view as a picture, slides, tables or a graph file (formats: see --format).

    The view comes from --view (a share URL or query string copied from the
    app, e.g. 'http://127.0.0.1:8050/?level=country&theme=green') and/or the
    view flags. Pictures have the title, the filters in words, the colour and
    size legends and the data sources in them.

    \b
    Files: -o FILE.ext is written as given, except csv with both tables:
    FILE-nodes.csv and FILE-links.csv (--table picks one: FILE.ext).
    xlsx holds About, Nodes, Links, Regions and Region matrix sheets in one workbook.
    Sizes: 16:9 = 1920x1080, 4:3 = 1440x1080, a4 = 1754x1240 px.

    \b
    Examples:
      graph-explorer export --view 'level=country&theme=green' -o green.png
      graph-explorer export --level country --preset 4:3 --scale 2 -o countries.pdf
      graph-explorer export --view URL --also 'level=country&view=map' -o deck.pptx
      graph-explorer export --level country -o links.csv --table links
      graph-explorer export -o network.gexf
    """
    from ..errors import ExportError, ViewError
    from ..export import export_view
    from ..view import ViewSpec, check_view

    ext = output.suffix.lower().lstrip(".")
    fmt = fmt or next((f.name for f in FORMATS.values() if ext in (f.name, f.extension)), ext)
    if fmt not in _FORMATS:
        raise click.UsageError(f"Cannot tell the format from {output.name!r}: give --format "
                               f"({', '.join(_FORMATS)}) or an output file with one of those extensions.")
    if as_map:
        spec = spec.replace(view="map")
    try:
        extra = [ViewSpec.from_query(v) for v in also_views]
    except ViewError as exc:
        raise click.UsageError(f"--also: {exc}") from None
    if extra and fmt != "pptx":
        raise click.UsageError("--also adds slides and works only with --format pptx.")
    check_output(output)
    explorer = load_explorer(data_path, spec)
    dataset = explorer.dataset
    for extra_spec in extra:
        try:
            check_view(extra_spec, dataset)
        except ViewError as exc:
            fail(f"--also: {exc}", 2)
    base = output.name[: -len(output.suffix)] if output.suffix else output.name
    try:
        files = export_view(explorer, spec, fmt, basename=base, preset=preset, width=width, height=height,
                            scale=scale, title=title, table=table, transparent=transparent, extra_specs=extra,
                            top_n=top_n, timeout=timeout)
    except ExportError as exc:
        fail(str(exc), 1)
    folder = output.parent
    for f in files:
        path = output if len(files) == 1 else folder / f.name
        write_output(path, f.data)
        click.echo(f"wrote {path} ({len(f.data):,} bytes)", err=True)
