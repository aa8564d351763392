"""Typed constants of geoevents. Nothing here reads the environment; the CLI turns flags into arguments."""

from __future__ import annotations

WGS84: str = "EPSG:4326"
"""The only CRS of geoevents' inputs and outputs: longitude, latitude in degrees (RFC 7946)."""

DEFAULT_BORDER: str = "RU-UA"
"""The border near-border questions are asked about unless told otherwise."""

APPROXIMATE_TOLERANCE_KM: float = 2.0
""""about/approximately D km" is read as D +/- this (at least 25 % of D for large D, see ``approximate_range``)."""

NEAR_BOUNDARY_KM: float = 15.0
""""near the border of A and B" is read as within this distance of the A-B boundary."""

GEOJSON_DECIMALS: int = 6
"""Coordinate decimals in exported GeoJSON: about 0.1 m, as RFC 7946 section 11.2 recommends."""

DENSIFY_M: float = 500.0
"""Longest edge of a metric geometry before it is transformed back to lon/lat, so straight edges stay true."""

TILE_DEG: float = 2.0
"""Size of the tiles a long geometry is cut into so each is buffered in its own local projection."""

MAPS_DIR: str = "maps"
"""Default output folder of the CLI."""
