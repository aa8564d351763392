"""Typed constants of geoevents. Nothing here reads the environment; the CLI turns flags into arguments."""

from __future__ import annotations

WGS84: str = "EPSG:4326"
"""The only CRS of geoevents' inputs and outputs: longitude, latitude in degrees (RFC 7946)."""

DEFAULT_BORDER: str = "RU-UA"
"""The border near-border questions are asked about unless told otherwise."""

EXACT_TOLERANCE: tuple[float, float] = (0.10, 1.0)
""""D km" stated plainly is read as D +/- max(10 % of D, min(1 km, D/2)): (fraction, floor in km) of
:func:`geoevents.geocoding.distances.tolerance`."""

APPROXIMATE_TOLERANCE: tuple[float, float] = (0.25, 2.0)
""""about/approximately D km" is read as D +/- max(25 % of D, min(2 km, D/2)); a bound ("up to D km", "more than
D km") moves by the same amount."""

NEAR_BOUNDARY_KM: float = 15.0
""""near the border of A and B" is read as within this distance of the A-B boundary."""

GEOJSON_DECIMALS: int = 6
"""Coordinate decimals in exported GeoJSON: about 0.1 m, as RFC 7946 section 11.2 recommends."""

DENSIFY_M: float = 500.0
"""Longest edge of a metric geometry before it is transformed back to lon/lat, so straight edges stay true."""

TILE_DEG: float = 2.0
"""Size of the tiles a long geometry is cut into so each is buffered in its own local projection."""

MAX_DISTANCE_KM: float = 20_000.0
"""Half the Earth's circumference: no distance on the ground is longer; larger ones are errors."""

MAX_BUFFER_KM: float = 1_000.0
"""The widest geodesic buffer drawn (map distance bands, the bulk engine's band around a border): a local
projection stays true to about this distance, and no report's "near the border" is wider."""

MAPS_DIR: str = "maps"
"""Default output folder of the CLI."""

BULK_MIN_FEATURES: int = 200
"""The ``auto`` near-border engine sends GIS files of more than this many features (in all) to the bulk engine.
On a GeoJSON export of 1,000 ACLED-style events (17 % of them oblast-wide) the per-event engine took 14.6 s and the
bulk one 3.7-4.4 s on a 2-core machine, with the same statuses (distances within 1.1 km, fractions within 0.001); at
200 features the bulk one is already faster (3.8-4.2 s against 5.4 s): beyond that the per-event engine is a
trap."""

BULK_PART_BYTES: int = 4 << 20
"""The bulk engine reads CSV tables of points in parts of about this many bytes (about 150,000 short rows; 10^6
points peaked about 15 MB lower than with parts of 8 MB, in the same time)."""

BULK_MEMORY_BYTES: int = 256 << 20
"""The bulk engine keeps its sorted answers in memory up to about this many bytes, then in temporary files."""

# --- the gazetteer: which place a name means ----------------------------------------------------------------------
FUZZY_MIN_SCORE: float = 85.0
"""Least rapidfuzz ``ratio`` (0-100) between two skeletons for a fuzzy match (Tetkine ~ Tetkino scores 85.7)."""

POPULATION_DOMINANCE: float = 10.0
"""Of several places with one name, the most populous is taken only with this many times the next one's people."""

# --- precision codes derived from an uncertainty geometry (geoevents.datasets.precision) -------------------------
PRECISION_EXACT_KM: float = 5.0
"""A geometry of at most this radius is coded as a town: ACLED 1, UCDP 1, GDELT 4."""

PRECISION_NEAR_KM: float = 25.0
"""At most this radius: near a town, ACLED 2, UCDP 2 (UCDP's own "within ~25 km")."""

PRECISION_DISTRICT_KM: float = 50.0
"""At most this radius: about a district, ACLED 2, UCDP 3."""

# --- reading location expressions (geoevents.geocoding.geocoder); every figure is a documented reading, not a fact ----
NEAR_PLACE_KM: float = 10.0
""""near X" is read as within X's settlement radius plus this."""

IN_PLACE_MARGIN_KM: float = 1.0
""""in/at X" is read as within X's settlement radius plus this (GeoNames points sit near, not at, the centre)."""

OUTSKIRTS_KM: float = 3.0
""""on the outskirts of X" is read as between half X's settlement radius and the radius plus this."""

