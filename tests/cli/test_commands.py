"""The command line: outputs, exit codes 0/1/2, one-line errors, no partial files, works from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geoevents.cli import main


def test_near_border_on_the_seed(capsys):
    assert main(["near-border", "--km", "7"]) == 0
    out = capsys.readouterr().out
    assert "up-2024-10-15-dprk-desertion" in out and "possible" in out
    assert "0 certain, 1 possible, 0 outside" in out


def test_near_border_json(capsys):
    assert main(["near-border", "--km", "10", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    (answer,) = json.loads(out)
    assert answer["status"] == "certain" and answer["id"] == "up-2024-10-15-dprk-desertion"
    assert err.startswith("1 event vs the RU-UA border within 10 km")  # the border and distance asked about


def test_run_writes_map_and_geojson(tmp_path, capsys):
    assert main(["run", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "4.9" in out or "5.0" in out  # the distance range is printed
    html = (tmp_path / "seed.html").read_text()
    assert "leaflet" in html.lower() and "OpenStreetMap" in html and "Natural Earth" in html
    fc = json.loads((tmp_path / "seed.geojson").read_text())
    assert fc["features"][0]["properties"]["border_status"] == "certain"


def test_export_geometry_both(tmp_path):
    out = tmp_path / "e.geojson"
    assert main(["export", "-o", str(out), "--geometry", "both", "--km", "7"]) == 0
    fc = json.loads(out.read_text())
    assert [f["geometry"]["type"] for f in fc["features"]] == ["Polygon", "Point"] or \
        [f["geometry"]["type"] for f in fc["features"]] == ["MultiPolygon", "Point"]
    assert fc["features"][0]["properties"]["border_status"] == "possible"


@pytest.mark.parametrize("argv, message", [
    (["near-border", "--km", "7", "--border", "XX-UA"], "unknown country 'XX'"),
    (["map", "/nonexistent/events.yaml"], "no such file"),
])
def test_bad_input_exits_1_with_one_line(argv, message, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("argv", [["near-border"], ["frobnicate"], ["near-border", "--km", "seven"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_failed_export_leaves_no_file(tmp_path, capsys):
    target = tmp_path / "nope" / "x.geojson"
    assert main(["export", "-o", str(target)]) == 1
    assert not target.parent.exists()
    good = tmp_path / "good.geojson"
    good.write_text("keep me")
    bad_events = tmp_path / "bad.yaml"
    bad_events.write_text("events:\n  - id: a\n    title: t\n    constraints: [{in_regions: Atlantis}]\n")
    assert main(["export", str(bad_events), "-o", str(good)]) == 1
    assert good.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "good.geojson"]


def test_installed_command_runs_from_an_unrelated_folder(tmp_path):
    """The console script finds its data as package data, wherever it is run."""
    exe = Path(sys.executable).with_name("geoevents")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "geoevents"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([*cmd, "map", "-o", "m.html"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "m.html").stat().st_size > 10_000
    done = subprocess.run([*cmd, "map"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and (tmp_path / "maps" / "seed.html").exists()


def test_user_boundaries_with_a_name_field(tmp_path, capsys):
    """Another theatre: three provinces in a user's GeoJSON, named by NAME_1; borders are their shared edges."""
    import json as _json

    def square(x0, name):
        ring = [[x0, 10.0], [x0 + 1, 10.0], [x0 + 1, 11.0], [x0, 11.0], [x0, 10.0]]
        return {"type": "Feature", "properties": {"NAME_1": name, "iso_a2": "ZZ" if name != "Gamma" else "YY"},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}

    theatre = tmp_path / "theatre.geojson"
    theatre.write_text(_json.dumps({"type": "FeatureCollection",
                                    "features": [square(0, "Alpha"), square(1, "Beta"), square(2, "Gamma")]}))
    events = tmp_path / "e.yaml"
    events.write_text("events:\n  - {id: near, title: t, constraints: [{in_regions: [Alpha]}, "
                      "{border_distance: {border: Alpha/Beta, min_km: 0, max_km: 5}}]}\n"
                      "  - {id: far, title: t, constraints: [{in_regions: [Alpha]}, "
                      "{border_distance: {border: Alpha/Beta, min_km: 40, max_km: 60}}]}\n")
    args = ["near-border", str(events), "--boundaries", str(theatre), "--name-field", "NAME_1", "--border",
            "Alpha/Beta", "--km", "10", "--format", "json"]
    assert main(args) == 0
    answers = {a["id"]: a["status"] for a in _json.loads(capsys.readouterr().out)}
    assert answers == {"near": "certain", "far": "outside"}
    assert main(args[:-6] + ["--border", "ZZ-YY", "--km", "10", "--format", "json"]) == 0  # countries from iso_a2
    assert main(["near-border", str(events), "--boundaries", str(theatre), "--km", "10"]) == 1
    assert "feature 0 has no 'name' property" in capsys.readouterr().err


# --- conventions shared with rio and fio -------------------------------------------------------------------------
def test_bare_command_prints_help_and_succeeds(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: geoevents") and all(name in out for name in ("run", "map", "near-border",
                                                                                 "geocode", "ingest", "export"))


