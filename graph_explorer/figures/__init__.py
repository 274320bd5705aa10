"""Figures: a view (Scene) → plotly Figure, for the app and for export alike."""

from .map import MAP_MAX_LINKS, map_figure
from .matrix import MAX_MATRIX_NODES, matrix_figure
from .network import network_figure
from .scene import Scene, build_scene, describe_filters

__all__ = ["Scene", "build_scene", "describe_filters", "network_figure", "map_figure",
           "matrix_figure", "MAP_MAX_LINKS", "MAX_MATRIX_NODES", "figure_for"]


def figure_for(scene: Scene, **kwargs):
    """The network, the map or the matrix, as the scene's ViewSpec says (``view=map`` → map)."""
    if scene.spec.view == "map":
        return map_figure(scene, **kwargs)
    if scene.spec.view == "matrix":
        kwargs.pop("webgl", None)
        return matrix_figure(scene, **kwargs)
    return network_figure(scene, **kwargs)
