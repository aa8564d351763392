"""The dask engine equals the in-process engine: 10^5 events over partitioned GeoParquet on a 2-worker cluster.

The cluster is a LocalCluster of 2 worker processes (processes=True), one thread each, as ``--engine dask`` starts
it by default; starting it takes most of this test's time.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geoevents.nearborder.index import NearBorderIndex
from geoevents.nearborder.bulk import near_border_tables
from geoevents.cli import main
from geoevents.nearborder.dask import near_border_dask

N, AREAS, PARTS = 100_000, 1_000, 4


def _partitioned(folder, border):
    """N events around the border (some 1,000 of them circles), with three ids missing, in PARTS files."""
    rng = np.random.default_rng(11)
    coords = shapely.get_coordinates(border)
    xy = coords[rng.integers(len(coords), size=N)] + rng.normal(0, 0.4, (N, 2))
    geoms = shapely.points(xy).astype(object)
    circles = rng.choice(N, AREAS, replace=False)
    geoms[circles] = shapely.buffer(geoms[circles], rng.uniform(0.02, 0.2, AREAS))  # straddle the N km line
    geoms[[10, 50_000]] = None
    ids = np.array([f"e{i}" for i in range(N)], dtype=object)
    ids[[3, 60_000, 99_999]] = None
    # a few rows coded to a province (ACLED geo_precision 3, on their points): their regions must be found there too
    precision = np.full(N, None, dtype=object)
    precision[rng.choice(np.setdiff1d(np.arange(N), circles), 12, replace=False)] = "3"
    frame = gpd.GeoDataFrame({"id": ids, "date": "2024-06-01", "geo_precision": precision}, geometry=list(geoms),
                             crs="EPSG:4326")
    for part, rows in enumerate(np.array_split(np.arange(N), PARTS)):
        frame.iloc[rows].to_parquet(folder / f"part-{part:03d}.parquet")
    return folder


def test_dask_engine_equals_the_in_process_engine(boundaries, tmp_path):
    border = boundaries.border("RU-UA")
    folder = _partitioned(tmp_path, border)
    index = NearBorderIndex(border, km=10)
    local = near_border_tables([str(folder)], index, border="RU-UA", boundaries=boundaries, keep=["geo_precision"])
    remote = near_border_dask([str(folder)], index, border="RU-UA", boundaries=boundaries, n_workers=2,
                              processes=True, keep_geometry=False, keep=["geo_precision"])
    columns = ["file", "id", "date", "lon", "lat", "status", "fraction_within", "min_km", "max_km", "side",
               "geo_precision"]  # an input column kept
    assert len(local) == N - 2 and local.errors == remote.errors
    assert local.errors == [f"{folder}: feature 11: no geometry", f"{folder}: feature 50001: no geometry"]
    assert local.frame[columns].equals(remote.frame[columns])
    counts = local.counts()
    assert counts == remote.counts() and min(counts.values()) > 100
    assert {"feature-4", "feature-60001", "feature-100000"} <= set(remote.frame["id"])
    provinces = local.frame[local.frame["precision"] == "acled:3"]
    assert set(provinces["geo_precision"]) == {"3"} and set(local.frame["geo_precision"]) == {"", "3"}
    assert len(provinces) == 12 and (provinces["max_km"] > 100).sum() >= 10  # areas, not points (some at sea)
    possible = local.frame[local.frame["status"] == "possible"]
    assert len(possible) > 50 and possible["fraction_within"].between(0, 1, inclusive="neither").mean() > 0.9


def test_dask_engine_reads_geoparquet_only(capsys):
    assert main(["near-border", "tests/data/acled_style.csv", "--km", "10", "--engine", "dask"]) == 1
    assert "the dask engine reads GeoParquet" in capsys.readouterr().err
