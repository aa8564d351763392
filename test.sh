#!/usr/bin/env bash
# Set up geoevents with its test dependencies in .venv and run the whole test suite.
# The package is installed (not editable), so the tests exercise it as users get it.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[test]"
exec .venv/bin/pytest "$@"
