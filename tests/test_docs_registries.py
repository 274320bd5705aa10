"""Every registered metric (name and label on screen) is documented, as datasette checks its settings."""

from pathlib import Path

import pytest

from graph_explorer.analysis.metrics import METRICS

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8") + (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.name)
def test_every_metric_is_documented_by_name_and_label(metric):
    assert f"`{metric.name}`" in DOCS, f"metric {metric.name!r} is not in docs/analysis.md or README.md"
    assert f"| `{metric.name}` | {metric.label} |" in DOCS, (
        f"metric {metric.name!r}: its label {metric.label!r} is not in the metrics table of docs/analysis.md")


def test_every_metric_has_a_description_and_words_for_the_screen():
    for m in METRICS:
        assert m.description.strip() and m.help.strip() and m.label.strip(), m.name
