"""Location expressions in Russian and Ukrainian, read into the same clues as English ones
(:mod:`geoevents.geocoding.expressions`), with the same documented readings.

The frames, each in both languages (names stay as written, in whatever case; the gazetteer and the boundaries
resolve them through their dictionary forms, :mod:`geoevents.places.morphology`):

* regions: "Курской области", "у Сумській області", "Брянской и Курской областей", "на Сумщині" (-щина forms;
  one that names no region, "на Золочівщині", is read as the district of its centre);
* districts and communities: "Глушковского района", "в Суджанском районе", "Шосткинського району",
  "Юнаковскую общину", "Миропільській громаді", "Погарского муниципального округа", "Шебекинского округа";
* places: "в селе X", "села X", "посёлку X", "смт X", "пгт. X" ("пгт.X"), "у X", "по X" (a strike "по Городні"), a list
  "сёла A и B"; near ("вблизи / возле / около / недалеко от / біля / поблизу / неподалік від X"), outskirts ("на
  окраине / на околиці X"), between ("между A и B", "між A та B"), a distance and direction from a place ("в 15 км
  к северу от X", "за 10 кілометрів на південь від X", "в 10 км севернее X"), a direction alone ("к северу от X");
* the border: "в 7 км от границы", "около десяти километров от границы", "менее 5 км от границы", "за 5
  кілометрів від кордону", "на границе", "у границы" / "біля кордону", "приграничное село", "прикордонне
  село", "в приграничье" / "у прикордонні".

Number words are read by :func:`geoevents.geocoding.distances.parse_number` (number-parser for Russian and
Ukrainian cardinals in any case, and the collective numerals).
"""

from __future__ import annotations

import re

from geoevents.geocoding.distances import Distance, make_distance, parse_number
from geoevents.geocoding.expressions import Clue, Scanner
from geoevents.places.morphology import is_cyrillic
from geoevents.places.names import COUNTRY_NAMES, country_code

__all__ = ["read_cyrillic"]

_COUNTRY_WORDS = "|".join(sorted((re.escape(n) for names in COUNTRY_NAMES.values() for n in names if is_cyrillic(n)),
                                 key=len, reverse=True))

_C = r"[А-ЯЁІЇЄҐ]"
_W = r"[\w'’ʼ]"
_CTOKEN = rf"{_C}{_W}*(?:-{_W}+)*"
CNAME = rf"(?-i:{_CTOKEN}(?: (?![А-ЯЁІЇЄҐ]{{2}}){_CTOKEN})*)"
"""A Cyrillic name: capitalised words (case-sensitive inside case-insensitive patterns); a word after the first is
no abbreviation ("Велику Писарівку КАБами": the name is "Велику Писарівку")."""
_CNAMES = rf"(?P<n>{CNAME}(?:(?:\s*,\s*{CNAME})*\s+(?:и|і|та|й)\s+{CNAME})?)"

_SETTLEMENT = (r"(?:сел[оаеуі]|селом|сёл[ао]?|сіл|посёл[оке]к|посел[оке]к|посёлк[аеу]|поселк[аеу]|пгт\.?|смт\.?|"
               r"селищ[еаіу]|город[аеу]?|городом|міст[оаіу]|хутор[аеу]?|деревн[яиеюі]|станиц[аеуыі]|слобод[аеуиі]|"
               r"населённ?(?:ого|ом|ый) пункт[ае]?|населенн?(?:ого|ом|ый) пункт[ае]?|населен(?:ого|ий|ому) пункт[ау]?)")
_NEAR = (r"(?:вблизи|возле|около|близ|недалеко от|неподалёку от|неподалеку от|рядом с|в районе|в окрестностях|"
         r"біля|поблизу|поруч із|поруч з|неподалік від|неподалік|в районі|у районі|в околицях)")
_REGION = (r"(?:области|область|областью|обл\.|областях|областей|області|областю|края|краю|край|ОВА|ОДА|"
           r"обладміністрації|облдержадміністрації|облгосадминистрации)")
_DISTRICT = (r"(?P<w>муниципального округа|муниципальном округе|муниципальный округ|муніципального округу|"
             r"городского округа|городском округе|міського округу|района|районе|район|районом|району|районі|"
             r"р-на|р-не|р-н|округа|округе|округ|громади|громаді|громада|громаду|громадою|громады|громаде|громадой|общины|общине|община|"
             r"общину|общиной|ТГ|ОТГ|МВА|СВА|ВА)(?!\w)")
