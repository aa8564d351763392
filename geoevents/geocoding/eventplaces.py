"""The geocoder lent to event files: it finds the places they name without coordinates and reads the events that
give only a ``location_text`` (see :func:`geoevents.io.resolving_places`).

Examples
--------
>>> import geoevents
>>> from geoevents.io import events_from_dict, resolving_places
>>> doc = {"events": [{"id": "a", "title": "t", "constraints": [{"near_place": {"place": "Sudzha", "max_km": 5}}]}]}
>>> with resolving_places(event_places(geoevents.load_boundaries())):
...     (event,) = events_from_dict(doc)
>>> c = event.constraints[0]
>>> round(c.lon, 2), round(c.lat, 2), c.reason.startswith("Sudzha: match: Sudzha (RU-KRS")
(35.27, 51.19, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geoevents.errors import InputError
from geoevents.geocoding.geocoder import geocode
from geoevents.model import Constraint
from geoevents.places.boundaries import Boundaries
from geoevents.places.gazetteer import Gazetteer, load_gazetteer

__all__ = ["EventPlaces", "event_places"]


@dataclass
class EventPlaces:
    """A :class:`geoevents.io.PlaceResolver` over ``boundaries`` and a gazetteer (the embedded one unless given,
    loaded only when a place is looked up)."""

    boundaries: Boundaries
    gazetteer: Gazetteer | None = field(default=None)

    def _places(self) -> Gazetteer:
        if self.gazetteer is None:
            self.gazetteer = load_gazetteer()
        return self.gazetteer

    def find(self, name: str, *, country: str = "", region: str = "") -> tuple[float, float, str]:
        """(lon, lat) of the place ``name``, narrowed to ``country`` (ISO alpha-2) and ``region`` (a name or ISO
        3166-2 code of the boundary data) when given, and how it was found.

        Raises
        ------
        GeoEventsError
            When the place is not in the gazetteer, or several places have that name and nothing decides.
        """
        regions = []
        if region:
            unit = self.boundaries.units[self.boundaries.find(region)]
            regions = [str(unit.get("iso_3166_2") or "")]
        found = self._places().resolve(name, countries=[country.upper()] if country else [],
                                       regions=[r for r in regions if r])
        if found.place is None:
            hint = "give region or country to choose" if found.candidates else "check the spelling"
            raise InputError(f"{found.note}; {hint}, or give lon and lat")
        place = found.place
        return place.lon, place.lat, f"{found.note}, at {place.lat:.5f}, {place.lon:.5f} (lat, lon; {place.source} " \
                                     f"{place.id})"

    def read(self, text: str) -> tuple[Constraint, ...]:
        """The constraints the geocoder reads in the location phrase ``text``.

        Raises
        ------
        GeoEventsError
            When nothing in the text locates an event.
        """
        return geocode(text, boundaries=self.boundaries, gazetteer=self._places()).event.constraints


def event_places(boundaries: Boundaries, gazetteer: Gazetteer | None = None) -> EventPlaces:
    """The resolver of :func:`geoevents.io.resolving_places` that the commands use: the embedded gazetteer (or
    ``gazetteer``) and the geocoder, over ``boundaries``."""
    return EventPlaces(boundaries, gazetteer)
