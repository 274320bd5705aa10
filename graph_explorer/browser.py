"""Driving Debian's Chromium headless: the one place the tests, benchmarks and screenshot script share.

Chromium here is the system package (``apt-get install chromium``); no
browser is ever downloaded. The flags keep it offline and quiet.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["CHROMIUM_ARGS", "find_chromium", "JS_DRAWN", "JS_NODE_XY"]

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def find_chromium() -> str | None:
    """The path of a Chromium to drive (``$GRAPH_EXPLORER_CHROMIUM`` first), or None."""
    env = os.environ.get("GRAPH_EXPLORER_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


#: JavaScript: how many nodes a plotly graph (by element id) has drawn — marker traces with node ids,
#: not the selection ring or link midpoints; -1 before the first draw.
JS_DRAWN = """(graph) => {
  const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
  if (!gd || !gd._fullData) return -1;
  let n = 0;
  for (const tr of gd._fullData) {
    if (!tr.customdata || !tr.mode || !tr.mode.includes('markers')) continue;
    if (tr.name === 'selected' || tr.name === 'link midpoints') continue;
    n += tr.customdata.length;
  }
  return n;
}"""

#: JavaScript: the pixel position (in the page) of a node of a plotly graph, found by its id in customdata.
JS_NODE_XY = """(a) => {
  const gd = document.querySelector('#' + a.graph + ' .js-plotly-plot');
  if (!gd || !gd._fullData) return null;
  for (const tr of gd._fullData) {
    if (!tr.customdata || !tr.mode || !tr.mode.includes('markers')) continue;
    if (tr.name === 'selected' || tr.name === 'link midpoints') continue;
    const i = Array.from(tr.customdata).indexOf(a.node);
    if (i < 0) continue;
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
    return [box.left + xa._offset + xa.l2p(tr.x[i]), box.top + ya._offset + ya.l2p(tr.y[i])];
  }
  return null;
}"""
