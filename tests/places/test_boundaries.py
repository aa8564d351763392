"""The embedded boundary coverage: valid tiling, the RU-UA border against its source, names and points of view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer

import geoevents
from geoevents.geometry.geodesy import area_km2, length_km

REFERENCE = Path(__file__).resolve().parents[2] / "boundaries" / "reference" / "ru_ua_osm_bridged.geojson"
_AEQD = "+proj=aeqd +lat_0=50 +lon_0=35 +datum=WGS84 +units=m"


def _metric(geom):
    t = Transformer.from_crs("EPSG:4326", _AEQD, always_xy=True)
    return shapely.transform(geom, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))


def test_units_form_a_valid_coverage(boundaries):
    assert all(shapely.is_valid(boundaries.geometries))
    assert shapely.coverage_is_valid(boundaries.geometries)


@pytest.mark.parametrize("country, at_least", [("RU", 80), ("UA", 25), ("BY", 7)])
def test_regions_tile_their_country(boundaries, country, at_least):
    idx = boundaries.country_units(country)
    regions = boundaries.geometries[idx]
    assert len(idx) >= at_least
    assert all(boundaries.units[i]["kind"] == "region" for i in idx)
    overlap = sum(area_km2(shapely.intersection(regions[i], regions[j]))
                  for i in range(len(regions)) for j in range(i + 1, len(regions))
                  if shapely.intersects(regions[i], regions[j]))
    assert overlap < 0.01
    # a gap is a hole in the union of the country's regions that no other unit fills
    union = shapely.coverage_union_all(regions)
    holes = [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
    others = shapely.union_all([g for k, g in enumerate(boundaries.geometries) if k not in set(idx)])
    gap = sum(area_km2(shapely.difference(h, others)) for h in holes)
    assert gap < 0.01


def test_ru_ua_border_is_one_line_within_100_m_of_the_bridged_source(boundaries):
    border = boundaries.border("RU-UA")
    assert border.geom_type == "LineString", "the RU-UA border must be one continuous line"
    assert 1950 < length_km(border) < 2100
    source = shapely.get_parts(shapely.from_geojson(REFERENCE.read_text()))[0]
    meta = json.loads(REFERENCE.read_text())["features"][0]["properties"]
    assert meta["gaps_bridged"] > 30  # the source line really has gaps; this is not a comparison with itself
    assert _hausdorff_m(_metric(border), _metric(source)) < 100.0


def _hausdorff_m(a, b, step_m: float = 20.0) -> float:
    """Hausdorff distance of two metric lines, sampling each every ``step_m`` (exact to step_m / 2)."""
    shapely.prepare(a)
    shapely.prepare(b)
    pa = shapely.points(shapely.get_coordinates(shapely.segmentize(a, step_m)))
    pb = shapely.points(shapely.get_coordinates(shapely.segmentize(b, step_m)))
    return float(max(shapely.distance(pa, b).max(), shapely.distance(pb, a).max()))


def test_border_ends_at_the_belarus_tripoint_and_the_sea(boundaries):
    border = boundaries.border("RU-UA")
    ends = {tuple(np.round(border.coords[0], 1)), tuple(np.round(border.coords[-1], 1))}
    by = boundaries.country("BY")
    assert any(shapely.dwithin(shapely.Point(e), by, 0.1) for e in ends)
    assert any(e[1] < 47.5 for e in ends)  # the Sea of Azov end, south of Taganrog Bay's latitude


def test_shared_edges_give_other_borders(boundaries):
    assert length_km(boundaries.border("UA-BY")) > 900
    assert length_km(boundaries.border("Kursk/Bryansk")) > 50
    with pytest.raises(geoevents.UnknownBorderError):
        boundaries.border("PL-KZ")
    with pytest.raises(geoevents.UnknownBorderError):
        boundaries.border("RU-XX")
    with pytest.raises(geoevents.UnknownBorderError):
        boundaries.border("nonsense")


@pytest.mark.parametrize("name", ["RU-KRS", "Kursk", "kursk oblast", "Kursk Region", "Kurskaya Oblast",
                                  "Курская область", "Курська область"])
def test_region_names_resolve(boundaries, name):
    assert boundaries.units[boundaries.find(name)]["iso_3166_2"] == "RU-KRS"


def test_unknown_region_is_an_error(boundaries):
    with pytest.raises(geoevents.UnknownRegionError, match="Atlantis"):
        boundaries.find("Atlantis")


def test_crimea_follows_the_point_of_view():
    simferopol = (34.10, 44.95)
    recognised = geoevents.load_boundaries()
    assert recognised.country_at(*simferopol) == "UA"
    assert recognised.country_at(36.19, 51.73) == "RU"  # Kursk city
    russian_view = geoevents.load_boundaries(point_of_view="RU")
    assert russian_view.country_at(*simferopol) == "RU"
    # the recognised RU-UA border does not reach Crimea; in the other view it runs across the Perekop isthmus
    assert shapely.bounds(recognised.border("RU-UA"))[1] > 46.0
    assert shapely.bounds(russian_view.border("RU-UA"))[1] < 46.3


def test_bad_boundary_file_is_a_one_line_error(tmp_path):
    bad = tmp_path / "b.geojson"
    bad.write_text("{not json")
    with pytest.raises(geoevents.BoundaryDataError, match="b.geojson"):
        geoevents.load_boundaries(bad)


def test_a_country_alone_names_all_its_land_borders(boundaries):
    pairs = sum(length_km(boundaries.border(f"UA-{c}")) for c in ("RU", "BY", "PL", "SK", "HU", "RO", "MD"))
    assert length_km(boundaries.border("UA")) == pytest.approx(pairs, rel=0.001)
    assert 5500 < pairs < 6000  # Ukraine's land borders are about 5,600 km long


@pytest.mark.parametrize("west, east, south, north", [(30, 40, 48, 53), (-180, 180, -60, 80), (26, 27, 50, 51)])
def test_units_at_by_grid_cells_agrees_with_testing_every_unit(boundaries, west, east, south, north):
    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(west, east, 20_000), rng.uniform(south, north, 20_000)
    lon[:5], lat[:5] = np.round(lon[:5], 1), np.round(lat[:5], 1)  # on cell corners
    expected = np.full(len(lon), -1)
    for i, geometry in enumerate(boundaries.geometries):
        free = expected < 0
        expected[np.nonzero(free)[0][shapely.intersects_xy(geometry, lon[free], lat[free])]] = i
    assert np.array_equal(boundaries.units_at(lon, lat), expected)
    assert np.array_equal(boundaries.units_at(lon, lat), expected)  # cells remembered
    assert (expected >= 0).any()


@pytest.mark.parametrize(("typed", "meant"), [("Kurks", "Kursk (RU-KRS)"), ("Sumi oblast", "Sumy (UA-59)"),
                                              ("Belgorog", "Belgorod (RU-BEL)"), ("Курксая", "Kursk (RU-KRS)"),
                                              ("Чернингiвська область", "Chernihiv (UA-74)"),
                                              ("Белгародская", "Belgorod (RU-BEL)")])
def test_a_misspelt_region_is_answered_with_the_closest_name(boundaries, typed, meant):
    with pytest.raises(geoevents.UnknownRegionError, match=re.escape(f"did you mean {meant}?")):
        boundaries.find(typed)


def test_a_name_like_no_region_gets_no_suggestion(boundaries):
    with pytest.raises(geoevents.UnknownRegionError) as info:
        boundaries.find("Atlantis")
    assert "did you mean" not in str(info.value)


# --- region names as reports inflect them -------------------------------------------------------------------------
def _inflected_region_names(boundaries):
    """Every case of every region's Russian and Ukrainian adjective name, as pymorphy3 inflects it, with the
    region word after it ("Курской области", "Сумській області", "Краснодарского края")."""
    import pymorphy3

    analysers = {"name_ru": pymorphy3.MorphAnalyzer(lang="ru"), "name_uk": pymorphy3.MorphAnalyzer(lang="uk")}
    forms = set()
    for unit in boundaries.units:
        if unit["kind"] != "region":
            continue
        for field, morph in analysers.items():
            words = (unit.get(field) or "").split()
            if len(words) != 2 or not re.search(r"(ская|ська|ский|ський)$", words[0]):
                continue
            for case in ("gent", "datv", "accs", "ablt", "loct"):
                adjective, noun = (morph.parse(w)[0].inflect({case}) for w in words)
                if adjective is not None and noun is not None:
                    forms.add(f"{adjective.word.capitalize()} {noun.word}")
    return sorted(forms)


def test_region_adjectives_in_any_case_find_what_the_dictionaries_find(boundaries, monkeypatch):
    """The endings read without pymorphy3 ("Курской" -> "Курская") give each region name in each case the unit
    the dictionaries give it, or the same error."""
    from geoevents.places import boundaries as module

    def found(name):
        try:
            return boundaries.label(boundaries.find(name))
        except geoevents.errors.UnknownRegionError as exc:
            return str(exc)

    forms = _inflected_region_names(boundaries)
    assert len(forms) > 200
    by_rule = {form: found(form) for form in forms}
    monkeypatch.setattr(module, "adjective_nominatives", lambda name: [])
    by_dictionary = {form: found(form) for form in forms}
    assert by_rule == by_dictionary
    assert by_rule["Курской области"] == "Kursk (RU-KRS)" and by_rule["Сумській області"] == "Sumy (UA-59)"


def test_a_region_named_in_an_oblique_case_needs_no_dictionary(tmp_path):
    """Reading "Курской области" or "Сумської області" does not load pymorphy3's dictionaries (a short Russian or
    Ukrainian phrase took a tenth of a second longer for them)."""
    import subprocess
    import sys

    code = ("import sys, geoevents; b = geoevents.load_boundaries(); "
            "print(b.label(b.find('Курской области')), b.label(b.find('Сумської області')), 'pymorphy3' in sys.modules)")
    # from another folder, so that the installed package is imported, not the source tree
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout.split() == ["Kursk", "(RU-KRS)", "Sumy", "(UA-59)", "False"]
