"""Many events on one map: compact data in a JSON element and one script that draws them on a canvas.

Per-event folium layers make a page of thousands of events crawl. Above ``build_map``'s ``many`` threshold,
regions and points are encoded here as delta-coded integer coordinates and short plain-text popups, placed in a
``<script type="application/json">`` element, and drawn by :data:`MANY_EVENTS_TEMPLATE` on a canvas. The data
element is rendered as it is: branca compiles the output of ordinary map elements as a Jinja template once more,
which takes seconds for tens of megabytes (and would read report text as a template).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from geoevents.maps.text import script_json

__all__ = ["MANY_EVENTS_TEMPLATE", "JsonData", "RenderedAsText", "encode_events"]

MANY_DECIMALS = 4  # ~10 m
MANY_SIMPLIFY_DEG = 0.0005  # ~50 m: regions of many events, simplified for display
POINT_DECIMALS = 5  # ~1 m

MANY_EVENTS_TEMPLATE = Template("""
    {% macro script(this, kwargs) %}
    var {{ this.get_name() }} = (function () {
        var map = {{ this._parent.get_name() }};
        var data = JSON.parse(document.getElementById({{ this.data_id|tojson }}).textContent);
        function ints(text, size) {  // base64 of signed integers of `size` bytes (1, or 4 little-endian)
            var raw = atob(text), bytes = new Uint8Array(raw.length);
            for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
            if (size === 1) { return new Int8Array(bytes.buffer); }
            var view = new DataView(bytes.buffer), out = new Int32Array(raw.length / 4);
            for (var j = 0; j < out.length; j++) { out[j] = view.getInt32(4 * j, true); }
            return out;
        }
        // regions: data.p parts per region, data.r rings per part, data.v vertices per ring; data.s each ring's
        // first vertex and data.c the differences from there to the next vertices, in units of 1/data.q degree,
        // one byte each; -128 stands for the next of the larger differences in data.cw.
        // points: data.pc, in units of 1/data.pq degree; data.lines, each event's popup as lines of plain text.
        // data.k: each event's colour in data.palette (absent: the first); data.d: its date position (absent: none);
        // data.g: each event's region (absent: its own; events with the same area and colour share one, drawn
        // once); data.a: each region's fill opacity in per cent (absent: 15); data.t: the distinct popup lines,
        // which data.lines gives by position, each event's popup as a list of positions; data.o: the events whose
        // point is a ring (region-wide: it marks no spot)
        var starts = ints(data.s, 4), steps = ints(data.c, 1), wide = ints(data.cw, 4), where = ints(data.pc, 4);
        var n = data.lines.length, nr = data.p.length, nv = 0, shown = new Uint8Array(n).fill(1);
        var limit = 85.0511287798, regionOf = data.g || Int32Array.from({length: n}, function (_, e) { return e; });
        var regionShown = new Uint8Array(nr).fill(1), regionColour = new Int32Array(nr);
        var colourOf = data.k || new Int32Array(n), dateOf = data.d || new Int32Array(n).fill(-1);
        var alphaOf = data.a || new Int32Array(nr).fill(15), ringed = new Uint8Array(n);
        (data.o || []).forEach(function (e) { ringed[e] = 1; });
        for (var e = n - 1; e >= 0; e--) { regionColour[regionOf[e]] = colourOf[e]; }
        function byColour(a, b) { return colourOf[a] - colourOf[b]; }  // each colour is set once per drawing
        var order = Int32Array.from({length: n}, function (_, e) { return e; }).sort(byColour);
        // regions from the faintest (the largest) up, so that small areas are drawn over large ones
        var regionOrder = Int32Array.from({length: nr}, function (_, r) { return r; }).sort(function (a, b) {
            return alphaOf[a] - alphaOf[b] || regionColour[a] - regionColour[b]; });
        function line(k) { return data.t[k]; }
        data.v.forEach(function (count) { nv += count; });
        // Web Mercator (EPSG:3857, folium's CRS) scaled to the unit square: Leaflet's pixels at zoom z are these
        // times 256 * 2^z, less the map's pixel origin
        function mercX(lon) { return lon / 360 + 0.5; }
        function mercY(lat) {
            var sin = Math.sin(Math.max(Math.min(lat, limit), -limit) * Math.PI / 180);
            return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
        }
        // each region's box, first part and first ring; each ring's first vertex; the vertices; the points
        var ux = new Float64Array(nv), uy = new Float64Array(nv), box = new Float64Array(4 * nr);
        var firstPart = new Int32Array(nr + 1), firstRing = new Int32Array(nr + 1);
        var firstVertex = new Int32Array(data.v.length + 1), pu = new Float64Array(n), pv = new Float64Array(n);
        var pi = 0, ri = 0, vi = 0, ci = 0, wi = 0;
        for (var e = 0; e < nr; e++) {
            var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
            firstPart[e] = pi; firstRing[e] = ri;
            for (var a = 0; a < data.p[e]; a++) {
                for (var b = data.r[pi++]; b > 0; b--) {
                    var x = starts[2 * ri], y = starts[2 * ri + 1];
                    firstVertex[ri] = vi;
                    for (var k = data.v[ri++]; k > 0; k--) {
                        var u = mercX(x / data.q), v = mercY(y / data.q);
                        ux[vi] = u; uy[vi++] = v;
                        x0 = Math.min(x0, u); x1 = Math.max(x1, u); y0 = Math.min(y0, v); y1 = Math.max(y1, v);
                        if (k > 1) {
                            var dx = steps[ci++], dy = steps[ci++];
                            x += dx === -128 ? wide[wi++] : dx; y += dy === -128 ? wide[wi++] : dy;
                        }
                    }
                }
            }
            box[4 * e] = x0; box[4 * e + 1] = y0; box[4 * e + 2] = x1; box[4 * e + 3] = y1;
        }
        for (var e = 0; e < n; e++) {
            pu[e] = mercX(where[2 * e] / data.pq); pv[e] = mercY(where[2 * e + 1] / data.pq);
        }
        firstPart[nr] = pi; firstRing[nr] = ri; firstVertex[ri] = vi;
        // Regions and points are drawn straight from these arrays, each on a canvas of its own, one path per
        // colour where they can: no Leaflet object per event or vertex, which made 10^5 events load seconds longer.
        var Drawing = L.Canvas.extend({
            _draw: function () {
                var map = this._map, view = this._bounds;
                if (!map || !this._ctx || !view) { return; }
                var scale = 256 * Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
                this._ctx.save();
                this._paint(this._ctx, scale, origin, view);
                this._ctx.restore();
            },
            count: function () {  // how many events are shown
                return shown.reduce(function (sum, s) { return sum + s; }, 0);
            }
        });
        var Regions = Drawing.extend({
            _initContainer: function () {
                Drawing.prototype._initContainer.call(this);
                this._container.style.pointerEvents = "none";  // not interactive
            },
            _paint: function (ctx, scale, origin, view) {
                var colour = -1, outline = null;
                ctx.lineWidth = 1; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.setLineDash([5, 4]);
                function stroke() {
                    if (outline) { ctx.globalAlpha = 1; ctx.strokeStyle = data.palette[colour]; ctx.stroke(outline); }
                }
                for (var j = 0; j < nr; j++) {
                    var e = regionOrder[j];
                    if (!regionShown[e] || box[4 * e + 2] * scale - origin.x < view.min.x
                        || box[4 * e] * scale - origin.x > view.max.x || box[4 * e + 3] * scale - origin.y < view.min.y
                        || box[4 * e + 1] * scale - origin.y > view.max.y) { continue; }
                    if (regionColour[e] !== colour) {
                        stroke();
                        colour = regionColour[e]; outline = new Path2D(); ctx.fillStyle = data.palette[colour];
                    }
                    var path = new Path2D();
                    for (var r = firstRing[e]; r < firstRing[e + 1]; r++) {
                        var px = ux[firstVertex[r]] * scale - origin.x, py = uy[firstVertex[r]] * scale - origin.y;
                        path.moveTo(px, py);
                        for (var i = firstVertex[r] + 1; i < firstVertex[r + 1]; i++) {
                            var qx = ux[i] * scale - origin.x, qy = uy[i] * scale - origin.y;
                            if (Math.abs(qx - px) + Math.abs(qy - py) >= 1) { path.lineTo(qx, qy); px = qx; py = qy; }
                        }
                        path.closePath();
                    }
                    ctx.globalAlpha = alphaOf[e] / 100; ctx.fill(path, "evenodd");  // one by one: overlaps look denser
                    outline.addPath(path);
                }
                stroke();
            },
            latLngs: function (event) {  // event's region as parts of rings of L.LatLng, as L.Polygon.getLatLngs()
                var e = regionOf[event], parts = [], r = firstRing[e];
                for (var a = firstPart[e]; a < firstPart[e + 1]; a++) {
                    var rings = [];
                    for (var b = data.r[a]; b > 0; b--, r++) {
                        var ring = [];
                        for (var i = firstVertex[r]; i < firstVertex[r + 1]; i++) {
                            ring.push(L.latLng(Math.atan(Math.sinh(Math.PI * (1 - 2 * uy[i]))) * 180 / Math.PI,
                                               (ux[i] - 0.5) * 360));
                        }
                        rings.push(ring);
                    }
                    parts.push(rings);
                }
                return parts;
            }
        });
        // circles of 3 px with a white rim, to stand out on areas of their colour, and rings of 4 px (white inside)
        // for region-wide events, drawn over them; hovering within 5 px of one shows its title, a click its popup
        var Points = Drawing.extend({
            _paint: function (ctx, scale, origin, view) {
                var colour = -1, rim = this._map.getZoom() >= 9;  // zoomed out, white rims would whiten clusters
                function flush(ring) {
                    if (colour < 0) { return; }
                    ctx.fillStyle = ring ? "#ffffff" : data.palette[colour]; ctx.fill();
                    ctx.strokeStyle = ring || !rim ? data.palette[colour] : "#ffffff"; ctx.stroke();
                }
                for (var pass = 0; pass < 2; pass++) {
                    var radius = pass ? 4 : 3;
                    ctx.lineWidth = pass ? 2 : 1; colour = -1;
                    for (var j = 0; j < n; j++) {
                        var e = order[j], x = pu[e] * scale - origin.x, y = pv[e] * scale - origin.y;
                        if (ringed[e] !== pass || !shown[e] || x < view.min.x - 5 || x > view.max.x + 5
                            || y < view.min.y - 5 || y > view.max.y + 5) { continue; }
                        if (colourOf[e] !== colour) { flush(pass); colour = colourOf[e]; ctx.beginPath(); }
                        ctx.moveTo(x + radius, y); ctx.arc(x, y, radius, 0, 2 * Math.PI);
                    }
                    flush(pass);
                }
            },
            _hit: function (ev) {  // the shown event nearest to the mouse within 5 px, or -1
                var map = this._map, p = map.mouseEventToLayerPoint(ev), origin = map.getPixelOrigin();
                var scale = 256 * Math.pow(2, map.getZoom()), best = -1, nearest = 25;
                for (var e = 0; e < n; e++) {
                    var dx = pu[e] * scale - origin.x - p.x, dy = pv[e] * scale - origin.y - p.y;
                    if (shown[e] && dx * dx + dy * dy <= nearest) { best = e; nearest = dx * dx + dy * dy; }
                }
                return best;
            },
            _onClick: function (ev) {
                var hit = ev.type === "click" && !this._map._draggableMoved(this._map) ? this._hit(ev) : -1;
                if (hit >= 0) { this.openPopup(hit); } else { this._fireEvent(false, ev); }
            },
            _handleMouseHover: function (ev) {  // at most every 32 ms, and always for the last move
                if (this._mouseHoverThrottled) { this._pendingHover = ev; return; }
                var hit = this._hit(ev);
                L.DomUtil[hit >= 0 ? "addClass" : "removeClass"](this._container, "leaflet-interactive");
                this.showTooltip(hit);
                this._fireEvent(false, ev);
                this._mouseHoverThrottled = true;
                setTimeout(L.bind(function () {
                    var pending = this._pendingHover;
                    this._mouseHoverThrottled = false;
                    this._pendingHover = null;
                    if (pending && this._map) { this._handleMouseHover(pending); }
                }, this), 32);
            },
            _handleMouseOut: function () {
                L.DomUtil.removeClass(this._container, "leaflet-interactive");
                this._pendingHover = null;
                this.showTooltip(-1);
            },
            showTooltip: function (e) {  // the title of event e (plain text) by its point; -1 hides it
                if (e === this._tipOf) { return; }
                this._tipOf = e;
                if (this._tip) { this._map.closeTooltip(this._tip); this._tip = null; }
                if (e < 0) { return; }
                var text = document.createElement("span");
                text.textContent = line(data.lines[e][0]);
                this._tip = L.tooltip({direction: "top", offset: [0, -4]}).setLatLng(this.latLng(e))
                    .setContent(text);
                this._map.openTooltip(this._tip);
            },
            latLng: function (e) { return L.latLng(where[2 * e + 1] / data.pq, where[2 * e] / data.pq); },
            openPopup: function (e) {
                var box = document.createElement("div");
                box.className = "geoevents-popup";
                data.lines[e].forEach(function (k, i) {
                    var el = document.createElement(i === 0 ? "b" : "div"), text = line(k);
                    el.textContent = text;
                    if (/^[0-9]+[.] /.test(text)) { el.style.marginLeft = "12px"; }  // a step of the derivation
                    box.appendChild(el);
                });
                this.showTooltip(-1);
                return L.popup({{ this.popup_options|tojson }}).setLatLng(this.latLng(e)).setContent(box)
                    .openOn(this._map);
            }
        });
        var regions = new Regions({padding: 0.5, pane: "geoevents-areas"});
        var points = new Points({padding: 0.5, pane: "geoevents-points"});
        var dates = {filter: function (test) {  // show the events whose date position passes the test
            var changed = false;
            for (var e = 0; e < n; e++) {
                var show = test(dateOf[e]) ? 1 : 0;
                changed = changed || show !== shown[e];
                shown[e] = show;
            }
            regionShown.fill(0);
            for (var e = 0; e < n; e++) { regionShown[regionOf[e]] |= shown[e]; }
            [regions, points].forEach(function (layer) { if (changed && layer._map) { layer._redraw(); } });
        }};
        map._geoevents = {regions: regions, points: points, filters: [dates]};  // for map_time, tests
        return L.layerGroup([regions, points]);
    })();
    {% endmacro %}