_QUALIFIERS = {
    "примерно": "about", "приблизно": "about", "около": "about", "близько": "about", "порядка": "about",
    "приблизительно": "about", "почти": "nearly", "майже": "nearly",
    "менее": "at_most", "меньше": "at_most", "менш ніж": "at_most", "менше ніж": "at_most", "менше": "at_most",
    "не более": "at_most", "не больше": "at_most", "не більше": "at_most", "до": "at_most", "в пределах": "at_most",
    "в межах": "at_most", "более": "at_least", "больше": "at_least", "свыше": "at_least", "понад": "at_least",
    "більше ніж": "at_least", "більше": "at_least", "не менее": "at_least", "не менше": "at_least",
}
_QUAL = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_UNITS = {"км": 1.0, "километр": 1.0, "кілометр": 1.0, "метр": 0.001, "м": 0.001}
_NUMWORD = (r"(?:[а-яёіїєґ'’]*(?:один|одн|дв|тр[иеёьо]|четыр|чотир|пят|п'ят|п’ят|шест|шіст|сем|сім|восем|вісім|девят|"
            r"дев'ят|дев’ят|десят|сорок|сот|ст[оа]|тысяч|тисяч|полутор|півтор)[а-яёіїєґ'’]*)")
_DIST = (rf"(?:(?P<qual>{_QUAL})\s+)?(?:(?:в|за|на расстоянии|на відстані)\s+)?"
         rf"(?P<num>\d+(?:[.,]\d+)?|{_NUMWORD}(?:\s+{_NUMWORD})?)\s*"
         r"(?P<unit>км|километр\w*|кілометр\w*|метр\w*|м)(?!\w)")
_BORDER_WORD = (r"(?:(?:российско-украинской|украинско-российской|государственной|державного|"
                r"україно-російського|російсько-українського)\s+)?(?:границы|границ|границе|границей|госграницы|"
                r"кордону|кордоні|кордоном)(?!\w)")
_DIRS = {"север": "north", "юг": "south", "восток": "east", "запад": "west", "північ": "north",
         "південь": "south", "схід": "east", "захід": "west"}
_CDIR = (r"(?P<dir>(?:северо|юго)-(?:восток|запад)у|северу|югу|востоку|западу|"
         r"північн(?:ий|ому)[- ](?:схід|захід|сходу|заходу)|південн(?:ий|ому)[- ](?:схід|захід|сходу|заходу)|"
         r"північ|південь|схід|захід)")
_COMPARATIVE = r"(?P<dir>(?:северо|юго)-(?:восточнее|западнее)|севернее|южнее|восточнее|западнее)"
_BORDER_NEEDS = ("границ", "кордон")  # words one of which every match of a pattern has (Scanner.take's needs)
_CDIR_NEEDS = ("север", "юг", "восток", "запад", "північ", "півден", "схід", "захід", "сход", "заход")
_COMPARATIVE_NEEDS = ("севернее", "южнее", "восточнее", "западнее")


_WITH_COUNTRY = (r"(?:\s+(?:с|з|со)\s+(?:(?P<with>Украиной|Україною|Россией|Росією|РФ|Беларусью|Білоруссю|"
                 rf"Белоруссией)|(?P<withr>(?-i:{_CTOKEN}))\s+(?:областью|областю|краем|краєм)(?!\w)))?")
"""The other side of a border: a country, or a region ("с Харьковской областью", "з Курською областю")."""


