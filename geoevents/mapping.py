"""Folium maps of events over the administrative boundaries. The only module of geoevents that imports folium.

Text from reports is untrusted: everything that reaches HTML or JavaScript goes through :func:`escape_text`.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import folium
from folium import plugins
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from ._assets import asset_bytes
from ._io import atomic_write
from .boundaries import Boundaries
from .borders import BorderAnswer
from .errors import GeoEventsError, UnknownBorderError
from .export import geometry_to_geojson
from .geodesy import geodesic_buffer
from .model import Event

__all__ = ["ATTRIBUTION", "build_map", "escape_text", "render_map", "save_map"]

ATTRIBUTION = (
    'Boundaries: &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL), '
    '<a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain); '
    'places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)
_LIGHT_TILES = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
_LIGHT_ATTR = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
               '&copy; <a href="https://carto.com/attributions">CARTO</a>')
_EVENT_COLOURS = ("#d62728", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#1f77b4")
_MANY_SIMPLIFY_DEG = 0.0005  # ~50 m: regions of many events, simplified for display
_MANY_DECIMALS = 4  # ~10 m
_DISPLAY_SIMPLIFY_DEG = 0.0005  # ~50 m: invisible at the zooms the boundaries are shown at, halves the HTML
_CONTEXT_PAD_DEG = 2.5  # how far around the events the boundaries are drawn


def escape_text(text: object) -> str:
    """Escape untrusted text for HTML that folium may place inside a JavaScript template literal.

    Examples
    --------
    >>> escape_text('<img src=x onerror="alert(1)">`${x}` {{ 7*7 }}')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#96;&#36;&#123;x&#125;&#96; &#123;&#123; 7*7 &#125;&#125;'
    """
    escaped = html.escape("" if text is None else str(text), quote=True)
    # ` $ \ would break out of folium's JavaScript template literals; { } would be run as Jinja templates, because
    # branca compiles rendered scripts again (a title "{{ 7*7 }}" would print 49, and worse)
    for char, entity in (("`", "&#96;"), ("$", "&#36;"), ("\\", "&#92;"), ("{", "&#123;"), ("}", "&#125;")):
        escaped = escaped.replace(char, entity)
    return escaped


class _Attribution(MacroElement):
    """Adds the data attributions to the map's attribution control, tiles or no tiles."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


class _Legend(MacroElement):
    """A small fixed legend box; its entries are escaped before they get here."""

    _template = Template("""
        {% macro html(this, kwargs) %}
        <div class="geoevents-legend" style="position: fixed; top: 90px; left: 10px; z-index: 9999;
             background: white; padding: 6px 10px; border: 1px solid #999; border-radius: 4px; font: 12px sans-serif;">
          {% for colour, label, dashed in this.entries %}
          <div><span style="display:inline-block;width:14px;height:10px;margin-right:6px;
               border:2px {{ 'dashed' if dashed else 'solid' }} {{ colour }};background:{{ colour }}33"></span>{{ label }}</div>
          {% endfor %}
        </div>
        {% endmacro %}
    """)

    def __init__(self, entries: list[tuple[str, str, bool]]) -> None:
        super().__init__()
        self._name = "Legend"
        self.entries = entries


