"""Name folding: the matching key (*skeleton*) of a place name, and the countries as reports name them.

Reports spell the same village many ways: Tyotkino, Tetkino, Tëtkino, Tetkine, Тёткино. :func:`skeleton` reduces
each to one key by folding case, diacritics, Cyrillic script and the usual transliteration variants, so that
:class:`geoevents.places.gazetteer.Gazetteer` matches names by equal keys. :func:`country_code` reads a country's name
or adjective ("Ukrainian", "Russia's") as its ISO 3166-1 alpha-2 code. Pure functions, no data files.
"""

from __future__ import annotations

import re

from anyascii import anyascii

__all__ = ["COUNTRY_NAMES", "country_code", "skeleton"]

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "RU": ("Russia", "Russian Federation", "Russian", "Russia's", "Россия", "Российская Федерация", "Росія", "России",
           "Россией", "Россию", "РФ", "Росії", "Росією", "Росію"),
    "UA": ("Ukraine", "Ukrainian", "Ukraine's", "Украина", "Україна", "Украины", "Украине", "Украиной", "Украину",
           "України", "Україні", "Україною", "Україну"),
    "BY": ("Belarus", "Belarusian", "Belarus'", "Belarus's", "Byelorussia", "Belorussian", "Беларусь", "Білорусь",
           "Беларуси", "Белоруссии", "Белоруссия", "Беларусью", "Білорусі", "Білоруссю", "Республика Беларусь"),
    "PL": ("Poland", "Polish", "Poland's"),
    "SK": ("Slovakia", "Slovak", "Slovakian"),
    "HU": ("Hungary", "Hungarian"),
    "RO": ("Romania", "Romanian"),
    "MD": ("Moldova", "Moldovan"),
    "LT": ("Lithuania", "Lithuanian"),
    "LV": ("Latvia", "Latvian"),
    "EE": ("Estonia", "Estonian"),
    "FI": ("Finland", "Finnish"),
    "NO": ("Norway", "Norwegian"),
    "GE": ("Georgia", "Georgian"),
    "AZ": ("Azerbaijan", "Azerbaijani"),
    "KZ": ("Kazakhstan", "Kazakh", "Kazakhstani"),
}
"""Country names and adjectives as reports use them, by ISO 3166-1 alpha-2 code."""

# transliteration variants folded together, applied in order to lower-case Latin text
_FOLDS = (
    ("shch", "sc"), ("sch", "s"), ("kh", "h"), ("zh", "z"), ("tch", "c"), ("ch", "c"), ("sh", "s"), ("sz", "s"),
    ("ts", "c"), ("tz", "c"), ("yo", "e"), ("jo", "e"), ("io", "e"), ("w", "v"), ("x", "ks"), ("g", "h"),
    ("y", "i"), ("j", "i"),
)
_DOUBLE = re.compile(r"([a-z])\1+")
_QUOTES = re.compile(r"[’'`ʼ\"]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_ALNUM_LINES = re.compile(r"[^a-z0-9\n]+")
_CYRILLIC_FOLDS = str.maketrans({"ё": "е", "ї": "і", "й": "и"})


def skeleton(name: str) -> str:
    """The matching key of a place name: Latin script, lower case, no diacritics, apostrophes or hyphens, and
    transliteration variants folded (kh/h, zh/z, y/i/j, yo/e, g/h, doubled letters).

    Examples
    --------
    >>> skeleton("Tyotkino") == skeleton("Tëtkino") == skeleton("Тёткино") == skeleton("Tjotkino")
    True
    >>> skeleton("Sudzha") == skeleton("Sudža") == skeleton("Sudza")
    True
    >>> skeleton("Seredyna-Buda") == skeleton("Seredina-Buda") == skeleton("Середина-Буда")
    True
    """
    text = name.lower().translate(_CYRILLIC_FOLDS)
    text = anyascii(text).lower() if not text.isascii() else text
    text = _NOT_ALNUM.sub(" ", _QUOTES.sub("", text)).strip()
    for a, b in _FOLDS:
        if a in text:
            text = text.replace(a, b)
    text = _DOUBLE.sub(r"\1", text)
    return text.replace("ii", "i")


def country_code(word: str) -> str | None:
    """ISO alpha-2 code of a country named by ``word`` ("Ukrainian", "Russia's", "Belarus"), or None."""
    key = _fold_word(word)
    return _COUNTRY_INDEX.get(key)


def _fold_word(word: str) -> str:
    return re.sub(r"[’'`ʼ]s?$", "", word.strip().lower().replace("’", "'"))


_COUNTRY_INDEX = {_fold_word(name): code for code, names in COUNTRY_NAMES.items() for name in names}


def skeletons(names: list[str]) -> list[str]:
    """:func:`skeleton` of many names at once (the same keys; one pass over all the text, which is how the
    gazetteer indexes its tens of thousands of names quickly).

    Examples
    --------
    >>> skeletons(["Тёткино", "Sudža", "Seredyna-Buda"]) == [skeleton("Тёткино"), skeleton("Sudža"),
    ...                                                     skeleton("Seredyna-Buda")]
    True
    """
    if any("\n" in n for n in names):
        return [skeleton(n) for n in names]
    text = "\n".join(names).lower()
    # anyascii maps each character on its own: once per distinct character, in one translation table
    table = {ord(c): anyascii(c.translate(_CYRILLIC_FOLDS)).lower() for c in set(text) if not c.isascii()}
    text = text.translate(table)
    text = _NOT_ALNUM_LINES.sub(" ", _QUOTES.sub("", text))
    for a, b in _FOLDS:
        text = text.replace(a, b)
    text = _DOUBLE.sub(r"\1", text).replace("ii", "i")
    return [line.strip() for line in text.split("\n")] if names else []
