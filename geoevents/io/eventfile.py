"""Event files: YAML or JSON documents holding ``events:``, a list of reported events and their constraints.

:func:`events_from_dict` is the pure parser and :func:`event_to_dict` its inverse; :func:`constraint_from_dict` and
:func:`constraint_to_dict` do the same for one constraint; :func:`read_events` is the thin I/O edge and
:func:`parse_document` turns YAML/JSON text into a document. Errors name the file and the field, for example
``seed.yaml: events[0].constraints[1].border_distance.max_km: expected a number``. :class:`FieldPath` (the file name
and field path that messages name) and :func:`text_field` are shared with the GeoJSON decoder in
:mod:`geoevents.io.geojson`.

An event may name its place instead of giving coordinates (``near_place: {place: Sudzha, max_km: 5}``, or just
``{place: Sudzha}`` for "near Sudzha"), or give only ``location_text`` and no constraints: inside
:func:`resolving_places`, a :class:`PlaceResolver` (the geocoder's, :func:`geoevents.geocoding.event_places`; the
commands use it) finds the place or reads the text, and the constraint's reason says so. Without one, such an event
is an error that says what to add. This module does not import the geocoder: the caller lends it.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import functools
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from geoevents import settings
from geoevents._files import check_numbers, reading
from geoevents.errors import EventFileError, GeoEventsError, InvalidValueError
from geoevents.model import (
    COMPASS,
    DATE_PRECISIONS,
    AnyOfPlaces,
    Between,
    BorderDistance,
    Constraint,
    Event,
    InRegions,
    NearBoundary,
    NearPlace,
    RegionPart,
    Source,
    check_counts,
    is_web_url,
)

__all__ = ["SEED_EVENT_FILE", "FieldPath", "PlaceResolver", "constraint_from_dict", "constraint_to_dict", "date_field",
           "event_to_dict", "events_from_dict", "parse_document", "read_events", "resolving_places", "seed_events",
           "source_from_dict", "text_field"]

class FieldPath:
    """Carries the file name and field path of the value being read, for error messages."""

    def __init__(self, name: str, path: str = "") -> None:
        self.name, self.path = name, path

    def __truediv__(self, part: str | int) -> FieldPath:
        sub = f"[{part}]" if isinstance(part, int) else (f".{part}" if self.path else part)
        return FieldPath(self.name, self.path + sub)

    def fail(self, problem: str) -> EventFileError:
        where = f"{self.name}: {self.path}: " if self.path else f"{self.name}: "
        return EventFileError(where + problem)


def text_field(item: dict, key: str, where: FieldPath, *, required: bool = False, default: str = "",
               strip: bool = True) -> str:
    """A text field of ``item``: missing gives ``default`` (or fails if ``required``); mappings and lists fail;
    surrounding white space is dropped unless ``strip`` is false (text read back from an export is kept exact)."""
    value = item.get(key)
    if value is None:
        if required:
            raise (where / key).fail("missing required field")
        return default
    if isinstance(value, (dict, list)):
        raise (where / key).fail("expected text")
    text = str(value).strip() if strip else str(value)
    if required and not text.strip():
        raise (where / key).fail("must not be empty")
    return text


_KINDS = ("in_regions", "border_distance", "near_boundary", "near_place", "between", "any_of_places",
          "region_part")


def _constraint(value: Any, where: FieldPath) -> Constraint | tuple[Constraint, ...]:
    if not isinstance(value, dict):
        raise where.fail(f"expected a mapping with one of {', '.join(_KINDS)}")
    found = [k for k in _KINDS if k in value]
    extra = sorted(set(value) - set(_KINDS) - {"reason"})
    if len(found) != 1 or extra:
        raise where.fail(f"expected exactly one of {', '.join(_KINDS)} (and an optional reason)")
    kind = found[0]
    body, at = value[kind], where / kind
    reason = text_field(value, "reason", where)
    if kind == "in_regions":
        names = [body] if isinstance(body, str) else body
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise at.fail("expected a region name or a list of region names")
        return InRegions(tuple(n.strip() for n in names), reason)
    if not isinstance(body, dict):
        raise at.fail("expected a mapping")
    if kind == "border_distance":
        lo, hi = _range(body, at)
        return BorderDistance(text_field(body, "border", at, required=True), lo, hi, reason)
    if kind == "near_boundary":
        within = _km(body, "within_km", at)
        if within == 0:
            raise (at / "within_km").fail("must be larger than 0")
        return NearBoundary(_names(body, "between", at), within, reason)
    if kind == "near_place":
        note = ""
        if body.get("lon") is None and body.get("lat") is None:
            named = _named_place(body, at, reason)
            if not isinstance(named, _Found):
                return named  # the constraints of "near PLACE"
            lon, lat, note = named.lon, named.lat, f"{text_field(body, 'place', at)}: {named.note}"
        else:
            lon, lat = _lonlat([body.get("lon"), body.get("lat")], at)
        extra = sorted(set(body) - {"place", "lon", "lat", "country", "region", "min_km", "max_km", "bearing_deg",
                                    "spread_deg"})
        if extra:
            raise (at / extra[0]).fail("unknown field; expected place, lon, lat, min_km, max_km, bearing_deg, "
                                       "spread_deg (and country, region to find a place by name)")
        lo, hi = _range(body, at)
        bearing = body.get("bearing_deg")
        if bearing is not None and (isinstance(bearing, bool) or not isinstance(bearing, (int, float))
                                    or not 0 <= bearing < 360):
            raise (at / "bearing_deg").fail(f"expected degrees in [0, 360), got {bearing!r}")
        spread = _km(body, "spread_deg", at, default=30.0)
        if not 0 < spread <= 180:
            raise (at / "spread_deg").fail(f"expected degrees in (0, 180], got {spread!r}")
        return NearPlace(text_field(body, "place", at, required=True), lon, lat, lo, hi,
                         None if bearing is None else float(bearing), spread,
                         "; ".join(t for t in (reason, note) if t))
    if kind == "between":
        points = body.get("points")
        if not (isinstance(points, list) and len(points) == 2):
            raise (at / "points").fail("expected two [lon, lat] points")
        factor = _km(body, "factor", at, default=1.25)
        if not 1 < factor < 10:
            raise (at / "factor").fail(f"expected a number in (1, 10), got {factor!r}")
        return Between(_names(body, "places", at),
                       (_lonlat(points[0], at / "points"), _lonlat(points[1], at / "points")), factor, reason)
    if kind == "any_of_places":
        places, points, km = (body.get(k) if isinstance(body, dict) else None for k in ("places", "points", "max_km"))
        if not (isinstance(places, list) and 2 <= len(places) <= 20
                and all(isinstance(p, str) and p.strip() for p in places)):
            raise (at / "places").fail("expected a list of 2 to 20 names")
        if not (isinstance(points, list) and len(points) == len(places)):
            raise (at / "points").fail(f"expected {len(places)} [lon, lat] points, one per place")
        if not (isinstance(km, list) and len(km) == len(places)):
            raise (at / "max_km").fail(f"expected {len(places)} distances, one per place")
        distances = tuple(_km(dict(enumerate(km)), i, at / "max_km") for i in range(len(km)))
        if any(d == 0 for d in distances):
            raise (at / "max_km").fail("every distance must be larger than 0")
        return AnyOfPlaces(tuple(p.strip() for p in places),
                           tuple(_lonlat(p, at / "points" / i) for i, p in enumerate(points)), distances, reason)
    part = text_field(body, "part", at, required=True)
    if part not in COMPASS and part != "centre":
        raise (at / "part").fail(f"expected a compass direction ({', '.join(COMPASS)}) or 'centre', got {part!r}")
    return RegionPart(text_field(body, "region", at, required=True), part, reason)


class PlaceResolver(Protocol):
    """What finds the places event files name (see :func:`resolving_places`)."""

    def find(self, name: str, *, country: str, region: str) -> tuple[float, float, str]:
        """(lon, lat) of the place ``name`` (in ``country``/``region``, ISO codes, when given) and a note on how
        it was found; raises GeoEventsError when it is unknown or ambiguous."""

    def read(self, text: str) -> tuple[Constraint, ...]:
        """The constraints of the location phrase ``text``; raises GeoEventsError when nothing locates it."""


_RESOLVER: contextvars.ContextVar[PlaceResolver | None] = contextvars.ContextVar("place_resolver", default=None)


@contextmanager
def resolving_places(resolver: PlaceResolver) -> Iterator[None]:
    """While inside, event files may name places without coordinates and give only ``location_text``:
    ``resolver`` finds them (see the module's docstring)."""
    token = _RESOLVER.set(resolver)
    try:
        yield
    finally:
        _RESOLVER.reset(token)


def _resolver(at: FieldPath, what: str) -> PlaceResolver:
    resolver = _RESOLVER.get()
    if resolver is None:
        raise at.fail(f"{what} needs the geocoder: read the file with the geoevents commands, or in Python inside "
                      f"geoevents.io.resolving_places(geoevents.geocoding.event_places(boundaries)); or give "
                      f"lon and lat")
    return resolver


class _Found(NamedTuple):
    lon: float
    lat: float
    note: str


def _named_place(body: dict, at: FieldPath, reason: str) -> tuple[Constraint, ...] | _Found:
    """A ``near_place`` that names its place without coordinates, found by the resolver: with ``max_km``, the
    place's (lon, lat) and a note on how it was found; without, the constraints of the phrase "near PLACE" (the
    geocoder's own reading of "near"), their reasons saying so."""
    name = text_field(body, "place", at, required=True)
    resolver = _resolver(at, f"near_place {name!r} without lon and lat")
    country, region = text_field(body, "country", at, default=""), text_field(body, "region", at, default="")
    if "max_km" in body:
        try:
            return _Found(*resolver.find(name, country=country, region=region))
        except GeoEventsError as exc:
            raise (at / "place").fail(str(exc)) from None
    if body.keys() - {"place", "country", "region"}:
        raise (at / "max_km").fail("a near_place with min_km or a bearing needs max_km too")
    try:
        read = resolver.read("near " + ", ".join(t for t in (name, region, country) if t))
    except GeoEventsError as exc:
        raise (at / "place").fail(f"cannot locate {name!r}: {exc}") from None
    why = f"near_place {name!r} of the event file, read as 'near {name}'"
    return tuple(dataclasses.replace(c, reason="; ".join(t for t in (reason, why, c.reason) if t)) for c in read)


def _location_text(text: str, where: FieldPath) -> tuple[Constraint, ...]:
    """The constraints of an event that gives only ``location_text``, read by the resolver."""
    resolver = _resolver(where / "constraints", "an event with location_text and no constraints")
    try:
        read = resolver.read(text)
    except GeoEventsError as exc:
        raise (where / "location_text").fail(f"cannot be located: {exc}") from None
    why = "read from the event's location_text by the geocoder"
    return tuple(dataclasses.replace(c, reason="; ".join(t for t in (why, c.reason) if t)) for c in read)


def _range(body: dict, at: FieldPath) -> tuple[float, float]:
    """``min_km`` (default 0) and ``max_km`` (``null`` for no upper bound) of a distance constraint."""
    lo = _km(body, "min_km", at, default=0.0)
    hi = math.inf if "max_km" in body and body["max_km"] is None else _km(body, "max_km", at)
    if lo > hi:
        raise (at / "min_km").fail(f"min_km {lo:g} is larger than max_km {hi:g}")
    return lo, hi


def _names(body: dict, key: str, at: FieldPath) -> tuple[str, str]:
    pair = body.get(key)
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(b, str) and b.strip() for b in pair)):
        raise (at / key).fail("expected a list of two names")
    return pair[0].strip(), pair[1].strip()


