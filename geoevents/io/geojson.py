"""GeoJSON export per RFC 7946: a FeatureCollection in WGS 84 lon/lat, exterior rings counter-clockwise, holes
clockwise, no ``crs`` member, six decimals, geometries crossing the antimeridian cut there.
:func:`to_feature_collection` is pure; :func:`write_geojson` writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geoevents import settings
from geoevents._files import atomic_write
from geoevents.geometry.antimeridian import split_antimeridian
from geoevents.model import BorderAnswer
from geoevents.io.eventfile import constraint_to_dict
from geoevents.model import Event
from geoevents.errors import InvalidValueError, NotLocatedError

__all__ = ["dumps_geojson", "event_properties", "geometry_to_geojson", "to_feature_collection", "write_geojson"]


def geometry_to_geojson(geom: shapely.Geometry, *, decimals: int = settings.GEOJSON_DECIMALS) -> dict[str, Any]:
    """An RFC 7946 geometry object: cut at the antimeridian (section 3.1.9), snapped to ``decimals`` (kept valid),
    rings wound by the right-hand rule.

    Examples
    --------
    >>> clockwise = shapely.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    >>> ring = geometry_to_geojson(clockwise)["coordinates"][0]
    >>> shapely.LinearRing(ring).is_ccw, len(ring)
    (True, 5)
    """
    snapped = shapely.orient_polygons(shapely.set_precision(split_antimeridian(geom), 10.0 ** -decimals),
                                      exterior_cw=False)
    return _geojson(snapped, decimals)


def _geojson(geom: shapely.Geometry, decimals: int) -> dict[str, Any]:
    """The GeoJSON object of a geometry already snapped to the ``decimals`` grid; its coordinates are rounded
    once more (on the grid this only drops binary noise such as 34.123456000000004, and -0.0) in numpy."""
    if geom.geom_type == "GeometryCollection":
        return {"type": "GeometryCollection", "geometries": [_geojson(g, decimals) for g in geom.geoms]}
    return {"type": geom.geom_type, "coordinates": _coordinates(geom, decimals)}


def _coordinates(geom: shapely.Geometry, decimals: int) -> list:
    kind = geom.geom_type
    if kind.startswith("Multi"):
        return [_coordinates(part, decimals) for part in geom.geoms]
    if kind == "Polygon":
        return [] if geom.is_empty else [_coordinates(ring, decimals) for ring in (geom.exterior, *geom.interiors)]
    xy = (np.round(shapely.get_coordinates(geom), decimals) + 0.0).tolist()
    return (xy[0] if xy else []) if kind == "Point" else xy


def event_properties(event: Event, answer: BorderAnswer | None = None) -> dict[str, Any]:
    """The flat properties GIS users filter on, plus the sources and the derivation trace as lists."""
    loc = event.location
    props: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "summary": event.summary,
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
    if geometry not in ("region", "point", "both"):
        raise InvalidValueError(f"geometry must be region, point or both, not {geometry!r}", field="geometry")
    by_id = {a.event_id: a for a in answers or []}
    features = []
    for event in events:
        if event.location is None:
            raise NotLocatedError(f"event {event.id!r} has no location; locate it first")
        props = event_properties(event, by_id.get(event.id))
        roles = ("region", "point") if geometry == "both" else (geometry,)
        for role in roles:
            geom = event.location.geometry if role == "region" else event.location.point
            features.append({"type": "Feature", "id": event.id if geometry != "both" else f"{event.id}#{role}",
                             "properties": {**props, "role": role}, "geometry": geometry_to_geojson(geom)})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(events: list[Event], path: str | Path, answers: list[BorderAnswer] | None = None, *,
                  geometry: str = "region") -> Path:
    """Write events to ``path`` as GeoJSON, atomically; the same events always give the same bytes."""
    return atomic_write(path, dumps_geojson(to_feature_collection(events, answers, geometry=geometry)))


def dumps_geojson(obj: dict[str, Any]) -> str:
    """Compact, UTF-8, NaN-free JSON text of a GeoJSON object, newline-terminated."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
