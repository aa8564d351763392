"""Lon/lat geometry measured on the ground: geodesic buffers, areas and lengths, local projections, the shapes
location phrases describe, antimeridian splitting and distances to long lines. Imports only ``settings`` and
``errors`` of geoevents."""

from __future__ import annotations

from geoevents.geometry.antimeridian import crosses_antimeridian, split_antimeridian
from geoevents.geometry.geodesy import (
                                        GEOD,
                                        LocalProjection,
                                        area_km2,
                                        check_km,
                                        farthest_km,
                                        geodesic_buffer,
                                        length_km,
                                        representative_point,
)
from geoevents.geometry.linedistance import LineDistanceIndex
from geoevents.geometry.shapes import between_ellipse, region_part, ring_sector

__all__ = [
    "GEOD",
    "LineDistanceIndex",
    "LocalProjection",
    "area_km2",
    "between_ellipse",
    "check_km",
    "crosses_antimeridian",
    "farthest_km",
    "geodesic_buffer",
    "length_km",
    "region_part",
    "representative_point",
    "ring_sector",
    "split_antimeridian",
]