def _lonlat(value: Any, at: FieldPath) -> tuple[float, float]:
    ok = isinstance(value, list) and len(value) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
    if not ok or not (-180 <= value[0] <= 180 and -90 <= value[1] <= 90):
        raise at.fail(f"expected a (lon, lat) position in degrees, got {value!r}")
    return float(value[0]), float(value[1])


def constraint_to_dict(constraint: Constraint) -> dict[str, Any]:
    """A constraint in the event-file form, so exports can be read back.

    Examples
    --------
    >>> constraint_to_dict(BorderDistance("RU-UA", 5, 9, "about 7 km"))
    {'border_distance': {'border': 'RU-UA', 'min_km': 5, 'max_km': 9}, 'reason': 'about 7 km'}
    """
    if isinstance(constraint, InRegions):
        body: Any = list(constraint.regions)
    elif isinstance(constraint, NearBoundary):
        body = {"between": list(constraint.between), "within_km": constraint.within_km}
    elif isinstance(constraint, Between):
        body = {"places": list(constraint.places), "points": [list(p) for p in constraint.points],
                "factor": constraint.factor}
    elif isinstance(constraint, AnyOfPlaces):
        body = {"places": list(constraint.places), "points": [list(p) for p in constraint.points],
                "max_km": list(constraint.max_km)}
    elif isinstance(constraint, RegionPart):
        body = {"region": constraint.region, "part": constraint.part}
    else:
        body = {f.name: getattr(constraint, f.name) for f in dataclasses.fields(constraint)
                if f.name not in ("reason", "kind")}
        if isinstance(constraint, NearPlace) and constraint.bearing_deg is None:
            del body["bearing_deg"], body["spread_deg"]
        if math.isinf(constraint.max_km):
            body["max_km"] = None
    out: dict[str, Any] = {constraint.kind: body}
    if constraint.reason:
        out["reason"] = constraint.reason
    return out


