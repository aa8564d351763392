"""The gazetteer (geoevents.places.gazetteer): transliteration skeletons, district centres, ambiguity and the population
prior, user gazetteers (GeoNames dumps and CSV files, with their errors), and the embedded data."""

from __future__ import annotations

import pytest

from geoevents.errors import GazetteerError
from geoevents.places import load_gazetteer, read_user_gazetteer, skeleton


# --- skeletons and transliteration variants -------------------------------------------------------------------
@pytest.mark.parametrize("variants", [
    ("Tyotkino", "Tetkino", "Tëtkino", "Тёткино", "Tjotkino"),
    ("Sudzha", "Sudza", "Sudža", "Суджа"),
    ("Seredyna-Buda", "Seredina-Buda", "Середина-Буда"),
    ("Krasnopillia", "Krasnopillya"),
])
def test_skeletons_of_variants_are_equal(variants):
    assert len({skeleton(v) for v in variants}) == 1, {v: skeleton(v) for v in variants}


@pytest.mark.parametrize("variants, name, region", [
    (("Tyotkino", "Tetkino", "Tëtkino", "Тёткино", "Tjotkino"), "Tëtkino", "RU-KRS"),
    (("Sudzha", "Sudza", "Sudža", "Суджа"), "Sudzha", "RU-KRS"),
    (("Seredyna-Buda", "Seredina-Buda", "Середина-Буда"), "Seredyna-Buda", "UA-59"),
    (("Hlukhiv", "Glukhov"), "Hlukhiv", "UA-59"),  # different skeletons: Glukhov is an alternate name
])
def test_variants_resolve_to_one_place(gazetteer, variants, name, region):
    found = [gazetteer.resolve(v) for v in variants]
    assert all(r.status == "resolved" and not r.fuzzy for r in found), [r.note for r in found]
    assert {r.place.id for r in found} == {found[0].place.id}
    assert (found[0].place.name, found[0].place.region) == (name, region)


def test_hlukhiv_and_glukhov_differ_in_skeleton_but_not_in_place(gazetteer):
    assert skeleton("Hlukhiv") != skeleton("Glukhov")
    assert gazetteer.resolve("Glukhov").place == gazetteer.resolve("Hlukhiv").place


@pytest.mark.parametrize("name", ["Krasnopillia", "Krasnopillya", "Краснопілля"])
def test_krasnopillya_in_sumy_oblast(gazetteer, name):
    r = gazetteer.resolve(name, regions=["UA-59"])
    assert r.place is not None and r.place.name == "Krasnopillya" and r.place.region == "UA-59"
    assert len(r.candidates) >= 2  # the other Krasnopillya is listed, not chosen
    assert gazetteer.resolve(name).place is None  # without the region: ambiguous


def test_fuzzy_tetkine(gazetteer):
    r = gazetteer.resolve("Tetkine", countries=["RU"])
    assert r.status == "resolved" and r.fuzzy
    assert r.place.name == "Tëtkino" and r.place.country == "RU"
    assert "fuzzy" in r.note


# --- district centres --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("district, kwargs, centre, region", [
    ("Glushkovsky", {}, "Glushkovo", "RU-KRS"),
    ("Sudzhansky", {}, "Sudzha", "RU-KRS"),
    ("Klimovsky", {"regions": ["RU-BRY"]}, "Klimovo", "RU-BRY"),
    ("Hlukhivskyi", {}, "Hlukhiv", "UA-59"),
    ("Shostkynskyi", {}, "Shostka", "UA-59"),
    ("Rylsky", {}, "Ryl", "RU-KRS"),  # Ryl'sk, spelled with one apostrophe or another
])
def test_district_centre(gazetteer, district, kwargs, centre, region):
    r = gazetteer.district_centre(district, **kwargs)
    assert r.place is not None, r.note
    assert centre in r.place.name and r.place.region == region
    assert district in r.note


def test_klimovsky_without_context_is_ambiguous(gazetteer):
    r = gazetteer.district_centre("Klimovsky")
    assert r.place is None and r.status == "ambiguous"
    assert "Klimovo" in [p.name for p in r.candidates]
    assert "ambiguous" in r.note


