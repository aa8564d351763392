"""Shared fixtures: the embedded boundaries and gazetteer (the library's per-process cached instances), the located
seed event, and ``two_squares``, a hand-made coverage whose distances can be checked by hand."""

from __future__ import annotations

import pytest
import shapely

import geoevents
from geoevents.places import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def boundaries() -> geoevents.Boundaries:
    return geoevents.load_boundaries()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="session")
def seed(boundaries) -> geoevents.Event:
    (event,) = geoevents.seed_events()
    return geoevents.locate(event, boundaries)


TWO_SQUARES_EDGE_LON = 34.0
"""The longitude of the edge the two squares of :func:`two_squares` share: their whole border."""


@pytest.fixture(scope="session")
def two_squares() -> geoevents.Boundaries:
    """Two countries, AA (west) and BB (east), each one 1-degree square region, sharing the edge lon = 34.0 from
    lat 50.0 to 51.0: the AA-BB border is that meridian segment, so a point's distance to it is the geodesic
    distance to the meridian, easy to check by hand (0.1 degree of longitude at 50.5 N is about 7.1 km)."""
    edge = TWO_SQUARES_EDGE_LON
    units = [
        {"name": "West", "iso_3166_2": "AA-W", "country": "AA", "kind": "region", "claimed_by": "",
         "geometry": shapely.box(edge - 1.0, 50.0, edge, 51.0)},
        {"name": "East", "iso_3166_2": "BB-E", "country": "BB", "kind": "region", "claimed_by": "",
         "geometry": shapely.box(edge, 50.0, edge + 1.0, 51.0)},
    ]
    return geoevents.Boundaries(units)


def pytest_sessionfinish(session, exitstatus):
    """Stop the Chromium the map tests share (tests/map_pages.py), if they started it."""
    import sys

    pages = sys.modules.get("map_pages")
    if pages is not None:
        pages.stop_shared_browser()
