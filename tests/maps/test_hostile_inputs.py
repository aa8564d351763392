"""No value from any input is ever template or code in a map: names and countries from a --boundaries file, every
event field, categories, small and many-events maps; and only http(s) URLs become links."""

from __future__ import annotations

import dataclasses
import re

import pytest
import shapely

import geoevents
from geoevents.cli import main
from geoevents.errors import GeoEventsError, IngestError, InvalidValueError
from geoevents.maps import build_map, render_map
from map_pages import many_events

JINJA = "{{ 7*191 ~ 'q' }}{{ 'jin' ~ 'ja-ran' }}{% if true %}x{% endif %}"  # run, it would print 1337q, jinja-ran
SCRIPT = "<script>window.__xss = 1</script>"
PAYLOAD = JINJA + SCRIPT


def _hostile_coverage(payload: str = PAYLOAD) -> geoevents.Boundaries:
    west, east = shapely.box(33.0, 50.0, 34.0, 51.0), shapely.box(34.0, 50.0, 35.0, 51.0)
    return geoevents.Boundaries([
        {"name": f"West {payload}", "name_en": payload, "country": f"A{payload}", "kind": "region",
         "claimed_by": payload, "iso_3166_2": f"A-{payload}", "geometry": west},
        {"name": f"East {payload}", "country": "BB", "kind": "region", "claimed_by": "", "geometry": east},
    ])


def _assert_inert(page: str) -> None:
    assert "1337q" not in page and "jinja-ran" not in page  # no template ran
    assert "{{" not in page.replace("{{ this", "") and "{% if" not in page  # and none is left to run
    assert "<script>window.__xss" not in page


def test_names_and_countries_of_a_boundary_file_never_run(seed):
    coverage = _hostile_coverage()
    event = dataclasses.replace(seed, location=dataclasses.replace(
        seed.location, geometry=shapely.box(33.9, 50.4, 34.1, 50.6), point=shapely.Point(34.0, 50.5)))
    for events in ([], [event], many_events(PAYLOAD)):
        page = render_map(build_map(events, coverage, border="BB", tiles=False))
        _assert_inert(page)


@pytest.mark.parametrize("field", ["title", "summary", "location_text", "event_type"])
def test_every_event_text_field_is_inert(seed, boundaries, field):
    event = dataclasses.replace(seed, **{field: PAYLOAD})
    _assert_inert(render_map(build_map([event], boundaries, tiles=False, color_by="type")))


def test_sources_categories_and_the_many_events_map_are_inert(seed, boundaries):
    event = dataclasses.replace(seed, sources=(geoevents.Source(name=PAYLOAD, citing=PAYLOAD),))
    _assert_inert(render_map(build_map([event], boundaries, tiles=False, color_by="type",
                                       categories={event.id: PAYLOAD})))
    _assert_inert(render_map(build_map(many_events(PAYLOAD), boundaries, tiles=False)))


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>",
                                 "vbscript:x", "http://", "file:///etc/passwd"])
def test_only_web_urls_are_sources(url):
    with pytest.raises(InvalidValueError, match="expected an http"):
        geoevents.Source("wire", url=url)


def test_an_ingested_report_with_a_javascript_url_is_refused(boundaries, gazetteer):
    from geoevents.ingestion import ingest

    with pytest.raises(IngestError, match="url: expected an http"):
        ingest("Drones struck Sudzha in Kursk region on Sunday, officials said.", boundaries=boundaries,
               gazetteer=gazetteer, url="javascript:alert(1)")


def test_a_javascript_url_in_a_jsonl_batch_skips_that_report(tmp_path, capsys):
    batch = tmp_path / "r.jsonl"
    batch.write_text('{"text": "Drones struck Sudzha in Kursk region on Sunday.", "url": "javascript:alert(1)"}\n'
                     '{"text": "Drones struck Sudzha in Kursk region on Monday.", "url": "https://example.org/b"}\n')
    assert main(["ingest", str(batch), "-o", str(tmp_path / "d.yaml")]) == 0
    err = capsys.readouterr().err
    assert "skipped r.jsonl:1: url: expected an http(s) URL" in err
    text = (tmp_path / "d.yaml").read_text()
    assert "javascript" not in text and "https://example.org/b" in text


