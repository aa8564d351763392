"""The fields of a draft event and how each is read from a report.

Holds the records ingestion produces (:class:`Field`, one extracted value with its span and confidence;
:class:`Draft`, the event with the evidence for each field), :class:`IngestError`, the event-type taxonomy
:data:`EVENT_TYPES`, and the readers of the type, date, counts, actors, attribution, title and id. The readers are
pure: they take an :class:`~geoevents.ingestion.article.Article` and the event's sentences (chosen in
:mod:`geoevents.ingestion.draft`) and return fields. dateparser is imported only when a date is read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geoevents.geocoding.distances import parse_number
from geoevents.geocoding.geocoder import Geocoded
from geoevents.ingestion.article import Article
from geoevents.model import Event

__all__ = ["ACTOR", "COUNT", "EVENT_TYPES", "MONTH", "Draft", "Field", "event_slug", "location_confidence",
           "read_attribution", "read_date", "read_event_type", "read_matches", "shorten"]

EVENT_TYPES: dict[str, str] = {
    "desertion": r"\b(?:desert(?:ed|ers?|ion|ing)|went missing|abandon(?:ed|ing) (?:their |its )?positions|AWOL|"
                 r"fled (?:their|the) unit|дезертир\w*|СЗЧ|самовольно остав\w*|самовільно залиш\w*)\b",
    "shelling": r"\b(?:shell(?:ed|ing|s)|artillery|mortars?|MLRS|Grad rockets?|multiple rocket launchers?|"
                r"обстрел\w*|обстріл\w*|артиллер\w*|артилер\w*|миномет\w*|мінамет\w*|"
                r"РСЗО|прил[её]т\w*|прильот\w*)\b",
    "air/drone strike": r"\b(?:drones?|UAVs?|air ?strikes?|missiles?|(?:glide|guided|aerial|guided aerial) bombs?|"
                        r"Shaheds?|беспилотн\w*|безпілотн\w*|БПЛА|дрон\w*|ракет\w*|КАБ\w*|авиабомб\w*|"
                        r"авіабомб\w*|авиаудар\w*|авіаудар\w*|шахед\w*)\b",
    "incursion": r"\b(?:incursions?|crossed the border|cross-border raids?|sabotage(?: and reconnaissance)? groups?|"
                 r"infiltrat\w+|raids?|ДРГ|диверсион\w*|диверсійн\w*|прорыв\w*|прорив\w*|вторжени\w*|"
                 r"вторгнен\w*)\b",
    "explosion": r"\b(?:explosions?|blasts?|exploded|detonat\w+|взрыв\w*|вибух\w*|детонац\w*)\b",
    "evacuation": r"\b(?:evacuat\w+|эвакуац\w*|эвакуир\w*|евакуац\w*|евакуй\w*)\b",
}
"""Trigger words of each event type (regular expressions, case-insensitive)."""

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_CYRILLIC_WEEKDAYS = {"понедельник": "Monday", "вторник": "Tuesday", "среду": "Wednesday", "четверг": "Thursday",
                      "пятницу": "Friday", "субботу": "Saturday", "воскресенье": "Sunday", "понеділок": "Monday",
                      "вівторок": "Tuesday", "середу": "Wednesday", "четвер": "Thursday", "п'ятницю": "Friday",
                      "п’ятницю": "Friday", "суботу": "Saturday", "неділю": "Sunday"}
_WEEKDAY_NUMBERS = {name: i for i, name in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                        "Saturday", "Sunday"))}
CYRILLIC_MONTH = (r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|"
                   r"ноябр[яь]|декабр[яь]|янв|фев|мар|апр|июн|июл|авг|сен|окт|ноя|дек|січня|лютого|березня|квітня|"
                   r"травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)")
"""A month in Russian or Ukrainian as a date writes it ("14 июн", "24 лютого")."""
_DATE = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?\b|"
    rf"\b(?:on|late on|early on)\s+{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?\b|"
    rf"\b(?:yesterday|last night|overnight|this morning|today|on the night of\s+\w+)\b|"
    rf"(?<!\w)\d{{1,2}}\s+{CYRILLIC_MONTH}\.?(?:\s+\d{{4}})?(?!\w)|"
    rf"(?<!\w)(?:в|во|у)\s+(?P<cday>{'|'.join(_CYRILLIC_WEEKDAYS)})(?!\w)|"
    rf"(?<!\w)(?:вчера|вчора|сегодня|сьогодні|накануне|напередодні)(?!\w)", re.IGNORECASE)
COUNT = re.compile(
    r"\b(?:a total of\s+|at least\s+|about\s+|some\s+|up to\s+)?(?P<n>\d+|(?:[A-Za-z]+-)?(?:one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred))\s+(?P<what>(?:[A-Z][a-z]+\s+){0,2}(?:soldiers|servicemen|"
    r"troops|people|civilians|residents|drones|UAVs|missiles|shells|rockets|houses|buildings|fighters|men|children|"
    r"personnel|conscripts))\b", re.IGNORECASE)
ACTOR = re.compile(
    r"\b(?:North Korean|Russian|Ukrainian|Belarusian|Chechen|Wagner)\s+(?:soldiers|servicemen|troops|forces|military|"
    r"army|border guards|air defen[cs]e|drones?|units?|personnel|fighters|conscripts|artillery|aircraft|"
    r"sabotage groups?)\b|"
    r"\b(?:Russians|Ukrainians)(?=\s+(?:attacked|struck|shelled|hit|fired|launched|dropped|targeted)\b)|"
    r"(?<!\w)(?:ВСУ|ЗСУ|ВС РФ|ЗС РФ|(?i:(?:украинск|российск|українськ|російськ)\w*\s+(?:военн\w*|войск\w*|"
    r"боевик\w*|армі\w*|арми\w*|військ\w*|военнослужащ\w*|беспилотник\w*|безпілотник\w*|дрон\w*|"
    r"артиллери\w*|артилері\w*|окупант\w*|оккупант\w*|ДРГ)|росіяни|россияне|окупанти|оккупанты))(?!\w)")
"""The side that acted: "Russian forces", "Ukrainian drones", "Russians attacked", "ВСУ", "российские войска",
"російська армія", "окупанти"; never who reported it ("Ukrainian officials", "Russian authorities" are the
attribution)."""
_ACCORDING = re.compile(r"\baccording to (?P<x>[^,.;]+)|\bciting (?P<y>[^,.;]+)|"
                        r"(?P<z>(?:[\w'’-]+\s+){0,4}?(?:intelligence|ministry|governor|spokes(?:man|woman|person)|"
                        r"officials?|service|command|agency|staff|administration|authorities|police|channel))\s+"
                        r"(?:said|reported|told|stated)\b|"
                        r"(?<!\w)(?:сообщил\w*|сообщает|заявил\w*|написал\w*|рассказал\w*|повідоми\w*|"
                        r"повідомляє|заявив|заявила|написав|розповів|розповіла|зазначив|уточнил\w*)\s+"
                        r"(?:в своём |в своем |у своєму )?(?P<w>(?:губернатор|глава|голова|начальник|очільник|мэр|мер|"
                        r"врио|пресс-служба|прес-служба|штаб|командування|командование|пограничник|прикордонник|"
                        r"ОВА|ОДА|МВА|СК|МО|Минобороны|Міноборони)[^,.;:«»\"]{0,60})|"
                        r"(?<!\w)(?i:по словам|за словами|по данным|за даними|как сообщил\w*|як повідоми\w*)\s+"
                        r"(?P<v>[^,.;:«»\"]{2,60})")


@dataclass(frozen=True, slots=True)
class Field:
    """One extracted field: its value, the span it came from (or None), a confidence and a note."""

    name: str
    value: str
    span: tuple[int, int] | None
    confidence: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft event from a report, with the evidence for each field and the toponyms not used."""

    event: Event
    fields: tuple[Field, ...]
    context: tuple[tuple[str, tuple[int, int], str], ...]  # (toponym, span, why not used)
    event_sentences: tuple[tuple[int, int], ...]
    geocoded: Geocoded | None  # None when the report could not be located
    article: Article
    unlocated: str = ""  # why the report could not be located (then the event has no constraints)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def counts(self) -> dict[str, int]:
        """The stated counts by kind (killed, injured, ...; the event's ``counts``)."""
        return dict(self.event.counts)


