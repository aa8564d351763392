"""From the clues of a location phrase (:func:`geoevents.geocoding.expressions.read_location`) to constraints: regions
and region boundaries, district centres, places (in, near, on the outskirts of, a distance and bearing from, between
two), and borders, whose side and neighbour follow from the countries and regions named. Each constraint says in
its reason which words it came from and how they were read, with the documented settings of
:mod:`geoevents.settings`.
"""

from __future__ import annotations

import math
import re

from geoevents import settings
from geoevents.errors import EmptyGeometryError, UnknownRegionError
from geoevents.geocoding.expressions import NAME, Clue
from geoevents.geocoding.toponyms import Builder
from geoevents.model import (
    COMPASS,
    AnyOfPlaces,
    Between,
    BorderDistance,
    InRegions,
    NearBoundary,
    NearPlace,
    Place,
    RegionPart,
)
from geoevents.places.morphology import is_function_word, region_adjectives
from geoevents.places.names import country_code, skeleton

__all__ = ["read_clues"]


def read_clues(build: Builder, clues: list[Clue]) -> None:
    """Add the constraints and toponyms of ``clues`` to ``build``: context first (names that do not locate), then
    the countries, regions and districts named, then places, resolved within that context, then borders, and last
    the country that all the places named lie in.

    Raises
    ------
    EmptyGeometryError
        If a distance is longer than any distance on Earth.
    """
    for clue in clues:  # context that does not locate
        if clue.kind == "context":
            for name in clue.names:
                build.topo(clue, name, "context", clue.note)
    for clue in clues:  # countries
        if clue.kind == "country" and clue.relation == "mentioned":  # named in passing: a border it may be about
            build.mentioned_countries.update(clue.names)
        elif clue.kind == "country":
            build.countries.update(clue.names)
    _regions(build, clues)
    _districts(build, clues)
    _places(build, clues)
    _bare_names(build, clues)
    _borders(build, clues)
    _country_of_places(build)


def _quote(clue: Clue) -> str:
    return f"'{clue.text.strip()}'"


def _regions(build: Builder, clues: list[Clue]) -> None:
    named: list[str] = []
    first: Clue | None = None
    for clue in clues:
        if clue.kind == "boundary":
            codes = [build.region_code(clue, n) for n in clue.names]
            if None in codes:
                continue
            a, b = [c for c in codes if c is not None]
            build.regions.update({a: clue.span, b: clue.span})
            build.add(InRegions((a, b), f"{_quote(clue)}: in one of the two regions"), clue)
            build.add(NearBoundary((a, b), settings.NEAR_BOUNDARY_KM,
                                   f"{_quote(clue)}: within {settings.NEAR_BOUNDARY_KM:g} km of their boundary"),
                      clue)
        elif clue.kind == "region":
            if clue.district_word == "area" and not _names_a_region(build, clue.names[0]):
                # "на Золочівщині": the area of a town, not a region; read on as the district of that town
                clue.kind, clue.district_word = "district", "hromada"
                clue.names = region_adjectives(clue.names[0])[:1] or clue.names
                continue
            for name in clue.names:
                code = build.region_code(clue, name)
                if code:
                    named.append(code)
                    first = first or clue
                    build.regions[code] = clue.span
        elif clue.kind == "region_part":
            code = build.region_code(clue, clue.names[0])
            if code:
                build.regions[code] = clue.span
                build.add(RegionPart(code, clue.part, f"{_quote(clue)}: the {clue.part} half of the region"), clue)
    if named and first is not None:
        build.add(InRegions(tuple(dict.fromkeys(named)), f"{_quote(first)}: in the region named"), first)
    elif build.countries and not build.regions:
        # not next(): when no clue is a country (a boundary clue naming one unknown region), this raises
        # IndexError, and next() would raise StopIteration instead
        country = [c for c in clues if c.kind == "country"][0]  # noqa: RUF015
        build.add(InRegions(tuple(sorted(build.countries)), f"{_quote(country)}: in the country named"), country)


def _names_a_region(build: Builder, name: str) -> bool:
    try:
        build.b.find(name)
    except UnknownRegionError:
        return False
    return True


