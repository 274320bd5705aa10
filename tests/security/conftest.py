"""Fixtures for the security tests: hostile data, the corpus of bad files, apps with their own upload folders."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
import pytest

from graph_explorer.dataset.model import Dataset
from graph_explorer.testing import TINY_COUNTRIES, make_dataset

CORPUS = Path(__file__).resolve().parent.parent / "bad_files"

#: Names and texts a hostile (or careless) spreadsheet could hold.
HOSTILE = (
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click me</a>',
    '<b>Bold</b> & "Quoted" \'Single\' College',
    '<script>alert(2)</script>',
    '=HYPERLINK("http://evil.example/","x")',
)


def data_url(data: bytes, mime: str = "application/octet-stream") -> str:
    """What ``dcc.Upload.contents`` holds for a file."""
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def hostile_dataset() -> Dataset:
    """Actors, a country, a cooperation, its sources and the attribution all carry markup."""
    actors = [("h0", HOSTILE[0], "organisation", "LV"), ("h1", HOSTILE[1], "organisation", "LT"),
              ("h2", HOSTILE[2], "organisation", "FI"), ("h3", HOSTILE[3], "organisation", "EE"),
              ("h4", HOSTILE[4], "organisation", "LV"), ("ok", "Plain College", "organisation", "DE")]
    coops = [("k1", "project", ("green",), 2021, 2023, "<b>Programme</b>"),
             ("k2", "partnership", ("digital",), 2022, 2022, "Plain")]
    parts = [("k1", a[0], "partner") for a in actors[:5]] + [("k2", "h2", "partner"), ("k2", "ok", "partner")]
    countries = [(c[0], "<i>Latvia</i>" if c[0] == "LV" else c[1], *c[2:]) for c in TINY_COUNTRIES]
    base = make_dataset(actors, coops, parts, countries=countries, name="hostile")
    c = base.cooperations.copy()
    c["title"] = ['<a href="javascript:alert(1)">Title</a>', "<script>alert(3)</script>"]
    c["source"] = [("javascript:alert(document.cookie)", "https://example.org/ok", "<b>cited</b>"),
                   ("JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>")]
    attributions = pd.DataFrame({"programme": [None], "text": ['<a href="https://evil.example/">Source</a> <img src=x>']})
    return Dataset(base.actors, c, base.participations, base.countries, base.conflicts, attributions,
                   report=None, name="hostile")


@pytest.fixture(scope="session")
def hostile():
    return hostile_dataset()


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture
def make_app(tmp_path_factory):
    """A factory of apps on the tiny dataset (or given data), each with a fresh upload folder."""
    from graph_explorer.app import create_app
    from graph_explorer.testing import tiny_dataset

    def make(data=None, **kwargs):
        folder = tmp_path_factory.mktemp("uploads")
        return create_app(data if data is not None else tiny_dataset(), uploads=folder, **kwargs)
    return make
