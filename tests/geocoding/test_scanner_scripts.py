"""Patterns that cannot match a text are skipped uncompiled: the English ones on text with no letter but Cyrillic
ones, proved of each pattern so marked (every match has an ASCII letter); the patterns with ``needs`` words on text
without any of them, proved of each (every match has one of the words). Both shown on the team's Russian and
Ukrainian phrases: the same clues with and without the skips."""

from __future__ import annotations

import re
import re._parser as sre  # the parser of Python's own re module: the patterns' structure, not their matches

import pytest
from geocoding.test_phrases_ru_uk import CASES

from geoevents.geocoding import expressions
from geoevents.geocoding.expressions import Scanner, read_location

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _ascii_letter(code: int) -> bool:
    return chr(code).isascii() and chr(code).isalpha()


def _needs_ascii_letter(items) -> bool:
    """Whether every match of a parsed pattern (a sequence of opcodes) has an ASCII letter matched by a literal
    (under IGNORECASE such a literal matches only Latin letters: ASCII ones and a few like 'ſ' and 'K')."""
    return any(_item_needs(op, av) for op, av in items)


def _item_needs(op, av) -> bool:
    if op is sre.LITERAL:
        return _ascii_letter(av)
    if op is sre.IN:
        return all((o is sre.LITERAL and _ascii_letter(a)) or (o is sre.RANGE and all(map(_ascii_letter, a)))
                   for o, a in av)
    if op is sre.SUBPATTERN:
        return _needs_ascii_letter(av[3])
    if op is sre.ATOMIC_GROUP:
        return _needs_ascii_letter(av)
    if op is sre.BRANCH:
        return all(_needs_ascii_letter(branch) for branch in av[1])
    if op in _REPEATS:
        return av[0] >= 1 and _needs_ascii_letter(av[2])
    return False  # lookarounds, anchors, any character, back references: nothing is required of the text


def test_the_checker_tells_patterns_apart():
    for pattern, needs in [("near", True), ("(?:near|by)", True), ("(?:near|у)", False), ("x?y", True),
                           ("x?", False), ("[a-z]+", True), ("[a-zа-я]", False), (r"\w+", False), ("(?!near)",
                           False), ("(?:the )*border", True), ("(?i:k)", True)]:
        assert _needs_ascii_letter(sre.parse(pattern)) is needs, pattern


def _has_word(items, words: tuple[str, ...], before: str = "") -> bool:
    """Whether every match of a parsed pattern (a sequence of opcodes) has one of ``words`` (lower case, in any
    case in the text): a run of literals in the sequence holds one, or an item that every match goes through
    does (a group, every branch of an alternation, a repeat of at least one). ``before``: the literals just
    before the sequence (the parser moves the common start of an alternation's branches out in front of it)."""
    run = before
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run += chr(av).casefold()
            continue
        if any(word in run for word in words):
            return True
        if op is sre.SUBPATTERN and _has_word(av[3], words, run):
            return True
        if op is sre.ATOMIC_GROUP and _has_word(av, words, run):
            return True
        if op is sre.BRANCH and all(_has_word(branch, words, run) for branch in av[1]):
            return True
        if op in _REPEATS and av[0] >= 1 and _has_word(av[2], words, run):
            return True
        run = ""
    return False


def test_the_word_checker_tells_patterns_apart():
    for pattern, words, has in [("возле", ("возл",), True), ("(?:возле|у)", ("возл",), False),
                                ("(?:возле|около)", ("возл", "окол"), True), ("(?:во)?зле", ("возл",), False),
                                ("(?:в )?районе", ("район",), True), ("рай[оа]не", ("район",), False),
                                ("(?:севере?)+", ("север",), True), ("(?:север)*", ("север",), False),
                                ("(?!возле)у", ("возл",), False), ("ВОЗЛЕ", ("возл",), True),
                                ("(?:пригороде|передмісті)", ("пригород", "передміст"), True),
                                ("(?:пригороде|передмісті)", ("пригород", "ригород"), False)]:
        assert _has_word(sre.parse(pattern, re.IGNORECASE), words) is has, pattern


@pytest.fixture(scope="module")
def patterns():
    """Every pattern read_location tries on an English and on a Russian text, with its flags, whether it is
    marked latin and the words it needs."""
    seen: dict[str, tuple[str, int, bool, tuple[str, ...]]] = {}
    take = Scanner.take

    def recording(self, pattern, make, flags=0, *, latin=False, needs=()):
        seen[pattern] = (pattern, flags, latin, needs)
        return take(self, pattern, make, flags, latin=latin, needs=needs)

    Scanner.take = recording
    try:
        read_location("Shelling near Sumy, 5 km from the border of Kursk Oblast")
        read_location("обстрел в 5 км от границы возле села Теткино Курской области")
    finally:
        Scanner.take = take
    return list(seen.values())


def test_every_pattern_marked_latin_needs_an_ascii_letter(patterns):
    marked = [(p, f) for p, f, latin, _ in patterns if latin]
    assert len(marked) >= 20  # the English frames are marked, not only a few
    wrong = [p[:80] for p, f in marked if not _needs_ascii_letter(sre.parse(p, f))]
    assert not wrong


def test_the_unmarked_english_patterns_could_match_cyrillic_text(patterns):
    """Marking is not missed where it is safe: the patterns left unmarked can match without a Latin letter."""
    unmarked = [(p, f) for p, f, latin, _ in patterns if not latin]
    assert unmarked and not [p[:80] for p, f in unmarked if _needs_ascii_letter(sre.parse(p, f))]


@pytest.mark.parametrize("text", [phrase for phrase, _ in CASES])
def test_cyrillic_phrases_read_the_same_without_the_english_patterns(text, monkeypatch):
    skipped = read_location(text)
    monkeypatch.setattr(expressions, "_NOT_CYRILLIC", re.compile("."))  # every text counts as Latin: all patterns
    assert read_location(text) == skipped


def test_every_pattern_with_needs_words_has_one_in_every_match(patterns):
    marked = [(p, f, needs) for p, f, _, needs in patterns if needs]
    assert len(marked) >= 15  # most Cyrillic frames say what they need
    assert all(word == word.casefold() for *_, needs in marked for word in needs)
    wrong = [p[:80] for p, f, needs in marked if not _has_word(sre.parse(p, f), needs)]
    assert not wrong


@pytest.mark.parametrize("text", [phrase for phrase, _ in CASES])
def test_cyrillic_phrases_read_the_same_without_the_skips_by_needed_words(text, monkeypatch):
    skipped = read_location(text)
    take = Scanner.take
    monkeypatch.setattr(Scanner, "take", lambda self, pattern, make, flags=0, *, latin=False, needs=():
                        take(self, pattern, make, flags, latin=latin))
    assert read_location(text) == skipped


def test_a_needed_word_in_capitals_is_found():
    clues = read_location("ВОЗЛЕ СЕЛА Теткино")
    assert [(c.kind, c.relation) for c in clues][:1] == [("place", "near")]


def test_a_latin_name_in_cyrillic_text_keeps_the_english_patterns():
    clues = read_location("Обстрел near Sumy")
    assert [(c.kind, c.names, c.relation) for c in clues] == [("place", ["Sumy"], "near")]
