"""Picture sizes for presentations and print, and the checks on custom sizes.

Presets (pixels at ``scale=1``)
-------------------------------
========  ===========  ====  ==================================================
name      width×height  dpi   use
========  ===========  ====  ==================================================
``16:9``  1920×1080    144   a widescreen slide (13.33 × 7.5 in, PowerPoint's
                             default)
``4:3``   1440×1080    144   a standard slide (10 × 7.5 in); the same pixel
                             height as 16:9, so text and nodes come out the
                             same size on the slide whichever format the deck
                             uses
``a4``    1754×1240    150   A4 landscape (297 × 210 mm)
========  ===========  ====  ==================================================

Each preset is a page: its pixels at its ``dpi`` give the physical size. A
PDF's page has that size (an A4 export is a real 297 × 210 mm page, the
picture laid out as on the PNG and scaled onto it), and a PNG records its
density (``pHYs``: ``dpi`` × ``scale``), so it prints and places at that size.
A custom width or height keeps the preset's density.

A custom size is any ``width`` × ``height`` between :data:`MIN_SIDE` and
:data:`MAX_SIDE` pixels; given alone, one of them replaces the preset's side
and the other side is kept. ``scale`` (1–4) multiplies the pixels of raster
output (PNG, and the page of a PDF) without changing the layout: a 16:9 PNG at
scale 2 is 3840×2160 and looks the same, only sharper.

Examples
--------
>>> resolve_size("4:3")
ImageSize(width=1440, height=1080, scale=1.0, dpi=144.0)
>>> [round(x * 25.4) for x in resolve_size("a4").inches]
[297, 210]
>>> resolve_size("16:9", width=1000, scale=2).pixels
(2000, 2160)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ExportError

__all__ = ["Preset", "ImageSize", "PRESETS", "DEFAULT_PRESET", "MIN_SIDE", "MAX_SIDE", "MAX_SCALE",
           "resolve_size", "preset_names"]


@dataclass(frozen=True)
class Preset:
    name: str
    width: int
    height: int
    description: str
    dpi: float = 144.0


@dataclass(frozen=True)
class ImageSize:
    """The layout size in CSS pixels and the raster ``scale``."""

    width: int
    height: int
    scale: float = 1.0
    #: Layout pixels per inch of the page (the preset's); a PNG's density is ``dpi × scale``.
    dpi: float = 144.0

    @property
    def inches(self) -> tuple[float, float]:
        """(width, height) of the page in inches."""
        return self.width / self.dpi, self.height / self.dpi

    @property
    def pixels(self) -> tuple[int, int]:
        """(width, height) of the raster image: the layout size × scale."""
        return round(self.width * self.scale), round(self.height * self.scale)

    @property
    def aspect(self) -> float:
        return self.width / self.height


PRESETS: dict[str, Preset] = {
    "16:9": Preset("16:9", 1920, 1080, "widescreen slide (13.33 × 7.5 in)", 144.0),
    "4:3": Preset("4:3", 1440, 1080, "standard slide (10 × 7.5 in), same height as 16:9", 144.0),
    "a4": Preset("a4", 1754, 1240, "A4 landscape at 150 dpi (297 × 210 mm)", 150.0),
}
_ALIASES = {"16x9": "16:9", "widescreen": "16:9", "slide": "16:9", "4x3": "4:3", "standard": "4:3",
            "a4-landscape": "a4", "a4landscape": "a4"}
DEFAULT_PRESET = "16:9"
MIN_SIDE = 320
MAX_SIDE = 4000
MAX_SCALE = 4.0


def preset_names() -> list[str]:
    return list(PRESETS)


def resolve_size(preset: str | None = None, width: int | None = None, height: int | None = None,
                 scale: float = 1.0) -> ImageSize:
    """The size of one export; raises :class:`ExportError` with the allowed values."""
    name = (preset or DEFAULT_PRESET).strip().lower()
    name = _ALIASES.get(name, name)
    if name not in PRESETS:
        raise ExportError(f"preset: {preset!r} is not one of {', '.join(PRESETS)} "
                          "(or give --width and --height).")
    p = PRESETS[name]
    w = p.width if width is None else width
    h = p.height if height is None else height
    for side, value in (("width", w), ("height", h)):
        if not isinstance(value, int) or isinstance(value, bool) or not MIN_SIDE <= value <= MAX_SIDE:
            raise ExportError(f"{side}: {value!r} must be a whole number of pixels from {MIN_SIDE} to {MAX_SIDE}.")
    try:
        s = float(scale)
    except (TypeError, ValueError):
        raise ExportError(f"scale: {scale!r} must be a number from 1 to {MAX_SCALE:g}.") from None
    if not 1.0 <= s <= MAX_SCALE:
        raise ExportError(f"scale: {scale!r} must be a number from 1 to {MAX_SCALE:g}.")
    return ImageSize(w, h, s, p.dpi)
