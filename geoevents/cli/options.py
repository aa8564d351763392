"""The command line: every subcommand's flags and the argument types that check them (usage errors exit 2)."""

from __future__ import annotations

import argparse

from .. import settings

_BULK_MIN_FEATURES = 10_000  # --engine auto: GIS files with more features than this go to the bulk engine


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: usage error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="geoevents", description="Put vaguely reported events on a map, honestly.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("events", nargs="*", metavar="EVENTS",
                       help="event files (YAML/JSON; near-border also takes CSV tables of points); "
                            "none: the bundled seed event")
        p.add_argument("--from", dest="input_format", metavar="FORMAT", default=None,
                       help="read EVENTS as events, geojson, geojsonseq, gdal, parquet or csv (default: from the "
                            "extension)")
        _boundary_flags(p)
        return p

    run = command("run", "locate events, answer the near-border question, write a map and GeoJSON")
    run.add_argument("--km", type=_km, default=10.0, help="the N of 'within N km of the border' (default 10)")
    run.add_argument("--border", default=settings.DEFAULT_BORDER, help="border, e.g. RU-UA or Kursk/Sumy")
    run.add_argument("-o", "--out-dir", default=settings.MAPS_DIR, help="output folder (default maps/)")

    m = command("map", "write an HTML map of the events")
    m.add_argument("-o", "--output", help="HTML file (default maps/<name>.html)")
    m.add_argument("--border", default=settings.DEFAULT_BORDER)
    m.add_argument("--km", type=_km, default=None, help="also show the near-border answer for N km")
    m.add_argument("--no-tiles", action="store_true", help="no tile layers: the boundaries are the basemap")
    m.add_argument("--self-contained", action="store_true",
                   help="one HTML file that makes no network request (Leaflet inlined; no tiles)")
    m.add_argument("--bands", type=_km_list, default=(), metavar="KM,KM,...",
                   help="distance bands along the border, e.g. 5,10,25")
    m.add_argument("--color-by", choices=("type", "date"), default=None,
                   help="colour events by type (each event's event_type, or --categories) or by date "
                        "(default: one colour per event)")
    m.add_argument("--categories", metavar="FILE", default=None,
                   help='JSON object of event id -> type, e.g. {"e1": "shelling"}, for --color-by type')
    m.add_argument("--no-time-slider", dest="time_slider", action="store_false",
                   help="no date slider, even when the events have two or more dates")

    nb = command("near-border", "which events are within N km of a border: certainly, possibly or not")
    nb.add_argument("--km", type=_km, required=True, help="the N of 'within N km of the border'")
    nb.add_argument("--border", default=settings.DEFAULT_BORDER,
                    help="border: RU-UA (two countries), UA (all its land borders) or Kursk/Sumy (two regions)")
    nb.add_argument("--format", choices=("table", "json", "csv", "geojson"), default="table",
                    help="table (default; the summary is its last line), json, csv or geojson (the regions with "
                         "the answers); sorted by the smallest distance; the summary goes to stderr but for table")
    nb.add_argument("--engine", choices=("auto", "events", "bulk", "dask"), default="auto",
                    help="events: one event at a time (exact distances and fractions); bulk: many at once, from "
                         "tables (CSV, GeoParquet, GeoPackage, FlatGeobuf, GeoJSON); dask: bulk on a dask cluster, "
                         "over (partitioned) GeoParquet; auto (default): bulk for CSV and GeoParquet and for files "
                         f"of more than {_BULK_MIN_FEATURES:,} features, else events")
    nb.add_argument("--scheduler", metavar="ADDRESS", default=None,
                    help="--engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    nb.add_argument("--workers", type=int, default=2, metavar="N",
                    help="--engine dask without --scheduler: worker processes of the local cluster (default 2)")

    gc = sub.add_parser("geocode", help="read a location phrase: constraints, trace and a GeoJSON Feature",
                        description="read a location phrase: constraints, trace and a GeoJSON Feature")
    gc.add_argument("text", help='the location phrase, e.g. "about 7 km from the Ukrainian border, Kursk region"')
    gc.add_argument("--explain", action="store_true", help="show the reasoning step by step")
    gc.add_argument("--format", dest="fmt", choices=("text", "geojson"), default="text",
                    help="text: constraints, trace and the Feature (default); geojson: the Feature only")
    gc.add_argument("--gazetteer", action="append", default=[], metavar="FILE",
                    help="extra places: a GeoNames dump (RU.txt) or a CSV with name, lat, lon, country, admin1")
    gc.add_argument("--online", choices=("nominatim", "photon"), default=None,
                    help="ask an online geocoder for places the gazetteers lack (needs --user-agent)")
    gc.add_argument("--user-agent", default=None, help="identifies your application to the online geocoder")
    gc.add_argument("--geocoder-cache", default=None, metavar="FILE", help="SQLite cache of online answers")
    _boundary_flags(gc)

    ing = sub.add_parser("ingest", help="read reports (text or simple HTML) into draft events for review",
                         description="read reports (text or simple HTML) into draft events for review")
    ing.add_argument("input", help="a report file, - for standard input, a folder of .txt/.html reports, or a "
                                   ".jsonl file of {\"text\": ..., \"published\": ..., \"url\": ...} lines")
    ing.add_argument("-o", "--output", help="draft events file (.yaml); default: print it")
    ing.add_argument("--published", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                     help="publication date, against which 'yesterday' or 'on Sunday' are read")
    ing.add_argument("--source", default="", help="the outlet's name")
    ing.add_argument("--url", default=None, help="the report's address")
    ing.add_argument("--map", nargs="?", const="", default=None, metavar="HTML",
                     help="also write a map of the drafts (default maps/<name>.html)")
    ing.add_argument("--export", metavar="FILE", default=None, help="also export the drafts (format from extension)")
    ing.add_argument("--gazetteer", action="append", default=[], metavar="FILE", help="extra places")
    _boundary_flags(ing)

    ex = command("export", "write the events as GeoJSON, GeoJSON sequences, GeoPackage, FlatGeobuf, GeoParquet, KML "
                           "or CSV")
    ex.add_argument("-o", "--output", required=True,
                    help="output file: .geojson, .geojsons (RFC 8142), .geojsonl/.ndjson, .gpkg, .fgb, .parquet, "
                         ".kml, .csv")
    ex.add_argument("--format", dest="fmt", default=None,
                    help="geojson, geojsonseq, geojsonl, gpkg, flatgeobuf, parquet, kml or csv (default: from the "
                         "extension)")
    ex.add_argument("--geometry", choices=("region", "point", "both"), default="region")
    ex.add_argument("--border", default=None, help="add near-border figures for this border (with --km)")
    ex.add_argument("--km", type=_km, default=None)
    return parser


