"""Point-event tables: CSV files with latitude/longitude columns, such as ACLED and UCDP GED exports.

:func:`parse_point_table` is pure (rows in, arrays and a list of row errors out); :func:`read_point_table` reads a
file. A bad row never stops the others: it is reported with its line number and left out. For the bulk engines,
:func:`iter_point_columns` reads the same tables column by column with pyarrow (no Python per row, text kept in
Arrow arrays), a part of the file at a time; a part it cannot take whole, because a row is bad or unusual, goes to
the row reader, so the rows kept and the messages about the others are the same either way.

Where a row carries a precision code, the event becomes an area: a geodesic circle whose radius is documented in
the codebook (:mod:`geoevents.datasets.codebook`). Codes that mean "somewhere in the province or country" get no
circle, because a circle would misstate what is known: given boundary data, :mod:`geoevents.datasets.adminareas` puts
the province or country in its place; without, the point is kept, flagged as imprecise.

The descriptive columns of ACLED and UCDP GED exports (:data:`TEXT_COLUMNS`) are kept per row as text, so that
:func:`geoevents.datasets.rows.events_from_table` can turn each row into a full event.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geoevents import settings
from geoevents._files import reading
from geoevents.datasets.adminareas import AREA_TEXT_COLUMNS
from geoevents.datasets.codebook import CODES, DATE_COLUMNS, ID_COLUMNS, LAT_COLUMNS, LON_COLUMNS, code_for
from geoevents.errors import EventFileError
from geoevents.geometry.antimeridian import split_antimeridian
from geoevents.geometry.geodesy import GEOD

__all__ = ["TEXT_COLUMNS", "PointColumns", "PointTable", "UnusualTable", "iter_point_columns", "parse_point_table",
           "precision_geometries", "precision_radius_km", "read_point_columns", "read_point_table"]


TEXT_COLUMNS = (
    # ACLED
    "location", "admin1", "admin2", "admin3", "country", "notes", "source", "source_scale", "event_type",
    "sub_event_type", "time_precision", "actor1", "actor2",
    # UCDP GED
    "date_end", "date_prec", "where_coordinates", "where_description", "adm_1", "adm_2", "source_office",
    "source_article", "source_headline", "dyad_name", "conflict_name", "side_a", "side_b", "type_of_violence",
)
"""Descriptive columns kept (lower-cased names) when a table has them."""


_RADII = {c.key: c.radius_km for c in CODES.values() if c.radius_km}


@dataclass
class PointTable:
    """Point events read from a table: coordinates, ids, dates, areas where precision allows, and row errors."""

    name: str
    ids: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    lon: np.ndarray = field(default_factory=lambda: np.empty(0))
    lat: np.ndarray = field(default_factory=lambda: np.empty(0))
    radius_km: np.ndarray = field(default_factory=lambda: np.empty(0))
    precision: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    texts: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    kept: dict[str, list[str]] = field(default_factory=dict)  # the cells of the columns asked for, as written

    def __len__(self) -> int:
        return len(self.ids)

    def geometries(self) -> np.ndarray:
        """Points, or geodesic circles (64 vertices) where a radius is known (:func:`precision_geometries`)."""
        return precision_geometries(self.lon, self.lat, self.radius_km)


def precision_radius_km(precision: Iterable[str]) -> np.ndarray:
    """The circle radius (km) of each ``scheme:code`` precision text ("acled:2" → 15.0); 0 where the code has no
    circle or there is no code."""
    return np.array([_RADII.get(p, 0.0) for p in precision], dtype=float)


def precision_geometries(lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray) -> np.ndarray:
    """Points at (lon, lat), or geodesic circles (64 vertices) where ``radius_km`` is above 0; circles across
    180 degrees are cut there."""
    lon, lat, radius_km = (np.asarray(a, dtype=float) for a in (lon, lat, radius_km))
    geoms = shapely.points(lon, lat)
    has = np.nonzero(radius_km > 0)[0]
    if len(has):
        az = np.linspace(0.0, 360.0, 64, endpoint=False)
        lon = np.repeat(lon[has], len(az))
        lat = np.repeat(lat[has], len(az))
        dist = np.repeat(radius_km[has] * 1000, len(az))
        x, y, _ = GEOD.fwd(lon, lat, np.tile(az, len(has)), dist)
        rings = np.stack([np.reshape(x, (len(has), len(az))), np.reshape(y, (len(has), len(az)))], axis=-1)
        geoms = geoms.astype(object)
        geoms[has] = shapely.polygons(np.concatenate([rings, rings[:, :1]], axis=1))
        wide = has[np.ptp(rings[:, :, 0], axis=1) > 180]  # circles across 180 degrees: cut there
        geoms[wide] = [split_antimeridian(g) for g in geoms[wide]]
    return geoms


def _column(header: list[str], names: Iterable[str]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def parse_point_table(rows: Iterable[list[str]], *, name: str = "<table>", first_line: int = 2,
                      keep: Mapping[str, str] | None = None) -> PointTable:
    """Parse CSV rows (the first is the header) into a :class:`PointTable`; the row after the header is line
    ``first_line`` of the file (for messages and ``row-N`` ids; more than 2 for a later part of a file).
    ``keep`` maps header names to names in :attr:`PointTable.kept`: those columns' cells of the good rows, as
    written ("" where the table has no such column or the row no such cell).

    Examples
    --------
    >>> t = parse_point_table([["id", "latitude", "longitude"], ["a", "51.5", "34.2"], ["b", "north", "34"]])
    >>> t.ids, t.errors
    (['a'], ["<table>:3: latitude 'north' is not a number"])
    """
    it = iter(rows)
    try:
        header = next(it)
    except StopIteration:
        raise EventFileError(f"{name}: empty table") from None
    lat_i, lon_i = _column(header, LAT_COLUMNS), _column(header, LON_COLUMNS)
    if lat_i is None or lon_i is None:
        raise EventFileError(f"{name}:1: no latitude/longitude columns "
                             f"(looked for {', '.join(LAT_COLUMNS + LON_COLUMNS)})")
    id_i, date_i = _column(header, ID_COLUMNS), _column(header, DATE_COLUMNS)
    acled_i, ucdp_i = _column(header, ("geo_precision",)), _column(header, ("where_prec",))
    text_i = {name: i for name in TEXT_COLUMNS if (i := _column(header, (name,))) is not None}
    table = PointTable(name)
    kept_i = {out: header.index(given) if given in header else None for given, out in (keep or {}).items()}
    table.kept = {out: [] for out in kept_i}
    lons, lats, radii = [], [], []
    for line, row in enumerate(it, start=first_line):
        if not any(cell.strip() for cell in row):
            continue
        try:
            lat = _number(row, lat_i, "latitude")
            lon = _number(row, lon_i, "longitude")
            if not -90 <= lat <= 90:
                hint = " (latitude and longitude swapped?)" if -90 <= lon <= 90 and abs(lat) <= 180 else ""
                raise ValueError(f"latitude {lat:g} out of range{hint}")
            if not -180 <= lon <= 180:
                raise ValueError(f"longitude {lon:g} out of range")
            radius, precision = _radius(row, acled_i, ucdp_i)
        except ValueError as exc:
            table.errors.append(f"{name}:{line}: {exc}")
            continue
        table.ids.append(row[id_i].strip() if id_i is not None and id_i < len(row) and row[id_i].strip()
                         else f"row-{line}")
        table.dates.append(row[date_i].strip() if date_i is not None and date_i < len(row) else "")
        table.precision.append(precision)
        table.texts.append({name: row[i].strip() for name, i in text_i.items() if i < len(row) and row[i].strip()})
        table.lines.append(line)
        for out, i in kept_i.items():
            table.kept[out].append(row[i] if i is not None and i < len(row) else "")
        lons.append(lon)
        lats.append(lat)
        radii.append(radius)
    table.lon, table.lat, table.radius_km = np.array(lons), np.array(lats), np.array(radii)
    return table


def _number(row: list[str], i: int, what: str) -> float:
    if i >= len(row) or not row[i].strip():
        raise ValueError(f"{what} missing")
    try:
        value = float(row[i])
    except ValueError:
        raise ValueError(f"{what} {row[i].strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} {row[i].strip()!r} is not a finite number")
    return value


def _radius(row: list[str], acled_i: int | None, ucdp_i: int | None) -> tuple[float, str]:
    for i, scheme in ((acled_i, "acled"), (ucdp_i, "ucdp")):
        if i is None or i >= len(row) or not row[i].strip():
            continue
        try:
            code = int(row[i])
        except ValueError:
            raise ValueError(f"precision code {row[i].strip()!r} is not a whole number") from None
        found = code_for(scheme, code)
        if found is None:
            limit = max(c.code for c in CODES.values() if c.scheme == scheme)
            raise ValueError(f"{scheme} precision code {code} is not between 1 and {limit}")
        return found.radius_km or 0.0, found.key
    return 0.0, ""


def read_point_table(path: str | Path, *, keep: Mapping[str, str] | None = None) -> PointTable:
    """Read a CSV file of point events (UTF-8, with or without a byte-order mark); ``keep`` as for
    :func:`parse_point_table`."""
    path = Path(path)
    with reading(path), path.open(newline="", encoding="utf-8-sig") as f:
        return parse_point_table(csv.reader(f, strict=True), name=str(path), keep=keep)


@dataclass
class PointColumns:
    """Point events read from a table (or a part of one), column by column: text as Arrow string arrays, numbers as
    numpy arrays.

    ``lines`` are the rows' line numbers (for messages), ``errors`` the messages about the rows left out,
    ``area_texts`` the columns that name a row's province and country (for rows coded to one, see
    :func:`geoevents.datasets.adminareas.admin_areas`), ``end`` how far into the file (bytes) this part reaches,
    ``by_rows`` whether the row reader read it, ``kept`` the columns asked for (``keep`` of
    :func:`iter_point_columns`), by their output names, as Arrow strings as written."""

    name: str
    ids: Any
    dates: Any
    precision: Any
    lon: np.ndarray
    lat: np.ndarray
    radius_km: np.ndarray
    lines: np.ndarray
    errors: list[str] = field(default_factory=list)
    area_texts: Any = None  # an Arrow table, or one dict per row (from the row reader)
    end: int = 0
    by_rows: bool = False  # read by the row reader
    kept: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lon)

    def texts(self, rows: np.ndarray) -> list[dict[str, str]]:
        """The province and country columns of the given rows (positions in these columns), one dict per row."""
        if isinstance(self.area_texts, list):
            return [self.area_texts[i] for i in rows]
        if self.area_texts is None or not len(rows):
            return [{} for _ in rows]
        table = self.area_texts.take(np.asarray(rows))
        columns = {n: [(v or "").strip() for v in table.column(n).to_pylist()] for n in table.column_names}
        return [{n: v[i] for n, v in columns.items() if v[i]} for i in range(len(rows))]


class UnusualTable(Exception):
    """Raised by :func:`iter_point_columns` when a part of a table after the first one needs the row reader: the
    caller drops what it made of the earlier parts and reads the file again with ``by_rows=True``."""


def read_point_columns(path: str | Path) -> PointColumns:
    """Read a whole CSV file of point events as one :class:`PointColumns` (see :func:`iter_point_columns`)."""
    path = Path(path)
    with reading(path):
        size = path.stat().st_size
    return next(iter(iter_point_columns(path, block_bytes=size + 1)))


def iter_point_columns(path: str | Path, *, by_rows: bool = False, block_bytes: int = settings.BULK_PART_BYTES,
                       keep: Mapping[str, str] | None = None) -> Iterator[PointColumns]:
    """Read a CSV file of point events (UTF-8, with or without a byte-order mark) as :class:`PointColumns`, one part
    of about ``block_bytes`` at a time, so that tables larger than memory can be answered.

    pyarrow reads the coordinate, id, date, precision and province columns. A part with anything the fast reading
    cannot vouch for (a missing or malformed number, an out-of-range coordinate or precision code, a blank line, a
    ragged row) goes to the row reader (:func:`parse_point_table`), which names every bad row: the whole file if it
    is the first part, else :class:`UnusualTable` is raised. ``by_rows``: the row reader from the start.
    ``keep`` maps header names to output names: those columns come along as text, as written
    (:attr:`PointColumns.kept`; "" where the table has no such column).
    """
    import pyarrow as pa

    path = Path(path)
    with reading(path):
        header = _header(path)
        found = {key: _header_name(header, names) for key, names in (
            ("lat", LAT_COLUMNS), ("lon", LON_COLUMNS), ("id", ID_COLUMNS), ("date", DATE_COLUMNS),
            ("acled", ("geo_precision",)), ("ucdp", ("where_prec",)))}
        areas = [h for n in AREA_TEXT_COLUMNS if (h := _header_name(header, (n,))) is not None]
        usable = found["lat"] is not None and found["lon"] is not None and len(set(header)) == len(header)
        keep = dict(keep or {})
        if by_rows or not usable:
            yield from _by_rows(path, block_bytes, keep)
            return
        # a kept coordinate column is read as text, as written, and converted here (_checked_columns)
        types = {h: pa.float64() if key in ("lat", "lon") and h not in keep else pa.string()
                 for key, h in found.items() if h}
        types.update({h: pa.string() for h in [*areas, *(k for k in keep if k in header)]})
        first_line, done, size = 2, 0, path.stat().st_size
        source = pa.OSFile(str(path))
        try:
            for batch in _arrow_batches(source, types, block_bytes):
                part = _checked_part(batch, found, areas, first_line, str(path)) if batch is not None else None
                if part is None:
                    if done:
                        raise UnusualTable(str(path))
                    yield from _by_rows(path, block_bytes, keep)
                    return
                part.kept = {out: batch.column(given) if given in header else pa.repeat("", len(part))
                             for given, out in keep.items()}
                done += 1
                part.end = min(size, done * block_bytes)  # a batch is a block of the file (pyarrow reads ahead)
                first_line += len(part)
                yield part
        finally:
            source.close()
        if not done:  # a header alone
            yield from _by_rows(path, block_bytes, keep)


def _arrow_batches(source: Any, types: dict, block_bytes: int) -> Iterator[Any]:
    """The record batches of a CSV stream; None for one pyarrow cannot read (then no more)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    try:
        reader = pcsv.open_csv(source, read_options=pcsv.ReadOptions(block_size=block_bytes, use_threads=True),
                               parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                               convert_options=pcsv.ConvertOptions(column_types=types, include_columns=list(types),
                                                                   strings_can_be_null=False))
        yield from reader
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        yield None


