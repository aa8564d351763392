"""A map page as a static PNG, drawn by headless Chromium, for reports and slides.

The page is opened with ``#static=WIDTHxHEIGHT``, which the map's frame (:class:`geoevents.maps.layout.Frame`)
reads: the zoom, measure and layer buttons and the date slider are left out, the legend is open and the attribution
spelled out, since a picture cannot be clicked, and the map takes the picture's size (headless Chromium's viewport
is shorter than its window). Chromium runs with the network off, as the map needs none (tiles cannot be drawn this
way).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from geoevents._files import atomic_write
from geoevents.errors import MapError

__all__ = ["CHROMIUM_NAMES", "find_chromium", "screenshot"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""The browser commands looked for on the PATH, in this order; ``GEOEVENTS_CHROMIUM`` names another."""
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-sync",
          "--disable-background-networking", "--disable-component-update", "--disable-quic",
          "--disable-extensions", "--force-device-scale-factor=1")
_TIMEOUT_S = 120


def find_chromium() -> str | None:
    """The Chromium command: ``$GEOEVENTS_CHROMIUM`` if set, else the first of :data:`CHROMIUM_NAMES` on the PATH."""
    given = os.environ.get("GEOEVENTS_CHROMIUM")
    if given:
        return shutil.which(given) or (given if Path(given).is_file() else None)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def screenshot(html: str | Path, png: str | Path, *, size: tuple[int, int] = (1400, 900),
               wait_ms: int = 3000) -> Path:
    """Draw the map page ``html`` at ``size`` (width, height in CSS pixels) into ``png``, written atomically.

    ``wait_ms`` is Chromium's virtual time budget: how long the page may run (load, draw) before the picture is
    taken; virtual time runs as fast as the page allows.

    Raises
    ------
    GeoEventsError
        When no Chromium is installed, the size is not positive, or Chromium fails or writes no picture.
    """
    width, height = size
    if width <= 0 or height <= 0:
        raise MapError(f"size: width and height must be positive, got {width}x{height}")
    chromium = find_chromium()
    if chromium is None:
        raise MapError("a PNG map needs Chromium: install it (Debian: apt-get install chromium), set "
                       "GEOEVENTS_CHROMIUM to its path, or write HTML instead")
    page = Path(html).resolve()
    with tempfile.TemporaryDirectory(prefix="geoevents-png-") as tmp:
        shot = Path(tmp) / "map.png"
        command = [chromium, *_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={width},{height}",
                   f"--virtual-time-budget={wait_ms}", f"--screenshot={shot}",
                   page.as_uri() + f"#static={width}x{height}"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise MapError(f"{png}: Chromium ({chromium}) could not draw the map: {exc}") from None
        if not shot.is_file() or shot.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise MapError(f"{png}: Chromium ({chromium}) wrote no picture (exit {done.returncode}): {last}")
        return atomic_write(png, shot.read_bytes())
