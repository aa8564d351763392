"""The codebook is the one table of ACLED/UCDP codes: its docstring table matches it, and every reader of a coded
row (table rows as events, the bulk frames) gives what it says: circle, area, (ACLED, UCDP, GDELT) codes."""

from __future__ import annotations

import re

import pytest

from geoevents.datasets import CODES, codebook, events_from_table, parse_point_table
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