# --- ambiguity and the population prior ----------------------------------------------------------------------------
def _belgorod_alexeyevka(candidates):
    return [p for p in candidates if p.region == "RU-BEL"]


def test_alekseevka_without_context_is_ambiguous(gazetteer):
    r = gazetteer.resolve("Alekseevka")
    assert r.place is None and r.status == "ambiguous" and not r.outside
    assert len(r.candidates) >= 3
    assert _belgorod_alexeyevka(r.candidates)
    assert "ambiguous" in r.note


def test_alekseevka_in_kursk_region_is_unknown_with_candidates(gazetteer):
    r = gazetteer.resolve("Alekseevka", regions=["RU-KRS"])
    assert r.place is None and r.status == "unknown" and r.outside
    assert r.candidates and _belgorod_alexeyevka(r.candidates)
    assert all(p.region != "RU-KRS" for p in r.candidates)


@pytest.mark.parametrize("kwargs", [{}, {"regions": ["RU-KRS"]}, {"countries": ["RU"]},
                                    {"countries": ["RU"], "regions": ["RU-KRS"]}, {"regions": ["RU-KRS", "RU-BRY"]}])
def test_belgorod_alexeyevka_is_never_chosen(gazetteer, kwargs):
    r = gazetteer.resolve("Alekseevka", **kwargs)
    assert r.place is None
    assert _belgorod_alexeyevka(r.candidates)


def test_population_prior_sumy(gazetteer):
    r = gazetteer.resolve("Sumy")
    assert r.place is not None and r.place.name == "Sumy" and r.place.region == "UA-59"
    assert r.place.population == max(p.population for p in r.candidates)
    assert r.place.population > 100_000


# --- user gazetteers -----------------------------------------------------------------------------------------------
def _geonames_row(gid, name, alternates, lat, lon, population=0, fclass="P", fcode="PPL", country="RU",
                  admin1="41"):
    return "\t".join([str(gid), name, name, ",".join(alternates), str(lat), str(lon), fclass, fcode, country, "",
                      admin1, "", "", "", str(population), "", "180", "Europe/Moscow", "2024-08-06"])


@pytest.fixture(scope="module")
def user_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gazetteers")
    dump = folder / "RU.txt"
    rows = [_geonames_row(99000001, "Pridumanovka", ["Прежневка", "Pridumanowka"], 51.3, 34.9, 420),
            _geonames_row(99000002, "Staraya Nebyvalka", ["Старая Небывалка"], 51.42, 35.07)]
    assert all(len(row.split("\t")) == 19 for row in rows)
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    table = folder / "places.csv"
    table.write_text("name,lat,lon,country,admin1\nNebyvalovo,51.35,35.12,RU,Kursk Oblast\n"
                     "Vydumkino,51.48,34.83,ru,Kursk Oblast\n", encoding="utf-8")
    return dump, table


@pytest.fixture(scope="module")
def extended(user_files):
    calls = []

    def region_of(lon, lat, admin1):
        calls.append((lon, lat, admin1))
        return "RU-KRS"

    return load_gazetteer(extra=list(user_files), region_of=region_of), calls


@pytest.mark.parametrize("name, lon, lat", [
    ("Pridumanovka", 34.9, 51.3), ("Staraya Nebyvalka", 35.07, 51.42),  # GeoNames dump: latitude first
    ("Nebyvalovo", 35.12, 51.35), ("Vydumkino", 34.83, 51.48),  # CSV: lat column before lon
])
def test_user_places_resolve_with_lon_lat_in_order(gazetteer, extended, name, lon, lat):
    g, _ = extended
    assert gazetteer.resolve(name).place is None  # not in the embedded data
    r = g.resolve(name, regions=["RU-KRS"])
    assert r.status == "resolved" and not r.fuzzy, r.note
    p = r.place
    assert (p.name, p.lon, p.lat) == (name, lon, lat)
    assert p.country == "RU" and p.region == "RU-KRS"


