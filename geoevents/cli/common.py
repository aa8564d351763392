"""What the subcommands share: the boundaries and events their flags name, and the default output file."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import shapely

import geoevents
from geoevents import settings
from geoevents.cli.messages import warn
from geoevents.errors import GeoEventsError, InputError
from geoevents.io import SEED_EVENT_FILE, format_for, swapped_points
from geoevents.model import Event

__all__ = ["boundaries_from_args", "default_output", "load_events", "region_of"]


def boundaries_from_args(args: argparse.Namespace) -> geoevents.Boundaries:
    """The coverage ``--boundaries``/``--name-field``/``--point-of-view`` name (the embedded one, read once)."""
    return geoevents.load_boundaries(args.boundaries, point_of_view=args.point_of_view, name_field=args.name_field)


class Loaded(NamedTuple):
    """What :func:`load_events` gives: the located events, the boundaries, a name for outputs and the file each
    event came from (by id)."""

    events: list[Event]
    boundaries: geoevents.Boundaries
    name: str
    files: dict[str, str]


def load_events(args: argparse.Namespace) -> Loaded:
    """The located events of EVENTS (the seed event when there are none), the boundaries and a name for outputs."""
    boundaries = boundaries_from_args(args)
    if not args.events:
        seed = [geoevents.locate(e, boundaries) for e in geoevents.seed_events()]
        return Loaded(seed, boundaries, "seed", dict.fromkeys((e.id for e in seed), SEED_EVENT_FILE))
    events: list[Event] = []
    first_file: dict[str, str] = {}
    for path in args.events:
        read = geoevents.read_any(path, fmt=args.input_format, boundaries=boundaries)
        if not read:
            raise InputError(f"{path}: holds no events")
        for event in read:
            if event.id in first_file:
                raise InputError(f"{path}: event id {event.id!r} is also in {first_file[event.id]}; ids must be "
                                 f"unique across the inputs")
            first_file[event.id] = path
        located = [e if e.location is not None else geoevents.locate(e, boundaries) for e in read]
        # checked once located, whatever the input: a table row is reported and kept (good rows still count); a
        # whole event file at fault is an error
        _check_swapped(located, boundaries, path, strict=format_for(path, args.input_format).name != "csv")
        events += located
    return Loaded(events, boundaries, Path(args.events[0]).stem if len(args.events) == 1 else "events", first_file)


def _check_swapped(events: list[Event], boundaries: geoevents.Boundaries, path: str, *, strict: bool = True) -> None:
    """Probably swapped coordinates are an error in a whole event file, a warning for a row of a table."""
    located = [e for e in events if e.location is not None]
    xy = shapely.get_coordinates([e.location.point for e in located if e.location is not None]).reshape(-1, 2)
    for message in swapped_points([e.id for e in located], xy[:, 0], xy[:, 1], boundaries, path):
        if strict:
            raise InputError(message)
        warn(message)


def default_output(name: str, suffix: str) -> Path:
    """``maps/<name><suffix>``, the folder made if missing."""
    folder = Path(settings.MAPS_DIR)
    folder.mkdir(exist_ok=True)
    return folder / f"{name}{suffix}"


def region_of(boundaries: geoevents.Boundaries) -> Callable[[float, float, str], str]:
    """(lon, lat, admin1) -> ISO 3166-2 region: the named admin1 if it is a region, else the region at the point."""
    def region(lon: float, lat: float, admin1: str) -> str:
        for name in ([admin1] if admin1 else []):
            try:
                unit = boundaries.units[boundaries.find(name)]
                return unit.get("iso_3166_2") or ""
            except GeoEventsError:
                pass
        hits = boundaries.units_in(shapely.Point(lon, lat))
        return (boundaries.units[hits[0]].get("iso_3166_2") or "") if hits else ""
    return region