def test_every_option_of_every_command_says_what_it_does():
    import argparse

    from geoevents.cli import parser

    def actions(p):
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from ((f"{name} {a}", h) for a, h in actions(sub))
            elif not isinstance(action, argparse._HelpAction):
                yield "/".join(action.option_strings) or action.dest, action.help

    missing = [name for name, text in actions(parser()) if not text or not text.strip()]
    assert missing == []


def test_quiet_leaves_the_output_and_drops_the_chatter(tmp_path, capsys):
    assert main(["map", "-o", str(tmp_path / "a.html")]) == 0
    assert capsys.readouterr().out == f"map: {tmp_path / 'a.html'}\n"
    assert main(["-q", "map", "-o", str(tmp_path / "b.html")]) == 0  # before the command
    assert capsys.readouterr() == ("", "") and (tmp_path / "b.html").exists()
    assert main(["near-border", "--km", "10", "--format", "csv", "--quiet"]) == 0  # after it: the answer only
    out, err = capsys.readouterr()
    assert out.startswith("file,id,") and err == ""
    assert main(["near-border", "--km", "10", "--format", "csv", "-v"]) == 0
    assert "the events engine (chosen for these inputs" in capsys.readouterr().err


def test_abbreviated_flags_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as info:
        main(["map", "--color", "type"])  # argparse would take --color for --color-by
    assert info.value.code == 2
    assert "unrecognized arguments: --color" in capsys.readouterr().err


def test_dash_is_standard_output_for_every_command_that_writes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-o", "-", "--format", "geojson"]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 1
    assert main(["map", "-o", "-", "-q"]) == 0
    assert capsys.readouterr().out.lstrip().startswith("<!DOCTYPE html>")
    assert main(["near-border", "--km", "10", "--format", "csv", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("file,id,")
    assert main(["export", "-o", "-"]) == 1  # no extension to tell the format from
    assert "needs --format" in capsys.readouterr().err
    (tmp_path / "r.txt").write_text("Shelling hit the village of Tetkino in Kursk region.", encoding="utf-8")
    assert main(["ingest", "r.txt", "--published", "2024-11-06", "-o", "-"]) == 0
    assert "Tetkino" in capsys.readouterr().out  # the drafts, printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]  # nothing named "-", no maps/ folder


def test_standard_input_is_named_stdin_in_outputs_and_messages_never_by_its_temporary_file(monkeypatch, capsys):
    import io

    table = "id,latitude,longitude\nnear,51.30,34.30\nbad,north,34.30\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(table.encode())))
    assert main(["near-border", "-", "--km", "10", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[1].startswith("<stdin>,near,")  # the file column
    assert "<stdin>:3" in err and "/tmp" not in err and "geoevents-stdin" not in out + err
    events = "events:\n  - {id: a, title: t, constraints: [{in_regions: [Kurks]}]}\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(events.encode())))
    assert main(["near-border", "-", "--km", "10"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("geoevents: error: <stdin>: event 'a': unknown region 'Kurks'; did you mean Kursk (RU-KRS)?")
    assert "--boundaries" in err and len(err.splitlines()) == 1


def test_dash_is_standard_input_for_tables_and_exports(tmp_path, monkeypatch, capsys):
    import io

    table = "id,latitude,longitude\nnear,51.30,34.30\nfar,52.70,32.70\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(table.encode())))
    assert main(["near-border", "-", "--km", "10", "--format", "json"]) == 0
    answers = {a["id"]: a["status"] for a in json.loads(capsys.readouterr().out)}
    assert answers == {"near": "certain", "far": "outside"}
    assert main(["export", "-o", str(tmp_path / "seed.geojson")]) == 0
    exported = (tmp_path / "seed.geojson").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(exported)))
    assert main(["map", "-", "-o", str(tmp_path / "m.html")]) == 0  # an export read back from a pipe
    from geoevents import seed_events
    from geoevents.maps import escape_text

    assert escape_text(seed_events()[0].title) in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_country_codes_in_any_case_are_echoed_in_capitals(capsys):
    assert main(["near-border", "--km", "10", "--border", "ru-ua", "--point-of-view", "ua"]) == 0
    out = capsys.readouterr().out
    assert "vs the RU-UA border" in out and "ru-ua" not in out


def test_a_map_is_drawn_without_importing_pandas_and_pandas_stays_importable(tmp_path):
    """folium would import pandas (a quarter of a seed map's time) to recognise DataFrames: the CLI's map
    commands load it without; the same map comes out as with pandas loaded first, and pandas imports after."""
    script = ("import sys\n"
              "if sys.argv[1] == 'first': import pandas\n"
              "from geoevents.cli import main\n"
              "main(['map', '-q', '-o', sys.argv[2]])\n"
              "print('pandas' in sys.modules)\n"
              "import pandas\n"
              "print(pandas.DataFrame({'a': [1]}).shape)\n")
    runs = {}
    for how in ("none", "first"):
        out = tmp_path / f"{how}.html"
        done = subprocess.run([sys.executable, "-c", script, how, str(out)], capture_output=True, text=True,
                              cwd=tmp_path, check=True)
        runs[how] = done.stdout.split(), out.read_text(encoding="utf-8")
    assert runs["none"][0] == ["False", "(1,", "1)"]
    assert runs["first"][0] == ["True", "(1,", "1)"]
    assert runs["none"][1] == runs["first"][1]
