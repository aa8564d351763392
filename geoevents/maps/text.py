"""Untrusted report text made safe for the map page: escaping for HTML and scripts, and the popups built from it.

Everything a report can fill (titles, place names, sources, categories) is untrusted. It reaches the page only
through :func:`escape_text` (HTML that folium may put inside a JavaScript template literal) or
:func:`script_json` (data inside a ``<script>``). Both also keep Jinja braces inert, because branca compiles the
rendered HTML and scripts of every map element as Jinja templates once more.
"""

from __future__ import annotations

import html
import json

from geoevents.model import BorderAnswer, Event, counts_text, is_web_url

__all__ = ["POPUP_CSS", "POPUP_OPTIONS", "escape_text", "popup_html", "popup_lines", "script_json"]

POPUP_CSS = (".geoevents-popup { font: 14px/1.4 sans-serif; } .geoevents-popup ol { margin: 2px 0 0 18px; padding: 0; }"
             " .geoevents-popup .note { font-size: 13px; color: #444; }")
"""The style of the popups of both kinds of map (14 px text, 13 px notes), set once in the page."""
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


def popup_html(event: Event, answer: BorderAnswer | None, category: str | None = None) -> str:
    """The full popup of a located event: title, date, category, reported location, sources as links, area,
    precision codes, the near-border answer and the derivation trace. All report text is escaped."""
    loc = event.location
    assert loc is not None
    rows = [f"<b>{escape_text(event.title)}</b>"]
    if event.date:
        rows.append(f"Date: {escape_text(event.date.isoformat())} ({escape_text(event.date_precision)})")
    category = category or event.event_type
    if category:
        rows.append(f"Type: {escape_text(category)}")
    if event.counts:
        rows.append(f"Counts: {escape_text(counts_text(dict(event.counts)))}")
    if event.summary:
        rows.append(f"Summary: {escape_text(event.summary)}")
    if event.location_text:
        rows.append(f"Reported location: <i>{escape_text(event.location_text)}</i>")
    for s in event.sources:
        label = escape_text(s.name + (f", {s.published.isoformat()}" if s.published else "")
                            + (f", citing {s.citing}" if s.citing else ""))
        if s.url and is_web_url(s.url):  # the model allows no other; a page never links anything else
            rows.append(f'Source: <a href="{escape_text(s.url)}" target="_blank" rel="noopener noreferrer">{label}</a>')
        else:
            rows.append(f"Source: {label}")
    rows.append(f"Area: {loc.area_km2:,.1f} km&sup2;, radius {loc.radius_km:.1f} km around "
                f"{loc.point.y:.5f}, {loc.point.x:.5f} (lat, lon)")
    if loc.precision:
        p = loc.precision
        rows.append(f"Precision codes: ACLED {p.acled_geo_precision}, UCDP {p.ucdp_where_prec}, "
                    f"GDELT {p.gdelt_geo_type} <small>({escape_text(p.basis)})</small>")
    if answer:
        rows.append(f"{escape_text(answer.border)} border: {answer.min_km:.1f}-{answer.max_km:.1f} km; within "
                    f"{answer.km:g} km: {escape_text(answer.status)} ({answer.fraction_within:.0%} of the area)")
    steps = "".join(f"<li>{escape_text(t.constraint)} &rarr; {t.area_km2:,.1f} km&sup2;"
                    + (f"<br><span class='note'>{escape_text(t.reason)}</span>" if t.reason else "") + "</li>"
                    for t in loc.trace)
    rows.append(f"How the area was derived:<ol>{steps}</ol>")
    return "<div class='geoevents-popup'>" + "<br>".join(rows) + "</div>"


def popup_lines(event: Event, answer: BorderAnswer | None, category: str | None = None) -> list[str]:
    """The popup of one of many events as plain-text lines (the page sets them with ``textContent``), with the
    content of :func:`popup_html`: title, date, category, counts, summary, reported location, sources, area,
    precision codes, the near-border answer and the derivation, one line per step. Empty lines are left out.

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
    loc = event.location
    assert loc is not None
    lines = [event.title[:300]]
    if event.date:
        lines.append(f"Date: {event.date.isoformat()} ({event.date_precision})")
    category = category or event.event_type
    if category:
        lines.append(f"Type: {category[:100]}")
    if event.counts:
        lines.append(f"Counts: {counts_text(dict(event.counts))}")
    if event.summary:
        lines.append(f"Summary: {event.summary[:400]}")
    if event.location_text:
        lines.append(f"Reported location: {event.location_text[:300]}")
    for s in event.sources:
        lines.append("Source: " + s.name + (f", {s.published.isoformat()}" if s.published else "")
                     + (f", citing {s.citing}" if s.citing else "") + (f" ({s.url})" if s.url else ""))
    lines.append(f"Area: {loc.area_km2:,.1f} km\u00b2, radius {loc.radius_km:.1f} km around "
                 f"{loc.point.y:.5f}, {loc.point.x:.5f} (lat, lon)")
    if loc.precision:
        p = loc.precision
        lines.append(f"Precision codes: ACLED {p.acled_geo_precision}, UCDP {p.ucdp_where_prec}, "
                     f"GDELT {p.gdelt_geo_type} ({p.basis})")
    if answer:
        lines.append(f"{answer.border} border: {answer.min_km:.1f}-{answer.max_km:.1f} km; within {answer.km:g} km: "
                     f"{answer.status} ({answer.fraction_within:.0%} of the area)")
    if loc.trace:
        lines.append("How the area was derived:")
        lines += [f"{k}. {t.constraint} \u2192 {t.area_km2:,.1f} km\u00b2" + (f": {t.reason}" if t.reason else "")
                  for k, t in enumerate(loc.trace, start=1)]
    return [line for line in lines if line]
