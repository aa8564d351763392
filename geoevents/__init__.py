"""geoevents: put vaguely reported events on a map honestly.

A report such as "about 7 km from the Ukrainian border, near where Kursk and Bryansk oblasts meet" becomes an
uncertainty geometry with a representative point and a trace of how it was derived; near-border questions get
three-valued answers; events export to RFC 7946 GeoJSON. Maps live in :mod:`geoevents.mapping` (folium), which
this package does not import.
"""

from __future__ import annotations

from .borders import BorderAnswer, distance_range_km, near_border
from .boundaries import Boundaries, load_boundaries
from .errors import (
    BoundaryDataError,
    EmptyGeometryError,
    EventFileError,
    GeoEventsError,
    UnknownBorderError,
    UnknownRegionError,
)
from .eventfile import events_from_dict, read_events, seed_events
from .export import to_feature_collection, write_geojson
from .gazetteer import Gazetteer, Place, load_gazetteer
from .geocode import Geocoded, geocode
from .formats import write_events
from .geodesy import area_km2, geodesic_buffer
from .readers import read_any
from .model import (Between, BorderDistance, Event, InRegions, Location, NearBoundary, NearPlace, Precision,
                    RegionPart, Source, TraceStep)
from .uncertainty import locate

__version__ = "0.1.0"

__all__ = [
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
    "Location",
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
