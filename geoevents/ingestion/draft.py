"""From a report to a draft event for a human to review: date, title, type, counts, actors, attribution and the
location of the event itself, each field with the span of text it came from and a confidence.

The classic geoparsing error is to place an event at the wrong toponym: the dateline, a region mentioned for
context, a place troops may be sent to later. Here the event's own sentences are chosen first (the lead, sentences
naming the event, and the sentence right after an event sentence if it only adds where), and only they are read for
the location; sentences about plans, expectations or earlier events are context, and their toponyms are listed with
the reason they were not used.

Event types (a small documented taxonomy; anything else stays ``unknown``): desertion, shelling, air/drone strike,
incursion, explosion, evacuation.

This module chooses the event's sentences and locates the event from them; the taxonomy, the :class:`Field` and
:class:`Draft` records and the readers of the other fields are in :mod:`geoevents.ingestion.fields`, and reading many
reports and the draft event file written for review are in :mod:`geoevents.ingestion.reports`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import shapely

from geoevents.errors import EmptyGeometryError, IngestError, InvalidValueError
from geoevents.geocoding.expressions import read_location
from geoevents.geocoding.geocoder import Geocoded, geocode
from geoevents.ingestion.article import Article, read_article
from geoevents.ingestion.counts import read_counts
from geoevents.ingestion.fields import (
    ACTOR,
    COUNT,
    EVENT_TYPES,
    MONTH,
    Draft,
    Field,
    event_slug,
    location_confidence,
    read_attribution,
    read_date,
    read_event_type,
    read_matches,
    shorten,
)
from geoevents.ingestion.reports import MAX_REPORT_BYTES
from geoevents.model import COUNT_KINDS, Event, Source, check_counts
from geoevents.places.boundaries import Boundaries
from geoevents.places.gazetteer import Gazetteer

__all__ = ["ingest", "ingest_all"]

_CONTEXT = re.compile(
    r"\b(?:will|would|could|(?-i:may)|might|plans? to|planned to|expected to|(?:are|is) preparing|are to be|"
    r"is to be|intends? to|since [^.;]{0,40}\b(?:launched|began|started)\b|earlier this (?:week|month|year)|"
    r"last (?:week|month|year)|previously|in " + MONTH + r"|in (?:19|20)\d\d|"
    r"ранее|раніше|напомним|нагадаємо|как сообщалось|як повідомлялося|в прошлом|минулого (?:тижня|місяця|року)|"
    r"на прошлой неделе|планиру\w*|планує\w*|собира\w+ся|збира\w+ся)\b",
    re.IGNORECASE)
_RECALL = re.compile(
    r"^\W*(?:нагада(?:ємо|ю|уємо)|напомн(?:им|ю)|напоминаем|(?:как|як)\s+(?:(?:ранее|раніше)\s+)?"
    r"(?:сообщалось|повідомлялося|повідомлялось|писали|писал[иа]|информировал[иа]|інформувал[иа])|"
    r"читайте\s+(?:также|також)|(?:read|see)\s+also|related\s*:|recall\s+that|we\s+recall|"
    r"as\s+(?:was\s+)?(?:previously|earlier)\s+reported|as\s+reported\s+(?:earlier|previously))(?!\w)",
    re.IGNORECASE)
"""A sentence that opens a reminder of earlier news ("Нагадаємо, ...", "Как сообщалось, ...", "Recall that ..."):
the rest of its paragraph is background too, whatever events it names."""
_ATTACK = re.compile(r"(?<!\w)(?:удар\w*|вдар\w*|атак\w*|атаку\w*)(?!\w)", re.IGNORECASE)
"""Russian and Ukrainian words that name an attack of any kind ("шість ударів у селі", "атакували громаду"): in a
report of shelling, an air or drone strike or an explosion, a sentence right after one of the event's with one of
them (not denied: "не зазнало ударів") goes on about the event, and is read for where it was. (English follow-ups
name their attacks less plainly: "Sumy region reported no attacks that day" is about another place.)"""
_DENIED = re.compile(r"(?<!\w)(?:не|ні|нет|немає|без)\s+(?:\w+\s+){0,2}(?:удар|вдар|атак)\w*|"
                     r"(?<!\w)(?:удар|вдар|атак)\w*\s+(?:\w+\s+)?(?:не|ні)(?!\w)", re.IGNORECASE)
_ATTACKS = frozenset({"shelling", "air/drone strike", "explosion"})
MAX_OTHER_EVENT_SENTENCES = 100
"""At most this many sentences of a report are geocoded as possible other events (:func:`ingest_all`), so that a
long report costs a bounded amount of work beyond its main event."""
# "it happened near X": a sentence that says where the event took place, in any of the languages
_HAPPENED = re.compile(r"(?<!\w)(?:happened|took place|occurred|произош(?:ло|ел|ёл|ла)|случил(?:ось|ся|ась)|"
                       r"сталося|відбулося|трапилося|стався|сталася)(?!\w)", re.IGNORECASE)
# a sentence that opens another event of the report: not read for the main one (ingest_all drafts it apart)
_ANOTHER = re.compile(r"^\W*(?:separately|elsewhere|meanwhile|in addition|in (?:a |an )?(?:separate|another|other|"
                      r"second) (?:attack|incident|strike|development)s?|another (?:attack|strike|drone|missile)|"
                      r"кроме того|помимо этого|помимо того|отдельно|крім того|окрім того|окремо|також у|також в)\b",
                      re.IGNORECASE)
# a sentence right after an event sentence is read for the location only if it says where in these words
_WHERE_WORDS = re.compile(r"\b(?:km|kilomet(?:re|er)s?|miles?|metres|border|frontier|near|outskirts|between|"
                          r"(?:the|a)\s+(?:village|town|settlement)\s+of|district|"
                          r"км|кілометр\w*|километр\w*|границ\w*|кордон\w*|біля|поблизу|возле|вблизи|окраин\w*|"
                          r"околиц\w*|сел[оаеі]|селищ\w*|посёл\w*|посел\w*|смт|пгт|район\w*|громад\w*|общин\w*|"
                          r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\b", re.IGNORECASE)


def ingest(raw: str, *, boundaries: Boundaries, gazetteer: Gazetteer, published: dt.date | None = None,
           source: str = "", url: str | None = None, event_id: str | None = None, online=None) -> Draft:
    """Read a report (plain text or simple HTML) into a :class:`Draft`.

    A report whose event's sentences locate nothing (or only places that exclude each other) is still a draft, with
    no constraints: :attr:`Draft.unlocated` says why, and its date, type and counts are read as for any other, so
    that a reviewer can locate it by hand.

    Raises
    ------
    IngestError
        If the report is too large, has no sentences, or comes with a URL that is not a web link.
    """
    if len(raw) > MAX_REPORT_BYTES:
        raise IngestError(f"the report is too large ({len(raw) / 1e6:.1f} M characters; at most "
                          f"{MAX_REPORT_BYTES / 1e6:g} M)")
    article = read_article(raw, published=published)
    if not article.sentences:
        raise IngestError("the report has no sentences")
    fields: list[Field] = []
    elsewhere = frozenset(s for i, s in enumerate(article.sentences)
                          if i != article.lead and _ANOTHER.match(article.text[slice(*s)]))
    event_type, type_field = read_event_type(article, elsewhere)
    fields.append(type_field)
    background = _background(article)  # read once: the event's sentences, the counts and the context skip it
    chosen, core = _event_sentences(article, event_type, background)
    located: Geocoded | None = None
    unlocated = ""
    try:
        located = _locate(article, chosen, boundaries, gazetteer, online)
    except IngestError as exc:
        unlocated = str(exc)
        if chosen != core:  # a follow-up sentence may speak of another place: the event's own sentences only
            try:
                located, unlocated = _locate(article, core, boundaries, gazetteer, online), ""
                chosen = core
            except IngestError:
                pass
        if located is None and len(chosen) > 1:  # later sentences may be another event's: the lead alone
            lead = article.sentences[article.lead]
            try:
                located, unlocated = _locate(article, [lead], boundaries, gazetteer, online), ""
                chosen = [lead]
            except IngestError:
                pass
        # a place only in the headline or the sub-headlines above the lead ("Drones hit Kozacha Lopan"): read them
        above = ([article.headline] if article.headline else []) + list(article.sentences[:article.lead])
        if located is None and above:
            try:
                located, unlocated = _locate(article, above + chosen, boundaries, gazetteer, online), ""
                chosen = above + chosen
            except IngestError:
                pass
    date_field = read_date(article, chosen)
    fields.append(date_field)
    title = (article.text[slice(*article.headline)].strip() if article.headline
             else shorten(article.sentence(article.lead)))
    fields.append(Field("title", title, article.headline or article.sentences[article.lead],
                        "high" if article.headline else "medium", "" if article.headline else "the lead sentence"))
    fields += read_matches("count", COUNT, article, chosen, first_only=True)
    read = set(chosen)
    others = [s for s in article.sentences if s not in read and s not in elsewhere and s not in background]
    fields += [Field(kind, str(n), span, "medium", note)
               for kind, n, span, note in read_counts(article, sorted(chosen) + others)]
    fields += read_matches("actor", ACTOR, article, chosen)
    fields += read_attribution(article)
    if located is not None:
        first, last = min(a for a, _ in located.spans), max(b for _, b in located.spans)
        fields.append(Field("location", article.text[first:last], (first, last), location_confidence(located),
                            f"{len(located.event.constraints)} constraints from the event's sentences"))
        location_text = article.text[first:last]
    else:
        fields.append(Field("location", "", None, "none", f"not located: {unlocated}; locate it by hand"))
        location_text = ""
    context = _context(article, chosen, located, background)
    published_on = article.published
    attribution = next((f.value for f in fields if f.name == "attribution"), None)
    try:
        src = Source(source or "report", url=url, published=published_on, citing=attribution)
    except InvalidValueError as exc:  # a javascript: or other non-web URL given with the report
        raise IngestError(str(exc)) from None
    summary = "; ".join(f"{f.name}: {f.value}" for f in fields
                        if f.name in ("type", *COUNT_KINDS, "count", "actor", "attribution"))
    date = dt.date.fromisoformat(date_field.value) if date_field.value else None
    base = located.event if located is not None else Event(event_id or "report", title)
    event = dataclasses.replace(
        base, id=event_id or event_slug(date, title), title=title, date=date,
        date_precision="day", sources=(src,), summary=summary,
        location_text=location_text, event_type=event_type,
        counts=check_counts({f.name: int(f.value) for f in fields if f.name in COUNT_KINDS}))
    return Draft(event, tuple(fields), tuple(context), tuple(chosen), located, article, unlocated)


def ingest_all(raw: str, *, boundaries: Boundaries, gazetteer: Gazetteer, published: dt.date | None = None,
               source: str = "", url: str | None = None, event_id: str | None = None, online=None) -> list[Draft]:
    """Every distinct event of a report: the main one (:func:`ingest`), then one draft for each other sentence that
    names an event of the taxonomy at a place apart from every event drafted before it ("a drone hit Sumy ...
    Elsewhere, shelling damaged houses in Krasnopillia"), each with its own type, date, counts and location, and the
    report's title and source. A sentence whose place overlaps an event already drafted adds to that event, not a
    new one; sentences about plans or earlier events are none. Ids are the main one's with ``-2``, ``-3``, ... At
    most :data:`MAX_OTHER_EVENT_SENTENCES` sentences are tried.

    Raises
    ------
    IngestError
        As :func:`ingest`.
    """
    main = ingest(raw, boundaries=boundaries, gazetteer=gazetteer, published=published, source=source, url=url,
                  event_id=event_id, online=online)
    if main.geocoded is None or main.event.location is None:
        return [main]
    article, drafts = main.article, [main]
    areas = [main.event.location.geometry]
    read, background = set(main.event_sentences), _background(article)
    tried = 0
    for span in article.sentences:
        sentence = article.text[slice(*span)]
        if span in read or span in background:
            continue
        kind = next((k for k, pattern in EVENT_TYPES.items() if re.search(pattern, sentence, re.IGNORECASE)), None)
        if kind is None:
            continue
        tried += 1
        if tried > MAX_OTHER_EVENT_SENTENCES:  # a long report: the work stays bounded; the note of ingest says so
            break
        try:
            located = _locate(article, [span], boundaries, gazetteer, online)
        except IngestError:
            continue
        assert located.event.location is not None
        area = located.event.location.geometry
        if any(shapely.intersects(area, other) for other in areas):
            continue
        areas.append(area)
        drafts.append(_another_event(main, span, kind, located, len(drafts) + 1))
    return drafts


def _another_event(main: Draft, span: tuple[int, int], kind: str, located: Geocoded, n: int) -> Draft:
    """The draft of another event of the report, read from its one sentence."""
    article = main.article
    fields = [Field("type", kind, span, "medium", "another event of the report: its sentence's trigger words"),
              read_date(article, [span])]
    title = f"{main.event.title} ({shorten(article.text[slice(*span)], 80)})"
    fields.append(Field("title", title, span, "medium", "the report's title and the other event's sentence"))
    fields += [Field(k, str(c), where, "medium", note) for k, c, where, note in read_counts(article, [span],
                                                                                          headline=False)]
    fields += read_matches("actor", ACTOR, article, [span])
    first, last = min(a for a, _ in located.spans), max(b for _, b in located.spans)
    location_text = article.text[first:last]
    fields.append(Field("location", location_text, (first, last), location_confidence(located),
                        f"{len(located.event.constraints)} constraints from the other event's sentence"))
    date_field = next(f for f in fields if f.name == "date")
    date = dt.date.fromisoformat(date_field.value) if date_field.value else None
    summary = "; ".join(f"{f.name}: {f.value}" for f in fields if f.name in ("type", *COUNT_KINDS, "actor"))
    event = dataclasses.replace(
        located.event, id=f"{main.event.id}-{n}", title=title, date=date, date_precision="day",
        sources=main.event.sources, summary=summary, location_text=location_text, event_type=kind,
        counts=check_counts({f.name: int(f.value) for f in fields if f.name in COUNT_KINDS}))
    context = [(t.text, t.span, t.note) for t in located.toponyms if t.status == "context"]
    return Draft(event, tuple(fields), tuple(context), (span,), located, article, "")


def _locate(article: Article, chosen: list[tuple[int, int]], boundaries: Boundaries, gazetteer: Gazetteer,
            online) -> Geocoded:
    """Geocode the chosen sentences in place: other text is blanked, so spans stay offsets into the article."""
    text, parts, at = article.text, [], 0
    for a, b in sorted(chosen):  # blank the gaps (keeping line breaks), copy the chosen sentences as they are
        parts += [re.sub(r"[^\n]", " ", text[at:a]), text[a:b]]
        at = b
    event_text = "".join(parts) + re.sub(r"[^\n]", " ", text[at:])
    try:
        return geocode(event_text, boundaries=boundaries, gazetteer=gazetteer, online=online, context=text)
    except EmptyGeometryError as exc:
        raise IngestError(str(exc).replace(repr(event_text), "the event's sentences")) from None


def _event_sentences(article: Article, event_type: str, background: frozenset[tuple[int, int]]
                     ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The sentences read for the location, and the core of them: the lead and the sentences naming the event
    (the others are follow-ups that only add where)."""
    chosen: list[tuple[int, int]] = []
    core: list[tuple[int, int]] = []
    pattern = EVENT_TYPES.get(event_type)
    previous = False
    for i, (a, b) in enumerate(article.sentences):
        sentence = article.text[a:b]
        if (a, b) in background or (i != article.lead and _ANOTHER.match(sentence)):
            previous = False
            continue
        names_event = bool(pattern and re.search(pattern, sentence, re.IGNORECASE)) or bool(_HAPPENED.search(sentence))
        if i == article.lead or names_event:
            chosen.append((a, b))
            core.append((a, b))
            previous = True
        elif previous and (_WHERE_WORDS.search(sentence) or (event_type in _ATTACKS and _ATTACK.search(sentence)
                                                             and not _DENIED.search(sentence))):
            chosen.append((a, b))
        else:
            previous = False
    return chosen, core


def _background(article: Article) -> frozenset[tuple[int, int]]:
    """The sentences about plans, expectations or earlier events (:data:`_CONTEXT`), and every sentence of a
    paragraph after one that opens a reminder of earlier news (:data:`_RECALL`)."""
    out: set[tuple[int, int]] = set()
    recalling = -1  # the end of the paragraph being recalled, if any
    for a, b in article.sentences:
        sentence = article.text[a:b]
        if a >= recalling and _RECALL.match(sentence):
            end = article.text.find("\n", b)
            recalling = end if end >= 0 else len(article.text)
        if a < recalling or _CONTEXT.search(sentence):
            out.add((a, b))
    return frozenset(out)


def _context(article: Article, chosen, located: Geocoded | None, background: frozenset[tuple[int, int]]
             ) -> list[tuple[str, tuple[int, int], str]]:
    out = [(t.text, t.span, t.note) for t in (located.toponyms if located is not None else ())
           if t.status == "context" and not (article.dateline and t.span[0] < article.dateline[1])]
    if article.dateline:
        out.append((article.dateline_place, article.dateline, "dateline: where the report was filed"))
    read = set(chosen)  # a set: a long report has thousands of sentences
    for a, b in article.sentences:
        if (a, b) in read:
            continue
        sentence = article.text[a:b]
        why = ("plans, expectations or earlier events" if (a, b) in background
               else "not one of the event's sentences")
        for clue in read_location(sentence):
            for name in clue.names:
                if clue.kind in ("region", "place", "district", "region_part", "boundary", "context"):
                    out.append((name, (a + clue.span[0], a + clue.span[1]),
                                f"{why}; {clue.note}" if clue.kind == "context" else why))
    return sorted(out, key=lambda item: item[1])