def read_event_type(article: Article, skip: frozenset[tuple[int, int]] = frozenset()) -> tuple[str, Field]:
    """The event's type (the taxonomy's best-scoring one; the headline and the lead count double; the sentences in
    ``skip``, those of other events, not at all) and its field.

    Examples
    --------
    >>> from geoevents.ingestion.article import read_article
    >>> read_event_type(read_article("Russian drones struck Sumy overnight. Two drones were shot down."))[0]
    'air/drone strike'
    """
    scores: dict[str, float] = {}
    spans: dict[str, tuple[int, int]] = {}
    zones = [(article.headline, 2.0)] + [(s, 2.0 if i == article.lead else 1.0)
                                         for i, s in enumerate(article.sentences) if s not in skip]
    for zone, weight in zones:
        if zone is None:
            continue
        for name, pattern in EVENT_TYPES.items():
            for m in re.finditer(pattern, article.text[zone[0]:zone[1]], re.IGNORECASE):
                scores[name] = scores.get(name, 0.0) + weight
                spans.setdefault(name, (zone[0] + m.start(), zone[0] + m.end()))
    if not scores:
        return "unknown", Field("type", "unknown", None, "low", "no trigger word of the taxonomy")
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], list(EVENT_TYPES).index(kv[0])))
    best, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = "high" if score >= 2 * runner and score >= 2 else "medium" if score > runner else "low"
    note = f"trigger words score {score:g}" + (f"; next: {ranked[1][0]} {runner:g}" if len(ranked) > 1 else "")
    return best, Field("type", best, spans[best], confidence, note)


