"""The ``geoevents`` command: a thin adapter from flags and files to the library.

Exit codes: 0 success, 1 bad input (one line on stderr naming the problem), 2 usage errors.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
from pathlib import Path

import shapely

from . import settings
from .boundaries import Boundaries, load_boundaries
from .borders import BorderAnswer, near_border
from .errors import GeoEventsError
from .eventfile import seed_events
from .export import dumps_geojson, to_feature_collection, write_geojson
from .formats import format_for, write_events
from .model import Event
from .readers import read_any
from .uncertainty import locate

__all__ = ["main"]


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
        p.add_argument("--boundaries", metavar="FILE", help="boundary coverage (GeoJSON); default: embedded")
        p.add_argument("--name-field", default="name", metavar="FIELD",
                       help="the property naming each unit in --boundaries (default: name)")
        p.add_argument("--point-of-view", metavar="CC", default=None,
                       help="whose claims decide disputed areas, e.g. RU; default: internationally recognised")
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
                   help="one HTML file that makes no network request (Leaflet inlined; no tiles, no fullscreen "
                        "or measure controls)")
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
    gc.add_argument("--boundaries", metavar="FILE", help="boundary coverage (GeoJSON); default: embedded")
    gc.add_argument("--point-of-view", metavar="CC", default=None)

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
    ing.add_argument("--boundaries", metavar="FILE", help="boundary coverage (GeoJSON); default: embedded")
    ing.add_argument("--point-of-view", metavar="CC", default=None)

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
        values = tuple(float(v) for v in text.split(",") if v.strip())
    except ValueError:
        values = ()
    if not values or not all(0 < v < 20_000 for v in values):
        raise argparse.ArgumentTypeError(f"expected distances in km like 5,10,25, got {text!r}")
    return values


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geoevents")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _boundaries(args: argparse.Namespace) -> Boundaries:
    return load_boundaries(args.boundaries, point_of_view=args.point_of_view,
                           name_field=getattr(args, "name_field", "name"))


def _load(args: argparse.Namespace) -> tuple[list[Event], Boundaries, str]:
    boundaries = _boundaries(args)
    if args.events:
        events = []
        for path in args.events:
            read = read_any(path, fmt=args.input_format, boundaries=boundaries)
            # a table row is reported and kept (good rows still count); a whole event file at fault is an error
            _flag_swapped(read, boundaries, path, strict=Path(path).suffix.lower() != ".csv"
                          and args.input_format != "csv")
            events += read
        name = Path(args.events[0]).stem if len(args.events) == 1 else "events"
    else:
        events, name = seed_events(), "seed"
    return [e if e.location is not None else locate(e, boundaries) for e in events], boundaries, name


def _flag_swapped(events: list[Event], boundaries: Boundaries, path: str, *, strict: bool = True) -> None:
    """A located event outside the boundary data that would be inside with lon and lat swapped is an error: the
    file probably has (lat, lon) order. Flagged, never fixed silently."""
    for e in events:
        if e.location is None:
            continue
        x, y = e.location.point.x, e.location.point.y
        if (-90 <= x <= 90 and not boundaries.inside([x], [y])[0] and boundaries.inside([y], [x])[0]):
            message = (f"{path}: feature {e.id!r}: ({x:g}, {y:g}) is outside the boundary data but would be inside "
                       f"with longitude and latitude swapped; fix the file's coordinate order")
            if strict:
                raise GeoEventsError(message)
            print(f"geoevents: warning: {message}", file=sys.stderr)


def _default_output(name: str, suffix: str) -> Path:
    folder = Path(settings.MAPS_DIR)
    folder.mkdir(exist_ok=True)
    return folder / f"{name}{suffix}"


def format_answers(answers: list[BorderAnswer]) -> str:
    """A readable table of near-border answers with a one-line summary."""
    if not answers:
        return "no events"
    km, border = answers[0].km, answers[0].border
    width = max(24, *(len(a.event_id) for a in answers))
    lines = [f"{'event':<{width}}  {'min km':>7}  {'max km':>7}  {'within ' + format(km, 'g') + ' km':<13}"
             f"  {'fraction':>8}  side"]
    for a in answers:
        lines.append(f"{a.event_id:<{width}}  {a.min_km:>7.2f}  {a.max_km:>7.2f}  {a.status:<13}"
                     f"  {a.fraction_within:>8.2f}  {a.side or '-'}")
    counts = {s: sum(a.status == s for a in answers) for s in ("certain", "possible", "outside")}
    noun = "event" if len(answers) == 1 else "events"
    lines.append(f"{len(answers)} {noun} vs the {border} border within {km:g} km: "
                 + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


def _cmd_run(args: argparse.Namespace) -> None:
    events, boundaries, name = _load(args)
    answers = near_border(events, boundaries, km=args.km, border=args.border)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from .mapping import build_map, save_map  # folium only when a map is drawn

    html_path = save_map(build_map(events, boundaries, answers=answers, border=args.border), out / f"{name}.html")
    geojson_path = write_geojson(events, out / f"{name}.geojson", answers)
    print(format_answers(answers))
    for e in events:
        loc = e.location
        assert loc is not None
        print(f"{e.id}: area {loc.area_km2:,.1f} km2, representative point {loc.point.y:.5f}N {loc.point.x:.5f}E")
    print(f"map: {html_path}\ngeojson: {geojson_path}")


def _cmd_map(args: argparse.Namespace) -> None:
    events, boundaries, name = _load(args)
    answers = near_border(events, boundaries, km=args.km, border=args.border) if args.km is not None else None
    from .mapping import build_map, save_map

    path = Path(args.output) if args.output else _default_output(name, ".html")
    tiles = not (args.no_tiles or args.self_contained)
    categories = _read_categories(args.categories) if args.categories else None
    save_map(build_map(events, boundaries, answers=answers, border=args.border, tiles=tiles, bands_km=args.bands,
                       controls=not args.self_contained, color_by=args.color_by, categories=categories,
                       time_slider=args.time_slider), path, self_contained=args.self_contained)
    print(f"map: {path}")


_BULK_MIN_FEATURES = 10_000  # --engine auto: GIS files with more features than this go to the bulk engine


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


def _cmd_near_border(args: argparse.Namespace) -> None:
    engine = _near_border_engine(args)
    if engine != "events":
        return _near_border_bulk(args, engine)
    events, boundaries, _ = _load(args)
    answers = near_border(events, boundaries, km=args.km, border=args.border)
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(a) for a in answers], indent=1))
    elif args.format == "csv":
        _write_csv([dataclasses.asdict(a) for a in answers])
    elif args.format == "geojson":
        by_id = {e.id: e for e in events}
        print(dumps_geojson(to_feature_collection([by_id[a.event_id] for a in answers], answers)), end="")
    else:
        print(format_answers(answers))
    if args.format != "table" and answers:
        print(format_answers(answers).splitlines()[-1], file=sys.stderr)


def _near_border_engine(args: argparse.Namespace) -> str:
    """--engine auto: bulk for CSV and GeoParquet tables and for large GIS files; events for event files."""
    from .eventtable import TABLE_FORMATS, count_features

    if args.engine != "auto" or not args.events:
        return args.engine if args.engine != "auto" else "events"
    kinds = [args.input_format or ("parquet" if Path(p).is_dir() else TABLE_FORMATS.get(Path(p).suffix.lower()))
             for p in args.events]
    if any(k in ("csv", "parquet") for k in kinds):
        if not all(k in TABLE_FORMATS.values() for k in kinds):
            raise GeoEventsError("give either event files or tables of events, not both")
        return "bulk"
    if all(k in ("gdal", "geojson", "geojsonseq") for k in kinds):
        return "bulk" if sum(count_features(p) for p in args.events) > _BULK_MIN_FEATURES else "events"
    return "events"


def _near_border_bulk(args: argparse.Namespace, engine: str) -> None:
    """Tables of events, classified in bulk in this process or on a dask cluster; bad rows reported on stderr."""
    from .bulk import NearBorderIndex
    from .bulkquery import near_border_tables, write_result
    from .progress import ProgressBar

    if not args.events:
        raise GeoEventsError(f"--engine {engine} needs tables of events (CSV, GeoParquet, GeoPackage, ...)")
    if engine == "dask":
        from .distributed import check_inputs

        check_inputs(args.events)
    boundaries = _boundaries(args)
    index = NearBorderIndex(boundaries.border(args.border), km=args.km)
    progress = ProgressBar("near-border")
    if engine == "dask":
        from .distributed import near_border_dask  # dask only when asked for

        result = near_border_dask(args.events, index, border=args.border, boundaries=boundaries,
                                  scheduler=args.scheduler, n_workers=args.workers, progress=progress)
    else:
        result = near_border_tables(args.events, index, border=args.border, boundaries=boundaries,
                                    fmt=args.input_format, progress=progress)
    for message in result.errors:
        print(f"geoevents: skipped {message}", file=sys.stderr)
    for message in result.warnings:
        print(f"geoevents: warning: {message}", file=sys.stderr)
    if not len(result):
        raise GeoEventsError(f"no usable rows ({len(result.errors)} bad)")
    write_result(result, sys.stdout, args.format)
    if args.format != "table":
        print(result.summary(), file=sys.stderr)


def _write_csv(rows: list[dict]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _cmd_export(args: argparse.Namespace) -> None:
    if args.border is not None and args.km is None:
        raise GeoEventsError("--border needs --km")
    events, boundaries, _ = _load(args)
    answers = (near_border(events, boundaries, km=args.km, border=args.border or settings.DEFAULT_BORDER)
               if args.km is not None else None)
    format_for(args.output, args.fmt)  # an unknown format fails before any work
    path = write_events(events, args.output, answers, fmt=args.fmt, geometry=args.geometry)
    print(f"{format_for(path, args.fmt)}: {path} ({len(events)} events)")


def _cmd_geocode(args: argparse.Namespace) -> None:
    from .gazetteer import load_gazetteer
    from .geocode import explain, geocode

    boundaries = _boundaries(args)
    gazetteer = load_gazetteer(args.gazetteer, region_of=_region_of(boundaries))
    online = None
    if args.online:
        from .online import OnlineGeocoder
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


def _cmd_ingest(args: argparse.Namespace) -> None:
    import yaml

    from ._io import atomic_write
    from .gazetteer import load_gazetteer
    from .ingest import IngestError, drafts_to_document, ingest, read_reports

    boundaries = _boundaries(args)
    gazetteer = load_gazetteer(args.gazetteer, region_of=_region_of(boundaries))
    from .progress import ProgressBar

    drafts, failed = [], 0
    reports = read_reports(args.input)
    bar = ProgressBar("ingest", min_total=5)  # a report takes about a second: a bar from five on, on a terminal
    bar.add_total(len(reports))
    for name, raw, meta in reports:
        bar.update(1)
        try:
            published = _iso_date(meta["published"]) if meta.get("published") else args.published
            drafts.append(ingest(raw, boundaries=boundaries, gazetteer=gazetteer, published=published,
                                 source=str(meta.get("source") or args.source), url=meta.get("url") or args.url,
                                 event_id=str(meta["id"]) if meta.get("id") else None))
        except (IngestError, argparse.ArgumentTypeError, GeoEventsError) as exc:
            failed += 1
            print(f"geoevents: skipped {name}: {exc}", file=sys.stderr)
    bar.close()
    if not drafts:
        raise GeoEventsError(f"no event could be read from {args.input} ({failed} failed)")
    _unique_ids(drafts)
    text = yaml.safe_dump(drafts_to_document(drafts), sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None)
    if args.output:
        atomic_write(args.output, "# Draft events read by `geoevents ingest`: review before use.\n" + text)
        print(f"drafts: {args.output} ({len(drafts)} events, {failed} failed)")
    else:
        print(text, end="")
    events = [d.event for d in drafts]
    name = Path(args.input).stem if args.input != "-" else "ingested"
    if args.map is not None:
        from .mapping import build_map, save_map

        path = Path(args.map) if args.map else _default_output(name, ".html")
        save_map(build_map(events, boundaries), path)
        print(f"map: {path}", file=sys.stderr if not args.output else sys.stdout)
    if args.export:
        path = write_events(events, args.export)
        print(f"export: {path}", file=sys.stderr if not args.output else sys.stdout)


def _unique_ids(drafts: list) -> None:
    """Make draft ids unique (two reports of one day with the same headline words)."""
    seen: dict[str, int] = {}
    for i, d in enumerate(drafts):
        n = seen.get(d.event.id, 0)
        seen[d.event.id] = n + 1
        if n:
            drafts[i] = dataclasses.replace(d, event=dataclasses.replace(d.event, id=f"{d.event.id}-{n + 1}"))


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _region_of(boundaries: Boundaries):
    """(lon, lat, admin1) -> ISO 3166-2 region: the named admin1 if it is a region, else the region at the point."""
    def region_of(lon: float, lat: float, admin1: str) -> str:
        for name in ([admin1] if admin1 else []):
            try:
                unit = boundaries.units[boundaries.find(name)]
                return unit.get("iso_3166_2") or ""
            except GeoEventsError:
                pass
        hits = boundaries.units_in(shapely.Point(lon, lat))
        return (boundaries.units[hits[0]].get("iso_3166_2") or "") if hits else ""
    return region_of


_COMMANDS = {"run": _cmd_run, "geocode": _cmd_geocode, "ingest": _cmd_ingest, "map": _cmd_map, "near-border": _cmd_near_border, "export": _cmd_export}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        _COMMANDS[args.command](args)
    except GeoEventsError as exc:
        print(f"geoevents: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("geoevents: interrupted", file=sys.stderr)
        return 130
    return 0
