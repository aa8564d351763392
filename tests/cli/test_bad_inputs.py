"""The corpus of bad inputs (every YAML file in tests/data/bad/): every case gives one clear line, the right exit
code, no traceback, and leaves no output file behind or damaged. The keys a case can use are described at the top of
tests/data/bad/cases.yaml."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pytest
import yaml

from geoevents.cli import main

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
CASES = [case for path in sorted(BAD.glob("*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


def test_the_corpus_holds_at_least_150_cases():
    assert len(CASES) >= 150
    assert len({c["name"] for c in CASES}) == len(CASES)


def _prepare(case, folder: Path) -> None:
    """Write the files a case describes into ``folder``."""
    for name, text in (case.get("files") or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, hexed in (case.get("bytes_hex") or {}).items():
        (folder / name).write_bytes(bytes.fromhex(hexed))
    for name, depth in (case.get("nested") or {}).items():
        (folder / name).write_text("[" * depth + "]" * depth)
    for name, size in (case.get("big") or {}).items():
        line = "Drones struck Sudzha in Kursk region on Sunday, officials said. "
        (folder / name).write_text(line * (size // len(line) + 1))
    for name, part in (case.get("repeat") or {}).items():
        (folder / name).write_text(part.get("head", "") + part["body"] * part["times"] + part.get("tail", ""),
                                   encoding="utf-8")
    for name, text in (case.get("gzip") or {}).items():
        (folder / name).write_bytes(gzip.compress(text.encode()))
    for argv in case.get("before") or []:  # commands that make good files first (exports in other formats)
        assert main([str(a) for a in argv]) == 0
    for name, fraction in (case.get("truncate") or {}).items():
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data[:int(len(data) * fraction)])
    for name in case.get("fifo") or []:
        os.mkfifo(folder / name)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _prepare(case, tmp_path)
    capsys.readouterr()
    if case.get("keep"):
        (tmp_path / case["keep"]).write_text("GOOD")
    try:
        code = main([str(a).replace("{dir}", str(tmp_path)) for a in case["argv"]])
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == case["exit"], err
    lines = err.strip().splitlines()
    assert lines, "no message"
    last = lines[-1]
    assert "Traceback" not in err
    prefix = "geoevents: usage error:" if case["exit"] == 2 else "geoevents: error:"
    assert last.startswith(prefix) or (case["exit"] == 2 and "usage error" in last), last
    assert re.search(case["error"], last), last
    if case.get("output"):
        assert not (tmp_path / case["output"]).exists()
    if case.get("keep"):
        assert (tmp_path / case["keep"]).read_text() == "GOOD"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


def test_names_from_event_files_never_choose_output_paths(tmp_path, monkeypatch, capsys):
    """Ids and titles from event files are never used in file names: outputs stay where the user asked."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evil.yaml").write_text(
        "events:\n  - {id: ../../../escaped, title: ../../escaped, constraints: [{in_regions: [RU-KRS]}]}\n")
    (tmp_path / "out").mkdir()
    assert main(["run", "evil.yaml", "-o", "out"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["evil.geojson", "evil.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.yaml", "out"]
    assert not list(tmp_path.parent.glob("escaped*")) and not list(tmp_path.parent.parent.glob("escaped*"))
