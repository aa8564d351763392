"""``geoevents ingest``: read reports (text or simple HTML) into draft events for review."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import geoevents
from geoevents.cli.messages import note, warn
from geoevents.cli.options import add_boundary_flags, add_map_flags, iso_date, map_network, map_style
from geoevents.errors import GeoEventsError, IngestError

HELP = "read reports (text or simple HTML) into draft events for review"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The flags of ``geoevents ingest``."""
    p.add_argument("input", help="a report file, - for standard input, a folder of .txt/.html reports, or a "
                                 ".jsonl file of {\"text\": ..., \"published\": ..., \"url\": ...} lines")
    p.add_argument("-o", "--output", help="draft events file (.yaml); - or none: print it")
    p.add_argument("--published", type=iso_date, default=None, metavar="YYYY-MM-DD",
                   help="publication date, against which 'yesterday' or 'on Sunday' are read")
    p.add_argument("--source", default="", help="the outlet's name")
    p.add_argument("--url", default=None, help="the report's address")
    p.add_argument("--map", nargs="?", const="", default=None, metavar="HTML",
                   help="also write a map of the drafts (default maps/<name>.html)")
    add_map_flags(p)
    p.add_argument("--export", metavar="FILE", default=None, help="also export the drafts (format from extension)")
    p.add_argument("--gazetteer", action="append", default=[], metavar="FILE", help="extra places")
    add_boundary_flags(p)


def run(args: argparse.Namespace) -> None:
    """``geoevents ingest``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    import yaml

    from geoevents.cli.common import boundaries_from_args, default_output, region_of
    from geoevents.ingestion import drafts_to_document, ingest_all, read_reports
    from geoevents.io import atomic_write
    from geoevents.places import load_gazetteer
    from geoevents.progress import ProgressBar

    boundaries = boundaries_from_args(args)
    gazetteer = load_gazetteer(args.gazetteer, region_of=region_of(boundaries))

    drafts, failed = [], 0
    reports = read_reports(args.input)
    bar = ProgressBar("ingest", min_total=5)  # a report takes about a second: a bar from five on, on a terminal
    bar.add_total(len(reports))
    for name, raw, meta in reports:
        bar.update(1)
        if meta.get("error"):  # a file of a folder that could not be read
            failed += 1
            warn(f"skipped {name}: {meta['error']}")
            continue
        try:
            published = iso_date(meta["published"]) if meta.get("published") else args.published
            drafts += ingest_all(raw, boundaries=boundaries, gazetteer=gazetteer, published=published,
                                 source=str(meta.get("source") or args.source), url=meta.get("url") or args.url,
                                 event_id=str(meta["id"]) if meta.get("id") else None)
        except (IngestError, argparse.ArgumentTypeError, GeoEventsError) as exc:
            failed += 1
            warn(f"skipped {name}: {exc}")
    bar.close()
    if not drafts:
        raise IngestError(f"no event could be read from {args.input} ({failed} failed)")
    for d in drafts:
        if d.unlocated:
            warn(f"to locate by hand: {d.event.id}: {d.unlocated}")
    if args.export and all(d.unlocated for d in drafts):
        raise IngestError(f"no located draft to export ({len(drafts)} to locate by hand); run without --export "
                          f"to write the drafts")
    _unique_ids(drafts)
    text = yaml.safe_dump(drafts_to_document(drafts), sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None)
    if args.output == "-":
        args.output = None  # standard output, as without -o
    if args.output:
        atomic_write(args.output, "# Draft events read by `geoevents ingest`: review before use.\n" + text)
        unlocated = sum(1 for d in drafts if d.unlocated)
        note(f"drafts: {args.output} ({len(drafts) - unlocated} events, {unlocated} to locate, {failed} failed)")
    else:
        print(text, end="")
    events = [d.event for d in drafts if not d.unlocated]  # a map and an export hold located events only
    name = Path(args.input).stem if args.input != "-" else "ingested"
    if args.map is not None:
        from geoevents.cli.common import without_pandas

        with without_pandas():
            from geoevents.maps import build_map, save_map

        path = Path(args.map) if args.map else default_output(name, ".html")
        tiles, self_contained = map_network(args)
        save_map(build_map(events, boundaries, tiles=tiles, **map_style(args)),  # type: ignore[arg-type]
                 path, self_contained=self_contained)
        note(f"map: {path}", file=sys.stderr if not args.output else sys.stdout)
    if args.export:
        path = geoevents.write_events(events, args.export)
        note(f"export: {path}", file=sys.stderr if not args.output else sys.stdout)


def _unique_ids(drafts: list) -> None:
    """Make draft ids unique (two reports of one day with the same headline words, or a report's second event
    whose id ends in "-2" as another's renamed duplicate would): a repeated id gets the first free "-N"."""
    taken = {d.event.id for d in drafts}
    seen: set[str] = set()
    for i, d in enumerate(drafts):
        if d.event.id not in seen:
            seen.add(d.event.id)
            continue
        n = 2
        while f"{d.event.id}-{n}" in taken:
            n += 1
        new = f"{d.event.id}-{n}"
        taken.add(new)
        seen.add(new)
        drafts[i] = dataclasses.replace(d, event=dataclasses.replace(d.event, id=new))
