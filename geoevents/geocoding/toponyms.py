"""The names of a location phrase and what became of them: :class:`Toponym`, and the :class:`Builder` that
resolves names within the context the text gives (the countries, regions and district centres named so far) and
collects the constraints of :func:`geoevents.geocoding.geocoder.geocode` with the text span of each.

A place the gazetteer does not know may be looked up online (:mod:`geoevents.places.online`), when the caller passes a
geocoder.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass

import shapely

from geoevents import settings
from geoevents.errors import UnknownBorderError, UnknownRegionError
from geoevents.geocoding.expressions import Clue
from geoevents.geometry.geodesy import GEOD, LocalProjection
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

    def __init__(self, text: str, boundaries: Boundaries, gazetteer: Gazetteer, online=None,
                 prior_regions: Iterable[str] = ()) -> None:
        self.text, self.b, self.g, self.online = text, boundaries, gazetteer, online
        self.constraints: list[tuple[Constraint, tuple[int, int]]] = []
        self.toponyms: list[Toponym] = []
        self.countries: set[str] = set()
        self.mentioned_countries: set[str] = set()  # named in passing ("the airspace of Belarus"): borders of interest
        self.regions: dict[str, tuple[int, int]] = {}
        self.district_centres: list[tuple[Place, float]] = []
        self.clues: list[Clue | None] = []  # the clue of each constraint
        self.weak_places: set[str] = set()  # places from a fuzzy match or a bare mention: weighed like claims
        self.placed: list[Place] = []  # the places resolved so far
        self.prior_regions: set[str] = set(prior_regions)  # regions named where they do not locate the event
        self._seen: set[Constraint] = set()

    def add(self, constraint: Constraint, clue: Clue) -> None:
        """Add ``constraint`` from the words of ``clue``; one equal to a constraint already added (the same place,
        region or border read again from a repeated sentence) adds nothing and is not added twice."""
        self.add_at(constraint, clue.span, clue)

    def add_at(self, constraint: Constraint, span: tuple[int, int], clue: Clue | None = None) -> None:
        """Add ``constraint`` read from the text at ``span`` (``clue`` None: from the text as a whole)."""
        key = dataclasses.replace(constraint, reason="")
        if key in self._seen:
            return
        self._seen.add(key)
        self.constraints.append((constraint, span))
        self.clues.append(clue)

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
        if found.status == "ambiguous":
            found = self.prefer(found)
        if found.place is None and self.online is not None and found.status == "unknown":
            found = _online(self.online, name, self.countries)
        if found.place is not None and found.fuzzy and not self.plausible(found.place):
            found = dataclasses.replace(
                found, place=None, note=f"{found.note}; not used: a spelling match far from the regions, places and "
                                        f"borders the text names")
        if found.place is None:
            status = "ambiguous" if found.status == "ambiguous" else "unresolved"
            self.topo(clue, name, status, found.note, [p.label() for p in found.candidates[:10]])
            return None
        self.topo(clue, name, "used", found.note)
        if found.fuzzy:
            self.weak_places.add(found.place.name)
        self.placed.append(found.place)
        return found.place

    def prefer(self, found: Resolution) -> Resolution:
        """One of the candidates of an ambiguous name, if the rest of the text singles it out. The candidates are
        narrowed in turn to those in a region the text names elsewhere (a dateline, a sentence not read for the
        location), those within :data:`geoevents.settings.NEARBY_KM` of a place already placed, and those near the
        borders the text is about (:meth:`near_a_border_of_interest`); a test that would keep none is passed over.
        When several remain, the nearest to a place already placed is taken if the next is more than twice as far.
        Otherwise ``found`` as it was."""
        tests = (("in the region the text names elsewhere", lambda p: p.region in self.prior_regions),
                 (f"within {settings.NEARBY_KM:g} km of {', '.join(p.name for p in self.placed[:3])}",
                  lambda p: any(_km(p, q) <= settings.NEARBY_KM for q in self.placed)),
                 (f"within {settings.BARE_NAME_BORDER_KM:g} km of the borders the text is about",
                  self.near_a_border_of_interest))
        pool, why = list(found.candidates), list[str]()
        for reason, test in tests:
            kept = [p for p in pool if test(p)]
            if kept and len(kept) < len(pool):
                pool, why = kept, [*why, reason]
            if len(pool) == 1:
                return dataclasses.replace(found, place=pool[0], note=f"{found.note}; taken: {pool[0].label()}, "
                                                                      f"the only one {', '.join(why)}")
        if self.placed and len(pool) > 1:
            ranked = sorted((min(_km(p, q) for q in self.placed), i) for i, p in enumerate(pool))
            (near, i), (next_km, _) = ranked[0], ranked[1]
            if near <= settings.NEARBY_KM and next_km > 2 * near:
                return dataclasses.replace(found, place=pool[i], note=(
                    f"{found.note}; taken: {pool[i].label()}, {near:.0f} km from a place named (the next "
                    f"candidate {next_km:.0f} km)"))
        return found

    def plausible(self, place: Place) -> bool:
        """Whether a place from a spelling (fuzzy) match fits the rest of the text: in a region it names, within
        :data:`geoevents.settings.NEARBY_KM` of a place already placed, or near the borders it is about."""
        return (place.region in self.regions or place.region in self.prior_regions
                or any(_km(place, q) <= settings.NEARBY_KM for q in self.placed)
                or self.near_a_border_of_interest(place))

    def near_a_border_of_interest(self, place: Place) -> bool:
        """Whether ``place`` is within :data:`settings.BARE_NAME_BORDER_KM` of a border the text is about: the
        default border, and the land borders between any two of its countries and the countries the text names
        (a text naming Belarus is also about the borders of Belarus with Russia and Ukraine)."""
        countries = sorted(set(settings.DEFAULT_BORDER.split("-")) | self.countries | self.mentioned_countries)
        borders = [f"{a}-{b}" for i, a in enumerate(countries) for b in countries[i + 1:]]
        reach = settings.BARE_NAME_BORDER_KM
        dlat = reach / 110.0
        dlon = reach / (111.3 * max(math.cos(math.radians(place.lat)), 0.05))
        proj = LocalProjection(place.lon, place.lat)
        for spec in borders:
            try:
                line = self.b.border(spec)
            except (UnknownBorderError, UnknownRegionError):
                continue
            near = shapely.clip_by_rect(line, place.lon - dlon, place.lat - dlat, place.lon + dlon, place.lat + dlat)
            if not near.is_empty and shapely.distance(shapely.Point(0, 0), proj.to_metric(near)) <= reach * 1000:
                return True
        return False


def _km(a: Place, b: Place) -> float:
    return GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000


def _online(online, name: str, countries: set[str]) -> Resolution:
    places = online.lookup(name, country_codes=sorted(countries))
    if not places:
        return Resolution(name, None, (), f"{name!r} is not in the gazetteer nor found by {online.source}")
    return Resolution(name, places[0], tuple(places), f"online ({online.source}): {places[0].label()}")
