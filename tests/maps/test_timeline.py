"""The date slider: only for dated maps, filters the events in a real browser, offline, in both event layers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import shapely

from geoevents.maps import build_map, render_map, save_map
from map_pages import many_events, offline_page

DAYS = (dt.date(2024, 10, 13), dt.date(2024, 10, 14), dt.date(2024, 10, 15))


def _shifted(event, i, day):
    """``event`` moved ``i`` tenths of a degree east, renamed and dated ``day``."""
    loc = event.location
    moved = dataclasses.replace(loc, geometry=shapely.affinity.translate(loc.geometry, 0.1 * i),
                                point=shapely.affinity.translate(loc.point, 0.1 * i))
    return dataclasses.replace(event, id=f"{event.id}-{i}", title=f"{event.title} ({day})", date=day, location=moved)


@pytest.fixture(scope="module")
def dated(seed):
    """Three located events on three days, in reverse order to show the slider sorts them."""
    return [_shifted(seed, i, day) for i, day in enumerate(reversed(DAYS))]


def test_slider_only_when_two_dates_differ(seed, dated, boundaries):
    def slider(events, **kw):
        page = render_map(build_map(events, boundaries, tiles=False, controls=False, **kw))
        return 'create("div", "geoevents-time' in page

    assert slider(dated)
    assert not slider([seed])
    assert not slider([dataclasses.replace(e, date=DAYS[0]) for e in dated])  # one distinct date
    assert not slider(dated, time_slider=False)
    page = render_map(build_map(dated, boundaries, tiles=False, controls=False))
    assert re.search(r'var dates = \["2024-10-13","2024-10-14","2024-10-15"\];', page)


def test_slider_adds_no_network_request(seed, dated, boundaries):
    def urls(events):
        page = render_map(build_map(events, boundaries))  # the default map keeps folium's CDNs
        return set(re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page))

    assert urls(dated) == urls([seed])
    assert "TimestampedGeoJson" not in render_map(build_map(dated, boundaries))


_COUNT = "() => document.querySelectorAll('path[stroke-dasharray=\"5 4\"]').length"


def _slide(page, value, only=None):
    """Move the slider as a user would (set the value, dispatch 'input'); return the visible event regions."""
    applied = page.evaluate("map_1._geoevents_time.applied")
    page.evaluate("""([value, only]) => {
        const input = document.querySelector('.geoevents-time-input');
        if (only !== null) {
            const box = document.querySelector('.geoevents-time-only');
            box.checked = only;
            box.dispatchEvent(new Event('change'));
        }
        input.value = value;
        input.dispatchEvent(new Event('input'));
    }""", [value, only])
    page.wait_for_function("n => map_1._geoevents_time.applied > n", arg=applied)  # on the next animation frame
    return page.evaluate(_COUNT), page.evaluate("document.querySelector('.geoevents-time-label').textContent")


@pytest.mark.slow
def test_slider_filters_events_in_self_contained_map_offline(dated, boundaries, tmp_path):
    path = save_map(build_map(dated, boundaries, tiles=False, controls=False, color_by="date"),
                    tmp_path / "dated.html", self_contained=True)
    with offline_page(path) as (page, log):
        assert page.evaluate(_COUNT) == 3
        assert page.evaluate("document.querySelectorAll('.geoevents-time-input').length") == 1
        assert _slide(page, 0) == (1, "Events up to 2024-10-13")
        assert _slide(page, 1) == (2, "Events up to 2024-10-14")
        assert _slide(page, 1, only=True) == (1, "Events on 2024-10-14")
        assert _slide(page, 2, only=False) == (3, "Events up to 2024-10-15")
        ramp = page.evaluate("document.querySelector('.geoevents-legend-ramp').textContent")
        page.screenshot(path=str(tmp_path / "dated.png"))
    assert (log["failed"], log["errors"], log["external"]) == ([], [], [])
    assert "2024-10-13" in ramp and "2024-10-15" in ramp


@pytest.mark.slow
def test_many_events_layer_is_in_the_layer_control_and_filtered_by_date(boundaries, tmp_path):
    events = [dataclasses.replace(e, date=DAYS[i % 3] if i % 10 else None) for i, e in enumerate(many_events("x"))]
    undated = sum(e.date is None for e in events)
    path = save_map(build_map(events, boundaries, tiles=False, controls=False, color_by="date"),
                    tmp_path / "many.html", self_contained=True)
    assert 'type="application/json"' in path.read_text()
    with offline_page(path) as (page, log):
        count = "() => [map_1._geoevents.regions.count(), map_1._geoevents.points.count()]"
        painted = """() => ['regions', 'points'].map(name => {  // pixels drawn on each layer's canvas
            const canvas = map_1._geoevents[name]._container;
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) count++; }
            return count; })"""
        assert page.evaluate(count) == [250, 250]
        before = page.evaluate(painted)
        first_day = sum(e.date == DAYS[0] for e in events) + undated
        assert _slide(page, 0)[1] == "Events up to 2024-10-13 (and the undated ones)"
        assert page.evaluate(count) == [first_day, first_day]
        after = page.evaluate(painted)
        assert all(0 < a < 0.7 * b for a, b in zip(after, before)), (before, after)  # both layers redrawn
        labels = page.evaluate("""() => [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
                                         .map(l => l.textContent.trim())""")
        assert "Events" in labels
        page.hover(".leaflet-control-layers")  # the layer control is collapsed until hovered or tapped
        events_box = page.locator(".leaflet-control-layers-overlays label", has_text="Events").locator("input")
        layer_on = "() => [map_1.hasLayer(map_1._geoevents.points), map_1.hasLayer(map_1._geoevents.regions)]"
        assert page.evaluate(layer_on) == [True, True]
        events_box.uncheck()
        assert page.evaluate(layer_on) == [False, False]
        events_box.check()
        assert page.evaluate(layer_on) == [True, True]
        # a click on a shown point opens its popup, through the regions' canvas
        shown = next(i for i, e in enumerate(events) if e.date in (None, DAYS[0]))
        x, y = page.evaluate("""e => { const p = map_1.latLngToContainerPoint(map_1._geoevents.points.latLng(e));
                                       const box = map_1.getContainer().getBoundingClientRect();
                                       return [p.x + box.left, p.y + box.top]; }""", shown)
        page.mouse.click(x, y)
        popup = page.wait_for_selector(".leaflet-popup-content").text_content()
        assert popup.startswith(events[shown].title)
    assert (log["failed"], log["errors"], log["external"]) == ([], [], [])
