"""Benchmark: self-contained maps of 10^3, 10^4 and 10^5 events: build time, HTML size, time to the load event.

    python benchmarks/map_scale.py [--sizes 1000,10000,100000] [--dated]

Events are 33-vertex circles (~5 km) at random places in the theatre; with ``--dated``, on random days of a year,
coloured by date, so that the map also carries the date slider. The page is opened from disk in headless
Debian chromium (Playwright) with the network blocked; the load time is from navigation to the load event, by
which the page's scripts have built and drawn the layers. Build is wall-clock time (and the process's CPU time,
less sensitive to other load on the machine) for build_map + save_map; the boundaries are loaded beforehand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

import geoevents
from geoevents.maps import build_map, save_map


def synthetic_events(n: int, rng: np.random.Generator, *, dated: bool = False) -> list[geoevents.Event]:
    lon, lat = rng.uniform(30, 40, n), rng.uniform(48, 53, n)
    days = rng.integers(0, 365, n) if dated else None  # drawn only when asked: undated runs stay comparable
    events = []
    for i in range(n):
        region = shapely.Point(lon[i], lat[i]).buffer(0.05, quad_segs=8)
        date = dt.date(2024, 1, 1) + dt.timedelta(days=int(days[i])) if days is not None else None
        events.append(geoevents.Event(f"e{i}", f"Synthetic event {i}", date=date, location=geoevents.Location(
            region, shapely.Point(lon[i], lat[i]), 40.0, 5.0, ())))
    return events


def load_seconds(path: Path) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        t = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=300_000)
        seconds = time.perf_counter() - t
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--dated", action="store_true", help="dated events, coloured by date, with the slider")
    args = parser.parse_args()
    boundaries = geoevents.load_boundaries()
    rng = np.random.default_rng(0)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}{', dated events' if args.dated else ''}")
    print(f"{'events':>8}  {'build (s)':>9}  {'(CPU, s)':>9}  {'HTML (MB)':>9}  {'load (s)':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            events = synthetic_events(n, rng, dated=args.dated)
            colour = {"color_by": "date"} if args.dated else {}
            t, cpu = time.perf_counter(), time.process_time()
            path = save_map(build_map(events, boundaries, tiles=False, controls=False, **colour),
                            Path(tmp) / f"m{n}.html", self_contained=True)
            build, cpu = time.perf_counter() - t, time.process_time() - cpu
            size = path.stat().st_size / 1e6
            print(f"{n:>8,}  {build:>9.2f}  {cpu:>9.2f}  {size:>9.1f}  {load_seconds(path):>8.2f}", flush=True)


if __name__ == "__main__":
    main()
