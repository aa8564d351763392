"""A map a newsroom could publish: place labels, a title, faint large areas, the border on top, a layout that holds
at three screen sizes, a measure tool that works over events, full popups in both modes. The browser tests run in
Debian's Chromium with every network request blocked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import re

import pytest
import shapely
from pyproj import Geod

import geoevents
from geoevents.cli import main
from geoevents.maps import build_map, render_map, save_map
from geoevents.maps.canvas import encode_events
from geoevents.maps.labels import place_labels, town_min_zoom
from geoevents.maps.layout import default_heading, heading_html
from geoevents.maps.style import area_style
from geoevents.places.gazetteer import embedded_places
from map_pages import PAYLOADS, acled_style_csv, offline_page

SIZES = ((1400, 900), (700, 500), (400, 800))
SUDZHA = (51.1905, 35.2709)  # lat, lon


# --- without a browser -----------------------------------------------------------------------------------------
def test_labels_name_countries_regions_and_towns_from_the_embedded_data(boundaries):
    labels = place_labels(boundaries, shapely.box(34.0, 50.5, 36.5, 52.0), embedded_places())
    kinds = {(label.text, label.kind) for label in labels}
    assert {("Russia", "country"), ("Ukraine", "country"), ("Kursk", "region"), ("Sumy", "region"),
            ("Kursk", "town"), ("Sudzha", "town")} <= kinds
    ranks = [("country", "region", "town").index(label.kind) for label in labels]
    assert ranks == sorted(ranks)  # countries, then regions, then towns
    towns = [label for label in labels if label.kind == "town"]
    assert towns[0].text == "Kursk" and towns[0].min_zoom < next(t for t in towns if t.text == "Sudzha").min_zoom
    for label in labels:  # every label and every spot is inside what it names
        if label.kind == "region":
            area = boundaries.region(label.text)
            assert all(area.contains(shapely.Point(x, y)) for y, x in [(label.lat, label.lon), *label.spots])
    assert len(next(label for label in labels if label.text == "Russia").spots) > 5


def test_towns_show_from_a_zoom_that_falls_with_population():
    zooms = [town_min_zoom(p) for p in (5_000_000, 400_000, 50_000, 5_000, 600, 0)]
    assert zooms == sorted(zooms) and zooms[0] < zooms[-1]


def test_large_areas_are_fainter_than_small_ones():
    opacities = [area_style(a)[0] for a in (1, 50, 500, 5_000, 50_000)]
    assert opacities == sorted(opacities, reverse=True) and opacities[0] > 5 * opacities[-1]
    assert opacities[-1] > 0  # an oblast-sized area still shows as a faint wash, not nothing


def test_the_heading_defaults_from_the_events_and_escapes_report_text(seed):
    title, subtitle, source = default_heading([seed])
    assert title == seed.title and subtitle == "15 October 2024" and source == "Source: Ukrainska Pravda"
    later = dataclasses.replace(seed, id="b", date=dt.date(2024, 11, 4))
    assert default_heading([seed, later])[:2] == ("2 events", "15 October 2024 to 4 November 2024")
    html = heading_html(PAYLOADS[0], PAYLOADS[1], "")
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_the_title_options_replace_or_drop_the_default(seed, boundaries):
    page = render_map(build_map([seed], boundaries, title="Desertions near Kursk", subtitle="", source="Source: X"))
    assert ">Desertions near Kursk</h1>" in page and 'class="geoevents-subtitle"' not in page
    assert ">Source: X<" in page
    assert 'class="geoevents-title-text"' not in render_map(build_map([seed], boundaries, title="", subtitle="",
                                                                        source=""))


def test_events_coded_to_the_same_region_share_one_drawn_area():
    oblast, circle = shapely.box(34, 51, 36, 52), shapely.Point(35, 51.5).buffer(0.1)
    data = json.loads(encode_events([oblast, circle, oblast, oblast], [shapely.Point(35, 51.5)] * 4,
                                    [["a"], ["b"], ["c"], ["d"]], palette=["#E69F00"], colours=[0, 0, 0, 0],
                                    dates=None, alphas=[0.03, 0.2, 0.03, 0.03]))
    assert data["g"] == [0, 1, 0, 0] and len(data["p"]) == 2 and data["a"] == [3, 20]
    other = json.loads(encode_events([oblast, oblast], [shapely.Point(35, 51.5)] * 2, [["a"], ["b"]],
                                     palette=["#E69F00", "#56B4E9"], colours=[0, 1], dates=None))
    assert "g" not in other and len(other["p"]) == 2  # another colour is another drawing


def test_few_events_coded_to_one_oblast_fill_it_once(seed, boundaries):
    kursk = boundaries.region("Kursk")
    oblast = dataclasses.replace(seed.location, geometry=kursk, area_km2=30_000.0)
    events = [dataclasses.replace(seed, id=f"k{i}", location=oblast) for i in range(3)]
    page = render_map(build_map(events, boundaries, labels=False))
    fills = re.findall(r'"fillOpacity": ([0-9.]+)', page)
    assert sorted(fills).count("0.0") == 2 and fills.count(str(area_style(30_000.0)[0])) == 1


# --- in the browser ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_map(tmp_path_factory):
    """The map of the README's quick start (``geoevents run``)."""
    out = tmp_path_factory.mktemp("run")
    assert main(["-q", "run", "-o", str(out)]) == 0
    return out / "seed.html"


