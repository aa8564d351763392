"""Benchmark: which of N random point events lie within KM of the Russia-Ukraine border?

Runs geoevents' bulk method and the naive geopandas method side by side in one process and prints a table.

    python benchmarks/near_border_points.py [--n 1000000] [--km 10] [--naive-n N]

The naive method (`to_crs(...).distance(border) <= d`) is slow; --naive-n times it on a subset and scales the time
linearly (its cost is linear in the number of points).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time

import numpy as np

import geoevents
from geoevents.nearborder.index import NearBorderIndex


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--km", type=float, default=10.0)
    parser.add_argument("--naive-n", type=int, default=100_000)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    lon, lat = rng.uniform(30, 40, args.n), rng.uniform(48, 53, args.n)
    border = geoevents.load_boundaries().border("RU-UA")

    t = time.perf_counter()
    index = NearBorderIndex(border, km=args.km)
    setup = time.perf_counter() - t
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        ours = index.within(lon, lat)
        runs.append(time.perf_counter() - t)
    warm = statistics.median(runs)
    # the distance (km) of every point, as near-border's bulk engine reports it (geoevents.geometry.linedistance)
    from shapely import points as make_points

    pts = make_points(lon, lat)
    t = time.perf_counter()
    index.distance_range_km(pts)
    distances = time.perf_counter() - t

    import geopandas as gpd
    from shapely import points

    m = min(args.naive_n, args.n)
    crs = "+proj=aeqd +lat_0=50.5 +lon_0=35 +datum=WGS84 +units=m"
    t = time.perf_counter()
    pts = gpd.GeoSeries(points(lon[:m], lat[:m]), crs="EPSG:4326").to_crs(crs)
    line = gpd.GeoSeries([border], crs="EPSG:4326").to_crs(crs).iloc[0]
    naive = (pts.distance(line) <= args.km * 1000).to_numpy()
    naive_time = (time.perf_counter() - t) * args.n / m
    disagree = int((naive != ours[:m]).sum())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.n:,} points, within {args.km:g} km of the RU-UA border: {int(ours.sum()):,} inside")
    print(f"{'method':<44}{'time (s)':>10}")
    print(f"{'geoevents NearBorderIndex, setup (once)':<44}{setup:>10.3f}")
    print(f"{'geoevents NearBorderIndex.within, warm':<44}{warm:>10.3f}")
    label = f"naive geopandas to_crs+distance (x{args.n / m:g})"
    print(f"{label:<44}{naive_time:>10.3f}")
    print(f"{'geoevents distance (km) of every point':<44}{distances:>10.3f}")
    print(f"speed-up (warm): {naive_time / warm:,.0f}x; disagreements on {m:,} points: {disagree} "
          f"(the naive method uses one projection for the whole theatre, so it is itself off by up to ~0.5 %)")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
