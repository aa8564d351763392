"""``geoevents geocode``: read location phrases into constraints, an area, a point and precision codes."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from geoevents.cli.options import UsageError, add_boundary_flags
from geoevents.errors import GeoEventsError, InputError

HELP = "read location phrases: constraints, area, point (lat, lon) and precision codes"

_CSV_COLUMNS = ("text", "lat", "lon", "area_km2", "radius_km", "acled_geo_precision", "ucdp_where_prec",
                "gdelt_geo_type", "constraints", "error")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The flags of ``geoevents geocode``."""
    p.add_argument("text", nargs="*", metavar="TEXT",
                   help='location phrases, e.g. "about 7 km from the Ukrainian border, Kursk region"; '
                        "- reads them from standard input, one per line")
    p.add_argument("--file", metavar="FILE", default=None,
                   help="also read phrases from FILE, one per line (- for standard input; blank lines skipped)")
    p.add_argument("--explain", action="store_true",
                   help="text: show the reasoning step by step, with the candidates of ambiguous names")
    p.add_argument("--format", dest="fmt", choices=("text", "json", "csv", "geojson"), default="text",
                   help="text: a short summary per phrase (default); json: a list of objects; csv: a row per "
                        "phrase (lat, lon, area, precision codes, error); geojson: the Feature (a FeatureCollection "
                        "for several phrases)")
    p.add_argument("-o", "--output", metavar="FILE", default=None,
                   help="write the output to FILE (written whole or not at all; - or none: standard output)")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                   help="extra places: a GeoNames dump (RU.txt) or a CSV with name, lat, lon, country, admin1")
    p.add_argument("--online", choices=("nominatim", "photon"), default=None,
                   help="ask an online geocoder for places the gazetteers lack (needs --user-agent)")
    p.add_argument("--user-agent", default=None, help="identifies your application to the online geocoder")
    p.add_argument("--geocoder-cache", default=None, metavar="FILE", help="SQLite cache of online answers")
    add_boundary_flags(p)


def _phrases(args: argparse.Namespace) -> list[str]:
    """The phrases of the command line, ``-`` and ``--file``, in that order."""
    from geoevents.io import reading

    phrases: list[str] = []
    stdin_read = False

    def lines(stream: TextIO) -> list[str]:
        return [ln.strip() for ln in stream.read().splitlines() if ln.strip()]

    for text in args.text:
        if text == "-" and not stdin_read:
            phrases += lines(sys.stdin)
            stdin_read = True
        elif text != "-":
            phrases.append(text)
    if args.file == "-" and not stdin_read:
        phrases += lines(sys.stdin)
    elif args.file not in (None, "-"):
        with reading(args.file, error=InputError), open(args.file, encoding="utf-8-sig") as f:
            found = lines(f)
        if not found:
            raise InputError(f"{args.file}: no phrases (one per line)")
        phrases += found
    if not phrases:
        raise UsageError("give a location phrase, - to read phrases from standard input, or --file FILE")
    return phrases


def run(args: argparse.Namespace) -> None:
    """``geoevents geocode``: the parsed flags in, output and files out; bad input raises GeoEventsError.

    One phrase that cannot be located is an error (exit 1); of several, each such phrase is a warning and a
    row or entry with its ``error``, and the others are answered."""
    from geoevents.cli.common import boundaries_from_args, output_stream, region_of
    from geoevents.cli.messages import warn
    from geoevents.geocoding import geocode
    from geoevents.places import load_gazetteer

    phrases = _phrases(args)
    boundaries = boundaries_from_args(args)
    gazetteer = load_gazetteer(args.gazetteer, region_of=region_of(boundaries))
    online = None
    if args.online:
        from geoevents.places import OnlineGeocoder

        online = OnlineGeocoder(args.online, user_agent=args.user_agent or "", cache_path=args.geocoder_cache)
    results: list = []
    for i, text in enumerate(phrases, start=1):
        try:
            results.append(geocode(text, boundaries=boundaries, gazetteer=gazetteer, online=online,
                                   event_id="geocoded" if len(phrases) == 1 else f"geocoded-{i}"))
        except GeoEventsError as exc:
            if len(phrases) == 1:
                raise
            warn(f"phrase {i}: {exc}")
            results.append(exc)
    with output_stream(args.output, "geocoded phrases") as stream:
        _write(phrases, results, args, stream)


def _write(phrases: list[str], results: list, args: argparse.Namespace, stream: TextIO) -> None:
    import json

    from geoevents.io import dumps_geojson, to_feature_collection

    located = [r for r in results if not isinstance(r, Exception)]
    if args.fmt == "geojson":
        collection = to_feature_collection([r.event for r in located])
        stream.write(dumps_geojson(collection["features"][0] if len(phrases) == 1 else collection) + "\n")
    elif args.fmt == "json":
        json.dump([_record(text, r) for text, r in zip(phrases, results, strict=True)], stream, ensure_ascii=False,
                  indent=1)
        stream.write("\n")
    elif args.fmt == "csv":
        import csv

        from geoevents.io import neutralise

        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(_CSV_COLUMNS)
        for text, r in zip(phrases, results, strict=True):
            record = _record(text, r)
            record["constraints"] = "; ".join(record["constraints"])
            writer.writerow([neutralise("" if record[c] is None else record[c]) for c in _CSV_COLUMNS])
    else:
        blocks = [_summary(text, r, args.explain, several=len(phrases) > 1)
                  for text, r in zip(phrases, results, strict=True)]
        stream.write("\n\n".join(blocks) + "\n")


def _record(text: str, result) -> dict:
    """One phrase as plain values (JSON and CSV)."""
    if isinstance(result, Exception):
        return {"text": text, "lat": None, "lon": None, "area_km2": None, "radius_km": None,
                "acled_geo_precision": None, "ucdp_where_prec": None, "gdelt_geo_type": None, "constraints": [],
                "error": str(result)}
    loc, p = result.event.location, result.precision
    return {"text": text, "lat": round(loc.point.y, 6), "lon": round(loc.point.x, 6), "area_km2": loc.area_km2,
            "radius_km": loc.radius_km, "acled_geo_precision": p.acled_geo_precision,
            "ucdp_where_prec": p.ucdp_where_prec, "gdelt_geo_type": p.gdelt_geo_type,
            "constraints": [c.describe() for c in result.event.constraints], "error": None}


def _summary(text: str, result, explain_all: bool, *, several: bool) -> str:
    """The text output of one phrase: what was read and where it puts the event; every step with --explain."""
    from geoevents.geocoding import explain

    head = [f"phrase: {text}"] if several else []
    if isinstance(result, Exception):
        return "\n".join([*head, f"error: {result}"])
    lines = explain(result)
    if not explain_all:
        lines = [ln for ln in lines if ln.startswith(("toponym", "constraint", "area", "precision", "set aside",
                                                     "read as")) and "candidate:" not in ln]
    return "\n".join(head + lines)
