"""The precision codes of ACLED, UCDP GED and GDELT, derived from an event's uncertainty geometry.

Those datasets keep one point and an ordinal code; we keep the geometry and derive their codes so that users can
filter as they are used to. The codes follow from the radius of the location (the smallest circle around the
representative point that holds the whole geometry) and from the administrative units it covers:

========================  =========  ============  ===========================================================
location                  ACLED      UCDP          GDELT
                          geo_prec.  where_prec    Geo_Type
========================  =========  ============  ===========================================================
radius <= 5 km            1          1             4 (WORLDCITY)
radius <= 25 km           2          2             4
radius <= 50 km           2          3 (ADM2)      5 (WORLDSTATE)
inside one ADM1 region    3          4 (ADM1)      5
larger, one country       3          5 (or 6 if    5 (or 1, COUNTRY, if it covers more than half the
                                     >1/2 of it)   country)
more than one country     3          5             1
centre off land           3          7             1
========================  =========  ============  ===========================================================

A "between A and B" event gets UCDP code 5 whatever its size, as the UCDP codebook prescribes.
GDELT codes 2 and 3 are for US states and cities and never occur here.
"""

from __future__ import annotations

import numpy as np
import shapely

from geoevents import settings
from geoevents.geometry.geodesy import area_km2
from geoevents.model import Between, Constraint, Location, Precision
from geoevents.places.boundaries import Boundaries

__all__ = ["precision_codes"]



def precision_codes(location: Location, constraints: tuple[Constraint, ...], boundaries: Boundaries) -> Precision:
    """The three codes for a located event (see the module docstring for the table)."""
    radius = location.radius_km
    # units the area overlaps (touching a boundary is not enough)
    units = [i for i in boundaries.units_in(location.geometry)
             if shapely.intersection(boundaries.geometries[i], location.geometry).area > 1e-6 * location.geometry.area]
    countries = {boundaries.units[i]["country"] for i in units}
    on_land = bool(boundaries.inside(np.array([location.point.x]), np.array([location.point.y]))[0])
    between = any(isinstance(c, Between) for c in constraints)
    if not on_land:
        return Precision(3, 7, 1, "the representative point is not on land")
    if radius <= settings.PRECISION_EXACT_KM:
        codes = (1, 5 if between else 1, 4)
        basis = f"radius {radius:g} km <= {settings.PRECISION_EXACT_KM:g} km"
    elif radius <= settings.PRECISION_NEAR_KM:
        codes = (2, 5 if between else 2, 4)
        basis = f"radius {radius:g} km <= {settings.PRECISION_NEAR_KM:g} km"
    elif radius <= settings.PRECISION_DISTRICT_KM:
        codes = (2, 5 if between else 3, 5)
        basis = f"radius {radius:g} km <= {settings.PRECISION_DISTRICT_KM:g} km (district size)"
    elif len(units) == 1 and len(countries) == 1 and boundaries.units[units[0]].get("iso_3166_2"):
        codes = (3, 5 if between else 4, 5)
        basis = f"within one region ({boundaries.label(units[0])})"
    elif len(countries) == 1:
        (country,) = countries
        share = location.area_km2 / max(area_km2(boundaries.country(country)), 1e-9)
        whole = share > 0.5
        codes = (3, 6 if whole and not between else 5, 1 if whole else 5)
        basis = f"{share:.0%} of {country}"
    else:
        codes = (3, 5, 1)
        basis = f"spans {len(countries)} countries ({', '.join(sorted(countries))})"
    if between:
        basis += "; between two places (UCDP 5)"
    return Precision(*codes, basis)
