"""``geoevents near-border``: which events are within N km of a border, one at a time or in bulk from tables."""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
from pathlib import Path

from ..borders import near_border
from ..errors import GeoEventsError
from ..export import dumps_geojson, to_feature_collection
from .common import _boundaries, _load, format_answers
from .options import _BULK_MIN_FEATURES


def run(args: argparse.Namespace) -> None:
    """``geoevents near-border``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    engine = _near_border_engine(args)
    if engine != "events":
        return _near_border_bulk(args, engine)
    events, boundaries, _ = _load(args)
    answers = near_border(events, boundaries, km=args.km, border=args.border)
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(a) for a in answers], indent=1))
    elif args.format == "csv":
        _write_csv([dataclasses.asdict(a) for a in answers])
    elif args.format == "geojson":
        by_id = {e.id: e for e in events}
        print(dumps_geojson(to_feature_collection([by_id[a.event_id] for a in answers], answers)), end="")
    else:
        print(format_answers(answers))
    if args.format != "table" and answers:
        print(format_answers(answers).splitlines()[-1], file=sys.stderr)


def _near_border_engine(args: argparse.Namespace) -> str:
    """--engine auto: bulk for CSV and GeoParquet tables and for large GIS files; events for event files."""
    from ..eventtable import TABLE_FORMATS, count_features

    if args.engine != "auto" or not args.events:
        return args.engine if args.engine != "auto" else "events"
    kinds = [args.input_format or ("parquet" if Path(p).is_dir() else TABLE_FORMATS.get(Path(p).suffix.lower()))
             for p in args.events]
    if any(k in ("csv", "parquet") for k in kinds):
        if not all(k in TABLE_FORMATS.values() for k in kinds):
            raise GeoEventsError("give either event files or tables of events, not both")
        return "bulk"
    if all(k in ("gdal", "geojson", "geojsonseq") for k in kinds):
        return "bulk" if sum(count_features(p) for p in args.events) > _BULK_MIN_FEATURES else "events"
    return "events"


def _near_border_bulk(args: argparse.Namespace, engine: str) -> None:
    """Tables of events, classified in bulk in this process or on a dask cluster; bad rows reported on stderr."""
    from ..bulk import NearBorderIndex
    from ..bulkquery import near_border_tables, write_result
    from ..progress import ProgressBar

    if not args.events:
        raise GeoEventsError(f"--engine {engine} needs tables of events (CSV, GeoParquet, GeoPackage, ...)")
    if engine == "dask":
        from ..distributed import check_inputs

        check_inputs(args.events)
    boundaries = _boundaries(args)
    index = NearBorderIndex(boundaries.border(args.border), km=args.km)
    progress = ProgressBar("near-border")
    if engine == "dask":
        from ..distributed import near_border_dask  # dask only when asked for

        result = near_border_dask(args.events, index, border=args.border, boundaries=boundaries,
                                  scheduler=args.scheduler, n_workers=args.workers, progress=progress)
    else:
        result = near_border_tables(args.events, index, border=args.border, boundaries=boundaries,
                                    fmt=args.input_format, progress=progress)
    for message in result.errors:
        print(f"geoevents: skipped {message}", file=sys.stderr)
    for message in result.warnings:
        print(f"geoevents: warning: {message}", file=sys.stderr)
    if not len(result):
        raise GeoEventsError(f"no usable rows ({len(result.errors)} bad)")
    write_result(result, sys.stdout, args.format)
    if args.format != "table":
        print(result.summary(), file=sys.stderr)


def _write_csv(rows: list[dict]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
