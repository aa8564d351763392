"""Russian and Ukrainian toponyms as reports inflect them: the dictionary (nominative) forms a name written in any
case may stand for, so that "в селе Глушково", "Глушковского района", "у Віролюбівці", "по Козачій Лопані" and
"Курской области" find Глушково, Глушковский, Віролюбівка, Козача Лопань and Курская.

Words are analysed with pymorphy3 and its Russian and Ukrainian dictionaries (loaded on first use, only for
Cyrillic text); a name the dictionaries lack is inflected by pymorphy3's suffix rules. Each word is put in the
nominative with its gender and number kept, so the words of a name agree ("Козачій Лопані" -> "Козача Лопань").
The region forms in -щина ("на Сумщині", "Чернігівщини", "на Донеччині") are read as their region's adjective
("Сумська", "Чернігівська", "Донецька"). Pure functions over the text; the analysers are cached per process.
"""

from __future__ import annotations

import functools
import itertools
import re

__all__ = ["CYRILLIC", "adjective_nominatives", "is_cyrillic", "is_function_word", "nominative_forms",
           "region_adjectives"]

CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
"""A Russian or Ukrainian letter."""
_MAX_FORMS = 16
"""At most this many candidate forms of one name (the most likely readings first)."""


def is_cyrillic(text: str) -> bool:
    """Whether ``text`` has a Cyrillic letter."""
    return bool(CYRILLIC.search(text))


@functools.cache
def _analysers() -> tuple:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru"), pymorphy3.MorphAnalyzer(lang="uk")


def _case_like(word: str, model: str) -> str:
    """``word`` with the capitals of ``model``: each hyphenated part title-cased if the model's part is."""
    parts, shapes = word.split("-"), model.split("-")
    if len(parts) != len(shapes):
        return word.capitalize() if model[:1].isupper() else word
    return "-".join(p.capitalize() if s[:1].isupper() else p for p, s in zip(parts, shapes, strict=True))


_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ'’]")
_RUSSIAN = re.compile(r"[ыэъёЫЭЪЁ]")
_NOT_NAMES = {"VERB", "INFN", "PRTF", "PRTS", "GRND", "ADVB", "PREP", "CONJ", "PRCL", "INTJ", "COMP", "PRED"}


def _parses(word: str) -> list:
    """pymorphy3's readings of ``word`` as a noun or adjective, in the language its letters say (Ukrainian for і,
    ї, є, ґ; Russian for ы, э, ъ, ё; else Russian, then Ukrainian)."""
    ru, uk = _analysers()
    analysers: tuple
    if _UKRAINIAN.search(word):
        analysers = (uk,)
    elif _RUSSIAN.search(word):
        analysers = (ru,)
    else:
        analysers = (ru, uk)
    return [p for a in analysers for p in a.parse(word)[:4] if p.tag.POS not in _NOT_NAMES]


@functools.lru_cache(maxsize=4096)
def _word_forms(word: str, gender: str) -> tuple[str, ...]:
    """Nominative forms of one word, most likely first; ``gender`` ("femn", "masc", "neut" or "") asks adjectives
    for that gender (a region's adjective is feminine, agreeing with область; an adjective agrees with its noun)."""
    out: list[str] = []
    for parse in _parses(word):
        tags = {"nomn"}
        if "plur" in parse.tag:
            tags.add("plur")
        elif gender and "ADJF" in parse.tag:
            tags.add(gender)
        # Ukrainian adjectives carry no number in the singular; Russian ones do
        inflected = parse.inflect(tags) or (parse.inflect(tags | {"sing"}) if "plur" not in tags else None)
        for form in (inflected.word if inflected else None, parse.normal_form):
            if form and form not in out:
                out.append(form)
    return tuple(_case_like(f, word) for f in out)


def _gender(word: str) -> str:
    """The gender of a noun (the last word of a name), to make the adjectives before it agree."""
    for parse in _parses(word):
        if parse.tag.POS == "NOUN" and parse.tag.gender:
            return str(parse.tag.gender)
    return ""


_FUNCTION = {"PREP", "CONJ", "PRCL", "INTJ", "ADVB", "NPRO", "PRED", "COMP", "VERB", "INFN", "GRND"}


@functools.lru_cache(maxsize=4096)
def is_function_word(word: str) -> bool:
    """Whether a Cyrillic word is only ever a preposition, conjunction, pronoun, adverb or verb (a sentence's first
    word, "Крім того", "После", capitalised but no toponym).

    >>> is_function_word("Крім"), is_function_word("Суджа")
    (True, False)
    """
    if not is_cyrillic(word) or " " in word.strip():
        return False
    ru, uk = _analysers()
    analysers = (uk,) if _UKRAINIAN.search(word) else (ru,) if _RUSSIAN.search(word) else (ru, uk)
    parses = [p for a in analysers for p in a.parse(word)[:4]]
    return bool(parses) and all(p.tag.POS in _FUNCTION for p in parses)


@functools.lru_cache(maxsize=4096)
def is_person_noun(word: str) -> bool:
    """Whether a Cyrillic word is, in pymorphy3's dictionaries, a noun for one person in the nominative ("священник",
    "прикордонник", "жителька"): the subject of "погиб ..." / "загинув ..." is then one person.

    >>> is_person_noun("священник"), is_person_noun("прикордонник"), is_person_noun("результате")
    (True, True, False)
    """
    if not is_cyrillic(word) or " " in word.strip():
        return False
    ru, uk = _analysers()
    analysers = (uk,) if _UKRAINIAN.search(word) else (ru,) if _RUSSIAN.search(word) else (ru, uk)
    for a in analysers:
        parses = a.parse(word.lower())[:3]
        if parses and parses[0].is_known:
            first = parses[0].tag
            return (first.POS == "NOUN" and "anim" in first and "nomn" in first and "plur" not in first
                    and not {"Geox", "Orgn"} & set(first.grammemes))
    return False


