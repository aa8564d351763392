"""``geoevents map``: write an HTML map of the events (folium is imported, via ``geoevents.maps``, only when it is
drawn)."""

from __future__ import annotations

import argparse
from pathlib import Path

import geoevents
from geoevents import settings
from geoevents.cli.messages import note
from geoevents.cli.options import add_event_inputs, add_map_flags, border_spec, km, map_network, map_style
from geoevents.errors import InputError

HELP = "write an HTML map of the events"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The flags of ``geoevents map``."""
    add_event_inputs(p)
    p.add_argument("-o", "--output", help="HTML file (default maps/<name>.html), or a PNG picture if it ends in .png "
                                          "(needs Chromium; see --size); - for standard output (HTML)")
    p.add_argument("--border", type=border_spec, default=settings.DEFAULT_BORDER,
                   help=f"the border drawn and asked about, e.g. RU-UA or Kursk/Sumy "
                        f"(default {settings.DEFAULT_BORDER})")
    p.add_argument("--km", type=km, default=None, help="also show the near-border answer for N km")
    add_map_flags(p)
    p.add_argument("--color-by", choices=("type", "date"), default=None,
                   help="colour events by type (each event's event_type, or --categories) or by date "
                        "(default: by type when the events have types, else one colour per event for up to "
                        "seven events, else one colour)")
    p.add_argument("--categories", metavar="FILE", default=None,
                   help='JSON object of event id -> type, e.g. {"e1": "shelling"}, for --color-by type')
    p.add_argument("--no-time-slider", dest="time_slider", action="store_false",
                   help="no date slider, even when the events have two or more dates")


def run(args: argparse.Namespace) -> None:
    """``geoevents map``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    from geoevents.cli.common import default_output, load_events, write_to_stdout

    tiles, self_contained = map_network(args)
    events, boundaries, name, _ = load_events(args)
    answers = (geoevents.near_border(events, boundaries, km=args.km, border=args.border)
               if args.km is not None else None)
    from geoevents.cli.common import without_pandas

    with without_pandas():
        from geoevents.maps import build_map, save_map, save_png

    categories = _read_categories(args.categories) if args.categories else None
    m = build_map(events, boundaries, answers=answers, border=args.border, tiles=tiles, color_by=args.color_by,
                  categories=categories, time_slider=args.time_slider, **map_style(args))  # type: ignore[arg-type]
    if args.output == "-":
        write_to_stdout(lambda path: save_map(m, path, self_contained=self_contained), ".html")
        return
    path = Path(args.output) if args.output else default_output(name, ".html")
    if path.suffix.lower() == ".png":
        if tiles:
            raise InputError("--tiles: a PNG map is drawn offline, so it cannot have tiles")
        save_png(m, path, size=args.size)
    else:
        save_map(m, path, self_contained=self_contained)
    note(f"map: {path}")


def _read_categories(path: str) -> dict[str, str]:
    """Event id -> type, from a JSON object."""
    from geoevents.io import load_json, reading

    with reading(path, error=InputError):
        text = Path(path).read_text(encoding="utf-8")
    data = load_json(text, path, error=InputError)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError(f"{path}: categories must be a JSON object of event id -> type (strings)")
    return data
