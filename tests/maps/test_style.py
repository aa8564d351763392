"""Event colours and the legend: categories, dates, colour-blind-friendly palettes, hostile category names."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

import geoevents
from geoevents.maps.style import GREY, OKABE_ITO, VIRIDIS, colour_events, event_kinds, ramp_colour
from geoevents.maps import build_map, escape_text, render_map, save_map
from map_pages import PAYLOADS, many_events, offline_page


def _events(n, **fields):
    return [geoevents.Event(f"e{i}", f"event {i}", **fields) for i in range(n)]


def test_categories_get_okabe_ito_colours_most_frequent_first():
    events = _events(4)
    kinds = event_kinds(events, {"e0": "drone", "e1": "shelling", "e2": "shelling"})
    c = colour_events(events, color_by="type", kinds=kinds)
    assert c.title == "Events by type"
    assert c.entries == ((OKABE_ITO[0], "shelling (2)"), (OKABE_ITO[1], "drone (1)"), (GREY, "no type (1)"))
    assert [c.colour(i) for i in range(4)] == [OKABE_ITO[1], OKABE_ITO[0], OKABE_ITO[0], GREY]


def test_categories_beyond_the_palette_share_grey():
    events = _events(10)
    c = colour_events(events, color_by="type", kinds=event_kinds(events, {f"e{i}": f"type {i}" for i in range(9)}))
    assert len(set(c.palette)) == 8 and "#000000" not in c.palette  # black is the border's
    assert c.entries[-1] == (GREY, "2 other types or none (3)")
    assert [c.colour(i) for i in (7, 8, 9)] == [GREY] * 3


def test_without_categories_a_handful_of_events_have_their_own_colours_and_more_share_one():
    seven = colour_events(_events(7), color_by="type")  # no categories: the fallback, as with color_by=None
    assert seven.entries == tuple((OKABE_ITO[i], f"event {i}") for i in range(7))
    assert len({seven.colour(i) for i in range(7)}) == 7  # no colour repeats
    eight = colour_events(_events(8))
    assert eight.entries == ((OKABE_ITO[0], "8 events"),) and {eight.colour(i) for i in range(8)} == {OKABE_ITO[0]}
    assert colour_events(_events(3), each=False).entries == ((OKABE_ITO[0], "3 events"),)


def test_events_with_types_are_coloured_by_type_without_being_asked():
    events = [dataclasses.replace(e, event_type="shelling" if i % 2 else "air/drone strike")
              for i, e in enumerate(_events(20))]
    c = colour_events(events, kinds=event_kinds(events))
    assert c.title == "Events by type" and c.entries == ((OKABE_ITO[0], "air/drone strike (10)"),
                                                         (OKABE_ITO[1], "shelling (10)"))


def test_dates_run_along_viridis_and_undated_events_are_grey():
    events = [geoevents.Event("a", "a", date=dt.date(2024, 1, 1)), geoevents.Event("b", "b"),
              geoevents.Event("c", "c", date=dt.date(2024, 1, 11)), geoevents.Event("d", "d", date=dt.date(2024, 1, 6))]
    c = colour_events(events, color_by="date")
    assert [c.colour(i) for i in range(4)] == [VIRIDIS[0], GREY, VIRIDIS[-1], ramp_colour(0.5)]
    assert c.ramp == ("2024-01-01", "2024-01-11") and c.entries == ((GREY, "undated (1)"),)
    one = colour_events(events[:2], color_by="date")
    assert one.ramp is None and one.entries[0][1] == "2024-01-01"


def _legend(page):
    return re.findall(r'class="geoevents-legend-category".*?</span>(.*?)</div>', page, flags=re.S)


def test_legend_lists_the_categories_given_and_the_seed_event(seed, boundaries):
    assert _legend(render_map(build_map([seed], boundaries))) == ["desertion (1)"]  # its type, unasked
    untyped = dataclasses.replace(seed, event_type="")
    assert _legend(render_map(build_map([untyped], boundaries))) == [escape_text(seed.title)]  # one entry
    events = [dataclasses.replace(seed, id=f"s{i}") for i in range(3)]
    page = render_map(build_map(events, boundaries, color_by="type",
                                categories={"s0": "shelling", "s1": "drone", "s2": "shelling"}))
    assert _legend(page) == ["shelling (2)", "drone (1)"]
    assert "Type: drone" in page  # in the popups too
    with pytest.raises(geoevents.GeoEventsError, match="color_by"):
        build_map([seed], boundaries, color_by="colour")


def _hostile_categories(seed):
    """One event per payload, titled with all of them, each payload a category of its own."""
    text = " ".join(PAYLOADS)
    events = [dataclasses.replace(seed, id=f"h{i}", title=f"{text} {i}") for i in range(len(PAYLOADS))]
    return events, {e.id: payload for e, payload in zip(events, PAYLOADS)}


def test_hostile_category_names_never_reach_html_raw(seed, boundaries):
    events, categories = _hostile_categories(seed)
    page = render_map(build_map(events, boundaries, tiles=False, controls=False, color_by="type",
                                categories=categories), self_contained=True)
    for payload in PAYLOADS:
        assert payload not in page
        assert f"{escape_text(payload)} (1)" in _legend(page)
        assert f"Type: {escape_text(payload)}" in page
    assert "jinja-ran" not in page.replace(escape_text(PAYLOADS[4]), "")


@pytest.mark.slow
@pytest.mark.parametrize("many", [False, True], ids=["layers", "canvas"])
def test_hostile_categories_and_titles_render_as_text_and_never_run(seed, boundaries, tmp_path, many):
    if many:  # the canvas layer of many events
        events = many_events(" ".join(PAYLOADS))
        categories = {e.id: PAYLOADS[i % len(PAYLOADS)] for i, e in enumerate(events)}
    else:
        events, categories = _hostile_categories(seed)
    path = save_map(build_map(events, boundaries, tiles=False, controls=False, color_by="type",
                              categories=categories), tmp_path / "xss.html", self_contained=True)
    with offline_page(path) as (page, log):
        legend = page.evaluate("""() => [...document.querySelectorAll('.geoevents-legend-category')]
                                         .map(e => e.textContent)""")
        if many:
            popup = page.evaluate("""() => { map_1._geoevents.points.openPopup(0);
                                             return document.querySelector('.leaflet-popup-content').textContent; }""")
        else:
            page.query_selector_all("path.leaflet-interactive[fill-opacity='1']")[0].click(force=True)
            popup = page.wait_for_selector(".leaflet-popup-content").text_content()
        xss = page.evaluate("window.__xss === undefined ? null : window.__xss")
        page.screenshot(path=str(tmp_path / "xss.png"))
    assert xss is None, f"payload {xss} ran"
    assert (log["failed"], log["errors"], log["external"]) == ([], [], [])
    assert sorted(entry.rsplit(" (", 1)[0] for entry in legend) == sorted(PAYLOADS)  # the categories, as text
    assert " ".join(PAYLOADS) in popup  # the title, as text
    assert any(p in popup.replace(" ".join(PAYLOADS), "", 1) for p in PAYLOADS)  # and the category
