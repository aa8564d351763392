"""The event model: what was reported, the location constraints read from it, and where that leaves the event.

Everything here is an immutable value; nothing does I/O. Coordinates are (lon, lat) in WGS 84.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import shapely

__all__ = [
    "BorderDistance",
    "Constraint",
    "Event",
    "InRegions",
    "Location",
    "NearBoundary",
    "Source",
    "TraceStep",
]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a report came from: the outlet, its URL if known, when it was published and whom it cites."""

    name: str
    url: str | None = None
    published: dt.date | None = None
    citing: str | None = None


@dataclass(frozen=True, slots=True)
class InRegions:
    """The event happened inside one of ``regions`` (names or ISO 3166-2 codes of the boundary units).

    Examples
    --------
    >>> InRegions(("RU-KRS", "RU-BRY")).describe()
    'inside RU-KRS or RU-BRY'
    """

    regions: tuple[str, ...]
    reason: str = ""
    kind: str = field(default="in_regions", init=False)

    def describe(self) -> str:
        return "inside " + " or ".join(self.regions)


@dataclass(frozen=True, slots=True)
class BorderDistance:
    """The event happened between ``min_km`` and ``max_km`` from a border (``"RU-UA"``, ``"Kursk/Sumy"``).

    Examples
    --------
    >>> BorderDistance("RU-UA", 5, 9).describe()
    '5-9 km from the RU-UA border'
    """

    border: str
    min_km: float
    max_km: float
    reason: str = ""
    kind: str = field(default="border_distance", init=False)

    def __post_init__(self) -> None:
        if not (0 <= self.min_km <= self.max_km) or self.max_km != self.max_km or self.max_km == float("inf"):
            raise ValueError(f"distance range {self.min_km!r}-{self.max_km!r} km must satisfy 0 <= min <= max < inf")

    def describe(self) -> str:
        return f"{self.min_km:g}-{self.max_km:g} km from the {self.border} border"


@dataclass(frozen=True, slots=True)
class NearBoundary:
    """The event happened within ``within_km`` of the boundary between two units (regions or countries).

    Examples
    --------
    >>> NearBoundary(("RU-KRS", "RU-BRY"), 15).describe()
    'within 15 km of the RU-KRS/RU-BRY boundary'
    """

    between: tuple[str, str]
    within_km: float
    reason: str = ""
    kind: str = field(default="near_boundary", init=False)

    def __post_init__(self) -> None:
        if len(self.between) != 2:
            raise ValueError(f"a boundary lies between two units, got {self.between!r}")
        if not (0 < self.within_km < float("inf")):
            raise ValueError(f"distance {self.within_km!r} km must be positive and finite")

    def describe(self) -> str:
        return f"within {self.within_km:g} km of the {self.between[0]}/{self.between[1]} boundary"


Constraint = InRegions | BorderDistance | NearBoundary


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of a derivation: the constraint applied, why, and the area left after it."""

    constraint: str
    reason: str
    area_km2: float


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event can have happened: the uncertainty geometry, a representative point inside it and how it was
    derived. ``radius_km`` is the radius of the smallest circle around the point that holds the geometry."""

    geometry: shapely.Geometry
    point: shapely.Point
    area_km2: float
    radius_km: float
    trace: tuple[TraceStep, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """A reported event: what, when, who says so, the location as reported and the constraints read from it."""

    id: str
    title: str
    date: dt.date | None = None
    date_precision: str = "day"
    sources: tuple[Source, ...] = ()
    location_text: str = ""
    constraints: tuple[Constraint, ...] = ()
    summary: str = ""
    location: Location | None = None
