"""What the subcommands' flags share: the parser class (one-line usage errors, exit 2), the argument types that
check values, and the flag groups several commands take (events to read, boundaries). Each command's own flags are
in its module (``cmd_<name>.add_arguments``), as in fio and rio."""

from __future__ import annotations

import argparse
import datetime as dt
import re

from geoevents import settings
from geoevents.errors import InvalidValueError

__all__ = ["Parser", "UsageError", "VersionAction", "add_boundary_flags", "add_event_inputs", "add_map_flags",
           "add_verbosity_flags", "border_spec", "iso_date", "km", "km_list", "map_network", "map_style", "pixel_size",
           "positive_int"]


class UsageError(Exception):
    """The command was called wrongly in a way argparse cannot see (no phrase at all, say): exit 2, like argparse's
    own usage errors."""


class Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: usage error: {message} (see --help)\n")


def add_verbosity_flags(p: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """``-q/--quiet`` and ``-v/--verbose``; on a subcommand (``suppress``) they do not override the same flags
    given before it."""
    default = argparse.SUPPRESS if suppress else False
    p.add_argument("-q", "--quiet", action="store_true", default=default,
                   help="print only the output and errors: no warnings, progress or 'written to' lines")
    p.add_argument("-v", "--verbose", action="store_true", default=default,
                   help="also say how the work was done (the engine chosen, the files read)")


def add_event_inputs(p: argparse.ArgumentParser) -> None:
    """EVENTS, ``--from`` and the boundary flags: what every command that reads events takes."""
    p.add_argument("events", nargs="*", metavar="EVENTS",
                   help="event files (YAML/JSON), GeoJSON, GeoPackage, FlatGeobuf, KML, GeoParquet or CSV tables "
                        "(ACLED, UCDP, points), - for standard input; none: the bundled seed event")
    p.add_argument("--from", dest="input_format", metavar="FORMAT", default=None,
                   help="read EVENTS as events, geojson, geojsonseq, gdal, parquet or csv (default: from the "
                        "extension)")
    add_boundary_flags(p)


def add_boundary_flags(p: argparse.ArgumentParser) -> None:
    """The options of every command that loads boundaries."""
    p.add_argument("--boundaries", metavar="FILE", help="boundary coverage (GeoJSON); default: embedded")
    p.add_argument("--name-field", default="name", metavar="FIELD",
                   help="the property naming each unit in --boundaries (default: name)")
    p.add_argument("--point-of-view", metavar="CC", default=None,
                   help="whose claims decide disputed areas, e.g. RU; default: internationally recognised")


def add_map_flags(p: argparse.ArgumentParser) -> None:
    """The options of every command that draws a map: whether it may use the network, and distance bands."""
    p.add_argument("--tiles", action="store_true",
                   help="add online tile layers (CARTO light, OpenStreetMap): the page then needs the network "
                        "(default: none, the boundaries are the basemap and the map works offline)")
    p.add_argument("--self-contained", action="store_true",
                   help="insist that the page makes no network request (the default already makes none; "
                        "with this, --tiles is an error)")
    p.add_argument("--no-tiles", action="store_true", help="no tile layers: the default (kept for old scripts)")
    p.add_argument("--bands", type=km_list, default=(), metavar="KM,KM,...",
                   help="distance bands along the border, e.g. 5,10,25")
    p.add_argument("--title", default=None,
                   help="the map's title (default: the event's title, or how many events); '' for none")
    p.add_argument("--subtitle", default=None, help="the line under the title (default: the dates); '' for none")
    p.add_argument("--source-line", dest="source_line", default=None,
                   help="the map's source line (default: the sources most cited); '' for none")
    p.add_argument("--no-labels", dest="labels", action="store_false",
                   help="no place labels (countries, regions, towns from the embedded data)")
    p.add_argument("--size", type=pixel_size, default=(1400, 900), metavar="WIDTHxHEIGHT",
                   help="the size of a PNG map (an output ending in .png, drawn by headless Chromium); "
                        "default 1400x900")


def map_style(args: argparse.Namespace) -> dict[str, object]:
    """The keyword arguments of :func:`geoevents.maps.build_map` that :func:`add_map_flags` sets, but the
    network's (see :func:`map_network`)."""
    return {"bands_km": args.bands, "title": args.title, "subtitle": args.subtitle, "source": args.source_line,
            "labels": args.labels}


def pixel_size(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` in pixels, each 100 to 10,000 (an argparse type).

    Examples
    --------
    >>> pixel_size("700x500")
    (700, 500)
    """
    width, sep, height = text.lower().partition("x")
    if not sep or not width.strip().isdigit() or not height.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT in pixels, e.g. 1400x900, got {text!r}")
    size = (int(width), int(height))
    if not all(100 <= n <= 10_000 for n in size):
        raise argparse.ArgumentTypeError(f"width and height must be 100 to 10000 pixels, got {text!r}")
    return size


def map_network(args: argparse.Namespace) -> tuple[bool, bool | None]:
    """``(tiles, self_contained)`` for :func:`geoevents.maps.build_map` and :func:`~geoevents.maps.save_map`
    from the flags of :func:`add_map_flags`.

    Raises
    ------
    InvalidValueError
        If the flags contradict each other.
    """
    if args.tiles and (args.self_contained or args.no_tiles):
        other = "--self-contained" if args.self_contained else "--no-tiles"
        raise InvalidValueError(f"--tiles needs the network, {other} forbids it: give one of them", field="--tiles")
    return args.tiles, True if args.self_contained else None


def border_spec(text: str) -> str:
    """A border as the commands echo it: country codes in capitals (``ru-ua`` is ``RU-UA``), region names as typed
    (an argparse type).

    Examples
    --------
    >>> border_spec("ru-ua"), border_spec("Kursk/Sumy")
    ('RU-UA', 'Kursk/Sumy')
    """
    text = text.strip()
    return text.upper() if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z]{2}", text) else text


def km(text: str) -> float:
    """A positive, finite number of kilometres (an argparse type: anything else is a usage error)."""
    from geoevents.geometry import check_km

    try:
        return check_km(text)
    except InvalidValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number of kilometres up to "
                                         f"{settings.MAX_DISTANCE_KM:,.0f}, got {text!r}") from None


def km_list(text: str) -> tuple[float, ...]:
    """'5,10,25' -> (5.0, 10.0, 25.0); anything else is a usage error."""
    try:
        values = tuple(km(v) for v in text.split(",") if v.strip())
    except argparse.ArgumentTypeError:
        values = ()
    if not values:
        raise argparse.ArgumentTypeError(f"expected distances in km like 5,10,25, got {text!r}")
    return values


def statuses(text: str) -> tuple[str, ...]:
    """``--status``: comma-separated near-border statuses, "certain,possible" (an argparse type).

    Examples
    --------
    >>> statuses("certain, Possible")
    ('certain', 'possible')
    """
    from geoevents.model import NearBorderStatus

    names = tuple(dict.fromkeys(v.strip().lower() for v in text.split(",") if v.strip()))
    known = [s.value for s in reversed(NearBorderStatus)]
    if not names or any(n not in known for n in names):
        raise argparse.ArgumentTypeError(f"expected statuses among {', '.join(known)}, comma-separated, got {text!r}")
    return names


def column_names(text: str) -> str | tuple[str, ...]:
    """``--keep``: "all", or comma-separated column names (blanks around a name dropped)."""
    if text.strip().lower() == "all":
        return "all"
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    if not names:
        raise argparse.ArgumentTypeError(f"expected column names like notes,actor1 or 'all', got {text!r}")
    return names


def positive_int(text: str) -> int:
    """A whole number of at least 1 (an argparse type: anything else is a usage error)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def iso_date(text: str) -> dt.date:
    """A date YYYY-MM-DD (an argparse type; ingest also reads the dates of .jsonl reports with it)."""
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


class VersionAction(argparse.Action):
    """``--version``: prints ``geoevents VERSION`` and exits; the version is read only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest=dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        import geoevents

        parser.exit(message=f"{parser.prog} {geoevents.__version__}\n")
