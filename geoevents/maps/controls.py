"""Map controls written here, so that every map, self-contained ones too, has them without a CDN: fullscreen, and
a measuring tool that gives geodesic distances on the WGS 84 ellipsoid.

The measuring tool: press the ruler, click points on the map; the line's length is shown after each click,
computed with Vincenty's inverse formula on the WGS 84 ellipsoid (agrees with GeographicLib to well under a metre
at the distances of a map). Press the ruler again, or Escape, to clear. Both controls are plain Leaflet controls;
the page needs nothing but Leaflet.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

__all__ = ["Controls"]


class Controls(MacroElement):
    """Fullscreen and measure controls in the top-left corner, under the zoom buttons."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .geoevents-control a { display: flex; align-items: center; justify-content: center; cursor: pointer; }
          .geoevents-control svg { width: 18px; height: 18px; fill: none; stroke: #333; stroke-width: 2; }
          .leaflet-container.geoevents-measuring .leaflet-interactive,
          .leaflet-container.geoevents-measuring .leaflet-pane canvas { pointer-events: none !important; }
          .geoevents-control a.active { background: #ffe08a; }
          .geoevents-measure-label { background: white; border: 1px solid #333; border-radius: 3px;
            padding: 1px 4px; font: 12px sans-serif; white-space: nowrap; }
          .leaflet-container.geoevents-measuring { cursor: crosshair; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
          // Vincenty's inverse formula on WGS 84: the geodesic distance in metres between two points.
          function geodesic(lat1, lon1, lat2, lon2) {
            var a = 6378137, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
            var L = (lon2 - lon1) * rad;
            var U1 = Math.atan((1 - f) * Math.tan(lat1 * rad)), U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
            var sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
            var lambda = L, prev, sinS, cosS, sigma, cos2a, cos2sm, i = 0;
            do {
              var sinL = Math.sin(lambda), cosL = Math.cos(lambda);
              sinS = Math.sqrt(Math.pow(cosU2 * sinL, 2) + Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosL, 2));
              if (sinS === 0) return 0;
              cosS = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
              sigma = Math.atan2(sinS, cosS);
              var sinAlpha = cosU1 * cosU2 * sinL / sinS;
              cos2a = 1 - sinAlpha * sinAlpha;
              cos2sm = cos2a === 0 ? 0 : cosS - 2 * sinU1 * sinU2 / cos2a;
              var C = f / 16 * cos2a * (4 + f * (4 - 3 * cos2a));
              prev = lambda;
              lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinS * (cos2sm + C * cosS *
                (-1 + 2 * cos2sm * cos2sm)));
            } while (Math.abs(lambda - prev) > 1e-12 && ++i < 200);
            var u2 = cos2a * (a * a - b * b) / (b * b);
            var A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
            var B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
            var dS = B * sinS * (cos2sm + B / 4 * (cosS * (-1 + 2 * cos2sm * cos2sm) - B / 6 * cos2sm *
              (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2sm * cos2sm)));
            return b * A * (sigma - dS);
          }
          // icons drawn as SVG, so they need no font (a symbol font may not be installed)
          var icons = {
            full: '<svg viewBox="0 0 20 20"><path d="M3 8V3h5M12 3h5v5M17 12v5h-5M8 17H3v-5"/></svg>',
            ruler: '<svg viewBox="0 0 20 20"><path d="M2 13l11-11 5 5-11 11z M5 10l2 2 M8 7l2 2 M11 4l2 2"/></svg>'
          };
          function button(container, icon, title) {
            var a = L.DomUtil.create("a", "", container);
            a.href = "#"; a.innerHTML = icons[icon]; a.title = title; a.setAttribute("role", "button");
            a.setAttribute("aria-label", title);
            L.DomEvent.disableClickPropagation(a);
            return a;
          }
          var Controls = L.Control.extend({
            options: {position: "topleft"},
            onAdd: function () {
              var box = L.DomUtil.create("div", "leaflet-bar geoevents-control");
              var full = button(box, "full", "Full screen");
              full.className = "geoevents-fullscreen";
              L.DomEvent.on(full, "click", function (e) {
                L.DomEvent.preventDefault(e);
                var page = map.getContainer();
                if (document.fullscreenElement) { document.exitFullscreen(); }
                else if (page.requestFullscreen) { page.requestFullscreen(); }
              });
              document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
              var ruler = button(box, "ruler", "Measure a distance (geodesic, WGS 84): click points; " +
                                 "press again or Escape to clear");
              ruler.className = "geoevents-measure";
              var points = [], line = null, label = null, on = false, metres = 0;
              function clear() {
                points = []; metres = 0;
                if (line) { map.removeLayer(line); line = null; }
                if (label) { map.removeLayer(label); label = null; }
              }
              function stop() {
                on = false; clear(); L.DomUtil.removeClass(ruler, "active");
                L.DomUtil.removeClass(map.getContainer(), "geoevents-measuring");
                map.doubleClickZoom.enable();
              }
              function add(e) {
                var p = e.latlng;
                if (points.length) {
                  var q = points[points.length - 1];
                  metres += geodesic(q.lat, q.lng, p.lat, p.lng);
                }
                points.push(p);
                if (!line) { line = L.polyline(points, {color: "#d62728", weight: 2, dashArray: "6 4"}).addTo(map); }
                else { line.setLatLngs(points); }
                var text = metres < 1000 ? metres.toFixed(0) + " m" : (metres / 1000).toFixed(2) + " km";
                if (label) { map.removeLayer(label); }
                label = L.marker(p, {interactive: false, icon: L.divIcon({className: "geoevents-measure-label",
                  html: "", iconSize: null, iconAnchor: [-8, 8]})}).addTo(map);
                label.getElement().textContent = text;
                label.getElement().setAttribute("data-metres", String(metres));
              }
              L.DomEvent.on(ruler, "click", function (e) {
                L.DomEvent.preventDefault(e);
                if (on) { stop(); return; }
                on = true; L.DomUtil.addClass(ruler, "active");
                L.DomUtil.addClass(map.getContainer(), "geoevents-measuring");
                map.doubleClickZoom.disable();
              });
              map.on("click", function (e) { if (on) { add(e); } });
              document.addEventListener("keydown", function (e) { if (on && e.key === "Escape") { stop(); } });
              return box;
            }
          });
          new Controls().addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Controls"
