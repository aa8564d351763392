"""Constraints in the event-file form: read (validated, each error naming the file and the field) and written.

:func:`constraint_from_dict` parses one ``constraints:`` item into a :class:`~geoevents.model.Constraint` and
:func:`constraint_to_dict` is its inverse. Also here, because the event parser in :mod:`geoevents.eventfile_events`
shares them: ``_Where``, the file name and field path that error messages name, and ``_text``, the reader of a text
field.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from . import settings
from .errors import EventFileError
from .model import COMPASS, Between, BorderDistance, Constraint, InRegions, NearBoundary, NearPlace, RegionPart

__all__ = ["constraint_from_dict", "constraint_to_dict"]


class _Where:
    """Carries the file name and field path of the value being read, for error messages."""

    def __init__(self, name: str, path: str = "") -> None:
        self.name, self.path = name, path

    def __truediv__(self, part: str | int) -> _Where:
        sub = f"[{part}]" if isinstance(part, int) else (f".{part}" if self.path else part)
        return _Where(self.name, self.path + sub)

    def fail(self, problem: str) -> EventFileError:
        where = f"{self.name}: {self.path}: " if self.path else f"{self.name}: "
        return EventFileError(where + problem)


def _text(item: dict, key: str, where: _Where, *, required: bool = False, default: str = "") -> str:
    value = item.get(key)
    if value is None:
        if required:
            raise (where / key).fail("missing required field")
        return default
    if isinstance(value, (dict, list)):
        raise (where / key).fail("expected text")
    text = str(value).strip()
    if required and not text:
        raise (where / key).fail("must not be empty")
    return text


_KINDS = ("in_regions", "border_distance", "near_boundary", "near_place", "between", "region_part")


def _constraint(value: Any, where: _Where) -> Constraint:
    if not isinstance(value, dict):
        raise where.fail(f"expected a mapping with one of {', '.join(_KINDS)}")
    found = [k for k in _KINDS if k in value]
    extra = sorted(set(value) - set(_KINDS) - {"reason"})
    if len(found) != 1 or extra:
        raise where.fail(f"expected exactly one of {', '.join(_KINDS)} (and an optional reason)")
    kind = found[0]
    body, at = value[kind], where / kind
    reason = _text(value, "reason", where)
    if kind == "in_regions":
        names = [body] if isinstance(body, str) else body
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise at.fail("expected a region name or a list of region names")
        return InRegions(tuple(n.strip() for n in names), reason)
    if not isinstance(body, dict):
        raise at.fail("expected a mapping")
    if kind == "border_distance":
        lo, hi = _range(body, at)
        return BorderDistance(_text(body, "border", at, required=True), lo, hi, reason)
    if kind == "near_boundary":
        within = _km(body, "within_km", at)
        if within == 0:
            raise (at / "within_km").fail("must be larger than 0")
        return NearBoundary(_names(body, "between", at), within, reason)
    if kind == "near_place":
        lon, lat = _lonlat([body.get("lon"), body.get("lat")], at)
        lo, hi = _range(body, at)
        bearing = body.get("bearing_deg")
        if bearing is not None and (isinstance(bearing, bool) or not isinstance(bearing, (int, float))
                                    or not 0 <= bearing < 360):
            raise (at / "bearing_deg").fail(f"expected degrees in [0, 360), got {bearing!r}")
        spread = _km(body, "spread_deg", at, default=30.0)
        if not 0 < spread <= 180:
            raise (at / "spread_deg").fail(f"expected degrees in (0, 180], got {spread!r}")
        return NearPlace(_text(body, "place", at, required=True), lon, lat, lo, hi,
                         None if bearing is None else float(bearing), spread, reason)
    if kind == "between":
        points = body.get("points")
        if not (isinstance(points, list) and len(points) == 2):
            raise (at / "points").fail("expected two [lon, lat] points")
        factor = _km(body, "factor", at, default=1.25)
        if not 1 < factor < 10:
            raise (at / "factor").fail(f"expected a number in (1, 10), got {factor!r}")
        return Between(_names(body, "places", at), tuple(_lonlat(p, at / "points") for p in points), factor,
                       reason)
    part = _text(body, "part", at, required=True)
    if part not in COMPASS and part != "centre":
        raise (at / "part").fail(f"expected a compass direction ({', '.join(COMPASS)}) or 'centre', got {part!r}")
    return RegionPart(_text(body, "region", at, required=True), part, reason)


def _range(body: dict, at: _Where) -> tuple[float, float]:
    """``min_km`` (default 0) and ``max_km`` (``null`` for no upper bound) of a distance constraint."""
    lo = _km(body, "min_km", at, default=0.0)
    hi = math.inf if "max_km" in body and body["max_km"] is None else _km(body, "max_km", at)
    if lo > hi:
        raise (at / "min_km").fail(f"min_km {lo:g} is larger than max_km {hi:g}")
    return lo, hi


def _names(body: dict, key: str, at: _Where) -> tuple[str, str]:
    pair = body.get(key)
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(b, str) and b.strip() for b in pair)):
        raise (at / key).fail("expected a list of two names")
    return pair[0].strip(), pair[1].strip()


def _lonlat(value: Any, at: _Where) -> tuple[float, float]:
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
    return _constraint(value, _Where(name))


_MAX_KM = settings.MAX_DISTANCE_KM


def _km(body: dict, key: str, where: _Where, *, default: float | None = None) -> float:
    value = body.get(key, default)
    if value is None:
        raise (where / key).fail("missing required field")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise (where / key).fail(f"expected a number of kilometres, got {value!r}")
    if not math.isfinite(value) or value < 0 or value > _MAX_KM:
        raise (where / key).fail(f"expected a distance between 0 and {_MAX_KM:g} km, got {value!r}")
    return float(value)