def _checked_part(batch: Any, found: dict[str, str | None], areas: list[str], first_line: int,
                  name: str) -> PointColumns | None:
    """A part of the table, if every row of the batch is good, else None (the caller reads row by row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = _checked_columns(batch, found["lat"] or "", found["lon"] or "", found["acled"], found["ucdp"])
    if columns is None:
        return None
    lon, lat, radius, precision = columns
    n = len(lon)
    lines = np.arange(first_line, first_line + n)
    if found["id"] is not None:
        ids = pc.utf8_trim_whitespace(batch.column(found["id"]))
        unnamed = pc.equal(ids, "")
        if pc.any(unnamed).as_py():
            ids = pc.if_else(unnamed, pa.array(np.char.add("row-", lines.astype(str))), ids)
    else:
        ids = pa.array(np.char.add("row-", lines.astype(str)))
    dates = (pc.utf8_trim_whitespace(batch.column(found["date"])) if found["date"] is not None
             else pa.repeat("", n))
    area_texts = (pa.table({n: batch.column(h) for n, h in zip(_named(areas), areas, strict=True)}) if areas
                  else None)
    return PointColumns(name, ids, dates, precision, lon, lat, radius, lines, area_texts=area_texts)


def _named(headers: list[str]) -> list[str]:
    return [h.strip().lower() for h in headers]


def _by_rows(path: Path, block_bytes: int, keep: Mapping[str, str]) -> Iterator[PointColumns]:
    """The row reader (:func:`parse_point_table`) over parts of about ``block_bytes`` of the file."""
    import pyarrow as pa

    with reading(path), path.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, strict=True)
        header = next(rows, None)
        if header is None:
            raise EventFileError(f"{path}: empty table")
        first_line, parts = 2, 0
        while True:
            chunk, size = [], 0
            for row in rows:
                chunk.append(row)
                size += sum(len(c) for c in row) + len(row)
                if size >= block_bytes:
                    break
            if not chunk and parts:
                return
            table = parse_point_table([header, *chunk], name=str(path), first_line=first_line, keep=keep)
            first_line += len(chunk)
            parts += 1
            areas = [{k: v for k, v in t.items() if k in AREA_TEXT_COLUMNS} for t in table.texts]
            yield PointColumns(table.name, pa.array(table.ids, pa.string()), pa.array(table.dates, pa.string()),
                               pa.array(table.precision, pa.string()), table.lon, table.lat, table.radius_km,
                               np.asarray(table.lines, dtype=np.int64), list(table.errors), areas, raw.tell(),
                               by_rows=True, kept={k: pa.array(v, pa.string()) for k, v in table.kept.items()})
            if not chunk:
                return


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        try:
            return next(csv.reader(f, strict=True), [])
        except csv.Error:
            return []


def _header_name(header: list[str], names: Iterable[str]) -> str | None:
    """The header cell naming the first of ``names`` present (compared lower-cased, stripped)."""
    i = _column(header, names)
    return None if i is None else header[i]


def _checked_columns(table: Any, lat_h: str, lon_h: str, acled_h: str | None,
                     ucdp_h: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any] | None:
    """(lon, lat, radius_km, precision) if every row is good, else None (the caller reads row by row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lat_c, lon_c = table.column(lat_h), table.column(lon_h)
    try:  # read as text when the column is also kept
        lat_c, lon_c = (c if pa.types.is_floating(c.type) else c.cast(pa.float64()) for c in (lat_c, lon_c))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if lat_c.null_count or lon_c.null_count:
        return None
    lon, lat = lon_c.to_numpy(), lat_c.to_numpy()
    if not (np.all(np.abs(lat) <= 90) and np.all(np.abs(lon) <= 180)):  # NaN fails too
        return None
    n = len(lon)
    names, key, radius = [""], np.zeros(n, dtype=np.int32), np.zeros(n)  # precision as codes into names
    todo = np.ones(n, dtype=bool)
    for header, scheme in ((acled_h, "acled"), (ucdp_h, "ucdp")):
        if header is None:
            continue
        codes = pc.dictionary_encode(pc.utf8_trim_whitespace(table.column(header)))
        at = codes.indices.to_numpy(zero_copy_only=False)
        for i, text in enumerate(codes.dictionary.to_pylist()):
            given = todo & (at == i)
            if not text or not given.any():
                continue
            try:
                code = code_for(scheme, int(text))
            except ValueError:
                return None
            if code is None:
                return None
            if code.key not in names:
                names.append(code.key)
            key[given], radius[given] = names.index(code.key), code.radius_km or 0.0
            todo &= ~given
    return lon, lat, radius, pa.DictionaryArray.from_arrays(pa.array(key), pa.array(names, pa.string()))
