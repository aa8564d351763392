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


@contextlib.contextmanager
def offline_page(path):
    """A headless chromium page showing the local file ``path`` with every non-file request blocked; yields the
    page and a log of failed requests, console errors and blocked external requests."""
    sync_api = playwright_api()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
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
            browser.close()


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