def build_map(events: list[Event], boundaries: Boundaries, *, answers: list[BorderAnswer] | None = None,
              border: str = "RU-UA", tiles: bool = True, bands_km: tuple[float, ...] = (),
              controls: bool = True, many: int = 200) -> folium.Map:
    """A folium map of located ``events`` over the regions and the ``border``, with popups and a legend.

    ``bands_km`` draws distance bands along the border (e.g. ``(5, 10, 25)``). ``controls`` adds fullscreen and
    measure controls; their scripts come from CDNs, so a self-contained map is built with ``controls=False``.
    Above ``many`` events, regions and points go into two canvas-drawn layers with compact popups.
    """
    located = [e for e in events if e.location is not None]
    if located:
        x0, y0, x1, y1 = shapely.total_bounds(np.array([e.location.geometry for e in located], dtype=object))
    else:
        x0, y0, x1, y1 = shapely.bounds(boundaries.country("UA"))
    m = folium.Map(location=[(y0 + y1) / 2, (x0 + x1) / 2], zoom_start=9, tiles=None, control_scale=True,
                   prefer_canvas=len(located) > many)
    if tiles:
        folium.TileLayer(_LIGHT_TILES, attr=_LIGHT_ATTR, name="Light basemap (CARTO)", max_zoom=19).add_to(m)
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    window = shapely.box(x0 - _CONTEXT_PAD_DEG, y0 - _CONTEXT_PAD_DEG, x1 + _CONTEXT_PAD_DEG, y1 + _CONTEXT_PAD_DEG)
    _add_boundaries(m, boundaries, window)
    try:
        line = shapely.clip_by_rect(boundaries.border(border), *window.bounds)
    except UnknownBorderError:  # e.g. a border spec that does not apply to this theatre: draw the rest
        line = None
    if line is not None and not line.is_empty:
        if bands_km:
            _add_bands(m, line, border, sorted(set(bands_km)))
        folium.GeoJson(geometry_to_geojson(line, decimals=5), name=f"{escape_text(border)} border",
                       style_function=lambda _: {"color": "#000000", "weight": 3},
                       tooltip=escape_text(f"{border} border")).add_to(m)
    by_id = {a.event_id: a for a in answers or []}
    if len(located) > many:
        _add_many_events(m, located, by_id)
    else:
        _add_events(m, located, by_id)
    entries = [("#d62728", "uncertainty region of an event (dashed)", True),
               ("#d62728", "representative point", False),
               ("#000000", f"{escape_text(border)} border", False),
               ("#555555", "region (oblast) boundaries", False)]
    edges = [0.0, *sorted(set(bands_km))]
    entries += [(_BAND_COLOURS[min(i, len(_BAND_COLOURS) - 1)], f"{lo:g}-{hi:g} km from the border", False)
                for i, (lo, hi) in enumerate(zip(edges, edges[1:]))]
    _Legend(entries).add_to(m)
    view = (f"borders as claimed by {boundaries.point_of_view}" if boundaries.point_of_view
            else "internationally recognised borders")
    _Attribution(f"{ATTRIBUTION}; {escape_text(view)}").add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    if controls:
        plugins.Fullscreen(position="topleft").add_to(m)
        plugins.MeasureControl(position="topleft", primary_length_unit="kilometers",
                               secondary_length_unit="miles", primary_area_unit="sqkilometers").add_to(m)
    if located:
        m.fit_bounds([[y0, x0], [y1, x1]], padding=(30, 30))
    return m


_BAND_COLOURS = ("#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef")


def _add_events(m: folium.Map, located: list[Event], by_id: dict[str, BorderAnswer]) -> None:
    """Each event as its own layers: the region with a full popup and tooltip, the point likewise."""
    events_layer = folium.FeatureGroup(name="Events").add_to(m)
    for i, event in enumerate(located):
        colour = _EVENT_COLOURS[i % len(_EVENT_COLOURS)]
        popup = _popup_html(event, by_id.get(event.id))
        folium.GeoJson(geometry_to_geojson(event.location.geometry, decimals=5),
                       style_function=lambda _, c=colour: {"color": c, "weight": 2, "dashArray": "5 4",
                                                           "fillColor": c, "fillOpacity": 0.25},
                       tooltip=escape_text(event.title),
                       popup=folium.Popup(popup, max_width=420)).add_to(events_layer)
        pt = event.location.point
        folium.CircleMarker([pt.y, pt.x], radius=5, color=colour, fill=True, fill_opacity=1.0,
                            tooltip=escape_text(f"{event.title} (representative point)"),
                            popup=folium.Popup(popup, max_width=420)).add_to(events_layer)


def _braceless(points_json: str) -> str:
    """JSON of lists of numbers and strings, with every brace written as a JSON escape: branca compiles rendered
    scripts as Jinja templates, and report text must not be read as one."""
    return points_json.replace("{", "\\u007b").replace("}", "\\u007d")


