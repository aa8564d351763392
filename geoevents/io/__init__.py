"""Every file geoevents reads or writes: event files (YAML/JSON), the GeoJSON codec (events to and from features),
readers of exported and GIS files, and writers of GeoJSON, GeoJSON sequences, GeoPackage, FlatGeobuf, GeoParquet,
KML and CSV. Writes are atomic."""

from __future__ import annotations

from geoevents._files import (
    atomic_output,
    atomic_write,
    cancel,
    cancelled,
    load_json,
    output_folder,
    reading,
    shown_as,
    shown_name,
    shown_text,
    transaction,
)
from geoevents.io.cells import neutralise, restore
from geoevents.io.csvtable import write_csv_table
from geoevents.io.eventfile import (
    SEED_EVENT_FILE,
    FieldPath,
    PlaceResolver,
    constraint_from_dict,
    constraint_to_dict,
    event_to_dict,
    events_from_dict,
    parse_document,
    read_events,
    resolving_places,
    seed_events,
    text_field,
)
from geoevents.io.formats import FORMATS, Format, format_for, format_named, formats_for
from geoevents.io.geojson import (
    dumps_geojson,
    event_properties,
    events_from_features,
    geometry_to_geojson,
    to_feature_collection,
    write_geojson,
)
from geoevents.io.read import (
    count_features,
    flag_suspect,
    iter_parquet_frames,
    iter_point_columns,
    read_any,
    read_table_frame,
    table_columns,
)
from geoevents.io.sortedruns import SortedRuns
from geoevents.io.write import write_events

__all__ = [
    "FORMATS",
    "SEED_EVENT_FILE",
    "FieldPath",
    "Format",
    "PlaceResolver",
    "SortedRuns",
    "atomic_output",
    "atomic_write",
    "cancel",
    "cancelled",
    "constraint_from_dict",
    "constraint_to_dict",
    "count_features",
    "dumps_geojson",
    "event_properties",
    "event_to_dict",
    "events_from_dict",
    "events_from_features",
    "flag_suspect",
    "format_for",
    "format_named",
    "formats_for",
    "geometry_to_geojson",
    "iter_parquet_frames",
    "iter_point_columns",
    "load_json",
    "neutralise",
    "output_folder",
    "parse_document",
    "read_any",
    "read_events",
    "read_table_frame",
    "reading",
    "resolving_places",
    "restore",
    "seed_events",
    "shown_as",
    "shown_name",
    "shown_text",
    "table_columns",
    "text_field",
    "to_feature_collection",
    "transaction",
    "write_csv_table",
    "write_events",
    "write_geojson",
]