def read_cyrillic(s: Scanner) -> None:
    """Add the clues of the Russian and Ukrainian frames of the scanner's text (see the module docstring)."""
    flags = re.IGNORECASE
    # evacuation from X is where the event happened; other origins (where fire came from) are context
    s.take(rf"\b(?:эвакуир|евакуйов|эвакуац|евакуац|вывез|вивез)\w*[^.;\n]{{0,60}}?\b(?:из|з|із)\s+"
           rf"(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?{_CNAMES}", lambda m: _in(s, m), flags,
           needs=("эваку", "евакуй", "евакуа", "вывез", "вивез"))
    s.take(rf"\b(?:в направлении|в сторону|у напрямку|в напрямку|в бік|курсом на)\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?"
           rf"(?P<n>{CNAME})(?:\s+(?P<r>(?-i:{_CTOKEN}))\s+{_REGION})?",
           lambda m: s.clue("context", m, names=[n for n in (m["n"], m["r"]) if n],
                            note="where a movement was heading, not where the event happened"), flags,
           needs=("направлен", "сторону", "напрямку", "в бік", "курсом"))
    s.take(rf"\b(?:со стороны|с территории|с направления|из района|з боку|з території|з напрямку|з району|із району|"
           rf"вылетел\w* из|запущен\w* из|випущен\w* з|летів з|летел из)\s+"
           rf"(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?(?P<n>{CNAME})"
           rf"(?:\s+(?P<r>(?-i:{_CTOKEN}))\s+{_REGION})?",
           lambda m: s.clue("context", m, names=[n for n in (m["n"], m["r"]) if n],
                            note="where the fire or the flight came from, not where the event happened"), flags,
           needs=("сторон", "территор", "направлен", "район", "боку", "територ", "напрямку", "вылетел", "запущен",
                  "випущен", "летів", "летел"))
    # the border first: its distances must not be read as distances from a place
    s.take(rf"\b{_DIST}\s+(?:от|від)\s+{_BORDER_WORD}{_WITH_COUNTRY}",
           lambda m: _border(s, m), flags, needs=_BORDER_NEEDS)
    s.take(rf"\b(?P<pre>на|у|біля|возле|вблизи|поблизу|вдоль|вздовж)\s+{_BORDER_WORD}{_WITH_COUNTRY}",
           lambda m: s.clue("border", m, relation="on" if m["pre"].lower() == "на" else "near",
                            with_=m["with"] or m["withr"] or ""), flags, needs=_BORDER_NEEDS)
    s.take(r"\b(?:в|у)\s+(?:приграничье|прикордонні|приграничных районах|прикордонних районах)",
           lambda m: s.clue("border", m, relation="near"), flags, needs=("приграничь", "приграничн", "прикордонн"))
    s.take(rf"\b(?:приграничн|прикордонн)\w*(?=\s+(?:{_SETTLEMENT}|сёл|сіл|территори|територі|район))",
           lambda m: s.clue("border", m, relation="village"), flags, needs=("приграничн", "прикордонн"))
    # regions, then districts (a district's region is often named right after it)
    one = rf"(?-i:{_CTOKEN})"  # a region's or district's name is one word, an adjective: "Курской", "Шосткинського"
    # the region on the other side of a border ("у границы с Харьковской областью", "межує з Курською областю"):
    # the event is near it, not in it
    s.take(rf"\b(?:границ\w*|кордон\w*|граничит\w*|граничащ\w*|межу\w*)\s+(?:с|со|з|із)\s+(?P<n>{one})\s+"
           rf"(?:областью|областю|краем|краєм)(?!\w)",
           lambda m: s.clue("context", m, names=[m["n"]], note="a region across a border from the event, not where "
                                                               "it happened"), flags,
           needs=("границ", "кордон", "граничи", "граничащ", "межу"))
    s.take(rf"(?P<n>{one}(?:\s*,\s*{one})*\s+(?:и|і|та)\s+{one})\s+(?:областей|областях|областями|областям)",
           lambda m: s.clue("region", m, names=_split(m["n"])), flags, needs=("област",))
    s.take(rf"(?P<n>{one})\s+{_REGION}(?!\w)", lambda m: s.clue("region", m, names=[m["n"]]), flags)
    s.take(rf"(?<!\w)(?P<n>{_C}{_W}+(?:щин|ччин|(?<=[дтжг])чин)(?:а|и|і|у|ою|е|ы|ой))(?!\w)",
           lambda m: s.clue("region", m, names=[m["n"]], district_word="area"))
    s.take(rf"(?P<n>{one}(?:\s*,\s*{one})*(?:\s*,\s*|\s+(?:и|і|та|й)\s+){one})\s+(?P<w>районы|районов|районах|районів|"
           r"райони|громади|громад|громадах|общины|общин|общинах|округа|округов|округах)(?!\w)",
           lambda m: s.clue("district", m, names=_split(m["n"]), district_word=_district_word(m["w"])), flags,
           needs=("район", "громад", "общин", "округ"))  # "Білопільську, Краснопільську та Миропільську громади"
    s.take(rf"(?P<n>{one})\s+{_DISTRICT}",
           lambda m: s.clue("district", m, names=[m["n"]], district_word=_district_word(m["w"])), flags)
    # places with a relation
    s.take(rf"\b{_DIST}\s+(?:к|на)\s+{_CDIR}\s+(?:от|від)\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?(?P<n>{CNAME})",
           lambda m: _from_place(s, m), flags, needs=_CDIR_NEEDS)
    s.take(rf"\b{_DIST}\s+{_COMPARATIVE}\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?(?P<n>{CNAME})",
           lambda m: _from_place(s, m), flags, needs=_COMPARATIVE_NEEDS)
    s.take(rf"\b{_DIST}\s+(?:от|від)\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?(?P<n>{CNAME})",
           lambda m: _from_place(s, m), flags, needs=("от", "від"))
    s.take(rf"\b(?:между|між)\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?(?P<a>{CNAME})\s+(?:и|і|та|й)\s+(?P<b>{CNAME})",
           lambda m: s.clue("place", m, names=[m["a"], m["b"]], relation="between"), flags, needs=("между", "між"))
    # a road named by its two ends: "на трассе Суджа — Коренево", "на автошляху Суми-Білопілля"
    s.take(rf"\b(?:трасс\w*|автотрасс\w*|автодорог\w*|дорог\w*|шоссе|шосе|траса|трасі|трасу|трасою|автошлях\w*|"
           rf"автотрас\w*|перегон\w*)\s+(?P<a>{_CTOKEN})\s*[-–—]\s*(?P<b>{_CTOKEN})(?!\w)",
           lambda m: s.clue("place", m, names=[m["a"], m["b"]], relation="between"), flags,
           needs=("трас", "дорог", "шосс", "шосе", "шлях", "перегон"))
    s.take(rf"\b(?:на окраине|на окраинах|на околиці|на околицях|окраины|околиці)\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?"
           rf"(?P<n>{CNAME})", lambda m: s.clue("place", m, names=[m["n"]], relation="outskirts"), flags,
           needs=("окраин", "околиц"))
    s.take(rf"\b(?:в|у)\s+(?:пригороде|передмісті)\s+(?P<n>{CNAME})",
           lambda m: s.clue("place", m, names=[m["n"]], relation="suburb"), flags, needs=("пригород", "передміст"))
    s.take(rf"\b{_NEAR}\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?(?P<n>{CNAME})",
           lambda m: s.clue("place", m, names=[m["n"]], relation="near"), flags,
           needs=("близ", "возле", "около", "недалек", "неподал", "рядом", "район", "окрестност", "біля", "поблизу",
                  "поруч", "околиц"))
    for way, needs in ((rf"\b(?:к|на)\s+{_CDIR}\s+(?:от|від)", _CDIR_NEEDS),
                       (rf"\b{_COMPARATIVE}", _COMPARATIVE_NEEDS)):
        s.take(rf"{way}\s+(?:{_SETTLEMENT}(?:\s+|(?<=\.)))?(?P<n>{CNAME})",
               lambda m: s.clue("place", m, names=[m["n"]], relation="direction", bearing=_direction(m["dir"])),
               flags, needs=needs)
    s.take(rf"\b{_SETTLEMENT}(?:\s+|(?<=\.)){_CNAMES}", lambda m: _in(s, m), flags)
    s.take(rf"(?<!\w)(?:в|во|у|на|по|під|под)\s+{_CNAMES}", lambda m: _in(s, m), flags)
    # a country named in passing ("пространства Беларуси"): its borders are of interest, it locates nothing
    s.take(rf"(?<!\w)(?P<n>{_COUNTRY_WORDS})(?!\w)",
           lambda m: s.clue("country", m, names=[country_code(m["n"]) or ""], relation="mentioned"))


