"""Near-border answers for many events at once: the in-process engine, and what it shares with the dask engine.

Both engines run :func:`answer_frame` on normalised frames (:mod:`geoevents.eventtable`): the in-process engine
on each file in chunks, the dask engine (:mod:`geoevents.distributed`) on each partition on a worker. Both then
hand the pieces, in input order, to :func:`collect`, which numbers the rows, names rows without an id
(``feature-N``, N counting from 1 in each input), reports unusable rows, adds the side of the border and sorts by
the smallest distance (ties keep the input order). So the two engines give identical results.

Distances and statuses are those of :meth:`geoevents.bulk.NearBorderIndex.answer`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .boundaries import Boundaries
from .bulk import STATUS_NAMES, NearBorderIndex
from .progress import Progress

__all__ = ["OUTPUT_COLUMNS", "BulkResult", "answer_frame", "collect", "near_border_tables"]

OUTPUT_COLUMNS = ("file", "id", "date", "lon", "lat", "precision", "radius_km", "min_km", "max_km", "status",
                  "fraction_within", "side")
"""The columns of a bulk answer, in order (``status`` is certain, possible or outside)."""
_CHUNK = 50_000  # rows classified between two progress updates


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
        return {name: int(np.sum(values == name)) for name in ("certain", "possible", "outside")}

    def summary(self) -> str:
        """One line: the counts per status and the number of rows skipped."""
        noun = "event" if len(self) == 1 else "events"
        bad = f"; {len(self.errors)} bad rows skipped" if self.errors else ""
        return (f"{len(self)} {noun} vs the {self.border} border within {self.km:g} km: "
                + ", ".join(f"{n} {s}" for s, n in self.counts().items()) + bad)


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
        errors.extend(f"{name}: feature {r}: {p}" for r, p in zip(rows[bad], piece["problem"].to_numpy()[bad]))
        piece.insert(0, "file", name)
        frames.append(piece[~bad])
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*OUTPUT_COLUMNS, "geometry"])
    frame["status"] = np.asarray(STATUS_NAMES, dtype=object)[frame["status"].to_numpy(dtype=int)]
    frame["min_km"], frame["max_km"] = frame["min_km"].round(3), frame["max_km"].round(3)
    frame["fraction_within"] = frame["fraction_within"].round(4)
    frame["side"] = (boundaries.countries_at(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
                     if boundaries is not None and len(frame) else "")
    frame = frame.sort_values("min_km", kind="stable").reset_index(drop=True)
    columns = [c for c in (*OUTPUT_COLUMNS, "geometry") if c in frame.columns]
    return BulkResult(frame[columns], border, index.km, errors, list(warnings))


def near_border_tables(paths: list[str], index: NearBorderIndex, *, border: str, boundaries: Boundaries,
                       fmt: str | None = None, progress: Progress | None = None) -> BulkResult:
    """The in-process engine: answer the events of table files (:func:`geoevents.eventtable.read_table_frame`)."""
    from .eventtable import read_table_frame

    progress = progress or Progress()
    pieces, errors, warnings = [], [], []
    for path in paths:
        frame, skipped = read_table_frame(path, fmt=fmt, boundaries=boundaries)
        errors.extend(skipped)
        if (fmt or Path(path).suffix.lower().lstrip(".")) == "csv":  # hand-made tables: columns get swapped
            warnings.extend(_swapped(frame, boundaries, path))
        progress.add_total(len(frame))
        for start in range(0, len(frame), _CHUNK):
            chunk = frame.iloc[start:start + _CHUNK]
            pieces.append((str(path), answer_frame(chunk, index)))
            progress.update(len(chunk))
        if not len(frame):
            pieces.append((str(path), answer_frame(frame, index)))
    progress.close()
    return collect(pieces, index=index, border=border, boundaries=boundaries, errors=errors, warnings=warnings)


def _swapped(frame: Any, boundaries: Boundaries, path: str | Path) -> list[str]:
    """Warnings for points outside the boundary data that would be inside with latitude and longitude swapped
    (flagged, not fixed: the user decides whether the source swapped the columns)."""
    ok = (frame["problem"] == "").to_numpy()
    lon, lat = frame["lon"].to_numpy(float)[ok], frame["lat"].to_numpy(float)[ok]
    swapped = boundaries.swapped(lon, lat)
    ids = frame["id"].to_numpy(dtype=object)[ok]
    return [f"{path}: event {ids[i]}: ({lat[i]:g}, {lon[i]:g}) is outside the boundary data but would be inside "
            f"with latitude and longitude swapped" for i in np.nonzero(swapped)[0]]


def write_result(result: BulkResult, stream: Any, fmt: str = "table") -> None:
    """Write ``result`` to a text stream as a readable table (with the summary as its last line), JSON (a list of
    objects), CSV or a GeoJSON FeatureCollection (RFC 7946; the event's region as geometry)."""
    frame = result.frame
    columns = [c for c in OUTPUT_COLUMNS if c in frame.columns]
    if fmt == "json":
        import json

        records = [{k: _plain(v) for k, v in r.items()} for r in frame[columns].to_dict("records")]
        stream.write(json.dumps(records, indent=1, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        frame[columns].to_csv(stream, index=False, lineterminator="\n")
    elif fmt == "geojson":
        _write_geojson(frame, columns, stream)
    elif fmt == "table":
        _write_table(result, stream)
    else:
        raise ValueError(f"unknown output format {fmt!r}")


def _write_table(result: BulkResult, stream: Any) -> None:
    frame = result.frame
    width = max([12, *(len(i) for i in frame["id"])])
    within = f"within {result.km:g} km"
    stream.write(f"{'id':<{width}}  {'date':<10}  {'precision':<9}  {'min km':>8}  {'max km':>8}  {within:<13}"
                 f"  {'fraction':>8}  side\n")
    lines = []
    for row in zip(frame["id"], frame["date"], frame["precision"], frame["min_km"], frame["max_km"],
                   frame["status"], frame["fraction_within"], frame["side"]):
        i, date, precision, low, high, status, fraction, side = row
        lines.append(f"{i:<{width}}  {date or '-':<10}  {precision or '-':<9}  {low:>8.2f}  {high:>8.2f}"
                     f"  {status:<13}  {fraction:>8.2f}  {side or '-'}\n")
        if len(lines) == 10_000:
            stream.write("".join(lines))
            lines = []
    stream.write("".join(lines))
    stream.write(result.summary() + "\n")


def _write_geojson(frame: Any, columns: list[str], stream: Any) -> None:
    import json

    from .export import geometry_to_geojson

    stream.write('{"type":"FeatureCollection","features":[')
    records = frame[columns].to_dict("records")
    for i, (props, geom) in enumerate(zip(records, frame["geometry"])):
        props = {k: _plain(v) for k, v in props.items()}
        feature = {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry_to_geojson(geom)}
        stream.write(("," if i else "") + "\n" + json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    stream.write("\n]}\n")


def _plain(value: Any) -> Any:
    """A JSON-ready value: numpy scalars as Python ones, NaN as None."""
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and not np.isfinite(value) else value
