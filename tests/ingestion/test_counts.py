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
    ("Two elderly villagers have been killed in the settlement, the governor wrote.", {"killed": 2}),
    ("A total of 12 Chechen fighters reportedly deserted, the agency said.", {"deserted": 12}),
    ("A drone attack injured one person and damaged a roof.", {"injured": 1}),
    ("Three people killed, one injured in the shelling of a village.", {"killed": 3, "injured": 1}),
    ("An 80-year-old man died in hospital, officials said.", {"killed": 1}),
    ("Troops attacked the village with a drone, a man was wounded.", {"injured": 1}),
    ("Shells hit the outskirts at night; there were no casualties.", {"killed": 0, "injured": 0}),
    ("Artillery fire on Friday killed four men and wounded six near the school.", {"killed": 4, "injured": 6}),
    ("A drone hit the village, killing one woman and injuring four others.", {"killed": 1, "injured": 4}),
    ("A drone struck a car near the bridge, killing a local man.", {"killed": 1}),
    ("The bombing wounded 7 people, two of them teenagers.", {"injured": 7}),
    ("Nobody was hurt when the shell hit the school.", {"injured": 0}),
    ("At least five villagers have been killed and 8 injured.", {"killed": 5, "injured": 8}),
    ("Twenty-five residents were evacuated from the border village.", {"evacuated": 25}),
    ("Two soldiers were captured near the border.", {"captured": 2}),
    ("Two drones were shot down over the region.", {}),  # a count of drones is no toll
    ("The attack left five houses damaged.", {}),
    # wounded, then died; an update of the figure; a day of a date is no count
    ("A man who was wounded by shelling on Friday has died in hospital.", {"killed": 1}),
    ("Three pensioners injured in the strike later died, the mayor said.", {"killed": 3}),
    ("A drone injured two people. The number of wounded has since risen to five.", {"injured": 5}),
    ("Shelling killed one man. By evening the death toll had climbed to three.", {"killed": 3}),
    ("A woman injured on March 12 died, her family said.", {"killed": 1}),
    # one person as the subject of a singular outcome: any noun for a person, not a closed list
    ("Під час обстрілу загинув прикордонник, ще двоє поранені.", {"killed": 1, "injured": 2}),
    ("При обстреле погиб сельский священник и ранены трое жителей.", {"killed": 1, "injured": 3}),
    ("В результате атаки ранен сотрудник полиции.", {"injured": 1}),
    ("Внаслідок удару постраждала 70-річна пенсіонерка.", {"injured": 1}),
    ("Погиб в результате обстрела и дом, и сарай.", {}),  # no person after the verb
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
    draft = ingest("A total of 14 North Korean soldiers deserted their unit near Sudzha in Kursk region on "
                   "Tuesday, Ukrainian intelligence said.", boundaries=boundaries, gazetteer=gazetteer,
                   published=dt.date(2024, 10, 15))
    assert draft.counts == {"deserted": 14} and "deserted: 14" in draft.event.summary
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