def test_a_boundary_file_with_templates_maps_without_running_them(tmp_path, capsys):
    import json

    coverage = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "A", "country": "{{ 7*191 }}"},
         "geometry": {"type": "Polygon", "coordinates": [[[33, 50], [34, 50], [34, 51], [33, 51], [33, 50]]]}},
        {"type": "Feature", "properties": {"name": "{{ 9**99999999 }}"},  # would hang if it ran
         "geometry": {"type": "Polygon", "coordinates": [[[34, 50], [35, 50], [35, 51], [34, 51], [34, 50]]]}}]}
    (tmp_path / "b.geojson").write_text(json.dumps(coverage))
    (tmp_path / "e.yaml").write_text("events:\n  - {id: a, title: t, constraints: [{in_regions: [A]}]}\n")
    out = tmp_path / "m.html"
    assert main(["map", str(tmp_path / "e.yaml"), "--boundaries", str(tmp_path / "b.geojson"), "-o", str(out),
                 "--no-tiles"]) == 0
    page = out.read_text()
    # 1337 would be 7*191 run as a template (digits around it are coordinates of place labels)
    assert not re.search(r"(?<![\d.])1337(?!\d)", page) and not re.search(r"\{\{\s*[79]", page)


# --- in a real browser: every field at once, small and many-events maps, self-contained or not -------------------

@pytest.mark.slow
@pytest.mark.parametrize("many", [False, True], ids=["small", "many-events"])
@pytest.mark.parametrize("self_contained", [True, False], ids=["self-contained", "cdn"])
def test_no_payload_in_any_field_runs_in_chromium(seed, tmp_path, many, self_contained):
    """Chromium with the network blocked (so the CDN page loads no library: what runs is only the page itself)
    opens maps whose every text carries every payload; clicking each event, no payload runs, no template renders
    and every link the page holds is a web link."""
    from geoevents.maps import save_map
    from map_pages import PAYLOADS, offline_page

    payload = " ".join(PAYLOADS) + JINJA
    coverage = _hostile_coverage(payload)
    step = geoevents.TraceStep(constraint=payload, reason=payload, area_km2=1.0)
    event = dataclasses.replace(
        seed, title=payload, summary=payload, location_text=payload, event_type=payload,
        sources=(geoevents.Source(name=payload, citing=payload,
                                  url='https://example.org/?q="><script>window.__xss=9</script>'),),
        location=dataclasses.replace(seed.location, geometry=shapely.box(33.9, 50.4, 34.1, 50.6),
                                     point=shapely.Point(34.0, 50.5), trace=(step,)))
    events = [event, *many_events(payload)[1:]] if many else [event]
    path = save_map(build_map(events, coverage, border="BB", tiles=False, color_by="type",
                              categories={event.id: payload}), tmp_path / "hostile.html", self_contained=self_contained)
    with offline_page(path) as (page, _log):
        # the events' areas and points (the basemap's regions reach beyond the screen)
        for shape in page.query_selector_all(".leaflet-geoevents-areas-pane path.leaflet-interactive, "
                                             ".leaflet-geoevents-points-pane path.leaflet-interactive")[:40]:
            shape.click(force=True)
            page.wait_for_timeout(30)
        facts = page.evaluate("""() => ({
            xss: window.__xss === undefined ? null : window.__xss,
            hrefs: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
            text: document.body.innerText,
            popup: document.querySelector('.leaflet-popup-content')?.textContent || '',
        })""")
    assert facts["xss"] is None, f"payload {facts['xss']} ran"
    assert all(h.startswith(("http://", "https://", "#")) for h in facts["hrefs"]), facts["hrefs"]
    assert "1337q" not in facts["text"] and "jinja-ran" not in facts["text"].replace("jinja-ran{% endif %}", "")
    if self_contained and not many:  # the page drew: the payload is there, as text
        assert PAYLOADS[0] in facts["popup"] or PAYLOADS[0] in facts["text"]
