"""The GeoJSON codec of events, both ways: RFC 7946 out (WGS 84 lon/lat, exterior rings counter-clockwise, holes
clockwise, no ``crs`` member, six decimals, geometries crossing the antimeridian cut there), and features written
by geoevents back to located events.

:func:`event_properties` and :func:`to_feature_collection` encode; :func:`events_from_features` decodes, with the
field readers of the event-file form (:mod:`geoevents.io.eventfile`), so that every value is checked by the same
rules and every error names the feature and the field (``x.geojson: feature 'e1': properties.sources[0].published:
expected a date as YYYY-MM-DD, got '2024-13-45'``). The other GIS formats (GeoPackage, FlatGeobuf, KML, GeoParquet,
CSV) are read into the same feature form and decoded here too. :func:`write_geojson` is the file edge.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geoevents import settings
from geoevents._files import atomic_write
from geoevents.errors import EventFileError, InvalidValueError, NotLocatedError
from geoevents.geometry.antimeridian import split_antimeridian
from geoevents.io.eventfile import (
    FieldPath,
    constraint_from_dict,
    constraint_to_dict,
    counts_field,
    date_field,
    source_from_dict,
)
from geoevents.model import COUNT_KINDS, BorderAnswer, Event, Location, Precision, TraceStep, flags_text

__all__ = [
    "dumps_geojson",
    "event_properties",
    "events_from_features",
    "feature_collection_text",
    "feature_rows",
    "feature_texts",
    "geometry_to_geojson",
    "rfc7946_geometries",
    "to_feature_collection",
    "write_geojson",
]


def geometry_to_geojson(geom: shapely.Geometry, *, decimals: int = settings.GEOJSON_DECIMALS) -> dict[str, Any]:
    """An RFC 7946 geometry object: the geometry :func:`rfc7946_geometries` makes of ``geom``.

    Examples
    --------
    >>> clockwise = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    >>> ring = geometry_to_geojson(clockwise)["coordinates"][0]
    >>> shapely.LinearRing(ring).is_ccw, len(ring)
    (True, 5)
    """
    return _geojson(rfc7946_geometries(np.array([geom], dtype=object), decimals=decimals)[0], decimals)


def rfc7946_geometries(geoms: Any, *, decimals: int = settings.GEOJSON_DECIMALS) -> np.ndarray:
    """Geometries as every format geoevents writes has them: cut at the antimeridian (RFC 7946 section 3.1.9),
    snapped to ``decimals`` (kept valid), rings wound by the right-hand rule, and the coordinates rounded once more
    (on the grid this only drops binary noise such as 34.123456000000004, and -0.0). Vectorised: an array in, an
    array out, so the GIS writers need no round trip through GeoJSON text."""
    geoms = np.asarray(geoms, dtype=object)
    # events coded to one region share its geometry object: each distinct object is done once
    first: dict[int, int] = {}
    at = np.array([first.setdefault(id(g), len(first)) for g in geoms], dtype=np.intp)
    distinct = np.empty(len(first), dtype=object)
    distinct[at] = geoms
    split = np.array([split_antimeridian(g) for g in distinct], dtype=object)  # unchanged if it does not cross
    snapped = shapely.orient_polygons(shapely.set_precision(split, 10.0 ** -decimals), exterior_cw=False)
    done = np.asarray(shapely.transform(snapped, lambda xy: np.round(xy, decimals) + 0.0), dtype=object)
    return done[at] if len(at) else np.empty(0, dtype=object)


def _geojson(geom: shapely.Geometry, decimals: int) -> dict[str, Any]:
    """The GeoJSON object of a geometry of :func:`rfc7946_geometries`."""
    if geom.geom_type == "GeometryCollection":
        return {"type": "GeometryCollection", "geometries": [_geojson(g, decimals) for g in geom.geoms]}
    return {"type": geom.geom_type, "coordinates": _coordinates(geom, decimals)}


def _coordinates(geom: shapely.Geometry, decimals: int) -> list:
    kind = geom.geom_type
    if kind.startswith("Multi"):
        return [_coordinates(part, decimals) for part in geom.geoms]
    if kind == "Polygon":
        return [] if geom.is_empty else [_coordinates(ring, decimals) for ring in (geom.exterior, *geom.interiors)]
    xy = shapely.get_coordinates(geom).tolist()
    return (xy[0] if xy else []) if kind == "Point" else xy


def event_properties(event: Event, answer: BorderAnswer | None = None) -> dict[str, Any]:
    """The flat properties GIS users filter on, plus the sources and the derivation trace as lists.

    The stated counts are in ``counts`` (a mapping, every kind the event has) and in one whole-number column per
    kind of :data:`geoevents.model.COUNT_KINDS` (``count_killed``, ...; null where the report states none), so
    that every export has the same columns and a GIS can filter on ``count_killed > 0``. ``flags`` is the text of
    the event's flags (:func:`geoevents.model.flags_text`: "swapped axes?", ...; "" for none), one text column in
    every format, so that a GIS can filter on ``flags != ''``."""
    loc = event.location
    props: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "summary": event.summary,
        "counts": dict(event.counts),
        **{f"count_{kind}": event.count(kind) for kind in COUNT_KINDS},
        "location_text": event.location_text,
        "sources": [{"name": s.name, "url": s.url, "published": s.published.isoformat() if s.published else None,
                     "citing": s.citing} for s in event.sources],
        "constraints": [constraint_to_dict(c) for c in event.constraints],
        "trace": [{"step": t.constraint, "reason": t.reason, "area_km2": t.area_km2} for t in loc.trace] if loc else [],
        "lon": round(loc.point.x, settings.GEOJSON_DECIMALS) if loc else None,
        "lat": round(loc.point.y, settings.GEOJSON_DECIMALS) if loc else None,
        "area_km2": loc.area_km2 if loc else None,
        "radius_km": loc.radius_km if loc else None,
        "acled_geo_precision": loc.precision.acled_geo_precision if loc and loc.precision else None,
        "ucdp_where_prec": loc.precision.ucdp_where_prec if loc and loc.precision else None,
        "gdelt_geo_type": loc.precision.gdelt_geo_type if loc and loc.precision else None,
        "precision_basis": loc.precision.basis if loc and loc.precision else None,
        "flags": flags_text(event.flags),
    }
    if answer is not None:
        props.update({"border": answer.border, "border_km": answer.km, "border_min_km": answer.min_km,
                      "border_max_km": answer.max_km, "border_status": answer.status.value,
                      "border_fraction_within": answer.fraction_within, "border_side": answer.side})
    return props


def to_feature_collection(events: list[Event], answers: list[BorderAnswer] | None = None, *,
                          geometry: str = "region") -> dict[str, Any]:
    """Events as an RFC 7946 FeatureCollection; ``geometry`` is "region", "point" or "both" (two features per
    event, linked by ``id`` and told apart by a ``role`` property)."""
    ids, properties, geoms = feature_rows(events, answers, geometry=geometry)
    decimals = settings.GEOJSON_DECIMALS
    features = [{"type": "Feature", "id": i, "properties": props, "geometry": _geojson(geom, decimals)}
                for i, props, geom in zip(ids, properties, rfc7946_geometries(geoms), strict=True)]
    return {"type": "FeatureCollection", "features": features}


def feature_texts(events: list[Event], answers: list[BorderAnswer] | None = None, *,
                  geometry: str = "region") -> list[str]:
    """The features of :func:`to_feature_collection` as compact JSON texts, as :func:`dumps_geojson` writes them
    (no newline); a geometry that several events share (a whole region) is encoded once."""
    ids, properties, geoms = feature_rows(events, answers, geometry=geometry)
    encoded: dict[int, str] = {}
    texts = []
    for i, props, geom in zip(ids, properties, rfc7946_geometries(geoms), strict=True):
        shape = encoded.get(id(geom))
        if shape is None:
            shape = encoded[id(geom)] = _dumps(_geojson(geom, settings.GEOJSON_DECIMALS))
        texts.append(_dumps({"type": "Feature", "id": i, "properties": props})[:-1] + ',"geometry":' + shape + "}")
    return texts


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def feature_rows(events: list[Event], answers: list[BorderAnswer] | None = None, *,
                 geometry: str = "region") -> tuple[list[str], list[dict[str, Any]], np.ndarray]:
    """The features of :func:`to_feature_collection` before they are GeoJSON: their ids, properties
    (:func:`event_properties` and ``role``) and lon/lat geometries (as the events have them; every writer makes
    them :func:`rfc7946_geometries`)."""
    if geometry not in ("region", "point", "both"):
        raise InvalidValueError(f"geometry must be region, point or both, not {geometry!r}", field="geometry")
    by_id = {a.event_id: a for a in answers or []}
    ids: list[str] = []
    properties: list[dict[str, Any]] = []
    geoms: list[Any] = []
    for event in events:
        if event.location is None:
            raise NotLocatedError(f"event {event.id!r} has no location; locate it first")
        props = event_properties(event, by_id.get(event.id))
        roles = ("region", "point") if geometry == "both" else (geometry,)
        for role in roles:
            ids.append(event.id if geometry != "both" else f"{event.id}#{role}")
            properties.append({**props, "role": role})
            geoms.append(event.location.geometry if role == "region" else event.location.point)
    return ids, properties, np.array(geoms, dtype=object)


def write_geojson(events: list[Event], path: str | Path, answers: list[BorderAnswer] | None = None, *,
                  geometry: str = "region") -> Path:
    """Write events to ``path`` as GeoJSON, atomically; the same events always give the same bytes."""
    return atomic_write(path, feature_collection_text(events, answers, geometry=geometry))


def feature_collection_text(events: list[Event], answers: list[BorderAnswer] | None = None, *,
                            geometry: str = "region") -> str:
    """The text :func:`dumps_geojson` makes of :func:`to_feature_collection`, built from :func:`feature_texts`."""
    return '{"type":"FeatureCollection","features":[' + ",".join(
        feature_texts(events, answers, geometry=geometry)) + "]}\n"


def dumps_geojson(obj: dict[str, Any]) -> str:
    """Compact, UTF-8, NaN-free JSON text of a GeoJSON object, newline-terminated."""
    return _dumps(obj) + "\n"


# --- decoding ----------------------------------------------------------------------------------------------------
_ROLES = ("region", "point")


def events_from_features(features: Any, *, name: str = "<features>") -> list[Event]:
    """Located events from GeoJSON-like features written by geoevents (a region and/or a point per event id).

    Any value may be wrong (the file came from elsewhere, or was edited): every one is checked, and a wrong one
    raises :class:`~geoevents.errors.EventFileError` naming the feature and the field, never another exception.

    Examples
    --------
    >>> f = {"type": "Feature", "properties": {"id": "e1", "title": "t", "lon": 34.0, "lat": 51.5,
    ...      "area_km2": 0.0, "radius_km": 0.0}, "geometry": {"type": "Point", "coordinates": [34.0, 51.5]}}
    >>> events_from_features([f])[0].location.point
    <POINT (34 51.5)>
    >>> f["properties"]["sources"] = [{"name": "wire", "published": "2024-13-45"}]
    >>> events_from_features([f], name="x.geojson")
    Traceback (most recent call last):
    ...
    geoevents.errors.EventFileError: x.geojson: feature 'e1': properties.sources[0].published: expected a date as \
