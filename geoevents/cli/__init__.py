"""The ``geoevents`` command: a thin adapter from flags and files to the library.

Exit codes: 0 success, 1 bad input (one line on stderr naming the problem), 2 usage errors.

Layout (one module per subcommand, as in fio): ``options`` builds the parser, ``common`` holds what the
subcommands share (loading boundaries and events, the near-border table), and ``cmd_<name>`` has each
subcommand's ``run(args)``. folium, dask and the bulk engine are imported inside the subcommands that use them.
"""

from __future__ import annotations

import sys

from ..errors import GeoEventsError
from . import cmd_export, cmd_geocode, cmd_ingest, cmd_map, cmd_near_border, cmd_run
from .options import _parser

__all__ = ["main"]

_COMMANDS = {"run": cmd_run, "geocode": cmd_geocode, "ingest": cmd_ingest, "map": cmd_map,
             "near-border": cmd_near_border, "export": cmd_export}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        _COMMANDS[args.command].run(args)
    except GeoEventsError as exc:
        print(f"geoevents: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("geoevents: interrupted", file=sys.stderr)
        return 130
    return 0
