"""Import direction, enforced: a layer table over the subpackages, no private names across subpackages, no public
name that is also a submodule's, a CLI that uses only the public API, and ``import geoevents`` free of folium,
geopandas and dask."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import geoevents

PACKAGE = Path(geoevents.__file__).parent

LAYERS = {
    "errors": 0, "settings": 0,
    "model": 1, "_files": 1, "progress": 1,
    "geometry": 2, "places": 2,
    "datasets": 3,
    "uncertainty": 4,
    "geocoding": 5, "io": 5,
    "nearborder": 6, "ingestion": 6,
    "maps": 7,
    "cli": 8,
    "__main__": 9,
}
"""Each part of geoevents may import only parts of lower layers, and itself. Siblings on one layer (geometry and
places, geocoding and io, nearborder and ingestion) do not import each other. ``geoevents/__init__.py`` may import
anything up to layer 6 (it re-exports the public API; never maps or cli); ``examples`` is data."""

TOP_MAX_LAYER = 6
PUBLIC_CORE = {"errors", "settings", "model", "progress", "uncertainty"}  # flat modules the CLI may import


def _part(path: Path) -> str:
    """geoevents/io/read.py -> 'io'; geoevents/model.py -> 'model'; geoevents/__init__.py -> ''."""
    rel = path.relative_to(PACKAGE).with_suffix("").parts
    return "" if rel == ("__init__",) else rel[0]


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module imported, name imported or '') for every import in the file, lazy ones included; relative imports
    resolved to absolute names."""
    rel = path.relative_to(PACKAGE).with_suffix("").parts if path.is_relative_to(PACKAGE) else (path.stem,)
    here = ["geoevents", *rel]
    if here[-1] == "__init__":
        here = here[:-1]
    else:
        here = here[:-1]  # the package the module is in
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found += [(module, alias.name) for alias in node.names]
    return found


def _target_part(module: str, name: str) -> tuple[str, str | None]:
    """The part of geoevents an import reaches ('' for the package itself) and the submodule path, or None for an
    import from outside geoevents."""
    parts = module.split(".")
    if parts[0] != "geoevents":
        return "", None
    if len(parts) == 1:  # from geoevents import x: x is a part or a public name of the top level
        return (name if name in LAYERS else ""), name
    return parts[1], ".".join(parts[1:])


def violations(path: Path, part: str | None = None) -> list[str]:
    """What is wrong with the imports of one file of geoevents (``part`` overrides the part the path is in)."""
    part = _part(path) if part is None else part
    label = path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
    found = []
    for module, name in _imports(path):
        if module.split(".")[0] in ("folium", "branca") and part != "maps":
            found.append(f"{label} imports {module} (only geoevents.maps may)")
        target, sub = _target_part(module, name)
        if sub is None or target == part or target == "":
            if sub is not None and target == "" and part not in ("", "cli", "__main__") and name not in LAYERS:
                found.append(f"{label} imports {name!r} from the top-level package")
            continue
        if target == "examples":
            continue
        if part == "":
            if LAYERS[target] > TOP_MAX_LAYER:
                found.append(f"__init__.py imports {module}")
            continue
        if LAYERS.get(target, 99) >= LAYERS[part]:
            found.append(f"{label} (layer {LAYERS[part]}) imports {module} (layer {LAYERS.get(target)})")
        if name.startswith("_") or any(p.startswith("_") and p != "_files" for p in sub.split(".")[1:]):
            found.append(f"{label} imports the private {module}.{name} of another part")
        if part == "cli":
            deep = len(module.split(".")) > 2 or target not in PUBLIC_CORE | {p for p, n in LAYERS.items()
                                                                               if n in (2, 3, 5, 6, 7)}
            if deep or target.startswith("_") or name.startswith("_"):
                found.append(f"{label} imports {module}.{name}: the CLI uses only the public API")
    return found


def _files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts)


def test_every_part_is_in_the_layer_table():
    parts = {_part(p) for p in _files()} - {""}
    assert parts - {"examples"} <= set(LAYERS), parts - set(LAYERS)
    assert {"geometry", "places", "datasets", "geocoding", "io", "nearborder", "ingestion", "maps", "cli"} <= parts


