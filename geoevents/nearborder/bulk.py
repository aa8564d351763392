"""Near-border answers for many events at once: the in-process engine, and what it shares with the dask engine.

Both engines run :func:`answer_frame` on normalised frames (:mod:`geoevents.datasets.frames`): the in-process engine
on each file in chunks, the dask engine (:mod:`geoevents.nearborder.dask`) on each partition on a worker. Both then
hand the pieces, in input order, to :func:`collect`, which numbers the rows, names rows without an id
(``feature-N``, N counting from 1 in each input), reports unusable rows, adds the side of the border and sorts by
the smallest distance (ties keep the input order). So the two engines give identical results.

Distances and statuses are those of :meth:`geoevents.nearborder.index.NearBorderIndex.answer`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from geoevents import settings
from geoevents.datasets.points import PointColumns
from geoevents.errors import InvalidValueError
from geoevents.model import NearBorderStatus
from geoevents.nearborder.index import NearBorderIndex
from geoevents.places.boundaries import Boundaries
from geoevents.progress import Progress

__all__ = ["OUTPUT_COLUMNS", "BulkResult", "answer_frame", "answer_point_columns", "collect", "engine_for",
           "near_border_tables"]

OUTPUT_COLUMNS = ("file", "id", "date", "lon", "lat", "precision", "radius_km", "min_km", "max_km", "status",
                  "fraction_within", "side")
"""The columns of a bulk answer, in order (``status`` is certain, possible or outside)."""
_CHUNK = 50_000  # rows classified between two progress updates
_BY_NEARNESS = (NearBorderStatus.CERTAIN, NearBorderStatus.POSSIBLE, NearBorderStatus.OUTSIDE)


@dataclass
class BulkResult:
    """Bulk near-border answers: one row per usable event, sorted by ``min_km``, as an Arrow table of
    :data:`OUTPUT_COLUMNS` (``table``) and, where the rows have them, their lon/lat geometries (``geometry``: an
    object array, ``None`` for a point given by ``lon``/``lat``); the messages about unusable rows; the border and
    distance asked about."""

    table: Any
    border: str
    km: float
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    geometry: np.ndarray | None = None

    def __len__(self) -> int:
        return self.table.num_rows

    @property
    def frame(self) -> Any:
        """The answers as a pandas DataFrame (:data:`OUTPUT_COLUMNS`, then ``geometry``: every row's shapely
        geometry, points included)."""
        frame = self.table.to_pandas()
        frame["geometry"] = self.geometries()
        return frame

    def geometries(self) -> np.ndarray:
        """Every row's lon/lat geometry: its area, or its point."""
        import shapely

        lon, lat = self.table.column("lon").to_numpy(), self.table.column("lat").to_numpy()
        out = self.geometry.copy() if self.geometry is not None else np.full(len(self), None, dtype=object)
        missing = np.array([g is None for g in out], dtype=bool)
        out[missing] = shapely.points(lon[missing], lat[missing])
        return out

    def counts(self) -> dict[str, int]:
        """Number of events per status: certain, possible, outside."""
        values = self.table.column("status").to_numpy(zero_copy_only=False)
        return {s.value: int(np.sum(values == s.value)) for s in _BY_NEARNESS}


def answer_frame(frame: Any, index: NearBorderIndex, *, keep_geometry: bool = True) -> Any:
    """A normalised frame with ``status`` (a code, -1 for a row with a problem), ``fraction_within``, ``min_km``
    and ``max_km`` added; every row is kept."""
    import pandas as pd

    ok = (frame["problem"] == "").to_numpy()
    n = len(frame)
    status, fraction = np.full(n, -1, dtype=np.int8), np.full(n, np.nan)
    low, high = np.full(n, np.nan), np.full(n, np.nan)
    if ok.any():
        answer = index.answer(np.asarray(frame.geometry.values, dtype=object)[ok])
        status[ok], fraction[ok] = answer["status"], answer["fraction_within"]
        low[ok], high[ok] = answer["min_km"], answer["max_km"]
    out = pd.DataFrame({c: frame[c].to_numpy() for c in frame.columns if c != "geometry"})
    if keep_geometry:
        out["geometry"] = np.asarray(frame.geometry.values, dtype=object)
    out["status"], out["fraction_within"], out["min_km"], out["max_km"] = status, fraction, low, high
    return out


