"""Import direction: the core never loads folium or the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import geoevents

LEAVES = {"cli", "mapping", "__main__"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ("." * node.level) + (node.module or "")
            names.add(base)
            names.update(f"{base}.{alias.name}" if base.endswith(".") is False else base + alias.name
                         for alias in node.names)
    return names


def test_import_does_not_load_folium_or_geopandas():
    code = ("import sys, geoevents; assert 'folium' not in sys.modules, 'folium'; "
            "assert 'geoevents.cli' not in sys.modules; assert 'geopandas' not in sys.modules, 'geopandas'; "
            "assert not {'dask', 'distributed', 'scipy', 'pyarrow'} & set(sys.modules), 'dask, scipy or pyarrow'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_core_modules_do_not_import_cli_or_mapping():
    package = Path(geoevents.__file__).parent
    for module in package.glob("*.py"):
        if module.stem in LEAVES:
            continue
        for name in _imports(module):
            parts = name.replace(".", " ").split()
            assert "folium" not in parts, f"{module.name} imports folium"
            assert not (set(parts) & {"cli", "mapping"}), f"{module.name} imports {name}"
