"""One benchmark of geoevents against the tools its users would otherwise use, every tool timed in the same run.

    python benchmarks/run.py [--quick] [--n N] [--km 10] [--runs 3] [--json OUT]

It generates random points (lon 30-40, lat 48-53, seed 0) as a CSV file, then asks every tool, each as a whole
process that reads the CSV and writes its answer to a file, which points lie within ``--km`` of the Russia-Ukraine
border (geoevents' own border line, given to every peer as WKB):

- **geoevents**: ``geoevents near-border POINTS.csv --km K --format csv -o OUT``, the full answer (12 columns:
  geodesic distance, status, fraction, side; sorted by distance);
- **geoevents --status certain**: the same with ``--status certain``, the rows within only (what the peers
  write; the points far outside are not measured);
- **pyarrow floor**: read the CSV and write a CSV of the same 12 columns, with no geometry: the I/O floor;
- **shapely STRtree**: the border's segments and the points in one azimuthal equidistant projection,
  ``STRtree.query(predicate="dwithin")``;
- **geopandas sjoin**: ``sjoin(predicate="dwithin")`` in EPSG:3035, the usual recipe;
- **DuckDB spatial**: ``ST_DWithin`` spatial join in the same projection as the STRtree, when ``duckdb`` and the
  ``duckdb-ext-spatial`` package (the extension from PyPI, which loads offline) are installed:
  ``pip install 'geoevents[bench]'``;
- **PostGIS**: the same join in PostgreSQL (COPY in, ``ST_Transform`` to that projection, a GiST index on the
  segments, ``ST_DWithin``, COPY out, all timed) when Debian's PostgreSQL and PostGIS are installed
  (``apt-get install postgresql-postgis``): a throwaway server is started for the run, outside the timings; its
  CPU is the server's, its peak memory is not known ("n/a").

Runs alternate between the tools (A B C ... A B C ...); each cell is the median over ``--runs``. Wall and CPU
seconds and peak memory (max RSS) are the process's own, from ``os.wait4``. Every peer's set of points within the
distance is compared with geoevents' "certain" ones; where they differ, a geodesic reference (``pyproj.Geod`` to
the border densified to 2 m) decides who is right, for up to 40 points. The last columns are geoevents' time
divided by the peer's (below 1: geoevents is faster).

``--quick``: 10^5 points, one run. A second table times small jobs as a user runs them: ``--help``, the seed
event's near-border answer and map, and a Russian place name geocoded. A third compares status and fraction for
10^5 uncertain circles (10^4 with ``--quick``) with the geopandas recipe, in turns in this process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve()
AEQD = "+proj=aeqd +lat_0=50.5 +lon_0=35 +datum=WGS84 +units=m +no_defs"
COLUMNS = ("file", "id", "date", "lon", "lat", "precision", "radius_km", "min_km", "max_km", "status",
           "fraction_within", "side")


# --- the peers, each run as `python run.py --peer NAME POINTS BORDER KM OUT` -------------------------------------
def peer_floor(points: str, border: str, km: float, out: str) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    table = pcsv.read_csv(points)
    n = table.num_rows
    zeros, empty = pa.array(np.zeros(n)), pa.repeat("", n)
    pcsv.write_csv(pa.table({"file": empty, "id": table["id"], "date": empty, "lon": table["longitude"],
                             "lat": table["latitude"], "precision": empty, "radius_km": zeros, "min_km": zeros,
                             "max_km": zeros, "status": empty, "fraction_within": zeros, "side": empty}), out)


def _border_segments(border: str) -> np.ndarray:
    """The border's segments (m x 4, lon/lat), from its WKB file (the peers do not import geoevents)."""
    import shapely

    coords, part = shapely.get_coordinates(shapely.get_parts(shapely.from_wkb(Path(border).read_bytes())),
                                           return_index=True)
    same = part[:-1] == part[1:]
    return np.hstack([coords[:-1][same], coords[1:][same]])


