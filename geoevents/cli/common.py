"""What the subcommands share: the boundaries and events their flags name, and the default output file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, TextIO

import shapely

import geoevents
from geoevents import settings
from geoevents.cli.messages import warn
from geoevents.errors import EmptyGeometryError, GeoEventsError, InputError, NotLocatedError, UnknownRegionError
from geoevents.io import SEED_EVENT_FILE, flag_suspect, format_for, shown_as, shown_name
from geoevents.model import Event

__all__ = ["boundaries_from_args", "default_output", "load_events", "region_of", "without_pandas"]


@contextmanager
def without_pandas() -> Iterator[None]:
    """Imports in the block made without pandas, if it is not loaded yet: for ``from geoevents.maps import ...``.
    folium imports pandas (0.3 s, a quarter of a seed map's time) only to recognise the DataFrames it is given,
    and geoevents gives it none. Only the imports made in the block are refused pandas (it stays importable
    after), and the folium left without it is this process's, the CLI's, which no other code uses."""
    if "pandas" in sys.modules:
        yield
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError meanwhile
    try:
        yield
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]


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
    from geoevents.geocoding import event_places
    from geoevents.io import resolving_places

    events: list[Event] = []
    first_file: dict[str, str] = {}
    places = event_places(boundaries)
    for path in args.events:
        with resolving_places(places):  # event files may name places: the embedded geocoder finds them
            read = geoevents.read_any(path, fmt=args.input_format, boundaries=boundaries, flag=False)
        if not read:
            raise InputError(f"{path}: holds no events")
        for event in read:
            if event.id in first_file:
                raise InputError(f"{path}: event id {event.id!r} is also in {first_file[event.id]}; ids must be "
                                 f"unique across the inputs")
            first_file[event.id] = shown_name(path)
        located = [_located(e, boundaries, path) for e in read]
        # checked once located, whatever the input: a suspect row is flagged, kept and named in a warning
        located, flagged = flag_suspect(located, boundaries, shown_name(path))
        for message in flagged:
            warn(message)
        events += located
    return Loaded(events, boundaries, Path(args.events[0]).stem if len(args.events) == 1 else "events", first_file)


def _located(event: Event, boundaries: geoevents.Boundaries, path: str) -> Event:
    """``event`` located (unless it is already), an error naming the file and the event if it cannot be."""
    if event.location is not None:
        return event
    try:
        return geoevents.locate(event, boundaries)
    except (UnknownRegionError, EmptyGeometryError, NotLocatedError) as exc:
        hint = " (or add the region with --boundaries FILE)" if isinstance(exc, UnknownRegionError) else ""
        raise type(exc)(f"{shown_name(path)}: event {event.id!r}: {exc}{hint}") from None


@contextmanager
def output_stream(path: str | None, what: str) -> Iterator[TextIO]:
    """Standard output (``path`` None or ``-``), or a text stream on a temporary file renamed over ``path`` when
    all is written."""
    if path in (None, "-"):
        yield sys.stdout
        return
    from geoevents.io import atomic_output

    with atomic_output(path, what=what, create=True) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        yield f


def write_to_stdout(write: Callable[[Path], object], suffix: str) -> None:
    """Write a file the usual way (``write(path)``: atomic writers, GDAL drivers that need a seekable file) into a
    temporary folder, then copy its bytes to standard output: ``-o -``, for every format."""
    import shutil
    import tempfile

    from geoevents.io import transaction

    with tempfile.TemporaryDirectory(prefix="geoevents-stdout-") as folder:
        path = Path(folder) / f"output{suffix}"
        with transaction():  # its own: the file is complete (renamed into place) before it is copied
            write(path)
        sys.stdout.flush()
        with path.open("rb") as f:
            shutil.copyfileobj(f, sys.stdout.buffer)
        sys.stdout.buffer.flush()


def stdin_suffix(head: str, fmt: str | None) -> str:
    """The file extension for what standard input holds (``head``: its start): the one of ``--from`` if given,
    else ``.geojson`` for a GeoJSON object, ``.csv`` for a first line with commas and no colon, ``.yaml`` (an
    event file, YAML or JSON) otherwise.

    Examples
    --------
    >>> stdin_suffix('{"type": "FeatureCollection", "features": []}', None), stdin_suffix("id,lat,lon\\n", None)
    ('.geojson', '.csv')
    >>> stdin_suffix("events:\\n- id: a", None), stdin_suffix("x", "parquet")
    ('.yaml', '.parquet')
    """
    import re

    if fmt:
        return format_for("-", fmt).suffixes[0]
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith("{") and re.match(r'\{\s*"type"\s*:\s*"(?:FeatureCollection|Feature)"', text):
        return ".geojson"
    first = text.split("\n", 1)[0]
    return ".csv" if "," in first and ":" not in first else ".yaml"


@contextmanager
def stdin_as_file(args: argparse.Namespace) -> Iterator[None]:
    """While the command runs, an EVENTS of ``-`` is standard input, kept in a temporary file named ``stdin`` with
    the extension of what it holds (:func:`stdin_suffix`), since every reader (GDAL's among them) takes paths."""
    import tempfile

    events = getattr(args, "events", None)
    if not events or "-" not in events:
        yield
        return
    if events.count("-") > 1:
        raise InputError("-: standard input can be read once; give - once")
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="geoevents-stdin-") as folder:
        path = Path(folder) / f"stdin{stdin_suffix(data[:4096].decode('utf-8', 'replace'), args.input_format)}"
        path.write_bytes(data)
        args.events = [str(path) if e == "-" else e for e in events]
        try:
            with shown_as(path, "<stdin>"):
                yield
        finally:
            args.events = events


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
