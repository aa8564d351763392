"""ACLED, UCDP GED and other point tables as full events, for ``map``, ``export`` and per-event ``near-border``.

Each good row of a :class:`~geoevents.datasets.points.PointTable` becomes a located :class:`~geoevents.model.Event`:

- ``id``: ``event_id_cnty`` (ACLED), ``id`` (UCDP) or ``row-N`` (N: the line in the file);
- ``title``: the event type (ACLED ``sub_event_type`` or ``event_type``; UCDP ``dyad_name`` or ``conflict_name``)
  and the place;
- ``event_type``: ACLED ``sub_event_type`` or ``event_type``, UCDP ``type_of_violence``, as the codebook maps them
  (:func:`~geoevents.datasets.codebook.event_type_for`: "shelling", "battle", "one-sided violence", ...);
- ``date``: ``event_date`` or ``date_start``, as YYYY-MM-DD or ACLED's "03 October 2024"; ``date_precision`` from
  ACLED ``time_precision`` (1 day, 2 week, 3 month) or UCDP ``date_prec`` (1 day, 2-3 week, 4 month, 5 year),
  else from the span ``date_start``..``date_end``;
- ``location_text``: location, admin2, admin1, country (ACLED); where_coordinates, adm_2, adm_1 (UCDP);
- ``summary``: ACLED ``notes``; UCDP ``source_headline`` or ``where_description``;
- ``sources``: the dataset, citing the outlets it names (ACLED ``source``, UCDP ``source_office``);
- ``location``: the precision circle (:mod:`geoevents.datasets.codebook`); where the code means "somewhere in a
  larger area", that area from the boundary data when they are given (:mod:`geoevents.datasets.adminareas`), else
  the point itself, flagged in the one-step trace; and the three precision codes:

  (ACLED, UCDP, GDELT) codes, as :mod:`geoevents.datasets.precision` derives them from a geometry:

  - ACLED 1 (the town itself): (1, 1, 4); ACLED 2 (near a town, a small part of a region): (2, 2, 4);
    ACLED 3 (a larger region, coded to its capital): (3, 4, 5);
  - UCDP 1 (exact place): (1, 1, 4); 2 (within ~25 km): (2, 2, 4); 3 (ADM2): (2, 3, 5); 4 (ADM1): (3, 4, 5);
    5 (a larger part of the country): (3, 5, 5); 6 (the country): (3, 6, 1); 7 (water or air): (3, 7, 1).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely

from geoevents.datasets.adminareas import admin_areas, place_in_areas
from geoevents.datasets.codebook import CODES, DATASETS, DATE_PRECISION, event_type_for
from geoevents.datasets.points import PointTable
from geoevents.geometry.geodesy import area_km2
from geoevents.model import Event, Location, Precision, Source, TraceStep
from geoevents.places.boundaries import Boundaries

__all__ = ["events_from_table"]



def _date(text: str) -> dt.date | None:
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d %B %Y").date()):
        try:
            return parse(text.strip()[:10] if "-" in text else text.strip())
        except ValueError:
            continue
    return None


def _date_precision(texts: dict[str, str], start: dt.date | None) -> str:
    for scheme, column in (("acled", "time_precision"), ("ucdp", "date_prec")):
        if texts.get(column) in DATE_PRECISION[scheme]:
            return DATE_PRECISION[scheme][texts[column]]
    end = _date(texts.get("date_end", ""))
    if start is None or end is None:
        return "day"
    days = (end - start).days
    return "day" if days <= 0 else "week" if days <= 7 else "month" if days <= 31 else "year"


def _join(texts: dict[str, str], keys: tuple[str, ...]) -> str:
    seen: list[str] = []
    for key in keys:
        value = texts.get(key, "")
        if value and value not in seen:
            seen.append(value)
    return ", ".join(seen)


def events_from_table(table: PointTable, boundaries: Boundaries | None = None) -> tuple[list[Event], list[str]]:
    """Located events from the good rows of ``table`` (see the module docstring), and messages about rows whose
    date cannot be read (those rows are left out, as bad rows are). With ``boundaries``, rows coded to a larger
    area get that area (:func:`~geoevents.datasets.adminareas.admin_areas`).

    Examples
    --------
    >>> from geoevents.datasets.points import parse_point_table
    >>> t = parse_point_table([["event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "location"],
    ...                        ["X1", "2024-10-03", "51.9", "34.4", "2", "Village A"]])
    >>> (e,), _ = events_from_table(t)
    >>> e.id, e.title, e.location.radius_km, e.location.precision.ucdp_where_prec
    ('X1', 'Village A', 15.0, 2)
    """
    geoms: np.ndarray | list[shapely.Geometry] = table.geometries() if len(table) else []
    areas = (admin_areas(table.lon, table.lat, table.precision, table.texts, boundaries) if boundaries is not None
             else [None] * len(geoms))
    lon, lat, radii = place_in_areas(table.lon, table.lat, areas)
    events, errors = [], []
    for i, geom in enumerate(geoms):
        texts = table.texts[i] if i < len(table.texts) else {}
        line = table.lines[i] if i < len(table.lines) else i + 2
        date = _date(table.dates[i]) if table.dates[i] else None
        if table.dates[i] and date is None:
            errors.append(f"{table.name}:{line}: date {table.dates[i]!r} is not YYYY-MM-DD or like 03 October 2024")
            continue
        scheme = table.precision[i].partition(":")[0]
        place = _join(texts, ("location", "where_coordinates"))
        kind = texts.get("sub_event_type") or texts.get("event_type") or texts.get("dyad_name") \
            or texts.get("conflict_name") or ""
        title = " in ".join(t for t in (kind, place) if t) or table.ids[i]
        dataset = DATASETS.get(scheme, "table")
        cited = texts.get("source") or texts.get("source_office") or None
        sources = (Source(name=dataset, citing=cited),) if scheme or cited else ()
        point = coded = shapely.Point(float(table.lon[i]), float(table.lat[i]))
        radius = float(table.radius_km[i])
        area = area_km2(geom) if radius > 0 else 0.0
        admin = areas[i]
        if admin is not None:  # the point moves inside where the named unit does not hold the coded one
            geom, area, point, radius = admin.geometry, admin.area_km2, shapely.Point(lon[i], lat[i]), float(radii[i])
        precision: Precision | None = None
        step: tuple[TraceStep, ...] = ()
        if scheme:
            entry = CODES[table.precision[i]]
            basis = entry.basis
            precision = Precision(*entry.triple, basis)
            reason = (f"{basis}: somewhere in {admin.reason}" if admin is not None else
                      f"{basis}: within {radius:g} km of the coded point" if radius > 0 else
                      f"{basis}: over water or in the air, coded to this point; no area is drawn"
                      if entry.area_level is None and not entry.radius_km else  # UCDP 7
                      f"{basis}: somewhere in a larger area coded to this point; "
                      + ("no area for it in the boundary data" if boundaries is not None else "no circle is drawn"))
            step = (TraceStep(f"{dataset} coordinates ({coded.y:.5f}N {coded.x:.5f}E)", reason, round(area, 3)),)
        location = Location(geom, point, round(area, 3), radius, step, precision)
        events.append(Event(
            id=table.ids[i], title=title, date=date, date_precision=_date_precision(texts, date), sources=sources,
            location_text=_join(texts, ("location", "where_coordinates", "admin3", "admin2", "adm_2", "admin1",
                                        "adm_1", "country")),
            summary=texts.get("notes") or texts.get("source_headline") or texts.get("where_description") or "",
            location=location, event_type=event_type_for(texts)))
    return events, errors
