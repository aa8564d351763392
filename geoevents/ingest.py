"""From a report to a draft event for a human to review: date, title, type, counts, actors, attribution and the
location of the event itself, each field with the span of text it came from and a confidence.

The classic geoparsing error is to place an event at the wrong toponym: the dateline, a region mentioned for
context, a place troops may be sent to later. Here the event's own sentences are chosen first (the lead, sentences
naming the event, and the sentence right after an event sentence if it only adds where), and only they are read for
the location; sentences about plans, expectations or earlier events are context, and their toponyms are listed with
the reason they were not used.

Event types (a small documented taxonomy; anything else stays ``unknown``): desertion, shelling, air/drone strike,
incursion, explosion, evacuation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from .article import Article, read_article
from .boundaries import Boundaries
from .distances import parse_number
from .errors import EmptyGeometryError, GeoEventsError
from .expressions import read_location
from .gazetteer import Gazetteer
from .geocode import Geocoded, geocode
from .model import Event, Source

__all__ = ["EVENT_TYPES", "Draft", "Field", "IngestError", "drafts_to_document", "ingest", "read_reports"]

EVENT_TYPES: dict[str, str] = {
    "desertion": r"\b(?:desert(?:ed|ers?|ion|ing)|went missing|abandon(?:ed|ing) (?:their |its )?positions|AWOL|"
                 r"fled (?:their|the) unit)\b",
    "shelling": r"\b(?:shell(?:ed|ing|s)|artillery|mortars?|MLRS|Grad rockets?|multiple rocket launchers?)\b",
    "air/drone strike": r"\b(?:drones?|UAVs?|air ?strikes?|missiles?|glide bombs?|guided aerial bombs?|Shaheds?)\b",
    "incursion": r"\b(?:incursions?|crossed the border|cross-border raids?|sabotage(?: and reconnaissance)? groups?|"
                 r"infiltrat\w+|raids?)\b",
    "explosion": r"\b(?:explosions?|blasts?|exploded|detonat\w+)\b",
    "evacuation": r"\b(?:evacuat\w+)\b",
}
"""Trigger words of each event type (regular expressions, case-insensitive)."""

_CONTEXT = re.compile(
    r"\b(?:will|would|could|may|might|plans? to|planned to|expected to|are to be|is to be|intends? to|"
    r"earlier this (?:week|month|year)|last (?:week|month|year)|previously|in (?:January|February|March|April|May|June|"
    r"July|August|September|November|December)|in (?:19|20)\d\d)\b", re.IGNORECASE)
# a sentence right after an event sentence is read for the location only if it says where in these words
_WHERE_WORDS = re.compile(r"\b(?:km|kilomet(?:re|er)s?|miles?|metres|border|frontier|near|outskirts|between|"
                          r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\b", re.IGNORECASE)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b|"
    rf"\b(?:on|late on|early on)\s+{_WEEKDAY}(?:\s+(?:night|morning|evening|afternoon))?\b|"
    rf"\b(?:yesterday|last night|overnight|this morning|today|on the night of\s+\w+)\b")
_COUNT = re.compile(
    r"\b(?:a total of\s+|at least\s+|about\s+|some\s+|up to\s+)?(?P<n>\d+|(?:[A-Za-z]+-)?(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred))\s+(?P<what>(?:[A-Z][a-z]+\s+){0,2}(?:soldiers|servicemen|"
    r"troops|people|civilians|residents|drones|UAVs|missiles|shells|rockets|houses|buildings|fighters|men|children|"
    r"personnel|conscripts))\b", re.IGNORECASE)
_ACTOR = re.compile(
    r"\b(?:North Korean|Russian|Ukrainian|Belarusian|Chechen|Wagner)\s+(?:soldiers|servicemen|troops|forces|military|"
    r"army|border guards|intelligence|military intelligence|air defen[cs]e|drones|units?|personnel|fighters|officials|"
    r"authorities|conscripts)\b")
_ACCORDING = re.compile(r"\baccording to (?P<x>[^,.;]+)|\bciting (?P<y>[^,.;]+)|"
                        r"(?P<z>(?:[\w'’-]+\s+){0,4}?(?:intelligence|ministry|governor|spokes(?:man|woman|person)|"
                        r"officials?|service|command|agency|staff|administration|authorities|police|channel))\s+"
                        r"(?:said|reported|told|stated)\b")


MAX_REPORT_BYTES = 2_000_000
"""Largest report read (a long article is under 100 kB; anything much larger is not one report)."""


class IngestError(GeoEventsError, ValueError):
    """A report yields no event: no location found, or its constraints contradict."""


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
    geocoded: Geocoded
    article: Article

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def ingest(raw: str, *, boundaries: Boundaries, gazetteer: Gazetteer, published: dt.date | None = None,
           source: str = "", url: str | None = None, event_id: str | None = None, online=None) -> Draft:
    """Read a report (plain text or simple HTML) into a :class:`Draft`.

    Raises
    ------
    IngestError
        If the event's sentences locate nothing, or locate it inconsistently.
    """
    if len(raw) > MAX_REPORT_BYTES:
        raise IngestError(f"the report is too large ({len(raw) / 1e6:.1f} M characters; at most "
                          f"{MAX_REPORT_BYTES / 1e6:g} M)")
    article = read_article(raw, published=published)
    if not article.sentences:
        raise IngestError("the report has no sentences")
    fields: list[Field] = []
    event_type, type_field = _event_type(article)
    fields.append(type_field)
    chosen, core = _event_sentences(article, event_type)
    try:
        located = _locate(article, chosen, boundaries, gazetteer, online)
    except IngestError:
        if chosen == core:
            raise
        chosen = core  # a follow-up sentence may speak of another place: the event's own sentences only
        located = _locate(article, chosen, boundaries, gazetteer, online)
    date_field = _date(article, chosen)
    fields.append(date_field)
    title = (article.text[slice(*article.headline)].strip() if article.headline
             else _shorten(article.sentence(0)))
    fields.append(Field("title", title, article.headline or article.sentences[0],
                        "high" if article.headline else "medium", "" if article.headline else "the lead sentence"))
    fields += _matches("count", _COUNT, article, chosen, first_only=True)
    fields += _matches("actor", _ACTOR, article, chosen)
    fields += _attribution(article)
    location_spans = [s for s in located.spans]
    first, last = min(a for a, _ in location_spans), max(b for _, b in location_spans)
    fields.append(Field("location", article.text[first:last], (first, last), _location_confidence(located),
                        f"{len(located.event.constraints)} constraints from the event's sentences"))
    context = _context(article, chosen, located)
    published_on = article.published
    attribution = next((f.value for f in fields if f.name == "attribution"), None)
    src = Source(source or "report", url=url, published=published_on, citing=attribution)
    summary = "; ".join(f"{f.name}: {f.value}" for f in fields if f.name in ("type", "count", "actor", "attribution"))
    date = dt.date.fromisoformat(date_field.value) if date_field.value else None
    event = dataclasses.replace(
        located.event, id=event_id or _slug(date, title), title=title, date=date,
        date_precision="day" if date else "day", sources=(src,), summary=summary,
        location_text=article.text[first:last], event_type=event_type)
    return Draft(event, tuple(fields), tuple(context), tuple(chosen), located, article)


def _locate(article: Article, chosen: list[tuple[int, int]], boundaries: Boundaries, gazetteer: Gazetteer,
            online) -> Geocoded:
    """Geocode the chosen sentences in place: other text is blanked, so spans stay offsets into the article."""
    text, parts, at = article.text, [], 0
    for a, b in sorted(chosen):  # blank the gaps (keeping line breaks), copy the chosen sentences as they are
        parts += [re.sub(r"[^\n]", " ", text[at:a]), text[a:b]]
        at = b
    event_text = "".join(parts) + re.sub(r"[^\n]", " ", text[at:])
    try:
        return geocode(event_text, boundaries=boundaries, gazetteer=gazetteer, online=online)
    except EmptyGeometryError as exc:
        raise IngestError(str(exc).replace(repr(event_text), "the event's sentences")) from None


def _event_type(article: Article) -> tuple[str, Field]:
    scores: dict[str, float] = {}
    spans: dict[str, tuple[int, int]] = {}
    lead = article.sentences[0]
    zones = [(article.headline, 2.0), (lead, 2.0)] + [(s, 1.0) for s in article.sentences[1:]]
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


def _event_sentences(article: Article, event_type: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The sentences read for the location, and the core of them: the lead and the sentences naming the event
    (the others are follow-ups that only add where)."""
    chosen: list[tuple[int, int]] = []
    core: list[tuple[int, int]] = []
    pattern = EVENT_TYPES.get(event_type)
    previous = False
    for i, (a, b) in enumerate(article.sentences):
        sentence = article.text[a:b]
        if _CONTEXT.search(sentence):
            previous = False
            continue
        names_event = bool(pattern and re.search(pattern, sentence, re.IGNORECASE))
        if i == 0 or names_event:
            chosen.append((a, b))
            core.append((a, b))
            previous = True
        elif previous and _WHERE_WORDS.search(sentence):
            chosen.append((a, b))
        else:
            previous = False
    return chosen, core


