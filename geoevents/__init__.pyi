"""Type stub of the public API of geoevents: the names :mod:`geoevents` loads when first used (lazy_loader reads
the imports below at run time), so that ``import geoevents`` costs almost nothing."""

from .errors import (
    BoundaryDataError,
    EmptyGeometryError,
    EventFileError,
    GeoEventsError,
    InputError,
    InvalidValueError,
    UnknownBorderError,
    UnknownRegionError,
)
from .geocoding import Geocoded, geocode
from .geometry import area_km2, geodesic_buffer
from .io import (
    events_from_dict,
    read_any,
    read_events,
    seed_events,
    to_feature_collection,
    write_events,
    write_geojson,
)
from .model import (
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
from .nearborder import distance_range_km, near_border
from .places import Boundaries, Gazetteer, load_boundaries, load_gazetteer
from .uncertainty import locate

__version__: str

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
