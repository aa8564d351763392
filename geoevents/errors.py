"""Exceptions raised by geoevents. Every one is a :class:`GeoEventsError`; leaves also subclass a builtin."""

from __future__ import annotations

__all__ = [
    "BoundaryDataError",
    "EmptyGeometryError",
    "EventFileError",
    "GazetteerError",
    "GeoEventsError",
    "UnknownBorderError",
    "UnknownRegionError",
]


class GeoEventsError(Exception):
    """Root of all geoevents errors; the CLI turns it into a one-line message and exit code 1."""


class EventFileError(GeoEventsError, ValueError):
    """An event file cannot be read: bad syntax, a missing or malformed field."""


class UnknownRegionError(GeoEventsError, LookupError):
    """A region name or code is not in the loaded boundaries."""


class UnknownBorderError(GeoEventsError, LookupError):
    """A border specification names no shared border in the loaded boundaries."""


class EmptyGeometryError(GeoEventsError, ValueError):
    """The constraints of an event leave no place where it can have happened."""


class BoundaryDataError(GeoEventsError, ValueError):
    """The boundary data are missing or malformed."""


class GazetteerError(GeoEventsError, ValueError):
    """A user gazetteer cannot be read."""
