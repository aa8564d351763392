"""The names of a location phrase and what became of them: :class:`Toponym`, and the :class:`Builder` that
resolves names within the context the text gives (the countries, regions and district centres named so far) and
collects the constraints of :func:`geoevents.geocoding.geocoder.geocode` with the text span of each.

A place the gazetteer does not know may be looked up online (:mod:`geoevents.places.online`), when the caller passes a
geocoder.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from geoevents.errors import UnknownRegionError
from geoevents.geocoding.expressions import Clue
from geoevents.geometry.geodesy import GEOD
from geoevents.model import Constraint, Place, Resolution
from geoevents.places.boundaries import Boundaries
from geoevents.places.gazetteer import Gazetteer

__all__ = ["Builder", "Toponym"]


@dataclass(frozen=True, slots=True)
class Toponym:
    """A name in the text and what became of it: ``used``, ``context``, ``unresolved`` or ``ambiguous``."""

    text: str
    span: tuple[int, int]
    status: str
    note: str
    candidates: tuple[str, ...] = ()


class Builder:
    """The state of one geocoding: constraints with their spans, toponyms, and the context named so far."""

    def __init__(self, text: str, boundaries: Boundaries, gazetteer: Gazetteer, online=None) -> None:
        self.text, self.b, self.g, self.online = text, boundaries, gazetteer, online
        self.constraints: list[tuple[Constraint, tuple[int, int]]] = []
        self.toponyms: list[Toponym] = []
        self.countries: set[str] = set()
        self.regions: dict[str, tuple[int, int]] = {}
        self.district_centres: list[tuple[Place, float]] = []
        self._seen: set[Constraint] = set()

    def add(self, constraint: Constraint, clue: Clue) -> None:
        """Add ``constraint`` from the words of ``clue``; one equal to a constraint already added (the same place,
        region or border read again from a repeated sentence) adds nothing and is not added twice."""
        key = dataclasses.replace(constraint, reason="")
        if key in self._seen:
            return
        self._seen.add(key)
        self.constraints.append((constraint, clue.span))

    def topo(self, clue: Clue, name: str, status: str, note: str, candidates=()) -> None:
        self.toponyms.append(Toponym(name, clue.span, status, note, tuple(candidates)))

    def region_code(self, clue: Clue, name: str) -> str | None:
        try:
            unit = self.b.units[self.b.find(name)]
        except UnknownRegionError as exc:
            self.topo(clue, name, "unresolved", str(exc))
            return None
        code = unit.get("iso_3166_2") or unit["country"]
        self.countries.add(unit["country"])
        self.topo(clue, name, "used", f"region {self.b.label(self.b.find(name))}")
        return code

    def resolve(self, clue: Clue, name: str) -> Place | None:
        near = None
        if self.district_centres:
            def near(p: Place) -> bool:
                return any(_km(p, c) <= r * 1.5 for c, r in self.district_centres)
        found = self.g.resolve(name, countries=self.countries, regions=self.regions, near=near)
        if found.place is None and self.online is not None and found.status == "unknown":
            found = _online(self.online, name, self.countries)
        if found.place is None:
            status = "ambiguous" if found.status == "ambiguous" else "unresolved"
            self.topo(clue, name, status, found.note, [p.label() for p in found.candidates[:10]])
            return None
        self.topo(clue, name, "used", found.note)
        return found.place


def _km(a: Place, b: Place) -> float:
    return GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000


def _online(online, name: str, countries: set[str]) -> Resolution:
    places = online.lookup(name, country_codes=sorted(countries))
    if not places:
        return Resolution(name, None, (), f"{name!r} is not in the gazetteer nor found by {online.source}")
    return Resolution(name, places[0], tuple(places), f"online ({online.source}): {places[0].label()}")
