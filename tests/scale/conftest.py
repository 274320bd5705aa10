"""Shared data for the scale tests: a small synthetic dataset and a private disk cache."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def synthetic():
    """400 organisations in 120 cooperations (seeded), loaded and validated."""
    from graph_explorer.generate import generate_dataset

    return generate_dataset(organisations=400, cooperations=120, seed=5, name="synthetic-small")


@pytest.fixture
def disk(tmp_path, monkeypatch):
    """The disk cache points at a fresh folder; the in-memory layout cache starts empty."""
    from graph_explorer import layout
    from graph_explorer.diskcache import ENV_VAR, DiskCache

    root = tmp_path / "cache"
    monkeypatch.setenv(ENV_VAR, str(root))
    layout._CACHE.clear()
    yield DiskCache(root)
    layout._CACHE.clear()
