"""Russian and Ukrainian location phrases written by the team, one or more per construction, each checked against
the geometry: the place the phrase names lies in the area, the area lies in the region named, every vertex of the
area is as far from the border or from the place as the phrase says (GeographicLib and pyproj.Geod)."""

from __future__ import annotations

import pytest
import shapely
from geodesic_reference import distance_to_line_m

from geoevents.geocoding.geocoder import geocode
from geoevents.geometry.geodesy import GEOD

TOL_KM = 0.06

# (phrase, expectations): place = (English name, region) that must lie in the area; inside = a region that holds
# the area; border = (spec, min_km, max_km) of the border distance read; from_ = (English name, region, min, max):
# every point of the area that far from the place; district = the district centre used
CASES = [
    # --- places in any case, with the settlement word and the preposition ----------------------------------------
    ("Вечером беспилотник атаковал село Глушково", dict(place=("Glushkovo", "RU-KRS"))),
    ("Под обстрел попал посёлок Тёткино", dict(place=("Tëtkino", "RU-KRS"))),
    ("В посёлке Тёткино повреждены дома", dict(place=("Tëtkino", "RU-KRS"))),
    ("Обстрелу подверглась окраина посёлка Коренево Курской области", dict(place=("Korenevo", "RU-KRS"),
                                                                          inside="RU-KRS")),
    ("Дрон атаковал машину в Судже", dict(place=("Sudzha", "RU-KRS"))),
    ("Обстрел в Курске повредил дома", dict(place=("Kursk", "RU-KRS"))),  # not the village Курське (Crimea)
    ("Подросток поджег релейный шкаф в Подмосковье", dict(inside="RU-MOS", region="RU-MOS")),  # a region's name
    ("Снаряды упали в городе Шебекино", dict(place=("Shebekino", "RU-BEL"))),
    ("Удар по Шебекино пришёлся на жилой квартал", dict(place=("Shebekino", "RU-BEL"))),
    ("В Грайвороне объявлена тревога после атаки дронов", dict(place=("Grayvoron", "RU-BEL"))),
    ("Росіяни вдарили по Шостці", dict(place=("Shostka", "UA-59"))),
    ("У Шостці після удару пошкоджено підприємство", dict(place=("Shostka", "UA-59"))),
    ("Ворог обстріляв Білопілля з артилерії", dict(place=("Bilopillia", "UA-59"))),
    ("У Глухові пролунали вибухи", dict(place=("Hlukhiv", "UA-59"))),
    ("Армія РФ атакувала селище Велика Писарівка", dict(place=("Velyka Pysarivka", "UA-59"))),
    ("Під удар потрапила Середина-Буда", dict(place=("Seredyna-Buda", "UA-59"))),
    ("Окупанти били по Вовчанську", dict(place=("Vovchansk", "UA-63"))),
    ("Зранку росіяни вдарили по Козачій Лопані", dict(place=("Kozacha Lopan", "UA-63"))),
    ("Росіяни атакували Велику Писарівку КАБами", dict(place=("Velyka Pysarivka", "UA-59"))),  # no "КАБами" in it
    ("Шахеди атакували Новгород-Сіверський", dict(place=("Novhorod-Siverskyi", "UA-74"))),
    ("Дрони вдарили по Новгороду-Сіверському вночі", dict(place=("Novhorod-Siverskyi", "UA-74"))),
    ("У Городні пошкоджено склад", dict(place=("Horodnia", "UA-74"))),
    ("Вибухи пролунали у Семенівці на Чернігівщині", dict(place=("Semenivka", "UA-74"), inside="UA-74")),
    ("В Валуйках после атаки загорелся склад", dict(place=("Valuyki", "RU-BEL"))),
    ("В селе Новая Таволжанка повреждена линия электропередачи", dict(place=("Novaya Tavolzhanka", "RU-BEL"))),
    # --- regions in any case, and the -щина forms --------------------------------------------------------------
    ("Беспилотники сбиты над территорией Брянской области", dict(inside="RU-BRY", region="RU-BRY")),
    ("Обстрел в Курской области продолжался всю ночь", dict(inside="RU-KRS", region="RU-KRS")),
    ("У Сумській області пролунали вибухи", dict(inside="UA-59", region="UA-59")),
    ("Ворог атакував громади Харківської області", dict(inside="UA-63", region="UA-63")),
    ("На Сумщині знову неспокійно", dict(inside="UA-59", region="UA-59")),
    ("Обстріли Чернігівщини тривали увесь день", dict(inside="UA-74", region="UA-74")),
    ("На Белгородчине при атаке дрона ранен мужчина", dict(inside="RU-BEL", region="RU-BEL")),  # Russian -чина
    ("На Брянщине сбиты два беспилотника", dict(inside="RU-BRY", region="RU-BRY")),
    ("Ракетний удар по Харківщині", dict(inside="UA-63", region="UA-63")),
    ("Дроны атаковали цели в Белгородской и Курской областях", dict(regions={"RU-BEL", "RU-KRS"})),
    ("Гладков: в Белгородской обл. повреждены дома", dict(inside="RU-BEL", region="RU-BEL")),
    # --- districts and communities -------------------------------------------------------------------------------
    ("Обстрел Глушковского района продолжается", dict(district=("Glushkovo", "RU-KRS"), inside="RU-KRS")),
    ("В Суджанском районе повреждена школа", dict(district=("Sudzha", "RU-KRS"), inside="RU-KRS")),
    ("Погарский район Брянской области снова под огнём", dict(district=("Pogar", "RU-BRY"), inside="RU-BRY")),
    ("Дроны атаковали Стародубский муниципальный округ", dict(district=("Starodub", "RU-BRY"))),
    ("В Шебекинском городском округе объявлена эвакуация", dict(district=("Shebekino", "RU-BEL"))),
    ("Росіяни обстріляли Шосткинський район", dict(district=("Shostka", "UA-59"), inside="UA-59")),
    ("Удар по Глухівській громаді", dict(district=("Hlukhiv", "UA-59"), inside="UA-59")),
    ("Обстріл Миропільської громади Сумської області", dict(district=("Myropillia", "UA-59"), inside="UA-59")),
    ("В Юнаковскую общину пыталась зайти ДРГ", dict(district=("Yunakivka", "UA-59"))),
    ("Вибухи у Золочівській громаді Харківщини", dict(district=("Zolochiv", "UA-63"), inside="UA-63")),
    ("Обстріли Глушківського району Курської області", dict(district=("Glushkovo", "RU-KRS"), inside="RU-KRS")),
    ("Обстрелу подверглись Глушковский и Суджанский районы",  # a list of districts: any of them
     dict(districts=(("Glushkovo", "RU-KRS"), ("Sudzha", "RU-KRS")), inside="RU-KRS")),
    ("Ворог обстріляв прикордоння Сумщини: Білопільську, Краснопільську та Миропільську громади",
     dict(districts=(("Bilopillia", "UA-59"), ("Krasnopillya", "UA-59"), ("Myropillia", "UA-59")), inside="UA-59")),
    ("Обстрілів зазнали Хотінська, Юнаківська, Миропільська громади",  # joined by commas alone
     dict(districts=(("Khotin", "UA-59"), ("Yunakivka", "UA-59"), ("Myropillia", "UA-59")), inside="UA-59")),
    ("Дрон атаковал машину в Ракитянском районе Белгородской области",  # -янский of a name in -ное
     dict(district=("Rakitnoye", "RU-BEL"), inside="RU-BEL")),
    # districts named by an adjective of both words of their centre's name
    ("У Великописарівській громаді поранено чоловіка", dict(district=("Velyka Pysarivka", "UA-59"))),
    ("У Середино-Будській громаді пошкоджено будинок", dict(district=("Seredyna-Buda", "UA-59"))),
    ("У Великобурлуцькій громаді поранено жінку", dict(district=("Velykyi Burluk", "UA-63"))),
    ("В Краснояружском районе дрон атаковал машину", dict(district=("Krasnaya Yaruga", "RU-BEL"))),
    ("В Новооскольском округе сбит беспилотник", dict(district=("Novy Oskol", "RU-BEL"))),
    ("Обстріл Новгород-Сіверського району Чернігівщини",  # the centre's own name is an adjective
     dict(district=("Novhorod-Siverskyi", "UA-74"), inside="UA-74")),
    ("Армія атакувала села Новгрод-Сіверського району Чернігівщини",  # and misspelt
     dict(district=("Novhorod-Siverskyi", "UA-74"), inside="UA-74")),
    # --- a place with its district and region ---------------------------------------------------------------------
    ("Беспилотник атаковал село Попово-Лежачи Глушковского района", dict(place=("Popovo-Lezhachi", "RU-KRS"))),
    ("Ракети впали біля села Попово-Лежачі у Глушківському районі", dict(place=("Popovo-Lezhachi", "RU-KRS"))),
    ("Пострадал житель посёлка Тёткино Глушковского района Курской области", dict(place=("Tëtkino", "RU-KRS"),
                                                                                 inside="RU-KRS")),
    ("Росіяни вдарили по Краснопіллю Сумського району", dict(place=("Krasnopillya", "UA-59"), inside="UA-59")),
    ("Обстреляли пгт.Двуречная Купянского района Харьковской области",  # no space after the abbreviation
     dict(place=("Dvorichna", "UA-63"), inside="UA-63")),
    # the village lies farther from its community's centre than the community's circle reaches: the village counts
    ("Снаряди впали у Козачій Лопані Дергачівської громади", dict(place=("Kozacha Lopan", "UA-63"), inside="UA-63")),
    ("Пострадал житель села Казачья Лопань Дергачевской громады Харьковской области",
     dict(place=("Kozacha Lopan", "UA-63"), inside="UA-63")),
    ("В Дергачёвской громаде повреждены дома", dict(district=("Derhachi", "UA-63"), inside="UA-63")),
    # --- near, outskirts, between ------------------------------------------------------------------------------
    ("Недалеко от села Глушково упал дрон", dict(place=("Glushkovo", "RU-KRS"), from_=("Glushkovo", "RU-KRS", 0, 12))),
    ("Вблизи Суджи слышны взрывы", dict(place=("Sudzha", "RU-KRS"), from_=("Sudzha", "RU-KRS", 0, 12))),
    ("Біля Шостки збили ракету", dict(place=("Shostka", "UA-59"))),
    ("Поблизу Вовчанська тривають бої", dict(place=("Vovchansk", "UA-63"))),
    ("На окраине Шебекино загорелся дом", dict(from_=("Shebekino", "RU-BEL", 1.5, 9.5))),
    ("Снаряд влучив на околиці Білопілля", dict(from_=("Bilopillia", "UA-59", 0.9, 6.0))),
    ("Бой шёл между Суджей и Глушково", dict(between=("Sudzha", "Glushkovo"))),
    ("Дрон збили між Шосткою та Глуховом", dict(between=("Shostka", "Hlukhiv"))),
    ("Дрон атаковал автомобиль на трассе Белгород — Шебекино", dict(between=("Belgorod", "Shebekino"))),
    ("Дрон атакував авто на автошляху Суми-Білопілля", dict(between=("Sumy", "Bilopillia"))),
    # --- distances and directions from a place --------------------------------------------------------------------
    ("Взрыв прогремел в 15 км к северу от Белгорода", dict(from_=("Belgorod", "RU-BEL", 13.5, 16.5),
                                                           bearing=("Belgorod", "RU-BEL", 0))),
    ("Удар пришёлся в 10 км западнее Курска", dict(from_=("Kursk", "RU-KRS", 9, 11), bearing=("Kursk", "RU-KRS", 270))),
    ("Вибух пролунав за 20 кілометрів на північ від Сум", dict(from_=("Sumy", "UA-59", 18, 22),
                                                                bearing=("Sumy", "UA-59", 0))),
    ("Обстріл за 12 кілометрів від Вовчанська", dict(from_=("Vovchansk", "UA-63", 10.8, 13.2))),
    ("Дроны видели к северу от Брянска", dict(bearing=("Bryansk", "RU-BRY", 0))),
    # --- the border -----------------------------------------------------------------------------------------------
    ("Село в Курской области в 7 км от границы", dict(border=("RU", 6, 8), inside="RU-KRS")),
    ("В Курской области приблизительно в десяти километрах от границы", dict(border=("RU", 7.5, 12.5),
                                                                              inside="RU-KRS")),
    ("В Брянской области, менее 5 км от границы, упал дрон", dict(border=("RU", 0, 5), inside="RU-BRY")),
    ("Обстріл у Сумській області за 5 кілометрів від кордону", dict(border=("UA", 4, 6), inside="UA-59")),
    ("У Сумській області близько десяти кілометрів від кордону", dict(border=("UA", 7.5, 12.5), inside="UA-59")),
    ("Обстрел приграничного села в Белгородской области", dict(border=("RU", 0, 15), inside="RU-BEL")),
    ("Удар по прикордонному селу Сумської області", dict(border=("UA", 0, 15), inside="UA-59")),
    ("Обстрел села на границе с Украиной в Курской области", dict(border=("RU-UA", 0, 5), inside="RU-KRS")),
    ("Удари по селах біля кордону в Сумській області", dict(border=("UA", 0, 20), inside="UA-59")),
    ("В Белгородской области в 3 км от границы с Харьковской областью упал дрон",  # the border with a region
     dict(border=("RU/UA-63", 2, 4), inside="RU-BEL")),
    # --- what does not locate the event ---------------------------------------------------------------------------
    ("Обстрел села Белгородского района, граничащего с Харьковской областью",  # the region across the border
     dict(district=("Belgorod", "RU-BEL"), untouched="UA-63")),
    ("Дрон, запущенный из Брянской области, упал в Шостке", dict(place=("Shostka", "UA-59"), untouched="RU-BRY")),
    ("Обстрел велся со стороны Белгородской области по Вовчанску", dict(place=("Vovchansk", "UA-63"),
                                                                       untouched="RU-BEL")),
    ("Дрони летіли з боку Курської області у напрямку Сум, удар по Білопіллю", dict(place=("Bilopillia", "UA-59"),
                                                                                 untouched="RU-KRS")),
]


