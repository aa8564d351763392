"""``geoevents geocode``: read one location phrase into constraints, a trace and a GeoJSON Feature."""

from __future__ import annotations

import argparse

from ..export import dumps_geojson, to_feature_collection
from .common import _boundaries, _region_of


def run(args: argparse.Namespace) -> None:
    """``geoevents geocode``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    from ..gazetteer import load_gazetteer
    from ..geocode import explain, geocode

    boundaries = _boundaries(args)
    gazetteer = load_gazetteer(args.gazetteer, region_of=_region_of(boundaries))
    online = None
    if args.online:
        from ..online import OnlineGeocoder
        online = OnlineGeocoder(args.online, user_agent=args.user_agent or "", cache_path=args.geocoder_cache)
    result = geocode(args.text, boundaries=boundaries, gazetteer=gazetteer, online=online)
    feature = to_feature_collection([result.event])["features"][0]
    if args.fmt == "geojson":
        print(dumps_geojson(feature))
        return
    lines = explain(result)
    if not args.explain:
        lines = [ln for ln in lines if ln.startswith(("constraint", "area", "precision", "toponym"))
                 and "candidate:" not in ln]
    print("\n".join(lines))
    print(dumps_geojson(feature))