def constraint_from_dict(value: Any, *, name: str = "<constraint>") -> Constraint:
    """The inverse of :func:`constraint_to_dict`; errors name ``name``."""
    read = _constraint(value, FieldPath(name))
    if not isinstance(read, tuple):
        return read
    if len(read) != 1:
        raise FieldPath(name).fail(f"reads as {len(read)} constraints; give lon, lat and max_km")
    return read[0]


_MAX_KM = settings.MAX_DISTANCE_KM


def _km(body: dict, key: str | int, where: FieldPath, *, default: float | None = None) -> float:
    value = body.get(key, default)
    if value is None:
        raise (where / key).fail("missing required field")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise (where / key).fail(f"expected a number of kilometres, got {value!r}")
    try:
        number = float(value)
    except OverflowError:  # a whole number of hundreds of digits
        number = math.inf
    if not math.isfinite(number) or number < 0 or number > _MAX_KM:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise (where / key).fail(f"expected a distance between 0 and {_MAX_KM:g} km, got {shown}")
    return number


# --- events -----------------------------------------------------------------------------------------------------------

_EVENT_FIELDS = {"id", "title", "date", "date_precision", "summary", "sources", "location_text", "constraints",
                 "event_type", "counts"}


def events_from_dict(doc: Any, *, name: str = "<events>") -> list[Event]:
    """Parse an event document (already loaded from YAML/JSON) into events.

    Examples
    --------
    >>> doc = {"events": [{"id": "e1", "title": "t", "constraints": [{"in_regions": ["RU-KRS"]}]}]}
    >>> events_from_dict(doc)[0].constraints
    (InRegions(regions=('RU-KRS',), reason='', kind='in_regions'),)
    """
    where = FieldPath(name)
    if not isinstance(doc, dict) or "events" not in doc:
        raise where.fail("expected a mapping with an 'events' list")
    items = doc["events"]
    if not isinstance(items, list) or not items:
        if isinstance(doc.get("to_locate"), list) and doc["to_locate"] and isinstance(items, list):
            raise (where / "events").fail(f"no located event yet: the {len(doc['to_locate'])} drafts under "
                                          f"'to_locate' need constraints (then move them to 'events')")
        raise (where / "events").fail("expected a non-empty list of events")
    events = [_event(item, where / "events" / i) for i, item in enumerate(items)]
    seen: set[str] = set()
    for i, event in enumerate(events):
        if event.id in seen:
            raise (where / "events" / i / "id").fail(f"duplicate event id {event.id!r}")
        seen.add(event.id)
    return events


