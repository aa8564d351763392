"""``geoevents run``: locate the events, answer the near-border question, write a map and GeoJSON."""

from __future__ import annotations

import argparse
import sys

import geoevents
from geoevents import settings
from geoevents.cli.messages import note
from geoevents.cli.options import add_event_inputs, add_map_flags, border_spec, km, map_network, map_style

HELP = "locate events, answer the near-border question, write a map and GeoJSON"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The flags of ``geoevents run``."""
    add_event_inputs(p)
    p.add_argument("--km", type=km, default=10.0, help="the N of 'within N km of the border' (default 10)")
    p.add_argument("--border", type=border_spec, default=settings.DEFAULT_BORDER,
                   help=f"the border drawn and asked about, e.g. RU-UA or Kursk/Sumy "
                        f"(default {settings.DEFAULT_BORDER})")
    p.add_argument("-o", "--out-dir", default=settings.MAPS_DIR, help="output folder (default maps/)")
    add_map_flags(p)


def run(args: argparse.Namespace) -> None:
    """``geoevents run``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    from geoevents.cli.common import load_events
    from geoevents.cli.output import format_answers
    from geoevents.io import output_folder

    tiles, self_contained = map_network(args)
    events, boundaries, name, _ = load_events(args)
    answers = geoevents.near_border(events, boundaries, km=args.km, border=args.border)
    out = output_folder(args.out_dir)
    from geoevents.cli.common import without_pandas

    with without_pandas():
        from geoevents.maps import build_map, save_map  # folium only when a map is drawn

    html_path = save_map(build_map(events, boundaries, answers=answers, border=args.border, tiles=tiles,
                                   **map_style(args)),  # type: ignore[arg-type]
                         out / f"{name}.html", self_contained=self_contained)
    geojson_path = geoevents.write_geojson(events, out / f"{name}.geojson", answers)
    print(format_answers(answers))
    for e in events:
        loc = e.location
        if loc is None:  # pragma: no cover - load_events locates every event
            print(f"{e.id}: not located", file=sys.stderr)
            continue
        print(f"{e.id}: area {loc.area_km2:,.1f} km2, representative point lat {loc.point.y:.5f}, "
              f"lon {loc.point.x:.5f}")
    note(f"map: {html_path}\ngeojson: {geojson_path}")
