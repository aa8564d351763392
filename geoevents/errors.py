"""Exceptions raised by geoevents. Every one is a :class:`GeoEventsError`; leaves also subclass a builtin, so a
caller can catch either the library's kind or the builtin one (``except ValueError``), as in geopy and rasterio.

Messages are written for a library caller: they name the file, field or argument at fault and never a command-line
flag; the CLI adds its own wording where a flag is meant.
"""

from __future__ import annotations

__all__ = [
    "BoundaryDataError",
    "EmptyGeometryError",
    "EngineError",
    "EngineUnavailableError",
    "EventFileError",
    "FormatError",
    "GazetteerError",
    "GeoEventsError",
    "IngestError",
    "InputError",
    "InvalidValueError",
    "MapError",
    "NotLocatedError",
    "OnlineGeocoderError",
    "OutputError",
    "UnknownBorderError",
    "UnknownRegionError",
]


class GeoEventsError(Exception):
    """Root of all geoevents errors; the CLI turns it into a one-line message and exit code 1.

    The message is one line whatever it quotes: line breaks in a message from a parser or a library underneath
    (PyYAML, pyarrow's thrift decoder) become single spaces.

    Examples
    --------
    >>> str(GeoEventsError("x.yaml: malformed:" + chr(10) + "  in line 2"))
    'x.yaml: malformed: in line 2'
    """

    def __str__(self) -> str:
        text = super().__str__()
        if "\n" not in text and "\r" not in text:
            return text
        return " ".join(part.strip() for part in text.splitlines() if part.strip())


class InputError(GeoEventsError, ValueError):
    """An input cannot be used: a file, a row or a value read from one is missing, malformed or contradictory."""


class EventFileError(InputError):
    """An event file (or an exported file read back) cannot be read: bad syntax, a missing or malformed field."""


class BoundaryDataError(InputError):
    """The boundary data are missing or malformed."""


class GazetteerError(InputError):
    """A user gazetteer cannot be read."""


class IngestError(InputError):
    """A report yields no event: no location found, or its constraints contradict."""


class FormatError(GeoEventsError, ValueError):
    """A file format is unknown, cannot be told from the file name, or cannot do what was asked of it."""


class InvalidValueError(GeoEventsError, ValueError):
    """An argument has a value outside what it accepts (a distance that is not positive, an unknown option).

    ``field`` names the argument or field at fault.
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class NotLocatedError(GeoEventsError, ValueError):
    """An event that has no location yet was given where a located one is needed (locate it first)."""


class UnknownRegionError(GeoEventsError, LookupError):
    """A region name or code is not in the loaded boundaries."""


class UnknownBorderError(GeoEventsError, LookupError):
    """A border specification names no shared border in the loaded boundaries."""


class EmptyGeometryError(GeoEventsError, ValueError):
    """The constraints of an event leave no place where it can have happened."""


class MapError(GeoEventsError, ValueError):
    """A map cannot be made as asked (for example self-contained, with a resource that has no offline copy)."""


class OutputError(GeoEventsError, OSError):
    """An output file cannot be written."""


class EngineError(GeoEventsError, RuntimeError):
    """A computing engine cannot run the job (a dask scheduler that cannot be reached, say)."""


class EngineUnavailableError(EngineError, ImportError):
    """An optional engine or resource is not installed (dask for the dask engine, the offline map assets)."""


class OnlineGeocoderError(GeoEventsError, RuntimeError):
    """An online lookup cannot be made: bad configuration, an unreachable or failing service, a broken cache."""
