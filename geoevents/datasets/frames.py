"""Many located events as one GeoDataFrame with known columns, for bulk questions.

:func:`normalise_frame` is pure: a GeoDataFrame from anywhere (a file, a dask partition) in, the columns the bulk
engines use out: ``id`` (empty where the source has none), ``date``, ``lon``/``lat`` (the representative point),
``precision``, ``radius_km``, ``geometry`` (lon/lat), ``problem`` (why a row cannot be used, else empty) and
``flags`` (the row's flags as the file gives them, :func:`geoevents.model.flags_text`; empty for a file without a
``flags`` column; the bulk engines add those the row earns, :func:`geoevents.io.read.suspect_flags`), then any
input columns asked for (``keep``), as text.
Rows are never dropped here, so that whoever numbers them (the in-process engine, or the dask engine once it
knows every partition's length) numbers them alike. Files are read by :func:`geoevents.io.read_table_frame`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely

from geoevents.datasets.codebook import DATE_COLUMNS, ID_COLUMNS, PRECISION_COLUMNS

__all__ = ["COLUMNS", "normalise_frame", "with_admin_areas"]

COLUMNS = ("id", "date", "lon", "lat", "precision", "radius_km", "geometry", "problem", "flags")
"""The columns of a normalised frame, in order."""

_PRECISION = (("precision", ""), *((column, f"{scheme}:") for scheme, column in PRECISION_COLUMNS.items()),
              ("acled_geo_precision", "acled:"))  # a column of text ("acled:2"), or of codes and their scheme


def _first(frame: Any, names: tuple[str, ...]) -> str | None:
    lowered = {str(c).lower(): c for c in frame.columns}
    return next((lowered[n] for n in names if n in lowered), None)


def _text(column: Any) -> np.ndarray:
    """Strings, with missing values as ""; dates as YYYY-MM-DD and whole numbers without ".0"."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    if pd.api.types.is_float_dtype(column):
        whole = column.notna() & (column % 1 == 0)
        text = column.astype(object).where(~whole, column.where(whole).astype("Int64").astype(object))
        return text.map(lambda v: "" if pd.isna(v) else str(v)).to_numpy(dtype=object)
    if pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):  # nullable ones too
        return column.astype("string").fillna("").to_numpy(dtype=object)
    return column.map(lambda v: "" if v is None or (not isinstance(v, (list, dict)) and pd.isna(v))
                      else (v.isoformat() if hasattr(v, "isoformat") else str(v).strip())).to_numpy(dtype=object)


def normalise_frame(frame: Any, keep: Mapping[str, str] | None = None) -> Any:
    """The bulk columns (:data:`COLUMNS`) of a lon/lat GeoDataFrame; see the module docstring. ``keep`` maps
    columns of ``frame`` to more output columns, as text (dates as YYYY-MM-DD, whole numbers without ".0"; ""
    where ``frame`` has no such column or no value).

    Examples
    --------
    >>> import geopandas as gpd
    >>> raw = gpd.GeoDataFrame({"event_id_cnty": ["A1", "A2"], "geo_precision": [1, 2]},
    ...                        geometry=[shapely.Point(34, 51), None], crs="EPSG:4326")
    >>> normalise_frame(raw)[["id", "lon", "precision", "problem", "flags"]].values.tolist()
    [['A1', 34.0, 'acled:1', '', ''], ['A2', nan, 'acled:2', 'no geometry', '']]
    """
    import geopandas as gpd
    import pandas as pd

    from geoevents.datasets.points import precision_geometries, precision_radius_km

    if frame.crs is not None and not frame.crs.equals("OGC:CRS84") and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("OGC:CRS84")
    geoms = np.asarray(frame.geometry.values, dtype=object)
    n = len(frame)
    problem = np.full(n, "", dtype=object)
    missing = np.array([g is None for g in geoms], dtype=bool)
    missing[~missing] = shapely.is_empty(geoms[~missing].astype(object))
    problem[missing] = "no geometry"
    id_col, date_col = _first(frame, ID_COLUMNS), _first(frame, DATE_COLUMNS)
    ids = _text(frame[id_col]) if id_col is not None else np.full(n, "", dtype=object)
    dates = _text(frame[date_col]) if date_col is not None else np.full(n, "", dtype=object)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    ok = np.nonzero(~missing)[0]
    if len(ok):
        rep = geoms[ok]
        is_point = shapely.get_type_id(rep) == shapely.GeometryType.POINT
        rep = np.where(is_point, rep, shapely.point_on_surface(rep))
        lon[ok], lat[ok] = shapely.get_x(rep), shapely.get_y(rep)
        given = [_first(frame, ("lon",)), _first(frame, ("lat",))]
        if None not in given:  # geoevents' exports: the representative point as written
            glon = pd.to_numeric(frame[given[0]], errors="coerce").to_numpy(dtype=float)
            glat = pd.to_numeric(frame[given[1]], errors="coerce").to_numpy(dtype=float)
            use = np.isfinite(glon) & np.isfinite(glat)
            lon[use], lat[use] = glon[use], glat[use]
        x0, y0, x1, y1 = shapely.bounds(geoms[ok]).T
        outside = (x0 < -180) | (x1 > 180) | (y0 < -90) | (y1 > 90)
        problem[ok[outside]] = "coordinates outside -180..180, -90..90 (not lon/lat?)"
    precision = np.full(n, "", dtype=object)
    for column, scheme in _PRECISION:
        col = _first(frame, (column,))
        if col is not None:
            codes = _text(frame[col])
            fill = (precision == "") & (codes != "")
            precision[fill] = [scheme + c for c in codes[fill]]
    radius_col = _first(frame, ("radius_km",))
    radius = (pd.to_numeric(frame[radius_col], errors="coerce").fillna(0.0).to_numpy(dtype=float)
              if radius_col is not None else np.zeros(n))
    # points with a precision code and no radius yet (ACLED/UCDP tables in GeoParquet or GIS files) get the
    # code's circle, as CSV tables do
    # (geoevents' own exports carry acled_geo_precision, derived from their geometry: left as they are)
    source = _first(frame, tuple(PRECISION_COLUMNS.values())) is not None
    coded = np.nonzero((problem == "") & (radius == 0) & (precision != "") & source)[0]
    coded = coded[shapely.get_type_id(geoms[coded]) == shapely.GeometryType.POINT]
    if len(coded):
        radius[coded] = precision_radius_km(precision[coded])
        circled = coded[radius[coded] > 0]
        geoms[circled] = precision_geometries(lon[circled], lat[circled], radius[circled])
    flags = _flags(frame, problem)
    kept = {out: _text(frame[given]) if given in frame.columns and given != frame.geometry.name
            else np.full(n, "", dtype=object) for given, out in (keep or {}).items()}
    return gpd.GeoDataFrame({"id": ids, "date": dates, "lon": lon, "lat": lat, "precision": precision.astype(object),
                             "radius_km": radius, "geometry": gpd.GeoSeries(geoms, crs="OGC:CRS84").values,
                             "problem": problem, "flags": flags, **kept}, geometry="geometry", crs="OGC:CRS84")


