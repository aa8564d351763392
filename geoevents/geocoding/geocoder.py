"""From a location phrase to a located event: resolve the clues of :mod:`geoevents.geocoding.expressions` and build
constraints, each with the words it came from and how they were read.

Context first (countries, regions, districts named in the text), then places, resolved within that context, then
borders, whose side and neighbour follow from it. A name that cannot be resolved, or that fits several places,
is reported with its candidates and yields no constraint: the event then falls back to what else is known (the
district, the region), and its precision codes say so. Every reading is a documented setting of
:mod:`geoevents.settings`.

The clues are read into constraints by :mod:`geoevents.geocoding.readings`; each name and what became of it is a
:class:`~geoevents.geocoding.toponyms.Toponym`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from geoevents.errors import EmptyGeometryError, UnknownRegionError
from geoevents.geocoding.claims import Item, capitals_as_regions, settle
from geoevents.geocoding.expressions import Clue, read_location
from geoevents.geocoding.readings import read_clues
from geoevents.geocoding.toponyms import Builder, Toponym
from geoevents.model import BorderDistance, Event, NearPlace, Precision, TraceStep
from geoevents.places.boundaries import Boundaries
from geoevents.places.gazetteer import Gazetteer
from geoevents.uncertainty import locate

__all__ = ["Geocoded", "explain", "geocode", "regions_named"]


@dataclass(frozen=True, slots=True)
class Geocoded:
    """The result of :func:`geocode`: the located event, the text span of each constraint, and every toponym."""

    text: str
    event: Event
    spans: tuple[tuple[int, int], ...]
    toponyms: tuple[Toponym, ...]
    precision: Precision
    set_aside: tuple[TraceStep, ...] = ()  # other readings and claims set aside for a contradiction (also in the trace)


def geocode(text: str, *, boundaries: Boundaries, gazetteer: Gazetteer, event_id: str = "geocoded",
            title: str = "", online=None, context: str = "") -> Geocoded:
    """Read the location phrase ``text`` and locate it.

    ``context`` is other text of the same report (ingest passes the whole article): the regions it names, like
    those of the phrase's own datelines and context clauses, never locate the event but decide between the places
    of an ambiguous name.

    Raises
    ------
    EmptyGeometryError
        If nothing in the text locates the event, or its constraints contradict each other (named).
    """
    clues = read_location(text)
    priors = regions_named([c for c in clues if c.kind == "context"] + (read_location(context) if context else []),
                           boundaries)
    build = Builder(text, boundaries, gazetteer, online, prior_regions=priors)
    read_clues(build, clues)
    missing = "; ".join(t.note for t in build.toponyms if t.status in ("unresolved", "ambiguous"))
    if not build.constraints:
        raise EmptyGeometryError(f"nothing in {text!r} locates the event" + (f": {missing}" if missing else ""))
    if missing and all(isinstance(c, BorderDistance) for c, _ in build.constraints):
        # "In Plaia, 25 km from the border": the place is unread, and the band along all of a border is not where
        raise EmptyGeometryError(f"nothing in {text!r} locates the event: {missing}; a distance from the border "
                                 f"alone does not say where along it")
    items = [Item(c, span, clue, isinstance(c, NearPlace) and c.place in build.weak_places)
             for (c, span), clue in zip(build.constraints, build.clues, strict=True)]
    event = Event(event_id, title or text, location_text=text)
    regional = capitals_as_regions(items, boundaries)
    items, notes = list(regional.kept), regional.notes
    try:
        event = locate(dataclasses.replace(event, constraints=tuple(i.constraint for i in items)), boundaries)
    except EmptyGeometryError:  # a contradiction: keep the hard facts, widen or set aside the claims
        settled = settle(items, boundaries)
        items, notes = list(settled.kept), notes + settled.notes
        event = locate(dataclasses.replace(event, constraints=tuple(i.constraint for i in items)), boundaries)
    assert event.location is not None
    if notes:
        area = event.location.area_km2
        notes = tuple(dataclasses.replace(n, area_km2=area) if n.area_km2 == 0.0 else n for n in notes)
        event = dataclasses.replace(event, location=dataclasses.replace(
            event.location, trace=event.location.trace + notes))
    assert event.location is not None
    assert event.location.precision is not None
    return Geocoded(text, event, tuple(i.span for i in items), tuple(sorted(build.toponyms, key=_at)),
                    event.location.precision, notes)


def regions_named(clues: list[Clue], boundaries: Boundaries) -> set[str]:
    """The ISO codes of the first-level regions the clues name ("KHARKIV OBLAST" of a dateline included)."""
    codes = set()
    for clue in clues:
        if clue.kind not in ("region", "region_part", "context", "boundary", "district"):
            continue
        for name in clue.names:
            for piece in re.split(r"\s*,\s*", name):
                try:
                    unit = boundaries.units[boundaries.find(piece)]
                except UnknownRegionError:
                    continue
                if unit.get("kind") == "region" and unit.get("iso_3166_2"):
                    codes.add(unit["iso_3166_2"])
    return codes


def _at(toponym: Toponym) -> tuple[int, int]:
    return toponym.span


def explain(result: Geocoded) -> list[str]:
    """The reasoning, step by step, as lines of text."""
    lines = [f"text: {result.text}"]
    for t in result.toponyms:
        where = f"[{t.span[0]}:{t.span[1]}]"
        lines.append(f"toponym {t.text!r} {where}: {t.status}: {t.note}")
        lines += [f"    candidate: {c}" for c in t.candidates]
    for c, span in zip(result.event.constraints, result.spans, strict=True):
        lines.append(f"constraint {c.describe()} [{span[0]}:{span[1]}]: {c.reason}")
    loc = result.event.location
    assert loc is not None
    for step in loc.trace:
        if step in result.set_aside:  # "set aside: ...", "read as a region: ...": what a contradiction changed
            lines.append(f"{step.constraint}: {step.reason}")
        else:
            lines.append(f"step: {step.constraint} -> {step.area_km2:,.1f} km2")
    p = result.precision
    lines.append(f"area {loc.area_km2:,.1f} km2, radius {loc.radius_km:g} km, point lat {loc.point.y:.5f}, "
                 f"lon {loc.point.x:.5f}")
    lines.append(f"precision: ACLED {p.acled_geo_precision}, UCDP {p.ucdp_where_prec}, GDELT {p.gdelt_geo_type} "
                 f"({p.basis})")
    return lines

