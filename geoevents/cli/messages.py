"""What the commands tell the user besides their output, at the verbosity the flags ask for: ``-q/--quiet`` leaves
only errors (and the output itself), ``-v/--verbose`` adds details such as the engine chosen. One place decides,
so every command obeys the same flags."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["detail", "note", "set_verbosity", "shown", "verbosity", "warn"]

_LEVEL = [0]  # -1 quiet, 0 normal, 1 verbose


def set_verbosity(level: int) -> None:
    """-1 (``--quiet``), 0 or 1 (``--verbose``)."""
    _LEVEL[0] = max(-1, min(1, level))


def verbosity() -> int:
    """The level :func:`set_verbosity` set."""
    return _LEVEL[0]


def note(text: str, file: TextIO | None = None) -> None:
    """A line about what was done (``map: maps/seed.html``), on ``file`` (default stdout); not with --quiet."""
    if _LEVEL[0] >= 0:
        print(text, file=file if file is not None else sys.stdout)


def warn(text: str) -> None:
    """``geoevents: warning: TEXT`` on stderr; not with --quiet. Standard input is named ``<stdin>`` (see
    :func:`geoevents.io.shown_as`)."""
    if _LEVEL[0] >= 0:
        print(f"geoevents: warning: {shown(text)}", file=sys.stderr)


def detail(text: str) -> None:
    """``geoevents: TEXT`` on stderr, only with --verbose."""
    if _LEVEL[0] > 0:
        print(f"geoevents: {shown(text)}", file=sys.stderr)


def shown(text: str) -> str:
    """``text`` as the user should read it: the temporary file that holds standard input named ``<stdin>``."""
    from geoevents.io import shown_text  # here, not at the top: --help loads no library

    return shown_text(text)
