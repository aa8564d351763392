"""geoevents: put vaguely reported events on a map honestly.

A report such as "about 7 km from the Ukrainian border, near where Kursk and Bryansk oblasts meet" becomes an
uncertainty geometry with a representative point and a trace of how it was derived; near-border questions get
three-valued answers; events export to RFC 7946 GeoJSON and other GIS formats.

The names here are the everyday API; each subpackage has its own (``geoevents.places``, ``geoevents.io``,
``geoevents.nearborder``, ...). Maps live in :mod:`geoevents.maps` (folium), which this package does not import.
"""

from __future__ import annotations

from typing import Any

from geoevents.errors import (
    BoundaryDataError,
    EmptyGeometryError,
    EventFileError,
    GeoEventsError,
    InputError,
    InvalidValueError,
    UnknownBorderError,
    UnknownRegionError,
)
from geoevents.geocoding import Geocoded, geocode
from geoevents.geometry import area_km2, geodesic_buffer
from geoevents.io import (
    events_from_dict,
    read_any,
    read_events,
    seed_events,
    to_feature_collection,
    write_events,
    write_geojson,
)
from geoevents.model import (
    AnyOfPlaces,
    Between,
    BorderAnswer,
    BorderDistance,
    Event,
    InRegions,
    Location,
    NearBorderStatus,
    NearBoundary,
    NearPlace,
    Place,
    Precision,
    RegionPart,
    Source,
    TraceStep,
)
from geoevents.nearborder import distance_range_km, near_border
from geoevents.places import Boundaries, Gazetteer, load_boundaries, load_gazetteer
from geoevents.uncertainty import locate


def __getattr__(name: str) -> Any:
    """``geoevents.__version__``, read from the installed package's metadata (the one source of the version) when
    first asked for: importing importlib.metadata costs more than the rest of a small command's start."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("geoevents")
        except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
            return "unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "AnyOfPlaces",
    "Between",
    "BorderAnswer",
    "BorderDistance",
    "Boundaries",
    "BoundaryDataError",
    "EmptyGeometryError",
    "Event",
    "EventFileError",
    "Gazetteer",
    "GeoEventsError",
    "Geocoded",
    "InRegions",
    "InputError",
    "InvalidValueError",
    "Location",
    "NearBorderStatus",
    "NearBoundary",
    "NearPlace",
    "Place",
    "Precision",
    "RegionPart",
    "Source",
    "TraceStep",
    "UnknownBorderError",
    "UnknownRegionError",
    "area_km2",
    "distance_range_km",
    "events_from_dict",
    "geocode",
    "geodesic_buffer",
    "load_boundaries",
    "load_gazetteer",
    "locate",
    "near_border",
    "read_any",
    "read_events",
    "seed_events",
    "to_feature_collection",
    "write_events",
    "write_geojson",
]