def _event(item: Any, where: FieldPath) -> Event:
    if not isinstance(item, dict):
        raise where.fail("expected a mapping")
    unknown = sorted(set(item) - _EVENT_FIELDS)
    if unknown:
        raise (where / unknown[0]).fail(f"unknown field; expected one of {', '.join(sorted(_EVENT_FIELDS))}")
    precision = text_field(item, "date_precision", where, default="day")
    if precision not in DATE_PRECISIONS:
        raise (where / "date_precision").fail(f"expected one of {', '.join(DATE_PRECISIONS)}")
    constraints = item.get("constraints")
    location_text = text_field(item, "location_text", where, default="")
    if constraints is None and location_text:
        read: tuple[Constraint, ...] = _location_text(location_text, where)
    elif not isinstance(constraints, list) or not constraints:
        raise (where / "constraints").fail("expected a non-empty list of constraints (or only a location_text, "
                                           "for the geocoder to read)")
    else:
        read = tuple(c for i, value in enumerate(constraints) for c in _flat(_constraint(value, where / "constraints"
                                                                                        / i)))
    sources = item.get("sources", [])
    if not isinstance(sources, list):
        raise (where / "sources").fail("expected a list")
    return Event(
        id=text_field(item, "id", where, required=True),
        title=text_field(item, "title", where, required=True),
        date=date_field(item.get("date"), where / "date"),
        date_precision=precision,
        sources=tuple(source_from_dict(s, where / "sources" / i) for i, s in enumerate(sources)),
        location_text=location_text,
        constraints=read,
        summary=text_field(item, "summary", where, default=""),
        event_type=text_field(item, "event_type", where, default=""),
        counts=counts_field(item.get("counts"), where / "counts"),
    )


