"""Location expressions: from the words of a report to constraints, each with the span of text it came from.

:func:`read_location` finds, in English text with Latin or Cyrillic place names:

* regions ("Kursk region", "Kursk Oblast", "Kurskaya oblast", "Курская область", "Kursk and Bryansk regions"),
  parts of regions ("northern Kharkiv region", "the south of Kursk Oblast") and countries ("in Russia");
* districts and communities ("Glushkovsky district", "the Sudzhansky district of Kursk region", "Shostka raion",
  "Seredyna-Buda hromada"), resolved to their administrative centre;
* places with a relation: "in/at X", "near X", "on the outskirts of X", "between A and B", "12 km north of X";
* borders: "about 7 km from the Ukrainian border", "within 10 km of Russia's border with Ukraine", "near the
  border of Kursk and Bryansk regions", "5 km from the border with Kursk Oblast", "10 km inside Russian territory".

Toponyms that do not locate the event are kept as context with the reason: a dateline, a region "which borders"
the place, the origin or destination of a movement ("launched from Bryansk region"), a relative description of a
place already named ("Vovchansk, 40 km north of Kharkiv" describes Vovchansk). Nothing is resolved here: the
result is a list of :class:`Clue` for :mod:`geoevents.geocoding.geocoder` to resolve and turn into constraints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from geoevents.geocoding.distances import DISTANCE_PATTERN, Distance, find_distances
from geoevents.places.morphology import is_cyrillic
from geoevents.places.names import country_code

__all__ = ["Clue", "Scanner", "read_location"]

_CAP = r"[A-ZА-ЯЁІЇЄҐ]"
_ADMIN_WORDS = ("Oblast", "Oblasts", "Region", "Regions", "District", "Districts", "Raion", "Rayon", "Krai",
                "Province", "Republic", "Hromada", "Community", "Municipality", "Border", "Frontier")
_STOP = ("The", "And", "In", "Near", "At", "Of", "On", "From", "To", "Between", "About", "Around", "Some", "Outside",
         "Close", "A", "An", "This", "That", "It", "He", "She", "They", "We", "According", "Officials", "Local",
         "Northern", "Southern", "Eastern", "Western", "Central", "North", "South", "East", "West")
# hyphenated parts ("Novhorod-Siverskyi", "Rostov-na-Donu") are one run of "-word" pieces: each piece can be matched
# one way only, so a long hyphenated string that fails to match costs linear time (an optional "-xx-" particle
# group, which matched the same strings, made it exponential)
# a period only inside a token ("Nov.Buda"), never at its end: "in Belgorod. Shells fell" is two sentences
_TOKEN = rf"(?!(?:{'|'.join(_ADMIN_WORDS + _STOP)})\b){_CAP}[\w’'ʼ]*(?:\.[\w’'ʼ]+)*(?:-[\w’'ʼ]+)*"
NAME = rf"(?-i:{_TOKEN}(?: {_TOKEN})*)"  # case-sensitive even inside IGNORECASE patterns
_REGION_WORD = r"(?:region|oblast|province|krai|kray|republic|область|обл\.)"
_REGIONS_WORD = r"(?:regions|oblasts|provinces)"
_DISTRICT_WORD = r"(?:district|raion|rayon|hromada|territorial community|community|municipality)"
_DIRECTIONS = {"north": "north", "northern": "north", "south": "south", "southern": "south", "east": "east",
               "eastern": "east", "west": "west", "western": "west", "central": "centre", "centre": "centre",
               "center": "centre", "middle": "centre"}
for _a in ("north", "south"):
    for _b in ("east", "west"):
        for _form in (f"{_a}-{_b}", f"{_a}{_b}", f"{_a} {_b}"):
            _DIRECTIONS[_form] = _DIRECTIONS[_form + "ern"] = f"{_a}-{_b}"
_DIRECTIONS.update({"ne": "north-east", "nw": "north-west", "se": "south-east", "sw": "south-west"})
_DIR = r"\b(?:" + "|".join(sorted((re.escape(d) for d in _DIRECTIONS), key=len, reverse=True)) + r")\b"
_COUNTRY_ADJ = r"(?:Russian|Ukrainian|Belarusian|Belarussian|Russia['’]s|Ukraine['’]s|Belarus['’]s?|Polish|Moldovan)"
_NAMES = rf"(?:the\s+)?{NAME}(?:\s*(?:,|and|or)\s*{NAME})*(?:\s+{_REGION_WORD}s?)?"
_BORDER = (rf"(?:the\s+)?(?:(?P<adj>{_COUNTRY_ADJ})(?:[-–](?P<adj2>{_COUNTRY_ADJ}))?\s+)?(?:state\s+)?"
           rf"(?:border|frontier)(?!\s+guard|\s+service|\s+troops)(?:\s+with\s+(?P<with>{NAME}(?:\s+{_REGION_WORD})?))?")


_CONVERSION = re.compile(
    r"(?P<unit>\b(?:km|kms|kilomet(?:re|er)s?|mi|miles?|metres?|meters?|m))\s*\((?:about|approx\.?|around|some|"
    r"nearly|roughly|~)?\s*\d+(?:[.,]\d+)?\s*(?:km|kms|kilomet(?:re|er)s?|mi|miles?|metres?|meters?|m|ft|feet|"
    r"yards?)\)", re.IGNORECASE)
"""A unit conversion in brackets after a distance ("10 kilometres (6.2 miles)"): read past, as if absent."""
_PLACE_WORD = (r"(?:(?:regional|region|oblast|district|provincial)\s+(?:capital|centre|center)(?:\s+city)?|"
               r"village|town|city|settlement)")
"""What a report calls a place before its name: "the village of X", "the regional capital, X"."""


@dataclass
class Clue:
    """One locating (or context) item found in the text.

    ``kind`` is one of ``region`` (``names``), ``region_part`` (``names[0]``, ``part``), ``country`` (``names``),
    ``district`` (``names[0]``, ``district_word``), ``place`` (``names``, ``relation``: in / near / outskirts / suburb /
    between / distance), ``border`` (``distance`` and the border's ``adj``/``adj2``/``with_``), ``boundary``
    (``names``: two regions whose shared boundary is meant) or ``context`` (not locating; ``note`` says why).
    """

    kind: str
    span: tuple[int, int]
    text: str
    names: list[str] = field(default_factory=list)
    relation: str = ""
    part: str = ""
    distance: Distance | None = None
    bearing: str = ""
    adj: str = ""
    adj2: str = ""
    with_: str = ""
    district_word: str = ""
    note: str = ""
    describes: str = ""  # for a relative description of a place already named ("X, 40 km north of Y")


_NOT_CYRILLIC = re.compile(r"[^\W\d_А-Яа-яЁёІіЇїЄєҐґ]")
"""A letter of another script than Russian and Ukrainian Cyrillic (Latin, and any other)."""


class Scanner:
    """Matches patterns in priority order; a matched span is masked so later patterns cannot reuse it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.work = text
        self.clues: list[Clue] = []
        self.latin = bool(_NOT_CYRILLIC.search(text))
        self._folded = text.casefold()

    def take(self, pattern: str, make, flags: int = 0, *, latin: bool = False, needs: tuple[str, ...] = ()
             ) -> None:
        """Add the clues ``make`` makes of each match of ``pattern`` (a Clue, a list of them or None) and mask the
        matches. A pattern that cannot match is skipped, not even compiled (compiling the patterns takes longer
        than reading a short phrase): ``latin``, every match has an English word, so a text with no letter but
        Cyrillic ones is skipped; ``needs``, every match has one of these words (in lower case; in any case in
        the text), so a text with none of them is skipped. The tests prove both of each pattern from its parsed
        form."""
        if (latin and not self.latin) or (needs and not any(word in self._folded for word in needs)):
            return
        taken = []
        for m in re.finditer(pattern, self.work, flags):  # matches of one pattern never overlap
            if not self.work[m.start():m.end()].strip() or "\0" in self.work[m.start():m.end()]:
                continue
            made = make(m)
            if made is None:
                continue
            for clue in made if isinstance(made, list) else [made]:
                self.clues.append(clue)
            taken.append(m.span())
        if taken:  # masked once per pattern: once per match made long texts quadratic
            parts, at = [], 0
            for a, b in taken:
                parts += [self.work[at:a], "\0" * (b - a)]
                at = b
            self.work = "".join(parts) + self.work[at:]

    def clue(self, kind: str, m: re.Match, **kw) -> Clue:
        return Clue(kind, m.span(), self.text[m.start():m.end()], **kw)


_TITLES = frozenset(("regional", "deputy", "acting", "former", "vice", "lieutenant", "provincial", "local", "oblast",
                     "military", "the"))
"""Words before "Governor" that are part of the title, not a region's name ("Regional Governor Oleh Syniehubov")."""


def _of_a_place(s: Scanner, m: re.Match) -> list[Clue] | None:
    """"Kharkiv's Saltivskyi district": a district clue and a place clue, each of its own words; None when the
    owner is a country ("Russia's Glushkovo district" is read by the district patterns)."""
    if country_code(m["c"]):
        return None
    return [Clue("district", (m.start("n"), m.end()), s.text[m.start("n"):m.end()], names=[m["n"]],
                 district_word=m["w"].lower()),
            Clue("place", m.span("c"), m["c"], names=[m["c"]], relation="in")]


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",\s*|\s+and\s+|\s+or\s+", text) if n.strip()]


