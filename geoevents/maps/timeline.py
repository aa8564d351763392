"""A date slider for maps of dated events: an HTML range input and a small inline script, no plugin, no CDN.

folium's ``TimestampedGeoJson`` plugin loads its scripts from CDNs, which a self-contained map must not do; this
filter is plain Leaflet and works in normal and self-contained maps alike. The slider runs over the sorted
distinct dates of the events. By default it shows the events up to the chosen date; with "only this date"
ticked, the events of that date alone. Undated events are always shown.

The script sees dates (ISO strings written by Python) and layer variable names (written by folium), never report
text, and builds its control with ``textContent``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from branca.element import MacroElement
from jinja2 import Template

from geoevents.maps.text import script_json

__all__ = ["TimeFilter", "date_slots"]


def date_slots(dates: Sequence[dt.date | None]) -> tuple[list[str], list[int]]:
    """The sorted distinct dates (ISO) and, for each input, its position among them (-1 when undated).

    Examples
    --------
    >>> date_slots([dt.date(2024, 8, 9), None, dt.date(2024, 8, 6), dt.date(2024, 8, 9)])
    (['2024-08-06', '2024-08-09'], [1, -1, 0, 1])
    """
    distinct = sorted({d for d in dates if d is not None})
    slot = {d: i for i, d in enumerate(distinct)}
    return [d.isoformat() for d in distinct], [slot[d] if d is not None else -1 for d in dates]


class TimeFilter(MacroElement):
    """A slider control over ``dates`` that adds and removes event layers from their groups.

    ``items`` and ``filters`` are JavaScript expressions (trusted: written by :mod:`geoevents.maps.build` from
    folium's variable names). ``items`` gives an array of ``[layer, group, date position]``: the layer is in its
    group while its position passes the filter, and always when it is -1. ``filters`` gives an array of objects
    that filter themselves: ``filter(test)`` is called with the test of a date position. Changes are applied once
    per animation frame, so that dragging stays smooth with many events. The control is ``map._geoevents_time``
    for scripts and tests.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var dates = {{ this.dates }};
            var items = {{ this.items }}, filters = {{ this.filters }};
            var control = L.control({position: "bottomleft"});
            control.onAdd = function () {
                var box = L.DomUtil.create("div", "geoevents-time leaflet-bar");
                box.style.cssText = "background:white;padding:6px 8px;font:12px sans-serif;width:240px;"
                    + "max-width:100%;box-sizing:border-box";
                var label = L.DomUtil.create("div", "geoevents-time-label", box);
                var input = L.DomUtil.create("input", "geoevents-time-input", box);
                input.type = "range"; input.min = 0; input.max = dates.length - 1; input.step = 1;
                input.value = dates.length - 1; input.style.width = "100%";
                input.setAttribute("aria-label", "show events up to this date");
                var row = L.DomUtil.create("label", "", box);
                var only = L.DomUtil.create("input", "geoevents-time-only", row);
                only.type = "checkbox";
                row.appendChild(document.createTextNode(" only this date"));
                var undated = {{ this.undated|tojson }};
                var pending = false;
                function apply() {
                    pending = false;
                    var k = +input.value, exact = only.checked;
                    function test(at) { return at < 0 || (exact ? at === k : at <= k); }
                    items.forEach(function (it) {
                        var show = test(it[2]);
                        if (show !== it[1].hasLayer(it[0])) {
                            if (show) { it[1].addLayer(it[0]); } else { it[1].removeLayer(it[0]); }
                        }
                    });
                    filters.forEach(function (f) { f.filter(test); });
                    label.textContent = (exact ? "Events on " : "Events up to ") + dates[k]
                        + (undated ? " (and the undated ones)" : "");
                    control.value = dates[k];
                    control.applied = (control.applied || 0) + 1;  // for tests: changes take a frame
                }
                function later() {
                    if (!pending) { pending = true; L.Util.requestAnimFrame(apply); }
                }
                input.addEventListener("input", later);
                input.addEventListener("change", later);
                only.addEventListener("change", later);
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                L.DomEvent.on(box, "keydown", L.DomEvent.stopPropagation);  // arrow keys move the slider, not the map
                apply();
                return box;
            };
            control.addTo(map);
            map._geoevents_time = control;  // for scripts and tests
        })();
        {% endmacro %}
    """)

    def __init__(self, dates: Sequence[str], items: str, filters: str = "[]", *, undated: bool = False) -> None:
        super().__init__()
        self._name = "TimeFilter"
        self.dates = script_json(list(dates))
        self.items = items
        self.filters = filters
        self.undated = undated
