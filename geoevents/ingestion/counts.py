"""Stated counts of a report: how many were killed, injured, missing, captured, deserted or evacuated.

Only what the text states is read, in the forms reports write it:

* a number before the outcome: "four villagers have been killed", "13 people injured", "three dead",
  "a total of 12 soldiers reportedly deserted";
* the outcome before the number: "killing one man and injuring two others", "wounded 10 people",
  "injures one";
* one person: "a man was wounded", "an 80-year-old woman died", "killing a local man";
* none: "there were no casualties" (killed 0 and injured 0), "no one was injured", "nobody was hurt".

Russian and Ukrainian in the same four forms: "четыре человека получили ранения", "погибли 2 человека",
"загинув 24-річний чоловік", "ніхто не постраждав" (killed 0 and injured 0), "пострадавших нет" (injured 0).

Numbers in digits or words (English, Russian, Ukrainian). Per kind the first statement in the headline and the
event's sentences is taken (reports lead with the toll); a later, different figure for the same kind is noted, not
summed.
"""

from __future__ import annotations

import re

from geoevents.geocoding.distances import parse_number
from geoevents.ingestion.article import Article
from geoevents.ingestion.fields import CYRILLIC_MONTH, MONTH
from geoevents.model import COUNT_KINDS
from geoevents.places.morphology import is_person_noun

__all__ = ["read_counts"]


_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
          "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred")
_NUM = rf"(?P<n>\d+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:{_WORDS}))"
_NOUNS = (r"(?:people|persons?|civilians?|residents?|inhabitants|locals|villagers|men|women|children|kids|boys|girls|"
          r"soldiers|servicemen|troops|fighters|conscripts|personnel|policemen|officers|guards|workers|employees|"
          r"drivers|passengers|others|more|[A-Z][a-z]+ans|[A-Z][a-z]+s)")
_ONE = r"(?:man|woman|boy|girl|child|civilian|resident|person|driver|soldier|serviceman|teenager|pensioner)"
_AUX = r"(?:(?:have|has|had)\s+been|were|was|are|is|got|reportedly|allegedly|later)"
_OUTCOMES = {
    "killed": r"killed|dead|died|perished|lost (?:their|his|her) lives?",
    "injured": r"injured|wounded|hurt",
    "missing": r"missing",
    "captured": r"captured|taken prisoner",
    "deserted": r"deserted",
    "evacuated": r"evacuated",
}
_KIND = "|".join(f"(?P<{k}>{v})" for k, v in _OUTCOMES.items())
_VERBS = {"killed": r"kill(?:ed|ing|s)", "injured": r"(?:injur|wound)(?:ed|ing|es|s)|hurt(?:ing)?",
          "captured": r"captur(?:ed|ing|es)", "evacuated": r"evacuat(?:ed|ing|es)"}
_VERB = "|".join(f"(?P<v_{k}>{v})" for k, v in _VERBS.items())
_QUAL = r"(?:at least|a total of|about|some|up to|more than|over|another)\s+"

_NUMBER_FIRST = re.compile(
    rf"\b(?:{_QUAL})?{_NUM}(?:\s+(?:[\w’'“”\"-]+\s+){{0,2}}?{_NOUNS})?\s+(?:{_AUX}\s+)*(?:{_KIND})\b", re.IGNORECASE)
_VERB_FIRST = re.compile(rf"\b(?:{_VERB})\s+(?:{_QUAL})?{_NUM}(?:\s+(?:[\w’'-]+\s+){{0,2}}?{_NOUNS})?\b",
                         re.IGNORECASE)
_ONE_PERSON = re.compile(
    rf"\b(?:(?:a|an)\s+(?:[\w’'“”\"-]+\s+){{0,3}}?{_ONE}\s+(?:[\w’'“”\",-]+\s+){{0,8}}?(?:{_AUX}\s+)*(?:{_KIND})|"
    rf"(?:{_VERB})\s+(?:a|an)\s+(?:[\w’'-]+\s+){{0,2}}?{_ONE})\b", re.IGNORECASE)
_DIED_OF_WOUNDS = re.compile(
    rf"\b(?:(?:a|an)\s+(?:[\w’'“”\"-]+\s+){{0,3}}?{_ONE}|(?P<n>\d+|{_WORDS})\s+{_NOUNS})\s+(?:who\s+(?:was|were)\s+)?"
    rf"(?:injured|wounded)\b[^.;]{{0,120}}?\b(?:has\s+|have\s+|later\s+)?(?P<killed>died)\b", re.IGNORECASE)
"""The wounded who died: "a man injured in the strike on May 17 died in hospital" is one killed, not injured."""
_UPDATE = re.compile(
    rf"\b(?:(?:the\s+)?number\s+of\s+(?:the\s+)?(?:(?P<injured>injured|wounded)|(?P<killed>dead|killed))|"
    rf"(?P<toll>death\s+toll))\b[^.;]{{0,60}}?\b(?:rose|has\s+risen|risen|increased|has\s+increased|grew|"
    rf"has\s+grown|climbed|reached|now\s+stands\s+at)\s+(?:to\s+)?{_NUM}\b", re.IGNORECASE)
