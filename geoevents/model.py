"""The event model: what was reported, the location constraints read from it, and where that leaves the event;
and the gazetteer's value objects, :class:`Place` and :class:`Resolution` (what a name resolved to).

Everything here is an immutable value; nothing does I/O. Coordinates are (lon, lat) in WGS 84.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import shapely

from geoevents.errors import InvalidValueError

__all__ = [
    "COUNT_KINDS",
    "DATE_PRECISIONS",
    "FLAGS",
    "FLAG_OUTSIDE",
    "FLAG_SWAPPED",
    "AnyOfPlaces",
    "Between",
    "BorderAnswer",
    "BorderDistance",
    "Constraint",
    "Event",
    "InRegions",
    "Location",
    "NearBorderStatus",
    "NearBoundary",
    "NearPlace",
    "Place",
    "Precision",
    "RegionPart",
    "Resolution",
    "Source",
    "TraceStep",
    "check_counts",
    "check_flags",
    "counts_text",
    "flags_text",
    "is_web_url",
]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a report came from: the outlet, its URL if known, when it was published and whom it cites.

    A URL must be http or https (report text is untrusted: a ``javascript:`` link would run in a map's popup).

    Examples
    --------
    >>> Source("wire", url="javascript:alert(1)")
    Traceback (most recent call last):
    ...
    geoevents.errors.InvalidValueError: url: expected an http(s) URL, got 'javascript:alert(1)'
    """

    name: str
    url: str | None = None
    published: dt.date | None = None
    citing: str | None = None

    def __post_init__(self) -> None:
        if self.url is not None and not is_web_url(self.url):
            raise InvalidValueError(f"url: expected an http(s) URL, got {self.url!r}", field="url")


def is_web_url(text: object) -> bool:
    """Whether ``text`` is an http or https URL with a host (the only links geoevents writes or draws).

    Examples
    --------
    >>> is_web_url("https://example.org/a"), is_web_url(" JavaScript:alert(1)"), is_web_url("http://")
    (True, False, False)
    """
    if not isinstance(text, str):
        return False
    scheme, sep, rest = text.strip().partition("://")
    return bool(sep) and scheme.lower() in ("http", "https") and bool(rest.split("/", 1)[0]) \
        and not any(c in text for c in "\x00\r\n\t")


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
        _check_range(self.min_km, self.max_km)

    def describe(self) -> str:
        return f"{_range_text(self.min_km, self.max_km)} from the {self.border} border"


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


COMPASS = {"north": 0.0, "north-east": 45.0, "east": 90.0, "south-east": 135.0, "south": 180.0,
           "south-west": 225.0, "west": 270.0, "north-west": 315.0}
"""Compass directions by bearing (degrees clockwise from north)."""


@dataclass(frozen=True, slots=True)
class NearPlace:
    """The event happened between ``min_km`` and ``max_km`` (geodesic) from a place at (``lon``, ``lat``), and,
    if ``bearing_deg`` is set, within ``spread_deg`` either side of that bearing as seen from the place.

    Examples
    --------
    >>> NearPlace("Sumy", 34.8, 50.9, 10, 14, bearing_deg=0.0).describe()
    '10-14 km north of Sumy'
    >>> NearPlace("Sudzha", 35.27, 51.19, 0, 11.2).describe()
    'within 11.2 km of Sudzha'
    """

    place: str
    lon: float
    lat: float
    min_km: float
    max_km: float
    bearing_deg: float | None = None
    spread_deg: float = 30.0
    reason: str = ""
    kind: str = field(default="near_place", init=False)

    def __post_init__(self) -> None:
        _check_lonlat(self.lon, self.lat)
        _check_range(self.min_km, self.max_km)
        if self.bearing_deg is not None and not (0 <= self.bearing_deg < 360 and 0 < self.spread_deg <= 180):
            raise ValueError(f"bearing {self.bearing_deg!r} must lie in [0, 360) and spread {self.spread_deg!r} "
                             f"in (0, 180]")

    def describe(self) -> str:
        if self.bearing_deg is None:
            if self.min_km == 0:
                return f"within {self.max_km:g} km of {self.place}"
            return f"{_range_text(self.min_km, self.max_km)} from {self.place}"
        names = {v: k for k, v in COMPASS.items()}
        way = names.get(self.bearing_deg, f"at bearing {self.bearing_deg:g} deg")
        return f"{_range_text(self.min_km, self.max_km)} {way} of {self.place}"