""")
"""The script of the many-events layer: ``this.get_name()`` becomes a Leaflet layer group of the regions and the
points, so that folium's layer control can switch it. ``map._geoevents`` holds ``regions`` and ``points``, which
both tell ``count()`` (how many events are shown); ``regions.latLngs(i)`` gives the i-th region as
``L.Polygon.getLatLngs()`` would, ``points.latLng(i)`` its point and ``points.openPopup(i)`` opens its popup.
For :class:`geoevents.maps.timeline.TimeFilter`, ``map._geoevents.filters`` holds an object that filters both layers
by date (``items`` is empty)."""


class JsonData(Element):
    """A ``<script type="application/json" id=...>`` element whose text is written as it is, never compiled as a
    template. ``text`` must already be safe inside a script element (see :func:`encode_events`)."""

    def __init__(self, element_id: str, text: str) -> None:
        super().__init__()
        self._name = "JsonData"
        self.element_id = element_id
        self.text = text

    def render(self, **kwargs: object) -> str:
        return f'<script type="application/json" id="{self.element_id}">{self.text}</script>'


class _Text(Element):
    """Text already rendered, written as it is (as branca's ``Element(text)`` would render it, without compiling it
    as a template: less the one trailing newline Jinja drops)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text.removesuffix("\n")


