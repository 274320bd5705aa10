"""Figures: a view (Scene) → plotly Figure, for the app and for export alike."""

from .map import MAP_MAX_LINKS, map_figure
from .network import network_figure
from .scene import Scene, basic_metrics, build_scene, describe_filters

__all__ = ["Scene", "build_scene", "describe_filters", "basic_metrics", "network_figure", "map_figure",
           "MAP_MAX_LINKS", "figure_for"]


def figure_for(scene: Scene, **kwargs):
    """The network or the map, as the scene's ViewSpec says (``view=map`` → map)."""
    if scene.spec.view == "map":
        return map_figure(scene, **kwargs)
    return network_figure(scene, **kwargs)
