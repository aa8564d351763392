"""Regenerate the README's pictures of maps, in docs/.

    python docs/screenshots.py

Every picture is a self-contained map drawn offline by headless Debian Chromium through ``geoevents.maps.save_png``
(the same code as ``geoevents map -o FILE.png``):

- ``seed-map.png``: the seed event (the quick start's map) at 1400 x 900;
- ``seed-phone.png``: the same at 400 x 800, a phone;
- ``acled-1000.png``: 1,000 invented ACLED-style events along the Kursk-Sumy border, 17 % of them coded to a whole
  oblast, coloured by their ACLED types, with 5 and 10 km bands, at 1400 x 900;
- ``acled-embed.png``: the same at 700 x 500, an article embed;
- ``seed-popup.png``: the seed map with the event's popup open (the derivation), at 1100 x 700, when Playwright is
  installed (``pip install -e .[test]``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import geoevents
from geoevents.datasets import events_from_table
from geoevents.datasets.points import read_point_table
from geoevents.maps import build_map, save_map, save_png

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "tests"))
from map_pages import acled_style_csv  # noqa: E402  (the invented table the browser tests use)


def main() -> None:
    boundaries = geoevents.load_boundaries()
    seed = [geoevents.locate(e, boundaries) for e in geoevents.seed_events()]
    answers = geoevents.near_border(seed, boundaries, km=10)
    seed_map = build_map(seed, boundaries, answers=answers)
    for name, size in (("seed-map.png", (1400, 900)), ("seed-phone.png", (400, 800))):
        print(f"wrote {save_png(seed_map, DOCS / name, size=size)}")
    with tempfile.TemporaryDirectory() as tmp:
        table = read_point_table(acled_style_csv(Path(tmp) / "acled.csv"))
        events, _ = events_from_table(table, boundaries)
        many = build_map(events, boundaries, bands_km=(5, 10),
                         source="Illustrative data: 1,000 invented events in ACLED's format")
        for name, size in (("acled-1000.png", (1400, 900)), ("acled-embed.png", (700, 500))):
            print(f"wrote {save_png(many, DOCS / name, size=size)}")
        _popup(seed_map, Path(tmp))


def _popup(seed_map: object, tmp: Path) -> None:
    """The seed map with its popup open, through Playwright (a click is needed)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("skipped seed-popup.png: Playwright is not installed")
        return
    page_path = save_map(seed_map, tmp / "seed.html", self_contained=True)  # type: ignore[arg-type]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 700})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.as_uri(), wait_until="load")
        page.locator(".leaflet-geoevents-points-pane path.leaflet-interactive").first.click(force=True)
        page.mouse.move(5, 690)  # off the event, so that no tooltip shows
        page.wait_for_timeout(1500)  # the map pans to show the whole popup
        page.screenshot(path=str(DOCS / "seed-popup.png"))
        browser.close()
    print(f"wrote {DOCS / 'seed-popup.png'}")


if __name__ == "__main__":
    main()
