"""``geoevents map``: write an HTML map of the events (folium is imported, via ``..mapping``, only when it is drawn)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..borders import near_border
from ..errors import GeoEventsError
from .common import _default_output, _load


def run(args: argparse.Namespace) -> None:
    """``geoevents map``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    events, boundaries, name = _load(args)
    answers = near_border(events, boundaries, km=args.km, border=args.border) if args.km is not None else None
    from ..mapping import build_map, save_map

    path = Path(args.output) if args.output else _default_output(name, ".html")
    tiles = not (args.no_tiles or args.self_contained)
    categories = _read_categories(args.categories) if args.categories else None
    save_map(build_map(events, boundaries, answers=answers, border=args.border, tiles=tiles, bands_km=args.bands,
                       color_by=args.color_by, categories=categories,
                       time_slider=args.time_slider), path, self_contained=args.self_contained)
    print(f"map: {path}")


def _read_categories(path: str) -> dict[str, str]:
    """Event id -> type, from a JSON object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise GeoEventsError(f"{path}: cannot read categories: {exc.strerror}") from None
    except ValueError as exc:
        raise GeoEventsError(f"{path}: not JSON: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise GeoEventsError(f"{path}: categories must be a JSON object of event id -> type (strings)")
    return data
