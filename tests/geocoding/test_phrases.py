"""Location phrases written by the team, each read into constraints and checked against the embedded data.

Every row states what the phrase must give: the constraints (kind, border, range, place, bearing), and properties
of the resulting geometry checked independently: vertex distances to the border with GeographicLib, bearings and
distances from the named place with pyproj.Geod, containment in the named region.
"""

from __future__ import annotations

import math

import pytest
import shapely

from geoevents.errors import EmptyGeometryError
from geoevents.geocoding.geocoder import geocode
from geoevents.geometry.geodesy import GEOD
from geodesic_reference import distance_to_line_m

TOL_M = 60.0  # polygonisation of buffers and sectors: well under this

CASES = [
    # --- distances and qualifiers, to a border -------------------------------------------------------------
    ("near the border of Kursk and Bryansk regions in Russia, approximately seven kilometres from the Ukrainian "
     "border", dict(regions={"RU-KRS", "RU-BRY"}, border=("RU-UA", 5, 9), boundary=("RU-KRS", "RU-BRY", 15),
                    band=(5, 9))),
    ("in Kursk region, about 7 km from the Ukrainian border", dict(regions={"RU-KRS"}, border=("RU-UA", 5, 9),
                                                                    band=(5, 9), inside="RU-KRS")),
    ("in Kursk region, some 12 km from the border with Ukraine", dict(border=("RU-UA", 9, 15), band=(9, 15))),
    ("in Kursk region, roughly 20 km from the Ukrainian frontier", dict(border=("RU-UA", 15, 25), band=(15, 25))),
    ("in Bryansk region, around twenty-five kilometres from the Ukrainian border",
     dict(border=("RU-UA", 18.75, 31.25), regions={"RU-BRY"})),
    ("Belgorod region, seven kilometers from the Ukrainian border", dict(border=("RU-UA", 6, 8), band=(6, 8),
                                                                         regions={"RU-BEL"})),
    ("in Kursk Oblast, 5-10 km from the Ukrainian border", dict(border=("RU-UA", 5, 10), band=(5, 10))),
    ("in Kursk Oblast, 5 to 10 kilometres from the Ukrainian border", dict(border=("RU-UA", 5, 10))),
    ("in Kursk Oblast, between 5 and 10 km from the Ukrainian border", dict(border=("RU-UA", 5, 10))),
    ("in Kursk region, less than 3 km from the Ukrainian border", dict(border=("RU-UA", 0, 3), band=(0, 3))),
    ("in Kursk region, under 3 km from the Ukrainian border", dict(border=("RU-UA", 0, 3))),
    ("in Kursk region, up to 4 km from the Ukrainian border", dict(border=("RU-UA", 0, 4))),
    ("in Kursk region, within 10 km of the Ukrainian border", dict(border=("RU-UA", 0, 10), band=(0, 10))),
    ("in Kursk region, no more than 2 km from the Ukrainian border", dict(border=("RU-UA", 0, 2))),
    ("in Kursk region, more than 30 km from the Ukrainian border", dict(border=("RU-UA", 30, math.inf),
                                                                        band=(30, math.inf), inside="RU-KRS")),
    ("in Kursk region, at least 40 km from the Ukrainian border", dict(border=("RU-UA", 40, math.inf))),
    ("in Kursk region, over 50 km from the Ukrainian border", dict(border=("RU-UA", 50, math.inf))),
    ("in Kursk region, nearly 10 km from the Ukrainian border", dict(border=("RU-UA", 7.5, 10), band=(7.5, 10))),
    ("in Sumy region, 3 miles from the Russian border", dict(border=("UA-RU", 4.828032 - 1, 4.828032 + 1),
                                                             miles=4.83)),
    ("in Sumy region, about 2 miles from the Russian border", dict(miles=3.22)),
    ("in Kursk region, 800 m from the Ukrainian border", dict(border=("RU-UA", 0.4, 1.2), band=(0.4, 1.2))),
    ("in Kursk region, 1,5 km from the border", dict(border=("RU", 0.75, 2.25))),
    ("in Sumy region, 4 mi from the border", dict(border=("UA", 6.437376 - 1, 6.437376 + 1))),
    ("in Sumy region, a few kilometres from the Russian border", dict(border=("UA-RU", 2, 5), band=(2, 5))),
    ("in Kursk region, several hundred metres from the Ukrainian border", dict(border=("RU-UA", 0.3, 0.9),
                                                                               band=(0.3, 0.9))),
    ("in Bryansk region, a couple of miles from the Ukrainian frontier", dict(border=("RU-UA", 2.414016, 4.828032))),
    ("a border village in Sumy region came under fire", dict(border=("UA", 0, 15), band=(0, 15), inside="UA-59")),
    ("shelling of border areas of Kharkiv region", dict(border=("UA", 0, 15), inside="UA-63")),
    # --- which border ---------------------------------------------------------------------------------------
    ("in Bryansk region, within 10 km of Russia's border with Ukraine", dict(border=("RU-UA", 0, 10))),
    ("in Bryansk region, within 10 km of the Russian-Ukrainian border", dict(border=("RU-UA", 0, 10))),
    ("in Sumy region, 5 km from the border with Kursk Oblast", dict(border=("UA/RU-KRS", 4, 6), inside="UA-59",
                                                                     band_of=("UA/RU-KRS", 4, 6))),
    ("in Chernihiv region, about 10 km from the Belarusian border", dict(border=("UA-BY", 7.5, 12.5))),
    ("in Kursk region, 6 km from the frontier", dict(border=("RU", 5, 7))),
    ("in Russia's Kursk region, 6 km from the border", dict(border=("RU", 5, 7), regions={"RU-KRS"})),
    ("10 km inside Russian territory, Kursk region", dict(border=("RU", 9, 11), regions={"RU", "RU-KRS"})),
    ("in Kursk region near the border", dict(border=("RU", 0, 20))),
    ("in Kursk region on the border", dict(border=("RU", 0, 5))),
    ("about 7 km from the border", dict(border=("RU-UA", 5, 9))),  # nothing else named: the default border
    # --- regions, parts, countries ---------------------------------------------------------------------------
    ("in Kursk Oblast", dict(regions={"RU-KRS"}, inside="RU-KRS", precision=(3, 4, 5))),
    ("in Kurskaya oblast", dict(regions={"RU-KRS"})),
    ("Курская область", dict(regions={"RU-KRS"})),
    ("in Sumska oblast", dict(regions={"UA-59"})),
    ("in the Kursk and Bryansk regions", dict(regions={"RU-KRS", "RU-BRY"})),
    ("in northern Kharkiv region", dict(part=("UA-63", "north"), inside="UA-63", extent=("UA-63", "north"))),
    ("in the south of Kursk Oblast", dict(part=("RU-KRS", "south"), extent=("RU-KRS", "south"))),
    ("in south-western Bryansk oblast", dict(part=("RU-BRY", "south-west"))),
    ("in eastern Sumy region", dict(part=("UA-59", "east"), extent=("UA-59", "east"))),
    ("somewhere in Belarus", dict(regions={"BY"}, precision=(3, 6, 1))),
    # --- districts and communities ---------------------------------------------------------------------------
    ("in the Glushkovsky district of Kursk region", dict(place=("Glushkovo", 0, 25, None), regions={"RU-KRS"},
                                                          inside="RU-KRS")),
    ("Sudzhansky district, Kursk region", dict(place=("Sudzha", 0, 25, None))),
    ("in Sudzhansky", dict(place=("Sudzha", 0, 25, None), regions={"RU-KRS"})),
    ("Klimovsky district, Bryansk region", dict(place=("Klimovo", 0, 25, None), regions={"RU-BRY"})),
    ("in Shostka district", dict(place=("Shostka", 0, 35, None), regions={"UA-59"})),
    ("in the Seredyna-Buda hromada", dict(place=("Seredyna-Buda", 0, 12, None), inside="UA-59")),
    ("Seredina-Buda community, Sumy region", dict(place=("Seredyna-Buda", 0, 12, None))),
    ("in the Rylsky district", dict(place=("Ryl", 0, 25, None))),
    # --- places and relations ------------------------------------------------------------------------------
    ("in Sudzha", dict(place=("Sudzha", 0, 2.317, None), precision=(1, 1, 4))),
    ("at Tyotkino", dict(place=("Tëtkino", 0, None, None))),
    ("in Tetkino, Kursk region", dict(place=("Tëtkino", 0, None, None))),
    ("near Tjotkino", dict(place=("Tëtkino", 0, None, None))),
    ("near Тёткино", dict(place=("Tëtkino", 0, None, None))),
    ("in Sudza", dict(place=("Sudzha", 0, None, None))),
    ("in Glukhov", dict(place=("Hlukhiv", 0, None, None))),
    ("near Krasnopolye, Sumy region", dict(place=("Krasnopillya", 0, None, None))),
    ("near Krasnopillia, Sumy Oblast", dict(place=("Krasnopillya", 0, None, None))),
    ("on the outskirts of Sumy", dict(place=("Sumy", 8.006 / 2, 8.006 + 3, None))),
    ("just outside Kursk", dict(place=("Kursk", None, None, None))),
    ("12 km north-west of Sumy", dict(place=("Sumy", 10.8, 13.2, 315.0), sector=("Sumy", 315.0, 10.8, 13.2))),
    ("about 20 km south of Kursk", dict(place=("Kursk", 15, 25, 180.0), sector=("Kursk", 180.0, 15, 25))),
    ("8 km east of Glushkovo", dict(place=("Glushkovo", 7, 9, 90.0), sector=("Glushkovo", 90.0, 7, 9))),
    ("north of Sumy", dict(place=("Sumy", 8.006, 50, 0.0), sector=("Sumy", 0.0, 8.006, 50))),
    ("between Sudzha and Glushkovo", dict(between=("Sudzha", "Glushkovo"), precision=(2, 5, 5))),
    ("between the villages of Tyotkino and Glushkovo", dict(between=("Tëtkino", "Glushkovo"))),
    ("a drone hit a car on the Sudzha-Korenevo highway", dict(between=("Sudzha", "Korenevo"))),  # a road's two ends
    ("on the Belgorod–Shebekino road", dict(between=("Belgorod", "Shebekino"))),
    ("a missile hit the centre of Kharkiv", dict(place=("Kharkiv", 0, None, None))),  # in the city, no direction
    # --- context, description, ambiguity, fallback -------------------------------------------------------------
    ("in Vovchansk, 40 km north of Kharkiv", dict(place=("Vovchansk", 0, None, None),
                                                 toponym=("Kharkiv", "context"))),
    ("SUMY, Oct 3 (Wire) - in Shostka", dict(place=("Shostka", 0, None, None), toponym=("Sumy", "context"))),
    ("in Shostka, which borders Bryansk region", dict(place=("Shostka", 0, None, None),
                                                      toponym=("Bryansk region", "context"), no_region="RU-BRY")),
    ("drones launched from Bryansk region struck Shostka",
     dict(place=("Shostka", 0, None, None), toponym=("Bryansk region", "context"), no_region="RU-BRY")),
    ("Alekseevka, Glushkovsky district, Kursk region", dict(place=("Glushkovo", 0, 25, None),
                                                           toponym=("Alekseevka", "unresolved"), inside="RU-KRS",
                                                           precision=(2, 3, 5))),
    ("near Zzyzxovka, Kursk region", dict(regions={"RU-KRS"}, toponym=("Zzyzxovka", "unresolved"),
                                          precision=(3, 4, 5))),
    ("in Alekseevka", dict(error="Alekseevka")),
    # a claim that contradicts the place named is set aside, measured; hard facts that exclude each other fail
    ("in Sumy, 300 km from the Ukrainian border", dict(set_aside="the area is 19-37 km from the UA border")),
    ("near Sudzha, 30 km from the border", dict(widened="widened to 10.5-49.5 km")),  # leaves a third of the circle
    ("near Sudzha, 40 km from the border", dict(set_aside="the area is 0-18 km from the RU border")),  # it would graze it
    ("in northern Kursk region, in Sudzha", dict(error="the places named exclude each other")),
]


