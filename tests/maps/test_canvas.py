"""The canvas layer of many events: its compact encoding, decoded in Python and in a real browser."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
import shapely

import geoevents
from geoevents.maps.canvas import MANY_SIMPLIFY_DEG, encode_events
from geoevents.maps import build_map, render_map, save_map
from map_pages import many_events, offline_page


def _decode(text):
    """The regions of encode_events' JSON as lists (one per event) of parts of rings of (lon, lat)."""
    data = json.loads(text)
    starts = np.frombuffer(base64.b64decode(data["s"]), "<i4").reshape(-1, 2)
    steps = np.frombuffer(base64.b64decode(data["c"]), "i1").astype(np.int64)
    wide = steps == -128
    steps[wide] = np.frombuffer(base64.b64decode(data["cw"]), "<i4")
    steps = steps.reshape(-1, 2)
    regions, pi, ri, ci = [], 0, 0, 0
    for nparts in data["p"]:
        parts = []
        for _ in range(nparts):
            rings = []
            for _ in range(data["r"][pi]):
                n = data["v"][ri]
                ring = np.cumsum(np.vstack([starts[ri], steps[ci:ci + n - 1]]), axis=0) / data["q"]
                rings.append(ring)
                ri, ci = ri + 1, ci + n - 1
            parts.append(rings)
            pi += 1
        regions.append(parts)
    return data, regions


def _expected(geometry):
    simple = shapely.simplify(geometry, MANY_SIMPLIFY_DEG, preserve_topology=False)
    if simple.is_empty:
        simple = geometry
    return [[shapely.get_coordinates(ring)[:-1] for ring in shapely.get_rings(part)]
            for part in shapely.get_parts(simple)]


@pytest.mark.parametrize("wide", [False, True], ids=["8-bit", "32-bit"])
def test_encoding_round_trips_within_the_quantum(wide):
    events = many_events("x", n=20)
    shapes = [e.location.geometry for e in events]
    if wide:  # edges longer than 8-bit steps of 1e-4 degree can span
        shapes[3] = shapely.Polygon([(30, 50), (34, 50), (32, 53)])
    shapes[5] = shapely.Point(33, 51).buffer(0.0001)  # smaller than the simplification tolerance: kept as it is
    points = [e.location.point for e in events]
    data, regions = _decode(encode_events(shapes, points, [["t"]] * 20, palette=["#000"], colours=[0] * 20,
                                          dates=None))
    assert bool(data["cw"]) == wide
    for got, shape in zip(regions, shapes):
        want = _expected(shape)
        assert [len(rings) for rings in got] == [len(rings) for rings in want]
        for got_rings, want_rings in zip(got, want):
            for g, w in zip(got_rings, want_rings):
                assert g.shape == w.shape and np.abs(g - w).max() <= 0.5e-4 + 1e-9
    where = np.frombuffer(base64.b64decode(data["pc"]), "<i4").reshape(-1, 2) / data["pq"]
    assert np.abs(where - shapely.get_coordinates(points)).max() <= 0.5e-5 + 1e-9


def test_many_events_data_is_one_json_element_outside_the_scripts(boundaries):
    page = render_map(build_map(many_events("{{ 7*7 }} </script>"), boundaries, tiles=False, controls=False))
    ((name, data),) = re.findall(r'<script type="application/json" id="(many_events_\d+)_data">([^<]*)</script>', page)
    decoded = json.loads(data)
    first = [decoded["t"][k] for k in decoded["lines"][0]]
    assert first[0] == "{{ 7*7 }} </script>" and first[1].startswith("Area: 1.0 km\u00b2")
    assert "{{ 7*7 }}" not in page and "</script> Area" not in page
    assert f'document.getElementById("{name}_data")' in page and f"var {name} = " in page


@pytest.mark.slow
def test_browser_decodes_every_vertex_of_wide_and_narrow_regions(boundaries, tmp_path):
    events = many_events("x")
    wide = shapely.Polygon([(30, 50), (34, 50), (32, 53)])
    events[1] = geoevents.Event("wide", "wide", location=geoevents.Location(wide, shapely.Point(32, 51), 1.0, 1.0, ()))
    path = save_map(build_map(events, boundaries, tiles=False, controls=False), tmp_path / "many.html",
                    self_contained=True)
    assert '"cw":""' not in path.read_text()  # some steps too long for a byte
    with offline_page(path) as (page, log):
        got = page.evaluate("""n => Array.from({length: n}, (_, e) => map_1._geoevents.regions.latLngs(e).map(
            part => part.map(ring => ring.map(p => [p.lng, p.lat]))))""", len(events))
        points = page.evaluate("""n => Array.from({length: n}, (_, e) => map_1._geoevents.points.latLng(e))
                                         .map(p => [p.lng, p.lat])""", len(events))
    assert (log["failed"], log["errors"], log["external"]) == ([], [], [])
    assert len(got) == len(events)
    for regions, event in zip(got, events):
        want = _expected(event.location.geometry)
        assert [len(rings) for rings in regions] == [len(rings) for rings in want]
        for got_rings, want_rings in zip(regions, want):
            for g, w in zip(got_rings, want_rings):
                assert np.abs(np.array(g) - w).max() <= 0.5e-4 + 1e-9
    assert np.abs(np.array(points) - shapely.get_coordinates([e.location.point for e in events])).max() < 1e-5


def test_a_layer_rendered_as_text_is_not_compiled_again_as_a_template():
    """branca compiles what a map element renders as a template once more: the layers that are RenderedAsText
    are written as rendered (the same page otherwise, to the byte: the seed map's layers are such layers)."""
    import folium

    from geoevents.maps.canvas import RenderedAsText

    class Layer(folium.GeoJson, RenderedAsText):
        pass

    data = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.0, 51.0]},
            "properties": {"note": "{{ 6 * 7 }}"}}
    pages = []
    for kind in (folium.GeoJson, Layer):
        m = folium.Map(tiles=None)
        kind(data).add_to(m)
        pages.append(re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render()))
    assert '"{{ 6 * 7 }}"' in pages[1] and '"42"' not in pages[1]
    assert '"42"' in pages[0]  # folium's own GeoJson runs it: the difference the mixin makes
    assert pages[0].replace('"42"', '"{{ 6 * 7 }}"') == pages[1]
