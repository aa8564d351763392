"""Place labels drawn offline from the embedded data: countries, regions (oblasts) and towns, each shown from the zoom
its size earns and hidden where it would overlap a more important label.

Without tiles, the boundaries are the whole basemap, and a reader cannot tell where Sudzha or Sumy is unless the map
says so. The labels come from the same embedded data as the rest of the map (boundary units for countries and
regions, the GeoNames gazetteer for towns), so a self-contained map has them too.

Which labels show is decided in the page, at every zoom and move, by :data:`LABELS_TEMPLATE`: labels are tried in
rank order (countries, then regions, then towns by population) and one that would overlap a label already placed is
hidden, as is one under a control box (the title, the legend). Zoom thresholds (:data:`TOWN_ZOOMS`) keep the page
from measuring thousands of labels at a small scale. Labels are plain text set with ``textContent``, in a pane above
the event areas that takes no clicks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from jinja2 import Template
from shapely.ops import polylabel

from geoevents.maps.text import script_json
from geoevents.model import Place
from geoevents.places.boundaries import Boundaries

__all__ = ["LABELS_TEMPLATE", "TOWN_ZOOMS", "Label", "encode_labels", "place_labels", "town_min_zoom"]

TOWN_ZOOMS: tuple[tuple[int, int], ...] = ((1_000_000, 5), (300_000, 6), (100_000, 7), (30_000, 8), (10_000, 9),
                                           (3_000, 10), (1_000, 11))
"""(population at least, first zoom shown) for towns, largest first; smaller places show from zoom 12."""
_SMALLEST_TOWN_ZOOM = 12
_COUNTRY_ZOOMS = (3, 10)  # country names: from the whole continent to a district or two on the screen
_REGION_ZOOMS = (6, 12)  # region names: from a few oblasts on the screen to a district
_LABEL_SIMPLIFY_DEG = 0.02  # ~2 km: where a region's label goes does not need its exact outline (Douglas-Peucker,
# 2-3 times faster than the topology-preserving variant; the result is made valid where it is used)
_SPOT_CELL_DEG = 0.25  # countries and regions get a spot for their label in each such cell they fill enough of
_SPOT_MIN_SHARE = 0.25  # of the cell's area

COUNTRY_NAMES = {"BY": "Belarus", "RU": "Russia", "UA": "Ukraine"}
"""English names of the countries whose regions the embedded data holds; other countries are units named in the
data themselves."""


@dataclass(frozen=True, slots=True)
class Label:
    """One label: where (``lat``, ``lon``), the text, its kind (``"country"``, ``"region"`` or ``"town"``) and the
    zooms it may show at (``min_zoom`` to ``max_zoom``, inclusive). A country or region also has ``spots``, other
    (lat, lon) inside it where the label may go when its middle is off the screen: zoomed in on a border town,
    the reader still sees which country and oblast are which."""

    lat: float
    lon: float
    text: str
    kind: str
    min_zoom: int
    max_zoom: int = 18
    spots: tuple[tuple[float, float], ...] = ()


def town_min_zoom(population: int) -> int:
    """The first zoom a town of ``population`` is labelled at (see :data:`TOWN_ZOOMS`).

    Examples
    --------
    >>> town_min_zoom(1_100_000), town_min_zoom(5_600), town_min_zoom(0)
    (5, 10, 12)
    """
    return next((zoom for least, zoom in TOWN_ZOOMS if population >= least), _SMALLEST_TOWN_ZOOM)


def place_labels(boundaries: Boundaries, window: shapely.Geometry, places: Iterable[Place] = ()) -> list[Label]:
    """The labels of the countries, regions and ``places`` (towns) inside ``window``, most important first.

    A country's label goes to the middle of its part of the window, a region's to the middle of the region (its
    pole of inaccessibility, so that it falls inside even a crescent-shaped unit), a town's to the town.

    Examples
    --------
    >>> from geoevents.places.boundaries import embedded_boundaries
    >>> labels = place_labels(embedded_boundaries(), shapely.box(34.5, 51.0, 36.5, 52.0),
    ...                       [Place("1", "Sudzha", 35.27, 51.19, "RU", "RU-KRS", 5_600)])
    >>> [(label.text, label.kind) for label in labels if label.text in ("Russia", "Kursk", "Sudzha")]
    [('Russia', 'country'), ('Kursk', 'region'), ('Sudzha', 'town')]
    """
    units = [i for i in boundaries.units_in(window) if boundaries.units[i]["kind"] in ("region", "country")]
    labels: list[Label] = []
    clipped: dict[str, list[shapely.Geometry]] = {}
    for i in units:
        unit = boundaries.units[i]
        piece = shapely.clip_by_rect(boundaries.geometries[i], *window.bounds)
        if not piece.is_empty:
            clipped.setdefault(unit["country"], []).append(piece)
    for code, pieces in sorted(clipped.items()):
        name = COUNTRY_NAMES.get(code) or next(
            (str(boundaries.units[i]["name"]) for i in units
             if boundaries.units[i]["kind"] == "country" and boundaries.units[i]["country"] == code), code)
        area = shapely.union_all(pieces)
        where = _middle(area)
        if where is not None:
            labels.append(Label(where.y, where.x, name, "country", *_COUNTRY_ZOOMS, spots=_spots(area)))
    regions = [i for i in units if boundaries.units[i]["kind"] == "region"]
    regions.sort(key=lambda i: -shapely.area(boundaries.geometries[i]))  # the larger regions first
    for i in regions:
        where = _middle(boundaries.geometries[i])
        if where is not None:
            piece = shapely.clip_by_rect(boundaries.geometries[i], *window.bounds)
            labels.append(Label(where.y, where.x, str(boundaries.units[i]["name"]), "region", *_REGION_ZOOMS,
                                spots=_spots(piece)))
    x0, y0, x1, y1 = window.bounds
    towns = [p for p in places if x0 <= p.lon <= x1 and y0 <= p.lat <= y1]
    towns.sort(key=lambda p: (-p.population, p.name))
    labels += [Label(p.lat, p.lon, p.name, "town", town_min_zoom(p.population)) for p in towns]
    return labels


def _spots(area: shapely.Geometry) -> tuple[tuple[float, float], ...]:
    """(lat, lon) well inside ``area`` in each cell of a :data:`_SPOT_CELL_DEG` grid that it fills at least
    :data:`_SPOT_MIN_SHARE` of: the middle of a cell it covers, a point inside its part of a cell it crosses."""
    if area.is_empty:
        return ()
    x0, y0, x1, y1 = (np.array(area.bounds) / _SPOT_CELL_DEG).tolist()
    i, j = np.meshgrid(np.arange(np.floor(x0), np.ceil(x1)), np.arange(np.floor(y0), np.ceil(y1)), indexing="ij")
    cells = shapely.box(i.ravel() * _SPOT_CELL_DEG, j.ravel() * _SPOT_CELL_DEG, (i.ravel() + 1) * _SPOT_CELL_DEG,
                        (j.ravel() + 1) * _SPOT_CELL_DEG)
    shape = shapely.make_valid(shapely.simplify(area, _LABEL_SIMPLIFY_DEG, preserve_topology=False))
    shapely.prepare(shape)
    covered = shapely.contains(shape, cells)  # most cells: no intersection to compute
    crossed = ~covered & shapely.intersects(shape, cells)
    pieces = shapely.intersection(shape, cells[crossed])
    pieces = pieces[shapely.area(pieces) >= _SPOT_CELL_DEG**2 * _SPOT_MIN_SHARE]
    xy = np.concatenate([shapely.get_coordinates(shapely.centroid(cells[covered])),
                         shapely.get_coordinates(shapely.point_on_surface(pieces))]).reshape(-1, 2)
    return tuple((round(float(y), 4), round(float(x), 4)) for x, y in xy)


def _middle(area: shapely.Geometry) -> shapely.Point | None:
    """A point well inside the largest part of ``area``, or None for an empty one."""
    parts = [g for g in shapely.get_parts(area) if g.geom_type == "Polygon" and not g.is_empty]
    if not parts:
        return None
    largest = max(parts, key=lambda g: g.area)
    simple = shapely.simplify(largest, _LABEL_SIMPLIFY_DEG, preserve_topology=False)
    if simple.is_empty or simple.geom_type != "Polygon" or not simple.is_valid:
        return shapely.point_on_surface(largest)
    point = polylabel(simple, tolerance=_LABEL_SIMPLIFY_DEG)
    return point if largest.contains(point) else shapely.point_on_surface(largest)


def encode_labels(labels: Sequence[Label]) -> str:
    """``labels`` as JSON that is safe inside a script element: ``[[lat, lon, text, kind, min zoom, max zoom,
    spots], ...]``, coordinates to 5 decimals (~1 m), spots as a flat list of lat, lon (none: empty).

    Examples
    --------
    >>> encode_labels([Label(51.191234, 35.271234, "Sudzha", "town", 10)])
    '[[51.19123,35.27123,"Sudzha","town",10,18,[]]]'
    """
    lat = np.round([label.lat for label in labels], 5).tolist()
    lon = np.round([label.lon for label in labels], 5).tolist()
    return script_json([[y, x, label.text, label.kind, label.min_zoom, label.max_zoom,
                         [c for spot in label.spots for c in spot]]
                        for y, x, label in zip(lat, lon, labels, strict=True)])


LABELS_TEMPLATE = Template("""
    {% macro header(this, kwargs) %}
    <style>
      .geoevents-label { position: absolute; white-space: nowrap; font: 12px/15px sans-serif; color: #222;
        text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff, 0 0 3px #fff; }
      .geoevents-label-town { padding-left: 7px; margin-top: -8px; }
      .geoevents-label-town::before { content: ""; position: absolute; left: -3px; top: 5px; width: 5px;
        height: 5px; border-radius: 50%; background: #333; box-shadow: 0 0 0 1px #fff; }
      .geoevents-label-region { font: 11px/15px sans-serif; color: #555; letter-spacing: 1.5px;
        text-transform: uppercase; }  /* spaced capitals, as atlases set areas: not read as the town of the name */
      .geoevents-label-country { font: bold 15px/18px sans-serif; color: #444; letter-spacing: 2px;
        text-transform: uppercase; }
    </style>
    {% endmacro %}
    {% macro script(this, kwargs) %}
    var {{ this.get_name() }} = (function () {
        var map = {{ this._parent.get_name() }};
        var data = JSON.parse(document.getElementById({{ this.data_id|tojson }}).textContent);
        var pane = map.getPane("geoevents-labels") || map.createPane("geoevents-labels");
        pane.style.zIndex = 460; pane.style.pointerEvents = "none";
        var Labels = L.Layer.extend({
            onAdd: function () {
                this._box = L.DomUtil.create("div", "geoevents-labels", pane);
                this._els = data.map(function (d) {
                    var el = L.DomUtil.create("div", "geoevents-label geoevents-label-" + d[3], this._box);
                    el.textContent = d[2]; el.style.display = "none";
                    return el;
                }, this);
                this._sizes = [];
                map.on("moveend viewreset resize", this._update, this);  // moveend follows every zoom too
                map.on("zoomstart", this._hide, this);
                this._update();
            },
            onRemove: function () {
                map.off("moveend viewreset resize", this._update, this);
                map.off("zoomstart", this._hide, this);
                L.DomUtil.remove(this._box);
            },
            _hide: function () { this._box.style.display = "none"; },
            // try the labels in rank order; one that would overlap a label already placed stays hidden. A country
            // or region whose middle is off the screen tries its other spots, nearest the middle of the screen first
            _update: function () {
                var zoom = map.getZoom(), size = map.getSize(), placed = [], shown = 0;
                function onScreen(p, margin) {
                    return p.x > -margin && p.y > -margin && p.x < size.x + margin && p.y < size.y + margin;
                }
                function free(box) {
                    for (var k = 0; k < placed.length; k++) {
                        var q = placed[k];
                        if (!(box[2] < q[0] || box[0] > q[2] || box[3] < q[1] || box[1] > q[3])) { return false; }
                    }
                    return true;
                }
                this._box.style.display = "";
                var frame = map.getContainer().getBoundingClientRect();  // no label under a control box
                map.getContainer().querySelectorAll(".leaflet-control").forEach(function (control) {
                    var r = control.getBoundingClientRect();
                    if (r.width > 0) {
                        placed.push([r.left - frame.left, r.top - frame.top, r.right - frame.left,
                                     r.bottom - frame.top]);
                    }
                });
                // first where each label may go, then every new label's size in one read (a read after each
                // write would lay the page out once per label), then the placing, which only writes
                var all = [], unsized = [];
                for (var i = 0; i < data.length; i++) {
                    var d = data[i], tries = [];
                    if (d[4] <= zoom && zoom <= d[5]) {
                        var c = map.latLngToContainerPoint([d[0], d[1]]);
                        if (onScreen(c, 20)) { tries.push([c, [d[0], d[1]]]); }
                        else if (d[6].length) {
                            for (var s = 0; s < d[6].length; s += 2) {
                                var q = map.latLngToContainerPoint([d[6][s], d[6][s + 1]]);
                                if (onScreen(q, -40)) { tries.push([q, [d[6][s], d[6][s + 1]]]); }
                            }
                            tries.sort(function (a, b) {
                                return Math.hypot(a[0].x - size.x / 2, a[0].y - size.y / 2)
                                    - Math.hypot(b[0].x - size.x / 2, b[0].y - size.y / 2);
                            });
                        }
                    }
                    all.push(tries);
                    if (tries.length && !this._sizes[i]) { unsized.push(i); this._els[i].style.display = ""; }
                }
                var sizes = unsized.map(function (i) { return [this._els[i].offsetWidth, this._els[i].offsetHeight]; },
                                        this);
                unsized.forEach(function (i, k) { this._sizes[i] = sizes[k]; }, this);
                for (var i = 0; i < data.length; i++) {
                    var d = data[i], el = this._els[i], tries = all[i], at = null;
                    for (var t = 0; t < tries.length && !at; t++) {
                        var w = this._sizes[i][0], h = this._sizes[i][1], p = tries[t][0];
                        var x0 = d[3] === "town" ? p.x - 4 : p.x - w / 2, y0 = p.y - h / 2;
                        var box = [x0 - 2, y0 - 1, x0 + w + 2, y0 + h + 1];
                        if (free(box)) { placed.push(box); at = tries[t][1]; }
                    }
                    if (!at) { el.style.display = "none"; el.removeAttribute("data-shown"); continue; }
                    shown++;
                    el.style.display = ""; el.setAttribute("data-shown", "1");
                    if (d[3] !== "town") {
                        el.style.marginLeft = (-this._sizes[i][0] / 2) + "px";
                        el.style.marginTop = (-this._sizes[i][1] / 2) + "px";
                    }
                    L.DomUtil.setPosition(el, map.latLngToLayerPoint(at));
                }
                this.shown = shown;  // for tests
            }
        });
        return new Labels();
    })();
    {% endmacro %}
""")
"""The script of the label layer: ``this.get_name()`` becomes a Leaflet layer, so that folium's layer control can
switch it; ``data_id`` names the JSON element of :func:`encode_labels`. Shown labels carry ``data-shown``."""
