"""Link measures that make a dense weighted graph readable: expected weight and the disparity backbone.

Both work on a projection's link table (``source``, ``target``, ``weight``)
and need nothing but the table, so the projection applies them while it is
built and every front end (app, CLI, exports) sees the same numbers.

Expected versus observed
------------------------
Under a configuration model that keeps every node's strength (the sum of its
link weights, ``s_i``), the weight expected between ``i`` and ``j`` is
``s_i · s_j / 2W``, ``W`` being the total weight of the view's links. The
ratio observed ÷ expected says how much stronger a tie is than the two
actors' sizes alone predict: 1 is "as expected", 3 is three times as strong.

Disparity filter (Serrano, Boguñá & Vespignani 2009, PNAS 106:6483)
-------------------------------------------------------------------
For a node ``i`` with ``k_i`` links, the share ``p_ij = w_ij / s_i`` of its
strength that goes to ``j`` is compared with a null model in which the
strength is split among the ``k_i`` links at random (uniformly). The
probability of a share at least that large is

    α_ij = (1 − p_ij)^(k_i − 1)

(the paper's integral ``1 − (k−1) ∫₀^p (1−x)^(k−2) dx`` in closed form). A
link is kept when it is significant for at least one of its ends, i.e. when
``min(α_ij, α_ji) < alpha``. A node with one link gives α = 1 (a single link
carries all of its strength by necessity, so it tells nothing); such a link
stays only when it is significant for its other end.

Examples
--------
>>> import pandas as pd
>>> e = pd.DataFrame({"source": ["a", "a", "a", "b"], "target": ["b", "c", "d", "c"],
...                   "weight": [8.0, 1.0, 1.0, 1.0]})
>>> disparity_alpha(e).round(4).tolist()
[0.04, 0.5, 0.81, 0.5]
>>> disparity_keep(e, 0.05).tolist()
[True, False, False, False]
>>> expected_ratio(e).round(3).tolist()
[1.956, 1.1, 2.2, 1.222]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["strengths", "link_measures", "expected_weight", "expected_ratio", "disparity_alpha", "disparity_keep",
           "backbone_summary", "DENSE_DENSITY", "DEFAULT_ALPHA"]

#: Above this density a view is offered its backbone.
DENSE_DENSITY = 0.2
#: The significance level suggested for the backbone.
DEFAULT_ALPHA = 0.05


def _ends(edges: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes, _ = pd.factorize(pd.concat([edges["source"], edges["target"]], ignore_index=True))
    n = len(edges)
    return codes[:n], codes[n:], edges["weight"].to_numpy(float)


def _strengths(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = int(max(a.max(), b.max())) + 1 if len(a) else 0
    s = np.bincount(a, weights=w, minlength=n) + np.bincount(b, weights=w, minlength=n)
    k = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    return np.vstack([s[a], s[b]]), np.vstack([k[a], k[b]])


def strengths(edges: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(strength, degree) of each link's source and target: arrays of shape (2, len(edges))."""
    return _strengths(*_ends(edges))


def link_measures(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(expected weight, observed ÷ expected, disparity α) of links ``a[i]``–``b[i]`` (node numbers) of weight
    ``w[i]``: the three measures below at once, from the strengths counted once.

    >>> [m.round(3).tolist() for m in link_measures(np.array([0, 0]), np.array([1, 2]), np.array([3.0, 1.0]))]
    [[1.5, 0.5], [2.0, 2.0], [0.25, 0.75]]
    """
    if not len(w):
        return np.array([], dtype=float), np.array([], dtype=float), np.array([], dtype=float)
    s, k = _strengths(np.asarray(a), np.asarray(b), w)
    total = 2.0 * w.sum()
    expected = s[0] * s[1] / total if total > 0 else np.full(len(w), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, w / expected, np.nan)
        p = np.where(s > 0, w / s, 0.0)
    alpha = np.where(k > 1, (1.0 - np.clip(p, 0.0, 1.0)) ** (k - 1.0), 1.0).min(axis=0)
    return expected, ratio, alpha


def expected_weight(edges: pd.DataFrame) -> np.ndarray:
    """``s_i s_j / 2W`` per link: its weight under a configuration model with the same strengths."""
    return link_measures(*_ends(edges))[0]


def expected_ratio(edges: pd.DataFrame) -> np.ndarray:
    """Observed ÷ expected weight per link (see the module docstring)."""
    return link_measures(*_ends(edges))[1]


def disparity_alpha(edges: pd.DataFrame) -> np.ndarray:
    """The disparity filter's α of each link: the smaller of its two ends' (1 − p)^(k − 1)."""
    return link_measures(*_ends(edges))[2]


def disparity_keep(edges: pd.DataFrame, alpha: float) -> np.ndarray:
    """Boolean per link: significant for at least one end at level ``alpha``."""
    return disparity_alpha(edges) < alpha


def backbone_summary(before: pd.DataFrame, after: pd.DataFrame) -> dict:
    """How much of the view a backbone keeps: links and weight, counts and shares.

    >>> e = pd.DataFrame({"weight": [3.0, 1.0]})
    >>> backbone_summary(e, e.iloc[:1])
    {'links_before': 2, 'links_kept': 1, 'weight_before': 4.0, 'weight_kept': 3.0, 'links_share': 0.5, 'weight_share': 0.75}
    """
    wb, wk = float(before["weight"].sum()), float(after["weight"].sum())
    return {"links_before": len(before), "links_kept": len(after), "weight_before": wb, "weight_kept": wk,
            "links_share": len(after) / len(before) if len(before) else 0.0,
            "weight_share": wk / wb if wb else 0.0}
