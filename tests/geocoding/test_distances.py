"""Distances as reports write them (geoevents.geocoding.distances): properties over arbitrary text, the documented reading of
every qualifier and unit, number words, ranges.

The expected ranges are computed here from the table in the module docstring, with its own formula for
``tolerance(d, f, floor) = max(f * d, min(floor, d / 2))``, not with the module's function.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geoevents
from geoevents.geocoding.distances import UNITS_KM, find_distances, parse_number, tolerance

QUALIFIERS = {  # wording -> how the docstring table reads it
    "": "exact",
    "about": "about", "approximately": "about", "around": "about", "roughly": "about", "some": "about", "~": "about",
    "nearly": "nearly", "almost": "nearly",
    "less than": "at_most", "under": "at_most", "up to": "at_most", "within": "at_most", "no more than": "at_most",
    "more than": "at_least", "over": "at_least", "at least": "at_least", "beyond": "at_least",
}
KINDS = {"exact", "about", "nearly", "at_most", "at_least", "range"}

# re.IGNORECASE matches these to the Latin letters of the units ("ſ" to "s", "ı"/"İ" to "i") but str.lower() keeps
# them apart, so a unit written with them is not a key of UNITS_KM: see test_unicode_case_folding_in_units below.
CASEFOLD_TRAPS = "ſıİ"


def _tol(d: float, fraction: float, floor: float) -> float:
    return max(fraction * d, min(floor, d / 2))


def _expected(value: float, kind: str) -> tuple[float, float]:
    if kind == "exact":
        t = _tol(value, 0.10, 1.0)
        return value - t, value + t
    if kind == "about":
        t = _tol(value, 0.25, 2.0)
        return value - t, value + t
    if kind == "nearly":
        return value - _tol(value, 0.25, 2.0), value
    if kind == "at_most":
        return 0.0, value
    assert kind == "at_least"
    return value, math.inf


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def words(n: int) -> str:
    """0..99 in English words: 'seven', 'twenty', 'twenty-five'."""
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def check_invariants(text: str, found) -> None:
    previous_end = 0
    for d in found:
        start, end = d.span
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == d.text
        assert 0.0 <= d.low_km <= d.high_km
        # zero and too-long values are kept for the clue's reader to refuse with the words; a too-long one is
        # unbounded on both ends, so it can never pass for a real range
        assert d.value_km >= 0 and (math.isfinite(d.value_km) or d.low_km == d.high_km == math.inf)
        assert d.low_km <= d.value_km <= d.high_km
        assert d.unit in UNITS_KM and d.qualifier in KINDS
        assert isinstance(d.describe(), str)
        previous_end = end


# --- properties over arbitrary text ----------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=st.characters(exclude_characters=CASEFOLD_TRAPS)))
def test_never_raises_on_arbitrary_text(text):
    check_invariants(text, find_distances(text))


_TOKENS = [*QUALIFIERS, "approx.", "ca.", "circa", "just under", "just over", "close to", "between", "and", "to",
           "-", "–", "—", ",", ".", " ", "  ", "a", "half", "hundred", "thousand", "zero", *_ONES, *_TENS[2:],
           "0", "1", "7", "12", "999", "3.5", "1,5", "00", "99999999999999999999999999999999", *UNITS_KM,
           "KM", "Miles", "x", "-long", "\n"]


_noise = st.text(alphabet=st.characters(exclude_characters=CASEFOLD_TRAPS), max_size=3)
_NUMBER_TOKENS = ["a half", "half", "hundred", "thousand", "zero", "one hundred and twenty", "0", "00", "1", "7", "12",
                  "999", "3.5", "1,5", "0.0", "9" * 32, "9" * 400]
_number_ish = st.one_of(st.sampled_from(_NUMBER_TOKENS), st.integers(0, 10**6).map(str),
                        st.floats(0, 1e6, allow_nan=False).map(str), st.integers(0, 99).map(words))
_phrase_ish = st.tuples(_noise, st.sampled_from([*QUALIFIERS, "between", "just over"]), st.sampled_from(["", " "]),
                        _number_ish, st.sampled_from(["", "-", " to ", " and ", "–", " - "]),
                        st.one_of(st.just(""), _number_ish), st.sampled_from(["", " "]),
                        st.sampled_from([*UNITS_KM, "KM", "Miles", "k", ""]), _noise).map("".join)


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.lists(st.one_of(st.sampled_from(_TOKENS), _noise), max_size=14).map("".join),
                 st.lists(_phrase_ish, min_size=1, max_size=3).map(" ".join)))
def test_never_raises_on_distance_like_text(text):
    """Text made of the pieces distances are written with: number words, digits, units, qualifiers, dashes."""
    check_invariants(text, find_distances(text))


# --- round trips: every unit, every qualifier -------------------------------------------------------------------
numbers = st.builds(lambda whole, frac, sep: f"{whole}{sep}{frac}" if frac else str(whole),
                    st.integers(0, 999), st.sampled_from(["", "5", "25", "75", "1", "05"]), st.sampled_from([".", ","])
                    ).filter(lambda s: float(s.replace(",", ".")) > 0)


@settings(max_examples=300, deadline=None, database=None)
@given(numbers, st.sampled_from(sorted(UNITS_KM)), st.sampled_from(sorted(QUALIFIERS)), st.sampled_from([" ", ""]))
def test_round_trip_number_unit_qualifier(number, unit, qualifier, gap):
    text = f"{qualifier} {number}{gap}{unit}".strip()
    found = find_distances(text)
    assert len(found) == 1, (text, found)
    (d,) = found
    n = float(number.replace(",", "."))
    value = n * UNITS_KM[unit]
    assert d.value_km == pytest.approx(value, rel=1e-12)
    assert d.unit == unit and d.qualifier == QUALIFIERS[qualifier]
    assert d.span == (0, len(text)) and d.text == text
    low, high = _expected(value, QUALIFIERS[qualifier])
    assert d.low_km == pytest.approx(low, rel=1e-12, abs=1e-15)
    assert d.high_km == pytest.approx(high, rel=1e-12) if math.isfinite(high) else math.isinf(d.high_km)


@settings(max_examples=300, deadline=None, database=None)
@given(numbers, st.sampled_from(sorted(UNITS_KM)), st.sampled_from(sorted(QUALIFIERS)))
def test_round_trip_inside_a_sentence(number, unit, qualifier):
    prefix = "The strike hit a village "
    text = f"{prefix}{qualifier} {number} {unit} from the border, officials said.".replace("  ", " ")
    (d,) = find_distances(text)
    assert d.value_km == pytest.approx(float(number.replace(",", ".")) * UNITS_KM[unit], rel=1e-12)
    assert d.span[0] == len(prefix) and text[d.span[0]:d.span[1]] == d.text


@pytest.mark.parametrize("text, low, high", [
    ("7 km", 6, 8), ("about 7 km", 5, 9), ("approximately seven kilometres", 5, 9), ("nearly 10 km", 7.5, 10),
    ("almost 4 km", 2, 4), ("less than 3 km", 0, 3), ("within 10 km", 0, 10), ("more than 30 km", 30, math.inf),
    ("at least 40 km", 40, math.inf), ("about 40 km", 30, 50), ("500 m", 0.25, 0.75), ("about 500 m", 0.25, 0.75),
    ("20 km", 18, 22), ("1,5 km", 0.75, 2.25),
])
def test_documented_examples(text, low, high):
    (d,) = find_distances(text)
    assert (d.low_km, d.high_km) == (pytest.approx(low), pytest.approx(high) if math.isfinite(high) else math.inf)


def test_tolerance_formula_as_documented():
    for d in (0.001, 0.3, 0.5, 1, 2, 3.9, 4, 7, 8, 10, 40, 1000):
        for f, floor in ((0.10, 1.0), (0.25, 2.0)):
            assert tolerance(d, f, floor) == pytest.approx(_tol(d, f, floor))
    assert (tolerance(7, 0.25, 2.0), tolerance(0.5, 0.1, 1.0), tolerance(40, 0.25, 2.0)) == (2.0, 0.25, 10.0)


# --- number words --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", range(100))
def test_number_words(n):
    text = words(n)
    assert parse_number(text) == n
    assert parse_number(text.replace("-", " ")) == n
    assert parse_number(text.upper()) == n
    for unit in ("kilometres", "km"):
        (d,) = find_distances(f"{text} {unit}")
        assert d.value_km == n and d.text == f"{text} {unit}"
    (d,) = find_distances(f"about {text} kilometres from the border")
    assert d.value_km == n and d.qualifier == "about"


def test_larger_number_words_and_digits():
    assert parse_number("one hundred and twenty") == 120
    assert parse_number("a half") == 0.5 and parse_number("7,5") == 7.5 and parse_number("7.5") == 7.5
    with pytest.raises(ValueError):
        parse_number("seven km")


# --- ranges ------------------------------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from(sorted(UNITS_KM)),
       st.sampled_from(["{a}-{b} {u}", "{a} - {b} {u}", "{a}–{b} {u}", "{a} to {b} {u}", "between {a} and {b} {u}",
                        "{wa} to {wb} {u}", "between {wa} and {wb} {u}"]))
def test_ranges(a, b, unit, form):
    if "{wa}" in form:
        a, b = a % 100 or 1, b % 100 or 1
        text = form.format(wa=words(a), wb=words(b), u=unit)
    else:
        text = form.format(a=a, b=b, u=unit)
    (d,) = find_distances(text)
    k = UNITS_KM[unit]
    assert d.qualifier == "range" and d.text == text
    assert d.low_km == pytest.approx(min(a, b) * k) and d.high_km == pytest.approx(max(a, b) * k)
    assert d.value_km == pytest.approx((a + b) / 2 * k)


def test_range_qualified_by_about_is_widened():
    (d,) = find_distances("about 5-10 km")
    assert (d.low_km, d.high_km) == (pytest.approx(5 - _tol(5, 0.25, 2)), pytest.approx(10 + _tol(10, 0.25, 2)))


# --- miles --------------------------------------------------------------------------------------------------------
def test_three_miles():
    (d,) = find_distances("3 miles")
    assert round(d.value_km, 2) == 4.83
    assert d.value_km == pytest.approx(3 * 1.609344)


def test_several_distances_in_order():
    found = find_distances("3 miles north, then about seven kilometres, then 500 m")
    assert [round(d.value_km, 3) for d in found] == [4.828, 7.0, 0.5]
    assert [d.qualifier for d in found] == ["exact", "about", "exact"]


# --- Unicode letters that only case-fold to ASCII ("ſ", "ı", "İ") are not units: no crash, no reading -------
@pytest.mark.parametrize("text", ["7 kmſ", "about 3 mıles", "5 mİles"])
def test_unicode_case_folding_in_units(text):
    check_invariants(text, find_distances(text))


def test_comma_before_three_digits_separates_thousands():
    assert [d.value_km for d in find_distances("1,000 m and 7,5 km and 2,500 metres")] == [1.0, 7.5, 2.5]


@pytest.mark.parametrize("phrase, problem", [
    ("0 km north of Sumy", "a distance of 0 km locates nothing"),
    ("within zero km of the Ukrainian border, Kursk region", "a distance of 0 km locates nothing"),
    ("in Kursk region, " + "9" * 400 + " km from the Ukrainian border", "over 300 digits is longer than any distance"),
])
def test_distances_that_locate_nothing_are_refused_with_the_words(phrase, problem, boundaries, gazetteer):
    """Zero and unbounded distances reach the reader of the clue, which refuses them naming the words (they used to
    vanish from the text, and the phrase then failed with an IndexError)."""
    from geoevents.errors import EmptyGeometryError

    with pytest.raises(EmptyGeometryError, match=problem):
        geoevents.geocode(phrase, boundaries=boundaries, gazetteer=gazetteer)


def test_scientific_notation_is_not_a_distance():
    assert find_distances("5e9 km") == [] and find_distances("1e400 km") == []
    assert [d.value_km for d in find_distances("(6.2 miles)")] == [pytest.approx(9.978, abs=0.001)]