@dataclass(frozen=True, slots=True)
class Between:
    """The event happened between two places: inside the ellipse with foci at the places whose distances to them
    sum to at most ``factor`` times their distance apart.

    Examples
    --------
    >>> Between(("Sudzha", "Glushkovo"), ((35.27, 51.19), (34.64, 51.34))).describe()
    'between Sudzha and Glushkovo'
    """

    places: tuple[str, str]
    points: tuple[tuple[float, float], tuple[float, float]]
    factor: float = 1.25
    reason: str = ""
    kind: str = field(default="between", init=False)

    def __post_init__(self) -> None:
        if len(self.places) != 2 or len(self.points) != 2:
            raise ValueError("'between' needs two places and their two points")
        for lon, lat in self.points:
            _check_lonlat(lon, lat)
        if not (1 < self.factor < 10):
            raise ValueError(f"factor {self.factor!r} must lie in (1, 10)")

    def describe(self) -> str:
        return f"between {self.places[0]} and {self.places[1]}"


@dataclass(frozen=True, slots=True)
class AnyOfPlaces:
    """The event happened at one or more of a few places ("shelling hit Myropillia and Krasnopillia"): within
    ``max_km[i]`` of ``points[i]`` for some ``i``, the union of the circles.

    Examples
    --------
    >>> AnyOfPlaces(("Myropillia", "Krasnopillya"), ((35.26, 50.78), (35.28, 50.77)), (2.0, 2.4)).describe()
    'at Myropillia or Krasnopillya'
    """

    places: tuple[str, ...]
    points: tuple[tuple[float, float], ...]
    max_km: tuple[float, ...]
    reason: str = ""
    kind: str = field(default="any_of_places", init=False)

    def __post_init__(self) -> None:
        if not 2 <= len(self.places) <= 20 or len(self.points) != len(self.places) or len(self.max_km) != len(
                self.places):
            raise ValueError("'any of places' needs 2 to 20 places, each with a point and a distance")
        for lon, lat in self.points:
            _check_lonlat(lon, lat)
        for km in self.max_km:
            _check_range(0.0, km)
            if not (0 < km < math.inf):
                raise ValueError(f"max_km {km!r} must be a positive, finite distance")

    def describe(self) -> str:
        return f"at {', '.join(self.places[:-1])} or {self.places[-1]}"


@dataclass(frozen=True, slots=True)
class RegionPart:
    """The event happened in the ``part`` ("north", "south-west", …, or "centre") of a region: the half of the
    region's extent farthest in that direction, or its middle half for "centre".

    Examples
    --------
    >>> RegionPart("UA-63", "north").describe()
    'the north of UA-63'
    """

    region: str
    part: str
    reason: str = ""
    kind: str = field(default="region_part", init=False)

    def __post_init__(self) -> None:
        if self.part not in COMPASS and self.part != "centre":
            raise ValueError(f"part {self.part!r} must be a compass direction or 'centre'")

    def describe(self) -> str:
        return f"the {self.part} of {self.region}"


Constraint = InRegions | BorderDistance | NearBoundary | NearPlace | Between | AnyOfPlaces | RegionPart


def _check_range(min_km: float, max_km: float) -> None:
    if not (0 <= min_km <= max_km) or min_km == float("inf") or max_km != max_km:
        raise ValueError(f"distance range {min_km!r}-{max_km!r} km must satisfy 0 <= min <= max and min finite")


def _check_lonlat(lon: float, lat: float) -> None:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"point ({lon!r}, {lat!r}) is not a (lon, lat) position in degrees")


def _range_text(min_km: float, max_km: float) -> str:
    if max_km == float("inf"):
        return f"more than {min_km:g} km"
    return f"{min_km:g}-{max_km:g} km"


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of a derivation: the constraint applied, why, and the area left after it."""

    constraint: str
    reason: str
    area_km2: float


@dataclass(frozen=True, slots=True)
class Precision:
    """ACLED ``geo_precision`` (1-3), UCDP ``where_prec`` (1-7) and GDELT ``Geo_Type`` (1-5) of a location, and
    the basis of the choice (see :mod:`geoevents.datasets.precision`)."""

    acled_geo_precision: int
    ucdp_where_prec: int
    gdelt_geo_type: int
    basis: str = ""


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event can have happened: the uncertainty geometry, a representative point inside it and how it was
    derived. ``radius_km`` is the radius of the smallest circle around the point that holds the geometry."""

    geometry: shapely.Geometry
    point: shapely.Point
    area_km2: float
    radius_km: float
    trace: tuple[TraceStep, ...]
    precision: Precision | None = None

    def __post_init__(self) -> None:
        for name in ("area_km2", "radius_km"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0 <= value < math.inf):
                raise InvalidValueError(f"{name}: expected a non-negative number of km, got {value!r}", field=name)


