"""The ``geoevents`` command: a thin adapter from flags and files to the public API of geoevents.

Exit codes: 0 success, 1 bad input (one line on stderr naming the problem), 2 usage errors; 130, 143 and 129 when
stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP, with every output of the command left as it was.

Layout (as in fio and rio): one module per subcommand, ``cmd_<name>``, with its flags (``add_arguments``) and its
``run(args)``; ``options`` holds the parser class, argument types and the flag groups several commands share;
``common`` loads what the flags name; ``output`` renders answers as text, JSON, CSV or GeoJSON. Logging is
configured here alone: the library's warnings reach stderr as ``geoevents: ...`` lines. folium, dask and the bulk
engine are imported inside the subcommands that use them.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from geoevents.cli import cmd_export, cmd_geocode, cmd_ingest, cmd_map, cmd_near_border, cmd_run
from geoevents.cli.messages import set_verbosity, shown, warn
from geoevents.cli.options import Parser, UsageError, VersionAction, add_verbosity_flags
from geoevents.errors import GeoEventsError

__all__ = ["console", "main", "parser"]

_COMMANDS = {"run": cmd_run, "map": cmd_map, "near-border": cmd_near_border, "geocode": cmd_geocode,
             "ingest": cmd_ingest, "export": cmd_export}


def parser() -> Parser:
    """The argument parser of every subcommand."""
    top = Parser(prog="geoevents", description="Put vaguely reported events on a map, honestly.", allow_abbrev=False,
                 epilog="Run 'geoevents COMMAND --help' for a command's options.")
    top.add_argument("--version", action=VersionAction)
    add_verbosity_flags(top)
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, command in _COMMANDS.items():
        p = sub.add_parser(name, help=command.HELP, description=command.HELP, allow_abbrev=False)
        command.add_arguments(p)
        add_verbosity_flags(p, suppress=True)  # -q/-v before or after the command
    return top


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests and callers may replace it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def configure_logging(verbosity: int = 0) -> None:
    """The library's warnings (skipped rows, say) on stderr as ``geoevents: <message>``: errors only at verbosity
    -1 (``--quiet``), details too at 1 (``--verbose``)."""
    logger = logging.getLogger("geoevents")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("geoevents: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel({-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}[verbosity])


class _Stopped(BaseException):
    """A terminating signal arrived (SIGTERM, SIGHUP): unwinds the command like Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _stopping_on_signals() -> Iterator[None]:
    """While a command runs, SIGINT, SIGTERM and SIGHUP cancel every pending output (temporary files are removed,
    nothing is renamed over an old file, even if a library swallows the exception) and stop the command."""
    from geoevents.io import cancel

    def stop(signum: int, frame: object) -> None:
        cancel()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise _Stopped(signum)

    wanted = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {}
    try:
        for signum in wanted:
            previous[signum] = signal.signal(signum, stop)
    except ValueError:  # not the main thread: leave signals alone
        pass
    cancel(False)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning from a library underneath (GDAL reading a damaged file, say) as one line, without the source line
    Python would quote."""
    warn(" ".join(str(message).split()))


def _text(exc: Exception) -> str:
    """The message of ``exc`` as the user reads it: standard input named ``<stdin>`` (noted by :func:`main` while
    it was known)."""
    return str(getattr(exc, "shown_text", exc))


def console() -> None:
    """The ``geoevents`` command (and ``python -m geoevents``): :func:`main`, then exit with its code. The process
    ends here, so what it made is frozen first (``gc.freeze``): the last garbage collection would walk every object
    for nothing (0.1 s of a seed map's 1.3 s). Freed memory, files and temporary files are let go as before."""
    import gc

    code = main()
    gc.freeze()
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    top = parser()
    args = top.parse_args(argv)
    if args.command is None:  # bare `geoevents`: what it can do
        top.print_help()
        return 0
    level = 1 if args.verbose and not args.quiet else -1 if args.quiet else 0
    set_verbosity(level)
    configure_logging(level)
    from geoevents.io import transaction  # after the flags: --help and usage errors need none of the library

    try:
        with _stopping_on_signals(), transaction(), warnings.catch_warnings():  # all of its files, or none
            warnings.showwarning = _show_warning
            from geoevents.cli.common import stdin_as_file

            with stdin_as_file(args):  # EVENTS of -
                try:
                    _COMMANDS[args.command].run(args)
                except GeoEventsError as exc:  # its text now, while standard input still has its name
                    setattr(exc, "shown_text", shown(str(exc)))  # noqa: B010  (Exception has no such field)
                    raise
        sys.stdout.flush()
    except UsageError as exc:
        print(f"geoevents {args.command}: usage error: {_text(exc)} (see --help)", file=sys.stderr)
        return 2
    except GeoEventsError as exc:
        print(f"geoevents: error: {_text(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("geoevents: interrupted; no output was changed", file=sys.stderr)
        return 130
    except _Stopped as exc:
        print(f"geoevents: stopped by signal {exc.signum}; no output was changed", file=sys.stderr)
        return 128 + exc.signum
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as a shell tool does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return 0
