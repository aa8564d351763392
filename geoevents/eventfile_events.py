"""Events in the event-file form: :func:`events_from_dict` parses and validates a loaded document's ``events:``
list, and :func:`event_to_dict` writes one event back. Constraints are read and written by
:mod:`geoevents.eventfile_constraints`; files and YAML are :mod:`geoevents.eventfile`'s.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .eventfile_constraints import _constraint, _text, _Where, constraint_to_dict
from .model import Event, InRegions, Source  # noqa: F401 - InRegions: the examples use it

__all__ = ["event_to_dict", "events_from_dict"]

_EVENT_FIELDS = {"id", "title", "date", "date_precision", "summary", "sources", "location_text", "constraints",
                 "event_type"}
_DATE_PRECISIONS = ("day", "week", "month", "year")


def events_from_dict(doc: Any, *, name: str = "<events>") -> list[Event]:
    """Parse an event document (already loaded from YAML/JSON) into events.

    Examples
    --------
    >>> doc = {"events": [{"id": "e1", "title": "t", "constraints": [{"in_regions": ["RU-KRS"]}]}]}
    >>> events_from_dict(doc)[0].constraints
    (InRegions(regions=('RU-KRS',), reason='', kind='in_regions'),)
    """
    where = _Where(name)
    if not isinstance(doc, dict) or "events" not in doc:
        raise where.fail("expected a mapping with an 'events' list")
    items = doc["events"]
    if not isinstance(items, list) or not items:
        raise (where / "events").fail("expected a non-empty list of events")
    events = [_event(item, where / "events" / i) for i, item in enumerate(items)]
    seen: set[str] = set()
    for i, event in enumerate(events):
        if event.id in seen:
            raise (where / "events" / i / "id").fail(f"duplicate event id {event.id!r}")
        seen.add(event.id)
    return events


def _event(item: Any, where: _Where) -> Event:
    if not isinstance(item, dict):
        raise where.fail("expected a mapping")
    unknown = sorted(set(item) - _EVENT_FIELDS)
    if unknown:
        raise (where / unknown[0]).fail(f"unknown field; expected one of {', '.join(sorted(_EVENT_FIELDS))}")
    precision = _text(item, "date_precision", where, default="day")
    if precision not in _DATE_PRECISIONS:
        raise (where / "date_precision").fail(f"expected one of {', '.join(_DATE_PRECISIONS)}")
    constraints = item.get("constraints")
    if not isinstance(constraints, list) or not constraints:
        raise (where / "constraints").fail("expected a non-empty list of constraints")
    sources = item.get("sources", [])
    if not isinstance(sources, list):
        raise (where / "sources").fail("expected a list")
    return Event(
        id=_text(item, "id", where, required=True),
        title=_text(item, "title", where, required=True),
        date=_date(item.get("date"), where / "date"),
        date_precision=precision,
        sources=tuple(_source(s, where / "sources" / i) for i, s in enumerate(sources)),
        location_text=_text(item, "location_text", where, default=""),
        constraints=tuple(_constraint(c, where / "constraints" / i) for i, c in enumerate(constraints)),
        summary=_text(item, "summary", where, default=""),
        event_type=_text(item, "event_type", where, default=""),
    )



def _date(value: Any, where: _Where) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise where.fail(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _source(value: Any, where: _Where) -> Source:
    if isinstance(value, str):
        return Source(name=value)
    if not isinstance(value, dict):
        raise where.fail("expected a mapping with a name, or a name")
    url = value.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise (where / "url").fail("expected an http(s) URL")
    return Source(name=_text(value, "name", where, required=True), url=url,
                  published=_date(value.get("published"), where / "published"),
                  citing=_text(value, "citing", where) or None)


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event in the event-file form (the inverse of one item of :func:`events_from_dict`).

    Examples
    --------
    >>> event_to_dict(Event("e1", "t", constraints=(InRegions(("RU-KRS",)),)))
    {'id': 'e1', 'title': 't', 'constraints': [{'in_regions': ['RU-KRS']}]}
    """
    out: dict[str, Any] = {"id": event.id, "title": event.title}
    if event.event_type:
        out["event_type"] = event.event_type
    if event.date:
        out["date"] = event.date.isoformat()
        out["date_precision"] = event.date_precision
    if event.summary:
        out["summary"] = event.summary
    if event.sources:
        out["sources"] = [{k: v for k, v in (("name", s.name), ("url", s.url), ("published", s.published and
                                            s.published.isoformat()), ("citing", s.citing)) if v}
                          for s in event.sources]
    if event.location_text:
        out["location_text"] = event.location_text
    out["constraints"] = [constraint_to_dict(c) for c in event.constraints]
    return out
