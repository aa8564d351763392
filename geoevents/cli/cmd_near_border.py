"""``geoevents near-border``: which events are within N km of a border, one at a time or in bulk from tables."""

from __future__ import annotations

import argparse
import sys

import geoevents
from geoevents import settings
from geoevents.cli.messages import detail, note, verbosity, warn
from geoevents.cli.options import (
    UsageError,
    add_event_inputs,
    border_spec,
    column_names,
    km,
    positive_int,
    statuses,
)
from geoevents.errors import InputError, InvalidValueError

HELP = "which events are within N km of a border: certainly, possibly or not"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The flags of ``geoevents near-border``."""
    add_event_inputs(p)
    p.add_argument("--km", type=km, required=True, help="the N of 'within N km of the border'")
    p.add_argument("--border", type=border_spec, default=settings.DEFAULT_BORDER,
                   help="border: RU-UA (two countries), UA (all its land borders) or Kursk/Sumy (two regions)")
    p.add_argument("--format", choices=("table", "json", "csv", "geojson"), default="table",
                   help="table (default; the summary is its last line), json, csv or geojson (the regions with "
                        "the answers); sorted by the smallest distance; the summary goes to stderr but for table")
    p.add_argument("-o", "--output", metavar="FILE", default=None,
                   help="write the answers to FILE (whole or not at all) instead of standard output")
    p.add_argument("--status", type=statuses, metavar="STATUSES", default=None,
                   help="write only the answers of these statuses, e.g. certain,possible (the summary still "
                        "counts every event; without outside, the bulk engine measures, sorts and writes only "
                        "the events near the N km line or within it)")
    p.add_argument("--keep", type=column_names, metavar="COLUMNS", default=None,
                   help="copy these input columns into the answers, after the answer's own (comma-separated "
                        "names, or 'all'; as text, as the input gives them; a name the answers use already comes "
                        "out as input_NAME); tables only, so the bulk engine")
    p.add_argument("--engine", choices=("auto", "events", "bulk", "dask"), default="auto",
                   help="events: one event at a time (exact distances and fractions); bulk: many at once, from "
                        "tables (CSV, GeoParquet, GeoPackage, FlatGeobuf, GeoJSON); dask: bulk on a dask cluster, "
                        "over (partitioned) GeoParquet; auto (default): bulk for CSV and GeoParquet and for files "
                        f"of more than {settings.BULK_MIN_FEATURES:,} features, else events")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="--engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    p.add_argument("--workers", type=positive_int, default=2, metavar="N",
                   help="--engine dask without --scheduler: worker processes of the local cluster (default 2)")


def run(args: argparse.Namespace) -> None:
    """``geoevents near-border``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    from geoevents.cli.common import load_events, output_stream
    from geoevents.cli.output import format_answers, write_answers
    from geoevents.nearborder import engine_for

    if args.keep and args.engine == "events":
        raise UsageError("--keep copies columns of tables: use it with --engine bulk or dask (or auto)")
    engine = args.engine
    if engine == "auto":
        engine = engine_for(args.events, fmt=args.input_format, tables=bool(args.keep))
    detail(f"near-border: the {engine} engine" + (" (chosen for these inputs; --engine to choose)"
                                                  if args.engine == "auto" else ""))
    if engine != "events":
        return _near_border_bulk(args, engine)
    events, boundaries, _, files = load_events(args)
    answers = geoevents.near_border(events, boundaries, km=args.km, border=args.border)
    shown = answers if args.status is None else [a for a in answers if a.status in args.status]
    with output_stream(args.output, "answers") as stream:
        write_answers(shown, events, stream, args.format, files=files, counted=answers)
    if (args.format != "table" or args.output) and answers:
        note(format_answers(answers).splitlines()[-1], file=sys.stderr)


def _near_border_bulk(args: argparse.Namespace, engine: str) -> None:
    """Tables of events, classified in bulk in this process or on a dask cluster; bad rows reported on stderr."""
    from geoevents.cli.common import boundaries_from_args, output_stream
    from geoevents.cli.output import bulk_summary, write_result
    from geoevents.nearborder import NearBorderIndex, check_inputs, near_border_dask, near_border_tables
    from geoevents.progress import Progress, ProgressBar

    if not args.events:
        raise InvalidValueError(f"--engine {engine} needs tables of events (CSV, GeoParquet, GeoPackage, ...)")
    if engine == "dask":
        check_inputs(args.events)
    _arrow_memory_pool()
    boundaries = boundaries_from_args(args)
    index = NearBorderIndex(boundaries.border(args.border), km=args.km)
    # the in-process engine counts bytes read, the dask engine rows
    progress = (Progress() if verbosity() < 0 else ProgressBar("near-border") if engine == "dask"
                else ProgressBar("near-border", unit="bytes", min_total=20_000_000))
    if engine == "dask":
        result = near_border_dask(args.events, index, border=args.border, boundaries=boundaries,
                                  scheduler=args.scheduler, n_workers=args.workers, progress=progress,
                                  keep=args.keep, statuses=args.status)
    else:
        result = near_border_tables(args.events, index, border=args.border, boundaries=boundaries,
                                    fmt=args.input_format, progress=progress, keep=args.keep,
                                    statuses=args.status)
    for message in result.errors:
        warn(f"skipped {message}")
    for message in result.warnings:
        warn(message)
    if not sum(result.counts().values()):
        raise InputError(f"{', '.join(args.events)}: no usable rows ({len(result.errors)} bad)")
    with output_stream(args.output, "answers") as stream:
        write_result(result, stream, args.format)
    if args.format != "table" or args.output:
        note(bulk_summary(result), file=sys.stderr)


def _arrow_memory_pool() -> None:
    """Arrow's buffers from jemalloc, unless ``ARROW_DEFAULT_MEMORY_POOL`` names a pool: it hands freed memory back
    sooner than the default mimalloc (10^6 points: about 80 MB less at the peak, in the same time)."""
    import os

    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a pyarrow built without jemalloc (Windows): the default stays
        pass
