"""Datasets: reading files, validating them, and the in-memory :class:`Dataset`.

>>> from graph_explorer.dataset import load_dataset, DataError  # doctest: +SKIP
>>> ds = load_dataset("my_folder")  # doctest: +SKIP

Modules: ``schema`` (the data model), ``readers`` (files → raw tables),
``validate`` (rules and conversion), ``links`` (a links file as the three
tables), ``load`` (the pipeline), ``report`` (problems), ``model`` (Dataset),
``write`` (a Dataset as a CSV folder that loads back the same).
"""

from ..errors import DataError
from .load import bundled_data_path, load_bundled, load_bytes, load_dataset, load_sources
from .model import Dataset
from .report import Problem, ValidationReport
from .write import write_dataset

__all__ = [
    "Dataset",
    "DataError",
    "Problem",
    "ValidationReport",
    "bundled_data_path",
    "load_bundled",
    "load_bytes",
    "load_dataset",
    "load_sources",
    "write_dataset",
]
