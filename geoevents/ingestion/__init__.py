"""Whole reports to draft events for review: the article (sentences, dateline, publication line), the fields read
from it (type, date, counts, actors, attribution), :func:`ingest` and reading many reports into one draft
document."""

from __future__ import annotations

from geoevents.ingestion.article import Article, html_to_text, read_article
from geoevents.ingestion.draft import ingest, ingest_all
from geoevents.ingestion.fields import EVENT_TYPES, Draft, Field
from geoevents.ingestion.reports import drafts_to_document, read_reports

__all__ = [
    "EVENT_TYPES",
    "Article",
    "Draft",
    "Field",
    "drafts_to_document",
    "html_to_text",
    "ingest",
    "ingest_all",
    "read_article",
    "read_reports",
]