def _points_and_segments(points: str, border: str, crs: str) -> tuple:
    import pyarrow.csv as pcsv
    import shapely
    from pyproj import Transformer

    table = pcsv.read_csv(points)
    to = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = to.transform(table["longitude"].to_numpy(), table["latitude"].to_numpy())
    segs = _border_segments(border)
    sx0, sy0 = to.transform(segs[:, 0], segs[:, 1])
    sx1, sy1 = to.transform(segs[:, 2], segs[:, 3])
    segments = shapely.linestrings(np.stack([np.column_stack([sx0, sy0]), np.column_stack([sx1, sy1])], axis=1))
    return table["id"], x, y, segments


def peer_strtree(points: str, border: str, km: float, out: str) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import shapely

    ids, x, y, segments = _points_and_segments(points, border, AEQD)
    tree = shapely.STRtree(segments)
    hit, _ = tree.query(shapely.points(x, y), predicate="dwithin", distance=km * 1000)
    pcsv.write_csv(pa.table({"id": ids.take(np.unique(hit))}), out)


def peer_geopandas(points: str, border: str, km: float, out: str) -> None:
    import geopandas as gpd
    import pandas as pd
    import shapely

    frame = pd.read_csv(points, engine="pyarrow")
    pts = gpd.GeoDataFrame(frame[["id"]], geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]),
                           crs="EPSG:4326").to_crs("EPSG:3035")
    parts = shapely.linestrings(_border_segments(border).reshape(-1, 2, 2))
    segs = gpd.GeoDataFrame(geometry=parts, crs="EPSG:4326").to_crs("EPSG:3035")
    joined = gpd.sjoin(pts, segs, predicate="dwithin", distance=km * 1000)
    pd.DataFrame({"id": joined["id"].drop_duplicates()}).to_csv(out, index=False)


def peer_duckdb(points: str, border: str, km: float, out: str) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute(f"LOAD '{_duckdb_spatial()}'")
    con.execute(f"CREATE TABLE pts AS SELECT id, ST_Transform(ST_Point(longitude, latitude), 'EPSG:4326', "
                f"'{AEQD}', always_xy := true) AS geom FROM read_csv('{points}')")
    # the border as segments (many small geometries, so that the spatial join can use its index), projected
    import pyarrow as pa
    import shapely

    segments = shapely.linestrings(_border_segments(border).reshape(-1, 2, 2))
    wkb = pa.table({"wkb": pa.array(shapely.to_wkb(segments), pa.binary())})
    con.register("border_wkb", wkb)
    con.execute(f"CREATE TABLE segs AS SELECT ST_Transform(ST_GeomFromWKB(wkb), 'EPSG:4326', '{AEQD}', "
                "always_xy := true) AS geom FROM border_wkb")
    con.execute(f"COPY (SELECT DISTINCT pts.id FROM pts JOIN segs ON ST_DWithin(pts.geom, segs.geom, {km * 1000})) "
                f"TO '{out}' (HEADER)")


def _duckdb_spatial() -> str:
    """The spatial extension's file from the duckdb-ext-spatial package."""
    import duckdb
    import duckdb_ext  # type: ignore[import-not-found]

    base = Path(next(iter(duckdb_ext.__path__))) / "extensions" / f"v{duckdb.__version__}"
    found = sorted(base.glob("*/spatial.duckdb_extension"))
    if not found:
        raise RuntimeError(f"no spatial extension for DuckDB {duckdb.__version__} under {base}")
    return str(found[0])


def _has_duckdb() -> str | None:
    """None if the DuckDB peer can run, else why not."""
    try:
        _duckdb_spatial()
    except (ImportError, RuntimeError, StopIteration) as exc:
        return f"DuckDB spatial not run: {exc} (pip install '.[bench]')"
    return None