def _date(article: Article, chosen: list[tuple[int, int]]) -> Field:
    import dateparser

    base = article.published
    for a, b in chosen:
        for m in _DATE.finditer(article.text, a, b):
            settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
            if base:
                settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(12))
            phrase = re.sub(r"^(?:late on|early on|on the night of|on)\s+", "", m[0])
            phrase = re.sub(r"^overnight$", "last night", phrase)
            weekday = re.match(_WEEKDAY, phrase)
            if base and weekday and weekday[0] == base.strftime("%A"):
                parsed = dt.datetime.combine(base, dt.time(12))  # "on Monday" in Monday's report: that day
            else:
                parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
            if parsed and (base is None or parsed.date() <= base):
                how = "relative to the publication date" if base and not re.search(r"\d{4}", m[0]) else "as written"
                note = f"'{m[0]}', {how}" + (f"; {article.published_note}" if article.published_note else "")
                return Field("date", parsed.date().isoformat(), m.span(),
                             "medium" if article.published_note else "high", note)
    if base:
        return Field("date", base.isoformat(), article.published_span or article.dateline, "low",
                     "no date in the event's sentences: the publication date (the event may be earlier)")
    return Field("date", "", None, "low", "no date found")


def _matches(name: str, pattern: re.Pattern, article: Article, chosen, *, first_only: bool = False) -> list[Field]:
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