DATE_PRECISIONS = ("day", "week", "month", "year")
"""How precisely an event's date is known."""


COUNT_KINDS = ("killed", "injured", "missing", "captured", "deserted", "evacuated")
"""The kinds of stated counts every export has a column for, in the order they are listed; an event may also
count other things (``drones``, ...), kept in its ``counts`` property."""

_COUNT_KIND = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_COUNT = 10**9
"""The largest count an event may state."""


def check_counts(value: object) -> tuple[tuple[str, int], ...]:
    """Stated counts as sorted (kind, number) pairs, from a mapping or pairs (:data:`COUNT_KINDS` first, in their
    order); a whole float (2.0, as spreadsheets give) is its integer.

    Raises
    ------
    InvalidValueError
        Naming the kind (``field`` "counts" or "counts.KIND") if a kind is not a lower-case word or a number not a
        whole number from 0 to :data:`MAX_COUNT`.

    Examples
    --------
    >>> check_counts({"injured": 3, "killed": 1.0, "drones": 12})
    (('killed', 1), ('injured', 3), ('drones', 12))
    """
    pairs = value.items() if isinstance(value, Mapping) else value
    try:
        items = list(pairs)  # type: ignore[call-overload]
    except TypeError:
        raise InvalidValueError(f"expected a mapping of kind to number (killed: 2), got {type(value).__name__}",
                                field="counts") from None
    out: dict[str, int] = {}
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise InvalidValueError("expected a mapping of kind to number (killed: 2)", field="counts")
        kind, n = item
        if not isinstance(kind, str) or not _COUNT_KIND.fullmatch(kind):
            raise InvalidValueError(f"a kind is a lower-case word (killed, injured, ...), got {_brief(kind)}",
                                    field="counts")
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_COUNT:
            raise InvalidValueError(f"expected a whole number from 0 to {MAX_COUNT:,}, got {_brief(n)}",
                                    field=f"counts.{kind}")
        out[kind] = n
    order = {k: i for i, k in enumerate(COUNT_KINDS)}
    return tuple(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def counts_text(counts: Mapping[str, int]) -> str:
    """Counts as a reader sees them: "killed 1, injured 3" (empty if none).

    >>> counts_text({"killed": 1, "injured": 3})
    'killed 1, injured 3'
    """
    return ", ".join(f"{kind} {n:,}" for kind, n in counts.items())


FLAG_SWAPPED = "swapped axes?"
"""The flag of an event whose point lies outside the boundary data but would lie inside with longitude and latitude
swapped: its file probably has (lat, lon) order. The event is kept where its coordinates say, never swapped back."""

FLAG_OUTSIDE = "outside the boundary data"
"""The flag of an event whose point lies outside the boundary data (and not inside with the axes swapped): its side
of the border and any region it names cannot be checked there."""

FLAGS = (FLAG_SWAPPED, FLAG_OUTSIDE)
"""Every flag a suspect event may carry (:attr:`Event.flags`), in the order they are listed. Whatever the format an
event was read from, the same problem gives the same flag text, in a ``flags`` column or property of every export
(:func:`flags_text`)."""


def check_flags(value: object) -> tuple[str, ...]:
    """Flags as a tuple in the order of :data:`FLAGS`, each once, from texts or from one text of flags separated by
    ``;`` (as exports write them); None or "" is no flag.

    Raises
    ------
    InvalidValueError
        With ``field`` "flags", for anything but text, or a flag not in :data:`FLAGS`.

    Examples
    --------
    >>> check_flags("outside the boundary data; swapped axes?"), check_flags(None)
    (('swapped axes?', 'outside the boundary data'), ())
    >>> check_flags("swapped?")
    Traceback (most recent call last):
    ...
    geoevents.errors.InvalidValueError: unknown flag 'swapped?' (known: 'swapped axes?', 'outside the boundary data')
    """
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[object] = list(value.split(";"))
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise InvalidValueError(f"expected text such as {FLAG_SWAPPED!r}, got {type(value).__name__}", field="flags")
    given = set()
    for item in items:
        if not isinstance(item, str):
            raise InvalidValueError(f"expected text such as {FLAG_SWAPPED!r}, got {_brief(item)}", field="flags")
        flag = item.strip()
        if flag and flag not in FLAGS:
            raise InvalidValueError(f"unknown flag {_brief(flag)} (known: {', '.join(map(repr, FLAGS))})",
                                    field="flags")
        given.add(flag)
    return tuple(f for f in FLAGS if f in given)


def flags_text(flags: tuple[str, ...]) -> str:
    """Flags as one text, as every export writes them ("" for none; :func:`check_flags` reads it back).

    >>> flags_text(("swapped axes?",)), flags_text(())
    ('swapped axes?', '')
    """
    return "; ".join(flags)


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True, slots=True)
class Event:
    """A reported event: what, when, who says so, the location as reported and the constraints read from it.

    ``counts`` are the stated numbers by kind (killed, injured, ... and any other lower-case kind): give a mapping
    or pairs; the event keeps them as sorted pairs, :meth:`count` reads one.

    ``flags`` mark a suspect event that is kept all the same (:data:`FLAGS`: "swapped axes?", "outside the boundary
    data"), set by :func:`geoevents.io.read.flag_suspect` whatever the format the event was read from; empty for
    most events.
    """

    id: str
    title: str
    date: dt.date | None = None
    date_precision: str = "day"
    sources: tuple[Source, ...] = ()
    location_text: str = ""
    constraints: tuple[Constraint, ...] = ()
    summary: str = ""
    location: Location | None = None
    event_type: str = ""
    counts: tuple[tuple[str, int], ...] = ()
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.date_precision not in DATE_PRECISIONS:
            raise InvalidValueError(f"date_precision: expected one of {', '.join(DATE_PRECISIONS)}, "
                                    f"got {self.date_precision!r}", field="date_precision")
        try:
            counts, flags = check_counts(self.counts), check_flags(self.flags)
        except InvalidValueError as exc:
            raise InvalidValueError(f"{exc.field}: {exc}", field=exc.field) from None
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "flags", flags)

    def count(self, kind: str) -> int | None:
        """The stated count of ``kind`` ("killed", ...), or None if the report states none."""
        return dict(self.counts).get(kind)

