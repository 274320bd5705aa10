"""Every registered metric (name and label on screen) and export format is documented, as datasette checks its settings."""

from pathlib import Path

import pytest

from graph_explorer.analysis.metrics import METRICS
from graph_explorer.export import FORMATS

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


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_export_format_is_documented(name):
    f = FORMATS[name]
    assert f"| `{name}` | {f.label} |" in DOCS, (
        f"export format {name!r} ({f.label}) is not in the export formats table of docs/analysis.md")


def test_the_export_menu_and_the_cli_offer_every_format():
    from graph_explorer.app.export_menu import CHOICES
    from graph_explorer.cli.export import _FORMATS

    assert list(_FORMATS) == list(FORMATS)
    assert {fmt for _, _, fmt, _ in CHOICES.values()} == set(FORMATS)