def _split(names: str) -> list[str]:
    return [n.strip() for n in re.split(r"\s*,\s*|\s+(?:и|і|та|й)\s+", names) if n.strip()]


def _district_word(word: str) -> str:
    w = word.lower()
    return "hromada" if w.startswith(("громад", "общин", "тг", "отг", "мва", "сва", "ва")) else "district"


def _direction(word: str) -> str:
    """ "северо-востоку", "північний схід", "севернее" -> "north-east" and the like."""
    w = word.lower()
    found = [english for stem, english in _DIRS.items() if stem in w or (stem[:-1] in w and len(stem) > 4)]
    if "северо" in w or "північн" in w:
        found = ["north", *[f for f in found if f in ("east", "west")]]
    if "юго" in w or "південн" in w:
        found = ["south", *[f for f in found if f in ("east", "west")]]
    order = [d for d in ("north", "south") if d in found] + [d for d in ("east", "west") if d in found]
    return "-".join(order[:2])


def _distance(m: re.Match) -> Distance | None:
    value = _number(m["num"])
    if value is None:
        return None
    unit = m["unit"].lower()
    per_unit = next(v for k, v in _UNITS.items() if unit.startswith(k))
    qualifier = _QUALIFIERS.get(" ".join((m["qual"] or "").lower().split()), "exact")
    start, end = m.span("num")[0], m.end("unit")
    if m["qual"]:
        start = m.start("qual")
    return make_distance(value * per_unit, qualifier, unit, (start, end), m.string[start:end])


def _number(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _border(s: Scanner, m: re.Match) -> Clue | None:
    distance = _distance(m)
    if distance is None:
        return None
    return s.clue("border", m, distance=distance, with_=m["with"] or m["withr"] or "")


def _from_place(s: Scanner, m: re.Match) -> Clue | None:
    distance = _distance(m)
    if distance is None:
        return None
    bearing = _direction(m["dir"]) if m.groupdict().get("dir") else ""
    return s.clue("place", m, names=[m["n"]], relation="distance", distance=distance, bearing=bearing)


def _in(s: Scanner, m: re.Match) -> Clue | list[Clue]:
    """ "в селе X", "у A та B"; a country in the list ("в России") is the country."""
    names = _split(m["n"])
    countries = [code for code in map(country_code, names) if code]
    places = [n for n in names if not country_code(n)]
    clues = [s.clue("country", m, names=countries)] if countries else []
    if places:
        clues.append(s.clue("place", m, names=places, relation="in"))
    return clues[0] if len(clues) == 1 else clues