class _ManyEvents(MacroElement):
    """Many events in one compact script: regions as one GeoJSON layer and points as circle markers, all drawn
    on a canvas. Popups are built with ``textContent``, so report text is never parsed as HTML."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var data = {{ this.data }};
            var renderer = L.canvas({padding: 0.5});
            var colour = {{ this.colour|tojson }};
            // regions: data.p parts per region, data.r rings per part, data.v vertices per ring; data.c holds each
            // ring's first vertex and then the differences to the previous one, in units of 1/data.q degree
            var regions = L.layerGroup(), pi = 0, ri = 0, ci = 0;
            var style = {renderer: renderer, interactive: false, color: colour, weight: 1, dashArray: "5 4",
                         fillColor: colour, fillOpacity: 0.15};
            data.p.forEach(function (nparts) {
                var parts = [];
                for (var a = 0; a < nparts; a++) {
                    var rings = [], nrings = data.r[pi++];
                    for (var b = 0; b < nrings; b++) {
                        var n = data.v[ri++], x = 0, y = 0, ring = [];
                        for (var k = 0; k < n; k++) {
                            x += data.c[ci++]; y += data.c[ci++];
                            ring.push([y / data.q, x / data.q]);
                        }
                        rings.push(ring);
                    }
                    parts.push(rings);
                }
                regions.addLayer(L.polygon(parts, style));
            });
            var points = L.layerGroup();
            data.points.forEach(function (p) {
                var marker = L.circleMarker([p[1], p[0]], {renderer: renderer, radius: 3, color: colour,
                    weight: 1, fill: true, fillOpacity: 1.0});
                marker.bindPopup(function () {
                    var box = document.createElement("div");
                    p.slice(2).forEach(function (line, i) {
                        var el = document.createElement(i === 0 ? "b" : "div");
                        el.textContent = line;
                        box.appendChild(el);
                    });
                    return box;
                });
                points.addLayer(marker);
            });
            regions.addTo(map);
            points.addTo(map);
            map._geoevents = {regions: regions, points: points};  // for scripts and tests
        })();
        {% endmacro %}
    """)

    def __init__(self, data: str, colour: str) -> None:
        super().__init__()
        self._name = "ManyEvents"
        self.data = data
        self.colour = colour