def _boundary_flags(p: argparse.ArgumentParser) -> None:
    """The options of every command that loads boundaries."""
    p.add_argument("--boundaries", metavar="FILE", help="boundary coverage (GeoJSON); default: embedded")
    p.add_argument("--name-field", default="name", metavar="FIELD",
                   help="the property naming each unit in --boundaries (default: name)")
    p.add_argument("--point-of-view", metavar="CC", default=None,
                   help="whose claims decide disputed areas, e.g. RU; default: internationally recognised")


def _km(text: str) -> float:
    """A positive, finite number of kilometres (an argparse type: anything else is a usage error)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 < value <= settings.MAX_DISTANCE_KM):
        raise argparse.ArgumentTypeError(f"expected a positive number of kilometres up to "
                                         f"{settings.MAX_DISTANCE_KM:,.0f}, got {text!r}")
    return value


def _km_list(text: str) -> tuple[float, ...]:
    """'5,10,25' -> (5.0, 10.0, 25.0); anything else is a usage error."""
    try:
        values = tuple(_km(v) for v in text.split(",") if v.strip())
    except argparse.ArgumentTypeError:
        values = ()
    if not values:
        raise argparse.ArgumentTypeError(f"expected distances in km like 5,10,25, got {text!r}")
    return values


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geoevents")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _iso_date(text: str):
    """A date YYYY-MM-DD (an argparse type; ingest also reads the dates of .jsonl reports with it)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