def _districts(build: Builder, clues: list[Clue]) -> None:
    for clue in clues:
        if clue.kind != "district":
            continue
        community = clue.district_word in ("hromada", "community", "territorial community", "municipality")
        centres: list[tuple[Place, float]] = []
        regions = dict(build.regions)  # a list of districts lies mostly in one region: the first one's helps the rest
        for name in clue.names:
            found = build.g.district_centre(name, countries=build.countries, regions=regions)
            if found.status == "ambiguous":
                found = build.prefer(found)
            if found.place is None:
                status = "ambiguous" if found.status == "ambiguous" else "unresolved"
                build.topo(clue, name, status, found.note, [p.label() for p in found.candidates[:10]])
                continue
            centre = found.place
            if not build.plausible(centre):  # "Глушківського району" is not the Glusk of Mogilev oblast
                build.topo(clue, name, "unresolved", f"{found.note}; not used: far from the regions, places and "
                                                     f"borders the text names")
                continue
            radius = (settings.COMMUNITY_RADIUS_KM if community
                      else settings.DISTRICT_RADIUS_KM.get(centre.country, 25.0))
            build.topo(clue, name, "used", found.note)
            centres.append((centre, radius))
            if centre.region:
                regions.setdefault(centre.region, clue.span)
        if not centres:
            continue
        build.district_centres.extend(centres)
        if len(centres) == 1:
            (centre, radius), = centres
            build.add(NearPlace(centre.name, centre.lon, centre.lat, 0.0, radius,
                                reason=f"{_quote(clue)}: within {radius:g} km of its centre {centre.name}"), clue)
        else:  # "Білопільська, Краснопільська та Миропільська громади": in one or more of them
            build.add(AnyOfPlaces(tuple(c.name for c, _ in centres), tuple((c.lon, c.lat) for c, _ in centres),
                                  tuple(r for _, r in centres),
                                  f"{_quote(clue)}: in any of the districts, each within its radius of its centre"),
                      clue)
        new_regions = tuple(dict.fromkeys(c.region for c, _ in centres if c.region and c.region not in build.regions))
        if new_regions:
            build.regions.update(dict.fromkeys(new_regions, clue.span))
            build.add(InRegions(new_regions, f"{_quote(clue)}: the district lies in the region of its centre"
                                if len(centres) == 1 else f"{_quote(clue)}: the districts lie in the regions of "
                                                          f"their centres"), clue)
        build.countries.update(c.country for c, _ in centres)


def _places(build: Builder, clues: list[Clue]) -> None:
    """The places named, those of one name first: a name many places share is resolved once the others are
    placed ("Antonivka, a village in the suburbs of Kherson": the Antonivka by Kherson)."""
    resolved: dict[str, Place | None] = {}
    places_named = [c for c in clues if c.kind == "place"]
    shared = [c for c in places_named if any(build.g.namesakes(n) > 1 for n in c.names)]
    for clue in [c for c in places_named if c not in shared] + shared:
        if clue.describes and resolved.get(clue.describes) is not None:
            build.topo(clue, clue.names[0], "context",
                       f"describes {clue.describes}, which is already placed; not used as a constraint")
            continue
        places = [build.resolve(clue, n) for n in clue.names]
        for n, p in zip(clue.names, places, strict=True):
            resolved[n] = p
        known = [p for p in places if p is not None]
        several = clue.relation in ("in", "near") and len(clue.names) > 1  # "in A and B": those resolved, listed
        if not known and clue.relation == "in" and len(clue.names) == 1:
            _as_region(build, clue, clue.names[0])  # "в Подмосковье": no place, a region's name
        if clue.relation == "between" and len(known) == 1:  # one end unknown: near the other, a claim
            (p,) = known
            r = settings.settlement_radius_km(p.population)
            other = next(n for n, q in zip(clue.names, places, strict=True) if q is None)
            build.countries.add(p.country)
            build.weak_places.add(p.name)
            build.add(NearPlace(p.name, p.lon, p.lat, 0.0, r + settings.NEAR_PLACE_KM,
                                reason=f"{_quote(clue)}: {other!r} not placed, so near {p.name}: settlement radius "
                                       f"{r:g} km + {settings.NEAR_PLACE_KM:g} km"), clue)
            continue
        if not known or (None in places and not several):
            continue
        for p in known:
            build.countries.add(p.country)
        _place_constraint(build, clue, known)


