"""What rows of external event datasets mean: ACLED, UCDP GED and GDELT precision codes, point tables (CSV with
latitude/longitude columns), the geometry each row stands for (a circle or an administrative area), the codes an
uncertainty geometry earns, and the normalised frames the bulk engines read (files are read by
:mod:`geoevents.io`). pandas is imported only by :mod:`geoevents.datasets.frames`'s functions."""

from __future__ import annotations

from geoevents.datasets.adminareas import AdminArea, admin_areas, place_in_areas
from geoevents.datasets.codebook import (
                                       ACLED_RADIUS_KM,
                                       AREA_LEVELS,
                                       CODES,
                                       UCDP_RADIUS_KM,
                                       Code,
                                       code_for,
                                       event_type_for,
)
from geoevents.datasets.frames import COLUMNS, normalise_frame, with_admin_areas
from geoevents.datasets.points import (
                                       TEXT_COLUMNS,
                                       PointTable,
                                       parse_point_table,
                                       precision_geometries,
                                       precision_radius_km,
                                       read_point_table,
)
from geoevents.datasets.precision import precision_codes
from geoevents.datasets.rows import events_from_table

__all__ = [
    "ACLED_RADIUS_KM",
    "AREA_LEVELS",
    "CODES",
    "COLUMNS",
    "TEXT_COLUMNS",
    "UCDP_RADIUS_KM",
    "AdminArea",
    "Code",
    "PointTable",
    "admin_areas",
    "code_for",
    "event_type_for",
    "events_from_table",
    "normalise_frame",
    "parse_point_table",
    "place_in_areas",
    "precision_codes",
    "precision_geometries",
    "precision_radius_km",
    "read_point_table",
    "with_admin_areas",
]
