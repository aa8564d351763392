"""Colours of events on the map, the legend that explains them, and the attribution line.

Colours are chosen to stay distinguishable with colour-vision deficiencies:

* categories (``color_by="type"``) and one colour per event (the default) use the Okabe-Ito palette
  (Okabe & Ito 2008, "Color Universal Design"), without its black, which the map keeps for the border, and with
  its yellow last because it is faint on light basemaps. Seven colours; further categories share grey, as do
  events without a category.
* dates (``color_by="date"``) use viridis (van der Walt & Smith, matplotlib), a sequential ramp that is
  perceptually uniform, legible in greyscale and for the common colour-vision deficiencies: dark purple for the
  earliest date, yellow for the latest. Undated events are grey.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from branca.element import MacroElement
from jinja2 import Template

from geoevents.errors import InvalidValueError
from geoevents.maps.text import escape_text
from geoevents.maps.timeline import date_slots
from geoevents.model import Event

__all__ = ["GREY", "OKABE_ITO", "VIRIDIS", "Attribution", "Colouring", "Legend", "area_style", "colour_events",
           "event_kinds", "ramp_colour", "region_wide"]

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
"""Okabe-Ito colours without black: orange, sky blue, bluish green, blue, vermillion, reddish purple, yellow."""
VIRIDIS = ("#440154", "#472c7a", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725")
"""matplotlib's viridis at nine equally spaced stops, interpolated linearly in between."""
GREY = "#999999"
"""Events without a category or a date, and categories beyond the seventh."""
_SMALL_AREA_KM2 = 50.0  # areas this small or smaller are filled most
_LARGE_AREA_KM2 = 5_000.0  # areas this large or larger are outlines with a hint of fill


def ramp_colour(t: float) -> str:
    """The viridis colour at ``t`` in [0, 1].

    Examples
    --------
    >>> ramp_colour(0.0), ramp_colour(1.0), ramp_colour(1 / 16)
    ('#440154', '#fde725', '#461667')
    """
    t = min(max(t, 0.0), 1.0) * (len(VIRIDIS) - 1)
    k = min(int(t), len(VIRIDIS) - 2)
    a, b = VIRIDIS[k], VIRIDIS[k + 1]
    mix = [round(int(a[i:i + 2], 16) * (k + 1 - t) + int(b[i:i + 2], 16) * (t - k)) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mix)


@dataclass(frozen=True)
class Colouring:
    """The colour of each event (``palette[index[i]]``) and what the legend says about them.

    ``entries`` are (colour, label) pairs in plain text, escaped by :class:`Legend`; ``ramp``, for dates, holds
    the first and last date shown at the ends of a colour bar.
    """

    palette: tuple[str, ...]
    index: tuple[int, ...]
    title: str
    entries: tuple[tuple[str, str], ...]
    ramp: tuple[str, str] | None = None

    def colour(self, i: int) -> str:
        """The colour of the ``i``-th event."""
        return self.palette[self.index[i]]


def event_kinds(events: Sequence[Event], categories: Mapping[str, str] | None = None) -> list[str] | None:
    """The category of each event: ``categories[event.id]``, else the event's ``event_type`` if it has one, else
    ``""``; ``None`` when neither ``categories`` nor any event type is given.

    Examples
    --------
    >>> event_kinds([Event("a", "A"), Event("b", "B")], {"a": "shelling"})
    ['shelling', '']
    >>> event_kinds([Event("a", "A")]) is None
    True
    """
    given = categories or {}
    kinds = [str(given.get(e.id) or e.event_type) for e in events]
    return kinds if categories is not None or any(kinds) else None


