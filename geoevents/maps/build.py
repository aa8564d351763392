"""Folium maps of events over the administrative boundaries. The only module of geoevents that imports folium.

It assembles the map from folium layers and from the folium-free pieces beside it: :mod:`geoevents.maps.text`
(escaping, popups), :mod:`geoevents.maps.style` (colours, legend), :mod:`geoevents.maps.timeline` (the date slider),
:mod:`geoevents.maps.canvas` (many events on a canvas) and :mod:`geoevents.maps.page` (the page as text).
Text from reports is untrusted: everything that reaches HTML or JavaScript is escaped on the way.

Examples
--------
>>> escape_text("<b>{{ title }}</b>")
'&lt;b&gt;&#123;&#123; title &#125;&#125;&lt;/b&gt;'
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from itertools import pairwise
from pathlib import Path

import folium
import numpy as np
import shapely
from folium.map import CustomPane, Layer

from geoevents import settings
from geoevents._files import atomic_write
from geoevents.errors import MapError, UnknownBorderError
from geoevents.geometry.geodesy import check_km, geodesic_buffer
from geoevents.io.geojson import geometry_to_geojson
from geoevents.maps.canvas import MANY_EVENTS_TEMPLATE, JsonData, RenderedAsText, encode_events
from geoevents.maps.controls import Controls
from geoevents.maps.labels import LABELS_TEMPLATE, encode_labels, place_labels
from geoevents.maps.layout import Frame, default_heading, heading_html
from geoevents.maps.page import finish_page
from geoevents.maps.png import screenshot
from geoevents.maps.style import Attribution, Colouring, Legend, area_style, colour_events, event_kinds, region_wide
from geoevents.maps.text import POPUP_OPTIONS, escape_text, popup_html, popup_lines
from geoevents.maps.timeline import TimeFilter, date_slots
from geoevents.model import BorderAnswer, Event
from geoevents.places.boundaries import Boundaries

__all__ = ["ATTRIBUTION", "build_map", "render_map", "save_map", "save_png"]

_REGION_FILLS = ("#e6f2e0", "#f2e6d9", "#e0ecf8", "#f8f0d8", "#eee0f2", "#dff2f0", "#f2dfe3")
"""Pale fills of the regions of up to seven countries, each its own (BY, RU, UA in the embedded data)."""

ATTRIBUTION = (
    'Boundaries: &copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL), '
    '<a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain); '
    'places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
)
_LIGHT_TILES = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
_LIGHT_ATTR = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
               '&copy; <a href="https://carto.com/attributions">CARTO</a>')
_DISPLAY_SIMPLIFY_DEG = 0.0005  # ~50 m: invisible at the zooms the boundaries are shown at, halves the HTML
_CONTEXT_PAD_DEG = 2.5  # how far around the events the boundaries are drawn (whole units, so no hard edge)
_MAX_FIT_ZOOM = 10
_MANY_FILL = 0.4  # many events' areas overlap: each is fainter, so that a dense cluster does not turn opaque at once
_PANES = (("geoevents-areas", 410, True), ("geoevents-border", 440, True), ("geoevents-points", 450, True))
"""Leaflet panes over the basemap's (400): event areas, then the border, which no area may hide, then the events'
points; place labels take 460 (see :mod:`geoevents.maps.labels`), above all of them, and take no clicks."""
# purples, from ColorBrewer's sequential "Purples": no hue of the events' palettes (Okabe-Ito has blues)
_BAND_COLOURS = ("#54278f", "#756bb1", "#9e9ac8", "#bcbddc", "#dadaeb")
_SYMBOL = "#666666"  # legend swatches of the event symbols, whatever their colours


class _GeoJson(folium.GeoJson, RenderedAsText):
    """folium's GeoJson layer, its script written into the page as rendered (see
    :class:`~geoevents.maps.canvas.RenderedAsText`)."""


def build_map(events: list[Event], boundaries: Boundaries, *, answers: list[BorderAnswer] | None = None,
              border: str = settings.DEFAULT_BORDER, tiles: bool = False, bands_km: tuple[float, ...] = (),
              controls: bool = True, many: int = 200, color_by: str | None = None,
              categories: Mapping[str, str] | None = None, time_slider: bool = True, title: str | None = None,
              subtitle: str | None = None, source: str | None = None, labels: bool = True) -> folium.Map:
    """A folium map of the located ``events`` over the regions and the ``border``, with popups and a legend.

    Parameters
    ----------
    events
        The events; those without a location are left out.
    boundaries
        Regions and countries drawn around the events, and the border.
    answers
        Near-border answers, shown in the popups.
    border
        The border drawn in black, e.g. ``"RU-UA"``.
    tiles
        Add two online tile layers (a light basemap, OpenStreetMap): the page then needs the network to show them.
        Without them (the default) the boundaries are the basemap and the map works offline.
    bands_km
        Distance bands drawn along the border, e.g. ``(5, 10, 25)``.
    controls
        Add fullscreen and geodesic measure controls (:mod:`geoevents.maps.controls`: our own code, so self-contained
        maps have them too).
    many
        Above this many events, their regions and points are drawn on canvases straight from compact data (see
        :mod:`geoevents.maps.canvas`), with short plain-text popups, as one "Events" layer of the layer control;
        at or below it each event has its own folium layers, tooltips and full popup.
    color_by
        ``"type"``: one colour per category (from ``categories``, else the events' ``event_type``); ``"date"``:
        a sequential ramp over the dates, undated events grey; ``None``: by category when the events have any,
        else one colour per event for up to seven events and one for all above. The palettes are
        colour-blind-friendly (see :mod:`geoevents.maps.style`); the legend lists the categories, the events or
        the date range.
    categories
        Event id -> category (an event type such as ``"shelling"``), shown in the popups; the categories for
        ``color_by="type"``. Events missing from it fall back to their ``event_type``, if the model has one.
    time_slider
        When the events have at least two distinct dates, add a slider over the dates that shows the events up to
        the chosen date (or on that date only). It is an inline script, so it works in self-contained maps, and
        it filters the canvas layer of many events too. Undated events are always shown.
    title, subtitle, source
        The title box: by default the event's title (or how many events), the dates they span, and the sources
        most cited (:func:`geoevents.maps.layout.default_heading`); ``""`` leaves a part out.
    labels
        Label countries, regions and towns from the embedded data (see :mod:`geoevents.maps.labels`).

    Raises
    ------
    GeoEventsError
        For a ``color_by`` other than the above, or a distance band that is not a positive number.
    """
    located = [e for e in events if e.location is not None]
    kinds = event_kinds(located, categories)
    colouring = colour_events(located, color_by=color_by, kinds=kinds)
    if located:
        # the view and the basemap fit the events, not a suspect row's point in another country (its flags say so)
        framed = [e for e in located if not e.flags] or located
        x0, y0, x1, y1 = shapely.total_bounds(
            np.array([e.location.geometry for e in framed if e.location is not None], dtype=object))
    else:  # nothing to show yet: the border the map is about, else the whole coverage
        try:
            x0, y0, x1, y1 = shapely.bounds(boundaries.border(border))
        except UnknownBorderError:
            x0, y0, x1, y1 = boundaries.bounds
    m = folium.Map(location=[(y0 + y1) / 2, (x0 + x1) / 2], zoom_start=9, tiles=None, control_scale=True,
                   prefer_canvas=len(located) > many)
    for pane, z_index, clicks in _PANES:
        CustomPane(pane, z_index=z_index, pointer_events=clicks).add_to(m)
    if tiles:
        folium.TileLayer(_LIGHT_TILES, attr=_LIGHT_ATTR, name="Light basemap (CARTO)", max_zoom=19).add_to(m)
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    window = shapely.box(x0 - _CONTEXT_PAD_DEG, y0 - _CONTEXT_PAD_DEG, x1 + _CONTEXT_PAD_DEG, y1 + _CONTEXT_PAD_DEG)
    _add_boundaries(m, boundaries, window)
    if labels:
        from geoevents.places.gazetteer import embedded_places

        _Labels(encode_labels(place_labels(boundaries, window, embedded_places(window.bounds)))).add_to(m)
    try:
        line = shapely.clip_by_rect(boundaries.border(border), *window.bounds)
    except UnknownBorderError:  # e.g. a border spec that does not apply to this theatre: draw the rest
        line = None
    if line is not None and not line.is_empty:
        if bands_km:
            _add_bands(m, line, border, sorted(set(bands_km)))
        _GeoJson(geometry_to_geojson(line, decimals=5), name=f"{escape_text(border)} border",
                       style_function=lambda _: {"color": "#000000", "weight": 3, "opacity": 0.9},
                       tooltip=escape_text(f"{border} border"), pane="geoevents-border").add_to(m)
    by_id = {a.event_id: a for a in answers or []}
    dates, slots = date_slots([e.date for e in located])
    slider = time_slider and len(dates) >= 2
    kind_of = kinds or [""] * len(located)
    if len(located) > many:
        _add_many_events(m, located, by_id, colouring, kind_of, slots if slider else None)
        items, filters = "[]", f"{m.get_name()}._geoevents.filters"
    else:
        items, filters = _add_events(m, located, by_id, colouring, kind_of, slots), "[]"
    if slider:
        TimeFilter(dates, items, filters, undated=-1 in slots).add_to(m)
    wide = [region_wide(e.location.area_km2) for e in located if e.location is not None]
    symbols = [(_SYMBOL, "possible location (dashed; the larger, the fainter)", "dashed")]
    if not all(wide):
        symbols.append((_SYMBOL, "centre of that area (not an exact spot)", "point"))
    if any(wide):
        symbols.append((_SYMBOL, "centre of a region-wide event (anywhere in the region)", "ring"))
    symbols += [("#000000", f"{border_name(border)} border", "line"), ("#555555", "oblast boundaries", "thin")]
    edges = [0.0, *sorted(set(bands_km))]
    symbols += [(_BAND_COLOURS[min(i, len(_BAND_COLOURS) - 1)], f"{lo:g}-{hi:g} km from the border", "fill")
                for i, (lo, hi) in enumerate(pairwise(edges))]
    Legend(colouring, symbols).add_to(m)
    view = (f"borders as claimed by {boundaries.point_of_view}" if boundaries.point_of_view
            else "internationally recognised borders")
    Attribution(f"{ATTRIBUTION}; {escape_text(view)}").add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if controls:
        Controls().add_to(m)
    heading = default_heading(located or events)
    # the view: the events, no closer than zoom 10 (about 130 km across a wide screen: a reader needs the towns
    # around an event), clear of the title and legend boxes where they span the map
    Frame(heading_html(*(given if given is not None else default
                         for given, default in zip((title, subtitle, source), heading, strict=True))),
          bounds=[[y0, x0], [y1, x1]] if located else None, max_zoom=_MAX_FIT_ZOOM).add_to(m)
    return m


def _add_events(m: folium.Map, located: list[Event], by_id: dict[str, BorderAnswer], colouring: Colouring,
                kinds: list[str], slots: list[int]) -> str:
    """Each event as its own layers: the region with a full popup and tooltip, the point likewise. The largest
    regions are drawn first and faintest (:func:`geoevents.maps.style.area_style`), so that none hides a smaller
    one, and an area already filled in the same colour is only outlined again. Returns the ``[layer, group, date
    position]`` array of the time filter, as JavaScript."""
    events_layer = folium.FeatureGroup(name="Events").add_to(m)
    items = []
    order = sorted(range(len(located)), key=lambda i: -located[i].location.area_km2)  # type: ignore[union-attr]
    drawn: set[tuple[bytes, str]] = set()  # areas filled already, in their colour
    for i in order:
        event = located[i]
        assert event.location is not None  # located holds only events with a location
        colour = colouring.colour(i)
        opacity, weight = area_style(event.location.area_km2)
        key = (shapely.to_wkb(event.location.geometry), colour)
        if key in drawn:  # the same area in the same colour (rows coded to one oblast): filled once, not stacked
            opacity = 0.0
        drawn.add(key)
        popup = popup_html(event, by_id.get(event.id), kinds[i])
        region = _GeoJson(geometry_to_geojson(event.location.geometry, decimals=5),
                                style_function=lambda _, c=colour, o=opacity, w=weight: {
                                    "color": c, "weight": w, "dashArray": "5 4", "fillColor": c, "fillOpacity": o},
                                tooltip=escape_text(event.title), pane="geoevents-areas",
                                # folium annotates popup as GeoJsonPopup, but GeoJson takes any Popup
                                popup=_popup(popup)).add_to(events_layer)  # type: ignore[arg-type]
        pt = event.location.point
        ring = region_wide(event.location.area_km2)  # the point of an oblast-wide event marks no spot: a ring
        where = "somewhere in the region" if ring else "centre of the area"
        point = folium.CircleMarker([pt.y, pt.x], radius=5, color=colour if ring else "#ffffff",
                                    weight=2 if ring else 1.5, fill=True, fill_color="#ffffff" if ring else colour,
                                    fill_opacity=1.0, tooltip=escape_text(f"{event.title} ({where})"),
                                    popup=_popup(popup))
        point.options["pane"] = "geoevents-points"  # folium's CircleMarker takes no pane; Leaflet's does
        point.add_to(events_layer)
        items += [f"[{layer.get_name()},{events_layer.get_name()},{slots[i]}]" for layer in (region, point)]
    return "[" + ",".join(items) + "]"


def _popup(html: str) -> folium.Popup:
    """A popup of ``html`` with :data:`geoevents.maps.text.POPUP_OPTIONS`."""
    options = {k: v for k, v in POPUP_OPTIONS.items() if k != "maxWidth"}
    return folium.Popup(html, max_width=POPUP_OPTIONS["maxWidth"], **options)  # type: ignore[arg-type]


class _DataLayer(Layer):
    """A layer of the layer control whose script reads its data from a JSON element (:class:`JsonData`) that
    bypasses branca's second Jinja pass; subclasses give the template and the layer's name."""

    def __init__(self, data: str, name: str, kind: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = kind
        self.data = data
        self.popup_options = POPUP_OPTIONS

    @property
    def data_id(self) -> str:
        return f"{self.get_name()}_data"

    # MacroElement.render returns None; branca declares str only for Element.render, which it overrides
    def render(self, **kwargs: object) -> None:  # type: ignore[override]
        root = self.get_root()
        assert isinstance(root, folium.Figure)  # the map's figure, as in folium's own render methods
        root.html.add_child(JsonData(self.data_id, self.data), name=self.data_id)
        super().render(**kwargs)


class _Labels(_DataLayer):
    """Place labels, drawn by :data:`geoevents.maps.labels.LABELS_TEMPLATE`."""

    _template = LABELS_TEMPLATE

    def __init__(self, data: str) -> None:
        super().__init__(data, "Place labels", "Labels")


class _ManyEvents(_DataLayer):
    """Many events, drawn by :data:`geoevents.maps.canvas.MANY_EVENTS_TEMPLATE`."""

    _template = MANY_EVENTS_TEMPLATE

    def __init__(self, data: str) -> None:
        super().__init__(data, "Events", "ManyEvents")


def _add_many_events(m: folium.Map, located: list[Event], by_id: dict[str, BorderAnswer], colouring: Colouring,
                     kinds: list[str], slots: list[int] | None) -> None:
    """Many events as compact data drawn on canvas, points with a plain-text popup of the same content as the
    full one (:func:`geoevents.maps.text.popup_lines`). Per-event folium layers would make the page crawl."""
    data = encode_events([e.location.geometry for e in located if e.location is not None],
                         [e.location.point for e in located if e.location is not None],
                         [popup_lines(e, by_id.get(e.id), kinds[i]) for i, e in enumerate(located)],
                         palette=colouring.palette, colours=colouring.index, dates=slots,
                         alphas=[area_style(e.location.area_km2)[0] * _MANY_FILL for e in located
                                 if e.location is not None],
                         ringed=[i for i, e in enumerate(located)
                                if e.location is not None and region_wide(e.location.area_km2)])
    _ManyEvents(data).add_to(m)


def border_name(spec: str) -> str:
    """A border spec as a reader says it: "RU-UA" -> "Russia-Ukraine" (with an en dash), "UA" -> "Ukraine's";
    others (two regions, "Kursk/Sumy") as given.

    Examples
    --------
    >>> border_name("RU-UA"), border_name("UA"), border_name("Kursk/Sumy")
    ('Russia\u2013Ukraine', "Ukraine's", 'Kursk/Sumy')
    """
    from geoevents.places.names import COUNTRY_NAMES

    codes = spec.upper().split("-")
    if all(c in COUNTRY_NAMES for c in codes):
        names = [COUNTRY_NAMES[c][0] for c in codes]
        return "\u2013".join(names) if len(names) > 1 else f"{names[0]}'s"
    return spec


def _add_bands(m: folium.Map, line: shapely.Geometry, border: str, bands_km: list[float]) -> None:
    """Rings of distance from the border: 0-5 km, 5-10 km, ... each a geodesic buffer minus the previous one."""
    layer = folium.FeatureGroup(name=f"Distance from the {escape_text(border)} border", show=True).add_to(m)
    inner, previous = shapely.Polygon(), 0.0
    for i, km in enumerate(bands_km):
        km = check_km(km, field="distance band")
        outer = geodesic_buffer(line, km * 1000)
        ring = shapely.difference(outer, inner)
        colour = _BAND_COLOURS[min(i, len(_BAND_COLOURS) - 1)]
        _GeoJson(geometry_to_geojson(shapely.simplify(ring, 0.0002), decimals=5),
                       style_function=lambda _, c=colour: {"color": c, "weight": 0.5, "fillColor": c,
                                                           "fillOpacity": 0.12},
                       tooltip=f"{previous:g}-{km:g} km from the {escape_text(border)} border").add_to(layer)
        inner, previous = outer, km


def _add_boundaries(m: folium.Map, boundaries: Boundaries, window: shapely.Geometry) -> None:
    """The regions and neighbouring countries that reach into ``window``, whole (a basemap cut by a rectangle
    looks like a broken map), simplified together so shared edges stay shared."""
    idx = boundaries.units_in(window)
    whole = np.array([boundaries.geometries[i] for i in idx], dtype=object)
    keep = [k for k, g in enumerate(whole) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    shapes = shapely.coverage_simplify(whole[keep], _DISPLAY_SIMPLIFY_DEG) if keep else []
    countries: list[Mapping[str, object]] = []
    regions: list[Mapping[str, object]] = []
    for k, shape in zip(keep, shapes, strict=True):
        unit = boundaries.units[idx[k]]
        claim = f" (claimed by {unit['claimed_by']})" if unit.get("claimed_by") else ""
        feature = {"type": "Feature", "geometry": geometry_to_geojson(shape, decimals=5),
                   # every value from the boundary file is escaped: branca compiles the rendered page as a Jinja
                   # template again, so a raw "{{ ... }}" in a name or country would run
                   "properties": {"name": escape_text(str(unit.get("name", "")) + claim),
                                  "country": escape_text(unit["country"]),
                                  "code": escape_text(unit.get("iso_3166_2") or unit["country"])}}
        (regions if unit["kind"] == "region" else countries).append(feature)
    # one pale fill per country that has regions in the data (in code order, so a country keeps its fill on every
    # map of the same data), grey for the rest
    fills = dict(zip(sorted({escape_text(u["country"]) for u in boundaries.units if u.get("kind") == "region"}),
                     _REGION_FILLS, strict=False))
    for name, features in (("Regions", regions), ("Neighbouring countries", countries)):
        if not features:
            continue
        _GeoJson(
            {"type": "FeatureCollection", "features": features}, name=name,
            style_function=lambda f: {"color": "#555555", "weight": 1,
                                      "fillColor": fills.get(f["properties"]["country"], "#eeeeee"),
                                      "fillOpacity": 0.35},
            highlight_function=lambda _: {"weight": 2.5},
            tooltip=folium.GeoJsonTooltip(fields=["name", "code"], aliases=["", ""], labels=False),
        ).add_to(m)


def render_map(m: folium.Map, *, self_contained: bool | None = None) -> str:
    """The HTML of ``m``.

    By default Leaflet, jQuery and their CSS and images are inlined and folium's other CDN assets (Bootstrap, Font
    Awesome, marker icons, which these maps do not use) are left out, so the page loads nothing from a CDN, and a
    map without tile layers (``build_map(tiles=False)``, the default) makes no network request at all.
    ``self_contained=True`` insists on that: a map with tile layers is an error. ``self_contained=False`` links
    folium's CDN copies instead (a smaller page that needs the network, and tells the CDNs who reads it).

    Raises
    ------
    GeoEventsError
        If ``self_contained`` and the map has tile layers (tiles always come from the network), or the page needs a
        file that has no offline copy (see :func:`geoevents.maps.page.finish_page`).
    """
    if self_contained and any(isinstance(child, folium.TileLayer) for child in m._children.values()):
        raise MapError("a self-contained map cannot have tile layers (tiles come from the network); "
                       "build it with tiles=False")
    page = m.get_root().render()
    if self_contained is False:
        return finish_page(page)
    return finish_page(page, js={url: name for name, url in m.default_js},
                       css={url: name for name, url in m.default_css})


def save_map(m: folium.Map, path: str | Path, *, self_contained: bool | None = None) -> Path:
    """Render ``m`` and write it to ``path`` atomically (see :func:`render_map`)."""
    return atomic_write(path, render_map(m, self_contained=self_contained))


def save_png(m: folium.Map, path: str | Path, *, size: tuple[int, int] = (1400, 900)) -> Path:
    """``m`` as a static PNG of ``size`` (width, height in pixels), drawn by headless Chromium from the
    self-contained page, written to ``path`` atomically (see :func:`geoevents.maps.png.screenshot`).

    Raises
    ------
    GeoEventsError
        When the map has tile layers (a picture is drawn offline), or Chromium is missing or fails.
    """
    with tempfile.TemporaryDirectory(prefix="geoevents-map-") as tmp:
        page = Path(tmp) / "map.html"  # a scratch file: written at once, not with the command's other outputs
        page.write_text(render_map(m, self_contained=True), encoding="utf-8")
        return screenshot(page, path, size=size)