def peer_postgis(points: str, border: str, km: float, out: str) -> None:
    """PostGIS in the server :func:`postgis_server` started: the CSV loaded with COPY, points and segments in the
    same projection as the STRtree, a GiST index on the segments, ``ST_DWithin`` join, the ids written with COPY;
    all of it by one psql, so the wall time counts every step (the harness adds the server's CPU to psql's; the
    server's memory is not measured)."""
    import subprocess

    import shapely

    socket_dir, port = os.environ[_PG_ENV].rsplit(":", 1)
    segments = shapely.linestrings(_border_segments(border).reshape(-1, 2, 2))
    segment_file = Path(out).with_suffix(".segments.csv")
    segment_file.write_text("\n".join(shapely.to_wkb(segments, hex=True)) + "\n")
    project = _AEQD_SRID
    join = f"SELECT DISTINCT p.id FROM ptp p JOIN segp s ON ST_DWithin(p.geom, s.geom, {km * 1000})"
    script = f"""
\\set ON_ERROR_STOP on
DROP TABLE IF EXISTS pts, ptp, segs, segp;
CREATE UNLOGGED TABLE pts (id text, latitude float8, longitude float8);
\\copy pts FROM '{points}' WITH (FORMAT csv, HEADER true)
CREATE UNLOGGED TABLE segs (wkb text);
\\copy segs FROM '{segment_file}' WITH (FORMAT csv)
CREATE UNLOGGED TABLE segp AS SELECT ST_Transform(ST_SetSRID(ST_GeomFromWKB(decode(wkb, 'hex')), 4326), {project})
    AS geom FROM segs;
CREATE INDEX ON segp USING gist (geom);
ANALYZE segp;
CREATE UNLOGGED TABLE ptp AS SELECT id, ST_Transform(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326),
    {project}) AS geom FROM pts;
ANALYZE ptp;
\\copy ({join}) TO '{out}' WITH (FORMAT csv, HEADER true)
"""
    subprocess.run(["psql", "-q", "-X", "-h", socket_dir, "-p", port, "-U", "postgres", "-d", "postgres"],
                   input=script, text=True, check=True, stdout=subprocess.DEVNULL)


CERTAIN_ONLY = "geoevents --status certain"
_PG_ENV = "GEOEVENTS_BENCH_PG"  # where the PostGIS peer finds the server: "SOCKET_DIR:PORT"
_AEQD_SRID = 990001  # AEQD registered under a number: ST_Transform to a PROJ string builds the projection per row


def _pg_bin() -> Path | None:
    """The newest PostgreSQL server programs Debian installed."""
    found = [b for b in Path("/usr/lib/postgresql").glob("*/bin") if (b / "initdb").is_file()
             and (b / "pg_ctl").is_file()]
    return max(found, key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0) if found else None


def _has_postgis() -> str | None:
    """None if the PostGIS peer can run, else why not."""
    import shutil

    base = _pg_bin()
    if base is None or shutil.which("psql") is None:
        return "PostGIS not run: no PostgreSQL server (Debian: apt-get install postgresql postgresql-15-postgis-3)"
    version = base.parent.name
    if not Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists():
        return f"PostGIS not run: PostgreSQL {version} has no PostGIS (apt-get install postgresql-{version}-postgis-3)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "PostGIS not run: the server refuses to run as root and there is no runuser to start it as postgres"
    return None


