"""The examples in every module's docstrings run and give what they show.

Every module of the package is collected, so a new module's examples run without being listed; a module with no
examples is reported as skipped, not passed.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import geoevents

MODULES = sorted(info.name for info in pkgutil.walk_packages(geoevents.__path__, "geoevents.")
                 if not info.name.endswith("__main__"))


def test_the_collection_finds_the_core_modules():
    assert {"geoevents.model", "geoevents.geometry.geodesy", "geoevents.nearborder.index", "geoevents.datasets.adminareas",
            "geoevents.cli.options"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if result.attempted == 0:
        pytest.skip(f"{name} has no examples")
