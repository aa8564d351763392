"""The seed event end to end: every vertex of its region checked against an independent geodesic reference."""

from __future__ import annotations

import shapely

import geoevents
from geodesic_reference import distance_to_line_m

TOL_M = 50.0


def _vertices(geom):
    return shapely.get_coordinates(geom)


def test_seed_vertices_lie_5_to_9_km_from_the_border(seed, boundaries):
    border = boundaries.border("RU-UA")
    coords = _vertices(seed.location.geometry)
    assert len(coords) > 20
    distances = [distance_to_line_m(x, y, border) for x, y in coords]
    assert min(distances) >= 5000 - TOL_M
    assert max(distances) <= 9000 + TOL_M
    # both edges of the band are really reached: the region is the band, not a sliver of it
    assert min(distances) < 5000 + TOL_M and max(distances) > 9000 - TOL_M


def test_seed_lies_in_kursk_or_bryansk_near_their_boundary(seed, boundaries):
    region = seed.location.geometry
    oblasts = shapely.union_all([boundaries.region("RU-KRS"), boundaries.region("RU-BRY")])
    assert shapely.covers(shapely.buffer(oblasts, 1e-9), region)
    assert shapely.intersects(region, boundaries.region("RU-KRS"))
    assert shapely.intersects(region, boundaries.region("RU-BRY"))
    boundary = boundaries.border("Kursk/Bryansk")
    assert max(distance_to_line_m(x, y, boundary) for x, y in _vertices(region)) <= 15000 + TOL_M


def test_representative_point_is_inside(seed):
    loc = seed.location
    assert shapely.contains(loc.geometry, loc.point)
    assert 50 < loc.area_km2 < 1000
    assert loc.radius_km > 0
    assert [t.constraint for t in loc.trace] == [c.describe() for c in seed.constraints]
    areas = [t.area_km2 for t in loc.trace]
    assert areas == sorted(areas, reverse=True)  # each constraint can only narrow the area


def test_seed_near_border_answers(seed, boundaries):
    (at7,) = geoevents.near_border([seed], boundaries, km=7)
    (at10,) = geoevents.near_border([seed], boundaries, km=10)
    (at3,) = geoevents.near_border([seed], boundaries, km=3)
    assert at7.status == "possible" and 0.2 < at7.fraction_within < 0.8
    assert at10.status == "certain" and at10.fraction_within == 1.0
    assert at3.status == "outside" and at3.fraction_within == 0.0
    assert abs(at7.min_km - 5) < TOL_M / 1000 and abs(at7.max_km - 9) < TOL_M / 1000
    assert at7.side == "RU"


def test_contradictory_constraints_name_the_culprit(boundaries):
    event = geoevents.Event("x", "far from the border, in Kursk", constraints=(
        geoevents.InRegions(("RU-KRS",)),
        geoevents.BorderDistance("RU-UA", 400, 500),
    ))
    try:
        geoevents.locate(event, boundaries)
    except geoevents.EmptyGeometryError as exc:
        assert "400-500 km from the RU-UA border" in str(exc)
        assert "inside RU-KRS" in str(exc)
    else:
        raise AssertionError("expected EmptyGeometryError")
