"""Read events back from any file geoevents writes, event files, and tables of events: one reader per format,
serving both the per-event commands and the bulk engines.

Each format (:mod:`geoevents.io.formats`) has one reader here. :func:`read_any` turns what it reads into events
(for the per-event commands); :func:`read_table_frame` into a normalised frame (for the bulk engines,
:func:`geoevents.datasets.frames.normalise_frame`). So one file gives the same ids, geometries and answers under
``--engine events`` and ``--engine bulk``.

- YAML/JSON event files give events still to be located (per-event only).
- GeoJSON, GeoJSON sequences (RS-separated or newline-delimited): the codec of :mod:`geoevents.io.geojson` reads
  them for events, strictly; GDAL reads them for tables (fast for large files), the same features.
- GeoPackage, FlatGeobuf, KML: GDAL, all layers (``events_point`` rows are the events' points; KML's own id column
  comes back as ``id2`` and is mended); a table keeps the regions.
- GeoParquet: a file or a folder of partitions.
- CSV: geoevents' exports (the region in ``wkt``), or tables of points with latitude and longitude columns (ACLED
  and UCDP GED are recognised by their headers; :mod:`geoevents.datasets.points`): each good row becomes a located
  event, and bad rows are reported with their line numbers and left out.

Exported events come back with their region, representative point, area, trace, sources, constraints and flags
as written; given boundary data, table rows coded to a larger area (ACLED 3, UCDP 3-6) get that area.

One input policy for suspect rows, whatever the format: a row whose point lies outside the boundary data, or would
lie inside only with longitude and latitude swapped, is kept where its coordinates say (never swapped back), gets a
flag (:data:`geoevents.model.FLAGS`) and one warning line naming the file, the feature and the problem
(:func:`flag_suspect` for events, :func:`suspect_flags` and :func:`flag_messages` for the bulk engines). A row
whose coordinates are not a position at all (latitude 120) cannot be kept: it is a bad row, reported and left out.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import shapely

from geoevents._files import check_input, load_json, reading
from geoevents.errors import EventFileError
from geoevents.io.cells import restore
from geoevents.io.eventfile import events_from_dict, parse_document, read_events
from geoevents.io.formats import Format, format_for
from geoevents.io.geojson import events_from_features
from geoevents.model import FLAG_OUTSIDE, FLAG_SWAPPED, Event, check_flags, flags_text
from geoevents.places.boundaries import Boundaries

__all__ = ["MAX_FLAG_MESSAGES", "count_features", "flag_messages", "flag_suspect", "more_flagged", "read_any",
           "read_table_frame", "suspect_flags", "table_columns"]

MAX_FLAG_MESSAGES = 50
"""Warning lines about flagged rows per input file; the rest are counted in one more line (a world-wide table read
with regional boundary data would otherwise put a line per row on stderr). The flags themselves are never capped."""

logger = logging.getLogger(__name__)


# --- the two outputs ---------------------------------------------------------------------------------------------
def read_any(path: str | Path, *, fmt: str | None = None, boundaries: Boundaries | None = None,
             flag: bool = True) -> list[Event]:
    """Events from ``path``, in the format its extension names (or ``fmt``, a name of
    :data:`geoevents.io.formats.FORMATS`). With ``boundaries``, rows of ACLED/UCDP tables coded to a province or
    country get that area, and, unless ``flag`` is false, located events with a suspect point are flagged
    (:func:`flag_suspect`; a caller that wants the warning lines too, once the events of event files are located,
    reads with ``flag=False`` and calls :func:`flag_suspect` itself)."""
    events = _read_any(Path(path), fmt, boundaries)
    return flag_suspect(events, boundaries, path)[0] if boundaries is not None and flag else events


def _read_any(path: Path, fmt: str | None, boundaries: Boundaries | None) -> list[Event]:
    check_input(path)
    kind = format_for(path, fmt, purpose="events")
    if kind.name == "events":
        return read_events(path)
    if kind.name in ("json", "geojson"):
        doc = parse_document(_text(path), str(path))
        if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
            return events_from_features(doc.get("features"), name=str(path))
        if kind.name == "json":
            return events_from_dict(doc, name=str(path))
        raise EventFileError(f"{path}: expected a GeoJSON FeatureCollection")
    if kind.name in ("geojsonseq", "geojsonl"):
        return events_from_features(_sequence_features(path), name=str(path))
    if kind.name == "csv" and not _has_wkt(path):
        return _point_table_events(path, boundaries)
    return events_from_features(_frame_features(_read_frame(path, kind), path), name=str(path))


def read_table_frame(path: str | Path, *, fmt: str | None = None, boundaries: Any = None,
                     keep: Mapping[str, str] | None = None) -> tuple[Any, list[str]]:
    """A normalised frame of the events in ``path`` (:func:`geoevents.datasets.frames.normalise_frame`) and the
    messages about rows a CSV table reader skipped.

    ``fmt`` names the format (default: from the extension; a folder is partitioned GeoParquet). With
    ``boundaries``, rows coded to a larger area get it (:func:`geoevents.datasets.frames.with_admin_areas`).
    ``keep`` maps columns of the file to more columns of the frame, as text (:func:`table_columns` lists them).
    """
    from geoevents.datasets.frames import normalise_frame, with_admin_areas

    path = Path(path)
    check_input(path)
    kind = format_for(path, fmt, purpose="table")
    if not path.exists():
        raise EventFileError(f"{path}: no such file")
    skipped: list[str] = []
    texts = None
    if kind.name == "csv" and not _has_wkt(path):
        frame, skipped, texts = _point_table_frame(path, keep or {})
        keep = {out: out for out in (keep or {}).values()}  # read already, under their output names
    else:
        frame = _read_frame(path, kind)
        role = _column(frame, "role")
        if role is not None and (frame[role] == "region").any():  # exported with --geometry both: the regions
            frame = frame[frame[role] != "point"].reset_index(drop=True)
    frame = normalise_frame(frame, keep)
    return (with_admin_areas(frame, boundaries, texts) if boundaries is not None else frame), skipped


def iter_point_columns(path: str | Path, *, fmt: str | None = None, by_rows: bool = False,
                       block_bytes: int | None = None, keep: Mapping[str, str] | None = None) -> Any:
    """The events of a CSV table of points (latitude/longitude columns) as columns, a part of the file at a time
    (:func:`geoevents.datasets.points.iter_point_columns`; ``keep`` as there), or None if ``path`` is another kind
    of table (GeoParquet, a GIS file, geoevents' CSV export with WKT geometries): those are read by
    :func:`read_table_frame`."""
    from geoevents.datasets.points import iter_point_columns as parts

    path = Path(path)
    check_input(path)
    if format_for(path, fmt, purpose="table").name != "csv":
        return None
    if not path.exists():
        raise EventFileError(f"{path}: no such file")
    if _has_wkt(path):
        return None
    sized = {} if block_bytes is None else {"block_bytes": block_bytes}
    return parts(path, by_rows=by_rows, keep=keep, **sized)


def iter_parquet_frames(path: str | Path, *, boundaries: Any = None, batch_rows: int = 100_000,
                        keep: Mapping[str, str] | None = None) -> Iterator[Any]:
    """The events of a GeoParquet file or folder of partitions as normalised frames, ``batch_rows`` rows at a time
    (:func:`read_table_frame`'s frames, in the same order, for tables larger than memory). With ``boundaries``,
    rows coded to a larger area get it; ``keep`` as for :func:`read_table_frame`."""
    import geopandas as gpd
    import pyarrow
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from geoevents.datasets.frames import normalise_frame, with_admin_areas

    path = Path(path)
    check_input(path)
    if not path.exists():
        raise EventFileError(f"{path}: no such file")
    try:
        dataset = ds.dataset(path, format="parquet")
        meta = json.loads((dataset.schema.metadata or {}).get(b"geo", b"{}"))
        column = meta.get("primary_column")
        if not column or column not in dataset.schema.names:
            raise EventFileError(f"{path}: not GeoParquet: no geometry column in its 'geo' metadata")
        crs = meta["columns"][column].get("crs", "OGC:CRS84")
        role = next((c for c in dataset.schema.names if c.lower() == "role"), None)
        regions = role is not None and bool(pc.any(pc.equal(dataset.to_table(columns=[role]).column(role),
                                                             "region")).as_py())
        for batch in dataset.to_batches(batch_size=batch_rows):
            table = pyarrow.Table.from_batches([batch])
            geoms = shapely.from_wkb(table.column(column).to_numpy(zero_copy_only=False))
            frame = gpd.GeoDataFrame(table.drop_columns([column]).to_pandas(), geometry=geoms,
                                     crs=crs if crs is not None else "OGC:CRS84")
            if regions:  # exported with --geometry both: the regions
                frame = frame[frame[role] != "point"].reset_index(drop=True)
            frame = normalise_frame(frame, keep)
            yield with_admin_areas(frame, boundaries) if boundaries is not None else frame
    except (OSError, ValueError, pyarrow.ArrowException, shapely.errors.GEOSException) as exc:
        raise EventFileError(f"{path}: not GeoParquet: {exc}") from None


def table_columns(path: str | Path, *, fmt: str | None = None) -> list[str]:
    """The names of the columns a table's rows have, as :func:`read_table_frame` reads them, without the geometry:
    a CSV file's header, a GeoParquet schema, the fields of every layer of a GIS file (in order of first
    appearance).

    Raises
    ------
    GeoEventsError
        If ``path`` is missing, unreadable, or not a table (:func:`geoevents.io.format_for`).
    """
    path = Path(path)
    check_input(path)
    kind = format_for(path, fmt, purpose="table")
    if not path.exists():
        raise EventFileError(f"{path}: no such file")
    if kind.name == "csv":
        with reading(path), path.open(encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), [])
        return [h for h in header if h.strip().lower() != "wkt"]  # an export's region: the geometry
    if kind.name == "parquet":
        import pyarrow
        import pyarrow.dataset as ds

        try:
            schema = ds.dataset(path, format="parquet").schema
        except (OSError, ValueError, pyarrow.ArrowException) as exc:
            raise EventFileError(f"{path}: not GeoParquet: {exc}") from None
        primary = json.loads((schema.metadata or {}).get(b"geo", b"{}")).get("primary_column")
        return [n for n in schema.names if n != primary]
    import pyogrio

    names: list[str] = []
    try:
        for layer, *_ in pyogrio.list_layers(path):
            fields = [str(f) for f in pyogrio.read_info(path, layer=layer)["fields"]]
            if path.suffix.lower() == ".kml" and "id2" in fields:  # mended as _gdal_frame mends it
                fields = ["id" if f == "id2" else f for f in fields if f != "id"]
            names.extend(f for f in [*fields, *(["role"] if layer == "events_point" else [])] if f not in names)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise EventFileError(f"{path}: GDAL cannot read it (damaged or truncated?): {exc}") from None
    return names


_FEATURE_MEMBER = re.compile(rb'"type"\s*:\s*"Feature"')


def count_features(path: str | Path) -> int:
    """Number of features in a GIS file, as GDAL counts them, without the point layer of a GeoPackage (0 if GDAL
    cannot read it). A GeoJSON file is not parsed (that takes longer than answering a thousand events): its
    ``"type": "Feature"`` members are counted, an estimate that a property so named and valued would raise (it
    chooses an engine, and the engines give the same answers)."""
    if Path(path).suffix.lower() in (".geojson", ".json"):
        try:
            return len(_FEATURE_MEMBER.findall(Path(path).read_bytes()))
        except OSError:
            return 0
    import pyogrio

    try:
        return sum(int(pyogrio.read_info(path, layer=name, force_feature_count=True)["features"])
                   for name, *_ in pyogrio.list_layers(path) if name != "events_point")
    except (pyogrio.errors.DataSourceError, OSError, ValueError):
        return 0


# --- suspect rows: one policy for every format -------------------------------------------------------------------
def suspect_flags(lon: Any, lat: Any, boundaries: Boundaries, units: Any = None) -> Any:
    """The flag each point earns (an object array of :data:`~geoevents.model.FLAG_SWAPPED`,
    :data:`~geoevents.model.FLAG_OUTSIDE` or "" for none): outside the boundary data, and if so, whether it would be
    inside with longitude and latitude swapped. ``units``: the points' units
    (:meth:`~geoevents.places.Boundaries.units_at`), if the caller has them.

    Examples
    --------
    >>> import geoevents
    >>> suspect_flags([35.27, 51.19, 5.0], [51.19, 35.27, 45.0], geoevents.load_boundaries()).tolist()
    ['', 'swapped axes?', 'outside the boundary data']
    """
    import numpy as np

    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    units = boundaries.units_at(lon, lat) if units is None else np.asarray(units)
    out = np.full(len(lon), "", dtype=object)
    out[units < 0] = FLAG_OUTSIDE
    out[boundaries.swapped(lon, lat, units)] = FLAG_SWAPPED
    return out


def flag_messages(name: str | Path, ids: Any, lon: Any, lat: Any, flags: Any, found: Any, *,
                  limit: int = MAX_FLAG_MESSAGES) -> list[str]:
    """One warning line per flagged row (``flags``: the text of each row's flags, "" for none; ``found``: the flag
    :func:`suspect_flags` gave it, "" if it was flagged in the file only), naming the file, the feature and the
    problem; at most ``limit`` lines.

    Examples
    --------
    >>> flag_messages("x.csv", ["a", "b"], [35.27, 51.19], [51.19, 35.27], ["", "swapped axes?"],
    ...               ["", "swapped axes?"])
    ["x.csv: feature 'b': flagged 'swapped axes?': (lon 51.19, lat 35.27) is outside the boundary data but would be \
inside with longitude and latitude swapped (check the file's coordinate order); kept as it is"]
    """
    out: list[str] = []
    for i, text in enumerate(flags):
        if len(out) >= limit:
            break
        if not text:
            continue
        detail = {FLAG_SWAPPED: "is outside the boundary data but would be inside with longitude and latitude "
                                "swapped (check the file's coordinate order)",
                  FLAG_OUTSIDE: "is outside the boundary data"}.get(found[i], "was flagged so in the file")
        out.append(f"{name}: feature {str(ids[i])!r}: flagged {text!r}: (lon {float(lon[i]):g}, lat "
                   f"{float(lat[i]):g}) {detail}; kept as it is")
    return out


def more_flagged(name: str | Path, counts: Mapping[str, int]) -> str:
    """The line about the flagged rows of a file beyond :data:`MAX_FLAG_MESSAGES` (``counts``: rows by flag text).

    >>> more_flagged("x.csv", {"outside the boundary data": 1200})
    "x.csv: 1,200 more rows flagged ('outside the boundary data' 1,200), not listed one by one"
    """
    kinds = ", ".join(f"{text!r} {n:,}" for text, n in sorted(counts.items()))
    return f"{name}: {sum(counts.values()):,} more rows flagged ({kinds}), not listed one by one"


def flag_suspect(events: list[Event], boundaries: Boundaries, name: str | Path) -> tuple[list[Event], list[str]]:
    """The located ``events`` of the file ``name`` with their suspect points flagged (:func:`suspect_flags`; flags
    read from the file are kept), each event otherwise as it was, and the warning lines about the flagged ones
    (:func:`flag_messages`, :func:`more_flagged`). The same rows give the same flags and lines whatever the format
    they came from; the bulk engines apply the same functions to their columns.

    Examples
    --------
    >>> import geoevents, shapely
    >>> point = shapely.Point(51.19, 35.27)  # Sudzha (51.19N 35.27E) with the axes swapped
    >>> e = geoevents.Event("e1", "t", location=geoevents.Location(point, point, 0.0, 0.0, ()))
    >>> (flagged,), messages = flag_suspect([e], geoevents.load_boundaries(), "x.geojson")
    >>> flagged.flags, len(messages)
    (('swapped axes?',), 1)
    """
    import numpy as np

    located = [i for i, e in enumerate(events) if e.location is not None]
    points = [events[i].location.point for i in located]  # type: ignore[union-attr]
    xy = shapely.get_coordinates(points).reshape(-1, 2) if points else np.empty((0, 2))
    found = suspect_flags(xy[:, 0], xy[:, 1], boundaries)
    out, texts = list(events), []
    for i, flag in zip(located, found, strict=True):
        event = events[i]
        flags = check_flags((*event.flags, flag)) if flag else event.flags
        if flags != event.flags:
            out[i] = dataclasses.replace(event, flags=flags)
        texts.append(flags_text(flags))
    ids = [events[i].id for i in located]
    messages = flag_messages(name, ids, xy[:, 0], xy[:, 1], texts, found)
    if len(messages) < sum(map(bool, texts)):
        rest: dict[str, int] = {}
        for text in [t for t in texts if t][len(messages):]:
            rest[text] = rest.get(text, 0) + 1
        messages.append(more_flagged(name, rest))
    return out, messages


# --- one reader per format ---------------------------------------------------------------------------------------
def _read_frame(path: Path, kind: Format) -> Any:
    """The GeoDataFrame of a GIS file, GeoParquet or geoevents' CSV export, as written (one row per feature)."""
    if not path.exists():
        raise EventFileError(f"{path}: no such file")
    if kind.name == "parquet":
        import geopandas as gpd
        import pyarrow

        try:
            return gpd.read_parquet(path)
        except (OSError, ValueError, pyarrow.ArrowException, shapely.errors.GEOSException) as exc:
            raise EventFileError(f"{path}: not GeoParquet: {exc}") from None
    if kind.name == "csv":
        return _wkt_csv_frame(path)
    return _gdal_frame(path, kind)


def _gdal_frame(path: Path, kind: Format) -> Any:
    """Every layer of a file GDAL reads, as one GeoDataFrame; rows of a layer ``events_point`` get ``role`` point.
    A format of one layer is read without listing its layers (GDAL would parse a GeoJSON file twice)."""
    import pandas as pd
    import pyogrio

    try:
        frames = []
        for layer in [None] if kind.one_layer else [name for name, *_ in pyogrio.list_layers(path)]:
            frame = pyogrio.read_dataframe(path, layer=layer)
            if path.suffix.lower() == ".kml" and "id2" in frame.columns:
                # GDAL's LIBKML reader gives the Placemark's XML id as "id" and our own id column as "id2"
                frame = frame.drop(columns=["id"]).rename(columns={"id2": "id"})
            if layer == "events_point":
                frame["role"] = "point"
            frames.append(frame)
    except IndexError:  # pyogrio asked for the first layer of a file GDAL opens with none
        frames = []
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.CRSError,
            shapely.errors.GEOSException, UnicodeDecodeError) as exc:
        # DataLayerError covers bad features, fields and geometries: a truncated FlatGeobuf fails mid-read; a ring
        # damaged open fails when its WKB becomes a shapely geometry, a damaged text field when it is decoded
        raise EventFileError(f"{path}: GDAL cannot read it (damaged or truncated?): {exc}") from None
    if not frames:  # e.g. a FlatGeobuf cut inside its header
        raise EventFileError(f"{path}: GDAL finds no layer in it (damaged or truncated?)")
    if len(frames) == 1:
        return frames[0]
    import geopandas as gpd

    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name,
                            crs=frames[0].crs)


