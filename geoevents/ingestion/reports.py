"""Ingesting many reports: reading them in, and the draft event file written out for review.

:func:`read_reports` is the thin I/O edge that turns a path (one file, ``-``, a folder or a JSON-lines file) into
reports, within :data:`MAX_REPORT_BYTES`; :func:`drafts_to_document` is the pure step that turns drafts into an event
file with a ``review:`` section.
"""

from __future__ import annotations

from pathlib import Path

from geoevents._files import load_json, reading
from geoevents.errors import IngestError
from geoevents.ingestion.fields import Draft

__all__ = ["drafts_to_document", "read_reports"]

MAX_REPORT_BYTES = 2_000_000
"""Largest report read (a long article is under 100 kB; anything much larger is not one report)."""


def drafts_to_document(drafts: list[Draft]) -> dict:
    """An event file (``events:``) holding the located drafts, ``to_locate:`` the drafts no place could be read for
    (with no constraints, and ``why``), and ``review:``: each field's value, span, confidence and note, and the
    toponyms not used, for the human who checks the drafts. Readers of event files ignore ``to_locate`` and
    ``review``; a draft given constraints and moved to ``events`` is read like any event."""
    from geoevents.io.eventfile import event_to_dict

    review = {}
    for d in drafts:
        review[d.event.id] = {
            "fields": [{"field": f.name, "value": f.value, "span": list(f.span) if f.span else None,
                        "text": d.article.text[f.span[0]:f.span[1]] if f.span else None,
                        "confidence": f.confidence, **({"note": f.note} if f.note else {})} for f in d.fields],
            "not_used": [{"toponym": name, "span": list(span), "why": why} for name, span, why in d.context],
            "event_sentences": [d.article.text[a:b] for a, b in d.event_sentences],
        }
    located = [event_to_dict(d.event) for d in drafts if not d.unlocated]
    to_locate = [{**event_to_dict(d.event), "why": d.unlocated} for d in drafts if d.unlocated]
    return {"events": located, **({"to_locate": to_locate} if to_locate else {}), "review": review}


def read_reports(path: str) -> list[tuple[str, str, dict]]:
    """Reports to ingest from ``path``: one file, ``-`` (standard input), a folder (its ``.txt``, ``.html`` and
    ``.htm`` files, sorted) or a JSON-lines file whose lines hold ``text`` and optionally ``id``, ``published``,
    ``url``, ``source``. Returns (name, raw text, metadata) triples.

    A file of a folder that cannot be read (not UTF-8, too large, not a regular file) does not stop the others:
    its triple has no text and ``metadata["error"]`` says why, for the caller to report it skipped. A bad JSON line
    raises, naming its line; so does ``path`` itself when it cannot be read.
    """
    import sys
    from pathlib import Path

    if path == "-":
        return [("stdin", sys.stdin.read(MAX_REPORT_BYTES + 1), {})]
    p = Path(path)
    if p.is_dir():
        out: list[tuple[str, str, dict]] = []
        for f in sorted(f for f in p.iterdir() if f.suffix.lower() in (".txt", ".html", ".htm")):
            try:
                out.append((f.name, _report_text(f), {}))
            except IngestError as exc:
                out.append((f.name, "", {"error": str(exc)}))
        return out
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        with reading(p, error=IngestError):
            text = p.read_text(encoding="utf-8")
        out = []
        for n, line in enumerate(text.split("\n"), 1):  # only newlines end a line: U+2028 may sit in a string
            if not line.strip():
                continue
            item = load_json(line, f"{path}:{n}", error=IngestError, line=False)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise IngestError(f"{path}:{n}: expected an object with a 'text' string")
            for key in ("id", "source", "url", "published"):
                value = item.get(key)
                if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))
                                          or (key != "id" and not isinstance(value, str))):
                    raise IngestError(f"{path}:{n}: {key}: expected text, got {type(value).__name__}")
            out.append((str(item.get("id") or f"{p.name}:{n}"), item["text"], item))
        return out
    return [(p.name, _report_text(p), {})]


def _report_text(path: Path) -> str:
    with reading(path, error=IngestError):
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise IngestError(f"{path}: too large ({size / 1e6:.1f} MB; a report may have at most "
                              f"{MAX_REPORT_BYTES / 1e6:g} MB)")
        return path.read_text(encoding="utf-8")