def _sample(geom, n=80):
    coords = shapely.get_coordinates(geom)
    step = max(1, len(coords) // n)
    return coords[::step]


def _kind(result, kind):
    return [c for c in result.event.constraints if c.kind == kind]


@pytest.mark.parametrize("phrase,expect", CASES, ids=[c[0][:60] for c in CASES])
def test_phrase(phrase, expect, boundaries, gazetteer):
    if "error" in expect:
        with pytest.raises(EmptyGeometryError, match=expect["error"]):
            geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
        return
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    loc = result.event.location
    geom = loc.geometry
    if "set_aside" in expect:  # in the trace, not among the constraints
        (note,) = result.set_aside
        assert note in loc.trace and expect["set_aside"] in note.reason + note.constraint
        assert not _kind(result, "border_distance")
    if "widened" in expect:
        assert any(expect["widened"] in c.reason for c in result.event.constraints) and not result.set_aside
    assert not geom.is_empty and shapely.contains(geom, loc.point)
    # every constraint points back into the text
    for constraint, (start, end) in zip(result.event.constraints, result.spans):
        assert 0 <= start < end <= len(phrase) and phrase[start:end].strip()
        assert phrase[start:end].strip() in constraint.reason
    if "regions" in expect:
        named = {code for c in _kind(result, "in_regions") for code in c.regions}
        assert named == expect["regions"]
    if "border" in expect:
        spec, lo, hi = expect["border"]
        (c,) = _kind(result, "border_distance")
        assert set(spec.replace("/", "-").split("-")) == set(c.border.replace("/", "-").split("-"))
        assert c.min_km == pytest.approx(lo, abs=1e-6) and c.max_km == pytest.approx(hi, abs=1e-6)
    if "miles" in expect:
        (c,) = _kind(result, "border_distance")
        assert round((c.min_km + c.max_km) / 2, 2) == expect["miles"]
    if "band" in expect or "band_of" in expect:
        spec, lo, hi = expect.get("band_of") or ("RU-UA", *expect["band"])
        line = boundaries.border(spec)
        d = [distance_to_line_m(x, y, line) / 1000 for x, y in _sample(geom)]
        assert min(d) >= lo - TOL_M / 1000
        if math.isfinite(hi):
            assert max(d) <= hi + TOL_M / 1000
    if "inside" in expect:
        assert shapely.covers(shapely.buffer(boundaries.area(expect["inside"]), 1e-6), geom)
    if "no_region" in expect:
        assert not any(expect["no_region"] in c.regions for c in _kind(result, "in_regions"))
        assert shapely.intersection(geom, boundaries.area(expect["no_region"])).area < 1e-9
    if "boundary" in expect:
        a, b, km = expect["boundary"]
        (c,) = _kind(result, "near_boundary")
        assert set(c.between) == {a, b} and c.within_km == km
    if "part" in expect:
        (c,) = _kind(result, "region_part")
        assert (c.region, c.part) == expect["part"]
    if "extent" in expect:  # the part lies on the named side of the region's centre
        code, part = expect["extent"]
        region = boundaries.area(code)
        c = region.centroid
        az = GEOD.inv(c.x, c.y, loc.point.x, loc.point.y)[0] % 360
        want = {"north": 0, "south": 180, "east": 90, "west": 270}[part]
        assert min(abs(az - want), 360 - abs(az - want)) < 60
    if "place" in expect:
        name, lo, hi, bearing = expect["place"]
        matches = [c for c in _kind(result, "near_place") if name in c.place]
        assert matches, [c.describe() for c in result.event.constraints]
        c = matches[0]
        if lo is not None:
            assert c.min_km == pytest.approx(lo, abs=1e-3)
        if hi is not None:
            assert c.max_km == pytest.approx(hi, abs=1e-3)
        assert c.bearing_deg == bearing
        # geometric check: every vertex within the ring around the place
        d = [GEOD.inv(c.lon, c.lat, x, y)[2] / 1000 for x, y in _sample(geom)]
        assert max(d) <= c.max_km + TOL_M / 1000
    if "sector" in expect:
        name, bearing, lo, hi = expect["sector"]
        (c,) = [c for c in _kind(result, "near_place") if name in c.place]
        for x, y in _sample(geom):
            az, _, dist = GEOD.inv(c.lon, c.lat, x, y)
            assert lo - TOL_M / 1000 <= dist / 1000 <= hi + TOL_M / 1000
            off = abs((az - bearing + 180) % 360 - 180)
            assert off <= 30.5
        az = GEOD.inv(c.lon, c.lat, loc.point.x, loc.point.y)[0]
        assert abs((az - bearing + 180) % 360 - 180) <= 30
    if "between" in expect:
        a, b = expect["between"]
        (c,) = _kind(result, "between")
        assert a in c.places[0] and b in c.places[1]
        (ax, ay), (bx, by) = c.points
        ab = GEOD.inv(ax, ay, bx, by)[2]
        for x, y in _sample(geom):
            s = GEOD.inv(ax, ay, x, y)[2] + GEOD.inv(bx, by, x, y)[2]
            assert s <= 1.25 * ab * 1.01
        mid = GEOD.npts(ax, ay, bx, by, 1)[0]
        assert shapely.contains(geom, shapely.Point(mid))
    if "toponym" in expect:
        name, status = expect["toponym"]
        assert any(name in t.text and t.status == status for t in result.toponyms), result.toponyms
    if "precision" in expect:
        p = result.precision
        assert (p.acled_geo_precision, p.ucdp_where_prec, p.gdelt_geo_type) == expect["precision"]


def test_at_least_sixty_phrases():
    assert len(CASES) >= 60


def test_seed_phrase_gives_the_seed_region(seed, boundaries, gazetteer):
    phrase = ("near the border of Kursk and Bryansk regions in Russia, approximately seven kilometres from the "
              "Ukrainian border")
    region = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer).event.location.geometry
    seed_region = seed.location.geometry
    # the same three constraints, applied in another order: equal up to vertex-level differences of clipping
    assert shapely.symmetric_difference(region, seed_region).area <= 1e-4 * seed_region.area


