"""Reference data about places: the boundary coverage (regions, countries, borders), the gazetteer of populated
places, name folding across scripts and spellings, users' own gazetteers and the optional online geocoders.

:class:`OnlineGeocoder` is loaded on first use (it imports geopy), so ``import geoevents`` stays offline-only.
"""

from __future__ import annotations

from typing import Any

from geoevents.places.boundaries import Boundaries, boundaries_from_geojson, embedded_boundaries, load_boundaries
from geoevents.places.gazetteer import Gazetteer, embedded_gazetteer, load_gazetteer
from geoevents.places.names import COUNTRY_NAMES, country_code, skeleton
from geoevents.places.user_gazetteer import read_user_gazetteer

__all__ = [
    "COUNTRY_NAMES",
    "PROVIDERS",
    "Boundaries",
    "Gazetteer",
    "OnlineGeocoder",
    "boundaries_from_geojson",
    "country_code",
    "embedded_boundaries",
    "embedded_gazetteer",
    "load_boundaries",
    "load_gazetteer",
    "read_user_gazetteer",
    "skeleton",
]


def __getattr__(name: str) -> Any:
    if name in ("OnlineGeocoder", "PROVIDERS"):
        from geoevents.places import online

        return getattr(online, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