def _strip_country(name: str) -> tuple[str, str]:
    """'Russia's Kursk' -> ('Kursk', 'RU')."""
    first, _, rest = name.partition(" ")
    code = country_code(first)
    return (rest, code) if code and rest else (name, "")


def read_location(text: str) -> list[Clue]:
    """The clues of ``text``, in the order they appear.

    Examples
    --------
    >>> [(c.kind, c.names) for c in read_location("near the border of Kursk and Bryansk regions")]
    [('boundary', ['Kursk', 'Bryansk'])]
    """
    s = Scanner(text)
    s.work = _CONVERSION.sub(lambda m: m["unit"] + " " * (m.end() - m.end("unit")), text)  # "10 km (6 miles)"
    flags = re.IGNORECASE
    # 1. datelines: "SUMY, Oct 15 (Reuters) -", "KYIV —"
    s.take(r"^\s*(?P<n>[A-ZА-ЯЁІЇ][A-ZА-ЯЁІЇ'’ -]{2,})(?:,[^\n—–-]{0,40})?\s*(?:\([A-Za-z ]+\)\s*)?[—–-]+\s",
           lambda m: s.clue("context", m, names=[m["n"].strip().title()], note="dateline: where the report was filed"))
    if is_cyrillic(text):  # Russian and Ukrainian frames, into the same clues
        from geoevents.geocoding.cyrillic import read_cyrillic

        read_cyrillic(s)
    # 2. context clauses: neighbours, and where a movement came from or went to
    s.take(rf"\b(?:which|that)\s+(?:borders?|neighbou?rs?|adjoins?|is adjacent to)\s+(?P<n>{_NAMES})",
           lambda m: s.clue("context", m, names=_split_names(m["n"]), note="named as a neighbour, not as the place"),
           flags, latin=True)
    s.take(rf"\b(?:bordering|neighbou?ring|adjacent to)\s+"
           rf"(?P<n>{NAME}(?:\s+(?:and\s+)?{NAME})*(?:\s+{_REGION_WORD}s?)?)",
           lambda m: s.clue("context", m, names=[m["n"]], note="named as a neighbour, not as the place"), latin=True)
    s.take(rf"\b(?:launched|fired|flew|flown|came|coming|moved|sent|transferred|redeployed|relocated|withdrawn|"
           rf"deployed|brought|heading|headed|travell?ed|took off|taken off|fled|escaped|retreated|withdrew)\s+"
           rf"(?:in\s+|back\s+|over\s+)?(?P<w>from|to|towards?|into)\s+(?P<n>{_NAMES})",
           lambda m: s.clue("context", m, names=[m["n"]],
                            note=f"{'origin' if m['w'].lower() == 'from' else 'destination'} of a movement, "
                                 f"not where the event happened"), flags, latin=True)
    # 3. boundaries between two regions: "the border of Kursk and Bryansk regions", "where X and Y oblasts meet"
    s.take(rf"(?:(?:near|on|at|along|by)\s+)?(?:the\s+)?(?:border|boundary|junction)\s+(?:of|between)\s+"
           rf"(?P<a>{NAME})\s+and\s+(?P<b>{NAME})\s+{_REGIONS_WORD}",
           lambda m: s.clue("boundary", m, names=[m["a"], m["b"]]), flags, latin=True)
    s.take(rf"where\s+(?:the\s+)?(?P<a>{NAME})\s+and\s+(?P<b>{NAME})\s+{_REGIONS_WORD}\s+meet",
           lambda m: s.clue("boundary", m, names=[m["a"], m["b"]]), flags, latin=True)
    # 4. a border region, before "border" is read as a border: "the Belgorod border region"
    s.take(rf"(?:the\s+)?(?P<n>{NAME})\s+(?:border(?:line)?|frontier)\s+{_REGION_WORD}(?!\s+of\b)",
           lambda m: _regions(s, m, [m["n"]]), flags, latin=True)
    # "a border village", "the Ukrainian frontier town of X": a band along the border (the place is read on)
    s.take(rf"(?:(?P<adj>{_COUNTRY_ADJ})\s+)?(?:border|frontier|borderline)(?=\s+(?:villages?|towns?|settlements?|"
           rf"hamlets?|communit(?:y|ies)|areas?)\b)", lambda m: s.clue("border", m, relation="village",
                                                                      adj=m["adj"] or ""), flags, latin=True)
    # distances with what they are measured from
    s.take(DISTANCE_PATTERN + rf"(?:\s+away)?\s+(?:(?:to\s+the\s+)?(?P<dir>{_DIR})\s+)?(?:from|of|off)\s+"
           + _BORDER, lambda m: _border(s, m), flags, latin=True)
    s.take(DISTANCE_PATTERN + rf"\s+(?:deep\s+)?(?:inside|into|within)\s+(?:the\s+)?(?P<c>{NAME})"
           rf"(?:\s+(?:territory|soil|side))?", lambda m: _inside(s, m), flags, latin=True)
    s.take(DISTANCE_PATTERN + rf"(?:\s+away)?\s+(?:(?:to\s+the\s+)?(?P<dir>{_DIR})\s+)?(?:from|of|off)\s+"
           rf"(?:the\s+{_PLACE_WORD}(?:\s+of|\s*,)\s+)?(?P<n>{NAME})", lambda m: _from_place(s, m), flags, latin=True)
    s.take(rf"(?:(?P<pre>near|on|at|along|by|close to)\s+)?{_BORDER}", lambda m: _border(s, m), flags, latin=True)
    # 5. regions and their parts
    s.take(rf"(?:the\s+)?(?P<dir>{_DIR})\s+(?:part\s+)?of\s+(?:the\s+)?(?P<n>{NAME})\s+{_REGION_WORD}",
           lambda m: _region_part(s, m), flags, latin=True)
    s.take(rf"(?P<dir>{_DIR})\s+(?P<n>{NAME})\s+{_REGION_WORD}", lambda m: _region_part(s, m), flags, latin=True)
    s.take(rf"(?P<n>{NAME}(?:\s*,\s*{NAME})*\s+and\s+{NAME})\s+{_REGIONS_WORD}",
           lambda m: _regions(s, m, _split_names(m["n"])), flags, latin=True)
    s.take(rf"(?:the\s+)?(?P<n>{NAME})\s+{_REGION_WORD}(?!\s+of\b)",
           lambda m: _regions(s, m, [m["n"]]), flags)
    s.take(rf"(?:the\s+)?{_REGION_WORD}\s+of\s+(?P<n>{NAME})", lambda m: _regions(s, m, [m["n"]]), flags, latin=True)
    # "Kursk Governor Alexei Smirnov", "Belgorod regional governor": the governor's region, not the city
    s.take(rf"(?P<n>{NAME})\s+(?:regional\s+)?(?-i:[Gg]overnor)\b",
           lambda m: None if m["n"].split()[-1].lower() in _TITLES else _regions(s, m, [m["n"]]), flags, latin=True)
    # 6. a district of a place ("Kharkiv's Saltivskyi district", "Kursk's Sudzha district"): the district and the
    # place, each read as such (a city that is also a region with a district in it is read as the region); then
    # districts and communities
    s.take(rf"(?P<c>{NAME})['’]s\s+(?P<n>{NAME})\s+(?P<w>{_DISTRICT_WORD})\b", lambda m: _of_a_place(s, m), flags,
           latin=True)
    s.take(rf"(?:the\s+)?(?P<n>{NAME})\s+(?P<w>{_DISTRICT_WORD})\b",  # "Russia's Glushkovo district": Glushkovo
           lambda m: s.clue("district", m, names=[_strip_country(m["n"])[0]], district_word=m["w"].lower()), flags,
           latin=True)
    s.take(rf"\b(?P<n>{_CAP}\w+(?:sky|skiy|skyi|skii|skoy))\b(?!\s+{NAME})",
           lambda m: None if country_code(m["n"]) else s.clue("district", m, names=[m["n"]], district_word="district"),
           latin=True)
    # 7. places with a relation; "evacuated ... from X" is where the event happened
    s.take(rf"\bevacuat\w*\b[^.;\n]{{0,60}}?\bfrom\s+(?:the\s+(?:village|town|city)\s+of\s+)?(?P<n>{NAME})",
           lambda m: s.clue("place", m, names=[m["n"]], relation="in"), flags, latin=True)
    s.take(rf"\bbetween\s+(?:the\s+(?:villages?|towns?|cities)\s+(?:of\s+)?)?(?P<a>{NAME})\s+and\s+(?P<b>{NAME})",
           lambda m: s.clue("place", m, names=[m["a"], m["b"]], relation="between"), flags, latin=True)
    # a road or railway named by its two ends: "the Sudzha-Korenevo highway", "the Belgorod–Shebekino road"
    s.take(rf"\b(?P<a>{_CAP}[\w’'ʼ]+)\s*[-–—]\s*(?P<b>{_CAP}[\w’'ʼ]+)\s+(?:highway|road|motorway|route|railway|"
           rf"railroad|rail\s+line)\b", lambda m: s.clue("place", m, names=[m["a"], m["b"]], relation="between"),
           flags, latin=True)
    s.take(rf"\b(?:an?|the|in\s+the)\s+suburbs?\s+of\s+(?P<n>{NAME})",
           lambda m: s.clue("place", m, names=[m["n"]], relation="suburb"), flags, latin=True)
    s.take(rf"\b(?:on\s+the\s+outskirts\s+of|(?:just\s+)?outside|on\s+the\s+edge\s+of)\s+(?P<n>{NAME})",
           lambda m: s.clue("place", m, names=[m["n"]], relation="outskirts"), flags, latin=True)
    s.take(rf"\b(?:near|nearby|close\s+to|not\s+far\s+from|in\s+the\s+vicinity\s+of|around)\s+"
           rf"(?:the\s+(?:villages?|towns?|city|cities|settlements?)\s+of\s+)?"
           rf"(?P<n>{NAME}(?:(?:\s*,\s*{NAME})*,?\s+(?:and|or)\s+{NAME})?)",  # "near the villages of A and B"
           lambda m: s.clue("place", m, names=_split_names(m["n"]), relation="near"), flags, latin=True)
    s.take(rf"\b(?:the\s+)?(?:centre|center|heart|middle|downtown)\s+of\s+(?P<n>{NAME})",  # in the place itself
           lambda m: s.clue("place", m, names=[m["n"]], relation="in"), flags, latin=True)
    s.take(rf"(?:(?P<dir>{_DIR})\s+of)\s+(?P<n>{NAME})",
           lambda m: s.clue("place", m, names=[m["n"]], relation="direction", bearing=_DIRECTIONS[m["dir"].lower()]),
           flags, latin=True)
    s.take(rf"\b(?:in|at|into|over|inside|hit|struck|shelled|attacked|targeted|stormed|entered|including|"
           rf"such\s+as|namely)\s+"
           rf"(?:the\s+(?:villages?|towns?|city|cities|settlements?|urban-type settlements?)\s+"
           rf"(?:of\s+)?)?(?P<n>{NAME}(?:(?:\s*,\s*{NAME})*,?\s+(?:and|or)\s+{NAME})?)", lambda m: _in(s, m), flags,
           latin=True)
    # 8. a place named first in a list: "Alekseevka, Glushkovsky district" (before a masked clue)
    s.take(rf"(?:^|(?<=[.;:]\s))(?:the\s+(?:village|town|city)\s+of\s+)?(?P<n>{NAME})(?=\s*,\s*\0)",
           lambda m: s.clue("place", m, names=[m["n"]], relation="in"))
    s.take(rf"(?:the\s+)?(?:village|town|city|settlement)\s+of\s+(?P<n>{NAME})",
           lambda m: s.clue("place", m, names=[m["n"]], relation="in"), flags, latin=True)
    clues = sorted(s.clues, key=lambda c: c.span)
    _mark_descriptions(clues, text)
    return clues


