"""Untrusted report text made safe for the map page: escaping for HTML and scripts, and the popups built from it.

Everything a report can fill (titles, place names, sources, categories) is untrusted. It reaches the page only
through :func:`escape_text` (HTML that folium may put inside a JavaScript template literal) or
:func:`script_json` (data inside a ``<script>``). Both also keep Jinja braces inert, because branca compiles the
rendered HTML and scripts of every map element as Jinja templates once more.
"""

from __future__ import annotations

import html
import json
from typing import NamedTuple

from geoevents.model import BorderAnswer, Event, counts_text, flags_text, is_web_url

__all__ = ["POPUP_CSS", "POPUP_OPTIONS", "escape_text", "popup_html", "popup_lines", "script_json"]

POPUP_CSS = (".geoevents-popup { font: 14px/1.4 sans-serif; } .geoevents-popup ol { margin: 2px 0 0 18px; padding: 0; }"
             " .geoevents-popup .note { font-size: 13px; color: #444; }")
"""The style of the popups of both kinds of map (14 px text, 13 px notes), set once in the page."""
_LINE_CHARS = 400  # the longest text of a line of a many-events popup
POPUP_OPTIONS = {"maxWidth": 420, "maxHeight": 360, "autoPanPaddingTopLeft": [10, 130]}
"""Leaflet options of the popups of both kinds of map: at most 360 px high (longer ones scroll, so that one fits an
article embed), and panned clear of the title box."""


def escape_text(text: object) -> str:
    """Escape untrusted text for HTML that folium may place inside a JavaScript template literal.

    Examples
    --------
    >>> escape_text('<img src=x onerror="alert(1)">`${x}` {{ 7*7 }}')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#96;&#36;&#123;x&#125;&#96; &#123;&#123; 7*7 &#125;&#125;'
    """
    escaped = html.escape("" if text is None else str(text), quote=True)
    # ` $ \ would break out of folium's JavaScript template literals; { } would be run as Jinja templates, because
    # branca compiles rendered scripts again (a title "{{ 7*7 }}" would print 49, and worse)
    for char, entity in (("`", "&#96;"), ("$", "&#36;"), ("\\", "&#92;"), ("{", "&#123;"), ("}", "&#125;")):
        escaped = escaped.replace(char, entity)
    return escaped


