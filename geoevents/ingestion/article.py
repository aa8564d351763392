"""Reports as text: simple HTML to text, the headline, the dateline, the publication date and sentences with spans.

All offsets refer to :attr:`Article.text`, the plain text that ingestion works on (for HTML input, the text after
tags are removed), so that every extracted field can point at the words it came from.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pysbd

from geoevents.places.morphology import CYRILLIC

__all__ = ["Article", "html_to_text", "read_article"]

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "header", "title"}
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "head"}
_DATELINE = re.compile(r"(?P<place>[A-ZА-ЯІЇЄ][A-ZА-ЯІЇЄ'’ .-]{1,40})(?:,\s*(?P<date>[^()\n/—–-]{3,40}?))?\s*"
                       r"(?:\((?P<agency>[^)\n]{1,40})\)\s*[—–-]+\s|[—–-]+\s|"
                       r"\.?\s*/(?P<slashed>[A-ZА-ЯІЇЄ][\w .-]{1,20})/\.?\s)")
"""A dateline: "KYIV, June 3 (Reuters) - ", "SUMY - ", or the agency between slashes, "KURSK, August 14. /TASS/. "."""
_DATELINE_LINES = 4
"""How many lines after the headline may come before the dateline (sub-headlines, a quoted line, a byline)."""
_NOT_LEAD = re.compile(r"^\s*(?:\(|by\s+[A-ZА-ЯІЇЄ]|(?:illustrative|photo|pictured|image|file photo|caption)\b)|"
                       r"\b(?:getty images|ap photo|afp via|photo:|min read)\b", re.IGNORECASE)
"""Sentences that are no lead: a byline, a photo caption or credit, a parenthesis."""
_PUBLISHED = re.compile(r"^(?:published|date|posted|updated)\s*:\s*(?P<date>.+)$", re.IGNORECASE | re.MULTILINE)
_PUBLISHED_ANYWHERE = re.compile(r"^\s*(?:published|posted|date)(?:\s+on)?\s*:?\s+(?P<date>[^\n]{6,40}?)\s*$|"
                                 r"^\s*(?:published|posted|date)(?:\s+on)?\s*:?\s+(?P<iso>\d{4}-\d{2}-\d{2})\b",
                                 re.IGNORECASE | re.MULTILINE)
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_FULL_DATE = re.compile(rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}\b|"
                        rf"\b\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}\b")
_ABBREVIATION = re.compile(r"(?<!\w)(?:с|м|г|д|п|сел|смт|пгт|пос|обл|р-н|вул|ул|ст|им|им\.|просп)\.$", re.IGNORECASE)
"""A sentence that ends in the abbreviation of a settlement or street word goes on in the next: "у с. Осинове"."""
_BYLINE_CHARS = 400
"""How far into a report a full date (with its year) is read as the publication date when nothing says so."""


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of simple HTML: scripts and styles dropped, block elements on their own lines.

    Examples
    --------
    >>> html_to_text("<h1>Title</h1><script>alert(1)</script><p>One &amp; two.</p>")
    'Title\\nOne & two.'
    """
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True, slots=True)
class Article:
    """A report: its text, headline span, dateline, publication date and sentence spans."""

    text: str
    headline: tuple[int, int] | None
    dateline: tuple[int, int] | None
    dateline_place: str
    published: dt.date | None
    published_span: tuple[int, int] | None
    sentences: tuple[tuple[int, int], ...]
    published_note: str = ""
    lead: int = 0
    """The index in :attr:`sentences` of the lead, the first sentence of the report's body proper."""

    def sentence(self, i: int) -> str:
        start, end = self.sentences[i]
        return self.text[start:end]


