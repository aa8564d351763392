"""Distances as reports write them: "approximately seven kilometres", "5-10 km", "less than 3 miles", "500 m".

:func:`find_distances` finds every distance in a text, with its span; :class:`Distance` holds the number as
read and the range it allows. How each qualifier is read (documented here and in the README):

=========================================================  ==============================================
wording                                                    range
=========================================================  ==============================================
"7 km" (no qualifier)                                      7 +/- tolerance(7, 10 %, 1 km)
"about / approximately / around / roughly / some / ~ 7"    7 +/- tolerance(7, 25 %, 2 km)
"nearly / almost 7"                                        [7 - tolerance(7, 25 %, 2 km), 7]
"less than / under / up to / within / no more than 7"      [0, 7]
"more than / over / at least / beyond 7"                   [7, unbounded]
"5-10 km", "5 to 10 km", "between 5 and 10 km"             [5, 10] (widened by the approximate tolerance
                                                           when qualified by "about")
"a couple of / a few / several / tens of km"               [1.5, 3], [2, 5], [3, 9], [20, 90]
                                                           (:data:`geoevents.settings.VAGUE_DISTANCES`)
=========================================================  ==============================================

``tolerance(d, f, floor) = max(f * d, min(floor, d / 2))``: a fraction of the distance, at least ``floor`` but
never more than half the distance itself (so "500 m" is not read as "0-1.5 km"). "about 7 km" is 5-9 km.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from text_to_num import text2num

from geoevents import settings

__all__ = ["UNITS_KM", "Distance", "find_distances", "make_distance", "parse_number", "tolerance"]

UNITS_KM: dict[str, float] = {
    "km": 1.0, "kms": 1.0, "kilometre": 1.0, "kilometres": 1.0, "kilometer": 1.0, "kilometers": 1.0,
    "mile": 1.609344, "miles": 1.609344, "mi": 1.609344,
    "m": 0.001, "metre": 0.001, "metres": 0.001, "meter": 0.001, "meters": 0.001,
}
"""Kilometres per unit (the international mile is 1.609344 km exactly)."""

_QUALIFIERS = {
    "approximately": "about", "approx.": "about", "approx": "about", "about": "about", "around": "about",
    "roughly": "about", "some": "about", "circa": "about", "ca.": "about", "~": "about", "close to": "about",
    "nearly": "nearly", "almost": "nearly", "just under": "nearly",
    "less than": "at_most", "under": "at_most", "up to": "at_most", "within": "at_most", "no more than": "at_most",
    "not more than": "at_most", "at most": "at_most", "fewer than": "at_most",
    "more than": "at_least", "over": "at_least", "at least": "at_least", "beyond": "at_least",
    "no less than": "at_least", "not less than": "at_least", "just over": "at_least",
}
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
                 "thousand a half").split()
_WORD = r"(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?![\d,])|\d+(?:[.,]\d+)?|{_WORD}(?:[\s-]+(?:and\s+)?{_WORD})*)"
# (?a:...): units and qualifiers match ASCII letters only, whatever the case ("ſ" is not "s", "ı" is not "i")
_UNIT = r"(?a:" + "|".join(sorted((re.escape(u) for u in UNITS_KM), key=len, reverse=True)) + r")"
_QUAL = r"(?a:" + "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True)) + r")"
_VAGUE = r"(?:a\s+few|a\s+couple\s+of|several|tens\s+of)"
DISTANCE_PATTERN = (
    rf"(?:(?P<qual>{_QUAL})\s*)?(?:between\s+(?P<b1>{_NUM})\s+and\s+(?P<b2>{_NUM})|(?P<vague>{_VAGUE})\s+(?P<hundreds>hundreds?\s+(?:of\s+)?)?|"
    rf"(?<![\w.])(?P<n1>{_NUM})(?:\s*(?:-|–|—|to)\s*(?P<n2>{_NUM}))?)\s*(?P<unit>{_UNIT})\b(?!-\w)")
"""An English distance ("about seven kilometres", "5-10 km"), matched case-blind; compiled when first used (it
takes 20 ms, a twentieth of geocoding a Russian phrase, which never uses it)."""


@functools.cache
def _distance_re() -> re.Pattern[str]:
    return re.compile(DISTANCE_PATTERN, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Distance:
    """A distance read from text: the number(s) in km as written, the qualifier and the range they allow."""

    value_km: float
    low_km: float
    high_km: float
    qualifier: str
    unit: str
    span: tuple[int, int]
    text: str

    def describe(self) -> str:
        high = "unbounded" if math.isinf(self.high_km) else f"{self.high_km:.3g} km"
        return f"'{self.text}' read as {self.low_km:.3g} km to {high}"


def tolerance(distance_km: float, fraction: float, floor_km: float) -> float:
    """Half-width of the range an approximate distance allows (see the module docstring).

    Examples
    --------
    >>> tolerance(7, 0.25, 2.0), tolerance(0.5, 0.1, 1.0), tolerance(40, 0.25, 2.0)
    (2.0, 0.25, 10.0)
    """
    return max(fraction * distance_km, min(floor_km, distance_km / 2))


def parse_number(text: str) -> float:
    """A number written in digits ("7", "7.5", "7,5"), English words ("seven", "twenty-five", "a half"), or
    Russian or Ukrainian words in any case ("десяти", "двое", "п'ять").

    Examples
    --------
    >>> parse_number("twenty-five"), parse_number("7,5"), parse_number("one hundred and twenty")
    (25.0, 7.5, 120.0)
    """
    text = text.strip().lower()
    if re.search(r"[а-яёіїєґ]", text):
        return _cyrillic_number(text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):  # "1,000": a thousands separator
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    if text in ("a half", "half"):
        return 0.5
    words = re.sub(r"[\s-]+", " ", text).replace(" and ", " ")
    try:
        return float(text2num(words, "en"))
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None


_COLLECTIVE = {"двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7, "восьмеро": 8,
               "девятеро": 9, "десятеро": 10, "двоє": 2, "троє": 3, "п'ятеро": 5, "п’ятеро": 5,
               "обоє": 2, "оба": 2, "обе": 2, "обидва": 2, "обидві": 2}
"""Russian and Ukrainian collective numerals ("двое раненых"), which number-parser does not read."""


def _cyrillic_number(text: str) -> float:
    """A number in Russian or Ukrainian words, any case: "десяти", "двое", "п'ятнадцяти", "одна"."""
    from number_parser import parse_number as parse_words

    if text in _COLLECTIVE:
        return float(_COLLECTIVE[text])
    candidates = [text]
    from geoevents.places.morphology import nominative_forms

    candidates += [f.lower() for f in nominative_forms(text)]  # an oblique case the parser lacks: "двадцяти"
    candidates += [c.replace("'", "’") for c in candidates] + [re.sub(r"['’ʼ]", "", c) for c in candidates]
    for form in candidates:
        if form in _COLLECTIVE:
            return float(_COLLECTIVE[form])
        for language in ("ru", "uk"):
            value = parse_words(form, language=language)
            if value is not None:
                return float(value)
    raise ValueError(f"not a number: {text!r}")


def find_distances(text: str) -> list[Distance]:
    """Every distance in ``text``, in order.

    Examples
    --------
    >>> [round(d.value_km, 3) for d in find_distances("3 miles north, then about seven kilometres")]
    [4.828, 7.0]
    >>> d = find_distances("approximately seven kilometres from the border")[0]
    >>> d.low_km, d.high_km, d.qualifier
    (5.0, 9.0, 'about')
    >>> find_distances("5e9 km")  # not a number as reports write them: nothing, rather than "9 km"
    []
    """
    found = []
    for m in _distance_re().finditer(text):
        if m["vague"]:  # "a few kilometres": the documented range of the words, in the unit
            per_unit = UNITS_KM[m["unit"].lower()]
            scale = per_unit * (100 if m["hundreds"] else 1)  # "several hundred metres": 300-900 m
            low, high = (v * scale for v in settings.VAGUE_DISTANCES[" ".join(m["vague"].lower().split())])
            found.append(Distance((low + high) / 2, low, high, "vague", m["unit"].lower(), m.span(), m[0]))
            continue
        try:
            first = parse_number(m["b1"] or m["n1"])
            second = m["b2"] or m["n2"]
            second_km = None if second is None else parse_number(second)
        except ValueError:
            continue
        per_unit = UNITS_KM[m["unit"].lower()]
        qualifier = _QUALIFIERS.get((m["qual"] or "").lower(), "exact")
        if second_km is not None:
            low, high = sorted((first * per_unit, second_km * per_unit))
            value = (low + high) / 2
            if qualifier == "about":
                low -= tolerance(low, *settings.APPROXIMATE_TOLERANCE)
                high += tolerance(high, *settings.APPROXIMATE_TOLERANCE)
            qualifier = "range" if qualifier == "exact" else qualifier
        else:
            value = first * per_unit
            low, high = _bounds(value, qualifier)
        if math.isnan(value):
            continue
        if math.isinf(value):  # too many digits for a float: unbounded, and refused by the clue's reader
            low = high = value
        # zero and unbounded values ("0 km", a 400-digit number) are kept: the reader of the clue refuses them with
        # the words, rather than the distance vanishing from the text
        found.append(Distance(value, max(low, 0.0), high, qualifier, m["unit"].lower(), m.span(), m[0]))
    return found


def make_distance(value_km: float, qualifier: str, unit: str, span: tuple[int, int], text: str) -> Distance:
    """A :class:`Distance` of ``value_km`` read with ``qualifier`` (exact, about, nearly, at_most, at_least) by the
    rules of this module: the one place those rules live, for readers of other languages.

    >>> make_distance(7.0, "about", "км", (0, 4), "7 км").low_km
    5.0
    """
    low, high = _bounds(value_km, qualifier)
    return Distance(value_km, max(low, 0.0), high, qualifier, unit, span, text)


def _bounds(value: float, qualifier: str) -> tuple[float, float]:
    if qualifier == "about":
        t = tolerance(value, *settings.APPROXIMATE_TOLERANCE)
        return value - t, value + t
    if qualifier == "nearly":
        return value - tolerance(value, *settings.APPROXIMATE_TOLERANCE), value
    if qualifier == "at_most":
        return 0.0, value
    if qualifier == "at_least":
        return value, math.inf
    t = tolerance(value, *settings.EXACT_TOLERANCE)
    return value - t, value + t
