"""``geoevents geocode``: read one location phrase into constraints, a trace and a GeoJSON Feature."""

from __future__ import annotations

import argparse

from geoevents.cli.options import add_boundary_flags

HELP = "read a location phrase: constraints, trace and a GeoJSON Feature"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The flags of ``geoevents geocode``."""
    p.add_argument("text", help='the location phrase, e.g. "about 7 km from the Ukrainian border, Kursk region"')
    p.add_argument("--explain", action="store_true", help="show the reasoning step by step")
    p.add_argument("--format", dest="fmt", choices=("text", "geojson"), default="text",
                   help="text: constraints, trace and the Feature (default); geojson: the Feature only")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="extra places: a GeoNames dump (RU.txt) or a CSV with name, lat, lon, country, admin1")
    p.add_argument("--online", choices=("nominatim", "photon"), default=None,
                   help="ask an online geocoder for places the gazetteers lack (needs --user-agent)")
    p.add_argument("--user-agent", default=None, help="identifies your application to the online geocoder")
    p.add_argument("--geocoder-cache", default=None, metavar="FILE", help="SQLite cache of online answers")
    add_boundary_flags(p)


def run(args: argparse.Namespace) -> None:
    """``geoevents geocode``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    from geoevents.cli.common import boundaries_from_args, region_of
    from geoevents.geocoding import explain, geocode
    from geoevents.io import dumps_geojson, to_feature_collection
    from geoevents.places import load_gazetteer

    boundaries = boundaries_from_args(args)
    gazetteer = load_gazetteer(args.gazetteer, region_of=region_of(boundaries))
    online = None
    if args.online:
        from geoevents.places import OnlineGeocoder

        online = OnlineGeocoder(args.online, user_agent=args.user_agent or "", cache_path=args.geocoder_cache)
    result = geocode(args.text, boundaries=boundaries, gazetteer=gazetteer, online=online)
    feature = to_feature_collection([result.event])["features"][0]
    if args.fmt == "geojson":
        print(dumps_geojson(feature))
        return
    lines = explain(result)
    if not args.explain:
        lines = [ln for ln in lines if ln.startswith(("constraint", "area", "precision", "toponym", "set aside",
                                                                 "read as"))
                 and "candidate:" not in ln]
    print("\n".join(lines))
    print(dumps_geojson(feature))
