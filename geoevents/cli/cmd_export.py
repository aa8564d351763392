"""``geoevents export``: write the events in a GIS format, optionally with near-border figures."""

from __future__ import annotations

import argparse

from .. import settings
from ..borders import near_border
from ..errors import GeoEventsError
from ..formats import format_for, write_events
from .common import _load


def run(args: argparse.Namespace) -> None:
    """``geoevents export``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    if args.border is not None and args.km is None:
        raise GeoEventsError("--border needs --km")
    events, boundaries, _ = _load(args)
    answers = (near_border(events, boundaries, km=args.km, border=args.border or settings.DEFAULT_BORDER)
               if args.km is not None else None)
    format_for(args.output, args.fmt)  # an unknown format fails before any work
    path = write_events(events, args.output, answers, fmt=args.fmt, geometry=args.geometry)
    print(f"{format_for(path, args.fmt)}: {path} ({len(events)} events)")