def _add_many_events(m: folium.Map, located: list[Event], by_id: dict[str, BorderAnswer]) -> None:
    """Many events as compact data drawn on canvas: regions simplified to ~50 m at 4 decimals (~10 m), points with
    a short popup (title, date, area, near-border status). Per-event folium layers would make the page crawl."""
    quantum = 10**_MANY_DECIMALS
    regions = shapely.simplify(np.array([e.location.geometry for e in located], dtype=object), _MANY_SIMPLIFY_DEG)
    parts, part_of = shapely.get_parts(regions, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    counts = {"p": np.bincount(part_of, minlength=len(regions)), "r": np.bincount(ring_of, minlength=len(parts)),
              "v": shapely.get_num_coordinates(rings) - 1}  # the closing vertex of each ring is implied
    coords, index = shapely.get_coordinates(rings, return_index=True)
    last = np.r_[index[1:] != index[:-1], True]  # drop each ring's closing vertex
    coords, index = coords[~last], index[~last]
    q = np.round(coords * quantum).astype(np.int64)
    deltas = q.copy()
    deltas[1:] -= q[:-1]
    starts = np.r_[True, index[1:] != index[:-1]]
    deltas[starts] = q[starts]  # each ring starts from its absolute first vertex
    points = []
    for event in located:
        pt, answer = event.location.point, by_id.get(event.id)
        lines = [event.title[:200], event.date.isoformat() if event.date else "",
                 f"{event.location.area_km2:,.1f} km2"]
        if answer:
            lines.append(f"within {answer.km:g} km of the border: {answer.status} ({answer.fraction_within:.0%})")
        points.append([round(pt.x, 5), round(pt.y, 5), *[line for line in lines if line]])
    data = ('{"q":' + str(quantum) + "".join(f',"{k}":[' + ",".join(map(str, v.tolist())) + "]"
                                            for k, v in counts.items())
            + ',"c":[' + ",".join(map(str, deltas.ravel().tolist())) + '],"points":'
            + _braceless(json.dumps(points, ensure_ascii=False, separators=(",", ":"))) + "}")
    # inside a <script>: no "</script>", no HTML comment openers, no U+2028/2029 line breaks
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    _ManyEvents(data, _EVENT_COLOURS[0]).add_to(m)


def _add_bands(m: folium.Map, line: shapely.Geometry, border: str, bands_km: list[float]) -> None:
    """Rings of distance from the border: 0-5 km, 5-10 km, ... each a geodesic buffer minus the previous one."""
    layer = folium.FeatureGroup(name=f"Distance from the {escape_text(border)} border", show=True).add_to(m)
    inner, previous = shapely.Polygon(), 0.0
    for i, km in enumerate(bands_km):
        if not (km > 0 and np.isfinite(km)):
            raise GeoEventsError(f"distance bands must be positive numbers of kilometres, got {km!r}")
        outer = geodesic_buffer(line, km * 1000)
        ring = shapely.difference(outer, inner)
        colour = _BAND_COLOURS[min(i, len(_BAND_COLOURS) - 1)]
        folium.GeoJson(geometry_to_geojson(shapely.simplify(ring, 0.0002), decimals=5),
                       style_function=lambda _, c=colour: {"color": c, "weight": 0.5, "fillColor": c,
                                                           "fillOpacity": 0.12},
                       tooltip=f"{previous:g}-{km:g} km from the {escape_text(border)} border").add_to(layer)
        inner, previous = outer, km


def _add_boundaries(m: folium.Map, boundaries: Boundaries, window: shapely.Geometry) -> None:
    """Regions and neighbouring countries inside ``window``, simplified together so shared edges stay shared."""
    idx = boundaries.units_in(window)
    clipped = np.array([shapely.clip_by_rect(boundaries.geometries[i], *window.bounds) for i in idx], dtype=object)
    keep = [k for k, g in enumerate(clipped) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    shapes = shapely.coverage_simplify(clipped[keep], _DISPLAY_SIMPLIFY_DEG) if keep else []
    countries, regions = [], []
    for k, shape in zip(keep, shapes):
        unit = boundaries.units[idx[k]]
        claim = f" (claimed by {unit['claimed_by']})" if unit.get("claimed_by") else ""
        feature = {"type": "Feature", "geometry": geometry_to_geojson(shape, decimals=5),
                   "properties": {"name": escape_text(unit.get("name", "") + claim), "country": unit["country"],
                                  "code": escape_text(unit.get("iso_3166_2") or unit["country"])}}
        (regions if unit["kind"] == "region" else countries).append(feature)
    fills = {"RU": "#f2e6d9", "UA": "#e0ecf8", "BY": "#e6f2e0"}
    for name, features in (("Regions", regions), ("Neighbouring countries", countries)):
        if not features:
            continue
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features}, name=name,
            style_function=lambda f: {"color": "#555555", "weight": 1,
                                      "fillColor": fills.get(f["properties"]["country"], "#eeeeee"),
                                      "fillOpacity": 0.35},
            highlight_function=lambda _: {"weight": 2.5},
            tooltip=folium.GeoJsonTooltip(fields=["name", "code"], aliases=["", ""], labels=False),
        ).add_to(m)