def answer_point_columns(columns: PointColumns, index: NearBorderIndex, boundaries: Boundaries | None) -> dict:
    """The answered rows of a point table, as columns (see :func:`collect`): rows that are points are answered
    from their coordinate arrays (:meth:`NearBorderIndex.answer_points`); rows with a precision circle or coded
    to a larger area go through geometries as in :func:`answer_frame`."""
    import pyarrow as pa

    from geoevents.datasets.codebook import AREA_LEVELS

    coarse = np.isin(columns.precision.to_numpy(zero_copy_only=False), list(AREA_LEVELS))
    shaped = np.nonzero((columns.radius_km > 0) | coarse)[0]
    piece = {"id": columns.ids, "date": columns.dates, "precision": columns.precision, "lon": columns.lon.copy(),
             "lat": columns.lat.copy(), "radius_km": columns.radius_km.copy()}
    got = index.answer_points(columns.lon, columns.lat)
    piece.update(got)
    if len(shaped):
        frame = _shaped_frame(columns, shaped, boundaries)
        answered = answer_frame(frame, index)
        for name in ("lon", "lat", "radius_km", "status", "fraction_within", "min_km", "max_km"):
            piece[name][shaped] = answered[name].to_numpy()
        geometry = np.full(len(columns), None, dtype=object)
        geometry[shaped] = answered["geometry"].to_numpy()
        piece["geometry"] = geometry
    piece["problem"] = pa.nulls(len(columns), pa.string()).fill_null("")
    return piece


def _shaped_frame(columns: PointColumns, rows: np.ndarray, boundaries: Boundaries | None) -> Any:
    """The normalised frame (:func:`geoevents.datasets.frames.normalise_frame`) of the rows that are areas."""
    import geopandas as gpd

    from geoevents.datasets.frames import normalise_frame, with_admin_areas
    from geoevents.datasets.points import precision_geometries

    lon, lat, radius = columns.lon[rows], columns.lat[rows], columns.radius_km[rows]
    frame = gpd.GeoDataFrame({"id": columns.ids.take(rows).to_numpy(zero_copy_only=False),
                              "date": columns.dates.take(rows).to_numpy(zero_copy_only=False),
                              "lon": lon, "lat": lat,
                              "precision": columns.precision.take(rows).to_numpy(zero_copy_only=False),
                              "radius_km": radius},
                             geometry=precision_geometries(lon, lat, radius), crs="OGC:CRS84")
    frame = normalise_frame(frame)
    return with_admin_areas(frame, boundaries, columns.texts(rows)) if boundaries is not None else frame


_TEXT = ("id", "date", "precision", "problem")
_NUMBERS = ("lon", "lat", "radius_km", "fraction_within", "min_km", "max_km")


def _piece_columns(piece: Any) -> dict:
    """A piece as columns: Arrow strings for text, numpy arrays for numbers (a frame of :func:`answer_frame`, or
    columns already)."""
    import pyarrow as pa

    if isinstance(piece, dict):
        return piece
    out = {c: pa.array(piece[c].to_numpy(dtype=object), pa.string()) for c in _TEXT}
    out.update({c: piece[c].to_numpy(dtype=float) for c in _NUMBERS})
    out["status"] = piece["status"].to_numpy(dtype=np.int8)
    if "geometry" in piece.columns:
        out["geometry"] = np.asarray(piece["geometry"].to_numpy(), dtype=object)
    return out