def read_article(raw: str, *, published: dt.date | None = None) -> Article:
    """Split a report into headline, dateline and sentences; find its publication date unless given."""
    text = html_to_text(raw) if re.search(r"<(?:p|div|html|body|h1|br|article)\b", raw, re.IGNORECASE) else raw
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    headline = None
    body_start = 0
    published_span = None
    for start, end in lines[:4]:
        line = text[start:end].strip()
        m = _PUBLISHED.match(line)
        if m:
            published_span = (start + m.start("date"), start + m.end("date"))
            published = published or _parse_date(m["date"])
            body_start = end
            continue
        if (headline is None and len(line) <= 160 and not re.search(r"[.!?]['\"”’]?$", line)
                and not _DATELINE.match(line)):
            headline = (start, end)
            body_start = end
            continue
        break
    dateline = None
    place = ""
    note = ""
    m = None
    for start, _ in [(body_start, 0), *[line for line in lines if line[0] >= body_start][1:_DATELINE_LINES]]:
        m = _DATELINE.match(text, _skip_space(text, start))
        if m:
            break
    if m:
        dateline, place = (m.start(), m.end()), m["place"].strip().title()
        if published is None and m["date"]:
            published = _parse_date(m["date"])
            published_span = (m.start("date"), m.end("date"))
            if published and not re.search(r"\d{4}", m["date"]):
                note = f"the dateline gives no year: {published.year} assumed (the most recent such date)"
        body_start = m.end()
    if published is None:  # a "Published: ..." line anywhere (sites put it at the end), then a byline's full date
        for m in _PUBLISHED_ANYWHERE.finditer(text):
            group = "iso" if m["iso"] else "date"
            found = _parse_date(m[group])
            if found:
                published, published_span = found, m.span(group)
                note = note or "the publication date from its line in the text"
                break
    if published is None:
        m = _FULL_DATE.search(text, 0, max(body_start, _BYLINE_CHARS))
        if m and _parse_date(m[0]):
            published, published_span = _parse_date(m[0]), m.span()
            note = note or "the first full date of the report's opening, read as its publication date"
    cyrillic = len(CYRILLIC.findall(text)) > len(re.findall(r"[A-Za-z]", text))
    segmenter = pysbd.Segmenter(language="ru" if cyrillic else "en", clean=False, char_span=True)
    sentences: list[tuple[int, int]] = []
    for line_start, line_end in lines:
        for start, end in _pieces(text, max(line_start, body_start), line_end):
            for s in segmenter.segment(text[start:end]):
                a, b = start + s.start, start + s.end
                while b > a and text[b - 1].isspace():
                    b -= 1
                if b <= a:
                    continue
                last = sentences[-1][1] if sentences else 0
                if sentences and last >= line_start and _ABBREVIATION.search(text, max(0, last - 8), last):
                    sentences[-1] = (sentences[-1][0], b)  # "в сел. Ківшарівка": one sentence
                else:
                    sentences.append((a, b))
    return Article(text, headline, dateline, place, published, published_span, tuple(sentences), note,
                   _lead(text, sentences, dateline))


def _lead(text: str, sentences: list[tuple[int, int]], dateline: tuple[int, int] | None) -> int:
    """The index of the lead: the first sentence after the dateline, else the first that ends as a sentence does
    and is no byline, caption or credit (sub-headlines and quoted lines above the body have no final stop)."""
    if dateline:
        after = [i for i, (a, _) in enumerate(sentences) if a >= dateline[1]]
        if after:
            return after[0]
    for i, (a, b) in enumerate(sentences):
        sentence = text[a:b]
        line_end = text.find("\n", b)
        rest_of_line = text[b:line_end if line_end >= 0 else len(text)].strip()
        credit_next = rest_of_line.startswith("(") or (
            i + 1 < len(sentences) and text[sentences[i + 1][0]:sentences[i + 1][1]].startswith("("))
        if (re.search(r"[.!?]['\"”’»]?$", sentence) and len(sentence.split()) >= 6
                and not _NOT_LEAD.search(sentence) and not credit_next):
            return i
    return 0


_PIECE = 5_000
"""Longest stretch of text handed to the sentence splitter at once. pysbd takes time that grows with the square of
its input (100 kB of one paragraph: 3.5 s; 400 kB: 52 s); a paragraph longer than this is cut first, after the
last sentence end (". ") before the limit, else at the last space, so that the work stays linear. Real paragraphs
are far shorter: they are split exactly as before."""


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) spans of at most :data:`_PIECE` characters covering ``text[start:end]``, cut at sentence ends or
    spaces where possible."""
    pieces = []
    while end - start > _PIECE:
        window = text[start:start + _PIECE]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 2 if cut > _PIECE // 2 else window.rfind(" ") + 1
        if cut <= 0:
            cut = _PIECE
        pieces.append((start, start + cut))
        start += cut
    if start < end:
        pieces.append((start, end))
    return pieces


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _parse_date(text: str) -> dt.date | None:
    import dateparser

    parsed = dateparser.parse(html.unescape(text).strip(), languages=["en", "ru", "uk"],
                              settings={"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None