def _point(gazetteer, name, region):
    found = gazetteer.resolve(name, regions=[region])
    assert found.place is not None, found.note
    return found.place


def _kind(result, kind):
    return [c for c in result.event.constraints if c.kind == kind]


def _sample(geom, n=80):
    coords = shapely.get_coordinates(geom)
    return coords[::max(1, len(coords) // n)]


def test_at_least_sixty_phrases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("phrase,expect", CASES, ids=[c[0][:50] for c in CASES])
def test_phrase(phrase, expect, boundaries, gazetteer):
    result = geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)
    geom = result.event.location.geometry
    assert not geom.is_empty
    for constraint, (start, end) in zip(result.event.constraints, result.spans, strict=True):
        assert 0 <= start < end <= len(phrase) and phrase[start:end].strip() in constraint.reason
    if "place" in expect:
        p = _point(gazetteer, *expect["place"])
        assert shapely.covers(shapely.buffer(geom, 1e-6), shapely.Point(p.lon, p.lat)), p.label()
        assert p.name in {c.place for c in _kind(result, "near_place")} | {n for c in _kind(result, "between")
                                                                           for n in c.places}
    if "district" in expect:
        centre = _point(gazetteer, *expect["district"])
        assert any(c.place == centre.name and c.max_km >= 12 for c in _kind(result, "near_place"))
        assert shapely.covers(shapely.buffer(geom, 1e-6), shapely.Point(centre.lon, centre.lat))
    if "districts" in expect:
        (any_of,) = _kind(result, "any_of_places")
        centres = [_point(gazetteer, *d) for d in expect["districts"]]
        assert set(any_of.places) == {c.name for c in centres} and min(any_of.max_km) >= 12
        for c in centres:
            assert shapely.covers(shapely.buffer(geom, 1e-6), shapely.Point(c.lon, c.lat))
    if "inside" in expect:
        assert shapely.covers(shapely.buffer(boundaries.area(expect["inside"]), 1e-6), geom)
    if "region" in expect:
        assert expect["region"] in {code for c in _kind(result, "in_regions") for code in c.regions}
    if "regions" in expect:
        assert {code for c in _kind(result, "in_regions") for code in c.regions} == expect["regions"]
    if "untouched" in expect:
        assert shapely.intersection(geom, boundaries.area(expect["untouched"])).area < 1e-9
    if "between" in expect:
        (c,) = _kind(result, "between")
        assert set(c.places) == set(expect["between"])
    if "from_" in expect:
        name, region, lo, hi = expect["from_"]
        p = _point(gazetteer, name, region)
        for x, y in _sample(geom):
            km = GEOD.inv(p.lon, p.lat, x, y)[2] / 1000
            assert lo - TOL_KM <= km <= hi + TOL_KM, (km, lo, hi)
    if "bearing" in expect:
        name, region, want = expect["bearing"]
        p = _point(gazetteer, name, region)
        point = result.event.location.point
        az = GEOD.inv(p.lon, p.lat, point.x, point.y)[0] % 360
        assert min(abs(az - want), 360 - abs(az - want)) <= 31
    if "border" in expect:
        spec, lo, hi = expect["border"]
        (c,) = _kind(result, "border_distance")
        assert set(c.border.split("-")) == set(spec.split("-"))
        assert (c.min_km, c.max_km) == (pytest.approx(lo), pytest.approx(hi))
        line = boundaries.border(c.border)
        for x, y in _sample(geom, 40):
            km = distance_to_line_m(x, y, line) / 1000
            assert lo - TOL_KM <= km <= hi + TOL_KM


def test_an_inflected_name_says_how_it_was_read(boundaries, gazetteer):
    result = geocode("Зранку росіяни вдарили по Козачій Лопані", boundaries=boundaries, gazetteer=gazetteer)
    (used,) = [t for t in result.toponyms if t.status == "used"]
    assert "'Козачій Лопані' read as 'Козача Лопань'" in used.note


def test_a_ukrainian_district_adjective_finds_the_russian_centre(boundaries, gazetteer):
    """Глушківський (Ukrainian і) is the district of Глушково (Russian о), not of Glusk in Belarus."""
    result = geocode("Обстріли Глушківського району", boundaries=boundaries, gazetteer=gazetteer)
    assert [c.place for c in _kind(result, "near_place")] == ["Glushkovo"]


def test_an_area_in_shchyna_that_is_no_region_is_its_towns_community(boundaries, gazetteer):
    result = geocode("Вибухи на Золочівщині", boundaries=boundaries, gazetteer=gazetteer)
    (c,) = _kind(result, "near_place")
    assert c.place == "Zolochiv" and "UA-63" in {r for x in _kind(result, "in_regions") for r in x.regions}


def test_a_village_beyond_its_communitys_circle_is_kept_and_the_circle_set_aside(boundaries, gazetteer):
    """A community known only by its centre is a circle guessed at its extent; the village named in it is a fact.
    Where the two do not meet, the village is the answer and the trace says the circle was set aside, with the
    distance measured."""
    result = geocode("Обстріл у селищі Козача Лопань Дергачівської громади", boundaries=boundaries,
                     gazetteer=gazetteer)
    (village,) = [t for t in result.toponyms if t.text == "Козача Лопань"]
    assert village.status == "used" and "farther from the other places named" in village.note
    (note,) = result.set_aside
    assert "Derhachi" in note.constraint and "km from Derhachi" in note.reason
    assert result.event.location.area_km2 < 20


def test_a_village_on_the_border_with_a_region_is_not_placed_in_that_region(boundaries, gazetteer):
    """"на кордоні з Курською областю": near the border of Ukraine with Kursk region (nothing says on which side),
    not inside the region named, as "з Курською областю" read as a region would have it."""
    result = geocode("Село на кордоні з Курською областю обстріляли", boundaries=boundaries, gazetteer=gazetteer)
    (c,) = _kind(result, "border_distance")
    assert c.border == "UA/RU-KRS" and (c.min_km, c.max_km) == (0, 5)
    assert not _kind(result, "in_regions")
    geom = result.event.location.geometry
    assert shapely.intersection(geom, boundaries.area("UA-59")).area > 0  # the Ukrainian side is in it
    line = boundaries.border("UA/RU-KRS")
    for x, y in _sample(geom, 40):
        assert distance_to_line_m(x, y, line) / 1000 <= 5 + TOL_KM


def test_the_border_with_a_region_of_the_same_country_is_their_boundary(boundaries, gazetteer):
    result = geocode("В Брянской области на границе с Курской областью упал дрон", boundaries=boundaries,
                     gazetteer=gazetteer)
    (c,) = _kind(result, "border_distance")
    assert c.border == "RU-BRY/RU-KRS"
    geom = result.event.location.geometry
    assert shapely.covers(shapely.buffer(boundaries.area("RU-BRY"), 1e-6), geom)
    line = boundaries.border("RU-BRY/RU-KRS")
    for x, y in _sample(geom, 40):
        assert distance_to_line_m(x, y, line) / 1000 <= 5 + TOL_KM


def test_a_section_with_one_end_unknown_is_near_the_known_end(boundaries, gazetteer):
    """"на перегоне Гжель — Овражки", Овражки not in the gazetteer: near Гжель, weighed as a claim, in the region
    named by its common name ("Подмосковье")."""
    result = geocode("Подросток поджег релейный шкаф на перегоне Гжель — Овражки в Подмосковье",
                     boundaries=boundaries, gazetteer=gazetteer)
    (near,) = _kind(result, "near_place")
    gzhel = _point(gazetteer, "Gzhel’", "RU-MOS")
    assert near.place == gzhel.name and 10 <= near.max_km <= 15 and "not placed" in near.reason
    assert "RU-MOS" in {r for c in _kind(result, "in_regions") for r in c.regions}
    assert shapely.covers(shapely.buffer(result.event.location.geometry, 1e-6), shapely.Point(gzhel.lon, gzhel.lat))