def test_ambiguous_name_lists_candidates(boundaries, gazetteer):
    result = geocode("near Krasnopillia, Kursk region", boundaries=boundaries, gazetteer=gazetteer)
    (topo,) = [t for t in result.toponyms if t.text == "Krasnopillia"]
    assert topo.status == "unresolved" and any("UA-59" in c for c in topo.candidates)
    with pytest.raises(EmptyGeometryError, match="ambiguous"):  # several, all near the Russian border
        geocode("near Mykolaivka", boundaries=boundaries, gazetteer=gazetteer)
    alone = geocode("near Krasnopillia", boundaries=boundaries, gazetteer=gazetteer)  # one of two by the border
    (used,) = [t for t in alone.toponyms if t.status == "used"]
    assert "taken: Krasnopillya (UA-59" in used.note and "borders the text is about" in used.note


def test_unknown_place_is_named_and_region_falls_back(boundaries, gazetteer):
    result = geocode("in Nowhereivka, Sumy region", boundaries=boundaries, gazetteer=gazetteer)
    assert [t.status for t in result.toponyms if t.text == "Nowhereivka"] == ["unresolved"]
    assert result.event.location.area_km2 == pytest.approx(
        geocode("Sumy region", boundaries=boundaries, gazetteer=gazetteer).event.location.area_km2)