def _popup_html(event: Event, answer: BorderAnswer | None) -> str:
    loc = event.location
    assert loc is not None
    rows = [f"<b>{escape_text(event.title)}</b>"]
    if event.date:
        rows.append(f"Date: {escape_text(event.date.isoformat())} ({escape_text(event.date_precision)})")
    if event.location_text:
        rows.append(f"Reported location: <i>{escape_text(event.location_text)}</i>")
    for s in event.sources:
        label = escape_text(s.name + (f", {s.published.isoformat()}" if s.published else "")
                            + (f", citing {s.citing}" if s.citing else ""))
        if s.url:
            rows.append(f'Source: <a href="{escape_text(s.url)}" target="_blank" rel="noopener noreferrer">{label}</a>')
        else:
            rows.append(f"Source: {label}")
    rows.append(f"Area: {loc.area_km2:,.1f} km&sup2;, radius {loc.radius_km:.1f} km around "
                f"{loc.point.y:.5f}, {loc.point.x:.5f} (lat, lon)")
    if loc.precision:
        p = loc.precision
        rows.append(f"Precision codes: ACLED {p.acled_geo_precision}, UCDP {p.ucdp_where_prec}, "
                    f"GDELT {p.gdelt_geo_type} <small>({escape_text(p.basis)})</small>")
    if answer:
        rows.append(f"{escape_text(answer.border)} border: {answer.min_km:.1f}-{answer.max_km:.1f} km; within "
                    f"{answer.km:g} km: {escape_text(answer.status)} ({answer.fraction_within:.0%} of the area)")
    steps = "".join(f"<li>{escape_text(t.constraint)} &rarr; {t.area_km2:,.1f} km&sup2;"
                    + (f"<br><small>{escape_text(t.reason)}</small>" if t.reason else "") + "</li>"
                    for t in loc.trace)
    rows.append(f"How the area was derived:<ol style='margin:2px 0 0 16px;padding:0'>{steps}</ol>")
    return "<div style='font: 12px sans-serif'>" + "<br>".join(rows) + "</div>"


def render_map(m: folium.Map, *, self_contained: bool = False) -> str:
    """The HTML of ``m``. ``self_contained``: Leaflet, jQuery and their CSS and images are inlined and folium's
    other CDN assets (Bootstrap, Font Awesome, marker icons, which these maps do not use) are left out, so the
    page makes no network request at all. Build such a map with ``tiles=False``."""
    page = _stable_names(m.get_root().render())
    if not self_contained:
        return page
    js = {url: name for name, url in m.default_js}
    css = {url: name for name, url in m.default_css}

    def script(match: re.Match) -> str:
        name = js.get(match["url"])
        if name == "leaflet":
            return _inline_script(asset_bytes("leaflet.js"))
        if name == "jquery":
            return _inline_script(asset_bytes("jquery.js"))
        if name is not None:
            return ""
        raise GeoEventsError(f"cannot make the map self-contained: {match['url']} has no offline copy "
                             f"(build the map with controls=False and tiles=False)")

    def stylesheet(match: re.Match) -> str:
        name = css.get(match["url"])
        if name == "leaflet_css":
            return f"<style>{_leaflet_css()}</style>"
        if name is not None:
            return ""
        raise GeoEventsError(f"cannot make the map self-contained: unknown stylesheet {match['url']}")

    page = re.sub(r'<script src="(?P<url>https?://[^"]+)"></script>', script, page)
    page = re.sub(r'<link rel="stylesheet" href="(?P<url>https?://[^"]+)"\s*/?>', stylesheet, page)
    leftover = re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', page)
    if leftover:
        raise GeoEventsError(f"cannot make the map self-contained: {leftover[1]}")
    return page


def _stable_names(page: str) -> str:
    """Replace folium's random element names (``map_<uuid hex>``) by numbered ones, in order of appearance, so
    the same map always renders to the same bytes. Only names folium declares (``var x``, ``id="x"``) change."""
    declared = re.findall(r'(?:\bvar |\blet |\bconst |\bid=")([a-z][a-z_]*_[0-9a-f]{32})(?![0-9a-f])', page)
    names: dict[str, str] = {}
    for name in declared:
        if name not in names:
            names[name] = f"{name[:-33]}_{len(names) + 1}"
    if not names:
        return page
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda match: names[match[0]], page)


def _inline_script(code: bytes) -> str:
    text = code.decode("utf-8").replace("</script", "<\\/script")
    return f"<script>{text}</script>"


def _leaflet_css() -> str:
    css = asset_bytes("leaflet.css").decode("utf-8")

    def data_uri(match: re.Match) -> str:
        png = asset_bytes(match[1])
        return f"url(data:image/png;base64,{base64.b64encode(png).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def save_map(m: folium.Map, path: str | Path, *, self_contained: bool = False) -> Path:
    """Render ``m`` and write it to ``path`` atomically (see :func:`render_map`)."""
    return atomic_write(path, render_map(m, self_contained=self_contained))
