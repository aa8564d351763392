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

from dataclasses import dataclass

from geoevents.errors import EmptyGeometryError
from geoevents.geocoding.expressions import read_location
from geoevents.geocoding.readings import read_clues
from geoevents.geocoding.toponyms import Builder, Toponym
from geoevents.model import Event, Precision
from geoevents.places.boundaries import Boundaries
from geoevents.places.gazetteer import Gazetteer
from geoevents.uncertainty import locate

__all__ = ["Geocoded", "explain", "geocode"]


@dataclass(frozen=True, slots=True)
class Geocoded:
    """The result of :func:`geocode`: the located event, the text span of each constraint, and every toponym."""

    text: str
    event: Event
    spans: tuple[tuple[int, int], ...]
    toponyms: tuple[Toponym, ...]
    precision: Precision


def geocode(text: str, *, boundaries: Boundaries, gazetteer: Gazetteer, event_id: str = "geocoded",
            title: str = "", online=None) -> Geocoded:
    """Read the location phrase ``text`` and locate it.

    Raises
    ------
    EmptyGeometryError
        If nothing in the text locates the event, or its constraints contradict each other (named).
    """
    build = Builder(text, boundaries, gazetteer, online)
    read_clues(build, read_location(text))
    if not build.constraints:
        missing = "; ".join(t.note for t in build.toponyms if t.status in ("unresolved", "ambiguous"))
        raise EmptyGeometryError(f"nothing in {text!r} locates the event" + (f": {missing}" if missing else ""))
    constraints = tuple(c for c, _ in build.constraints)
    event = locate(Event(event_id, title or text, location_text=text, constraints=constraints), boundaries)
    assert event.location is not None
    assert event.location.precision is not None
    return Geocoded(text, event, tuple(s for _, s in build.constraints), tuple(sorted(build.toponyms, key=_at)),
                    event.location.precision)


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
        lines.append(f"step: {step.constraint} -> {step.area_km2:,.1f} km2")
    p = result.precision
    lines.append(f"area {loc.area_km2:,.1f} km2, radius {loc.radius_km:g} km, point ({loc.point.x:.5f}, "
                 f"{loc.point.y:.5f})")
    lines.append(f"precision: ACLED {p.acled_geo_precision}, UCDP {p.ucdp_where_prec}, GDELT {p.gdelt_geo_type} "
                 f"({p.basis})")
    return lines

