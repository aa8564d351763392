"""The codebook is the one table of ACLED/UCDP codes: its docstring table matches it, and every reader of a coded
row (table rows as events, the bulk frames) gives what it says: circle, area, (ACLED, UCDP, GDELT) codes."""

from __future__ import annotations

import re

import pytest

from geoevents.datasets import CODES, codebook, events_from_table, parse_point_table
from geoevents.datasets.codebook import EVENT_TYPE_CODES, EventTypeCode, event_type_for
from geoevents.ingestion.fields import EVENT_TYPES
from geoevents.io import read_table_frame


def _docstring_rows() -> list[tuple]:
    rows = []
    for line in (codebook.__doc__ or "").splitlines():
        m = re.match(r"^(acled|ucdp)\s+(\d)\s+(.+?)\s{2,}(\S+)\s+(.+?)\s{2,}\((\d), (\d), (\d)\)$", line)
        if m:
            radius = None if m[4] == "-" else float(m[4])
            area = None if m[5].strip() == "-" else m[5].strip()
            rows.append((m[1], int(m[2]), radius, area, (int(m[6]), int(m[7]), int(m[8]))))
    return rows


def test_the_docstring_table_is_the_codebook():
    documented = _docstring_rows()
    assert len(documented) == len(CODES) == 10
    area_words = {"ADM1": "ADM1", "ADM2": "ADM2", "country part": "larger part of the country", "country": "country"}
    for scheme, code, radius, area, triple in documented:
        entry = CODES[f"{scheme}:{code}"]
        assert (entry.radius_km, entry.area_level, entry.triple) == (radius, area_words.get(area), triple)


def test_the_docstring_type_table_is_the_codebook():
    documented = [EventTypeCode(*re.split(r"\s{2,}", line.strip()))
                  for line in (codebook.__doc__ or "").splitlines()
                  if re.match(r"^(acled|ucdp)\s+(sub_event_type|event_type|type_of_violence)\s", line)]
    assert tuple(documented) == EVENT_TYPE_CODES and len(documented) == 14
    for code in EVENT_TYPE_CODES:  # each value, as written and in an untidy spelling, gives its type
        assert event_type_for({code.column: code.value}) == code.event_type
        assert event_type_for({code.column: f"  {code.value.upper().replace(' ', '   ')} "}) == code.event_type


def test_the_dataset_types_use_the_tools_own_words_where_it_has_them():
    assert {"shelling", "air/drone strike", "explosion"} <= {c.event_type for c in EVENT_TYPE_CODES} & set(EVENT_TYPES)
    assert all(c.event_type == c.event_type.strip().lower() for c in EVENT_TYPE_CODES)


def test_the_finer_acled_type_wins_and_a_coarse_one_stands_for_the_rest():
    assert event_type_for({"event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb"}) == "explosion"
    assert event_type_for({"event_type": "Battles", "sub_event_type": "Shelling/artillery/missile attack"}) == \
        "shelling"
    assert event_type_for({"event_type": "Riots", "sub_event_type": "Invented sub-type"}) == "riot"
    assert event_type_for({"event_type": "Invented type", "sub_event_type": "Invented sub-type"}) == \
        "invented sub-type"
    assert event_type_for({"type_of_violence": "9"}) == "9" and event_type_for({}) == ""


@pytest.mark.parametrize("key", sorted(CODES))
def test_every_code_reads_alike_as_events_and_in_bulk(key, boundaries, tmp_path):
    entry = CODES[key]
    column = "geo_precision" if entry.scheme == "acled" else "where_prec"
    admin = "admin1" if entry.scheme == "acled" else "adm_1"
    rows = [["id", "date", "latitude", "longitude", column, admin, "country"],
            ["r1", "2024-10-03", "51.70", "35.30", str(entry.code), "Kursk", "Russia"]]  # inside Kursk oblast
    (event,), errors = events_from_table(parse_point_table(rows, name="t.csv"), boundaries)
    assert not errors
    loc = event.location
    assert (loc.precision.acled_geo_precision, loc.precision.ucdp_where_prec, loc.precision.gdelt_geo_type) == \
        entry.triple
    assert loc.precision.basis == entry.basis
    if entry.radius_km:
        assert loc.radius_km == entry.radius_km and loc.geometry.geom_type == "Polygon"
    elif entry.area_level:
        assert loc.area_km2 > 1000 and "somewhere in" in loc.trace[0].reason  # a region or the country
    else:
        assert loc.geometry.geom_type == "Point" and "water or in the air" in loc.trace[0].reason

    path = tmp_path / "t.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n")
    frame, skipped = read_table_frame(path, boundaries=boundaries)
    assert not skipped and frame["precision"].iloc[0] == key
    assert frame["radius_km"].iloc[0] == pytest.approx(loc.radius_km, abs=1e-3)
    assert frame.geometry.iloc[0].geom_type == loc.geometry.geom_type
