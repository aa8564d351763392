"""Ingesting many reports: reading them in, and the draft event file written out for review.

:func:`read_reports` is the thin I/O edge that turns a path (one file, ``-``, a folder or a JSON-lines file) into
reports, within :data:`MAX_REPORT_BYTES`; :func:`drafts_to_document` is the pure step that turns drafts into an event
file with a ``review:`` section.
"""

from __future__ import annotations

from geoevents.errors import IngestError
from geoevents.ingestion.fields import Draft

__all__ = ["drafts_to_document", "read_reports"]

MAX_REPORT_BYTES = 2_000_000
"""Largest report read (a long article is under 100 kB; anything much larger is not one report)."""


def drafts_to_document(drafts: list[Draft]) -> dict:
    """An event file (``events:``) holding the drafts, plus ``review:``: each field's value, span, confidence and
    note, and the toponyms not used, for the human who checks the draft. Readers of event files ignore ``review``."""
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