SUBURB_KM: float = 15.0
""""a suburb of X" is read as within X's settlement radius plus this: a suburb may be a village of its own, and the
reading is a claim (a named village in it wins when they disagree)."""

DIRECTION_MAX_KM: float = 50.0
""""north of X" without a distance is read as up to this far from X, in the sector."""

SECTOR_HALF_ANGLE_DEG: float = 30.0
""""N km north of X" is read as a sector this many degrees either side of north (a 60-degree wedge)."""

BETWEEN_FACTOR: float = 1.25
""""between A and B" is read as the ellipse where the distances to A and B sum to at most this times A-B."""

ROAD_DISTANCE_MIN_KM: float = 25.0
ROAD_DISTANCE_FACTOR: float = 1.3
"""A distance of at least ``ROAD_DISTANCE_MIN_KM`` from a place ("90 km south-east of Sumy") may be a road
distance, which runs about 1.2-1.4 times the straight line: its lower bound is divided by ``ROAD_DISTANCE_FACTOR``
(90 km, read as 81-99 km, becomes 62-99 km). Shorter distances are read as written."""

CLAIM_WIDENING: tuple[float, float] = (1.4, 0.5)
"""How a distance claim that contradicts the places named is widened once before it is set aside (see
:mod:`geoevents.geocoding.claims`): a distance from a place to ``[min / 1.4, max * 1.4]`` with the sector's half
angle 1.5 times wider (outlets give road distances, which run about 1.2-1.4 times the straight line); a distance
from a border by half its maximum more either way, at least 2 km."""

CLAIM_KEEP_FRACTION: float = 0.25
"""A widened claim is kept only if it leaves at least this fraction of the area the places named allow; otherwise it
is set aside (a claim that grazes the edge of a village's circle would move the event out of the village)."""

NEARBY_KM: float = 50.0
"""An ambiguous name is resolved to the one candidate within this distance of a place the text already placed
("a suburb of Kherson, the village of Antonivka": the Antonivka by Kherson), when only one is."""

BARE_NAME_BORDER_KM: float = 100.0
"""A place named bare, without a relation ("Sudzha came under fire"), or matched only by its spelling, is taken
only within this distance of a border the text is about (:data:`DEFAULT_BORDER`, and the land borders between any
two of its countries and the countries the text names), unless it lies in a region the text names or near a place
already placed: a name met in passing (a dateline's capital, a person's name that is also a village's) or a
misspelling that happens to match a village at the other end of the country is rarely there."""

DISTRICT_RADIUS_KM: dict[str, float] = {"RU": 25.0, "UA": 35.0, "BY": 25.0}
"""A district (raion) named without a polygon: within this of its administrative centre, by country. Russian and
Belarusian raions cover about 1,000-2,000 km2; Ukraine's raions since 2020 are larger (about 3,000-5,000 km2)."""

COMMUNITY_RADIUS_KM: float = 12.0
"""A Ukrainian hromada (territorial community) named without a polygon: within this of its centre."""

VAGUE_DISTANCES: dict[str, tuple[float, float]] = {"a couple of": (1.5, 3.0), "a few": (2.0, 5.0),
                                                    "several": (3.0, 9.0), "tens of": (20.0, 90.0)}
""""a few kilometres" and its kin: the range each wording is read as, in its unit ("a few miles" is 2-5 miles)."""

BORDER_VILLAGE_KM: float = 15.0
""""a border village", "the frontier town of X", "border areas": within this of the border, a claim (a named place
that lies farther wins, and the band is set aside with the distance measured)."""

NEAR_BORDER_KM: float = 20.0
""""near/along the border" without a distance is read as within this of the border."""

ON_BORDER_KM: float = 5.0
""""on/at the border" without a distance is read as within this of the border."""


def settlement_radius_km(population: int) -> float:
    """Rough radius of a settlement from its population: ``0.5 * sqrt(population / 1000)`` km, between 1 and 20.

    Examples
    --------
    >>> settlement_radius_km(6940), settlement_radius_km(0), settlement_radius_km(1_421_125)
    (1.317, 1.0, 18.849)
    """
    return round(min(max(0.5 * (max(population, 0) / 1000) ** 0.5, 1.0), 20.0), 3)