# --- what a contradiction or an ambiguity is resolved with (team-written phrases) --------------------------------

def test_a_city_that_contradicts_the_village_is_read_as_its_region(boundaries, gazetteer):
    """'in Kursk' as the regional capital contradicts a village 2 km from the border; Kursk region does not."""
    result = geocode("Officials said the danger remains high in Kursk, where the village of Tyotkino, some 2 km "
                     "from the Ukrainian border, was shelled again", boundaries=boundaries, gazetteer=gazetteer)
    (note,) = result.set_aside
    assert note.constraint.startswith("read as a region: inside RU-KRS") and "'Kursk'" in note.reason
    assert {c.place for c in _kind(result, "near_place")} == {"Tëtkino"}
    assert shapely.covers(shapely.buffer(boundaries.area("RU-KRS"), 1e-6), result.event.location.geometry)


@pytest.mark.parametrize("phrase, region", [
    ("SUMY OBLAST — Shelling hit Krasnopillia overnight", "UA-59"),
    ("KHARKIV OBLAST — The Zolochiv community was shelled", "UA-63"),
])
def test_a_region_named_in_a_dateline_decides_an_ambiguous_name(phrase, region, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    (used,) = [t for t in result.toponyms if t.status == "used"]
    assert "the only one in the region the text names elsewhere" in used.note
    assert shapely.covers(shapely.buffer(boundaries.area(region), 0.05), result.event.location.point)


def test_a_region_named_elsewhere_in_the_report_decides_without_locating(boundaries, gazetteer):
    """The context names Chernihiv region: it picks the Ivanivka there, but is no constraint itself."""
    result = geocode("Shelling hit Ivanivka overnight", boundaries=boundaries, gazetteer=gazetteer,
                     context="Officials of Chernihiv region said schools would stay closed.")
    assert not _kind(result, "in_regions") or all("UA-74" not in c.regions for c in _kind(result, "in_regions"))
    assert shapely.covers(shapely.buffer(boundaries.area("UA-74"), 0.05), result.event.location.point)
    with pytest.raises(EmptyGeometryError, match="ambiguous"):  # without it, ambiguous: several by the border
        geocode("Shelling hit Ivanivka overnight", boundaries=boundaries, gazetteer=gazetteer)


# --- names the gazetteer knows, read without a frame (team-written phrases) ------------------------------------

@pytest.mark.parametrize("phrase, place", [
    ("Sudzha came under fire again, the governor said", "Sudzha"),
    ("The shelling of Zolochiv, Kharkiv region, went on all night", "Zolochiv"),
    ("Governor Gladkov said Shebekino was shelled twice", "Shebekino"),
    ("Моторошна ніч: Суджа знову під обстрілом", "Sudzha"),
])
def test_a_bare_name_the_gazetteer_knows_locates_the_event(phrase, place, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    (near,) = _kind(result, "near_place")
    assert near.place == place and "named without a relation" in near.reason
    _, _, metres = GEOD.inv(near.lon, near.lat, result.event.location.point.x, result.event.location.point.y)
    assert metres <= near.max_km * 1000 + TOL_M


def test_places_joined_by_and_are_each_a_possible_place(boundaries, gazetteer):
    """'in Myropillia and Krasnopillia': both are listed, and the event may be at either (the union of the two)."""
    result = geocode("Drones struck in Myropillia and Krasnopillia, Sumy region", boundaries=boundaries,
                     gazetteer=gazetteer)
    assert {t.text for t in result.toponyms if t.status == "used"} >= {"Myropillia", "Krasnopillia"}
    (both,) = _kind(result, "any_of_places")
    assert both.places == ("Myropillia", "Krasnopillya") and not result.set_aside
    geom = result.event.location.geometry
    for lon, lat in both.points:
        assert shapely.contains(geom, shapely.Point(lon, lat))  # each village is in the area
    for x, y in _sample(geom):  # and every point of the area is within the reach of one of them
        assert min(GEOD.inv(lon, lat, x, y)[2] / 1000 - km
                   for (lon, lat), km in zip(both.points, both.max_km, strict=True)) <= TOL_M / 1000


def test_an_unknown_place_in_a_list_is_listed_and_the_rest_used(boundaries, gazetteer):
    result = geocode("Shells hit Myropillia and Zzyzxivka, Sumy region", boundaries=boundaries, gazetteer=gazetteer)
    assert [c.place for c in _kind(result, "near_place")] == ["Myropillia"]
    (unknown,) = [t for t in result.toponyms if t.text == "Zzyzxivka"]
    assert unknown.status == "unresolved"


def test_a_bare_name_far_from_the_borders_is_context(boundaries, gazetteer):
    """A dateline's capital or any name met in passing far from the borders of interest is not taken."""
    result = geocode("Moscow. Officials said Sudzha was hit", boundaries=boundaries, gazetteer=gazetteer)
    assert [c.place for c in _kind(result, "near_place")] == ["Sudzha"]
    (moscow,) = [t for t in result.toponyms if t.text == "Moscow"]
    assert moscow.status == "context" and "named bare, not taken" in moscow.note


def test_a_country_adjective_is_not_a_region(boundaries, gazetteer):
    result = geocode("A drone attack in the western Russian region of Bryansk", boundaries=boundaries,
                     gazetteer=gazetteer)
    assert {code for c in _kind(result, "in_regions") for code in c.regions} == {"RU-BRY"}


def test_an_ambiguous_bare_name_is_decided_by_the_borders_the_text_is_about(boundaries, gazetteer):
    """Two Korenevos: the one by the Ukrainian border, not the one near Moscow."""
    result = geocode("Ночью Коренево снова попало под обстрел", boundaries=boundaries, gazetteer=gazetteer)
    (near,) = _kind(result, "near_place")
    assert near.place == "Korenevo"
    assert shapely.covers(shapely.buffer(boundaries.area("RU-KRS"), 0.01), result.event.location.point)
    (used,) = [t for t in result.toponyms if t.status == "used"]
    assert "the only one within 100 km of the borders the text is about" in used.note


def test_a_generic_first_word_is_not_read_alone(boundaries, gazetteer):
    """'Novaya Zzyzxovka' is unknown: its first word is not looked up by itself (it fits dozens of villages)."""
    with pytest.raises(EmptyGeometryError) as caught:
        geocode("Novaya Zzyzxovka was shelled overnight", boundaries=boundaries, gazetteer=gazetteer)
    assert "Novaya" not in str(caught.value).replace("Novaya Zzyzxovka", "")


def test_a_capital_that_contradicts_a_claim_is_read_as_its_region(boundaries, gazetteer):
    """'in Kursk, 2 km from the border': the city is 90 km from it, Kursk region is not."""
    result = geocode("Shelling was reported in Kursk, about 2 km from the Ukrainian border", boundaries=boundaries,
                     gazetteer=gazetteer)
    (note,) = result.set_aside
    assert note.constraint == "read as a region: inside RU-KRS" and "as the city contradicts" in note.reason
    assert _kind(result, "border_distance") and not _kind(result, "near_place")


def test_a_capital_named_with_a_place_inside_its_region_is_the_region(boundaries, gazetteer):
    """'shelling in Belgorod ... the Shebekino district': Belgorod region, not the city 30 km from Shebekino."""
    result = geocode("Deaths from shelling in Belgorod. The governor said the Shebekino district was under fire.",
                     boundaries=boundaries, gazetteer=gazetteer)
    assert {c.place for c in _kind(result, "near_place")} == {"Shebekino"}
    (note,) = result.set_aside
    assert note.constraint == "read as a region: inside RU-BEL" and "names Shebekino in it" in note.reason
    _, _, metres = GEOD.inv(36.92537, 50.41342, result.event.location.point.x, result.event.location.point.y)
    assert metres <= 25_000 + TOL_M


# --- reporting idioms (team-written phrases) ---------------------------------------------------------------------

@pytest.mark.parametrize("phrase, spec, low, high", [
    ("in Kursk region, 10 kilometers (6 miles) from the Ukrainian border", "RU-UA", 9, 11),
    ("in Sumy region, about 10 kilometres (6.2 miles) from the border", "UA", 7.5, 12.5),
    ("in Bryansk region, roughly 5 km (3 mi) from the Ukrainian frontier", "RU-UA", 3, 7),
])
def test_a_unit_conversion_in_brackets_is_read_past(phrase, spec, low, high, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    (c,) = _kind(result, "border_distance")
    assert c.border == spec and (c.min_km, c.max_km) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("phrase, place, low, high", [
    # 40 km and 50 km: long enough to be road distances, so the lower bound is divided by 1.3
    ("close to Kurchatov, some 40 km west of the regional capital city of Kursk", "Kursk", 30 / 1.3, 50),
    ("near Lebedyn, about 50 km south-west of the region capital, Sumy", "Sumy", 37.5 / 1.3, 62.5),
])
def test_a_distance_from_the_regional_capital_is_a_sector(phrase, place, low, high, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    (sector,) = [c for c in _kind(result, "near_place") if c.place == place]
    assert (sector.min_km, sector.max_km) == (pytest.approx(low), pytest.approx(high))
    assert sector.bearing_deg is not None and not result.set_aside
    for x, y in _sample(result.event.location.geometry):  # every point of the area is that far from the capital
        km = GEOD.inv(sector.lon, sector.lat, x, y)[2] / 1000
        assert low - 0.1 <= km <= high + 0.1


@pytest.mark.parametrize("phrase, place, region", [
    ("Ukraine's Sumy region came under fire near Myropillia", "Myropillia", "UA-59"),  # a possessive is no town
    ("Drones attacked Shostka, Ukraine's Sumy region, overnight", "Shostka", "UA-59"),
    ("in the Klimovsky District of Bryansk region", "Klimovo", "RU-BRY"),  # the district's centre, in its region
    ("a drone hit Sudzha's outskirts", "Sudzha", "RU-KRS"),
    ("the Russian border village of Tyotkino was shelled", "Tëtkino", "RU-KRS"),
    ("Belgorod region governor said Grayvoron was shelled", "Grayvoron", "RU-BEL"),  # a bare name within the region
])
def test_real_reporting_constructions(phrase, place, region, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    assert place in {c.place for c in _kind(result, "near_place")}
    assert shapely.covers(shapely.buffer(boundaries.area(region), 1e-6), result.event.location.geometry)
    assert not [t for t in result.toponyms if t.status == "used" and "Ukrayinsk" in t.note]


def test_a_suburb_decides_between_two_villages_of_one_name(boundaries, gazetteer):
    """Two Antonivkas in Kherson oblast: 'a suburb of Kherson' is a claim, and the village nearest Kherson is taken."""
    result = geocode("Russians struck Antonivka, a village in the suburbs of Kherson", boundaries=boundaries,
                     gazetteer=gazetteer)
    (village,) = [c for c in _kind(result, "near_place") if c.place == "Antonivka"]
    (suburb,) = [c for c in _kind(result, "near_place") if c.place == "Kherson"]
    assert "a suburb may be a village of its own" in suburb.reason
    km = GEOD.inv(suburb.lon, suburb.lat, village.lon, village.lat)[2] / 1000
    assert km <= suburb.max_km
    (used,) = [t for t in result.toponyms if t.text == "Antonivka"]
    assert "taken: Antonivka (UA-65, pop. 12,777)" in used.note and "Kherson" in used.note


def test_a_border_region_is_the_region_and_the_bare_capital_with_it(boundaries, gazetteer):
    """'shelling in Belgorod' with 'the Belgorod border region': the region, not the city."""
    result = geocode("Deaths from shelling in Belgorod. Shells fell again across the Belgorod border region.",
                     boundaries=boundaries, gazetteer=gazetteer)
    assert not _kind(result, "near_place")
    assert {code for c in _kind(result, "in_regions") for code in c.regions} == {"RU-BEL"}
    (note,) = result.set_aside
    assert "names the region, and not the city as a city" in note.reason


def test_a_spelling_match_far_from_everything_named_is_not_used(boundaries, gazetteer):
    """A garbled village name must not land on a look-alike at the other end of the country."""
    with pytest.raises(EmptyGeometryError) as caught:
        geocode("In Plaia, less than 25 kilometers from the border, a drone dropped explosives", boundaries=boundaries,
                gazetteer=gazetteer)
    assert "a distance from the border alone does not say where along it" in str(caught.value)


def test_a_city_named_as_a_city_stays_the_city(boundaries, gazetteer):
    """'the city of Belgorod' with 'Belgorod region' named: the city, as written."""
    result = geocode("A drone hit the city of Belgorod, in Belgorod region", boundaries=boundaries,
                     gazetteer=gazetteer)
    assert [c.place for c in _kind(result, "near_place")] == ["Belgorod"]
    assert result.event.location.area_km2 < 1_000


@pytest.mark.parametrize("phrase", ["Russian forces shelled 12 settlements in Sumy region, including Bilopillia, "
                                    "Krasnopillia and Velyka Pysarivka",
                                    "Several towns of Sumy region, such as Bilopillia, Krasnopillia and Velyka "
                                    "Pysarivka, came under fire"])
def test_places_listed_after_including_are_each_a_possible_place(phrase, boundaries, gazetteer):
    """"including A, B and C": the event may be at any of them, not at the first with the others set aside."""
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    (listed,) = _kind(result, "any_of_places")
    assert set(listed.places) == {"Bilopillia", "Krasnopillya", "Velyka Pysarivka"} and not result.set_aside
    geom = result.event.location.geometry
    for lon, lat in listed.points:
        assert shapely.contains(geom, shapely.Point(lon, lat))


@pytest.mark.parametrize("phrase, city, region", [
    ("A glide bomb hit a residential building in Kharkiv's Saltivskyi district", "Kharkiv", "UA-63"),
    ("Drones attacked Sumy's Kovpakivskyi district overnight", "Sumy", "UA-59"),
])
def test_a_district_of_a_city_is_in_the_city(phrase, city, region, boundaries, gazetteer):
    """"Kharkiv's Saltivskyi district": within the city (a city district that GeoNames lists as a place inside the
    city does not make the city's name mean its region)."""
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    found = gazetteer.resolve(city, regions=[region]).place
    near = [c for c in _kind(result, "near_place") if c.place == found.name]
    assert near and not result.set_aside  # the city as the city, not read as its region
    point = result.event.location.point
    assert GEOD.inv(found.lon, found.lat, point.x, point.y)[2] / 1000 <= near[0].max_km + TOL_M / 1000
    assert result.event.location.area_km2 <= math.pi * near[0].max_km ** 2 * 1.05


@pytest.mark.parametrize("phrase", ["Shelling hit Kursk's Sudzha district", "Shelling hit Russia's Sudzha district"])
def test_a_district_of_a_region_or_country_is_the_district(phrase, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    (district,) = [c for c in _kind(result, "near_place") if c.place == "Sudzha"]
    assert district.max_km >= 20
    sudzha = gazetteer.resolve("Sudzha", regions=["RU-KRS"]).place
    assert shapely.covers(shapely.buffer(result.event.location.geometry, 1e-6), shapely.Point(sudzha.lon, sudzha.lat))
    assert shapely.covers(shapely.buffer(boundaries.area("RU-KRS"), 1e-6), result.event.location.geometry)


@pytest.mark.parametrize("phrase, region, place", [
    ("Kursk Governor Alexei Smirnov said drones were shot down overnight", "RU-KRS", None),
    ("Two civilians were injured in Shebekino, Belgorod Governor Vyacheslav Gladkov said", "RU-BEL", "Shebekino"),
])
def test_a_governor_s_title_names_the_region_not_the_city(phrase, region, place, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    assert region in {r for c in _kind(result, "in_regions") for r in c.regions}
    assert [c.place for c in _kind(result, "near_place")] == ([place] if place else [])
    assert not result.set_aside


def test_the_words_of_a_governor_s_title_are_no_region(boundaries, gazetteer):
    result = geocode("Shelling hit Vovchansk, Regional Governor Oleh Syniehubov said", boundaries=boundaries,
                     gazetteer=gazetteer)
    assert [t.status for t in result.toponyms] == ["used"]  # Vovchansk; no "Regional" left unresolved


def test_near_a_list_of_villages_is_near_any_of_them(boundaries, gazetteer):
    result = geocode("Fighting went on near the villages of Tyotkino and Glushkovo", boundaries=boundaries,
                     gazetteer=gazetteer)
    (listed,) = _kind(result, "any_of_places")
    assert set(listed.places) == {"Tëtkino", "Glushkovo"} and min(listed.max_km) >= 10
    for (lon, lat), km in zip(listed.points, listed.max_km, strict=True):
        assert shapely.contains(result.event.location.geometry, shapely.Point(lon, lat))
