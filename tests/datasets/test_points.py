"""CSV tables of point events (ACLED/UCDP style): rows, line-numbered errors, precision circles, the CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

import geoevents
from geoevents.nearborder.events import measure
from geoevents.places.boundaries import load_boundaries
from geoevents.cli import main
from geoevents.datasets import ACLED_RADIUS_KM, UCDP_RADIUS_KM, parse_point_table, read_point_table

DATA = Path(__file__).resolve().parents[1] / "data"
GEOD = Geod(ellps="WGS84")


def test_acled_style_rows_and_errors():
    table = read_point_table(DATA / "acled_style.csv")
    assert table.ids == ["TST1", "TST2", "TST3", "TST5"]
    assert [e.split(":", 1)[1] for e in table.errors] == [
        "5: latitude 'not-a-number' is not a number",
        "7: acled precision code 9 is not between 1 and 3",
    ]
    assert table.precision == ["acled:1", "acled:2", "acled:3", "acled:1"]
    assert table.radius_km.tolist() == [ACLED_RADIUS_KM[1], ACLED_RADIUS_KM[2], 0.0, ACLED_RADIUS_KM[1]]


def test_precision_circles_are_geodesic():
    table = read_point_table(DATA / "ucdp_style.csv")
    assert table.radius_km.tolist() == [UCDP_RADIUS_KM[1], UCDP_RADIUS_KM[2], 0.0]
    geoms = table.geometries()
    assert geoms[2].geom_type == "Point"  # a province centroid gets no circle: that would misstate what is known
    for i in (0, 1):
        ring = shapely.get_coordinates(geoms[i].exterior)
        _, _, d = GEOD.inv(np.full(len(ring), table.lon[i]), np.full(len(ring), table.lat[i]), ring[:, 0], ring[:, 1])
        assert np.allclose(d, table.radius_km[i] * 1000, atol=0.01)


@pytest.mark.parametrize("rows, error", [
    ([["lat", "lon"], ["95", "30"]], "latitude 95 out of range"),
    ([["lat", "lon"], ["120", "50"]], "latitude and longitude swapped?"),
    ([["lat", "lon"], ["50", "200"]], "longitude 200 out of range"),
    ([["lat", "lon"], ["nan", "30"]], "is not a finite number"),
    ([["lat", "lon"], ["", "30"]], "latitude missing"),
    ([["lat", "lon", "where_prec"], ["50", "30", "2.5"]], "is not a whole number"),
])
def test_bad_rows_are_reported_with_line_numbers(rows, error):
    table = parse_point_table(rows, name="t.csv")
    assert len(table) == 0
    (message,) = table.errors
    assert message.startswith("t.csv:2: ") and error in message


def test_table_without_coordinates_is_an_error():
    with pytest.raises(geoevents.EventFileError, match=r"t.csv:1: no latitude/longitude columns"):
        parse_point_table([["a", "b"], ["1", "2"]], name="t.csv")


def test_empty_table_is_an_error():
    with pytest.raises(geoevents.EventFileError, match="empty table"):
        parse_point_table([], name="e.csv")


def test_cli_near_border_on_a_table(capsys):
    assert main(["near-border", str(DATA / "acled_style.csv"), "--km", "10"]) == 0
    captured = capsys.readouterr()
    lines = {line.split()[0]: line.split() for line in captured.out.splitlines()[1:-1]}
    assert lines["TST1"][5] == "certain"  # 2 km circle right by the Sumy border
    assert lines["TST2"][5] == "possible"  # 15 km circle straddling the 10 km line
    # Moscow, geo_precision 3: the whole city unit (with "New Moscow" to the south-west), not its coded point
    # (~450 km from the border); its distances are the per-event engine's for that unit
    low, high, status, _ = measure(load_boundaries().region("Moskva"), load_boundaries().border("RU-UA"), km=10)
    assert lines["TST3"][5] == status == "outside"
    assert float(lines["TST3"][3]) == pytest.approx(low, abs=0.01) and low < 440
    assert float(lines["TST3"][4]) == pytest.approx(high, abs=0.01)
    ids = [line.split()[0] for line in captured.out.splitlines()[1:-1]]
    assert ids == ["TST2", "TST1", "TST3", "TST5"]  # nearest first
    assert "1 certain, 1 possible, 2 outside; 2 bad rows skipped" in captured.out
    assert "acled_style.csv:5: latitude 'not-a-number'" in captured.err
    assert "feature 'TST5'" in captured.err and "swapped" in captured.err


def test_cli_all_rows_bad_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("latitude,longitude\nx,y\n")
    assert main(["near-border", str(bad), "--km", "5"]) == 1
    assert "no usable rows (1 bad)" in capsys.readouterr().err


def test_cli_refuses_mixed_inputs(capsys):
    assert main(["near-border", str(DATA / "acled_style.csv"), "x.yaml", "--km", "5"]) == 1
    assert "not both" in capsys.readouterr().err