def _flags(frame: Any, problem: np.ndarray) -> np.ndarray:
    """The text of each row's flags as the file's ``flags`` column gives them (an export of geoevents), checked by
    :func:`geoevents.model.check_flags`; a row with an unknown flag gets that as its ``problem`` (``problem`` is
    changed in place)."""
    from geoevents.errors import InvalidValueError
    from geoevents.model import check_flags, flags_text

    n = len(frame)
    column = _first(frame, ("flags",))
    if column is None:
        return np.full(n, "", dtype=object)
    given = _text(frame[column])
    out = np.full(n, "", dtype=object)
    for value in set(given) - {""}:  # few distinct values
        rows = given == value
        try:
            out[rows] = flags_text(check_flags(value))
        except InvalidValueError as exc:
            problem[rows & (problem == "")] = f"flags: {exc}"
    return out


def with_admin_areas(frame: Any, boundaries: Any, texts: list[dict[str, str]] | None = None) -> Any:
    """``frame`` (normalised) with the rows coded to a larger area (ACLED 3, UCDP 3-6) that hold only their coded
    point given that area instead (:func:`geoevents.datasets.adminareas.admin_areas`; ``texts``, one per row, name the
    first-level unit) and ``radius_km`` set to the distance from the point to its farthest edge (where the named
    unit does not hold the coded point, a point inside it stands in for ``lon``/``lat``). Rows with a real area,
    such as geoevents' own exports, are left as they are."""
    from geoevents.datasets.adminareas import admin_areas, place_in_areas
    from geoevents.datasets.codebook import AREA_LEVELS

    precision = frame["precision"].to_numpy(dtype=object)
    geoms = np.asarray(frame.geometry.values, dtype=object)
    coarse = np.isin(precision, list(AREA_LEVELS)) & (frame["problem"] == "").to_numpy()
    rows = np.nonzero(coarse)[0]
    rows = rows[shapely.get_type_id(geoms[rows]) == shapely.GeometryType.POINT]
    if not len(rows):
        return frame
    lon, lat = frame["lon"].to_numpy(dtype=float).copy(), frame["lat"].to_numpy(dtype=float).copy()
    radius = frame["radius_km"].to_numpy(dtype=float).copy()
    found = admin_areas(lon[rows], lat[rows], list(precision[rows]),
                        [texts[i] for i in rows] if texts is not None else [{}] * len(rows), boundaries)
    has = np.array([area is not None for area in found])
    rows, found = rows[has], [area for area in found if area is not None]
    geoms[rows] = [area.geometry for area in found if area is not None]
    lon[rows], lat[rows], radius[rows] = place_in_areas(lon[rows], lat[rows], found)
    frame = frame.copy()
    frame["lon"], frame["lat"], frame["radius_km"] = lon, lat, radius
    frame = frame.set_geometry(geoms, crs=frame.crs)
    return frame
