"""geoevents: put vaguely reported events on a map honestly.

A report such as "about 7 km from the Ukrainian border, near where Kursk and Bryansk oblasts meet" becomes an
uncertainty geometry with a representative point and a trace of how it was derived; near-border questions get
three-valued answers; events export to RFC 7946 GeoJSON and other GIS formats.

The names here are the everyday API; each subpackage has its own (``geoevents.places``, ``geoevents.io``,
``geoevents.nearborder``, ...). Maps live in :mod:`geoevents.maps` (folium), which this package does not import.
"""

from __future__ import annotations

from typing import Any

import lazy_loader

# The public names, loaded when first used: their imports are in __init__.pyi (which type checkers read too), so
# that `import geoevents` (and every `geoevents` command's start) does not pay for numpy, shapely and pyproj until
# something needs them.
_getattr, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)


def __getattr__(name: str) -> Any:
    """A public name, imported when first asked for; ``geoevents.__version__`` is read from the installed
    package's metadata (the one source of the version)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("geoevents")
        except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
            return "unknown"
    return _getattr(name)
