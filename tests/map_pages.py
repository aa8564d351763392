"""Helpers of the map tests: hostile text, many small events, and a headless Chromium page that may load only local
files (shared by tests/maps/; not a test module)."""

from __future__ import annotations

import contextlib
import os
import shutil

import pytest

import geoevents

PAYLOADS = (
    "<script>window.__xss = 1</script>",
    '<img src=x onerror="window.__xss = 2">',
    "\"'><svg onload=window.__xss=3>",
    "`${window.__xss = 4}` \\` ${window.__xss = 5}",
    "{{ 7*7 }}{% if true %}jinja-ran{% endif %}",  # branca compiles rendered scripts as Jinja templates
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def playwright_api():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run must install Debian's chromium")
        pytest.skip("chromium is not installed (./test.sh installs it when run as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    return sync_api


_BROWSER: dict = {}  # one Chromium for the whole test run: a launch costs about a second, a context little


def shared_browser():
    """The test run's headless Chromium (started on first use, stopped when the run ends: :func:`stop_shared_browser`)."""
    sync_api = playwright_api()
    if "browser" not in _BROWSER or not _BROWSER["browser"].is_connected():
        driver = sync_api.sync_playwright().start()
        _BROWSER["driver"] = driver
        _BROWSER["browser"] = driver.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
    return _BROWSER["browser"]


def stop_shared_browser():
    """Called when the test run ends (tests/conftest.py)."""
    browser, driver = _BROWSER.pop("browser", None), _BROWSER.pop("driver", None)
    with contextlib.suppress(Exception):
        if browser is not None:
            browser.close()
        if driver is not None:
            driver.stop()


@contextlib.contextmanager
def offline_page(path, viewport=(1200, 800)):
    """A headless chromium page (in a context of its own: no state shared with other tests) showing the local file
    ``path`` with every non-file request blocked; yields the page and a log of failed requests, console errors and
    blocked external requests."""
    context = shared_browser().new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        log = {"failed": [], "errors": [], "external": []}
        page.on("requestfailed", lambda r: log["failed"].append(r.url))
        page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log["errors"].append(str(e)))

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                log["external"].append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        yield page, log
    finally:
        context.close()


def many_events(hostile_title: str, n: int = 250):
    """n small events (more than build_map's threshold), the first with a hostile title."""
    import numpy as np
    import shapely

    rng = np.random.default_rng(3)
    events = []
    for i in range(n):
        lon, lat = rng.uniform(33, 36), rng.uniform(50, 52)
        region = shapely.Point(lon, lat).buffer(0.03, quad_segs=4)
        if i == 0:  # a region with a hole and two parts, to exercise the encoding
            region = shapely.MultiPolygon([shapely.Point(lon, lat).buffer(0.05).difference(
                shapely.Point(lon, lat).buffer(0.02)), shapely.Point(lon + 0.2, lat).buffer(0.02)])
        events.append(geoevents.Event(f"e{i}", hostile_title if i == 0 else f"event {i}",
                                      location=geoevents.Location(region, shapely.Point(lon, lat), 1.0, 1.0, ())))
    return events


def acled_style_csv(path, n: int = 1000, region_share: float = 0.17, seed: int = 7):
    """An invented ACLED-style table of ``n`` events along the Russian-Ukrainian border around Sudzha and Sumy,
    ``region_share`` of them coded to a whole region (geo_precision 3), the rest to a town or near one; with
    ACLED's event_type and sub_event_type columns. Returns ``path``."""
    import csv

    import numpy as np

    rng = np.random.default_rng(seed)
    types = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
             ("Violence against civilians", "Attack"), ("Strategic developments", "Looting/property destruction")]
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "location", "admin1",
                      "event_type", "sub_event_type", "notes"])
        for i in range(n):
            lon, lat = rng.uniform(34.6, 36.2), rng.uniform(50.9, 51.5)
            precision = 3 if rng.random() < region_share else int(rng.integers(1, 3))
            admin1 = "Kursk" if lat > 51.1 else "Sumy"
            event_type, sub_event_type = types[int(rng.integers(0, len(types)))]
            out.writerow([f"ACL{i}", f"2024-{8 + i % 4:02d}-{1 + i % 28:02d}", f"{lat:.4f}", f"{lon:.4f}", precision,
                          f"Place {i}", admin1, event_type, sub_event_type, f"invented row {i}"])
    return path
