"""Every rendering of near-border answers the CLI prints: the readable table with its one summary sentence, JSON,
CSV and GeoJSON, for the per-event answers (:class:`~geoevents.model.BorderAnswer`) and the bulk ones
(:class:`~geoevents.nearborder.BulkResult`). The library returns data; only this module turns it into text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, BinaryIO, TextIO, cast

import numpy as np

from geoevents.io import dumps_geojson, geometry_to_geojson, to_feature_collection, write_csv_table
from geoevents.model import BorderAnswer, Event, flags_text
from geoevents.nearborder import OUTPUT_COLUMNS, BulkResult

__all__ = ["answer_table", "bulk_summary", "format_answers", "summary_line", "write_answers", "write_result"]

_ORDER = ("certain", "possible", "outside")


def summary_line(n: int, border: str, km: float, counts: Mapping[str, int], skipped: int = 0) -> str:
    """The one summary sentence: ``"3 events vs the RU-UA border within 10 km: 1 certain, 1 possible, 1 outside"``
    (and the number of bad rows skipped, if any).

    Examples
    --------
    >>> summary_line(1, "RU-UA", 10.0, {"certain": 1})
    '1 event vs the RU-UA border within 10 km: 1 certain, 0 possible, 0 outside'
    """
    noun = "event" if n == 1 else "events"
    bad = f"; {skipped} bad rows skipped" if skipped else ""
    return (f"{n} {noun} vs the {border} border within {km:g} km: "
            + ", ".join(f"{counts.get(s, 0)} {s}" for s in _ORDER) + bad)


def format_answers(answers: list[BorderAnswer], counted: list[BorderAnswer] | None = None) -> str:
    """A readable table of per-event answers with the summary sentence as its last line; the summary counts
    ``counted`` when given (every answer, of which ``answers`` shows some)."""
    counted = answers if counted is None else counted
    if not counted:
        return "no events"
    km, border = counted[0].km, counted[0].border
    width = max([24, *(len(a.event_id) for a in answers)])
    lines = [f"{'event':<{width}}  {'min km':>7}  {'max km':>7}  {'within ' + format(km, 'g') + ' km':<13}"
             f"  {'fraction':>8}  side"]
    for a in answers:
        lines.append(f"{a.event_id:<{width}}  {a.min_km:>7.2f}  {a.max_km:>7.2f}  {a.status:<13}"
                     f"  {a.fraction_within:>8.2f}  {a.side or '-'}")
    counts = {s: sum(a.status == s for a in counted) for s in _ORDER}
    lines.append(summary_line(len(counted), border, km, counts))
    return "\n".join(lines)


def write_answers(answers: list[BorderAnswer], events: list[Event], stream: TextIO, fmt: str = "table", *,
                  files: Mapping[str, str] | None = None, counted: list[BorderAnswer] | None = None) -> None:
    """Per-event answers as a table, JSON (a list of objects), CSV or a GeoJSON FeatureCollection of the events.

    JSON and CSV have the bulk engine's columns (:data:`~geoevents.nearborder.OUTPUT_COLUMNS`; ``file`` from
    ``files``, event id to path), so a script reads either engine's answers alike. ``counted``: every answer,
    for the table's summary, when ``answers`` are some of them."""
    if fmt == "json":
        _write_json(answer_table(answers, events, files), stream)
    elif fmt == "csv":
        if answers:
            write_csv_table(answer_table(answers, events, files), stream)
    elif fmt == "geojson":
        by_id = {e.id: e for e in events}
        stream.write(dumps_geojson(to_feature_collection([by_id[a.event_id] for a in answers], answers)))
    else:
        stream.write(format_answers(answers, counted) + "\n")