@pytest.fixture(scope="module")
def acled_map(tmp_path_factory):
    """1,000 ACLED-style events, 17 % of them coded to a whole oblast, mapped by the command line."""
    out = tmp_path_factory.mktemp("acled")
    table = acled_style_csv(out / "acled.csv")
    assert main(["-q", "map", str(table), "--bands", "5,10", "-o", str(out / "m.html")]) == 0
    return out / "m.html"


def _boxes(page):
    """The rectangles of the visible control boxes (title, zoom, buttons, layers, legend, slider, scale,
    attribution)."""
    return page.evaluate("""() => [...document.querySelectorAll('.leaflet-control')].map(el => {
        const r = el.getBoundingClientRect();
        return {name: el.className.split(' ').filter(c => c !== 'leaflet-control').join(' '),
                box: [r.left, r.top, r.right, r.bottom]};
    }).filter(c => c.box[2] > c.box[0] && c.box[3] > c.box[1])""")


@pytest.mark.parametrize("which", ["seed_map", "acled_map"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_control_box_overlaps_another_at_the_three_sizes(which, size, request):
    with offline_page(request.getfixturevalue(which), viewport=size) as (page, log):
        boxes = _boxes(page)
        assert not log["failed"] and not log["errors"] and not log["external"], log
    names = " ".join(b["name"] for b in boxes)
    for needed in ("geoevents-title", "leaflet-control-zoom", "geoevents-control", "leaflet-control-layers",
                   "geoevents-legend", "leaflet-control-attribution", "leaflet-control-scale"):
        assert needed in names
    width, height = size
    for b in boxes:
        x0, y0, x1, y1 = b["box"]
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, b  # inside the map
    for a, b in itertools.combinations(boxes, 2):
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
        assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)


def test_town_labels_are_drawn_and_visible_at_the_seed_view(seed_map):
    with offline_page(seed_map, viewport=SIZES[0]) as (page, log):
        shown = page.evaluate("""() => [...document.querySelectorAll('.geoevents-label[data-shown]')].map(el => {
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            return {text: el.textContent, kind: el.className, drawn: s.display !== 'none'
                    && s.visibility !== 'hidden' && r.width > 0 && r.height > 0,
                    inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight};
        })""")
        panes = page.evaluate("""() => ['geoevents-labels', 'geoevents-areas', 'geoevents-points'].map(name => {
            const s = getComputedStyle(map_1.getPane(name)); return [+s.zIndex, s.pointerEvents]; })""")
    towns = [s for s in shown if "town" in s["kind"] and s["inside"]]
    assert len(towns) >= 5 and all(s["drawn"] for s in shown)
    assert {"Russia", "Ukraine", "Kursk", "Sumy"} <= {s["text"] for s in shown}
    (labels, labels_clicks), (areas, _), (points, _) = panes
    assert labels > points > areas and labels_clicks == "none"  # over the events, and never in a click's way


def test_labels_never_overlap_each_other(acled_map):
    with offline_page(acled_map, viewport=SIZES[0]) as (page, _):
        for zoom in (7, 9, 11):
            page.evaluate(f"void map_1.setView([{SUDZHA[0]}, {SUDZHA[1]}], {zoom}, {{animate: false}})")
            page.wait_for_timeout(200)
            rects = page.evaluate("""() => [...document.querySelectorAll('.geoevents-label[data-shown]')]
                .map(el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
            assert len(rects) >= 5
            for (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) in itertools.combinations(rects, 2):
                assert ax1 <= bx0 + 1 or bx1 <= ax0 + 1 or ay1 <= by0 + 1 or by1 <= ay0 + 1


def test_the_border_stays_visible_zoomed_on_a_town_inside_a_region_level_event(acled_map, boundaries, tmp_path):
    """Zoomed on Sudzha, which the oblast-wide events cover, the border's pixels are still dark. In the first
    round's rendering an opaque orange wash hid them."""
    line = shapely.clip_by_rect(boundaries.border("RU-UA"), SUDZHA[1] - 0.15, SUDZHA[0] - 0.07,
                                SUDZHA[1] + 0.15, SUDZHA[0] + 0.07)
    samples = shapely.line_interpolate_point(line, [0.2, 0.35, 0.5, 0.65, 0.8], normalized=True)
    with offline_page(acled_map, viewport=(1200, 800)) as (page, _):
        page.evaluate(f"void map_1.setView([{SUDZHA[0]}, {SUDZHA[1]}], 12, {{animate: false}})")
        page.wait_for_timeout(300)
        covered = page.evaluate(f"""() => {{ const g = map_1._geoevents, at = L.latLng({SUDZHA[0]}, {SUDZHA[1]});
            return Array.from({{length: g.points.count()}}, (_, e) => e).some(e => L.polygon(g.regions.latLngs(e))
                .getBounds().contains(at) && L.polygon(g.regions.latLngs(e)).getBounds().getNorth()
                - L.polygon(g.regions.latLngs(e)).getBounds().getSouth() > 1); }}""")
        where = page.evaluate("pts => pts.map(p => map_1.latLngToContainerPoint([p[1], p[0]]))",
                              shapely.get_coordinates(samples).tolist())
        shot = page.screenshot(path=str(tmp_path / "zoom.png"))
    assert covered  # an oblast-wide event covers the view
    from PIL import Image

    image = Image.open(tmp_path / "zoom.png").convert("L")
    for p in where:
        x, y = round(p["x"]), round(p["y"])
        darkest = min(image.getpixel((i, j)) for i in range(x - 2, x + 3) for j in range(y - 2, y + 3))
        assert darkest < 90, (p, darkest)
    assert shot


LONG_TITLE = ("Eighteen soldiers are reported to have left their unit near the meeting point of two regions, some "
              "seven kilometres from the state border")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_events_are_in_view_clear_of_a_long_title(size, tmp_path):
    """On a phone the title box spans the map's top: the view fits the event below it, not under it."""
    page_path = tmp_path / "long.html"
    assert main(["-q", "map", "--title", LONG_TITLE, "--subtitle", LONG_TITLE, "-o", str(page_path)]) == 0
    with offline_page(page_path, viewport=size) as (page, log):
        box = page.evaluate("""() => { let layer; map_1.eachLayer(l => { if (l.feature && l.options.pane
            === 'geoevents-areas') { layer = l; } }); const b = layer.getBounds();
            const nw = map_1.latLngToContainerPoint(b.getNorthWest()), se = map_1.latLngToContainerPoint(b.getSouthEast());
            const t = document.querySelector('.geoevents-title').getBoundingClientRect();
            const m = map_1.getContainer().getBoundingClientRect();
            return {area: [nw.x, nw.y, se.x, se.y], title: [t.left - m.left, t.top - m.top, t.right - m.left,
                    t.bottom - m.top], size: [m.width, m.height]}; }""")
        assert not log["errors"]
    (x0, y0, x1, y1), (tx0, ty0, tx1, ty1), (width, height) = box["area"], box["title"], box["size"]
    assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height  # the whole area in view
    assert ty1 <= y0 or tx1 <= x0 or x1 <= tx0, box  # and none of it under the title


def test_the_measure_tool_measures_from_a_point_inside_an_event_region(seed_map, seed):
    with offline_page(seed_map, viewport=SIZES[0]) as (page, log):
        start = page.evaluate("""() => { let layer; map_1.eachLayer(l => { if (l.feature && l.options.pane
            === 'geoevents-areas') { layer = l; } }); const c = layer.getBounds().getCenter();
            const p = map_1.latLngToContainerPoint(c); return {x: p.x, y: p.y}; }""")
        page.click(".geoevents-measure")
        page.mouse.click(start["x"], start["y"])
        page.mouse.click(start["x"] + 200, start["y"] + 50)
        metres = float(page.get_attribute(".geoevents-measure-label", "data-metres"))
        ends = page.evaluate(f"""() => [map_1.containerPointToLatLng([{start['x']}, {start['y']}]),
                                       map_1.containerPointToLatLng([{start['x'] + 200}, {start['y'] + 50}])]""")
        popups = page.evaluate("document.querySelectorAll('.leaflet-popup').length")
        assert not log["errors"]
    (a, b) = ends
    assert popups == 0  # the click measured instead of opening the event's popup
    assert seed.location.geometry.contains(shapely.Point(a["lng"], a["lat"]))
    _, _, want = Geod(ellps="WGS84").inv(a["lng"], a["lat"], b["lng"], b["lat"])
    assert metres == pytest.approx(want, abs=1.0) and metres > 1000


def test_the_measure_tool_measures_from_inside_a_region_of_many_events(acled_map):
    with offline_page(acled_map, viewport=SIZES[0]) as (page, log):
        start = page.evaluate("""() => { const g = map_1._geoevents;
            const e = Array.from({length: g.points.count()}, (_, i) => i).find(i => {
                const b = L.polygon(g.regions.latLngs(i)).getBounds(); return b.getNorth() - b.getSouth() > 1; });
            const c = L.polygon(g.regions.latLngs(e)).getBounds().getCenter();
            map_1.setView(c, 9, {animate: false});
            const p = map_1.latLngToContainerPoint(c); return {x: p.x, y: p.y}; }""")
        page.click(".geoevents-measure")
        page.mouse.click(start["x"], start["y"])
        page.mouse.click(start["x"] - 150, start["y"] + 80)
        metres = float(page.get_attribute(".geoevents-measure-label", "data-metres"))
        a, b = page.evaluate(f"""() => [map_1.containerPointToLatLng([{start['x']}, {start['y']}]),
                                       map_1.containerPointToLatLng([{start['x'] - 150}, {start['y'] + 80}])]""")
        popups = page.evaluate("document.querySelectorAll('.leaflet-popup').length")
        assert not log["errors"]
    _, _, want = Geod(ellps="WGS84").inv(a["lng"], a["lat"], b["lng"], b["lat"])
    assert popups == 0 and metres == pytest.approx(want, abs=1.0) and metres > 1000


def test_icons_are_drawn_without_fonts(seed_map):
    page = seed_map.read_text()
    assert "\u26f6" not in page and "\u21a6" not in page  # glyphs no installed font has
    with offline_page(seed_map) as (browser, _):
        assert browser.evaluate("document.querySelectorAll('.geoevents-control a svg').length") == 2


def test_many_events_popups_hold_the_same_content_as_the_full_ones(acled_map):
    with offline_page(acled_map) as (page, _):
        text = page.evaluate("""() => { map_1._geoevents.points.openPopup(0);
            return document.querySelector('.leaflet-popup-content').innerText; }""")
        size = page.evaluate("getComputedStyle(document.querySelector('.geoevents-popup')).fontSize")
    for part in ("Date: 2024-", "Type: ", "Source: ACLED", "Precision codes: ACLED", "How the area was derived:",
                 "1. ACLED coordinates", "km\u00b2"):
        assert part in text
    assert size == "14px"


def test_the_basemap_has_no_rectangular_edge(seed, boundaries):
    """The regions are drawn whole: no boundary polygon ends on the edge of the drawing window."""
    page = render_map(build_map([seed], boundaries))
    kursk = boundaries.region("Kursk")
    x0, y0, x1, y1 = shapely.bounds(kursk)
    # the whole oblast's eastern end, 2.5 degrees and more from the seed, is on the page
    assert x1 > 38 and re.search(rf"\[{int(x1)}\.\d+, {int(y0)}\.\d+\]|\[{int(x1)}\.\d+,", page)


def test_map_of_the_seed_from_python_saves_and_draws_offline(seed, boundaries, tmp_path):
    path = save_map(build_map([seed], boundaries), tmp_path / "m.html")
    with offline_page(path, viewport=SIZES[2]) as (page, log):
        assert page.evaluate("map_1._geoevents === undefined")  # few events: folium layers
        assert page.evaluate("document.querySelector('.geoevents-legend').open") is False  # phone: closed
        assert not log["failed"] and not log["errors"] and not log["external"]


def test_a_png_map_is_drawn_by_headless_chromium_at_the_size_asked(tmp_path):
    pytest.importorskip("PIL")
    from PIL import Image, ImageStat

    from map_pages import CHROMIUM

    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    out = tmp_path / "seed.png"
    assert main(["-q", "map", "--size", "700x500", "--title", "Desertions <near> Kursk", "-o", str(out)]) == 0
    image = Image.open(out).convert("RGB")
    assert image.size == (700, 500)
    assert max(ImageStat.Stat(image).stddev) > 20  # a drawing, not a blank page
    assert image.getpixel((30, 20)) == (255, 255, 255) or sum(image.getpixel((30, 20))) > 720  # the title box


def test_a_png_without_chromium_is_a_clear_error_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GEOEVENTS_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "seed.png"
    assert main(["-q", "map", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert "needs Chromium" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_a_flagged_row_does_not_stretch_the_map(seed, boundaries):
    far = dataclasses.replace(seed, id="far", flags=("swapped axes?",),
                              location=dataclasses.replace(seed.location, geometry=shapely.Point(51.9, 34.4).buffer(0.1),
                                                           point=shapely.Point(51.9, 34.4)))
    page = render_map(build_map([seed, far], boundaries, labels=False))
    (bounds,) = re.findall(r"fitBounds\(L\.latLngBounds\(\[\[([-0-9.]+), ([-0-9.]+)\], \[([-0-9.]+), ([-0-9.]+)\]\]",
                           page)
    assert float(bounds[3]) < 40  # east edge at the seed, not in Iran


def test_a_region_wide_event_s_point_is_a_ring_not_a_dot(seed, boundaries):
    """A dot at the middle of an oblast-wide event (ACLED precision 3) would read as the place it happened: it is
    drawn as a ring, in both drawing modes, and the legend says what a ring means."""
    sumy = boundaries.region("Sumy")
    wide = dataclasses.replace(seed, id="wide", title="somewhere in Sumy oblast", location=dataclasses.replace(
        seed.location, geometry=sumy, point=sumy.point_on_surface(), area_km2=24_000.0))
    page = render_map(build_map([seed, wide], boundaries, labels=False))
    assert "centre of a region-wide event (anywhere in the region)" in page
    assert "centre of that area (not an exact spot)" in page  # the seed's point is still a dot
    assert page.count('"fillColor": "#ffffff"') == 1  # one ring
    canvas = render_map(build_map([seed, wide], boundaries, labels=False, many=1))
    assert '"o":[1]' in canvas.replace(" ", "")  # the canvas draws event 1's point as a ring
    only_wide = render_map(build_map([wide], boundaries, labels=False))
    assert "centre of that area" not in only_wide  # no dot to explain