def _as_region(build: Builder, clue: Clue, name: str) -> None:
    """A name read as a place that no place has but a region does ("в Подмосковье"): in that region."""
    try:
        found = build.b.find(name, suggest=False)
    except UnknownRegionError:
        return
    unit = build.b.units[found]
    code = unit.get("iso_3166_2") or unit["country"]
    if unit.get("kind") != "region" or not code:
        return
    if build.toponyms and build.toponyms[-1].text == name and build.toponyms[-1].status == "unresolved":
        build.toponyms.pop()
    build.topo(clue, name, "used", f"region {build.b.label(found)}: no place of that name, a region's")
    build.regions.setdefault(code, clue.span)
    build.add(InRegions((code,), f"{_quote(clue)}: in the region named"), clue)
    build.countries.add(unit["country"])


_CAPITALISED = re.compile(rf"(?<![\w’'-]){NAME}")
_NOT_PLACES = frozenset(w.lower() for w in (
    "Governor", "President", "Minister", "Ministry", "Mayor", "Head", "Chief", "General", "Colonel", "Army",
    "Forces", "Armed", "Defence", "Defense", "Telegram", "Reuters", "Interfax", "Ukrinform", "Suspilne", "Kremlin",
    "Police", "Service", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "He", "She", "It", "They", "We", "I", "A", "The", "This", "That", "There", "According"))


_GENERIC = re.compile(r"^(?:nov|star|krasn|bol|mal|verkh|nizh|sredn|ust|pervo|vtor|chervon|zelen|belo|bil|cherno|"
                      r"kamen|pokrov|mykhail|mikhail|ivan|petr|olek|alek)")
"""Skeleton starts of the generic first words of village names ("Novaya", "Krasnyi", "Velykyi"...), not tried
alone when part of a longer capitalised run."""


def _bare_names(build: Builder, clues: list[Clue]) -> None:
    """Names the gazetteer knows exactly that no frame read ("Sudzha came under fire", "the shelling of
    Zolochiv"): each becomes a place the event was at, weighed like a claim (a bare name may also be a person or
    a place mentioned in passing: one that contradicts the other facts is set aside). Names already read, country
    names, titles, months and days are skipped; so is any word the gazetteer does not know exactly."""
    covered = bytearray(len(build.text) + 1)  # 1 where a clue was read: linear however many clues a long text has
    for a, b in (c.span for c in clues):
        covered[a:b] = b"\x01" * (b - a)
    placed = {p.name for p in build.placed}
    for m in _CAPITALISED.finditer(build.text):
        if 1 in covered[m.start():m.end()]:
            continue
        words = m[0].rstrip(".").split()  # "Moscow." of a dateline
        # the whole run ("Novaya Tavolshanka"), else its shorter runs, longest first ("Велику Писарівку КАБами",
        # "Governor Gladkov"), but not the generic first word of a longer name ("Novaya", "Krasnyi") on its own
        windows = [(i, i + n) for n in range(len(words), 0, -1) for i in range(len(words) - n + 1)]
        for start, end in windows:
            name = " ".join(words[start:end])
            part = end - start < len(words)
            if (len(name) < 4 or name.lower() in _NOT_PLACES or country_code(name) or is_function_word(name)
                    or not build.g.knows(name) or (part and _GENERIC.match(skeleton(name)))):
                continue
            offset = m.start() + len(" ".join(words[:start])) + (1 if start else 0)
            clue = Clue("place", (offset, offset + len(name)), name, names=[name], relation="mentioned")
            before = len(build.toponyms)
            place = build.resolve(clue, name)
            if place is None and part:  # a word of a longer name that fits several places: no toponym at all
                del build.toponyms[before:]
                continue
            if place is not None and not build.near_a_border_of_interest(place):
                build.toponyms.pop()  # resolve() said "used"
                build.placed.remove(place)
                build.topo(clue, name, "context", f"{place.label()} is over {settings.BARE_NAME_BORDER_KM:g} km "
                                                  f"from the borders the text is about: named bare, not taken")
                place = None
            if place is not None and place.name not in placed:
                placed.add(place.name)
                build.weak_places.add(place.name)
                build.countries.add(place.country)  # the side of a border named later ("the Russian border")
                _place_constraint(build, clue, [place])
            break


def _country_of_places(build: Builder) -> None:
    """With no region or country constraint, places that all lie in one country put the event in that country:
    "near Sudzha" or "between Sudzha and Glushkovo" do not reach across the border."""
    if any(isinstance(c, InRegions) for c, _ in build.constraints):
        return
    placed = [(c, span) for c, span in build.constraints if isinstance(c, (NearPlace, Between, AnyOfPlaces))]
    countries = {country for country in (build.b.country_at(*pt) for c, _ in placed for pt in _points(c))}
    country = next(iter(countries)) if len(countries) == 1 else None
    if country is not None:
        first = min(span for _, span in placed)
        words = build.text[first[0]:first[1]].strip()
        build.add_at(InRegions((country,), f"'{words}': every place named is in {country}"), first)