def _flat(read: Constraint | tuple[Constraint, ...]) -> tuple[Constraint, ...]:
    return read if isinstance(read, tuple) else (read,)


def counts_field(value: Any, where: FieldPath) -> tuple[tuple[str, int], ...]:
    """Stated counts (:func:`geoevents.model.check_counts`): a mapping of kind to a whole number, or JSON text of one
    (formats with only scalar columns store it so); None is none. A wrong one fails naming ``where`` and the kind."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else None
        except (json.JSONDecodeError, RecursionError):
            raise where.fail("malformed JSON text") from None
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise where.fail(f"expected a mapping of kind to number (killed: 2), got {type(value).__name__}")
    try:
        return check_counts(value)
    except InvalidValueError as exc:
        kind = (exc.field or "").removeprefix("counts").removeprefix(".")
        raise (where / kind if kind else where).fail(str(exc)) from None


def date_field(value: Any, where: FieldPath) -> dt.date | None:
    """A date field: a date, or text YYYY-MM-DD; None stays None; anything else fails naming ``where``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise where.fail(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def source_from_dict(value: Any, where: FieldPath, *, exact: bool = False) -> Source:
    """A source: a name, or a mapping with ``name`` and optional ``url`` (http or https only), ``published`` and
    ``citing``; anything else fails naming ``where``. ``exact`` keeps the texts as they are (no stripping)."""
    if isinstance(value, str):
        return Source(name=value)
    if not isinstance(value, dict):
        raise where.fail("expected a mapping with a name, or a name")
    url = value.get("url")
    if url is not None and not is_web_url(url):
        raise (where / "url").fail("expected an http(s) URL")
    return Source(name=text_field(value, "name", where, required=True, strip=not exact), url=url,
                  published=date_field(value.get("published"), where / "published"),
                  citing=text_field(value, "citing", where, strip=not exact) or None)


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event in the event-file form (the inverse of one item of :func:`events_from_dict`).

    Examples
    --------
    >>> event_to_dict(Event("e1", "t", constraints=(InRegions(("RU-KRS",)),)))
    {'id': 'e1', 'title': 't', 'constraints': [{'in_regions': ['RU-KRS']}]}
    """
    out: dict[str, Any] = {"id": event.id, "title": event.title}
    if event.event_type:
        out["event_type"] = event.event_type
    if event.date:
        out["date"] = event.date.isoformat()
        out["date_precision"] = event.date_precision
    if event.summary:
        out["summary"] = event.summary
    if event.sources:
        out["sources"] = [{k: v for k, v in (("name", s.name), ("url", s.url), ("published", s.published and
                                            s.published.isoformat()), ("citing", s.citing)) if v}
                          for s in event.sources]
    if event.counts:
        out["counts"] = dict(event.counts)
    if event.location_text:
        out["location_text"] = event.location_text
    out["constraints"] = [constraint_to_dict(c) for c in event.constraints]
    return out


# --- files ------------------------------------------------------------------------------------------------------------

SEED_EVENT_FILE = "seed_event.yaml"


def read_events(path: str | Path) -> list[Event]:
    """Read an event file (``.yaml``, ``.yml`` or ``.json``; JSON is valid YAML)."""
    path = Path(path)
    with reading(path):
        text = path.read_text(encoding="utf-8")
    return events_from_dict(parse_document(text, str(path)), name=str(path))


@functools.cache
def _loader() -> Any:
    """YAML's safe loader (libyaml's, about ten times faster, where PyYAML was built with it), but dates stay text:
    the event parser checks them and names the field at fault. Made on first use: commands that read no YAML
    (geocode, a GeoJSON or CSV input) do not import PyYAML."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