class RenderedAsText(MacroElement):
    """A mixin for folium's map elements (``class X(folium.GeoJson, RenderedAsText)``): the header, html and
    script its template renders go into the page as text. branca's ``MacroElement.render`` compiles each as a
    Jinja template once more, which for the boundaries of a seed map (0.5 MB of GeoJSON) took a sixth of the
    map's drawing time, and would run a ``{{ ... }}`` in the data."""

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # as MacroElement.render: None
        figure: Any = self.get_root()  # a branca Figure
        for part, where in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                where.add_child(_Text(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


def _ints(values: np.ndarray) -> str:
    return "[" + ",".join(map(str, values.tolist())) + "]"


def _base64(values: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def encode_events(geometries: Sequence[shapely.Geometry], points: Sequence[shapely.Point],
                  lines: list[list[str]], *, palette: Sequence[str], colours: Sequence[int],
                  dates: Sequence[int] | None, alphas: Sequence[float] | None = None,
                  ringed: Sequence[int] = ()) -> str:
    """The JSON data of :data:`MANY_EVENTS_TEMPLATE`: regions simplified to ~50 m at 4 decimals (~10 m), points
    at 5 decimals (~1 m), each event's popup ``lines``, colour (index into ``palette``), date position and the
    fill opacity of its region (``alphas``, 0 to 1); the events whose point is drawn as a ring (``ringed``,
    region-wide events: :func:`geoevents.maps.style.region_wide`). The popup lines are stored once each: events
    share many (a dataset's name, a precision code's meaning, a derivation step).

    Coordinates are integers in base64: each ring's first vertex as 32 bits, the steps to the next vertices as
    one byte each, where -128 stands for the next 32-bit step of those that do not fit (in ``"cw"``). Text and
    base64 need no escaping for a ``<script>``; the popup lines go through
    :func:`geoevents.maps.text.script_json`.

    Examples
    --------
    >>> import base64, json
    >>> text = encode_events([shapely.box(30, 50, 30.01, 50.02)], [shapely.Point(30.005, 50.005)],
    ...                      [["A </script>"]], palette=["#E69F00"], colours=[0], dates=None)
    >>> data = json.loads(text)
    >>> data["p"], data["r"], data["v"], data["t"], data["lines"], "</" in text
    ([1], [1], [4], ['A </script>'], [[0]], False)
    >>> [np.frombuffer(base64.b64decode(data[k]), t).tolist() for k, t in (("s", "<i4"), ("c", "i1"),
    ...                                                                    ("cw", "<i4"), ("pc", "<i4"))]
    [[300100, 500000], [0, -128, -100, 0, 0, -128], [200, -200], [3000500, 5000500]]
    """
    quantum = 10**MANY_DECIMALS
    shapes = np.array(geometries, dtype=object)
    # events with the same area and colour (a dataset's rows coded to one oblast) share one region, drawn once:
    # stacked, a hundred faint copies would be one opaque one
    keys = [(wkb, c) for wkb, c in zip(shapely.to_wkb(shapes), np.broadcast_to(np.asarray(colours), len(shapes)),
                                       strict=True)] if len(shapes) else []
    first: dict[tuple[bytes, int], int] = {}
    region_of = np.array([first.setdefault(key, len(first)) for key in keys], dtype=np.int64)
    unique = np.unique(region_of, return_index=True)[1] if len(first) else np.array([], dtype=np.int64)
    shapes = shapes[unique]
    # Douglas-Peucker, 2-3 times faster than the topology-preserving variant; the display does not need valid
    # polygons, but keeps the original of any region the simplification would erase
    regions = shapely.simplify(shapes, MANY_SIMPLIFY_DEG, preserve_topology=False)
    erased = shapely.is_empty(regions) & ~shapely.is_empty(shapes)
    regions[erased] = shapes[erased]
    if (shapely.get_type_id(regions) == shapely.GeometryType.POLYGON).all():  # the common case, 5 times faster
        parts, part_of = regions, np.arange(len(regions))
    else:
        parts, part_of = shapely.get_parts(regions, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    counts = {"p": np.bincount(part_of, minlength=len(regions)), "r": np.bincount(ring_of, minlength=len(parts)),
              "v": shapely.get_num_coordinates(rings) - 1}  # the closing vertex of each ring is implied
    coords, index = shapely.get_coordinates(rings, return_index=True)
    last = np.r_[index[1:] != index[:-1], True]  # drop each ring's closing vertex
    coords, index = coords[~last], index[~last]
    q = np.round(coords * quantum).astype(np.int64)
    starts = np.r_[True, index[1:] != index[:-1]]
    steps = (q[1:] - q[:-1])[~starts[1:]].ravel()
    wide = np.abs(steps) > 127
    where = np.round(shapely.get_coordinates(np.array(points, dtype=object)) * 10**POINT_DECIMALS)
    fields = [f'"q":{quantum}', *(f'"{k}":{_ints(v)}' for k, v in counts.items()),
              f'"s":"{_base64(q[starts], "<i4")}"', f'"c":"{_base64(np.where(wide, -128, steps), "i1")}"',
              f'"cw":"{_base64(steps[wide], "<i4")}"',
              f'"pq":{10**POINT_DECIMALS}', f'"pc":"{_base64(where, "<i4")}"',
              f'"palette":{script_json(list(palette))}']
    if len(palette) > 1:
        fields.append(f'"k":{_ints(np.asarray(colours, dtype=np.int64))}')
    if dates is not None:
        fields.append(f'"d":{_ints(np.asarray(dates, dtype=np.int64))}')
    if len(first) < len(keys):
        fields.append(f'"g":{_ints(region_of)}')
    if alphas is not None:
        fields.append(f'"a":{_ints(np.round(np.asarray(alphas, dtype=float)[unique] * 100).astype(np.int64))}')
    if len(ringed):
        fields.append(f'"o":{_ints(np.asarray(ringed, dtype=np.int64))}')
    table: dict[str, int] = {}
    positions = [[table.setdefault(text, len(table)) for text in some] for some in lines]
    fields.append(f'"t":{script_json(list(table))}')
    fields.append(f'"lines":{script_json(positions)}')
    return "{" + ",".join(fields) + "}"
