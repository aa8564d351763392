"""Stated counts read from reports (team-written sentences, one per construction), and the publication date found
wherever a report gives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geoevents.ingestion import ingest
from geoevents.ingestion.article import read_article
from geoevents.ingestion.counts import read_counts


@pytest.mark.parametrize("text, counts", [
    ("Two local residents have been killed in the village, the governor reported.", {"killed": 2}),
    ("A total of 18 North Koreans reportedly deserted, intelligence said.", {"deserted": 18}),
    ("A drone attack injured one person and damaged a roof.", {"injured": 1}),
    ("Three people killed, one injured in the shelling of a village.", {"killed": 3, "injured": 1}),
    ("A 73-year-old woman died, the governor said.", {"killed": 1}),
    ("Troops attacked the village with a drone, a man was wounded.", {"injured": 1}),
    ("More than 50 explosions were heard. No casualties were reported.", {"killed": 0, "injured": 0}),
    ("Shelling on Thursday killed three people and injured nine in a village.", {"killed": 3, "injured": 9}),
    ("A drone hit the village, killing one person and injuring three others.", {"killed": 1, "injured": 3}),
    ("Forces attacked the village with a drone, killing a local man.", {"killed": 1}),
    ("A guided bomb attack wounded 10 people, including two children.", {"injured": 10}),
    ("Nobody was hurt when the shell hit the school.", {"injured": 0}),
    ("At least two people have been killed and 13 injured.", {"killed": 2, "injured": 13}),
    ("Twenty-five residents were evacuated from the border village.", {"evacuated": 25}),
    ("Two soldiers were captured near the border.", {"captured": 2}),
    ("Two drones were shot down over the region.", {}),  # a count of drones is no toll
    ("The attack left five houses damaged.", {}),
])
def test_counts(text, counts):
    article = read_article(text)
    assert {k: n for k, n, _, _ in read_counts(article, list(article.sentences))} == counts


def test_the_first_toll_is_kept_and_a_later_one_noted():
    article = read_article("Shelling killed two people on Monday. Officials later said four people were killed.")
    ((kind, n, span, note),) = read_counts(article, list(article.sentences))
    assert (kind, n) == ("killed", 2) and "another figure later: 4" in note
    assert article.text[span[0]:span[1]] == "killed two people"


def test_counts_reach_the_draft_and_its_summary(boundaries, gazetteer):
    draft = ingest("A total of 18 North Korean soldiers reportedly deserted near Sudzha in Kursk region on "
                   "Tuesday, Ukrainian intelligence said.", boundaries=boundaries, gazetteer=gazetteer,
                   published=dt.date(2024, 10, 15))
    assert draft.counts == {"deserted": 18} and "deserted: 18" in draft.event.summary
    assert draft.event.event_type == "desertion"


@pytest.mark.parametrize("text, published", [
    ("Drones struck Sudzha in Kursk region on Sunday, officials said.\n\nPublished: 12 March 2024", "2024-03-12"),
    ("Shelling in Kursk region\nBy a correspondent, March 12, 2024 10:20\n\nShelling hit Sudzha on Monday.",
     "2024-03-12"),
    ("date 2024-10-15 Soldiers deserted near the border in Kursk region, intelligence said.", "2024-10-15"),
])
def test_the_publication_date_is_found_where_the_report_gives_it(text, published):
    assert read_article(text).published == dt.date.fromisoformat(published)


SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "article.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the seed report is not in this checkout's ../shared/seed")
def test_the_seed_report(boundaries, gazetteer):
    """The report the project started from: its date, type and count (read at run time, never copied)."""
    draft = ingest(SEED.read_text(encoding="utf-8"), boundaries=boundaries, gazetteer=gazetteer)
    assert draft.event.date == dt.date(2024, 10, 15) and draft.event.event_type == "desertion"
    assert draft.counts.get("deserted") == 18
