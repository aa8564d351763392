"""Front-end files (Leaflet, jQuery) read from installed Python packages, for maps that work offline.

Nothing third-party is committed to this repository: the files come from the wheels of
``django-js-lib-leaflet`` (Leaflet 1.9.4, BSD-2-Clause) and ``XStatic-jQuery`` (jQuery 3.7.1, MIT), located
through their distribution metadata without importing them.
"""

from __future__ import annotations

from importlib import metadata

from geoevents.errors import EngineUnavailableError

__all__ = ["asset_bytes"]

_ASSETS = {
    "leaflet.js": ("django-js-lib-leaflet", "js_lib_leaflet/static/js_lib_leaflet/leaflet.js"),
    "leaflet.css": ("django-js-lib-leaflet", "js_lib_leaflet/static/js_lib_leaflet/leaflet.css"),
    "images/layers.png": ("django-js-lib-leaflet", "js_lib_leaflet/static/js_lib_leaflet/images/layers.png"),
    "images/layers-2x.png": ("django-js-lib-leaflet", "js_lib_leaflet/static/js_lib_leaflet/images/layers-2x.png"),
    "images/marker-icon.png": ("django-js-lib-leaflet", "js_lib_leaflet/static/js_lib_leaflet/images/marker-icon.png"),
    "images/marker-icon-2x.png": ("django-js-lib-leaflet",
                                  "js_lib_leaflet/static/js_lib_leaflet/images/marker-icon-2x.png"),
    "images/marker-shadow.png": ("django-js-lib-leaflet",
                                 "js_lib_leaflet/static/js_lib_leaflet/images/marker-shadow.png"),
    "jquery.js": ("XStatic-jQuery", "xstatic/pkg/jquery/data/jquery.min.js"),
}


def asset_bytes(name: str) -> bytes:
    """The bytes of a bundled front-end file such as ``"leaflet.js"``.

    Raises
    ------
    GeoEventsError
        If the package that provides it is not installed.
    """
    dist_name, member = _ASSETS[name]
    try:
        path = metadata.distribution(dist_name).locate_file(member)
        # a pathlib.Path at run time; typeshed's SimplePath for Python 3.10 declares no read_bytes
        return path.read_bytes()  # type: ignore[attr-defined]
    except (metadata.PackageNotFoundError, OSError):
        raise EngineUnavailableError(f"offline map assets missing: install {dist_name} (needed for {name})") from None