def test_imports_follow_the_layers():
    problems = [v for path in _files() for v in violations(path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("source, part, expected", [
    ("from geoevents.maps import build_map\n", "io", "layer 5"),                      # up a layer
    ("def f():\n    from geoevents.cli import main\n", "nearborder", "layer 6"),     # lazily, up
    ("from geoevents.places import skeleton\n", "geometry", "layer 2"),              # a sibling
    ("from geoevents.io.read import _read_gdal\n", "nearborder", "private"),        # a private name
    ("import folium\n", "io", "folium"),
    ("from geoevents.io.read import read_any\n", "cli", "public API"),              # a module inside a package
    ("from geoevents._files import atomic_write\n", "cli", "public API"),           # a private core module
    ("from geoevents import read_any\n", "geocoding", "top-level"),                  # the top level, from inside
    ("from geoevents.maps import build_map\n", "", "__init__.py imports"),
])
def test_the_layer_check_can_fail(tmp_path, source, part, expected):
    path = tmp_path / "probe.py"
    path.write_text(source)
    assert any(expected in v for v in violations(path, part)), (source, violations(path, part))


def test_the_layer_check_passes_what_is_allowed(tmp_path):
    path = tmp_path / "probe.py"
    path.write_text("from geoevents import settings\nfrom geoevents.places.boundaries import Boundaries\n"
                    "from geoevents._files import atomic_write\nimport shapely\n")
    assert not violations(path, "io")
    path.write_text("import geoevents\nfrom geoevents.io import read_any\nfrom geoevents.errors import InputError\n")
    assert not violations(path, "cli")


def _packages() -> list[str]:
    names = ["geoevents"]
    for info in pkgutil.walk_packages(geoevents.__path__, "geoevents."):
        if info.ispkg and info.name.rsplit(".", 1)[1] not in ("_data", "examples", "maps", "cli"):
            names.append(info.name)
    return names + ["geoevents.maps", "geoevents.cli"]


@pytest.mark.parametrize("package", _packages())
def test_no_public_name_is_also_a_submodule(package):
    module = importlib.import_module(package)
    submodules = {info.name for info in pkgutil.iter_modules(module.__path__)}
    public = set(getattr(module, "__all__", ()))
    assert not public & submodules, public & submodules
    for name in submodules:  # and importing a submodule gives the module, not a function of the same name
        assert getattr(importlib.import_module(f"{package}.{name}"), "__name__", "") == f"{package}.{name}"


def test_the_submodule_check_can_fail():
    # before the restructuring `geoevents.geocode` was both a function and a module; the check sees that shape
    fake = type(sys)("fake")
    fake.__all__ = ["geocode"]
    assert {"geocode"} & set(fake.__all__) & {"geocode", "model"}


@pytest.mark.parametrize("package", _packages())
def test_every_package_declares_its_public_names(package):
    module = importlib.import_module(package)
    assert isinstance(getattr(module, "__all__", None), (list, tuple)) and module.__all__
    for name in module.__all__:
        assert hasattr(module, name), f"{package}.__all__ lists {name!r}, which it does not have"


def test_import_does_not_load_folium_geopandas_or_dask():
    code = ("import sys, geoevents; assert 'folium' not in sys.modules, 'folium'; "
            "assert not [m for m in sys.modules if m == 'geoevents.cli' or m.startswith('geoevents.cli.')], 'cli'; "
            "assert not [m for m in sys.modules if m.startswith('geoevents.maps')], 'maps'; "
            "assert 'geopandas' not in sys.modules, 'geopandas'; "
            "assert not {'dask', 'distributed', 'scipy', 'pyarrow', 'pandas', 'geopy'} & set(sys.modules), 'heavy'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_imports_folium_only_when_a_map_is_drawn():
    code = ("import sys, geoevents.cli; from geoevents.cli import main; "
            "assert not [m for m in sys.modules if m == 'folium' or m.startswith('geoevents.maps')], 'folium'; "
            "assert not {'dask', 'distributed', 'pyarrow'} & set(sys.modules), 'dask or pyarrow'")
    subprocess.run([sys.executable, "-c", code], check=True)