def _first_distance(text: str) -> Distance | None:
    found = find_distances(text)
    return found[0] if found else None


def _border(s: Scanner, m: re.Match) -> Clue:
    gd = m.groupdict()
    distance = _first_distance(m[0]) if gd.get("unit") else None
    if distance is not None:  # re-anchor the distance's span to the whole text
        start = m.start() + distance.span[0]
        distance = Distance(distance.value_km, distance.low_km, distance.high_km, distance.qualifier, distance.unit,
                            (start, start + len(distance.text)), distance.text)
    return s.clue("border", m, distance=distance, relation=(gd.get("pre") or "").lower(),
                  bearing=_DIRECTIONS.get((gd.get("dir") or "").lower(), ""), adj=gd.get("adj") or "",
                  adj2=gd.get("adj2") or "", with_=gd.get("with") or "")


def _inside(s: Scanner, m: re.Match) -> Clue | None:
    code = country_code(m["c"])
    distance = _first_distance(m[0])
    if code is None or distance is None:
        return None
    return s.clue("border", m, distance=distance, relation="inside", adj=m["c"])


def _from_place(s: Scanner, m: re.Match) -> Clue | None:
    distance = _first_distance(m[0])
    if distance is None:
        return None
    return s.clue("place", m, names=[m["n"]], relation="distance", distance=distance,
                  bearing=_DIRECTIONS.get((m["dir"] or "").lower(), ""))