def _wkt_csv_frame(path: Path) -> Any:
    """geoevents' CSV export: every column as text, the region from ``wkt``; a bad WKT names its line."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, ValueError) as exc:
        raise EventFileError(f"{path}: malformed CSV: {exc}") from None
    raw = raw.map(restore)  # text cells written spreadsheet-safe come back as they were
    wkt = raw.pop("wkt").to_numpy(dtype=object)
    geoms = shapely.from_wkt(wkt, on_invalid="ignore")
    bad = np.nonzero(np.array([g is None for g in geoms]) & (wkt != ""))[0]
    if len(bad):
        raise EventFileError(f"{path}:{bad[0] + 2}: wkt: not a geometry")
    return gpd.GeoDataFrame(raw, geometry=geoms, crs="OGC:CRS84")


def _has_wkt(path: Path) -> bool:
    """Whether a CSV file's header has a ``wkt`` column (geoevents' export) rather than latitude/longitude."""
    with reading(path), path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f), [])
    return "wkt" in (h.strip().lower() for h in header)


def _point_table_events(path: Path, boundaries: Boundaries | None) -> list[Event]:
    """ACLED/UCDP-style tables of points: an event per good row; bad rows are logged (line numbers) and skipped."""
    from geoevents.datasets.points import parse_point_table
    from geoevents.datasets.rows import events_from_table

    try:
        # a StringIO, not splitlines(): quoted line breaks, U+2028 and \x1e stay inside their fields
        table = parse_point_table(csv.reader(io.StringIO(_text(path), newline=""), strict=True), name=str(path))
    except csv.Error as exc:
        raise EventFileError(f"{path}: malformed CSV: {exc}") from None
    events, errors = events_from_table(table, boundaries)
    for message in table.errors + errors:
        logger.warning("skipped %s", message)
    if not events:
        raise EventFileError(f"{path}: no usable rows ({len(table.errors) + len(errors)} bad)")
    return events


def _point_table_frame(path: Path, keep: Mapping[str, str]) -> tuple[Any, list[str], list[dict[str, str]]]:
    """The same tables for the bulk engines: a frame of the good rows (with the ``keep`` columns under their output
    names), the bad rows' messages, each row's texts."""
    import geopandas as gpd

    from geoevents.datasets.points import read_point_table

    table = read_point_table(path, keep=keep)
    frame = gpd.GeoDataFrame({"id": table.ids, "date": table.dates, "lon": table.lon, "lat": table.lat,
                              "precision": table.precision, "radius_km": table.radius_km, **table.kept},
                             geometry=table.geometries() if len(table) else [], crs="OGC:CRS84")
    return frame, list(table.errors), table.texts


def _sequence_features(path: Path) -> list[Any]:
    """The Features of a GeoJSON sequence: RFC 8142 (a record separator before each) or one per line."""
    features = []
    for line_no, line in enumerate(_text(path).split("\n"), start=1):  # U+2028 may sit raw inside a string
        line = line.strip().lstrip("\x1e").strip()
        if not line:
            continue
        features.append(load_json(line, f"{path}:{line_no}", line=False))
    return features


def _frame_features(frame: Any, path: Path) -> list[dict[str, Any]]:
    """GeoJSON-like features from a GeoDataFrame: missing values (NaN, NaT) become ``None``. Values a damaged file
    holds fail only here, when pyarrow-backed columns are converted: that is an error naming ``path``."""
    column = frame.geometry.name
    try:
        props = frame.drop(columns=column)
        props = props.astype(object).where(props.notna(), None)
        return [{"type": "Feature", "properties": record,
                 "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None}
                for record, geom in zip(props.to_dict("records"), frame.geometry, strict=True)]
    except Exception as exc:
        if isinstance(exc, (ValueError, UnicodeDecodeError, shapely.errors.GEOSException)) or type(
                exc).__module__.startswith("pyarrow"):
            raise EventFileError(f"{path}: damaged values: {exc}") from None
        raise


def _column(frame: Any, name: str) -> str | None:
    return next((c for c in frame.columns if str(c).lower() == name), None)


def _text(path: Path) -> str:
    with reading(path):
        return path.read_text(encoding="utf-8-sig")
