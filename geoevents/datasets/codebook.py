"""The one codebook of the external event datasets: what ACLED ``geo_precision``, UCDP GED ``where_prec`` and
their date codes mean here, and which columns hold a row's id, date and coordinates.

Every reader of these codes asks this table (the point tables, the administrative areas, table rows as events and
the bulk frames): one place to read, one place to change (geopy's ``ERROR_CODE_MAP`` is the model).

====== ==== ============================================== =============== ============= =====================
scheme code meaning                                        circle (km)     area          (ACLED, UCDP, GDELT)
====== ==== ============================================== =============== ============= =====================
acled  1    the named town                                 2               -             (1, 1, 4)
acled  2    near a town, a small part of a region          15              -             (2, 2, 4)
acled  3    a larger region, coded to its capital          -               ADM1          (3, 4, 5)
ucdp   1    the exact place                                2               -             (1, 1, 4)
ucdp   2    within ~25 km of a named place                 25              -             (2, 2, 4)
ucdp   3    a second-level unit (ADM2), at its centroid    -               ADM2          (2, 3, 5)
ucdp   4    a first-level unit (ADM1), at its centroid     -               ADM1          (3, 4, 5)
ucdp   5    a larger part of the country                   -               country part  (3, 5, 5)
ucdp   6    the country                                    -               country       (3, 6, 1)
ucdp   7    water or air                                   -               -             (3, 7, 1)
====== ==== ============================================== =============== ============= =====================

The table above is checked against :data:`CODES` by a test, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ACLED_RADIUS_KM", "AREA_LEVELS", "CODES", "DATASETS", "DATE_COLUMNS", "DATE_PRECISION", "ID_COLUMNS",
           "LAT_COLUMNS", "LON_COLUMNS", "PRECISION_COLUMNS", "UCDP_RADIUS_KM", "Code", "code_for"]


@dataclass(frozen=True, slots=True)
class Code:
    """One precision code of one dataset: what it means, the circle drawn for it (``radius_km``, or None), the
    administrative area that stands for it (``area_level``, or None) and the (ACLED, UCDP, GDELT) codes an event so
    coded carries."""

    scheme: str
    code: int
    meaning: str
    radius_km: float | None
    area_level: str | None
    triple: tuple[int, int, int]

    @property
    def key(self) -> str:
        """``scheme:code``, as tables keep a row's precision ("acled:2")."""
        return f"{self.scheme}:{self.code}"

    @property
    def basis(self) -> str:
        """How the code is named in a trace: "ACLED geo_precision 2"."""
        return f"{DATASETS[self.scheme]} {PRECISION_COLUMNS[self.scheme]} {self.code}"


DATASETS = {"acled": "ACLED", "ucdp": "UCDP GED"}
"""The datasets' names, by scheme."""

PRECISION_COLUMNS = {"acled": "geo_precision", "ucdp": "where_prec"}
"""The column that holds each dataset's precision code."""

CODES: dict[str, Code] = {c.key: c for c in (
    Code("acled", 1, "the named town", 2.0, None, (1, 1, 4)),
    Code("acled", 2, "near a town, a small part of a region", 15.0, None, (2, 2, 4)),
    Code("acled", 3, "a larger region, coded to its capital", None, "ADM1", (3, 4, 5)),
    Code("ucdp", 1, "the exact place", 2.0, None, (1, 1, 4)),
    Code("ucdp", 2, "within ~25 km of a named place", 25.0, None, (2, 2, 4)),
    Code("ucdp", 3, "a second-level unit (ADM2), at its centroid", None, "ADM2", (2, 3, 5)),
    Code("ucdp", 4, "a first-level unit (ADM1), at its centroid", None, "ADM1", (3, 4, 5)),
    Code("ucdp", 5, "a larger part of the country", None, "larger part of the country", (3, 5, 5)),
    Code("ucdp", 6, "the country", None, "country", (3, 6, 1)),
    Code("ucdp", 7, "water or air", None, None, (3, 7, 1)),
)}
"""Every code, by ``scheme:code``."""

ACLED_RADIUS_KM = {c.code: c.radius_km for c in CODES.values() if c.scheme == "acled" and c.radius_km}
"""ACLED ``geo_precision`` -> circle radius (km), for the codes that get a circle."""

UCDP_RADIUS_KM = {c.code: c.radius_km for c in CODES.values() if c.scheme == "ucdp" and c.radius_km}
"""UCDP GED ``where_prec`` -> circle radius (km), for the codes that get a circle."""

AREA_LEVELS = {c.key: c.area_level for c in CODES.values() if c.area_level}
"""The codes that stand for an administrative area, and the area's level."""

DATE_PRECISION = {"acled": {"1": "day", "2": "week", "3": "month"},
                  "ucdp": {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}}
"""ACLED ``time_precision`` and UCDP ``date_prec`` -> the event's ``date_precision``."""

ID_COLUMNS = ("event_id_cnty", "event_id", "id")
"""Columns that hold a row's id, in the order they are looked for (ACLED, then generic)."""

DATE_COLUMNS = ("event_date", "date_start", "date")
"""Columns that hold a row's date, in the order they are looked for (ACLED, UCDP GED, generic)."""

LAT_COLUMNS = ("latitude", "lat", "y")
LON_COLUMNS = ("longitude", "lon", "lng", "long", "x")


def code_for(scheme: str, code: int) -> Code | None:
    """The :class:`Code` of ``scheme`` and ``code``, or None if the dataset has no such code.

    Examples
    --------
    >>> code_for("acled", 2).radius_km, code_for("ucdp", 4).area_level, code_for("ucdp", 8)
    (15.0, 'ADM1', None)
    """
    return CODES.get(f"{scheme}:{code}")
