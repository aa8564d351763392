"""``geoevents export``: write the events in a GIS format, optionally with near-border figures."""

from __future__ import annotations

import argparse
from pathlib import Path

import geoevents
from geoevents import settings
from geoevents.cli.messages import note
from geoevents.cli.options import add_event_inputs, border_spec, km
from geoevents.errors import InvalidValueError

HELP = "write the events as GeoJSON, GeoJSON sequences, GeoPackage, FlatGeobuf, GeoParquet, KML or CSV"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The flags of ``geoevents export``."""
    add_event_inputs(p)
    p.add_argument("-o", "--output", required=True,
                   help="output file: .geojson, .geojsons (RFC 8142), .geojsonl/.ndjson, .gpkg, .fgb, .parquet, "
                        ".kml, .csv; - for standard output (with --format)")
    p.add_argument("--format", dest="fmt", default=None,
                   help="geojson, geojsonseq, geojsonl, gpkg, flatgeobuf, parquet, kml or csv (default: from the "
                        "extension)")
    p.add_argument("--geometry", choices=("region", "point", "both"), default="region",
                   help="write each event's uncertainty region (default), its representative point, or both "
                        "(two features per event)")
    p.add_argument("--border", type=border_spec, default=None,
                   help="add near-border figures for this border (with --km)")
    p.add_argument("--km", type=km, default=None,
                   help="add the near-border answer within N km (status, fraction, distances) to every event")
    p.add_argument("--keep-formulas", action="store_true",
                   help="CSV: write text cells that start with = + - @ as they are (default: an apostrophe before "
                        "them, so that spreadsheets show them as text; geoevents reads either back)")


def run(args: argparse.Namespace) -> None:
    """``geoevents export``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    from geoevents.cli.common import load_events, write_to_stdout
    from geoevents.io import format_for

    if args.border is not None and args.km is None:
        raise InvalidValueError("--border needs --km")
    events, boundaries, _, _ = load_events(args)
    answers = (geoevents.near_border(events, boundaries, km=args.km, border=args.border or settings.DEFAULT_BORDER)
               if args.km is not None else None)
    if args.output == "-" and not args.fmt:
        raise InvalidValueError("-o - (standard output) needs --format, e.g. --format geojson", field="--format")
    kind = format_for(args.output, args.fmt, purpose="write")  # an unknown format fails before any work

    def write(path: str | Path) -> Path:
        return geoevents.write_events(events, path, answers, fmt=args.fmt, geometry=args.geometry,
                                      spreadsheet_safe=not args.keep_formulas)

    if args.output == "-":
        write_to_stdout(write, kind.suffixes[0])
        return
    note(f"{kind.name}: {write(args.output)} ({len(events)} events)")