def colour_events(events: Sequence[Event], *, color_by: str | None = None, kinds: Sequence[str] | None = None,
                  each: bool = True) -> Colouring:
    """Colour ``events`` by their category (``"type"``, from ``kinds``, see :func:`event_kinds`), by date
    (``"date"``), or, with ``None``, automatically: by category when there are ``kinds``, else one colour per
    event for up to seven events (``each``), else one colour for all. No two categories or events ever share a
    colour unless the legend says so (grey: the rest).

    Examples
    --------
    >>> evs = [Event("a", "A"), Event("b", "B"), Event("c", "C")]
    >>> c = colour_events(evs, color_by="type", kinds=["shelling", "drone", "shelling"])
    >>> c.entries
    (('#E69F00', 'shelling (2)'), ('#56B4E9', 'drone (1)'))
    >>> [c.colour(i) for i in range(3)]
    ['#E69F00', '#56B4E9', '#E69F00']
    >>> colour_events(evs[:1]).entries
    (('#E69F00', 'A'),)
    >>> colour_events(evs * 3).entries
    (('#E69F00', '9 events'),)
    """
    if color_by not in (None, "type", "date"):
        raise InvalidValueError(f"color_by must be 'type', 'date' or None, got {color_by!r}", field="color_by")
    if color_by == "date":
        return _by_date(events)
    if kinds is not None and color_by in (None, "type"):
        return _by_category(kinds)
    if each and len(events) <= len(OKABE_ITO):
        listed = tuple((OKABE_ITO[i], _short(e.title)) for i, e in enumerate(events))
        return Colouring(OKABE_ITO, tuple(range(len(events))), "Events", listed)
    noun = "event" if len(events) == 1 else "events"
    return Colouring(OKABE_ITO[:1], (0,) * len(events), "Events", ((OKABE_ITO[0], f"{len(events):,} {noun}"),))


def area_style(area_km2: float) -> tuple[float, float]:
    """The fill opacity and outline weight of an event's area of ``area_km2``: small areas filled, large ones
    (a district, an oblast) all but outline only, so that they never hide the small ones, the border or the
    labels under them. The opacity falls with the logarithm of the area, from 0.3 at 50 km\u00b2 (a 4 km
    circle) to 0.03 at 5,000 km\u00b2 and above.

    Examples
    --------
    >>> area_style(12.0), area_style(500.0), area_style(30_000.0)
    ((0.3, 2.0), (0.165, 1.75), (0.03, 1.5))
    """
    lo, hi = math.log10(_SMALL_AREA_KM2), math.log10(_LARGE_AREA_KM2)
    t = min(max((math.log10(max(area_km2, 1e-9)) - lo) / (hi - lo), 0.0), 1.0)
    return round(0.3 - 0.27 * t, 3), round(2.0 - 0.5 * t, 2)


def region_wide(area_km2: float) -> bool:
    """Whether an event's area is as large as a district or an oblast (5,000 km\u00b2 or more): its point is then
    drawn as a ring, not a dot, for it marks no spot (ACLED precision 3 is "somewhere in the province")."""
    return area_km2 >= _LARGE_AREA_KM2


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _by_category(names: Sequence[str]) -> Colouring:
    counts = Counter(n for n in names if n)
    ranked = sorted(counts, key=lambda n: (-counts[n], n))  # the most frequent get their own colours
    coloured = ranked[:len(OKABE_ITO)]
    palette = (*OKABE_ITO[:len(coloured)], GREY)
    slot = {n: i for i, n in enumerate(coloured)}
    index = tuple(slot.get(n, len(coloured)) for n in names)
    entries = [(OKABE_ITO[i], f"{_short(n)} ({counts[n]:,})") for i, n in enumerate(coloured)]
    others = ranked[len(coloured):]
    rest = sum(counts[n] for n in others)
    none = sum(not n for n in names)
    if others and none:
        entries.append((GREY, f"{len(others)} other types or none ({rest + none:,})"))
    elif others:
        entries.append((GREY, f"{len(others)} other types ({rest:,})"))
    elif none:
        entries.append((GREY, f"no type ({none:,})"))
    return Colouring(palette, index, "Events by type", tuple(entries))


def _by_date(events: Sequence[Event]) -> Colouring:
    iso, slots = date_slots([e.date for e in events])  # the same ranking as the date slider's
    undated = slots.count(-1)
    if not iso:
        return Colouring((GREY,), (0,) * len(events), "Events by date", ((GREY, f"undated ({undated:,})"),))
    days = [dt.date.fromisoformat(d).toordinal() for d in iso]
    span = max(days[-1] - days[0], 1)
    palette = (*(ramp_colour((d - days[0]) / span if len(days) > 1 else 0.5) for d in days), GREY)
    index = tuple(s if s >= 0 else len(iso) for s in slots)
    entries = ((GREY, f"undated ({undated:,})"),) if undated else ()
    if len(iso) == 1:
        return Colouring(palette, index, "Events by date", ((palette[0], iso[0]), *entries))
    return Colouring(palette, index, "Events by date", entries, ramp=(iso[0], iso[-1]))


