"""The view's fields are declared once (``graph_explorer.view.FIELDS``): groups, URL, CLI flags, controls, docs."""

import dataclasses
from pathlib import Path

import click
import pytest

from graph_explorer.app import ids
from graph_explorer.cli import main
from graph_explorer.view import FIELDS, Appearance, Filters, Focus, ViewSpec

ROOT = Path(__file__).resolve().parents[1]


def test_every_field_sits_in_one_group_and_reads_flat():
    spec = ViewSpec(level="country", themes=("green",), countries=("LV",), focus="LV", hops=2, color="region")
    assert spec.filters == Filters(themes=("green",), countries=("LV",))
    assert spec.focal == Focus(focus="LV", hops=2)
    assert spec.appearance == Appearance(color="region")
    groups = {"filters": Filters, "focus": Focus, "appearance": Appearance}
    for f in FIELDS:
        if f.group == "graph":
            assert f.name in ("level", "weight")
        else:
            assert f.name in {g.name for g in dataclasses.fields(groups[f.group])}
            assert getattr(ViewSpec(), f.name) == f.default


def test_groups_given_whole_or_flat_make_the_same_view():
    by_group = ViewSpec(level="country", filters=Filters(themes=("green",), kcore=2), appearance=Appearance(top_n=3))
    flat = ViewSpec(level="country", themes=("green",), kcore=2, top_n=3)
    assert by_group == flat and hash(by_group) == hash(flat)
    assert by_group.to_query() == "level=country&theme=green&kcore=2&top=3"
    assert flat.replace(filters=Filters()).to_query() == "level=country&top=3"


def test_the_graph_part_keeps_exactly_the_filters_level_weight_and_seed():
    spec = ViewSpec.from_query("level=country&weight=newman&theme=green&kcore=2&focus=LV&color=region&seed=7"
                               "&compare=2020-2021&view=map")
    assert spec.graph_part() == ViewSpec(level="country", weight="newman", filters=spec.filters, seed=7)
    assert spec.graph_part().to_query() == "level=country&weight=newman&theme=green&kcore=2&seed=7"


def test_a_group_checks_its_values_with_the_field_message():
    with pytest.raises(Exception, match=r"kcore: 2000 must be between 0 \(off\) and 1000"):
        Filters(kcore=2000)
    with pytest.raises(Exception, match=r"top: 900 must be between 0 and 500"):
        Appearance(top_n=900)
    with pytest.raises(TypeError, match="colour"):
        ViewSpec(colour="region")


def _flags(command: str) -> set[str]:
    cmd = main.commands[command]
    return {opt for p in cmd.params if isinstance(p, click.Option) for opt in p.opts}


@pytest.mark.parametrize("command", ["metrics", "edges", "summary", "export", "path", "suggest", "whatif"])
def test_every_view_field_has_a_cli_flag(command):
    flags = _flags(command)
    missing = [f.cli_flag for f in FIELDS if f.cli_flag not in flags]
    assert missing == [], f"{command} lacks {missing}"
    assert "--actor-kind" in flags and "--view" in flags


def test_flags_override_the_view_field_by_field():
    from click.testing import CliRunner

    def summary(*args):
        r = CliRunner().invoke(main, ["summary", "--format", "json", *args], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return r.output

    by_url = summary("--view", "level=country&actor_kind=country&labels=all&top=3")
    assert summary("--view", "level=organisation&labels=all", "--level", "country", "--actor-kind", "country",
                   "--labels-top", "3") == by_url
    assert by_url != summary("--view", "level=country")
    r = CliRunner().invoke(main, ["summary", "--actor-kind", "planet"])
    assert r.exit_code == 2 and "actor_kind: 'planet' is not a known" in r.output and "Traceback" not in r.output


def test_field_flags_are_distinct():
    flags = [f.cli_flag for f in FIELDS]
    assert len(set(flags)) == len(flags)
    assert len({f.key for f in FIELDS}) == len(FIELDS)


def test_controls_show_every_field_and_give_it_back():
    from graph_explorer.app.state import choices_for, controls_from_spec, spec_from_controls
    from graph_explorer.testing import tiny_dataset

    choices = choices_for(tiny_dataset(), ["degree", "pagerank"])
    spec = ViewSpec(level="country", weight="newman", themes=("green",), kinds=("project",), years=(2021, 2022),
                    year_basis="called", regions=("Baltic",), countries=("LV",), actor_kinds=("organisation",),
                    min_weight=2.0, kcore=1, backbone=0.05, compare=(2019, 2020), all_themes=True, partners=True,
                    selected="LV", focus="LV", hops=2, path=("LV", "EE"), holders=True, color="region",
                    size="pagerank", labels="all", top_n=3, layout="geo", edge_color="ratio", view="map", seed=7)
    controls = controls_from_spec(spec, choices)
    assert set(controls) == set(ids.CONTROL_FIELDS)
    assert controls[ids.ACTOR_KINDS] == ["organisation"] and controls[ids.THEME_MODE] == "all"
    assert spec_from_controls(controls, choices, base=ViewSpec(seed=7)) == spec
    assert spec_from_controls(controls_from_spec(ViewSpec(), choices), choices) == ViewSpec()


def test_every_view_field_is_documented():
    text = (ROOT / "README.md").read_text() + "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    missing = [f.key for f in FIELDS if f"`{f.key}=" not in text]
    assert missing == [], f"query keys not documented: {missing}"
    missing = [f.cli_flag for f in FIELDS if f"`{f.cli_flag}" not in text]
    assert missing == [], f"CLI flags not documented: {missing}"
