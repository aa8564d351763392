#!/usr/bin/env bash
# Set up geoevents in .venv and run the main job on the bundled seed event:
# writes maps/seed.html and maps/seed.geojson and prints the near-border answer.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
.venv/bin/geoevents run "$@"