def read_date(article: Article, chosen: list[tuple[int, int]]) -> Field:
    import dateparser

    base = article.published
    for a, b in chosen:
        # a day and month written out outranks a weekday or "yesterday" in the same sentence: "on Friday, 24 May"
        found = sorted(_DATE.finditer(article.text, a, b), key=lambda m: (not re.search(r"\d", m[0]), m.start()))
        for m in found:
            settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
            if base:
                settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(12))
            phrase = re.sub(r"^(?:late on|early on|on the night of|on)\s+", "", m[0])
            phrase = re.sub(r"^overnight$", "last night", phrase)
            phrase = re.sub(r"^(?:накануне|напередодні)$", "вчера", phrase, flags=re.IGNORECASE)
            weekday = re.match(_WEEKDAY, phrase)
            day = weekday[0] if weekday else _CYRILLIC_WEEKDAYS.get((m["cday"] or "").lower())
            if base and day and day == base.strftime("%A"):
                parsed = dt.datetime.combine(base, dt.time(12))  # "on Monday" in Monday's report: that day
            elif base and day and m["cday"]:  # "у вівторок": the last such day before the report
                back = (base.weekday() - _WEEKDAY_NUMBERS[day]) % 7
                parsed = dt.datetime.combine(base - dt.timedelta(days=back), dt.time(12))
            else:
                parsed = dateparser.parse(phrase, languages=["en", "ru", "uk"], settings=settings)
            if parsed and (base is None or parsed.date() <= base):
                dated = bool(re.search(r"\d{4}", m[0]))
                if dated:
                    how = "as written"
                elif base:
                    how = "relative to the publication date"
                else:  # nothing says when the report was written: today's calendar stands in, and says so
                    how = "with no year and no publication date: the most recent such day before today"
                note = f"'{m[0]}', {how}" + (f"; {article.published_note}" if article.published_note else "")
                confidence = "low" if not (dated or base) else "medium" if article.published_note else "high"
                return Field("date", parsed.date().isoformat(), m.span(), confidence, note)
    if base:
        return Field("date", base.isoformat(), article.published_span or article.dateline, "low",
                     "no date in the event's sentences: the publication date (the event may be earlier)")
    return Field("date", "", None, "low", "no date found")


def read_matches(name: str, pattern: re.Pattern, article: Article, chosen, *, first_only: bool = False) -> list[Field]:
    out, seen = [], set()
    for a, b in chosen:
        for m in pattern.finditer(article.text, a, b):
            value = " ".join(m[0].split())
            if name == "count":
                try:
                    value = f"{parse_number(m['n'].replace('-', ' ')):g} {m['what']}"
                except ValueError:
                    continue
            if value.lower() in seen:
                continue
            seen.add(value.lower())
            out.append(Field(name, value, m.span(), "medium"))
            if first_only:
                return out
    return out


def read_attribution(article: Article) -> list[Field]:
    for a, b in article.sentences:
        m = _ACCORDING.search(article.text, a, b)
        if m:
            group = next(g for g in ("x", "y", "z", "w", "v") if m[g])
            value = " ".join(m[group].split())
            how = {"x": "'according to'", "y": "'citing'", "z": "'... said'", "w": "'сообщил / повідомив ...'",
                   "v": "'по словам / за словами ...'"}[group]
            return [Field("attribution", value, m.span(group), "medium", how)]
    return []


def location_confidence(located: Geocoded) -> str:
    troubled = [t for t in located.toponyms if t.status in ("unresolved", "ambiguous")]
    if troubled or located.set_aside:  # a name not placed, or a claim set aside as contradicting
        return "low"
    return "high" if located.precision.ucdp_where_prec <= 3 else "medium"


def shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def event_slug(date: dt.date | None, title: str) -> str:
    """The event id: the date and the title's first six words, in Latin letters (Cyrillic by anyascii, the scheme
    of the gazetteer's name matching).

    Examples
    --------
    >>> event_slug(dt.date(2024, 10, 15), "Drones strike a school in Sumy")
    '2024-10-15-drones-strike-a-school-in-sumy'
    >>> event_slug(dt.date(2024, 11, 12), "Удар по Шостці")
    '2024-11-12-udar-po-shosttsi'
    """
    from anyascii import anyascii

    words = re.findall(r"[a-z0-9]+", anyascii(title).lower())[:6]
    return "-".join(([date.isoformat()] if date else []) + words) or "report"
