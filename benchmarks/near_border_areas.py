"""Benchmark: three-valued near-border answers with the fraction for N polygon events.

    python benchmarks/near_border_areas.py [--n 100000] [--km 10] [--radius-km 5]

Each event is a 33-vertex circle of the given radius at a random place in the theatre (lon 30-40, lat 48-53).
Compares the bulk method (geoevents.nearborder.index.NearBorderIndex.classify) with the per-event one (geoevents.near_border,
which also measures min/max distances) on a subset, and checks that the two agree.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

import numpy as np
import shapely

import geoevents
from geoevents.model import NearBorderStatus
from geoevents.nearborder.index import NearBorderIndex


def circles(lon: np.ndarray, lat: np.ndarray, radius_km: float) -> np.ndarray:
    """33-vertex circles drawn in lon/lat with the local scale of longitude (cheap, good enough for a benchmark)."""
    angles = np.linspace(0, 2 * np.pi, 33)
    dlat = radius_km / 110.574
    xs = lon[:, None] + dlat / np.cos(np.radians(lat))[:, None] * np.cos(angles)
    ys = lat[:, None] + dlat * np.sin(angles)
    return shapely.polygons(np.stack([xs, ys], axis=-1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--km", type=float, default=10.0)
    parser.add_argument("--radius-km", type=float, default=5.0)
    parser.add_argument("--check-n", type=int, default=200)
    args = parser.parse_args()

    rng = np.random.default_rng(1)
    lon, lat = rng.uniform(30, 40, args.n), rng.uniform(48, 53, args.n)
    areas = circles(lon, lat, args.radius_km)
    boundaries = geoevents.load_boundaries()
    border = boundaries.border("RU-UA")

    t = time.perf_counter()
    index = NearBorderIndex(border, km=args.km)
    index.classify(areas[:1])  # builds the tile index
    setup = time.perf_counter() - t
    t = time.perf_counter()
    status, fraction = index.classify(areas)
    bulk = time.perf_counter() - t
    t = time.perf_counter()
    with_distances = index.answer(areas)  # status, fraction and the min/max distance in km
    answer_time = time.perf_counter() - t

    # the per-event engine on the events nearest the threshold, where disagreements would show
    m = min(args.check_n, args.n)
    pick = np.argsort(np.abs(fraction - 0.5))[:m]
    events = [geoevents.Event(str(i), "bench", location=geoevents.Location(areas[i], shapely.centroid(areas[i]),
                                                                            0.0, 0.0, ())) for i in pick]
    t = time.perf_counter()
    answers = {a.event_id: a for a in geoevents.near_border(events, boundaries, km=args.km)}
    per_event = (time.perf_counter() - t) * args.n / m
    worst = max(abs(answers[str(i)].fraction_within - fraction[i]) for i in pick)
    worst_km = max(max(abs(answers[str(i)].min_km - with_distances["min_km"][i]),
                       abs(answers[str(i)].max_km - with_distances["max_km"][i])) for i in pick)
    mismatched = sum(answers[str(i)].status != NearBorderStatus.from_code(status[i]) for i in pick)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    counts = {s.value: int((status == s.code).sum()) for s in NearBorderStatus}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.n:,} circles of {args.radius_km:g} km, within {args.km:g} km of the RU-UA border: {counts}")
    print(f"{'method':<48}{'time (s)':>10}")
    print(f"{'bulk NearBorderIndex, setup (once)':<48}{setup:>10.3f}")
    print(f"{'bulk NearBorderIndex.classify':<48}{bulk:>10.3f}")
    print(f"{'bulk NearBorderIndex.answer (+ min/max km)':<48}{answer_time:>10.3f}")
    print(f"{f'per-event near_border (x{args.n / m:g}, estimated)':<48}{per_event:>10.1f}")
    print(f"on the {m} events nearest a fraction of 0.5: status mismatches {mismatched}, "
          f"largest fraction difference {worst:.4f}, largest min/max km difference {worst_km:.3f}")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
