"""The near-border question, "which events are within N km of the border?", answered certain / possible / outside
with the fraction within. One module per engine: :mod:`~geoevents.nearborder.events` (per event, exact),
:mod:`~geoevents.nearborder.bulk` (tables in process, on :class:`NearBorderIndex`) and
:mod:`~geoevents.nearborder.dask` (a dask cluster; dask is imported only when it runs)."""

from __future__ import annotations

from geoevents.nearborder.bulk import (
    OUTPUT_COLUMNS,
    BulkResult,
    answer_frame,
    collect,
    engine_for,
    kept_columns,
    near_border_tables,
)
from geoevents.nearborder.dask import check_inputs, near_border_dask
from geoevents.nearborder.events import distance_range_km, fraction_within, measure, near_border
from geoevents.nearborder.index import CERTAIN, OUTSIDE, POSSIBLE, NearBorderIndex

__all__ = [
    "CERTAIN",
    "OUTPUT_COLUMNS",
    "OUTSIDE",
    "POSSIBLE",
    "BulkResult",
    "NearBorderIndex",
    "answer_frame",
    "check_inputs",
    "collect",
    "distance_range_km",
    "engine_for",
    "fraction_within",
    "kept_columns",
    "measure",
    "near_border",
    "near_border_dask",
    "near_border_tables",
]
