"""Hard facts and soft claims: what a geocoding keeps when the constraints read from a text contradict each other.

A report's named places, districts and regions are *hard facts*: the reporter knows where the village is. Its
distances ("about 10 km from the border", "45 km south of Bryansk") are *claims*: outlets give road distances,
round, or simply differ. When the constraints of a text leave no place, :func:`settle`

A place found only by a fuzzy match of its name (a garbled spelling may match a village at the other end of the
country), or named bare, without a relation that says the event was there, is no hard fact: it is weighed like a
claim, after the claims.

1. tries the other reading of a name that is both a city and a region ("in Kursk": the regional capital, or Kursk
   region; reports use both), when the city contradicts the other hard facts;
2. fails only if the hard facts still exclude each other (the message names the pair);
3. applies the claims one by one to what the hard facts leave: a claim that contradicts them is widened once by
   :data:`geoevents.settings.CLAIM_WIDENING` (road distances to a place, the approximate tolerance to a border),
   and kept if it then leaves at least :data:`geoevents.settings.CLAIM_KEEP_FRACTION` of their area;
   one that still contradicts is *set aside*: not used, and said so in the trace with the distance actually
   measured from the area that remains.

Each set-aside claim and each other reading is a note of the result, so the caller can lower its confidence and a
reviewer sees what was not used and why.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import shapely

from geoevents import settings
from geoevents.errors import EmptyGeometryError, UnknownRegionError
from geoevents.geocoding.expressions import Clue
from geoevents.geometry.geodesy import GEOD, LocalProjection, area_km2, farthest_km
from geoevents.geometry.shapes import polygonal
from geoevents.model import AnyOfPlaces, BorderDistance, Constraint, InRegions, NearBoundary, NearPlace, TraceStep
from geoevents.places.boundaries import Boundaries
from geoevents.uncertainty import constraint_geometry, contradiction

__all__ = ["Item", "Settled", "capitals_as_regions", "is_claim", "settle"]


@dataclass(frozen=True, slots=True)
class Item:
    """A constraint with the span of text and the clue it was read from."""

    constraint: Constraint
    span: tuple[int, int]
    clue: Clue | None  # None for what the text implies as a whole (the country every place named lies in)
    weak: bool = False  # a place taken for a fuzzy match or a bare mention of its name


@dataclass(frozen=True, slots=True)
class Settled:
    """What :func:`settle` kept, and the notes on what it changed: other readings and claims set aside (each a
    :class:`~geoevents.model.TraceStep` for the event's trace)."""

    kept: tuple[Item, ...]
    notes: tuple[TraceStep, ...]


def is_claim(item: Item) -> bool:
    """Whether a constraint is a soft claim (a distance, a direction, a suburb, or a district known only by the
    circle around its centre) rather than a hard fact (a named place or region)."""
    c = item.constraint
    if isinstance(c, (BorderDistance, NearBoundary)) or item.weak:
        return True
    if isinstance(c, (NearPlace, AnyOfPlaces)) and item.clue is not None and item.clue.kind == "district":
        return True  # a district known only by its centre: the circle is a guess at its extent, not a fact
    return (isinstance(c, NearPlace) and item.clue is not None and item.clue.kind == "place"
            and item.clue.relation in ("distance", "direction", "suburb"))


def settle(items: list[Item], boundaries: Boundaries) -> Settled:
    """The constraints to locate with, when ``items`` together leave no place (see the module docstring).

    Raises
    ------
    EmptyGeometryError
        If the hard facts exclude each other under every reading, naming two that share no place.
    """
    facts = [i for i in items if not is_claim(i)]
    claims = sorted((i for i in items if is_claim(i)), key=lambda i: i.weak)  # weak places last
    notes: list[TraceStep] = []
    facts, area = _hard_facts(facts, boundaries, notes)
    kept = list(facts)
    for item in claims:
        allowed = _allowed(item.constraint, boundaries, area)
        if area is None or not _meets(area, allowed):
            wide = _widened(item.constraint)
            allowed_wide = _allowed(wide, boundaries, area) if wide is not None else None
            regional = _claim_fits_a_region(kept, item, boundaries) if area is not None else None
            if area is not None and wide is not None and allowed_wide is not None and _keeps_enough(area, allowed_wide):
                item = dataclasses.replace(item, constraint=wide)
                allowed = allowed_wide
            elif regional is not None:  # "in Kursk, 2 km from the border": the region, not the city
                kept, area, note = regional
                notes.append(note)
                allowed = area
            elif area is not None:
                notes.append(TraceStep(f"set aside: {item.constraint.describe()}",
                                       f"{item.constraint.reason}; contradicts the places named: "
                                       f"{_measured(item.constraint, area, boundaries)}", round(area_km2(area), 3)))
                continue
        kept.append(item)
        area = allowed if area is None else polygonal(shapely.intersection(area, allowed))
    if notes and all(i.clue is None for i in kept):  # only what the places of the set-aside claims implied
        raise EmptyGeometryError("nothing certain remains: " + "; ".join(
            f"'{n.constraint.removeprefix('set aside: ')}' contradicts what the text implies"
            f" ({n.reason.rsplit('; ', 1)[-1]})" for n in notes))
    order = {id(i.constraint): n for n, i in enumerate(items)}
    kept.sort(key=lambda i: order.get(id(i.constraint), len(items)))
    return Settled(tuple(kept), tuple(notes))


def capitals_as_regions(items: list[Item], boundaries: Boundaries) -> Settled:
    """``items`` with a city that shares its name with a region read as the region, when the text also names a
    smaller place inside that region, or names the region itself and never the city as a city ("shelling in
    Belgorod" with "the Belgorod region"): in "shelling in Belgorod ... the Shebekino district" the writer means
    Belgorod region (as "in Kursk" often does), and the city would pull the event to the wrong town. Each change is a
    note."""
    out, notes = list(items), []
    for n, item in enumerate(items):
        region = _region_reading(item, boundaries)
        if region is None:
            continue
        area = boundaries.area(region.regions[0])
        city = getattr(item.constraint, "place", "")
        town = item.constraint
        inside = [o.constraint.place for o in items if isinstance(o.constraint, NearPlace)
                  and (not is_claim(o) or (o.clue is not None and o.clue.kind == "district"))
                  and o.constraint.place != city
                  and shapely.covers(area, shapely.Point(o.constraint.lon, o.constraint.lat))
                  and not _within_the_city(o.constraint, town)]
        named = item.clue is not None and "city" not in item.clue.text.lower() and any(
            isinstance(o.constraint, InRegions) and o.constraint.regions == region.regions
            and o.clue is not None and o.clue.kind == "region" for o in items)
        if inside or named:
            out[n] = dataclasses.replace(item, constraint=region)
            why = (f"the text names {inside[0]} in it" if inside
                   else "the text names the region, and not the city as a city")
            notes.append(TraceStep(f"read as a region: {region.describe()}",
                                   f"{city!r} is also the region's name, and {why}", 0.0))
    return Settled(tuple(out), tuple(notes))


def _within_the_city(place: NearPlace, city: Constraint) -> bool:
    """Whether ``place`` lies inside the settlement circle of ``city`` (a district of the city, as GeoNames has
    "Saltivka" in Kharkiv): no smaller place of the region that would make the city's name mean the region."""
    if not isinstance(city, NearPlace):
        return False
    return GEOD.inv(city.lon, city.lat, place.lon, place.lat)[2] / 1000 <= city.max_km


def _claim_fits_a_region(kept: list[Item], claim: Item, boundaries: Boundaries
                         ) -> tuple[list[Item], shapely.Geometry, TraceStep] | None:
    """The kept facts with a city read as its region, and their area, if the claim then fits; else None."""
    for n, item in enumerate(kept):
        region = _region_reading(item, boundaries)
        if region is None:
            continue
        trial = [*kept[:n], dataclasses.replace(item, constraint=region), *kept[n + 1:]]
        area = _intersect([*trial, claim], boundaries)
        if area is not None and not area.is_empty:
            city = getattr(item.constraint, "place", "")
            return trial, area, TraceStep(f"read as a region: {region.describe()}",
                                          f"{city!r} as the city contradicts "
                                          f"'{claim.constraint.describe()}'", round(area_km2(area), 3))
    return None


def _hard_facts(facts: list[Item], boundaries: Boundaries, notes: list[TraceStep]
                ) -> tuple[list[Item], shapely.Geometry | None]:
    """The hard facts, with a city read as its region where the city contradicts the others; their area."""
    area = _intersect(facts, boundaries)
    if area is None or not area.is_empty:
        return facts, area
    for n, item in enumerate(facts):
        region = _region_reading(item, boundaries)
        if region is None:
            continue
        trial = [*facts[:n], dataclasses.replace(item, constraint=region), *facts[n + 1:]]
        trial_area = _intersect(trial, boundaries)
        if trial_area is not None and not trial_area.is_empty:
            city = item.constraint.place if isinstance(item.constraint, NearPlace) else item.constraint.describe()
            notes.append(TraceStep(f"read as a region: {region.describe()}",
                                   f"{city!r} as the city contradicts the other places named",
                                   round(area_km2(trial_area), 3)))
            return trial, trial_area
    pair = contradiction([i.constraint for i in facts], boundaries)
    raise EmptyGeometryError(f"the places named exclude each other: {pair}")


def _region_reading(item: Item, boundaries: Boundaries) -> InRegions | None:
    """"in Kursk" read as Kursk region, when the name of the place is also a region's."""
    c = item.constraint
    clue = item.clue
    if not (isinstance(c, NearPlace) and clue is not None and clue.kind == "place" and clue.relation in ("in", "near")):
        return None
    try:
        unit = boundaries.units[boundaries.find(c.place, suggest=False)]
    except UnknownRegionError:
        return None
    code = unit.get("iso_3166_2") or unit["country"]
    if unit.get("kind", "region") != "region" or not code:
        return None
    return InRegions((code,), f"'{clue.text.strip()}': read as the region of that name")


def _intersect(items: list[Item], boundaries: Boundaries) -> shapely.Geometry | None:
    area = None
    for item in sorted(items, key=lambda i: not isinstance(i.constraint, InRegions)):
        allowed = _allowed(item.constraint, boundaries, area)
        area = allowed if area is None else polygonal(shapely.intersection(area, allowed))
        if area.is_empty:
            return area
    return area


def _allowed(c: Constraint, boundaries: Boundaries, within: shapely.Geometry | None) -> shapely.Geometry:
    return polygonal(constraint_geometry(c, boundaries, within=within))


def _meets(a: shapely.Geometry, b: shapely.Geometry) -> bool:
    return not polygonal(shapely.intersection(a, b)).is_empty


def _keeps_enough(area: shapely.Geometry, allowed: shapely.Geometry) -> bool:
    """Whether a widened claim leaves at least :data:`settings.CLAIM_KEEP_FRACTION` of the area: one that only
    grazes its edge would move the event to a sliver the facts hardly allow."""
    left = polygonal(shapely.intersection(area, allowed))
    return not left.is_empty and area_km2(left) >= settings.CLAIM_KEEP_FRACTION * area_km2(area)


def _widened(c: Constraint) -> Constraint | None:
    """The claim with the tolerance of :data:`settings.CLAIM_WIDENING`, or None if it has none to give."""
    road, border_extra = settings.CLAIM_WIDENING
    if isinstance(c, NearPlace):
        spread = max(c.spread_deg, settings.SECTOR_HALF_ANGLE_DEG * 1.5)
        return dataclasses.replace(c, min_km=c.min_km / road, max_km=c.max_km * road, spread_deg=spread,
                                   reason=f"{c.reason}; widened to {c.min_km / road:.3g}-{c.max_km * road:.3g} km "
                                          f"(+/-{spread:g} deg): as written it contradicts the places named")
    if isinstance(c, BorderDistance) and math.isfinite(c.max_km):
        extra = max(border_extra * c.max_km, 2.0)
        low, high = max(0.0, c.min_km - extra), c.max_km + extra
        return dataclasses.replace(c, min_km=low, max_km=high,
                                   reason=f"{c.reason}; widened to {low:.3g}-{high:.3g} km: as written it "
                                          f"contradicts the places named")
    return None


def _measured(c: Constraint, area: shapely.Geometry, boundaries: Boundaries) -> str:
    """How far the area that remains actually is from what the claim measures from."""
    if isinstance(c, NearPlace):
        proj = LocalProjection(c.lon, c.lat)
        low = shapely.distance(shapely.Point(0, 0), proj.to_metric(area)) / 1000
        high = float(farthest_km(np.array([c.lon]), np.array([c.lat]), area)[0])
        return f"the area is {low:.0f}-{high:.0f} km from {c.place}"
    if isinstance(c, (BorderDistance, NearBoundary)):
        spec = c.border if isinstance(c, BorderDistance) else "/".join(c.between)
        line = boundaries.border(spec)
        proj = LocalProjection.around(area)
        metric_area, metric_line = proj.to_metric(area), proj.to_metric(line)
        low = shapely.distance(metric_area, metric_line) / 1000
        vertices = shapely.points(shapely.get_coordinates(metric_area))
        high = float(shapely.distance(vertices, metric_line).max()) / 1000 if len(vertices) else low
        return f"the area is {low:.0f}-{high:.0f} km from the {spec} border"
    return "no place in common"