def script_json(value: object) -> str:
    """``value`` (nested lists of numbers and strings, no dicts) as JSON that is inert inside a ``<script>``.

    ``<`` is written as ``\\u003c`` (no ``</script>``, no ``<!--``), the line separators U+2028/U+2029 likewise,
    and braces as ``\\u007b``/``\\u007d`` so that branca's second Jinja pass cannot read a template in it. Those
    escapes are only valid inside JSON strings, hence no dicts.

    Examples
    --------
    >>> print(script_json([1.5, "</script>{{ 7*7 }}"]))
    [1.5,"\\u003c/script>\\u007b\\u007b 7*7 \\u007d\\u007d"]
    >>> script_json({"a": 1})
    Traceback (most recent call last):
    ...
    TypeError: script_json takes lists of numbers and strings, not dict
    """
    if isinstance(value, dict):
        raise TypeError("script_json takes lists of numbers and strings, not dict")
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in (("<", "\\u003c"), ("{", "\\u007b"), ("}", "\\u007d"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


class _Row(NamedTuple):
    """One line of a popup: a ``label`` ("" for the title, "step" for a step of the derivation), its ``text``, a
    ``url`` to link (sources) and a ``note`` in smaller type. Plain text; each popup escapes it its own way."""

    label: str
    text: str
    url: str = ""
    note: str = ""


def _popup_rows(event: Event, answer: BorderAnswer | None, category: str | None) -> list[_Row]:
    """The content of both popups (:func:`popup_html`, :func:`popup_lines`), in order, so that the many-events
    mode shows what the full one does."""
    loc = event.location
    assert loc is not None
    rows = [_Row("", event.title)]
    if event.date:
        rows.append(_Row("Date", f"{event.date.isoformat()} ({event.date_precision})"))
    category = category or event.event_type
    if category:
        rows.append(_Row("Type", category))
    if event.counts:
        rows.append(_Row("Counts", counts_text(dict(event.counts))))
    if event.summary:
        rows.append(_Row("Summary", event.summary))
    if event.location_text:
        rows.append(_Row("Reported location", event.location_text))
    for s in event.sources:
        label = s.name + (f", {s.published.isoformat()}" if s.published else "") + (f", citing {s.citing}"
                                                                                    if s.citing else "")
        # the model allows no other link; a page never links anything else
        rows.append(_Row("Source", label, s.url if s.url and is_web_url(s.url) else ""))
    rows.append(_Row("Area", f"{loc.area_km2:,.1f} km\u00b2, radius {loc.radius_km:.1f} km around "
                             f"{loc.point.y:.5f}, {loc.point.x:.5f} (lat, lon)"))
    if loc.precision:
        p = loc.precision
        rows.append(_Row("Precision codes", f"ACLED {p.acled_geo_precision}, UCDP {p.ucdp_where_prec}, "
                                            f"GDELT {p.gdelt_geo_type}", note=p.basis))
    if answer:
        rows.append(_Row(f"{answer.border} border", f"{answer.min_km:.1f}-{answer.max_km:.1f} km; within "
                                                    f"{answer.km:g} km: {answer.status} "
                                                    f"({answer.fraction_within:.0%} of the area)"))
    if event.flags:
        rows.append(_Row("Flagged", flags_text(event.flags)))
    rows += [_Row("step", f"{t.constraint} \u2192 {t.area_km2:,.1f} km\u00b2", note=t.reason) for t in loc.trace]
    return rows


def popup_html(event: Event, answer: BorderAnswer | None, category: str | None = None) -> str:
    """The full popup of a located event: title, date, category, reported location, sources as links, area,
    precision codes, the near-border answer and the derivation trace. All report text is escaped."""
    html, steps = [], []
    for row in _popup_rows(event, answer, category):
        text, note = escape_text(row.text), f"<span class='note'>{escape_text(row.note)}</span>" if row.note else ""
        if row.label == "step":
            steps.append(f"<li>{text}" + (f"<br>{note}" if note else "") + "</li>")
        elif not row.label:
            html.append(f"<b>{text}</b>")
        elif row.url:
            html.append(f'{row.label}: <a href="{escape_text(row.url)}" target="_blank" '
                        f'rel="noopener noreferrer">{text}</a>')
        else:
            shown = f"<i>{text}</i>" if row.label == "Reported location" else text
            html.append(f"{escape_text(row.label)}: {shown}" + (f" {note}" if note else ""))
    html.append(f"How the area was derived:<ol>{''.join(steps)}</ol>")
    return "<div class='geoevents-popup'>" + "<br>".join(html) + "</div>"


def popup_lines(event: Event, answer: BorderAnswer | None, category: str | None = None) -> list[str]:
    """The popup of one of many events as plain-text lines (the page sets them with ``textContent``), with the
    content of :func:`popup_html`: title, date, category, counts, summary, reported location, sources, area,
    precision codes, the near-border answer and the derivation, one line per step. Long texts are cut to
    :data:`_LINE_CHARS` characters.

    Examples
    --------
    >>> import shapely
    >>> from geoevents.model import Location, TraceStep
    >>> loc = Location(shapely.Point(0, 0).buffer(1), shapely.Point(0, 0), 12.34, 2.0,
    ...                (TraceStep("near Sudzha", "within 2 km", 12.34),))
    >>> popup_lines(Event("e1", "Shelling <b>", location=loc), None, "shelling")  # doctest: +NORMALIZE_WHITESPACE
    ['Shelling <b>', 'Type: shelling', 'Area: 12.3 km\u00b2, radius 2.0 km around 0.00000, 0.00000 (lat, lon)',
     'How the area was derived:', '1. near Sudzha \u2192 12.3 km\u00b2: within 2 km']
    """
    lines: list[str] = []
    steps = 0
    for row in _popup_rows(event, answer, category):
        text = row.text[:_LINE_CHARS] + (f" ({row.url})" if row.url else "")
        if row.label == "step":
            if not steps:
                lines.append("How the area was derived:")
            steps += 1
            lines.append(f"{steps}. {text}" + (f": {row.note}" if row.note else ""))
        else:
            lines.append(f"{row.label}: {text}" + (f" ({row.note})" if row.note else "") if row.label else text)
    return lines
