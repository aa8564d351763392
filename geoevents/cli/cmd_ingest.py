"""``geoevents ingest``: read reports (text or simple HTML) into draft events for review."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from ..errors import GeoEventsError
from ..formats import write_events
from .common import _boundaries, _default_output, _region_of
from .options import _iso_date


def run(args: argparse.Namespace) -> None:
    """``geoevents ingest``: the parsed flags in, output and files out; bad input raises GeoEventsError."""
    import yaml

    from .._io import atomic_write
    from ..gazetteer import load_gazetteer
    from ..ingest import IngestError, drafts_to_document, ingest, read_reports

    boundaries = _boundaries(args)
    gazetteer = load_gazetteer(args.gazetteer, region_of=_region_of(boundaries))
    from ..progress import ProgressBar

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
        from ..mapping import build_map, save_map

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
