"""``geoevents run``: locate the events, answer the near-border question, write a map and GeoJSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..borders import near_border
from ..export import write_geojson
from .common import _load, format_answers


def run(args: argparse.Namespace) -> None:
    """``geoevents run``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    events, boundaries, name = _load(args)
    answers = near_border(events, boundaries, km=args.km, border=args.border)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from ..mapping import build_map, save_map  # folium only when a map is drawn

    html_path = save_map(build_map(events, boundaries, answers=answers, border=args.border), out / f"{name}.html")
    geojson_path = write_geojson(events, out / f"{name}.geojson", answers)
    print(format_answers(answers))
    for e in events:
        loc = e.location
        assert loc is not None
        print(f"{e.id}: area {loc.area_km2:,.1f} km2, representative point {loc.point.y:.5f}N {loc.point.x:.5f}E")
    print(f"map: {html_path}\ngeojson: {geojson_path}")
