"""The frame of a map page: its title, subtitle and source line, and a layout that holds from a 1400 px screen to an
article embed (700 x 500) and a phone (400 x 800).

Every box on the map is a Leaflet control, so Leaflet stacks the boxes of a corner instead of letting them overlap:
the title first in the top-left corner above the zoom and measure buttons, the layer switch (collapsed) top right,
the legend over the attribution bottom right, the date slider over the scale bar bottom left. Each corner may take
at most half the map's width (the top-left one a little more, for the title), and on a map smaller than 900 x 600 px
the legend starts closed (a tap opens it). Opened as ``page.html#static=WIDTHxHEIGHT`` (a PNG, see
:mod:`geoevents.maps.png`), the page leaves out the buttons and the date slider and opens the legend and the
attribution. Nothing here needs a font beyond the browser's sans-serif.

Title text may come from reports or the command line: it is escaped on the way in (:func:`heading_html`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from branca.element import MacroElement
from jinja2 import Template

from geoevents.maps.text import POPUP_CSS, escape_text
from geoevents.model import Event

__all__ = ["Frame", "default_heading", "heading_html"]

_SOURCES_LISTED = 3  # source names on the source line; the rest are counted


def default_heading(events: Sequence[Event]) -> tuple[str, str, str]:
    """The title, subtitle and source line of a map of ``events`` when the user gives none: the event's title (one
    event) or how many there are, the dates they span, and the sources most cited.

    Examples
    --------
    >>> default_heading([Event("a", "Shelling of Sudzha", date=dt.date(2024, 8, 6))])
    ('Shelling of Sudzha', '6 August 2024', '')
    >>> from geoevents.model import Source
    >>> default_heading([Event("a", "A", date=dt.date(2024, 8, 6), sources=(Source("TASS"),)),
    ...                  Event("b", "B", date=dt.date(2024, 11, 4), sources=(Source("TASS"), Source("ACLED")))])
    ('2 events', '6 August 2024 to 4 November 2024', 'Sources: TASS, ACLED')
    """
    title = events[0].title if len(events) == 1 else f"{len(events):,} events"
    dates = sorted({e.date for e in events if e.date is not None})
    subtitle = (_long_date(dates[0]) if len(dates) == 1 else
                f"{_long_date(dates[0])} to {_long_date(dates[-1])}" if dates else "")
    undated = sum(e.date is None for e in events)
    if dates and undated:
        subtitle += f" ({undated:,} undated)"
    counts = Counter(s.name for e in events for s in e.sources if s.name)
    names = [name for name, _ in counts.most_common()]
    source = ""
    if names:
        more = len(names) - _SOURCES_LISTED
        source = ("Source: " if len(names) == 1 else "Sources: ") + ", ".join(names[:_SOURCES_LISTED]) + (
            f" and {more:,} more" if more > 0 else "")
    return title, subtitle, source


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def heading_html(title: str, subtitle: str = "", source: str = "") -> str:
    """The title box's HTML, every text escaped; empty parts are left out (all empty: no box).

    Examples
    --------
    >>> heading_html("Shelling <b>", "", "Source: TASS")
    '<h1 class="geoevents-title-text">Shelling &lt;b&gt;</h1><div class="geoevents-source">Source: TASS</div>'
    """
    parts = []
    if title:
        parts.append(f'<h1 class="geoevents-title-text">{escape_text(title)}</h1>')
    if subtitle:
        parts.append(f'<div class="geoevents-subtitle">{escape_text(subtitle)}</div>')
    if source:
        parts.append(f'<div class="geoevents-source">{escape_text(source)}</div>')
    return "".join(parts)


class Frame(MacroElement):
    """The title box (``heading``, trusted HTML from :func:`heading_html`, or empty for none) and the page's
    layout rules; with ``bounds`` (``[[south, west], [north, east]]``), the view that shows them, clear of the
    boxes, no closer than ``max_zoom``. Add it after every other control, so that it can put the title first in
    its corner and measure the boxes."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-top.leaflet-left { max-width: calc(100% - 64px); }
          .leaflet-top.leaflet-right, .leaflet-bottom.leaflet-left, .leaflet-bottom.leaflet-right {
            max-width: 50%; }
          .leaflet-control { max-width: calc(100% - 10px); box-sizing: border-box; }
          .geoevents-title { background: rgba(255, 255, 255, 0.94); padding: 6px 10px; border-radius: 4px;
            box-shadow: 0 1px 5px rgba(0, 0, 0, 0.35); max-width: 560px; color: #222; }
          .geoevents-title-text { font: bold 18px/1.25 sans-serif; margin: 0; }
          .geoevents-subtitle { font: 13px/1.35 sans-serif; color: #333; margin-top: 2px; }
          .geoevents-source { font: 11px/1.35 sans-serif; color: #555; margin-top: 2px; }
          .geoevents-legend { background: white; padding: 4px 10px; border: 1px solid #999; border-radius: 4px;
            font: 12px/1.35 sans-serif; width: max-content; max-width: 280px; overflow-y: auto; }
          .geoevents-legend summary, .geoevents-credits summary { cursor: pointer; }
          .geoevents-legend summary { font-weight: bold; }
          .leaflet-control-attribution { font-size: 11px; }
          .leaflet-container .leaflet-control-attribution { background: rgba(255, 255, 255, 0.94); }
          .geoevents-credits { display: inline-block; vertical-align: top; }
          .geoevents-credits summary { display: list-item; list-style: disclosure-closed inside; }
          .geoevents-credits[open] summary { list-style-type: disclosure-open; }
          .leaflet-interactive:focus { outline: none; }
          @media (max-width: 600px) {  /* a phone, or a narrow embed: the title must not take the map */
            .geoevents-title { padding: 4px 8px; }
            .geoevents-title-text { font-size: 15px; }
            .geoevents-subtitle { font-size: 12px; }
          }
          .geoevents-static .leaflet-control-zoom, .geoevents-static .geoevents-control,
          .geoevents-static .leaflet-control-layers, .geoevents-static .geoevents-time { display: none; }
          {{ this.popup_css }}
        </style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        {% if this.heading %}
        <div class="leaflet-control geoevents-title" id="{{ this.get_name() }}">{{ this.heading }}</div>
        {% endif %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var heading = document.getElementById({{ this.get_name()|tojson }});
            if (heading) {
                var title = L.control({position: "topleft"});
                title.onAdd = function () {
                    var box = heading;  // escaped by heading_html
                    L.DomEvent.disableClickPropagation(box);
                    L.DomEvent.disableScrollPropagation(box);
                    return box;
                };
                title.addTo(map);
                var corner = title.getContainer().parentNode;
                corner.insertBefore(title.getContainer(), corner.firstChild);  // above the zoom buttons
            }
            var size = map.getSize(), small = size.x < 900 || size.y < 600;
            var still = /^#static=([0-9]+)x([0-9]+)$/.exec(location.hash);
            if (still) {  // a picture (geoevents.maps.png): nothing to click, everything spelled out
                // headless Chromium's viewport is shorter than its window, and the picture is of the window: the
                // map takes the picture's size itself
                var box = map.getContainer();
                box.style.width = still[1] + "px"; box.style.height = still[2] + "px";
                document.documentElement.style.overflow = document.body.style.overflow = "hidden";
                map.invalidateSize();
                L.DomUtil.addClass(box, "geoevents-static");
                size = map.getSize(); small = false;
                box.querySelectorAll(".geoevents-credits").forEach(function (d) { d.open = true; });
            }
            var legend = map.getContainer().querySelector(".geoevents-legend");
            if (legend) {
                legend.open = !small;
                legend.style.maxHeight = Math.round(size.y * (small || still ? 0.65 : 0.45)) + "px";
            }
            {% if this.bounds %}
            // the events in view, clear of a box that spans the map's top or bottom (a title on a phone, the
            // legend and credits of a picture); a box narrower than 40 % of the map leaves room beside it
            var wide = function (corner) {
                var height = 0;
                map.getContainer().querySelectorAll(corner + " > .leaflet-control").forEach(function (el) {
                    var r = el.getBoundingClientRect();
                    if (r.width > 0.4 * size.x) { height += r.height + 10; }
                });
                return height;
            };
            var top = wide(".leaflet-top"), bottom = wide(".leaflet-bottom");
            var room = Math.max(0, size.y - 120);  // at least 120 px of map for the events
            if (top + bottom > room) { var k = room / (top + bottom); top *= k; bottom *= k; }
            map.fitBounds(L.latLngBounds({{ this.bounds|tojson }}), {paddingTopLeft: [30, 30 + top],
                paddingBottomRight: [30, 30 + bottom], maxZoom: {{ this.max_zoom }}, animate: false});
            {% endif %}
            // a popup hides the tooltip of the layer it belongs to, which would otherwise stay over it
            map.on("popupopen", function (e) {
                var source = e.popup._source;
                if (source && source.closeTooltip) { source.closeTooltip(); }
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, heading: str, bounds: list[list[float]] | None = None, max_zoom: int = 18) -> None:
        super().__init__()
        self._name = "Frame"
        self.heading = heading
        self.bounds, self.max_zoom = bounds, max_zoom
        self.popup_css = POPUP_CSS