def _points(c: NearPlace | Between | AnyOfPlaces) -> list[tuple[float, float]]:
    return [(c.lon, c.lat)] if isinstance(c, NearPlace) else list(c.points)


def _check_distance(clue: Clue) -> None:
    d = clue.distance
    if d is not None and d.low_km > settings.MAX_DISTANCE_KM:
        value = f"{d.value_km:g} km" if math.isfinite(d.value_km) else "a distance of over 300 digits"
        raise EmptyGeometryError(f"{_quote(clue)}: {value} is longer than any distance on Earth "
                                 f"({settings.MAX_DISTANCE_KM:,.0f} km)")
    if d is not None and d.value_km == 0:
        raise EmptyGeometryError(f"{_quote(clue)}: a distance of 0 km locates nothing; write 'in X' or 'at the "
                                 f"border' instead")


def _place_constraint(build: Builder, clue: Clue, places: list[Place]) -> None:
    q = _quote(clue)
    _check_distance(clue)
    if clue.relation == "between":
        a, b = places
        build.add(Between((a.name, b.name), ((a.lon, a.lat), (b.lon, b.lat)), settings.BETWEEN_FACTOR,
                          f"{q}: the ellipse with foci at the two places, distance sum <= "
                          f"{settings.BETWEEN_FACTOR:g} x their distance"), clue)
        return
    if len(places) > 1:  # "in A, B and C", "near the villages of A and B": at or near one or more of them
        margin = settings.NEAR_PLACE_KM if clue.relation == "near" else settings.IN_PLACE_MARGIN_KM
        radii = [settings.settlement_radius_km(p.population) + margin for p in places]
        build.add(AnyOfPlaces(tuple(p.name for p in places), tuple((p.lon, p.lat) for p in places), tuple(radii),
                              f"{q}: {'near' if clue.relation == 'near' else 'at'} any of the places, each within its "
                              f"settlement radius + {margin:g} km"), clue)
        return
    (p,) = places
    r = settings.settlement_radius_km(p.population)
    bearing = _bearing(clue.bearing)
    spread = settings.SECTOR_HALF_ANGLE_DEG
    if clue.relation == "distance":
        d = clue.distance
        assert d is not None
        low, road = d.low_km, ""
        if d.value_km >= settings.ROAD_DISTANCE_MIN_KM:  # long distances from a town are mostly by road
            low = d.low_km / settings.ROAD_DISTANCE_FACTOR
            road = f", from {low:.3g} km as a road distance may be {settings.ROAD_DISTANCE_FACTOR:g}x the straight line"
        build.add(NearPlace(p.name, p.lon, p.lat, low, d.high_km, bearing, spread,
                            f"{q}: {d.describe()}{road}" + (f", +/-{spread:g} deg of {clue.bearing}"
                                                            if bearing is not None else "")), clue)
    elif clue.relation == "direction":
        build.add(NearPlace(p.name, p.lon, p.lat, r, settings.DIRECTION_MAX_KM, bearing, spread,
                            f"{q}: beyond the settlement (radius {r:g} km), up to {settings.DIRECTION_MAX_KM:g} km, "
                            f"+/-{spread:g} deg of {clue.bearing}"), clue)
    elif clue.relation == "near":
        build.add(NearPlace(p.name, p.lon, p.lat, 0.0, r + settings.NEAR_PLACE_KM,
                            reason=f"{q}: settlement radius {r:g} km + {settings.NEAR_PLACE_KM:g} km"), clue)
    elif clue.relation == "outskirts":
        build.add(NearPlace(p.name, p.lon, p.lat, r / 2, r + settings.OUTSKIRTS_KM,
                            reason=f"{q}: from half the settlement radius ({r:g} km) to {settings.OUTSKIRTS_KM:g} km "
                                   f"beyond it"), clue)
    elif clue.relation == "suburb":
        build.add(NearPlace(p.name, p.lon, p.lat, 0.0, r + settings.SUBURB_KM,
                            reason=f"{q}: within the settlement radius {r:g} km + {settings.SUBURB_KM:g} km (a suburb "
                                   f"may be a village of its own)"), clue)
    else:  # in, at, and a bare mention
        mention = " (named without a relation)" if clue.relation == "mentioned" else ""
        build.add(NearPlace(p.name, p.lon, p.lat, 0.0, r + settings.IN_PLACE_MARGIN_KM,
                            reason=f"{q}{mention}: within the settlement radius {r:g} km (from population "
                                   f"{p.population:,}) + {settings.IN_PLACE_MARGIN_KM:g} km"), clue)