def test_user_places_sources_and_population(extended):
    g, _ = extended
    dumped = g.resolve("Pridumanovka").place
    assert dumped.source == "RU.txt" and dumped.population == 420 and dumped.id.endswith("99000001")
    assert g.resolve("Nebyvalovo").place.source == "places.csv"


def test_cyrillic_alternate_name_from_the_dump(gazetteer, extended):
    g, _ = extended
    assert skeleton("Прежневка") != skeleton("Pridumanovka")
    assert not [s for _, s in gazetteer.candidates("Прежневка") if s == 100]
    r = g.resolve("Прежневка")
    assert r.status == "resolved" and not r.fuzzy and r.place.name == "Pridumanovka"
    assert g.resolve("Старая Небывалка").place.name == "Staraya Nebyvalka"


def test_region_of_gets_lon_lat_and_admin1(extended):
    g, calls = extended
    assert (34.9, 51.3, "") in calls  # the dump's admin1 is a GeoNames code, not a region name
    assert (35.12, 51.35, "Kursk Oblast") in calls
    assert len(calls) == 4


def test_read_user_gazetteer_directly(user_files):
    dump, table = user_files
    assert [p.name for p in read_user_gazetteer(dump)] == ["Pridumanovka", "Staraya Nebyvalka"]
    places = read_user_gazetteer(table)
    assert [(p.name, p.region) for p in places] == [("Nebyvalovo", "Kursk Oblast"), ("Vydumkino", "Kursk Oblast")]
    assert {p.country for p in places} == {"RU"}


BAD_FILES = [
    ("nolon.csv", "name,lat,country,admin1\nA,51.3,RU,Kursk Oblast\n", 1),
    ("lat95.csv", "name,lat,lon\nA,51.3,34.9\nB,95,34.9\n", 3),
    ("nan.csv", "name,lat,lon\nA,51.3,34.9\nB,51.3,34.9\nC,fifty,34.9\n", 4),
    ("lonword.csv", "name,lat,lon\nA,51.3,east\n", 2),
    ("RU.txt", _geonames_row(1, "A", [], 51.3, 34.9) + "\n" + _geonames_row(2, "B", [], 51.4, 35.0) + "\n"
     + "3\tC\tC\t\t51.5\t35.1\tP\tPPL\n", 3),
    ("UA.txt", _geonames_row(1, "A", [], 51.3, 34.9) + "\n" + _geonames_row(2, "B", [], 95, 35.0) + "\n", 2),
]