# --- near-border answers ---------------------------------------------------------------------------------------------

class NearBorderStatus(str, enum.Enum):
    """The three answers to "is this event within N km of the border?" for an event known as an area.

    *certain*: all of the area is within N km; *possible*: part of it is; *outside*: none of it is. A member is
    its word (``NearBorderStatus.CERTAIN == "certain"``); :attr:`code` is the small integer the bulk engine keeps in
    arrays (0 outside, 1 possible, 2 certain), so that ordering by code orders by nearness.

    Examples
    --------
    >>> NearBorderStatus.POSSIBLE == "possible", NearBorderStatus.POSSIBLE.code, f"{NearBorderStatus.from_code(2)}"
    (True, 1, 'certain')
    """

    OUTSIDE = "outside"
    POSSIBLE = "possible"
    CERTAIN = "certain"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def code(self) -> int:
        """0 for outside, 1 for possible, 2 for certain."""
        return _STATUS_CODES[self]

    @classmethod
    def from_code(cls, code: int) -> NearBorderStatus:
        """The status with this :attr:`code`."""
        return _STATUSES[int(code)]


_STATUSES = tuple(NearBorderStatus)
_STATUS_CODES = {status: code for code, status in enumerate(_STATUSES)}


@dataclass(frozen=True, slots=True)
class BorderAnswer:
    """The answer for one event: its distance range to the border, status for ``km`` and the fraction within."""

    event_id: str
    border: str
    km: float
    min_km: float
    max_km: float
    status: NearBorderStatus
    fraction_within: float
    side: str | None


# --- the gazetteer's value objects: a populated place, and what a name resolved to ----------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place: GeoNames id (or a user id), names, (lon, lat), country, ISO 3166-2 region, population."""

    id: str
    name: str
    lon: float
    lat: float
    country: str
    region: str = ""
    population: int = 0
    names: tuple[str, ...] = ()
    source: str = "GeoNames"

    def label(self) -> str:
        """ "Glushkovo (RU-KRS, pop. 5,618)" """
        where = self.region or self.country
        return f"{self.name} ({where}, pop. {self.population:,})" if self.population else f"{self.name} ({where})"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name resolved to. ``place`` is set only when one candidate is clearly meant; ``candidates`` lists
    every place considered (best first) and ``note`` says how the choice was made or why none was."""

    query: str
    place: Place | None
    candidates: tuple[Place, ...] = ()
    note: str = ""
    fuzzy: bool = False
    outside: bool = False  # the candidates all lie outside the country/region named in the text

    @property
    def status(self) -> str:
        if self.place is not None:
            return "resolved"
        return "ambiguous" if self.candidates and not self.outside else "unknown"
