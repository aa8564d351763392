"""The ``geoevents`` command: a thin adapter from flags and files to the public API of geoevents.

Exit codes: 0 success, 1 bad input (one line on stderr naming the problem), 2 usage errors, 130 interrupted.

Layout (as in fio and rio): one module per subcommand, ``cmd_<name>``, with its flags (``add_arguments``) and its
``run(args)``; ``options`` holds the parser class, argument types and the flag groups several commands share;
``common`` loads what the flags name; ``output`` renders answers as text, JSON, CSV or GeoJSON. Logging is
configured here alone: the library's warnings reach stderr as ``geoevents: ...`` lines. folium, dask and the bulk
engine are imported inside the subcommands that use them.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from geoevents.cli import cmd_export, cmd_geocode, cmd_ingest, cmd_map, cmd_near_border, cmd_run
from geoevents.cli.options import Parser, VersionAction
from geoevents.errors import GeoEventsError

__all__ = ["main", "parser"]

_COMMANDS = {"run": cmd_run, "map": cmd_map, "near-border": cmd_near_border, "geocode": cmd_geocode,
             "ingest": cmd_ingest, "export": cmd_export}


def parser() -> Parser:
    """The argument parser of every subcommand."""
    top = Parser(prog="geoevents", description="Put vaguely reported events on a map, honestly.")
    top.add_argument("--version", action=VersionAction)
    sub = top.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name, command in _COMMANDS.items():
        command.add_arguments(sub.add_parser(name, help=command.HELP, description=command.HELP))
    return top


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests and callers may replace it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def configure_logging() -> None:
    """The library's warnings (skipped rows, say) on stderr as ``geoevents: <message>``; once per process."""
    logger = logging.getLogger("geoevents")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("geoevents: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = parser().parse_args(argv)
    configure_logging()
    try:
        _COMMANDS[args.command].run(args)
    except GeoEventsError as exc:
        print(f"geoevents: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("geoevents: interrupted", file=sys.stderr)
        return 130
    return 0
