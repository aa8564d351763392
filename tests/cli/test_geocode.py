"""`geoevents geocode`: constraint lines and a GeoJSON Feature, --format geojson, --explain, user gazetteers, and the
exit codes (0 ok, 1 bad input with one line "geoevents: error: ...", 2 usage)."""

from __future__ import annotations

import json
import socket

import pytest

import geoevents
from geoevents.cli import main

SEED = ("near the border of Kursk and Bryansk regions in Russia, approximately seven kilometres from the Ukrainian "
        "border")


@pytest.fixture
def shared_data(boundaries, gazetteer):
    """The embedded boundaries and gazetteer, read once per process by the library itself (the session fixtures
    hold the same cached objects), so the commands below reuse them; nothing is patched."""
    assert geoevents.load_boundaries() is boundaries and geoevents.load_gazetteer() is gazetteer


def _feature(line: str) -> dict:
    feature = json.loads(line)
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    props = feature["properties"]
    for key, (low, high) in {"acled_geo_precision": (1, 3), "ucdp_where_prec": (1, 7),
                             "gdelt_geo_type": (1, 5)}.items():
        assert type(props[key]) is int and low <= props[key] <= high, (key, props[key])
    return feature


def _one_error_line(err: str, *words: str) -> str:
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("geoevents: error:") and "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


def test_seed_phrase_text_output(capsys):
    """End to end: the command loads the embedded boundaries and gazetteer itself."""
    assert main(["geocode", SEED]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    lines = captured.out.strip().splitlines()
    constraints = [ln for ln in lines if ln.startswith("constraint")]
    assert len(constraints) == 3
    assert any("5-9 km from the RU-UA border" in ln for ln in constraints)
    assert not any(ln.startswith("step:") for ln in lines)  # the trace only with --explain
    assert any(ln.startswith("precision:") for ln in lines) and any(ln.startswith("area ") for ln in lines)
    assert not any(ln.startswith("{") for ln in lines)  # the Feature only with --format geojson
    assert any(ln.startswith("area ") and "point lat 51.91638, lon 34.39095" in ln for ln in lines)
    assert main(["geocode", SEED, "--format", "geojson"]) == 0
    feature = _feature(capsys.readouterr().out.strip())
    assert feature["properties"]["location_text"] == SEED
    assert [next(iter(c)) for c in feature["properties"]["constraints"] if "border_distance" in c] == \
        ["border_distance"]


def test_format_geojson_prints_only_the_feature(capsys, shared_data):
    assert main(["geocode", "--format", "geojson", SEED]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1
    feature = _feature(out)
    (distance,) = [c["border_distance"] for c in feature["properties"]["constraints"] if "border_distance" in c]
    assert (distance["border"], distance["min_km"], distance["max_km"]) == ("RU-UA", 5.0, 9.0)


def test_explain_adds_steps_and_toponyms(capsys, shared_data):
    assert main(["geocode", "--explain", "near Tyotkino, Kursk region"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "text: near Tyotkino, Kursk region"
    steps = [ln for ln in lines if ln.startswith("step:")]
    toponyms = [ln for ln in lines if ln.startswith("toponym")]
    assert len(steps) == len([ln for ln in lines if ln.startswith("constraint")]) >= 2
    assert any("Tyotkino" in ln and "used" in ln and "Tëtkino" in ln for ln in toponyms)
    assert any("Kursk" in ln for ln in toponyms)
    assert lines[-1].startswith("precision: ")


def test_unknown_place_exits_1_naming_it(capsys, shared_data):
    assert main(["geocode", "near Zzyzxovka"]) == 1
    captured = capsys.readouterr()
    _one_error_line(captured.err, "Zzyzxovka")
    assert captured.out == ""


def test_contradiction_exits_1(capsys, shared_data):
    assert main(["geocode", "in northern Kursk region, in Sudzha"]) == 1  # two hard facts: nothing to set aside
    captured = capsys.readouterr()
    _one_error_line(captured.err, "the places named exclude each other")
    assert captured.out == ""


def test_user_gazetteer_adds_a_village(tmp_path, capsys, shared_data):
    table = tmp_path / "villages.csv"
    table.write_text("name,lat,lon,country,admin1\nTestovka,51.3,34.9,RU,Kursk Oblast\n", encoding="utf-8")
    assert main(["geocode", "in Testovka"]) == 1
    _one_error_line(capsys.readouterr().err, "Testovka")
    assert main(["geocode", "--gazetteer", str(table), "in Testovka"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert any(ln.startswith("constraint") and "Testovka" in ln for ln in lines)
    assert any(ln.startswith("toponym 'Testovka'") and "used" in ln for ln in lines)
    assert main(["geocode", "--gazetteer", str(table), "in Testovka", "--format", "geojson"]) == 0
    props = _feature(capsys.readouterr().out)["properties"]
    assert abs(props["lon"] - 34.9) < 0.1 and abs(props["lat"] - 51.3) < 0.1  # lat/lon not swapped


def test_bad_user_gazetteer_exits_1(tmp_path, capsys, shared_data):
    table = tmp_path / "broken.csv"
    table.write_text("name,lat,lon\nTestovka,91,34.9\n", encoding="utf-8")
    assert main(["geocode", "--gazetteer", str(table), "in Testovka"]) == 1
    _one_error_line(capsys.readouterr().err, "broken.csv:2", "latitude")


def test_online_without_user_agent_exits_1_before_any_request(monkeypatch, capsys, shared_data):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert main(["geocode", "--online", "nominatim", "near Zzyzxovka"]) == 1
    _one_error_line(capsys.readouterr().err, "User-Agent")
    assert attempts == []


@pytest.mark.parametrize("argv", [["geocode", "--format", "kml", "in Sudzha"],
                                  ["geocode", "--online", "bing", "in Sudzha"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "usage error" in err


def test_several_phrases_from_arguments_stdin_and_a_file_in_every_format(tmp_path, monkeypatch, capsys,
                                                                          shared_data):
    import csv
    import io

    phrases = tmp_path / "phrases.txt"
    phrases.write_text("in Tetkino\n\nnear Zzyzxovka\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("12 km north-west of Sumy\n"))
    assert main(["geocode", "near Sudzha", "-", "--file", str(phrases), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["text"] for r in rows] == ["near Sudzha", "12 km north-west of Sumy", "in Tetkino", "near Zzyzxovka"]
    assert abs(float(rows[2]["lat"]) - 51.28) < 0.05 and abs(float(rows[2]["lon"]) - 34.29) < 0.05  # lat, lon
    assert rows[3]["lat"] == "" and "Zzyzxovka" in rows[3]["error"] and rows[2]["error"] == ""
    assert err.count("\n") == 1 and "phrase 4" in err and "Zzyzxovka" in err  # the failure, as a warning
    assert main(["geocode", "in Tetkino", "near Sudzha", "--format", "json", "-q"]) == 0
    out, err = capsys.readouterr()
    records = json.loads(out)
    assert [r["acled_geo_precision"] for r in records] == [1, 2] and err == ""
    assert main(["geocode", "in Tetkino", "near Sudzha", "--format", "geojson", "-o", str(tmp_path / "g.json")]) == 0
    collection = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    assert main(["geocode", "in Tetkino", "near Sudzha"]) == 0
    text = capsys.readouterr().out
    assert "phrase: in Tetkino" in text and "phrase: near Sudzha" in text and "{" not in text


def test_no_phrase_at_all_is_a_usage_error(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("\n  \n"))
    assert main(["geocode", "-"]) == 2
    assert "usage error: give a location phrase" in capsys.readouterr().err
