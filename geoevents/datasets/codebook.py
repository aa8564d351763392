"""The one codebook of the external event datasets: what ACLED ``geo_precision``, UCDP GED ``where_prec``, their
date codes and their event types mean here, and which columns hold a row's id, date and coordinates.

Every reader of these codes asks this table (the point tables, the administrative areas, table rows as events and
the bulk frames): one place to read, one place to change (geopy's ``ERROR_CODE_MAP`` is the model).

====== ==== ============================================== =============== ============= =====================
scheme code meaning                                        circle (km)     area          (ACLED, UCDP, GDELT)
====== ==== ============================================== =============== ============= =====================
acled  1    the named town                                 2               -             (1, 1, 4)
acled  2    near a town, a small part of a region          15              -             (2, 2, 4)
acled  3    a larger region, coded to its capital          -               ADM1          (3, 4, 5)
ucdp   1    the exact place                                2               -             (1, 1, 4)
ucdp   2    within ~25 km of a named place                 25              -             (2, 2, 4)
ucdp   3    a second-level unit (ADM2), at its centroid    -               ADM2          (2, 3, 5)
ucdp   4    a first-level unit (ADM1), at its centroid     -               ADM1          (3, 4, 5)
ucdp   5    a larger part of the country                   -               country part  (3, 5, 5)
ucdp   6    the country                                    -               country       (3, 6, 1)
ucdp   7    water or air                                   -               -             (3, 7, 1)
====== ==== ============================================== =============== ============= =====================

The event types of the datasets, as the ``event_type`` of the events made from their rows (:func:`event_type_for`):
the tool's own type (:data:`geoevents.ingestion.fields.EVENT_TYPES`) where there is one, else the dataset's category
in a short lower-case form. An ACLED ``sub_event_type`` not listed stands for its ``event_type``:

====== ================= ================================== ==========================
scheme column            value                              event_type
====== ================= ================================== ==========================
acled  sub_event_type    Shelling/artillery/missile attack  shelling
acled  sub_event_type    Air/drone strike                   air/drone strike
acled  sub_event_type    Remote explosive/landmine/IED      explosion
acled  sub_event_type    Grenade                            explosion
acled  sub_event_type    Suicide bomb                       explosion
acled  event_type        Battles                            battle
acled  event_type        Explosions/Remote violence         explosion
acled  event_type        Violence against civilians         violence against civilians
acled  event_type        Protests                           protest
acled  event_type        Riots                              riot
acled  event_type        Strategic developments             strategic development
ucdp   type_of_violence  1                                  state-based conflict
ucdp   type_of_violence  2                                  non-state conflict
ucdp   type_of_violence  3                                  one-sided violence
====== ================= ================================== ==========================

The tables above are checked against :data:`CODES` and :data:`EVENT_TYPE_CODES` by tests, so they cannot drift
apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["ACLED_RADIUS_KM", "AREA_LEVELS", "CODES", "DATASETS", "DATE_COLUMNS", "DATE_PRECISION",
           "EVENT_TYPE_CODES", "EVENT_TYPE_COLUMNS", "ID_COLUMNS", "LAT_COLUMNS", "LON_COLUMNS", "PRECISION_COLUMNS",
           "UCDP_RADIUS_KM", "Code", "EventTypeCode", "code_for", "event_type_for"]


@dataclass(frozen=True, slots=True)
class Code:
    """One precision code of one dataset: what it means, the circle drawn for it (``radius_km``, or None), the
    administrative area that stands for it (``area_level``, or None) and the (ACLED, UCDP, GDELT) codes an event so
    coded carries."""

    scheme: str
    code: int
    meaning: str
    radius_km: float | None
    area_level: str | None
    triple: tuple[int, int, int]

    @property
    def key(self) -> str:
        """``scheme:code``, as tables keep a row's precision ("acled:2")."""
        return f"{self.scheme}:{self.code}"

    @property
    def basis(self) -> str:
        """How the code is named in a trace: "ACLED geo_precision 2"."""
        return f"{DATASETS[self.scheme]} {PRECISION_COLUMNS[self.scheme]} {self.code}"


DATASETS = {"acled": "ACLED", "ucdp": "UCDP GED"}
"""The datasets' names, by scheme."""

PRECISION_COLUMNS = {"acled": "geo_precision", "ucdp": "where_prec"}
"""The column that holds each dataset's precision code."""

CODES: dict[str, Code] = {c.key: c for c in (
    Code("acled", 1, "the named town", 2.0, None, (1, 1, 4)),
    Code("acled", 2, "near a town, a small part of a region", 15.0, None, (2, 2, 4)),
    Code("acled", 3, "a larger region, coded to its capital", None, "ADM1", (3, 4, 5)),
    Code("ucdp", 1, "the exact place", 2.0, None, (1, 1, 4)),
    Code("ucdp", 2, "within ~25 km of a named place", 25.0, None, (2, 2, 4)),
    Code("ucdp", 3, "a second-level unit (ADM2), at its centroid", None, "ADM2", (2, 3, 5)),
    Code("ucdp", 4, "a first-level unit (ADM1), at its centroid", None, "ADM1", (3, 4, 5)),
    Code("ucdp", 5, "a larger part of the country", None, "larger part of the country", (3, 5, 5)),
    Code("ucdp", 6, "the country", None, "country", (3, 6, 1)),
    Code("ucdp", 7, "water or air", None, None, (3, 7, 1)),
)}
"""Every code, by ``scheme:code``."""

