"""The benchmark command runs end to end on a few points and its peers agree with geoevents (a smoke test: the
figures themselves are for the README, never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_benchmark_command_runs_and_the_peers_agree(tmp_path):
    out = tmp_path / "figures.json"
    done = subprocess.run([sys.executable, str(RUN), "--n", "3000", "--runs", "1", "--no-small", "--json", str(out)],
                          capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=600)
    assert done.returncode == 0, done.stderr
    figures = json.loads(out.read_text())
    ours = figures["tools"]["geoevents near-border"]["within"]
    assert ours > 50  # some of the 3,000 random points are within 10 km of the border
    assert figures["tools"]["geoevents --status certain"]["within"] == ours
    assert figures["tools"]["geoevents --status certain"]["differ"] == 0
    # DuckDB and PostGIS run where they are installed (test.sh installs PostGIS; pip install '.[bench]' DuckDB)
    for name in ("shapely STRtree", "geopandas sjoin", *(n for n in ("DuckDB spatial", "PostGIS")
                                                          if n in figures["tools"])):
        assert abs(figures["tools"][name]["within"] - ours) <= max(3, ours // 50), name
    assert "geoevents near-border" in done.stdout and "pyarrow floor" in done.stdout