def _region_part(s: Scanner, m: re.Match) -> list[Clue] | None:
    name, code = _strip_country(m["n"])
    if country_code(name):  # "the western Russian region of Kursk": a country's part, read on as "region of X"
        return None
    clues = [s.clue("region_part", m, names=[name], part=_DIRECTIONS[m["dir"].lower()])]
    return clues + ([s.clue("country", m, names=[code])] if code else [])


def _regions(s: Scanner, m: re.Match, names: list[str]) -> list[Clue] | None:
    stripped = [_strip_country(n) for n in names]
    if all(country_code(n) for n, _ in stripped):  # "a Russian region": no region named
        return None
    clues = [s.clue("region", m, names=[n for n, _ in stripped])]
    codes = sorted({c for _, c in stripped if c})
    return clues + ([s.clue("country", m, names=codes)] if codes else [])


def _in(s: Scanner, m: re.Match) -> Clue | list[Clue]:
    """ "in X", or "in A, B and C" (the event at one or more of them; countries in the list are countries)."""
    names = _split_names(m["n"])
    countries = [code for code in map(country_code, names) if code is not None]
    places = [_strip_country(n)[0] for n in names if country_code(n) is None]
    clues = [s.clue("country", m, names=countries)] if countries else []
    if places:
        clues.append(s.clue("place", m, names=places, relation="in"))
    return clues[0] if len(clues) == 1 else clues


def _mark_descriptions(clues: list[Clue], text: str) -> None:
    """A distance or direction from place Y right after place X ("X, 40 km north of Y") describes X."""
    for before, after in pairwise(clues):
        if (before.kind == "place" and before.relation == "in" and after.kind == "place"
                and after.relation in ("distance", "direction")
                and re.fullmatch(r"\s*,\s*", text[before.span[1]:after.span[0]])):
            after.describes = before.names[0]
