"""Import direction: the core never loads folium or the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import geoevents

PACKAGE = Path(geoevents.__file__).parent
LEAVES = {"cli", "mapping", "__main__"}  # a module, or a package (every file in geoevents/cli/ is a leaf)


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


def _is_leaf(module: Path) -> bool:
    """geoevents/mapping.py, geoevents/__main__.py and everything under geoevents/cli/ are leaves."""
    first = module.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py") in LEAVES


def _core_modules() -> list[Path]:
    return sorted(m for m in PACKAGE.rglob("*.py") if not _is_leaf(m))


def _violations(module: Path) -> list[str]:
    found = []
    label = module.relative_to(PACKAGE).as_posix() if module.is_relative_to(PACKAGE) else module.name
    for name in sorted(_imports(module)):
        parts = name.replace(".", " ").split()
        if "folium" in parts:
            found.append(f"{label} imports folium")
        if set(parts) & {"cli", "mapping"}:
            found.append(f"{label} imports {name}")
    return found


def test_import_does_not_load_folium_or_geopandas():
    code = ("import sys, geoevents; assert 'folium' not in sys.modules, 'folium'; "
            "assert not [m for m in sys.modules if m == 'geoevents.cli' or m.startswith('geoevents.cli.')], 'cli'; "
            "assert 'geopandas' not in sys.modules, 'geopandas'; "
            "assert not {'dask', 'distributed', 'scipy', 'pyarrow'} & set(sys.modules), 'dask, scipy or pyarrow'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_imports_folium_only_when_a_map_is_drawn():
    code = ("import sys, geoevents.cli; from geoevents.cli import main; "
            "assert not {'folium', 'geoevents.mapping'} & set(sys.modules), 'folium'; "
            "assert not {'dask', 'distributed', 'pyarrow'} & set(sys.modules), 'dask or pyarrow'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_core_modules_do_not_import_cli_or_mapping():
    for module in _core_modules():
        assert not _violations(module), _violations(module)


def test_the_core_check_walks_every_core_module_and_skips_only_the_leaves():
    core = {m.relative_to(PACKAGE).as_posix() for m in _core_modules()}
    assert {"__init__.py", "model.py", "borders.py", "readers.py", "examples/__init__.py"} <= core
    assert not {m for m in core if m.startswith("cli/") or m in ("cli.py", "mapping.py", "__main__.py")}
    cli_files = {m.relative_to(PACKAGE).as_posix() for m in (PACKAGE / "cli").glob("*.py")}
    assert {"cli/__init__.py", "cli/options.py", "cli/common.py"} <= cli_files
    assert len(core) + len({m for m in PACKAGE.rglob("*.py") if _is_leaf(m)}) == len(list(PACKAGE.rglob("*.py")))


def test_the_core_check_can_fail(tmp_path):
    bad = {"a.py": "from .cli import main\n", "b.py": "from geoevents.cli.common import _load\n",
           "c.py": "import folium\n", "d.py": "from . import mapping\n", "e.py": "from ..cli import options\n",
           "f.py": "def f():\n    from .mapping import build_map\n"}
    for name, source in bad.items():
        (tmp_path / name).write_text(source)
        assert _violations(tmp_path / name), source
    (tmp_path / "ok.py").write_text("from . import settings\nfrom .borders import near_border\nimport shapely\n")
    assert not _violations(tmp_path / "ok.py")