class Legend(MacroElement):
    """The legend, a collapsible control in the bottom-right corner: how events are coloured, then the map's
    symbols (``(colour, label, shape)``, shape one of "dashed" (an area), "fill", "point", "ring", "line" (the
    border) and "thin" (boundaries)), each swatch drawn as the map draws it. It starts open on maps at least 900
    by 600 px (see :class:`geoevents.maps.layout.Frame`) and closed on smaller ones, where a tap opens it.

    Labels are plain text and escaped here; colours come from this module's palettes, never from reports.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}
        <details class="geoevents-legend leaflet-control" id="{{ this.get_name() }}" open>
          <summary class="geoevents-legend-title">{{ this.title }}</summary>
          <div class="geoevents-legend-body">
          {% if this.ramp %}
          <div class="geoevents-legend-ramp"><div style="height:10px;width:200px;max-width:100%;
               background:linear-gradient(to right, {{ this.gradient }})"></div>
            <div style="display:flex;justify-content:space-between;width:200px;max-width:100%">
              <span>{{ this.ramp[0] }}</span><span>{{ this.ramp[1] }}</span></div></div>
          {% endif %}
          {% for colour, label in this.entries %}
          <div class="geoevents-legend-category"><span style="display:inline-block;width:14px;height:10px;
               margin-right:6px;border:2px solid {{ colour }};background:{{ colour }}88"></span>{{ label }}</div>
          {% endfor %}
          <div style="margin-top:4px;border-top:1px solid #ddd"></div>
          {% for colour, label, shape in this.symbols %}
          <div><span style="display:inline-block;margin-right:6px;vertical-align:middle;box-sizing:border-box;
               {%- if shape == 'point' %}width:10px;height:10px;margin-left:3px;margin-right:9px;border-radius:50%;
               background:{{ colour }};box-shadow:0 0 0 1.5px white, 0 0 0 2.5px {{ colour }}
               {%- elif shape == 'ring' %}width:11px;height:11px;margin-left:2px;margin-right:9px;border-radius:50%;
               background:white;border:2px solid {{ colour }}
               {%- elif shape == 'line' %}width:18px;height:0;border-top:3px solid {{ colour }}
               {%- elif shape == 'thin' %}width:18px;height:0;border-top:1px solid {{ colour }}
               {%- else %}width:18px;height:11px;border:2px {{ 'dashed' if shape == 'dashed' else 'solid' }}
               {{ colour }};background:{{ colour }}33{% endif %}"></span>{{ label }}</div>
          {% endfor %}
          </div>
        </details>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var box = document.getElementById({{ this.get_name()|tojson }});
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, colouring: Colouring, symbols: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self._name = "Legend"
        self.title = escape_text(colouring.title)
        self.entries = [(colour, escape_text(label)) for colour, label in colouring.entries]
        self.ramp = tuple(escape_text(d) for d in colouring.ramp) if colouring.ramp else None
        self.gradient = ", ".join(VIRIDIS)
        self.symbols = [(colour, escape_text(label), shape) for colour, label, shape in symbols]


class Attribution(MacroElement):
    """Adds ``text`` (trusted HTML) to the map's attribution control, tiles or no tiles, behind a one-line
    summary (``short``, trusted HTML) that opens it: the full line is long, and on a phone it would cover the map.
    The control stays in the bottom-right corner, under the legend, where Leaflet stacks the two.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.attributionControl.addAttribution(
                '<details class="geoevents-credits"><summary>' + {{ this.short|tojson }} + '</summary>'
                + {{ this.text|tojson }} + '</details>');
        {% endmacro %}
    """)

    def __init__(self, text: str, short: str = "Data: OpenStreetMap, Natural Earth, GeoNames") -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text
        self.short = short