def nominative_forms(name: str, *, gender: str = "") -> list[str]:
    """The dictionary forms a Russian or Ukrainian toponym written in any case may stand for, most likely first;
    the name as written is not among them. Latin names give none. Adjectives agree with the name's last word, or
    take ``gender`` when it is given (a region's adjective: "femn").

    Examples
    --------
    >>> nominative_forms("Віролюбівці")[0], nominative_forms("Козачій Лопані")[0]
    ('Віролюбівка', 'Козача Лопань')
    >>> nominative_forms("Курской", gender="femn")[0]
    'Курская'
    """
    words = name.split()
    if not words or not is_cyrillic(name) or len(words) > 4:
        return []
    agree = gender or (_gender(words[-1]) if len(words) > 1 else "")
    options = [(*_word_forms(w, agree), *_by_ending(w)) or (w,) for w in words]
    forms: list[str] = []
    for combo in itertools.islice(itertools.product(*(o[:3] for o in options)), 27):
        text = " ".join(combo)
        if text != name and text not in forms:
            forms.append(text)
    return forms[:_MAX_FORMS]


_ENDINGS = (("ці", "ка"), ("ні", "ня"), ("лі", "ля"), ("ї", "я"), ("і", "а"), ("е", "а"), ("и", "а"), ("ы", "а"),
            ("у", ""), ("е", ""), ("а", ""), ("ом", ""), ("ою", "а"), ("ой", "а"), ("ому", "ий"), ("ому", "е"))
"""Case endings of place nouns the dictionaries lack, and their nominatives ("у Городні" -> Городня, "в Судже" ->
Суджа, "Белгорода" -> Белгород): tried after pymorphy3's forms, and kept only if the gazetteer knows the result."""


def ending_forms(name: str) -> tuple[str, ...]:
    """The nominatives a Cyrillic name's case ending alone gives, without dictionaries ("Курске" -> Курска, Курск;
    "Судже" -> Суджа, Судж); the last word of a longer name is the one changed."""
    head, _, last = name.rpartition(" ")
    return tuple(f"{head} {f}" if head else f for f in _by_ending(last))


def _by_ending(word: str) -> tuple[str, ...]:
    return tuple(word[: -len(end)] + new for end, new in _ENDINGS
                 if word.lower().endswith(end) and len(word) - len(end) >= 3)


_REGION_FORM = re.compile(r"^(?P<stem>[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+?)(?P<end>щин|ччин|(?<=[дтжг])чин)"
                          r"(?P<case>а|и|і|у|ою|ї|е|ы|ой)$")


def region_adjectives(name: str) -> list[str]:
    """A region form in -щина as the adjectives it stands for: "Сумщині" -> ["Сумська"], "Донеччині" ->
    ["Донецька"], "Чернігівщини" -> ["Чернігівська"]; the Russian ones too: "на Брянщине" -> ["Брянская"],
    "Белгородчины" -> ["Белгородская"]; other names give none.

    >>> region_adjectives("Донеччині"), region_adjectives("Харківщину"), region_adjectives("Белгородчине")
    (['Донецька'], ['Харківська'], ['Белгородская'])
    """
    m = _REGION_FORM.match(name.strip())
    if not m:
        return []
    stem = m["stem"]
    if m["end"] == "ччин":  # Донеччина: Донецьк
        return [stem + "цька"]
    russian = m["case"] in ("е", "ы", "ой") or bool(_RUSSIAN.search(stem))
    ukrainian = m["case"] in ("и", "і", "ою", "ї") or bool(_UKRAINIAN.search(stem))
    return [stem + "ская"] * (russian or not ukrainian) + [stem + "ська"] * (ukrainian or not russian)


_ADJECTIVE_CASE = re.compile(r"(?<=[сц]к)(?P<ru>ой|ую|ою|ого|ому|им|ом)$|(?<=[сц]ьк)(?P<uk>ої|ій|у|ою|ого|ому|им|ім)$")
"""The ending of an -ский/-ська adjective in another case than the nominative: Russian (``ru``) or Ukrainian."""
_FEMININE = {"ой", "ую", "ою", "ої", "ій", "у"}


def adjective_nominatives(name: str) -> list[str]:
    """A name whose words are adjectives in -ский/-ська in another case, in the nominative by their endings alone,
    feminine for область and masculine for край: "Курской" -> ["Курская"], "Сумської" -> ["Сумська"],
    "Краснодарского" -> ["Краснодарский"]. No dictionaries: regions are named so often in these forms that reading
    them should not wait for pymorphy3 (:func:`nominative_forms` reads any name). Other names give none.

    >>> adjective_nominatives("Белгородской"), adjective_nominatives("Чернігівській"), adjective_nominatives("Суджа")
    (['Белгородская'], ['Чернігівська'], [])
    """
    out = []
    for word in name.split():
        m = _ADJECTIVE_CASE.search(word.lower())
        if m is None:
            return []
        new = ("ая" if m["ru"] else "а") if m[0] in _FEMININE else "ий"
        out.append(word[: m.start()] + (new.upper() if word[m.start():].isupper() else new))
    return [" ".join(out)] if out else []
