"""The folium map: content, escaping of untrusted text, and the self-contained page in a real browser."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import re

import pytest
import shapely

import geoevents
from geoevents.errors import GeoEventsError
from geoevents.maps import build_map, escape_text, render_map, save_map
from map_pages import PAYLOADS, many_events, offline_page, playwright_api, shared_browser



@pytest.fixture(scope="module")
def hostile(seed):
    """The seed event retitled with script payloads in every text field a report can fill."""
    text = " ".join(PAYLOADS)
    return dataclasses.replace(seed, title=text, location_text=text, summary=text,
                               sources=(geoevents.Source(name=text, url="https://example.org/a?b=\"><script>x</script>"),))


def test_map_has_boundaries_border_event_legend_and_attribution(seed, boundaries):
    html = render_map(build_map([seed], boundaries))
    assert "Kursk" in html and "Bryansk" in html
    assert "RU-UA border" in html
    assert "geoevents-legend" in html
    assert "OpenStreetMap" in html and "ODbL" in html and "Natural Earth" in html and "GeoNames" in html
    assert "internationally recognised borders" in html
    assert seed.title in html


def test_default_map_loads_nothing_and_only_an_explicit_choice_brings_cdns_or_tiles(seed, boundaries):
    def requests(page):
        return re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page)

    m = build_map([seed], boundaries, controls=False)  # the defaults: no tiles, assets inlined
    page = render_map(m)
    assert requests(page) == [] and "tile.openstreetmap.org" not in page and "basemaps.cartocdn.com" not in page
    assert "url(images/" not in page and "data:image/png;base64," in page
    assert requests(render_map(m, self_contained=True)) == []
    assert "cdn.jsdelivr.net" in render_map(m, self_contained=False)  # folium's CDN copies, asked for
    online = build_map([seed], boundaries, controls=False, tiles=True)
    assert requests(render_map(online)) == [] and "tile.openstreetmap.org" in render_map(online)  # only tiles
    with pytest.raises(GeoEventsError, match="tile layers"):
        render_map(online, self_contained=True)


def test_untrusted_text_never_reaches_html_raw(hostile, boundaries):
    page = render_map(build_map([hostile], boundaries, tiles=False, controls=False), self_contained=True)
    for payload in PAYLOADS:
        assert payload not in page
        assert escape_text(payload) in page  # present, as inert text
    assert "${window.__xss" not in page  # no live template literal
    assert "jinja-ran" not in page.replace(escape_text(PAYLOADS[4]), "")  # no template ran at render time


@pytest.mark.parametrize("name", ["maps.text", "maps.style", "maps.timeline", "maps.canvas", "maps.page"])
def test_map_module_examples(name):
    module = importlib.import_module(f"geoevents.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_failed_map_write_leaves_nothing(seed, boundaries, tmp_path):
    with pytest.raises(geoevents.GeoEventsError):
        save_map(build_map([seed], boundaries), tmp_path / "missing" / "m.html")
    assert list(tmp_path.iterdir()) == []


# --- in a real browser ------------------------------------------------------------------------------------

def _open_offline(path, screenshot):
    """Open a local page with every non-file request blocked; return what the page saw and did."""
    with offline_page(path) as (page, log):
        facts = page.evaluate("""() => ({
            maps: document.querySelectorAll('.leaflet-container').length,
            eventRegions: document.querySelectorAll('path[stroke-dasharray="5 4"]').length,
            outlines: document.querySelectorAll('path[stroke="#555555"]').length,
            legend: document.querySelectorAll('.geoevents-legend').length,
            attribution: document.querySelector('.leaflet-control-attribution')?.textContent || '',
            overlaps: (() => {  // the boxes at the bottom of the map must not cover one another
                const boxes = ['.leaflet-control-scale', '.leaflet-control-attribution', '.geoevents-legend']
                    .map(s => document.querySelector(s)).filter(e => e).map(e => [e.className, e.getBoundingClientRect()]);
                const hits = [];
                for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const [a, r] = boxes[i], [b, q] = boxes[j];
                    if (r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom) hits.push(a + ' / ' + b);
                }
                return [boxes.length, hits];
            })(),
        })""")
        popups = []
        for marker in page.query_selector_all("path.leaflet-interactive[fill-opacity='1']"):
            marker.click(force=True)
            page.wait_for_timeout(100)
            popups.append(page.evaluate("document.querySelector('.leaflet-popup-content')?.textContent || ''"))
        facts["popups"] = popups
        facts["xss"] = page.evaluate("window.__xss === undefined ? null : window.__xss")
        page.screenshot(path=str(screenshot))
    return facts, log["failed"], log["errors"], log["external"]


@pytest.mark.slow
def test_the_quick_start_map_draws_in_chromium_with_the_network_blocked(tmp_path, capsys):
    from geoevents.cli import main

    assert main(["run", "-o", str(tmp_path)]) == 0  # what ./run.sh does, with its defaults
    facts, failed, errors, external = _open_offline(tmp_path / "seed.html", tmp_path / "seed.png")
    assert (failed, errors, external) == ([], [], [])
    assert facts["maps"] == 1 and facts["eventRegions"] == 1 and facts["legend"] == 1 and facts["outlines"] > 5


@pytest.mark.slow
def test_self_contained_seed_map_in_chromium_offline(seed, boundaries, tmp_path):
    path = save_map(build_map([seed], boundaries, tiles=False), tmp_path / "seed.html", self_contained=True)
    facts, failed, errors, external = _open_offline(path, tmp_path / "seed.png")
    assert (failed, errors, external) == ([], [], [])
    assert facts["maps"] == 1 and facts["eventRegions"] == 1 and facts["legend"] == 1
    assert facts["outlines"] > 5  # oblast outlines around the event
    assert all(name in facts["attribution"] for name in ("OpenStreetMap", "Natural Earth", "GeoNames"))
    assert facts["overlaps"] == [3, []]  # scale bar, attribution and legend, none covering another
    assert any(seed.title in p for p in facts["popups"])
    assert (tmp_path / "seed.png").stat().st_size > 10_000


@pytest.mark.slow
def test_script_payloads_render_as_text_and_never_run(hostile, boundaries, tmp_path):
    path = save_map(build_map([hostile], boundaries, tiles=False, controls=False), tmp_path / "xss.html",
                    self_contained=True)
    facts, failed, errors, external = _open_offline(path, tmp_path / "xss.png")
    assert facts["xss"] is None, f"payload {facts['xss']} ran"
    assert (errors, external) == ([], [])
    assert facts["popups"] and all(PAYLOADS[0] in p and PAYLOADS[1] in p and PAYLOADS[4] in p
                                   for p in facts["popups"])


@pytest.mark.slow
def test_measure_control_gives_geodesic_distances_offline(seed, boundaries, tmp_path):
    from pyproj import Geod

    path = save_map(build_map([seed], boundaries, tiles=False), tmp_path / "seed.html", self_contained=True)
    clicks = [(150, 650), (1050, 120), (600, 700)]
    with offline_page(path) as (page, log):
        # the clicks are turned into places at the end: the view must not move in between
        page.wait_for_function("""() => { const m = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))];
                                          return !m._animatingZoom && !m._panAnim?._inProgress; }""")
        page.click("a.geoevents-measure")
        for x, y in clicks:
            page.mouse.click(x, y)
            page.wait_for_timeout(50)
        shown = page.evaluate("""(clicks) => {
            const map = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))];
            const top = map.getContainer().getBoundingClientRect();
            const points = clicks.map(([x, y]) => map.containerPointToLatLng([x - top.left, y - top.top]));
            const label = document.querySelector('.geoevents-measure-label');
            return {points: points.map(p => [p.lng, p.lat]), metres: Number(label.dataset.metres),
                    text: label.textContent};
        }""", clicks)
        page.keyboard.press("Escape")
        cleared = page.evaluate("document.querySelectorAll('.geoevents-measure-label').length")
        page.click("a.geoevents-fullscreen")
        page.wait_for_timeout(200)
        full = page.evaluate("document.fullscreenElement?.classList.contains('leaflet-container') || false")
        assert (log["failed"], log["errors"], log["external"]) == ([], [], [])
    (x0, y0), (x1, y1), (x2, y2) = shown["points"]
    geod = Geod(ellps="WGS84")
    expected = geod.inv(x0, y0, x1, y1)[2] + geod.inv(x1, y1, x2, y2)[2]
    assert expected > 50_000 and shown["metres"] == pytest.approx(expected, abs=0.5)
    assert shown["text"] == f"{expected / 1000:.2f} km"
    assert cleared == 0 and full


def test_bands_and_controls(seed, boundaries):
    m = build_map([seed], boundaries, bands_km=(10, 5, 25), tiles=True)
    page = render_map(m)
    for label in ("0-5 km from the RU-UA border", "5-10 km from the RU-UA border", "10-25 km from the RU-UA border"):
        assert label in page
    assert "0-5 km from the border" in page  # legend
    assert "geoevents-fullscreen" in page and "geoevents-measure" in page
    bare = build_map([seed], boundaries, tiles=False, controls=False, bands_km=(5,))
    assert "geoevents-measure" not in render_map(bare, self_contained=True)
    # the controls are our own code, so a self-contained map keeps them; tiles are what it cannot have
    assert "geoevents-measure" in render_map(build_map([seed], boundaries, tiles=False), self_contained=True)
    with pytest.raises(geoevents.GeoEventsError, match="self-contained"):
        render_map(build_map([seed], boundaries, tiles=True), self_contained=True)
    with pytest.raises(geoevents.GeoEventsError, match="positive"):
        build_map([seed], boundaries, bands_km=(-5,))


def test_same_map_renders_to_the_same_bytes(seed, boundaries):
    first = render_map(build_map([seed], boundaries, bands_km=(5,)))
    second = render_map(build_map([seed], boundaries, bands_km=(5,)))
    assert first == second
    assert not re.search(r"_[0-9a-f]{32}", first)


@pytest.mark.slow
def test_many_events_are_drawn_on_canvas_exactly_and_safely(boundaries, tmp_path):
    events = many_events(" ".join(PAYLOADS))
    path = save_map(build_map(events, boundaries, tiles=False, controls=False), tmp_path / "many.html",
                    self_contained=True)
    page_text = path.read_text()
    assert "</script>window" not in page_text and PAYLOADS[0] not in page_text
    sync_api = playwright_api()
    context = shared_browser().new_context()  # the run's shared Chromium, in a context of its own
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(path.as_uri(), wait_until="load")
        # hover over the first event's point: its title shows as a tooltip, as text. Where the point is on
        # the screen is read once the initial zoom to the events has settled
        page.wait_for_function("!map_1._animatingZoom && !map_1._panAnim?._inProgress")
        page.wait_for_timeout(300)
        box = page.evaluate("""() => {
            const p = map_1.latLngToContainerPoint(map_1._geoevents.points.latLng(0));
            const r = map_1.getContainer().getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""")
        page.mouse.move(box[0] + 60, box[1] + 60)
        page.mouse.move(box[0] + 1, box[1] + 1, steps=5)
        try:  # a loaded machine may take a while; the last move is never dropped (see map_canvas)
            page.wait_for_selector(".leaflet-tooltip", timeout=5000)
        except sync_api.TimeoutError:
            pass
        tooltip = page.evaluate("document.querySelector('.leaflet-tooltip')?.textContent || null")
        facts = page.evaluate("""() => {
            const g = map_1._geoevents;
            const first = g.regions.latLngs(0);
            g.points.openPopup(0);
            return {regions: g.regions.count(), points: g.points.count(),
                    parts: first.length, rings: first[0].length,
                    vertex: [first[0][0][0].lng, first[0][0][0].lat],
                    popup: document.querySelector('.leaflet-popup-content').textContent,
                    xss: window.__xss === undefined ? null : window.__xss};
        }""")
    finally:
        context.close()
    assert errors == []
    assert facts["regions"] == facts["points"] == len(events)
    assert facts["parts"] == 2 and facts["rings"] == 2  # the multipolygon with a hole survived the encoding
    first = shapely.simplify(events[0].location.geometry, 0.0005)
    expected = shapely.get_coordinates(shapely.get_rings(shapely.get_parts(first)[0])[0])[0]
    assert abs(facts["vertex"][0] - expected[0]) < 1e-4 and abs(facts["vertex"][1] - expected[1]) < 1e-4
    assert PAYLOADS[0] in facts["popup"] and PAYLOADS[4] in facts["popup"] and facts["xss"] is None
    assert tooltip == " ".join(PAYLOADS)  # the hostile title, shown as text


def test_cli_self_contained_map_keeps_the_controls_and_loads_nothing(tmp_path, capsys):
    from geoevents.cli import main

    html = tmp_path / "seed.html"
    assert main(["map", "--self-contained", "-o", str(html)]) == 0
    page = html.read_text()
    assert "geoevents-measure" in page and "geoevents-fullscreen" in page
    assert not re.findall(r'src="https?://|<link[^>]+href="https?://', page)  # no script, stylesheet or image
    assert "tile.openstreetmap.org" not in page


def test_every_command_that_draws_a_map_draws_it_offline_unless_tiles_are_asked_for(tmp_path, capsys):
    from geoevents.cli import main

    def external(page):
        return re.findall(r'src="https?://|<link[^>]+href="https?://|tile\.openstreetmap\.org|cartocdn', page)

    report = tmp_path / "report.txt"
    report.write_text("Shelling hit the village of Tetkino in Kursk region on Monday.", encoding="utf-8")
    assert main(["run", "-o", str(tmp_path / "run")]) == 0
    assert main(["map", "-o", str(tmp_path / "map.html")]) == 0
    assert main(["ingest", str(report), "--published", "2024-11-06", "-o", str(tmp_path / "d.yaml"),
                 "--map", str(tmp_path / "ingest.html")]) == 0
    for page in (tmp_path / "run" / "seed.html", tmp_path / "map.html", tmp_path / "ingest.html"):
        assert external(page.read_text(encoding="utf-8")) == [], page.name
    assert main(["map", "--tiles", "--bands", "5", "-o", str(tmp_path / "online.html")]) == 0
    online = (tmp_path / "online.html").read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in online and not re.findall(r'src="https?://', online)  # tiles, no CDN
    capsys.readouterr()
    assert main(["map", "--tiles", "--self-contained", "-o", str(tmp_path / "x.html")]) == 1
    assert "--tiles needs the network" in capsys.readouterr().err and not (tmp_path / "x.html").exists()


def test_a_map_of_another_coverage_needs_no_theatre(two_squares):
    # no events, a coverage without Russia or Ukraine: the view is the border the map is about, and each country
    # with regions gets its own fill
    html = render_map(build_map([], two_squares, border="AA-BB", tiles=False))
    assert '"fillColor": "#e6f2e0"' in html and '"fillColor": "#f2e6d9"' in html
    m = build_map([], two_squares, border="AA-BB", tiles=False)
    assert m.location == [50.5, 34.0]
