"""The committed boundary data are exactly what boundaries/build.py makes from the npm packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_build_script_regenerates_the_committed_data():
    if shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("npm is needed to fetch the boundary sources")
        pytest.skip("npm not installed")
    done = subprocess.run([sys.executable, str(ROOT / "boundaries" / "build.py"), "--check"],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "committed data equals a rebuild" in done.stdout


@pytest.mark.slow
def test_gazetteer_build_regenerates_the_committed_file():
    done = subprocess.run([sys.executable, str(ROOT / "boundaries" / "build_gazetteer.py"), "--check"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "committed data equals a rebuild" in done.stdout