ACLED_RADIUS_KM = {c.code: c.radius_km for c in CODES.values() if c.scheme == "acled" and c.radius_km}
"""ACLED ``geo_precision`` -> circle radius (km), for the codes that get a circle."""

UCDP_RADIUS_KM = {c.code: c.radius_km for c in CODES.values() if c.scheme == "ucdp" and c.radius_km}
"""UCDP GED ``where_prec`` -> circle radius (km), for the codes that get a circle."""

AREA_LEVELS = {c.key: c.area_level for c in CODES.values() if c.area_level}
"""The codes that stand for an administrative area, and the area's level."""

DATE_PRECISION = {"acled": {"1": "day", "2": "week", "3": "month"},
                  "ucdp": {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}}
"""ACLED ``time_precision`` and UCDP ``date_prec`` -> the event's ``date_precision``."""

ID_COLUMNS = ("event_id_cnty", "event_id", "id")
"""Columns that hold a row's id, in the order they are looked for (ACLED, then generic)."""

DATE_COLUMNS = ("event_date", "date_start", "date")
"""Columns that hold a row's date, in the order they are looked for (ACLED, UCDP GED, generic)."""

LAT_COLUMNS = ("latitude", "lat", "y")
LON_COLUMNS = ("longitude", "lon", "lng", "long", "x")


def code_for(scheme: str, code: int) -> Code | None:
    """The :class:`Code` of ``scheme`` and ``code``, or None if the dataset has no such code.

    Examples
    --------
    >>> code_for("acled", 2).radius_km, code_for("ucdp", 4).area_level, code_for("ucdp", 8)
    (15.0, 'ADM1', None)
    """
    return CODES.get(f"{scheme}:{code}")


@dataclass(frozen=True, slots=True)
class EventTypeCode:
    """One event type of one dataset: the ``column`` that holds it, the ``value`` as the dataset writes it and the
    ``event_type`` an event so typed gets."""

    scheme: str
    column: str
    value: str
    event_type: str


EVENT_TYPE_COLUMNS = ("sub_event_type", "event_type", "type_of_violence")
"""Columns that hold a row's type, in the order they are asked (ACLED's finer type first, then UCDP GED's)."""

EVENT_TYPE_CODES: tuple[EventTypeCode, ...] = (
    EventTypeCode("acled", "sub_event_type", "Shelling/artillery/missile attack", "shelling"),
    EventTypeCode("acled", "sub_event_type", "Air/drone strike", "air/drone strike"),
    EventTypeCode("acled", "sub_event_type", "Remote explosive/landmine/IED", "explosion"),
    EventTypeCode("acled", "sub_event_type", "Grenade", "explosion"),
    EventTypeCode("acled", "sub_event_type", "Suicide bomb", "explosion"),
    EventTypeCode("acled", "event_type", "Battles", "battle"),
    EventTypeCode("acled", "event_type", "Explosions/Remote violence", "explosion"),
    EventTypeCode("acled", "event_type", "Violence against civilians", "violence against civilians"),
    EventTypeCode("acled", "event_type", "Protests", "protest"),
    EventTypeCode("acled", "event_type", "Riots", "riot"),
    EventTypeCode("acled", "event_type", "Strategic developments", "strategic development"),
    EventTypeCode("ucdp", "type_of_violence", "1", "state-based conflict"),
    EventTypeCode("ucdp", "type_of_violence", "2", "non-state conflict"),
    EventTypeCode("ucdp", "type_of_violence", "3", "one-sided violence"),
)
"""Every dataset event type the codebook knows, as in the second table above."""


def _type_key(text: str) -> str:
    """A type as compared: lower-cased, runs of white space as one space, none around a slash."""
    return re.sub(r" ?/ ?", "/", " ".join(text.split()).lower())


_EVENT_TYPES = MappingProxyType({(c.column, _type_key(c.value)): c.event_type for c in EVENT_TYPE_CODES})


def event_type_for(texts: Mapping[str, str]) -> str:
    """The ``event_type`` of a dataset row from its texts (lower-case column name -> text): the type the codebook
    gives the first of :data:`EVENT_TYPE_COLUMNS` whose value it knows (ACLED ``sub_event_type`` before
    ``event_type``, then UCDP GED ``type_of_violence``); else the first value given, as it is but lower-cased and
    with its white space tidied; else "". Values are compared ignoring case and white space.

    Examples
    --------
    >>> event_type_for({"event_type": "Explosions/Remote violence", "sub_event_type": " AIR / drone  strike "})
    'air/drone strike'
    >>> event_type_for({"event_type": "Battles", "sub_event_type": "Armed clash"})  # stands for its event type
    'battle'
    >>> event_type_for({"type_of_violence": " 3"}), event_type_for({"event_type": " Border  Skirmish"})
    ('one-sided violence', 'border skirmish')
    >>> event_type_for({"notes": "no type here"}), event_type_for({"sub_event_type": "  "})
    ('', '')
    """
    given = [(column, " ".join((texts.get(column) or "").split())) for column in EVENT_TYPE_COLUMNS]
    given = [(column, value) for column, value in given if value]
    for column, value in given:
        known = _EVENT_TYPES.get((column, _type_key(value)))
        if known is not None:
            return known
    return given[0][1].lower() if given else ""
