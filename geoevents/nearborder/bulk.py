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
from geoevents.errors import InvalidValueError
from geoevents.model import NearBorderStatus
from geoevents.nearborder.index import NearBorderIndex
from geoevents.places.boundaries import Boundaries
from geoevents.progress import Progress

__all__ = ["OUTPUT_COLUMNS", "BulkResult", "answer_frame", "collect", "engine_for", "near_border_tables"]

OUTPUT_COLUMNS = ("file", "id", "date", "lon", "lat", "precision", "radius_km", "min_km", "max_km", "status",
                  "fraction_within", "side")
"""The columns of a bulk answer, in order (``status`` is certain, possible or outside)."""
_CHUNK = 50_000  # rows classified between two progress updates
_BY_NEARNESS = (NearBorderStatus.CERTAIN, NearBorderStatus.POSSIBLE, NearBorderStatus.OUTSIDE)


@dataclass
class BulkResult:
    """Bulk near-border answers: one row per usable event (:data:`OUTPUT_COLUMNS`, plus ``geometry``), sorted by
    ``min_km``; the messages about unusable rows; the border and distance asked about."""

    frame: Any
    border: str
    km: float
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)

    def counts(self) -> dict[str, int]:
        """Number of events per status: certain, possible, outside."""
        values = self.frame["status"].to_numpy()
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


def collect(pieces: Iterable[tuple[str, Any]], *, index: NearBorderIndex, border: str,
            boundaries: Boundaries | None = None, errors: Iterable[str] = (),
            warnings: Iterable[str] = ()) -> BulkResult:
    """One :class:`BulkResult` from answered pieces ``(file name, frame)``, in input order (see the module
    docstring)."""
    import pandas as pd

    row_in_file: dict[str, int]
    frames, errors, row_in_file = [], list(errors), {}
    for name, piece in pieces:
        first = row_in_file.get(name, 0)
        row_in_file[name] = first + len(piece)
        rows = np.arange(first + 1, first + len(piece) + 1)
        piece = piece.copy()
        ids = piece["id"].to_numpy(dtype=object, copy=True)
        unnamed = ids == ""
        ids[unnamed] = [f"feature-{r}" for r in rows[unnamed]]
        piece["id"] = ids
        bad = (piece["problem"] != "").to_numpy()
        errors.extend(f"{name}: feature {r}: {p}"
                      for r, p in zip(rows[bad], piece["problem"].to_numpy()[bad], strict=True))
        piece.insert(0, "file", name)
        frames.append(piece[~bad])
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*OUTPUT_COLUMNS, "geometry"])
    frame["status"] = np.asarray([s.value for s in NearBorderStatus], dtype=object)[frame["status"].to_numpy(dtype=int)]
    frame["min_km"], frame["max_km"] = frame["min_km"].round(3), frame["max_km"].round(3)
    frame["fraction_within"] = frame["fraction_within"].round(4)
    frame["side"] = (boundaries.countries_at(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
                     if boundaries is not None and len(frame) else "")
    frame = frame.sort_values("min_km", kind="stable").reset_index(drop=True)
    columns = [c for c in (*OUTPUT_COLUMNS, "geometry") if c in frame.columns]
    return BulkResult(frame[columns], border, index.km, errors, list(warnings))


def near_border_tables(paths: list[str], index: NearBorderIndex, *, border: str, boundaries: Boundaries,
                       fmt: str | None = None, progress: Progress | None = None) -> BulkResult:
    """The in-process engine: answer the events of table files (:func:`geoevents.io.read_table_frame`)."""
    from geoevents.io import format_for, read_table_frame, swapped_points

    progress = progress or Progress()
    pieces, errors, warnings = [], [], []
    for path in paths:
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
