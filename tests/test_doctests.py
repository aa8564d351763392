"""The examples in the core modules' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

CORE = ["model", "geodesy", "uncertainty", "borders", "bulk", "eventfile", "export", "tables", "readers", "mapping",
        "eventfile_events", "eventfile_constraints", "ingest_fields",
        "linedistance", "eventtable", "antimeridian", "tableevents", "progress", "names"]


@pytest.mark.parametrize("name", CORE)
def test_docstring_examples(name):
    module = importlib.import_module(f"geoevents.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0 or name in ()  # every listed module shows at least one example