def _bearing(direction: str) -> float | None:
    return COMPASS.get(direction) if direction else None


def _borders(build: Builder, clues: list[Clue]) -> None:
    for clue in clues:
        if clue.kind != "border":
            continue
        spec, why = _border_spec(build, clue)
        if spec is None:
            build.topo(clue, clue.text.strip(), "unresolved", why)
            continue
        q = _quote(clue)
        _check_distance(clue)
        if clue.relation == "inside":
            build.add(InRegions((_clue_country(clue),), f"{q}: on that country's side"), clue)
        d = clue.distance
        if d is not None:
            build.add(BorderDistance(spec, d.low_km, d.high_km, f"{q}: {d.describe()}; {why}"), clue)
        elif clue.relation == "village":
            build.add(BorderDistance(spec, 0.0, settings.BORDER_VILLAGE_KM,
                                     f"{q} village, town or area: within {settings.BORDER_VILLAGE_KM:g} km; {why}"),
                      clue)
        elif clue.relation in ("on", "at"):
            build.add(BorderDistance(spec, 0.0, settings.ON_BORDER_KM,
                                     f"{q}: within {settings.ON_BORDER_KM:g} km; {why}"), clue)
        elif clue.relation:
            build.add(BorderDistance(spec, 0.0, settings.NEAR_BORDER_KM,
                                     f"{q}: within {settings.NEAR_BORDER_KM:g} km; {why}"), clue)
        else:
            build.topo(clue, clue.text.strip(), "context", "a border named without a distance or 'near/on'")


def _clue_country(clue: Clue) -> str:
    return country_code(clue.adj) or ""


def _border_spec(build: Builder, clue: Clue) -> tuple[str | None, str]:
    """The border a clue means, as a spec for :meth:`Boundaries.border`, and why."""
    named = [c for c in (country_code(clue.adj) if clue.adj else None, country_code(clue.adj2) if clue.adj2 else None)
             if c]
    with_code = country_code(clue.with_) if clue.with_ else None
    side = sorted(build.countries)
    if clue.with_ and with_code is None:  # "the border with Kursk Oblast": a region on the other side
        try:
            found = build.b.find(clue.with_)
        except UnknownRegionError as exc:
            return None, str(exc)
        unit = build.b.units[found]
        code = unit.get("iso_3166_2") or unit["country"]
        inner = [r for r in build.regions if r != code and r.split("-")[0] == unit["country"]]
        if inner:  # "в Брянской области на границе с Курской областью": the boundary of the two regions
            return f"{inner[0]}/{code}", f"the boundary of {inner[0]} with {build.b.label(found)}"
        own = [c for c in side if c != unit["country"]] or [c for c in named if c != unit["country"]]
        if not own:
            other = [c for c in settings.DEFAULT_BORDER.split("-") if c != unit["country"]]
            own = other[:1]
            note = f"no side named: {own[0]}, the other side of the default border"
        else:
            note = f"from {own[0]}"
        return (f"{own[0]}/{unit.get('iso_3166_2') or unit['country']}",
                f"the border of {own[0]} with {build.b.label(found)} ({note})")
    if with_code:
        named.append(with_code)
    named = list(dict.fromkeys(named))
    if len(named) >= 2:
        return f"{named[0]}-{named[1]}", f"the {named[0]}-{named[1]} border"
    if len(named) == 1:
        others = [c for c in side if c != named[0]]
        if others:
            return f"{others[0]}-{named[0]}", f"the {others[0]}-{named[0]} border (the event is in {others[0]})"
        if clue.relation == "inside":
            return named[0], f"any land border of {named[0]}"
        return named[0], f"any land border of {named[0]} (no other country named)"
    if len(side) == 1:
        return side[0], f"any land border of {side[0]}, the country of the places named"
    return settings.DEFAULT_BORDER, f"no country named: the default {settings.DEFAULT_BORDER} border"