_NOT_JSON = object()


def _json_document(text: str) -> Any:
    """``text`` read as JSON if it is a well-formed JSON object or array (JSON is YAML, and the same document
    results), else :data:`_NOT_JSON`: YAML reads it then, and its errors name the line as before."""
    if not text.lstrip().startswith(("{", "[")):
        return _NOT_JSON
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not JSON")  # NaN and Infinity: left to the YAML reader, which refuses them as before


def parse_document(text: str, name: str) -> Any:
    """Load YAML or JSON text into a document for :func:`events_from_dict`; errors name ``name`` (and the line).

    Dates stay text, so that the event parser checks them and names the field at fault.

    Examples
    --------
    >>> parse_document("events: [{id: e1, date: 2024-10-15}]", "x.yaml")
    {'events': [{'id': 'e1', 'date': '2024-10-15'}]}
    """
    check_numbers(text, name)
    doc = _json_document(text)
    if doc is not _NOT_JSON:  # a JSON document (a GeoJSON export): read by the JSON parser, 50 times faster
        return doc
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # safe: the loader is a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml's own limit
            raise EventFileError(f"{name}: nested too deeply") from None
        mark = exc.problem_mark
        line = f" line {_line(text, mark)}" if mark is not None else ""
        raise EventFileError(f"{name}:{line}: malformed YAML/JSON: {exc.problem}") from None
    except yaml.YAMLError as exc:  # e.g. a control character; PyYAML's message runs over lines
        raise EventFileError(f"{name}: malformed YAML/JSON: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise EventFileError(f"{name}: nested too deeply") from None
    except ValueError as exc:  # a YAML value that cannot be built, e.g. the date 2024-13-45
        raise EventFileError(f"{name}: bad value: {exc}") from None


def _line(text: str, mark: Any) -> int:
    """The line of a YAML error: where it was found, or, for a document that ended too soon, its last line with
    text (libyaml puts the mark after the final line break)."""
    end = len(text.rstrip())
    if getattr(mark, "index", 0) >= end:
        return text[:end].count("\n") + 1
    return int(mark.line) + 1


def seed_events() -> list[Event]:
    """The bundled seed event (Ukrainska Pravda, 2024-10-15), not yet located."""
    text = resources.files("geoevents.examples").joinpath(SEED_EVENT_FILE).read_text(encoding="utf-8")
    return events_from_dict(parse_document(text, SEED_EVENT_FILE), name=SEED_EVENT_FILE)
