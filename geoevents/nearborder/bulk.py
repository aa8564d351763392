"""Near-border answers for many events at once: the in-process engine, and what it shares with the dask engine.

Both engines run :func:`answer_frame` on normalised frames (:mod:`geoevents.datasets.frames`): the in-process engine
on each file in chunks, the dask engine (:mod:`geoevents.nearborder.dask`) on each partition on a worker. Both then
hand the pieces, in input order, to :func:`collect`, which numbers the rows, names rows without an id
(``feature-N``, N counting from 1 in each input), reports unusable rows, flags suspect ones (outside the boundary
data, or inside only with longitude and latitude swapped: kept, flagged and warned about, as the per-event commands
do, :func:`geoevents.io.read.suspect_flags`), adds the side of the border and sorts by the smallest distance (ties
keep the input order). So the two engines give identical results.

Distances and statuses are those of :meth:`geoevents.nearborder.index.NearBorderIndex.answer`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from typing import Any

import numpy as np

from geoevents import settings
from geoevents._files import shown_name
from geoevents.datasets.points import PointColumns
from geoevents.errors import InvalidValueError
from geoevents.io.read import MAX_FLAG_MESSAGES, flag_messages, more_flagged, suspect_flags
from geoevents.io.sortedruns import SortedRuns
from geoevents.model import NearBorderStatus, check_flags, flags_text
from geoevents.nearborder.index import NearBorderIndex
from geoevents.places.boundaries import Boundaries
from geoevents.progress import Progress

__all__ = ["OUTPUT_COLUMNS", "BulkResult", "answer_frame", "answer_point_columns", "collect",
           "engine_for", "kept_columns", "near_border_tables"]

OUTPUT_COLUMNS = ("file", "id", "date", "lon", "lat", "precision", "radius_km", "min_km", "max_km", "status",
                  "fraction_within", "side", "flags")
"""The columns every near-border answer has, in either engine, in order (``status`` is certain, possible or
outside; ``flags`` the row's flags as text, :func:`geoevents.model.flags_text`: "swapped axes?", "outside the
boundary data"; "" for none)."""
_RESERVED = frozenset(c.lower() for c in (*OUTPUT_COLUMNS, "geometry", "problem", "units"))
_CHUNK = 50_000  # rows classified between two progress updates
_BY_NEARNESS = (NearBorderStatus.CERTAIN, NearBorderStatus.POSSIBLE, NearBorderStatus.OUTSIDE)


class BulkResult:
    """Bulk near-border answers: one row per usable event, sorted by ``min_km`` (ties in input order), with the
    columns :data:`OUTPUT_COLUMNS`; the messages about unusable rows (``errors``) and flagged ones (``warnings``);
    the border and distance asked about.

    The rows are held as sorted runs (:class:`geoevents.io.SortedRuns`, on disk beyond a memory budget):
    :meth:`batches` streams them in order, :attr:`table` gathers them into one Arrow table, :attr:`frame` into a
    pandas DataFrame with the geometries."""

    def __init__(self, runs: SortedRuns, border: str, km: float, errors: list[str] | None = None,
                 warnings: list[str] | None = None, counts: dict[str, int] | None = None,
                 kept: tuple[str, ...] = ()) -> None:
        self.runs, self.border, self.km = runs, border, km
        self.errors, self.warnings = list(errors or []), list(warnings or [])
        self._counts = dict(counts or {})
        self._table: Any = None
        self.columns: tuple[str, ...] = (*OUTPUT_COLUMNS, *kept)
        """The output columns: :data:`OUTPUT_COLUMNS`, then the input columns kept (text, as the inputs give it;
        see :func:`kept_columns`)."""

    def __len__(self) -> int:
        return len(self.runs)

    def batches(self, rows: int = 32_768) -> Iterator[Any]:
        """The answers in order, ``rows`` at a time, as Arrow tables of :attr:`columns` (batches of 32,768 rows
        keep the peak of writing 10^6 answers 20-30 MB lower than 65,536, in the same time)."""
        for batch in self.runs.batches(rows):
            yield batch.select(list(self.columns))

    @property
    def table(self) -> Any:
        """All answers as one Arrow table of :attr:`columns` (in memory; text as strings, numbers as floats)."""
        import pyarrow as pa

        if self._table is None:
            self._table = self.runs.table()
        table = self._table.select(list(self.columns))
        return pa.table({name: _plain_column(table.column(name)) for name in table.column_names})

    @property
    def frame(self) -> Any:
        """The answers as a pandas DataFrame (:attr:`columns`, then ``geometry``: every row's shapely
        geometry, points included)."""
        frame = self.table.to_pandas()
        frame["geometry"] = self.geometries()
        return frame

    def geometries(self) -> np.ndarray:
        """Every row's lon/lat geometry: its area, or its point."""
        import shapely

        self.table  # noqa: B018 - gathers the rows
        lon, lat = self._table.column("lon").to_numpy(), self._table.column("lat").to_numpy()
        wkb = self._table.column("geometry")
        out = np.full(len(self), None, dtype=object)
        given = np.asarray(wkb.is_valid(), dtype=bool)
        out[given] = shapely.from_wkb(wkb.filter(wkb.is_valid()).to_numpy(zero_copy_only=False))
        out[~given] = shapely.points(lon[~given], lat[~given])
        return out

    def counts(self) -> dict[str, int]:
        """Number of events per status: certain, possible, outside (all answered, also those not kept)."""
        return {s.value: self._counts.get(s.value, 0) for s in _BY_NEARNESS}


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


def answer_point_columns(columns: PointColumns, index: NearBorderIndex, boundaries: Boundaries | None,
                         units: np.ndarray | None = None, *, outside: bool = True) -> dict:
    """The answered rows of a point table, as columns (see :func:`collect`): rows that are points are answered
    from their coordinate arrays (:meth:`NearBorderIndex.answer_points`); rows with a precision circle or coded
    to a larger area go through geometries as in :func:`answer_frame`. ``units``: the rows' boundary units
    (:meth:`~geoevents.places.Boundaries.units_at`), if the caller has them, for the side. ``outside=False``: the
    outside points will not be kept, so those far enough out are not measured (their distances are NaN)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from geoevents.datasets.codebook import AREA_LEVELS

    coarse = np.asarray(pc.is_in(columns.precision, value_set=pa.array(list(AREA_LEVELS), pa.string())), dtype=bool)
    shaped = np.nonzero((columns.radius_km > 0) | coarse)[0]
    piece = {"id": columns.ids, "date": columns.dates, "precision": columns.precision, "lon": columns.lon.copy(),
             "lat": columns.lat.copy(), "radius_km": columns.radius_km.copy()}
    n = len(columns)
    piece.update(status=np.zeros(n, dtype=np.int8), fraction_within=np.zeros(n), min_km=np.zeros(n),
                 max_km=np.zeros(n))
    plain = np.ones(n, dtype=bool)
    plain[shaped] = False
    for name, values in index.answer_points(columns.lon[plain], columns.lat[plain], outside=outside).items():
        piece[name][plain] = values
    if len(shaped):
        frame = _shaped_frame(columns, shaped, boundaries)
        answered = answer_frame(frame, index)
        for name in ("lon", "lat", "radius_km", "status", "fraction_within", "min_km", "max_km"):
            piece[name][shaped] = answered[name].to_numpy()
        geometry = np.full(len(columns), None, dtype=object)
        geometry[shaped] = answered["geometry"].to_numpy()
        piece["geometry"] = geometry
    if units is not None:
        piece["units"] = np.array(units)
        piece["units"][shaped] = -2  # moved into their area: looked up again
    piece["problem"] = pa.repeat("", len(columns))
    piece["flags"] = pa.repeat("", len(columns))  # a CSV table of points has no flags column: all are earned here
    piece.update(columns.kept)
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


_TEXT = ("id", "date", "precision", "problem", "flags")
_NUMBERS = ("lon", "lat", "radius_km", "fraction_within", "min_km", "max_km")


def _piece_columns(piece: Any, kept: tuple[str, ...]) -> dict:
    """A piece as columns: Arrow strings for text (the ``kept`` columns too), numpy arrays for numbers (a frame of
    :func:`answer_frame`, or columns already)."""
    import pyarrow as pa

    if isinstance(piece, dict):
        return piece
    out = {c: pa.array(piece[c].to_numpy(dtype=object) if c in piece.columns else np.full(len(piece), ""),
                       pa.string()) for c in (*_TEXT, *kept)}
    out.update({c: piece[c].to_numpy(dtype=float) for c in _NUMBERS})
    out["status"] = piece["status"].to_numpy(dtype=np.int8)
    if "geometry" in piece.columns:
        out["geometry"] = np.asarray(piece["geometry"].to_numpy(), dtype=object)
    return out


def _plain_column(column: Any) -> Any:
    """A dictionary-encoded column as its values (the runs keep repeated values as dictionaries)."""
    import pyarrow as pa

    return column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column


def _dictionary(text: Any) -> Any:
    """Text as a dictionary array of strings (cheap to reorder when values repeat)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.dictionary_encode(text) if not pa.types.is_dictionary(text.type) else text
    return text.cast(pa.dictionary(pa.int32(), pa.string()))


class _Collector:
    """Answered pieces, in input order, into sorted runs: rows numbered per file, rows without an id named
    ``feature-N``, unusable rows reported, suspect rows flagged and warned about (at most
    :data:`~geoevents.io.read.MAX_FLAG_MESSAGES` lines per file, then one line for the rest), the side of the
    border added, the output columns made."""

    def __init__(self, index: NearBorderIndex, border: str, boundaries: Boundaries | None,
                 memory_bytes: int = settings.BULK_MEMORY_BYTES, kept: tuple[str, ...] = (),
                 statuses: Collection[str] | None = None) -> None:
        self.index, self.border, self.boundaries, self.kept = index, border, boundaries, kept
        self.wanted = None if statuses is None else np.array(sorted(_status(s).code for s in statuses))
        self.runs = SortedRuns("min_km", budget_bytes=memory_bytes)
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.counts = dict.fromkeys((s.value for s in NearBorderStatus), 0)
        self.rows_in_file: dict[str, int] = {}
        self.flags_shown: dict[str, int] = {}  # warning lines about flagged rows, by file
        self.flags_more: dict[str, dict[str, int]] = {}  # flagged rows beyond those lines, by file and flag text

    def add(self, name: str, raw: Any) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc
        import shapely

        piece = _piece_columns(raw, self.kept)
        n = len(piece["lon"])
        first = self.rows_in_file.get(name, 0)
        self.rows_in_file[name] = first + n
        rows = np.arange(first + 1, first + n + 1)
        ids = piece["id"]
        unnamed = np.asarray(pc.equal(ids, ""), dtype=bool)
        if unnamed.any():
            ids = pc.if_else(pa.array(unnamed), pa.array(np.char.add("feature-", rows.astype(str))), ids)
        bad = ~np.asarray(pc.equal(piece["problem"], ""), dtype=bool)
        keep = np.nonzero(~bad)[0]
        if bad.any():
            problems = piece["problem"].to_numpy(zero_copy_only=False)
            self.errors.extend(f"{name}: feature {r}: {p}" for r, p in zip(rows[bad], problems[bad], strict=True))

        def kept(column: Any) -> Any:
            if not bad.any():
                return column
            return column.take(pa.array(keep)) if isinstance(column, (pa.Array, pa.ChunkedArray)) else column[keep]

        lon, lat, status = kept(piece["lon"]), kept(piece["lat"]), kept(piece["status"]).astype(np.int32)
        statuses = pa.array([s.value for s in NearBorderStatus], pa.string())
        for code, count in enumerate(np.bincount(status, minlength=len(statuses))):
            self.counts[statuses[code].as_py()] += int(count)
        m = len(lon)
        found = np.full(m, "", dtype=object)
        if self.boundaries is not None and m:
            units = np.array(kept(piece["units"])) if "units" in piece else np.full(m, -2)
            unknown = np.nonzero(units == -2)[0]
            units[unknown] = self.boundaries.units_at(lon[unknown], lat[unknown])
            found = suspect_flags(lon, lat, self.boundaries, units)
            at, names = self.boundaries.country_codes_at(lon, lat, units)
            side = pa.DictionaryArray.from_arrays(pa.array(at, pa.int32()), pa.array(names, pa.string()))
        else:
            side = pa.DictionaryArray.from_arrays(pa.array(np.zeros(m, dtype=np.int32)), pa.array([""]))
        flags = self._flags(name, kept(ids), lon, lat, kept(piece["flags"]) if "flags" in piece else None, found)
        geometry = pa.nulls(m, pa.binary())
        if "geometry" in piece:
            geoms = kept(piece["geometry"])
            areas = shapely.get_type_id(geoms) > 0  # not a point (0) nor missing (-1)
            if areas.any():
                wkb = np.full(m, None, dtype=object)
                wkb[areas] = shapely.to_wkb(geoms[areas])
                geometry = pa.array(wkb, pa.binary())
        # text with few distinct values as dictionaries: cheap to reorder, written as text
        table = pa.table({
            "file": pa.DictionaryArray.from_arrays(pa.array(np.zeros(m, dtype=np.int32)), pa.array([name])),
            "id": kept(ids), "date": _dictionary(kept(piece["date"])), "lon": lon, "lat": lat,
            "precision": _dictionary(kept(piece["precision"])),
            "radius_km": pc.dictionary_encode(pa.array(kept(piece["radius_km"]), pa.float64())),
            "min_km": np.round(kept(piece["min_km"]), 3), "max_km": np.round(kept(piece["max_km"]), 3),
            "status": pa.DictionaryArray.from_arrays(pa.array(status, pa.int32()), statuses),
            "fraction_within": pc.dictionary_encode(pa.array(np.round(kept(piece["fraction_within"]), 4))),
            "side": side, "flags": _dictionary(pa.array(flags, pa.string())), "geometry": geometry,
            **{c: kept(piece[c]) if c in piece else pa.repeat("", m) for c in self.kept}})
        if self.wanted is not None:  # counted above, flagged and warned about; only the wanted ones are kept
            table = table.filter(pa.array(np.isin(status, self.wanted)))
        self.runs.add(table)

    def _flags(self, name: str, ids: Any, lon: np.ndarray, lat: np.ndarray, given: Any,
               found: np.ndarray) -> np.ndarray:
        """Each row's flags as text: those the file gives (``given``, Arrow strings or None) and those it earns
        (``found``, :func:`~geoevents.io.read.suspect_flags`); the warning lines about flagged rows are added."""
        import pyarrow as pa

        flags = found.copy()
        if given is not None:
            given = np.asarray(given.to_numpy(zero_copy_only=False) if isinstance(given, (pa.Array, pa.ChunkedArray))
                               else given, dtype=object)
            for i in np.nonzero(given != "")[0]:  # exports of geoevents: checked by normalise_frame already
                flags[i] = flags_text(check_flags(f"{given[i]};{found[i]}"))
        flagged = np.nonzero(flags != "")[0]
        if not len(flagged):
            return flags
        shown = self.flags_shown.get(name, 0)
        listed = flagged[:max(0, MAX_FLAG_MESSAGES - shown)]
        self.warnings.extend(flag_messages(name, ids.take(pa.array(listed)).to_pylist(), lon[listed], lat[listed],
                                           flags[listed], found[listed]))
        self.flags_shown[name] = shown + len(listed)
        more = self.flags_more.setdefault(name, {})
        for text, n in zip(*np.unique(flags[flagged[len(listed):]].astype(str), return_counts=True), strict=True):
            more[str(text)] = more.get(str(text), 0) + int(n)
        return flags

    def mark(self) -> tuple:
        """What has been collected so far, to go back to with :meth:`rollback`."""
        return (self.runs.mark(), len(self.errors), len(self.warnings), dict(self.counts), dict(self.rows_in_file),
                dict(self.flags_shown), {k: dict(v) for k, v in self.flags_more.items()})

    def rollback(self, mark: tuple) -> None:
        runs, errors, warnings, self.counts, self.rows_in_file, self.flags_shown, self.flags_more = mark
        self.runs.drop_to(runs)
        del self.errors[errors:], self.warnings[warnings:]

    def result(self) -> BulkResult:
        more = [more_flagged(name, counts) for name, counts in self.flags_more.items() if counts]
        return BulkResult(self.runs, self.border, self.index.km, self.errors, self.warnings + more, self.counts,
                          self.kept)


def _status(name: str) -> NearBorderStatus:
    try:
        return NearBorderStatus(name)
    except ValueError:
        known = ", ".join(s.value for s in _BY_NEARNESS)
        raise InvalidValueError(f"unknown status {name!r}; known: {known}", field="statuses") from None


def collect(pieces: Iterable[tuple[str, Any]], *, index: NearBorderIndex, border: str,
            boundaries: Boundaries | None = None, errors: Iterable[str] = (),
            warnings: Iterable[str] = (), kept: tuple[str, ...] = (),
            statuses: Collection[str] | None = None) -> BulkResult:
    """One :class:`BulkResult` from answered pieces ``(file name, piece)``, in input order (see the module
    docstring). A piece is a frame of :func:`answer_frame` or the same columns as a dict (text as Arrow
    strings, numbers as numpy arrays, ``geometry`` optional); ``kept`` names more text columns the pieces have
    (the output names of :func:`kept_columns`); ``statuses``: keep only the answers of these (all are counted)."""
    collector = _Collector(index, border, boundaries, kept=kept, statuses=statuses)
    collector.errors.extend(errors)
    for name, piece in pieces:
        collector.add(name, piece)
    collector.warnings.extend(warnings)
    return collector.result()


def kept_columns(paths: list[str], keep: str | Iterable[str] | None, *, fmt: str | None = None) -> dict[str, str]:
    """The input columns to carry into the answers, as ``{input name: output name}``, in order: ``keep`` names
    them (a column is matched exactly, else case-blind if that finds one), or is ``"all"``: every column of every
    input (:func:`geoevents.io.table_columns`, without the geometry), in order of first appearance. A column whose
    name is an output column's (``id``, ``date``, ``lat``, ...) comes out as ``input_NAME``. Every input need not
    have every column: rows of one without it get "".

    Raises
    ------
    InvalidValueError
        If a column named is in none of the inputs (with the closest names the inputs have).
    """
    from geoevents.io import table_columns

    if keep is None or keep == ():
        return {}
    present: list[str] = []
    for path in paths:
        present.extend(c for c in table_columns(path, fmt=fmt) if c not in present)
    if isinstance(keep, str) and keep == "all":
        wanted = present
    else:
        wanted = []
        for name in [keep] if isinstance(keep, str) else keep:
            found = name if name in present else _blind_match(name, present, paths)
            if found not in wanted:
                wanted.append(found)
    out: dict[str, str] = {}
    taken = set(_RESERVED)
    for name in wanted:
        named = name
        while named.lower() in taken:
            named = f"input_{named}"
        out[name] = named
        taken.add(named.lower())
    return out


def _blind_match(name: str, present: list[str], paths: list[str]) -> str:
    """The column ``name`` means, compared case-blind; an error with the closest names if none or several."""
    from rapidfuzz import fuzz, process

    same = [c for c in present if c.lower() == name.lower()]
    if len(same) == 1:
        return same[0]
    if same:
        raise InvalidValueError(f"column {name!r} is ambiguous: the inputs have {', '.join(map(repr, same))}",
                                field="keep")
    close = [c for c, *_ in process.extract(name, present, scorer=fuzz.WRatio, limit=3, score_cutoff=70)]
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
    where = f"{shown_name(paths[0])} has no column" if len(paths) == 1 else "none of the inputs has a column"
    raise InvalidValueError(f"{where} {name!r}{hint} (columns: {_listed(present)})", field="keep")


def _listed(names: list[str], most: int = 12) -> str:
    return ", ".join(names[:most]) + (f", ... ({len(names)} in all)" if len(names) > most else "")


def near_border_tables(paths: list[str], index: NearBorderIndex, *, border: str, boundaries: Boundaries,
                       fmt: str | None = None, progress: Progress | None = None,
                       keep: str | Iterable[str] | None = None, part_bytes: int = settings.BULK_PART_BYTES,
                       memory_bytes: int = settings.BULK_MEMORY_BYTES,
                       statuses: Collection[str] | None = None) -> BulkResult:
    """The in-process engine: answer the events of table files (:func:`geoevents.io.read_table_frame`; CSV
    tables of points column by column, :func:`geoevents.io.iter_point_columns`, in parts of about ``part_bytes``,
    so that a table larger than memory is answered within it). The answers stay in memory up to about
    ``memory_bytes`` and go to temporary files beyond (:class:`geoevents.io.SortedRuns`); the result is the same.
    ``keep``: input columns to carry into the answers (:func:`kept_columns`); ``statuses``: keep only the answers
    of these ("certain", "possible", "outside"; all are counted), so that the others are neither sorted nor
    written. Progress is counted in bytes of input."""
    from geoevents.datasets.points import UnusualTable
    from geoevents.io import format_for, iter_parquet_frames, iter_point_columns, read_table_frame

    progress = progress or Progress()
    kept = kept_columns(paths, keep, fmt=fmt)
    outside = statuses is None or "outside" in statuses
    collector = _Collector(index, border, boundaries, memory_bytes, tuple(kept.values()), statuses)
    for path in paths:
        size = _size(path)
        progress.add_total(size)
        parts = iter_point_columns(path, fmt=fmt, block_bytes=part_bytes, keep=kept)
        if parts is not None:
            reported = 0

            def answer(parts: Iterable[PointColumns], name: str = shown_name(path)) -> None:
                nonlocal reported

                def answered(part: PointColumns) -> dict:
                    units = boundaries.units_at(part.lon, part.lat)  # for the flags and the side
                    return answer_point_columns(part, index, boundaries, units, outside=outside)

                def collected(part: PointColumns, piece: dict) -> None:
                    nonlocal reported
                    collector.errors.extend(part.errors)
                    collector.add(name, piece)
                    progress.update(part.end - reported)
                    reported = part.end

                _pipelined(parts, answered, collected)

            mark = collector.mark()
            try:
                answer(parts)
            except UnusualTable:  # a bad row after the first part: read again, row by row
                collector.rollback(mark)
                progress.update(-reported)
                reported = 0
                answer(iter_point_columns(path, fmt=fmt, by_rows=True, block_bytes=part_bytes, keep=kept) or ())
            progress.update(size - reported)
            continue
        if format_for(path, fmt, purpose="table").name == "parquet":  # in batches: larger than memory is fine
            for frame in iter_parquet_frames(path, boundaries=boundaries, keep=kept):
                for start in range(0, len(frame), _CHUNK):
                    collector.add(shown_name(path), answer_frame(frame.iloc[start:start + _CHUNK], index))
            progress.update(size)
            continue
        frame, skipped = read_table_frame(path, fmt=fmt, boundaries=boundaries, keep=kept)
        collector.errors.extend(skipped)
        reported = 0
        for start in range(0, len(frame), _CHUNK):
            chunk = frame.iloc[start:start + _CHUNK]
            collector.add(shown_name(path), answer_frame(chunk, index))
            now = size * min(start + _CHUNK, len(frame)) // len(frame)
            progress.update(now - reported)
            reported = now
        if not len(frame):
            collector.add(shown_name(path), answer_frame(frame, index))
        progress.update(size - reported)
    progress.close()
    return collector.result()


def _pipelined(parts: Iterable[PointColumns], answered: Any, collected: Any) -> None:
    """``collected(part, answered(part))`` for each part in order, a part's answers made in a second thread while
    the one before is collected and the one after read: the answers (the distances, two threads of their own; the
    boundary units) and the collecting (sorting, text) each leave a core idle otherwise, and all of them run
    mostly without the GIL (10^6 points: 0.4 s less of 3.4). At most two parts' answers are held at a time."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="geoevents-answer") as pool:
        pending = None
        try:
            for part in parts:
                future = pool.submit(answered, part)
                if pending is not None:
                    collected(pending[0], pending[1].result())
                pending = (part, future)
                del part, future
                _release_free_memory()
            if pending is not None:
                collected(pending[0], pending[1].result())
        finally:
            if pending is not None:
                pending[1].cancel()
            pending = None
    _release_free_memory()


def _release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere). numpy's
    temporaries of one part of a table, freed, stay with the process otherwise: 10^6 points in parts held the peak
    about 25 MB higher, while a trim takes about a millisecond."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None (another C library, another system)."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the process runs on
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def _size(path: str) -> int:
    """Bytes of input (a folder of partitions: all its files)."""
    from pathlib import Path

    p = Path(path)
    try:
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.is_dir() else p.stat().st_size
    except OSError:
        return 0


def engine_for(paths: list[str], *, fmt: str | None = None, tables: bool = False) -> str:
    """The engine ``auto`` means for these inputs: ``"bulk"`` for CSV and GeoParquet tables and for GIS files
    (GeoJSON, GeoPackage, FlatGeobuf, KML) of more than ``settings.BULK_MIN_FEATURES`` features in all, else
    ``"events"`` (event files, small exports). ``tables``: the inputs must be read as tables (to keep their
    columns): ``"bulk"`` for any that can be.

    Raises
    ------
    InvalidValueError
        If tables (CSV, GeoParquet) are mixed with event files, or ``tables`` and an input is an event file.
    """
    from geoevents.io import count_features, format_for

    if not paths:
        return "events"
    kinds = [format_for(p, fmt, purpose="events") for p in paths]
    if tables or any(k.name in ("csv", "parquet") for k in kinds):
        if not all(k.reads_table for k in kinds):
            if tables:
                path = next(p for p, k in zip(paths, kinds, strict=True) if not k.reads_table)
                hint = " (--from geojson reads a FeatureCollection as a table)" if str(path).endswith(".json") else ""
                raise InvalidValueError(f"{shown_name(path)}: an event file has no columns to keep{hint}",
                                        field="keep")
            raise InvalidValueError("give either event files or tables of events, not both", field="paths")
        return "bulk"
    if all(k.gdal_driver is not None or k.name == "gdal" for k in kinds):
        return "bulk" if sum(count_features(p) for p in paths) > settings.BULK_MIN_FEATURES else "events"
    return "events"
