"""Location phrases to constraints to a located event: distance expressions ("about 7 km", "10 kilometres (6.2
miles)"), the clues a phrase holds ("near the border of A and B"), the toponyms it names resolved against the
gazetteer and boundaries, and :func:`geocode`, which puts them together; :func:`event_places` lends it to event
files that name places without coordinates."""

from __future__ import annotations

from geoevents.geocoding.distances import UNITS_KM, Distance, find_distances, parse_number, tolerance
from geoevents.geocoding.eventplaces import EventPlaces, event_places
from geoevents.geocoding.expressions import Clue, read_location
from geoevents.geocoding.geocoder import Geocoded, explain, geocode
from geoevents.geocoding.readings import read_clues
from geoevents.geocoding.toponyms import Builder, Toponym

__all__ = [
    "UNITS_KM",
    "Builder",
    "Clue",
    "Distance",
    "EventPlaces",
    "Geocoded",
    "Toponym",
    "event_places",
    "explain",
    "find_distances",
    "geocode",
    "parse_number",
    "read_clues",
    "read_location",
    "tolerance",
]