@contextlib.contextmanager
def postgis_server() -> Iterator[tuple[str, Path]]:
    """A throwaway PostgreSQL cluster with PostGIS on a Unix socket (started and stopped outside the timings; as
    the user postgres when this runs as root, which the server refuses); yields ``SOCKET_DIR:PORT`` and the
    server's pid file."""
    import shutil
    import socket
    import subprocess

    base = _pg_bin()
    assert base is not None
    folder = Path(tempfile.mkdtemp(prefix="geoevents-bench-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, logfile = folder / "data", folder / "server.log"
    with socket.socket() as probe:  # a free port for the socket's name
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
    subprocess.run([*as_user, str(base / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--no-sync"], **quiet)
    options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
    subprocess.run([*as_user, str(base / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(logfile), "-w",
                    "start"], **quiet)
    try:
        subprocess.run(["psql", "-q", "-X", "-h", str(folder), "-p", str(port), "-U", "postgres", "-d", "postgres",
                        "-c", "CREATE EXTENSION postgis", "-c",
                        f"INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, proj4text) "
                        f"VALUES ({_AEQD_SRID}, 'geoevents', {_AEQD_SRID}, '{AEQD}')"], **quiet)
        yield f"{folder}:{port}", data / "postmaster.pid"
    finally:
        subprocess.run([*as_user, str(base / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _server_cpu(pid_file: Path) -> float:
    """CPU seconds of the PostgreSQL server so far: the postmaster's own and its finished children's (each
    connection's backend and parallel worker is one, reaped when it ends)."""
    pid = pid_file.read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime, stime, cutime, cstime


PEERS = {"pyarrow floor": peer_floor, "shapely STRtree": peer_strtree, "geopandas sjoin": peer_geopandas,
         "DuckDB spatial": peer_duckdb, "PostGIS": peer_postgis}


# --- the harness ---------------------------------------------------------------------------------------------------
# Peak memory of a child as the kernel counts it includes the memory of the process it was started from, taken
# over when it execs; so each tool is started by this small launcher, whose own few MB are all it inherits.
_LAUNCH = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024, "code": os.waitstatus_to_exitcode(status)}))
"""


def timed(argv: list[str], *, cwd: Path) -> dict:
    """Run a process; its wall and CPU seconds and peak RSS (MB)."""
    import subprocess

    with tempfile.TemporaryFile() as err:
        done = subprocess.run([sys.executable, "-c", _LAUNCH, *argv], cwd=cwd, stdout=subprocess.PIPE, stderr=err,
                              check=False)
        result = json.loads(done.stdout.decode().strip().splitlines()[-1]) if done.stdout.strip() else {"code": -1}
        if result.pop("code") != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed: {err.read().decode().strip()[-500:]}")
    return result


def make_points(n: int, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(0)
    lon, lat = np.round(rng.uniform(30, 40, n), 6), np.round(rng.uniform(48, 53, n), 6)
    ids = pa.array(np.char.add("p", np.arange(n).astype(str)))
    pcsv.write_csv(pa.table({"id": ids, "latitude": lat, "longitude": lon}), path,
                   pcsv.WriteOptions(quoting_style="none"))


def ids_within(path: Path, geoevents_output: bool) -> set[str]:
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    table = pcsv.read_csv(path)
    if geoevents_output:
        table = table.filter(pc.equal(table["status"], "certain"))
    return set(table["id"].to_pylist())


def referee(ids: set[str], points: Path, border, km: float, limit: int = 40) -> tuple[int, int]:
    """Of up to ``limit`` disputed points: how many geoevents and the peer have right, by the geodesic
    reference."""
    sys.path.insert(0, str(HERE.parents[1] / "tests"))
    import pyarrow.csv as pcsv
    from geodesic_reference import distance_to_line_m

    table = pcsv.read_csv(points).to_pandas().set_index("id")
    ours = theirs = 0
    for i, (point, inside_for_geoevents) in enumerate(sorted(ids.items())):
        if i == limit:
            break
        lon, lat = table.loc[point, "longitude"], table.loc[point, "latitude"]
        truth = distance_to_line_m(lon, lat, border, step_m=2.0) <= km * 1000
        ours += truth == inside_for_geoevents
        theirs += truth != inside_for_geoevents
    return ours, theirs


def small_jobs(folder: Path, runs: int) -> list[tuple[str, dict]]:
    geoevents = [sys.executable, "-m", "geoevents"]
    jobs = {"geoevents --help": [*geoevents, "--help"],
            "near-border --km 10 (the seed event)": [*geoevents, "near-border", "--km", "10"],
            "map (the seed event)": [*geoevents, "map", "-o", str(folder / "seed.html")],
            "geocode 'в селе Теткино Курской области'": [*geoevents, "geocode",
                                                         "в селе Теткино Курской области"]}
    out = []
    for name, argv in jobs.items():
        timed(argv, cwd=folder)  # warm the file cache
        results = [timed(argv, cwd=folder) for _ in range(runs)]
        out.append((name, {k: statistics.median(r[k] for r in results) for k in results[0]}))
    return out


def areas(n: int, km: float, rounds: int) -> list[tuple[str, float]]:
    """10^5 geodesic circles of 2-25 km whose centres lie within 40 km of the border: status and fraction by
    geoevents (setup included) and by the geopandas recipe (the border buffered in EPSG:3035, ``within``,
    ``intersects``, then the intersection's share of the area), in turns in this process; and how they agree."""
    import geopandas as gpd
    import shapely

    import geoevents
    from geoevents.datasets.points import precision_geometries
    from geoevents.geometry.geodesy import GEOD
    from geoevents.nearborder import NearBorderIndex

    border = geoevents.load_boundaries().border("RU-UA")
    rng = np.random.default_rng(0)
    along = shapely.get_coordinates(shapely.segmentize(border, 0.01))
    start = along[rng.integers(len(along), size=n)]
    lon, lat, _ = GEOD.fwd(start[:, 0], start[:, 1], rng.uniform(0, 360, n), rng.uniform(0, 40_000, n))
    circles = precision_geometries(lon, lat, rng.uniform(2, 25, n))
    times: dict[str, list[float]] = {"geoevents": [], "geopandas": []}
    for _ in range(rounds):
        t = time.perf_counter()
        status, fraction = NearBorderIndex(border, km=km).classify(circles)
        times["geoevents"].append(time.perf_counter() - t)
        t = time.perf_counter()
        band = gpd.GeoSeries([border], crs="EPSG:4326").to_crs("EPSG:3035").buffer(km * 1000).iloc[0]
        shapely.prepare(band)
        metric = gpd.GeoSeries(circles, crs="EPSG:4326").to_crs("EPSG:3035").values
        inside, meets = shapely.within(metric, band), shapely.intersects(metric, band)
        share = np.where(inside, 1.0, 0.0)
        part = meets & ~inside
        share[part] = shapely.area(shapely.intersection(metric[part], band)) / shapely.area(metric[part])
        times["geopandas"].append(time.perf_counter() - t)
    theirs = np.where(inside, 2, np.where(meets, 1, 0))
    both = (status == 1) & (theirs == 1)
    ours, peer = statistics.median(times["geoevents"]), statistics.median(times["geopandas"])
    return [(f"circles: {n:,} (2-25 km), {int((status == 1).sum()):,} partly within {km:g} km", 0.0),
            ("geoevents NearBorderIndex (setup + status + fraction)", ours),
            ("geopandas recipe (EPSG:3035 buffer, within, intersection)", peer),
            ("geopandas / geoevents", peer / ours),
            ("statuses that differ", float((status != theirs).sum())),
            ("median |fraction difference| where both say possible",
             float(np.median(np.abs(fraction[both] - share[both]))) if both.any() else 0.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10^5 points, one run")
    parser.add_argument("--n", type=int, default=None, help="number of points (default 10^6; --quick 10^5)")
    parser.add_argument("--km", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=None, help="runs per tool (default 3; --quick 1)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--no-small", action="store_true", help="leave out the table of small jobs")
    parser.add_argument("--no-areas", action="store_true", help="leave out the uncertain circles")
    parser.add_argument("--peer", nargs=5, metavar=("NAME", "POINTS", "BORDER", "KM", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        name, points, border, km, out = args.peer
        return PEERS[name](points, border, float(km), out)
    n = args.n or (100_000 if args.quick else 1_000_000)
    runs = args.runs or (1 if args.quick else 3)

    import shapely

    import geoevents

    border = geoevents.load_boundaries().border("RU-UA")
    with tempfile.TemporaryDirectory(prefix="geoevents-bench-") as tmp:
        folder = Path(tmp)
        points, border_file = folder / "points.csv", folder / "border.wkb"
        make_points(n, points)
        border_file.write_bytes(shapely.to_wkb(border))
        ours_argv = [sys.executable, "-m", "geoevents", "near-border", str(points), "--km", str(args.km), "--format",
                     "csv", "-o"]
        tools = {"geoevents near-border": [*ours_argv, str(folder / "geoevents.csv")],
                 CERTAIN_ONLY: [*ours_argv, str(folder / "geoevents-certain.csv"), "--status", "certain"]}
        outputs = {"geoevents near-border": folder / "geoevents.csv", CERTAIN_ONLY: folder / "geoevents-certain.csv"}
        skipped = []
        for name in PEERS:
            why = {"DuckDB spatial": _has_duckdb, "PostGIS": _has_postgis}.get(name, lambda: None)()
            if why:
                skipped.append(why)
                continue
            outputs[name] = folder / f"{name.split()[0]}.csv"
            tools[name] = [sys.executable, str(HERE), "--peer", name, str(points), str(border_file), str(args.km),
                           str(outputs[name])]
        results: dict[str, list[dict]] = {name: [] for name in tools}
        with postgis_server() if "PostGIS" in tools else contextlib.nullcontext(("", None)) as (server, pid_file):
            os.environ[_PG_ENV] = server
            for _ in range(runs):
                for name, argv in tools.items():
                    before = _server_cpu(pid_file) if name == "PostGIS" else 0.0
                    results[name].append(timed(argv, cwd=folder))
                    if name == "PostGIS":  # the server's work, and its memory not known: psql's would mislead
                        results[name][-1].update(cpu=results[name][-1]["cpu"] + _server_cpu(pid_file) - before,
                                                 rss_mb=math.nan)
        ours = ids_within(folder / "geoevents.csv", True)
        rows = []
        for name in tools:
            med = {k: statistics.median(r[k] for r in results[name]) for k in results[name][0]}
            count, differs, right = "", "", ""
            if name not in ("geoevents near-border", "pyarrow floor"):
                theirs = ids_within(outputs[name], name == CERTAIN_ONLY)
                disputed = {p: True for p in ours - theirs} | {p: False for p in theirs - ours}
                count, differs = len(theirs), len(disputed)
                if disputed:
                    good, bad = referee(disputed, points, border, args.km)
                    right = f"geoevents {good}, peer {bad}"
            elif name == "geoevents near-border":
                count = len(ours)
            rows.append((name, med, count, differs, right))
        small = [] if args.no_small else small_jobs(folder, max(runs, 3))
    circles = [] if args.no_areas else areas(10_000 if args.quick else 100_000, args.km, runs)

    base = rows[0][1]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{n:,} points within {args.km:g} km of the RU-UA border; median of {runs} run(s) each")
    head = (f"{'tool':<28}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'within':>9}{'differ':>8}  "
            f"{'geoevents/tool wall':>19}{'CPU':>6}  who is right where they differ")
    print(head + "\n" + "-" * len(head))
    for name, med, count, differs, right in rows:
        ratio = ("" if name.startswith("geoevents")
                 else f"{base['wall'] / med['wall']:>19.2f}{base['cpu'] / med['cpu']:>6.2f}")
        peak = "n/a" if math.isnan(med["rss_mb"]) else f"{med['rss_mb']:.0f}"
        print(f"{name:<28}{med['wall']:>8.2f}{med['cpu']:>8.2f}{peak:>9}{count!s:>9}{differs!s:>8}  "
              f"{ratio:>25}  {right}")
    certain = next(med for name, med, *_ in rows if name == CERTAIN_ONLY)
    print(f"{CERTAIN_ONLY} (the ids within, as the peers write them) / tool, wall: "
          + ", ".join(f"{name} {certain['wall'] / med['wall']:.2f}" for name, med, *_ in rows
                      if not name.startswith("geoevents")))
    for why in skipped:
        print(why)
    if small:
        print(f"\n{'small job':<48}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}")
    for name, med in small:
        print(f"{name:<48}{med['wall']:>8.2f}{med['cpu']:>8.2f}{med['rss_mb']:>9.0f}")
    if circles:
        print()
    for name, value in circles:
        print(f"{name:<64}{value:>10.3f}" if value else name)
    if args.json:
        Path(args.json).write_text(json.dumps({"n": n, "km": args.km, "runs": runs,
                                               "tools": {r[0]: {**{k: None if v != v else v
                                                                        for k, v in r[1].items()},
                                                                     "within": r[2], "differ": r[3]}
                                                         for r in rows},
                                               "small": dict(small), "areas": dict(circles)}, indent=1))


if __name__ == "__main__":
    main()