def answer_table(answers: list[BorderAnswer], events: list[Event], files: Mapping[str, str] | None = None) -> Any:
    """Per-event answers as an Arrow table of the bulk engine's columns, in the answers' order: the event's
    file, id, date, representative point, precision code (as the bulk engine reads it from an export: ACLED's,
    then UCDP's), radius, the answer, and the event's flags."""
    import pyarrow as pa

    by_id = {e.id: e for e in events}
    rows: dict[str, list[Any]] = {c: [] for c in OUTPUT_COLUMNS}
    for a in answers:
        event = by_id[a.event_id]
        loc = event.location
        code = loc.precision if loc is not None else None
        precision = (f"acled:{code.acled_geo_precision}" if code is not None and code.acled_geo_precision
                     else f"ucdp:{code.ucdp_where_prec}" if code is not None and code.ucdp_where_prec else "")
        values = {"file": (files or {}).get(a.event_id, ""), "id": a.event_id,
                  "date": event.date.isoformat() if event.date else "",
                  "lon": loc.point.x if loc is not None else None, "lat": loc.point.y if loc is not None else None,
                  "precision": precision, "radius_km": loc.radius_km if loc is not None else None,
                  "min_km": a.min_km, "max_km": a.max_km, "status": a.status.value,
                  "fraction_within": a.fraction_within, "side": a.side or "", "flags": flags_text(event.flags)}
        for column in OUTPUT_COLUMNS:
            rows[column].append(values[column])
    types = {c: pa.float64() if c in ("lon", "lat", "radius_km", "min_km", "max_km", "fraction_within")
             else pa.string() for c in OUTPUT_COLUMNS}
    return pa.table({c: pa.array(rows[c], types[c]) for c in OUTPUT_COLUMNS})


def bulk_summary(result: BulkResult) -> str:
    """The summary sentence of bulk answers."""
    counts = result.counts()  # every usable row, also those --status left out
    return summary_line(sum(counts.values()), result.border, result.km, counts, len(result.errors))


def write_result(result: BulkResult, stream: TextIO | BinaryIO, fmt: str = "table") -> None:
    """Bulk answers as a readable table (with the summary as its last line), JSON (a list of objects), CSV or a
    GeoJSON FeatureCollection (RFC 7946; the event's region as geometry). CSV goes out column by column
    (:func:`geoevents.io.write_csv_table`); for it ``stream`` may also be a byte stream."""
    if fmt == "csv":  # streamed, a batch at a time
        write_csv_table(result.batches() if len(result) else result.table, stream)
        return
    table = result.table
    text = cast(TextIO, stream)
    if fmt == "json":
        _write_json(table, text)
    elif fmt == "geojson":
        _write_geojson(result, text)
    elif fmt == "table":
        _write_table(result, text)
    else:
        raise ValueError(f"unknown output format {fmt!r}")


def _write_table(result: BulkResult, stream: TextIO) -> None:
    table = result.table
    columns = [table.column(c).to_pylist() for c in ("id", "date", "precision", "min_km", "max_km", "status",
                                                      "fraction_within", "side")]
    width = max([12, *(len(i) for i in columns[0])])
    within = f"within {result.km:g} km"
    stream.write(f"{'id':<{width}}  {'date':<10}  {'precision':<9}  {'min km':>8}  {'max km':>8}  {within:<13}"
                 f"  {'fraction':>8}  side\n")
    lines = []
    for i, date, precision, low, high, status, fraction, side in zip(*columns, strict=True):
        lines.append(f"{i:<{width}}  {date or '-':<10}  {precision or '-':<9}  {low:>8.2f}  {high:>8.2f}"
                     f"  {status:<13}  {fraction:>8.2f}  {side or '-'}\n")
        if len(lines) == 10_000:
            stream.write("".join(lines))
            lines = []
    stream.write("".join(lines))
    stream.write(bulk_summary(result) + "\n")


def _write_geojson(result: BulkResult, stream: TextIO) -> None:
    stream.write('{"type":"FeatureCollection","features":[')
    records = result.table.to_pylist()
    for i, (props, geom) in enumerate(zip(records, result.geometries(), strict=True)):
        props = {k: _plain(v) for k, v in props.items()}
        feature = {"type": "Feature", "id": props["id"], "properties": props, "geometry": geometry_to_geojson(geom)}
        stream.write(("," if i else "") + "\n" + json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    stream.write("\n]}\n")


def _write_json(table: Any, stream: TextIO) -> None:
    """An Arrow table of answers as a JSON list of objects (NaN as null)."""
    records = [{k: _plain(v) for k, v in r.items()} for r in table.to_pylist()]
    stream.write(json.dumps(records, indent=1, ensure_ascii=False) + "\n")


def _plain(value: Any) -> Any:
    """A JSON-ready value: numpy scalars as Python ones, NaN as None."""
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and not np.isfinite(value) else value
