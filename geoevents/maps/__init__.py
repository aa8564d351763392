"""Maps of events over the boundaries, with folium: the only subpackage that imports folium, branca and jinja2,
and nothing in geoevents imports it (``import geoevents`` stays light)."""

from __future__ import annotations

from geoevents.maps.build import ATTRIBUTION, build_map, render_map, save_map, save_png
from geoevents.maps.text import escape_text

__all__ = ["ATTRIBUTION", "build_map", "escape_text", "render_map", "save_map", "save_png"]