def _attribution(article: Article) -> list[Field]:
    for a, b in article.sentences:
        m = _ACCORDING.search(article.text, a, b)
        if m:
            group = next(g for g in ("x", "y", "z") if m[g])
            value = " ".join(m[group].split())
            return [Field("attribution", value, m.span(group), "medium",
                          "'according to'" if group == "x" else "'citing'" if group == "y" else "'... said'")]
    return []


def _location_confidence(located: Geocoded) -> str:
    troubled = [t for t in located.toponyms if t.status in ("unresolved", "ambiguous")]
    if troubled:
        return "low"
    return "high" if located.precision.ucdp_where_prec <= 3 else "medium"


def _context(article: Article, chosen, located: Geocoded) -> list[tuple[str, tuple[int, int], str]]:
    out = [(t.text, t.span, t.note) for t in located.toponyms
           if t.status == "context" and not (article.dateline and t.span[0] < article.dateline[1])]
    if article.dateline:
        out.append((article.dateline_place, article.dateline, "dateline: where the report was filed"))
    for a, b in article.sentences:
        if (a, b) in chosen:
            continue
        sentence = article.text[a:b]
        why = ("plans, expectations or earlier events" if _CONTEXT.search(sentence)
               else "not one of the event's sentences")
        for clue in read_location(sentence):
            for name in clue.names:
                if clue.kind in ("region", "place", "district", "region_part", "boundary", "context"):
                    out.append((name, (a + clue.span[0], a + clue.span[1]),
                                f"{why}; {clue.note}" if clue.kind == "context" else why))
    return sorted(out, key=lambda item: item[1])


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _slug(date: dt.date | None, title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:6]
    return "-".join(([date.isoformat()] if date else []) + words) or "report"


# --- documents and batches ------------------------------------------------------------------------------------
def drafts_to_document(drafts: list[Draft]) -> dict:
    """An event file (``events:``) holding the drafts, plus ``review:``: each field's value, span, confidence and
    note, and the toponyms not used, for the human who checks the draft. Readers of event files ignore ``review``."""
    from .eventfile import event_to_dict

    review = {}
    for d in drafts:
        review[d.event.id] = {
            "fields": [{"field": f.name, "value": f.value, "span": list(f.span) if f.span else None,
                        "text": d.article.text[f.span[0]:f.span[1]] if f.span else None,
                        "confidence": f.confidence, **({"note": f.note} if f.note else {})} for f in d.fields],
            "not_used": [{"toponym": name, "span": list(span), "why": why} for name, span, why in d.context],
            "event_sentences": [d.article.text[a:b] for a, b in d.event_sentences],
        }
    return {"events": [event_to_dict(d.event) for d in drafts], "review": review}


def read_reports(path: str) -> list[tuple[str, str, dict]]:
    """Reports to ingest from ``path``: one file, ``-`` (standard input), a folder (its ``.txt``, ``.html`` and
    ``.htm`` files, sorted) or a JSON-lines file whose lines hold ``text`` and optionally ``id``, ``published``,
    ``url``, ``source``. Returns (name, raw text, metadata) triples; a bad JSON line raises naming its line."""
    import json
    import sys
    from pathlib import Path

    if path == "-":
        return [("stdin", sys.stdin.read(), {})]
    p = Path(path)
    try:
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.suffix.lower() in (".txt", ".html", ".htm"))
            return [(f.name, f.read_text(encoding="utf-8"), {}) for f in files]
        if p.suffix.lower() in (".jsonl", ".ndjson"):
            out = []
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise IngestError(f"{path}:{n}: not JSON: {exc.msg}") from None
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    raise IngestError(f"{path}:{n}: expected an object with a 'text' string")
                out.append((str(item.get("id") or f"{p.stem}:{n}"), item["text"], item))
            return out
        if p.stat().st_size > MAX_REPORT_BYTES:
            raise IngestError(f"{path}: too large ({p.stat().st_size / 1e6:.1f} MB; a report may have at most "
                              f"{MAX_REPORT_BYTES / 1e6:g} MB)")
        return [(p.name, p.read_text(encoding="utf-8"), {})]
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror or exc}") from None
