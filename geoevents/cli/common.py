"""What the subcommands share: loading boundaries and events, the output folder and the near-border table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import shapely

from .. import settings
from ..boundaries import Boundaries, load_boundaries
from ..borders import BorderAnswer
from ..errors import GeoEventsError
from ..eventfile import seed_events
from ..model import Event
from ..readers import read_any
from ..uncertainty import locate


def _boundaries(args: argparse.Namespace) -> Boundaries:
    return load_boundaries(args.boundaries, point_of_view=args.point_of_view,
                           name_field=args.name_field)


def _load(args: argparse.Namespace) -> tuple[list[Event], Boundaries, str]:
    boundaries = _boundaries(args)
    if args.events:
        events = []
        for path in args.events:
            read = read_any(path, fmt=args.input_format, boundaries=boundaries)
            # a table row is reported and kept (good rows still count); a whole event file at fault is an error
            _flag_swapped(read, boundaries, path, strict=Path(path).suffix.lower() != ".csv"
                          and args.input_format != "csv")
            events += read
        name = Path(args.events[0]).stem if len(args.events) == 1 else "events"
    else:
        events, name = seed_events(), "seed"
    return [e if e.location is not None else locate(e, boundaries) for e in events], boundaries, name


def _flag_swapped(events: list[Event], boundaries: Boundaries, path: str, *, strict: bool = True) -> None:
    """A located event outside the boundary data that would be inside with lon and lat swapped is an error: the
    file probably has (lat, lon) order. Flagged, never fixed silently."""
    located = [e for e in events if e.location is not None]
    xy = shapely.get_coordinates([e.location.point for e in located]).reshape(-1, 2)
    for i in np.nonzero(boundaries.swapped(xy[:, 0], xy[:, 1]))[0]:  # one pass over the units for all events
        x, y = xy[i]
        message = (f"{path}: feature {located[i].id!r}: ({x:g}, {y:g}) is outside the boundary data but would be "
                   f"inside with longitude and latitude swapped; fix the file's coordinate order")
        if strict:
            raise GeoEventsError(message)
        print(f"geoevents: warning: {message}", file=sys.stderr)


def _default_output(name: str, suffix: str) -> Path:
    folder = Path(settings.MAPS_DIR)
    folder.mkdir(exist_ok=True)
    return folder / f"{name}{suffix}"


def format_answers(answers: list[BorderAnswer]) -> str:
    """A readable table of near-border answers with a one-line summary."""
    if not answers:
        return "no events"
    km, border = answers[0].km, answers[0].border
    width = max(24, *(len(a.event_id) for a in answers))
    lines = [f"{'event':<{width}}  {'min km':>7}  {'max km':>7}  {'within ' + format(km, 'g') + ' km':<13}"
             f"  {'fraction':>8}  side"]
    for a in answers:
        lines.append(f"{a.event_id:<{width}}  {a.min_km:>7.2f}  {a.max_km:>7.2f}  {a.status:<13}"
                     f"  {a.fraction_within:>8.2f}  {a.side or '-'}")
    counts = {s: sum(a.status == s for a in answers) for s in ("certain", "possible", "outside")}
    noun = "event" if len(answers) == 1 else "events"
    lines.append(f"{len(answers)} {noun} vs the {border} border within {km:g} km: "
                 + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


def _region_of(boundaries: Boundaries):
    """(lon, lat, admin1) -> ISO 3166-2 region: the named admin1 if it is a region, else the region at the point."""
    def region_of(lon: float, lat: float, admin1: str) -> str:
        for name in ([admin1] if admin1 else []):
            try:
                unit = boundaries.units[boundaries.find(name)]
                return unit.get("iso_3166_2") or ""
            except GeoEventsError:
                pass
        hits = boundaries.units_in(shapely.Point(lon, lat))
        return (boundaries.units[hits[0]].get("iso_3166_2") or "") if hits else ""
    return region_of
