"""Work stays bounded on hostile text: the place-name pattern and the sentence splitter take linear time.

Each check runs in a child process with a generous limit, so a regression shows as a failed test, not a stuck suite.
The inputs are sized so that the old behaviour (exponential backtracking over hyphenated names, quadratic sentence
splitting of one long paragraph) would take far longer than the limit, and today's takes well under a second."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap

import pytest

LIMIT_S = 90


def _run(code: str) -> str:
    try:
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                              cwd=tempfile.gettempdir(),  # the installed package, not the source tree
                              timeout=LIMIT_S, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {LIMIT_S} s")
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("tail", [" regio", "x", " an", "'s"])
def test_long_hyphenated_names_do_not_backtrack(tail):
    # 60 "-ab" pieces: the nested optional particle group made every two pieces double the work (22 pieces: 0.1 s,
    # so 60 pieces: days)
    out = _run(f"""
        from geoevents.geocoding.expressions import read_location
        clues = read_location("between Kab" + "-ab" * 60 + {tail!r})
        print(len(clues))
    """)
    assert out.strip().isdigit()


def test_one_long_paragraph_is_split_in_linear_time():
    # one 1 MB paragraph: pysbd alone took 52 s for 400 kB and grows with the square of the length
    out = _run("""
        from geoevents.ingestion.article import read_article
        line = "Drones struck Sudzha in Kursk region on Sunday, officials said "
        article = read_article("Headline\\n\\n" + line * (1_000_000 // len(line)))
        text = article.text
        covered = sum(b - a for a, b in article.sentences)
        print(len(article.sentences), covered, len(text))
    """)
    count, covered, length = map(int, out.split())
    assert count >= 1
    assert covered >= 0.99 * (length - len("Headline\n\n"))  # nothing but whitespace is lost between pieces


def test_ingest_of_a_long_report_is_linear():
    # 1 MB of one repeated sentence (under the 2 MB limit): every sentence names the event, so every one is read;
    # masking matches one by one, a list lookup per sentence and a constraint per repeat made it take minutes
    out = _run("""
        from geoevents import load_boundaries
        from geoevents.ingestion import ingest
        from geoevents.places import load_gazetteer
        line = "Drones struck Sudzha in Kursk region on Sunday, officials said. "
        draft = ingest(line * (1_000_000 // len(line)), boundaries=load_boundaries(), gazetteer=load_gazetteer())
        print(len(draft.event.constraints))
    """)
    assert int(out) == 2  # near Sudzha and in Kursk region, each once however often repeated
