"""The one registry of file formats: their names, extensions, what each can be read as and written as.

Every reader, writer and command asks this module which format a file is in (rasterio's ``driver_from_extension``
and geopandas' extension table are the model): :func:`format_for` takes a path and an optional format name and
what the file is for, and gives a :class:`Format`. One vocabulary of names serves ``--from`` and ``--format``.

A ``.json`` file is read as an event file or, when it holds a FeatureCollection, as GeoJSON (format ``json``), and
written as GeoJSON. A folder is read as partitioned GeoParquet. ``gdal`` reads any file GDAL opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from geoevents.errors import FormatError

__all__ = ["FORMATS", "Format", "format_for", "format_named", "formats_for"]

Purpose = Literal["events", "table", "write"]


@dataclass(frozen=True, slots=True)
class Format:
    """A file format: its name, extensions, what it holds, and what geoevents can do with it.

    ``reads_events``: :func:`geoevents.io.read_any` reads it (events for the per-event commands);
    ``reads_table``: :func:`geoevents.io.read_table_frame` reads it (a frame for the bulk engines);
    ``writes``: :func:`geoevents.io.write_events` writes it; ``gdal_driver``: GDAL's name, where GDAL does the I/O;
    ``one_layer``: a file of the format holds one layer (GDAL reads it without listing its layers, which for a text
    format means parsing it once more).
    """

    name: str
    suffixes: tuple[str, ...]
    description: str
    reads_events: bool = True
    reads_table: bool = True
    writes: bool = True
    gdal_driver: str | None = None
    one_layer: bool = False

    def can(self, purpose: Purpose) -> bool:
        """Whether the format serves ``purpose``: "events", "table" or "write"."""
        return {"events": self.reads_events, "table": self.reads_table, "write": self.writes}[purpose]


FORMATS: tuple[Format, ...] = (
    Format("events", (".yaml", ".yml"), "event file (YAML or JSON): reported events still to be located",
           reads_table=False, writes=False),
    Format("json", (".json",), "an event file, or a GeoJSON FeatureCollection, by its content",
           reads_table=False, writes=False),
    Format("geojson", (".geojson", ".json"), "RFC 7946 GeoJSON FeatureCollection", gdal_driver="GeoJSON",
           one_layer=True),
    Format("geojsonseq", (".geojsons",), "GeoJSON text sequence (RFC 8142), a record separator before each Feature",
           gdal_driver="GeoJSONSeq", one_layer=True),
    Format("geojsonl", (".geojsonl", ".ndjson"), "newline-delimited GeoJSON, one Feature per line",
           gdal_driver="GeoJSONSeq", one_layer=True),
    Format("gpkg", (".gpkg",), "GeoPackage (layers events_region and events_point)", gdal_driver="GPKG"),
    Format("flatgeobuf", (".fgb",), "FlatGeobuf", gdal_driver="FlatGeobuf"),
    Format("kml", (".kml",), "KML (Google Earth), the attributes in ExtendedData", gdal_driver="KML"),
    Format("parquet", (".parquet", ".geoparquet"), "GeoParquet 1.0 (a file, or a folder of partitions)"),
    Format("csv", (".csv",), "CSV: geoevents' exports (the region as wkt) or tables of points (latitude and "
                             "longitude columns: ACLED, UCDP GED, ...)"),
    Format("gdal", (), "any file GDAL reads (the format from the file itself)", writes=False),
)
"""Every format, in the order in which an extension is looked up (the first that serves the purpose wins)."""

_BY_NAME = {f.name: f for f in FORMATS}


def format_named(name: str) -> Format:
    """The format called ``name`` (see :data:`FORMATS`); :class:`~geoevents.errors.FormatError` if there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; known: {', '.join(sorted(_BY_NAME))}") from None


def formats_for(purpose: Purpose) -> list[str]:
    """The names of the formats that serve ``purpose``."""
    return [f.name for f in FORMATS if f.can(purpose)]


def format_for(path: str | Path, fmt: str | None = None, *, purpose: Purpose = "events") -> Format:
    """The format of ``path`` for ``purpose``: the one named ``fmt`` if given, else the one its extension names (a
    folder is GeoParquet).

    Raises
    ------
    FormatError
        If ``fmt`` is unknown or cannot serve ``purpose``, or the extension names no format that can.

    Examples
    --------
    >>> format_for("a.fgb").name, format_for("b.json").name, format_for("b.json", purpose="write").name
    ('flatgeobuf', 'json', 'geojson')
    >>> format_for("c.docx", purpose="write")
    Traceback (most recent call last):
    ...
    geoevents.errors.FormatError: c.docx: cannot tell the format from '.docx'; name one (geojson, geojsonseq, \
geojsonl, gpkg, flatgeobuf, kml, parquet, csv)
    """
    what = {"events": "read", "table": "read as a table of events", "write": "write"}[purpose]
    if fmt:
        found = format_named(fmt)
        if not found.can(purpose):
            raise FormatError(f"{path}: geoevents cannot {what} {fmt!r}; it can {what}: "
                              f"{', '.join(formats_for(purpose))}")
        return found
    path = Path(path)
    suffix = path.suffix.lower()
    if purpose != "write" and path.is_dir():
        return _BY_NAME["parquet"]
    for candidate in FORMATS:
        if suffix in candidate.suffixes and candidate.can(purpose):
            return candidate
    raise FormatError(f"{path}: cannot tell the format from {suffix or 'no extension'!r}; name one "
                      f"({', '.join(formats_for(purpose))})")