"""An update of a figure ("the number of injured later rose to 11", "the death toll has risen to 5"): it replaces
the figure given before it."""
_NONE = re.compile(r"\b(?P<all>no (?:casualties|victims|one was (?:killed or )?(?:injured|hurt|wounded))|"
                   r"(?:nobody|no one) was (?:injured|hurt|wounded)|no injuries|no one was killed|"
                   r"without casualties)\b", re.IGNORECASE)

# --- Russian and Ukrainian: "четыре человека получили ранения", "погибли 2 человека", "загинув 24-річний чоловік",
# "погиб мужчина и пострадала женщина", "ніхто не постраждав", "пострадавших нет"
_C_KILLED = r"(?:погиб\w*|загину\w*|загибл\w*|убит\w*|убиты|вбит\w*|вбито|погибш\w*|убил\w*|вбив\w*|вбила|вбили)"
_C_INJURED = (r"(?:ранен\w*|поранен\w*|пострадал\w*|постраждал\w*|постраждав|травмирован\w*|травмован\w*|"
              r"поранив|поранила|поранили|ранил\w*|травмував\w*|"
              r"получил\w* (?:ранени\w*|травм\w*)|отрима\w* (?:поранен\w*|травм\w*)|госпитализирован\w*|"
              r"госпіталізован\w*)")
_C_KIND = (rf"(?:(?P<killed>{_C_KILLED})|(?P<injured>{_C_INJURED})|(?P<missing>пропал\w* без вести|зник\w* безвісти)|"
           rf"(?P<evacuated>эвакуирован\w*|евакуйован\w*)|(?P<captured>взят\w* в плен|потрапил\w* в полон))")
_C_NUM = (rf"(?P<n>\d+(?![-\w])(?!\s+{CYRILLIC_MONTH})|"
          r"(?:один|одна|одного|одну|два|две|дві|двох|двух|три|трьох|трёх|четыре|чотири|пять|п'ять|"
          r"п’ять|шесть|шість|семь|сім|восемь|вісім|девять|дев'ять|десять|двое|трое|четверо|пятеро|шестеро|двоє|"
          r"троє|п'ятеро|п’ятеро|\w+надцат\w*|\w+надцят\w*|двадцат\w*|двадцят\w*|тридцат\w*|тридцят\w*)(?!\w))")
_C_ONE = (r"(?:мужчина|женщина|житель|жительница|ребенок|ребёнок|девочка|мальчик|подросток|водитель|пенсионер\w*|"
          r"военнослужащ\w+|человек|чоловік|жінка|мешканець|мешканка|дитина|хлопчик|дівчинка|підліток|водій|"
          r"пенсіонер\w*|військовослужбов\w+|людина|чоловіка|жінку|мужчину|женщину|дитину|ребенка|ребёнка|жителя|"
          r"жительницу|мешканця|мешканку|людину|человека|водителя|водія|підлітка|подростка)")
_C_WORDS = r"(?:[\w'’-]+\s+){0,3}?"
_C_NUMBER_FIRST = re.compile(rf"(?<!\w){_C_NUM}\s+{_C_WORDS}(?:были\s+|було\s+|були\s+)?{_C_KIND}", re.IGNORECASE)
_C_KIND_FIRST = re.compile(rf"(?<!\w){_C_KIND}\s+(?:еще|ще|по меньшей мере|щонайменше|не менее|не менше)?\s*{_C_NUM}",
                           re.IGNORECASE)
_C_DIED_OF_WOUNDS = re.compile(
    rf"(?<!\w)(?:{_C_ONE}|он|она|він|вона)\s+(?:[\w'’-]+\s+){{0,3}}?(?:получил\w* ранени\w*|был\w* ранен\w*|"
    rf"отрима\w* поранен\w*|був поранен\w*)[^.;]{{0,80}}?(?P<killed>скончал\w*|умер\w*|помер\w*)", re.IGNORECASE)
_C_NOT_KIND = rf"(?!(?:{_C_KILLED}|{_C_INJURED})(?!\w))[\w'’-]+\s+"  # a word that states no outcome of its own
_C_PAIR_AFTER = re.compile(rf"(?<!\w){_C_KIND}\s+(?:{_C_NOT_KIND}){{0,2}}?{_C_ONE}\s+(?P<pair>и|і|та)\s+"
                           rf"(?:{_C_NOT_KIND}){{0,2}}?{_C_ONE}(?!\w)", re.IGNORECASE)
_C_ONE_BEFORE = re.compile(rf"(?<!\w){_C_ONE}\s+{_C_WORDS}{_C_KIND}", re.IGNORECASE)
_C_ONE_AFTER = re.compile(rf"(?<!\w){_C_KIND}\s+(?:[\w'’-]+\s+){{0,2}}?{_C_ONE}(?!\w)", re.IGNORECASE)
_C_SINGULAR = (r"(?:(?P<killed>погиб|погибла|загинув|загинула|убит|убита|вбитий|вбита)|"
               r"(?P<injured>ранен|ранена|поранен|поранений|поранена|пострадал|пострадала|постраждав|постраждала|"
               r"травмирован|травмирована|травмований|травмована|госпитализирован|госпитализирована|"
               r"госпіталізований|госпіталізована))")