@pytest.mark.parametrize("name, text, line", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_user_gazetteer_names_file_and_line(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        read_user_gazetteer(path)
    message = str(info.value)
    assert name in message and f"{name}:{line}:" in message, message
    assert "\n" not in message


def test_bad_user_gazetteer_fails_load_gazetteer(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,lat,lon\nA,95,34.9\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad\.csv:2:"):
        load_gazetteer([path])


def test_missing_user_gazetteer(tmp_path):
    with pytest.raises(GazetteerError, match="nope.csv"):
        read_user_gazetteer(tmp_path / "nope.csv")


@pytest.mark.parametrize("text", ["name,lat,lon\nA,51.3,34.9\n\nB,95,34.9\n",
                                  'name,lat,lon\n"A\nsecond line",51.3,34.9\nB,95,34.9\n'],
                         ids=["blank-line", "multi-line-field"])
def test_csv_error_line_counts_lines_not_records(tmp_path, text):
    path = tmp_path / "gaps.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"gaps\.csv:4:"):
        read_user_gazetteer(path)


def _dump(tmp_path, *rows):
    path = tmp_path / "RU.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_dump_repeating_an_embedded_place_keeps_it_resolved(gazetteer, tmp_path):
    sudzha = gazetteer.resolve("Sudzha").place
    row = _geonames_row(sudzha.id, sudzha.name, sudzha.names, sudzha.lat, sudzha.lon, sudzha.population,
                        fcode="PPLA2")
    g = load_gazetteer([_dump(tmp_path, row)])
    r = g.resolve("Sudzha")
    assert r.status == "resolved", r.note
    assert r.place.lon == sudzha.lon and r.place.lat == sudzha.lat


def test_dump_features_that_are_not_places_are_ignored(gazetteer, tmp_path):
    river = _geonames_row(99000010, "Sudzha", ["Суджа"], 51.2, 35.3, fclass="H", fcode="STM")
    village = _geonames_row(99000011, "Pridumanovka", [], 51.3, 34.9)
    g = load_gazetteer([_dump(tmp_path, river, village)])
    assert g.resolve("Pridumanovka").place is not None
    r = g.resolve("Sudzha")
    assert r.status == "resolved" and r.place.region == "RU-KRS", r.note


# --- the embedded data ---------------------------------------------------------------------------------------------
def test_embedded_places_are_consistent(gazetteer):
    assert len(gazetteer) > 10_000
    assert len({p.id for p in gazetteer.places}) == len(gazetteer)
    for p in gazetteer.places:
        assert p.country in ("RU", "UA", "BY"), p
        crimea = p.region in ("UA-43", "UA-40")  # Crimea and Sevastopol: UA codes, whatever GeoNames' country
        assert p.region.startswith(p.country + "-") or crimea, p
        assert -180 <= p.lon <= 180 and -90 <= p.lat <= 90, p
        assert 41 <= p.lat <= 82 and (p.lon >= 19 or p.lon <= -168), p  # RU/UA/BY, Chukotka past 180 deg
        assert p.name and p.population >= 0 and p.source == "GeoNames"


def test_embedded_places_are_made_when_asked_for_and_read_alike_every_way():
    """The embedded rows become places on first use (a lookup makes few of the 11,000); by index, slice and
    iteration they are the same objects, and a copy extended with a user's place leaves the embedded one as it is."""
    from geoevents.model import Place
    from geoevents.places.gazetteer import Gazetteer, _embedded, _Rows, embedded_gazetteer, embedded_places

    fresh = _Rows(embedded_gazetteer().places._lines)  # other tests may have made every place of the shared one
    assert Gazetteer(fresh, keys=list(_embedded()[1])).resolve("Glushkovo").place is not None
    assert 0 < sum(made is not None for made in fresh._made) < 100
    gazetteer = embedded_gazetteer()
    rows = gazetteer.places
    assert rows[5:8] == [rows[5], rows[6], rows[7]] and rows[-1] is rows[len(rows) - 1]
    every = embedded_places()
    assert len(every) == len(rows) == len(_embedded()[1]) and all(a is b for a, b in zip(every, rows, strict=True))
    window = (34.0, 50.5, 36.5, 52.0)
    inside = [p for p in every if window[0] <= p.lon <= window[2] and window[1] <= p.lat <= window[3]]
    assert 50 < len(inside) < len(every) and list(embedded_places(window)) == inside
    extended = gazetteer.copy()
    extended.extend([Place("u1", "Kvostovka Dalnyaya", 35.1, 51.2, "RU", "RU-KRS", 0, (), "user")])
    assert len(extended) == len(gazetteer) + 1 and extended.resolve("Kvostovka Dalnyaya").place.id == "u1"
    assert embedded_gazetteer().places is rows and len(rows) == len(every)


def test_place_label(gazetteer):
    assert gazetteer.resolve("Glushkovo").place.label() == "Glushkovo (RU-KRS, pop. 5,618)"


def test_the_embedded_index_keys_are_the_skeletons_of_today():
    """The embedded data carries each place's skeletons (computed by boundaries/build_gazetteer.py, so that no
    process computes them); they must be what :func:`skeletons` gives now, or the index would match stale keys."""
    from geoevents.places.gazetteer import Gazetteer, embedded_gazetteer, embedded_places

    stored = embedded_gazetteer()
    computed = Gazetteer(list(embedded_places()))
    assert stored._index == computed._index and stored._keys == computed._keys
    assert stored.resolve("Tyotkino").place.name == "Tëtkino"