YYYY-MM-DD, got '2024-13-45'
    """
    if not isinstance(features, list):
        raise EventFileError(f"{name}: expected a list of features")
    merged: dict[str, dict[str, Any]] = {}
    shared: dict[tuple, list[tuple[Any, shapely.Geometry]]] = {}
    for i, feature in enumerate(features):
        where = f"{name}: feature {i}"
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise EventFileError(f"{where}: expected a Feature with properties")
        props = dict(feature["properties"])
        event_id = props.get("id") or feature.get("id") or ""  # RFC 7946 keeps it beside properties
        if isinstance(event_id, (dict, list)):
            raise EventFileError(f"{where}: properties.id: expected text")
        event_id = str(event_id).strip()
        if not event_id:
            raise EventFileError(f"{where}: properties.id: missing required field")
        props["id"] = event_id
        path = FieldPath(f"{name}: feature {event_id!r}", "properties")
        geom = _shared_geometry(feature.get("geometry"), path.name, shared)
        slot = merged.setdefault(event_id, {"props": props, "where": path})
        role = props.get("role") or ("point" if geom.geom_type == "Point" else "region")
        if role not in _ROLES:
            raise (path / "role").fail(f"expected region or point, got {role!r}")
        if role in slot:  # one event's region and point may share an id; two events may not
            raise EventFileError(f"{name}: features {slot['at'][role]} and {i} both have the id {event_id!r}"
                                 + (f" (as {role}s)" if "role" in props else ""))
        slot.setdefault("at", {})[role] = i
        slot[role] = geom
    return [_event(event_id, slot) for event_id, slot in merged.items()]


def _shared_geometry(value: Any, where: str, seen: dict[tuple, list[tuple[Any, shapely.Geometry]]]
                     ) -> shapely.Geometry:
    """:func:`_geometry`, but a geometry equal to one read before (the events of an export coded to one region all
    carry its outline) is that one's object: read and checked once, and measured, drawn and written once by the
    steps that do each distinct object once."""
    key = _fingerprint(value)
    if key is None:
        return _geometry(value, where)
    same = next((geom for other, geom in seen.get(key, ()) if other == value), None)
    if same is None:
        same = _geometry(value, where)
        seen.setdefault(key, []).append((value, same))
    return same


def _fingerprint(value: Any) -> tuple | None:
    """A cheap key for a polygon's parsed GeoJSON (type, sizes, first and last vertex), None for other values:
    equal geometries have equal keys, and list equality confirms."""
    try:
        if value["type"] not in ("Polygon", "MultiPolygon"):
            return None
        rings = value["coordinates"] if value["type"] == "Polygon" else value["coordinates"][0]
        shell = rings[0]
        return (value["type"], len(value["coordinates"]), len(rings), len(shell), repr(shell[0]), repr(shell[-2]))
    except (KeyError, TypeError, IndexError):
        return None


def _geometry(value: Any, where: str) -> shapely.Geometry:
    """A GeoJSON geometry object to shapely; empty, out-of-range and invalid geometries are errors, named, and
    never repaired silently."""
    geom = _common_geometry(value)
    if geom is None:  # anything else, and whatever the quick path cannot take: GEOS's reader, and its verdict
        try:
            geom = shapely.from_geojson(json.dumps(value))
        except (shapely.errors.GEOSException, TypeError, ValueError, RecursionError):
            raise EventFileError(f"{where}: geometry: not a GeoJSON geometry") from None
    if geom is None or geom.is_empty:
        raise EventFileError(f"{where}: empty geometry")
    x0, y0, x1, y1 = shapely.bounds(geom)
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise EventFileError(f"{where}: coordinates outside longitude [-180, 180] / latitude [-90, 90]: "
                             f"({x0:g}, {y0:g}) to ({x1:g}, {y1:g})")
    if not shapely.is_valid(geom):
        raise EventFileError(f"{where}: invalid geometry: {shapely.is_valid_reason(geom)}")
    return geom


def _common_geometry(value: Any) -> shapely.Geometry | None:
    """A GeoJSON Point, Polygon or MultiPolygon made from its parsed coordinates with numpy (seven times faster than
    writing it back to JSON text for GEOS to read), or None for any other value or any the quick path cannot take."""
    try:
        kind, coordinates = value["type"], value["coordinates"]
        if kind == "Point":
            return shapely.Point(np.asarray(coordinates, dtype=float))
        if kind == "Polygon":
            return _polygon(coordinates)
        if kind == "MultiPolygon":
            return shapely.MultiPolygon([_polygon(part) for part in coordinates])
    except (KeyError, TypeError, ValueError, IndexError, RecursionError, shapely.errors.GEOSException):
        pass
    return None


def _polygon(rings: Any) -> shapely.Polygon:
    shell, *holes = (np.asarray(ring, dtype=float) for ring in rings)
    if any(ring.ndim != 2 or len(ring) < 4 or not np.array_equal(ring[0], ring[-1]) for ring in (shell, *holes)):
        raise ValueError("not a closed ring")  # for GEOS to judge: shapely would close it silently
    return shapely.Polygon(shell, holes)


def _list_field(props: dict, key: str, where: FieldPath) -> list[Any]:
    """A list property: a JSON list, or JSON text of one (formats without lists store them as text)."""
    value = props.get(key)
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except (json.JSONDecodeError, RecursionError):
            raise (where / key).fail("malformed JSON text") from None
    if value is None:
        return []
    if not isinstance(value, list):
        raise (where / key).fail(f"expected a list, got {type(value).__name__}")
    return value


def _number(props: dict, key: str, where: FieldPath) -> float | None:
    value = props.get(key)
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        raise (where / key).fail(f"expected a number, got {_short(value)}")
    return number


def _code(props: dict, key: str, where: FieldPath) -> int | None:
    number = _number(props, key, where)
    if number is not None and not number.is_integer():
        raise (where / key).fail(f"expected a whole number, got {_short(props[key])}")
    return None if number is None else int(number)


def _text(props: dict, key: str, where: FieldPath, default: str = "") -> str:
    value = props.get(key)
    if isinstance(value, (dict, list)):
        raise (where / key).fail("expected text")
    return str(value) if value not in (None, "") else default


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _trace_step(value: Any, where: FieldPath) -> TraceStep:
    if not isinstance(value, dict):
        raise where.fail("expected a mapping with step, reason and area_km2")
    return TraceStep(_text(value, "step", where), _text(value, "reason", where),
                     _number(value, "area_km2", where) or 0.0)


def _event(event_id: str, slot: dict) -> Event:
    props, where = slot["props"], slot["where"]
    region = slot.get("region")
    point = slot.get("point")
    lon, lat = _number(props, "lon", where), _number(props, "lat", where)
    if point is None and lon is not None and lat is not None:
        point = shapely.Point(lon, lat)
    if region is None:
        region = point
    if point is None:
        point = shapely.point_on_surface(region)
    date = date_field(props.get("date") or None, where / "date")
    sources = tuple(source_from_dict(s, where / "sources" / i, exact=True)
                    for i, s in enumerate(_list_field(props, "sources", where)))
    constraints = tuple(constraint_from_dict(c, name=f"{where.name}: properties.constraints[{i}]")
                        for i, c in enumerate(_list_field(props, "constraints", where)))
    trace = tuple(_trace_step(t, where / "trace" / i) for i, t in enumerate(_list_field(props, "trace", where)))
    codes = [_code(props, k, where) for k in ("acled_geo_precision", "ucdp_where_prec", "gdelt_geo_type")]
    precision = (Precision(codes[0], codes[1], codes[2], _text(props, "precision_basis", where))
                 if codes[0] is not None and codes[1] is not None and codes[2] is not None else None)
    try:
        location = Location(region, point, _number(props, "area_km2", where) or 0.0,
                            _number(props, "radius_km", where) or 0.0, trace, precision)
        return Event(id=event_id, title=_text(props, "title", where, event_id), date=date,
                     date_precision=_text(props, "date_precision", where, "day"), sources=sources,
                     location_text=_text(props, "location_text", where), constraints=constraints,
                     summary=_text(props, "summary", where), location=location,
                     event_type=_text(props, "event_type", where),
                     counts=counts_field(props.get("counts"), where / "counts"), flags=props.get("flags"))
    except EventFileError:
        raise  # a property read above, already named
    except InvalidValueError as exc:  # the model's own rules, naming their field
        message = str(exc).removeprefix(f"{exc.field}: ")
        raise (where / exc.field).fail(message) if exc.field else where.fail(message) from None
    except (TypeError, ValueError) as exc:
        raise where.fail(str(exc)) from None