_C_ONE_WHO = re.compile(rf"(?<!\w){_C_SINGULAR}\s+(?P<who>(?:[\w'’-]+\s+){{0,2}}[\w'’-]+)(?![\w'’-])", re.IGNORECASE)
"""A singular outcome and its subject, any noun for one person ("погиб военный священник", "загинув
прикордонник"): the words after the verb, of which one must be such a noun (:func:`is_person_noun`)."""
_C_NONE = re.compile(r"(?<!\w)(?P<all>никто не пострадал|ніхто не постраждав|никто не погиб|ніхто не загинув|"
                     r"пострадавших нет|без пострадавших|постраждалих немає|без постраждалих|жертв нет|без жертв|"
                     r"обошлось без пострадавших|обійшлося без постраждалих)", re.IGNORECASE)
_CYRILLIC_PATTERNS = (_C_NUMBER_FIRST, _C_KIND_FIRST, _C_PAIR_AFTER, _C_ONE_BEFORE, _C_ONE_AFTER, _C_ONE_WHO, _C_NONE)

_DATE_BEFORE = re.compile(rf"\b{MONTH}\s+$", re.IGNORECASE)


def read_counts(article: Article, sentences: list[tuple[int, int]], *, headline: bool = True
                ) -> list[tuple[str, int, tuple[int, int], str]]:
    """The counts stated in the headline and then in ``sentences`` (spans, in the order to read them: the event's
    own sentences first; ``headline`` False leaves the headline out): (kind, number, span, note), one per kind,
    in :data:`geoevents.model.COUNT_KINDS` order.

    Examples
    --------
    >>> from geoevents.ingestion.article import read_article
    >>> a = read_article("Shelling killed two people and injured five in a village, officials said.")
    >>> [(k, n) for k, n, _, _ in read_counts(a, list(a.sentences))]
    [('killed', 2), ('injured', 5)]
    """
    zones = ([article.headline] if article.headline and headline else []) + list(sentences)
    found: dict[str, tuple[int, tuple[int, int], str]] = {}
    updates: list[tuple[int, str, int, tuple[int, int], str]] = []
    for a, b in zones:
        taken: list[tuple[int, int]] = []  # spans read already: "a man injured ... died" is not also one injured
        for pattern in (_DIED_OF_WOUNDS, _C_DIED_OF_WOUNDS, _NUMBER_FIRST, _VERB_FIRST, _ONE_PERSON, _NONE,
                        *_CYRILLIC_PATTERNS):
            for m in pattern.finditer(article.text, a, b):
                if any(m.start() < y and x < m.end() for x, y in taken):
                    continue
                if m.groupdict().get("n") and _DATE_BEFORE.search(article.text, max(a, m.start("n") - 12),
                                                                   m.start("n")):
                    continue  # "on May 17 died": a day of a date, not a count
                if pattern is _C_ONE_WHO and not any(is_person_noun(w) for w in m["who"].split()):
                    continue  # "погиб в результате обстрела": no one named
                if pattern is _DIED_OF_WOUNDS or pattern is _C_DIED_OF_WOUNDS or pattern is _C_PAIR_AFTER:
                    taken.append(m.span())
                for kind, n in _read(m):
                    if kind not in found:
                        found[kind] = (n, m.span(), f"'{' '.join(m[0].split())}'")
                    elif found[kind][0] != n and "another figure" not in found[kind][2]:
                        first = found[kind]
                        found[kind] = (first[0], first[1], f"{first[2]}; another figure later: {n}")
        for m in _UPDATE.finditer(article.text, a, b):
            for kind, n in _read(m):
                updates.append((m.start(), kind, n, m.span(), f"'{' '.join(m[0].split())}'"))
    for _, kind, n, span, note in sorted(updates):  # in the order of the text: the last update stands
        before = found.get(kind)
        found[kind] = (n, span, note + (f"; updates the figure {before[0]}" if before and before[0] != n else ""))
    return [(k, *found[k]) for k in COUNT_KINDS if k in found]


def _read(m: re.Match) -> list[tuple[str, int]]:
    groups = m.groupdict()
    if groups.get("all") is not None:
        text = m[0].lower()
        if "casualties" in text or "victims" in text or text.startswith(("никто не пострадал", "ніхто не постраждав")):
            return [("killed", 0), ("injured", 0)]
        if any(w in text for w in ("killed", "погиб", "загинув", "жертв")):
            return [("killed", 0)]
        return [("injured", 0)]
    if groups.get("toll"):
        groups["killed"] = groups["toll"]
    kind = next((k for k in COUNT_KINDS if groups.get(k) or groups.get(f"v_{k}")), None)
    if kind is None:
        return []
    if groups.get("pair"):  # "ранены женщина и девочка"
        return [(kind, 2)]
    if groups.get("n") is None:  # one person
        return [(kind, 1)]
    try:
        value = parse_number(groups["n"].replace("-", " "))
    except ValueError:
        return []
    return [(kind, int(value))] if value.is_integer() and value >= 0 else []
