"""Event files: YAML or JSON documents holding ``events:``, a list of reported events and their constraints.

:func:`events_from_dict` is the pure parser; :func:`read_events` is its thin I/O edge. Errors name the file and
the field, for example ``seed.yaml: events[0].constraints[1].border_distance.max_km: expected a number``.

This module is the file edge: reading a file, YAML/JSON text to a document (:func:`parse_document`) and the bundled
seed event. Events to and from dicts are in :mod:`geoevents.eventfile_events`, constraints in
:mod:`geoevents.eventfile_constraints`; their public names are importable from here too.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import EventFileError
from .eventfile_constraints import constraint_from_dict, constraint_to_dict
from .eventfile_events import event_to_dict, events_from_dict
from .model import Event

__all__ = ["SEED_EVENT_FILE", "constraint_from_dict", "constraint_to_dict", "event_to_dict", "events_from_dict",
           "parse_document",
           "read_events",
           "seed_events"]

SEED_EVENT_FILE = "seed_event.yaml"


def read_events(path: str | Path) -> list[Event]:
    """Read an event file (``.yaml``, ``.yml`` or ``.json``; JSON is valid YAML)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EventFileError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise EventFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise EventFileError(f"{path}: cannot read: {exc.strerror}") from None
    return events_from_dict(parse_document(text, str(path)), name=str(path))


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay text: the event parser checks them and names the field at fault."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def parse_document(text: str, name: str) -> Any:
    """Load YAML or JSON text into a document for :func:`events_from_dict`; errors name ``name`` (and the line).

    Dates stay text, so that the event parser checks them and names the field at fault.

    Examples
    --------
    >>> parse_document("events: [{id: e1, date: 2024-10-15}]", "x.yaml")
    {'events': [{'id': 'e1', 'date': '2024-10-15'}]}
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise EventFileError(f"{name}:{line}: malformed YAML/JSON: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise EventFileError(f"{name}: malformed YAML/JSON: {exc}") from None
    except RecursionError:
        raise EventFileError(f"{name}: nested too deeply") from None
    except ValueError as exc:  # a YAML value that cannot be built, e.g. the date 2024-13-45
        raise EventFileError(f"{name}: bad value: {exc}") from None


def seed_events() -> list[Event]:
    """The bundled seed event (Ukrainska Pravda, 2024-10-15), not yet located."""
    text = resources.files("geoevents.examples").joinpath(SEED_EVENT_FILE).read_text(encoding="utf-8")
    return events_from_dict(parse_document(text, SEED_EVENT_FILE), name=SEED_EVENT_FILE)