def collect(pieces: Iterable[tuple[str, Any]], *, index: NearBorderIndex, border: str,
            boundaries: Boundaries | None = None, errors: Iterable[str] = (),
            warnings: Iterable[str] = ()) -> BulkResult:
    """One :class:`BulkResult` from answered pieces ``(file name, piece)``, in input order (see the module
    docstring). A piece is a frame of :func:`answer_frame` or the same columns as a dict (text as Arrow
    strings, numbers as numpy arrays, ``geometry`` optional)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    row_in_file: dict[str, int] = {}
    errors = list(errors)
    kept: list[dict] = []
    for name, raw in pieces:
        piece = _piece_columns(raw)
        n = len(piece["lon"])
        first = row_in_file.get(name, 0)
        row_in_file[name] = first + n
        rows = np.arange(first + 1, first + n + 1)
        ids = piece["id"]
        unnamed = np.asarray(pc.equal(ids, ""), dtype=bool)
        if unnamed.any():
            ids = pc.if_else(pa.array(unnamed), pa.array(np.char.add("feature-", rows.astype(str))), ids)
        bad = ~np.asarray(pc.equal(piece["problem"], ""), dtype=bool)
        if bad.any():
            problems = piece["problem"].to_numpy(zero_copy_only=False)
            errors.extend(f"{name}: feature {r}: {p}" for r, p in zip(rows[bad], problems[bad], strict=True))
        good = np.nonzero(~bad)[0] if bad.any() else None
        column = dict(piece, id=ids, file=pc.take(pa.array([name]), pa.array(np.zeros(n, dtype=np.int32))))
        if good is not None:
            column = {k: (v.take(good) if isinstance(v, (pa.Array, pa.ChunkedArray)) else v[good])
                      for k, v in column.items()}
        kept.append(column)
    has_geometry = any("geometry" in k for k in kept)
    total = sum(len(k["lon"]) for k in kept)

    def joined(name: str) -> Any:
        parts = [k[name] for k in kept]
        if name in ("file", "id", "date", "precision"):
            return (pa.chunked_array(parts, pa.string()).combine_chunks() if parts else pa.array([], pa.string()))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int8 if name == "status" else float)

    low, high = np.round(joined("min_km"), 3), np.round(joined("max_km"), 3)
    lon, lat = joined("lon"), joined("lat")
    statuses = pa.array([s.value for s in NearBorderStatus], pa.string())
    if boundaries is not None and total:
        at, names = boundaries.country_codes_at(lon, lat)
        side = pa.DictionaryArray.from_arrays(at, pa.array(names, pa.string()))
    else:
        side = pa.DictionaryArray.from_arrays(np.zeros(total, dtype=np.int32), pa.array([""], pa.string()))
    # text with few distinct values as dictionaries: cheap to reorder, written as text
    table = pa.table({"file": pc.dictionary_encode(joined("file")), "id": joined("id"),
                      "date": pc.dictionary_encode(joined("date")), "lon": lon, "lat": lat,
                      "precision": pc.dictionary_encode(joined("precision")), "radius_km": joined("radius_km"),
                      "min_km": low, "max_km": high,
                      "status": pa.DictionaryArray.from_arrays(joined("status").astype(np.int32), statuses),
                      "fraction_within": np.round(joined("fraction_within"), 4), "side": side})
    order = np.argsort(low, kind="stable")
    geometry = None
    if has_geometry:
        geometry = np.concatenate([k["geometry"] if "geometry" in k else np.full(len(k["lon"]), None, dtype=object)
                                   for k in kept])[order]
    return BulkResult(table.take(order), border, index.km, errors, list(warnings), geometry)


def near_border_tables(paths: list[str], index: NearBorderIndex, *, border: str, boundaries: Boundaries,
                       fmt: str | None = None, progress: Progress | None = None) -> BulkResult:
    """The in-process engine: answer the events of table files (:func:`geoevents.io.read_table_frame`; CSV
    tables of points column by column, :func:`geoevents.io.read_point_columns`)."""
    from geoevents.io import format_for, read_point_columns, read_table_frame, swapped_points

    progress = progress or Progress()
    pieces: list[tuple[str, Any]] = []
    errors: list[str] = []
    warnings: list[str] = []
    for path in paths:
        columns = read_point_columns(path, fmt=fmt)
        if columns is not None:
            errors.extend(columns.errors)
            # hand-made tables: columns get swapped
            warnings.extend(swapped_points(columns.ids, columns.lon, columns.lat, boundaries, path))
            progress.add_total(len(columns))
            pieces.append((str(path), answer_point_columns(columns, index, boundaries)))
            progress.update(len(columns))
            continue
        frame, skipped = read_table_frame(path, fmt=fmt, boundaries=boundaries)
        errors.extend(skipped)
        if format_for(path, fmt, purpose="table").name == "csv":  # hand-made tables: columns get swapped
            ok = (frame["problem"] == "").to_numpy()
            warnings.extend(swapped_points(frame["id"].to_numpy(dtype=object)[ok], frame["lon"].to_numpy(float)[ok],
                                           frame["lat"].to_numpy(float)[ok], boundaries, path))
        progress.add_total(len(frame))
        for start in range(0, len(frame), _CHUNK):
            chunk = frame.iloc[start:start + _CHUNK]
            pieces.append((str(path), answer_frame(chunk, index)))
            progress.update(len(chunk))
        if not len(frame):
            pieces.append((str(path), answer_frame(frame, index)))
    progress.close()
    return collect(pieces, index=index, border=border, boundaries=boundaries, errors=errors, warnings=warnings)


def engine_for(paths: list[str], *, fmt: str | None = None) -> str:
    """The engine ``auto`` means for these inputs: ``"bulk"`` for CSV and GeoParquet tables and for GIS files
    (GeoJSON, GeoPackage, FlatGeobuf, KML) of more than ``settings.BULK_MIN_FEATURES`` features in all, else
    ``"events"`` (event files, small exports).

    Raises
    ------
    InvalidValueError
        If tables (CSV, GeoParquet) are mixed with event files.
    """
    from geoevents.io import count_features, format_for

    if not paths:
        return "events"
    kinds = [format_for(p, fmt, purpose="events") for p in paths]
    if any(k.name in ("csv", "parquet") for k in kinds):
        if not all(k.reads_table for k in kinds):
            raise InvalidValueError("give either event files or tables of events, not both", field="paths")
        return "bulk"
    if all(k.gdal_driver is not None or k.name == "gdal" for k in kinds):
        return "bulk" if sum(count_features(p) for p in paths) > settings.BULK_MIN_FEATURES else "events"
    return "events"
