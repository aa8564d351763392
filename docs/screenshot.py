"""Regenerate docs/seed-map.png, the README's picture of the seed map.

    python docs/screenshot.py

Builds the self-contained seed map (no tiles: the boundaries are the basemap), opens it in headless Debian
chromium through Playwright with the network blocked, clicks the event's representative point so that its popup
shows the derivation, and saves a 1100x700 screenshot.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from geoevents.places.boundaries import load_boundaries
from geoevents.io.eventfile import seed_events
from geoevents.maps import build_map, save_map
from geoevents.uncertainty import locate

OUT = Path(__file__).with_name("seed-map.png")


def main() -> None:
    boundaries = load_boundaries()
    events = [locate(e, boundaries) for e in seed_events()]
    with tempfile.TemporaryDirectory() as tmp:
        page_path = save_map(build_map(events, boundaries, tiles=False, controls=False,
                                       bands_km=(5, 10)), Path(tmp) / "seed.html",
                             self_contained=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(page_path.as_uri(), wait_until="load")
            page.locator("path.leaflet-interactive[fill-opacity='1']").first.click(force=True)
            page.mouse.move(27, 27)  # onto the zoom control: off the event and the regions, so no tooltip shows
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
