#!/usr/bin/env bash
# Set up geoevents with its test dependencies in .venv, check it with ruff and mypy, and run the whole test suite.
# The package is installed (not editable), so the tests exercise it as users get it.
# The browser and PNG tests drive Debian's chromium, the GIS tests open the exports with GDAL's ogrinfo (Debian's
# gdal-bin), the benchmark's smoke test also runs its PostGIS peer (Debian's postgresql-postgis); all are installed
# here when missing and we are root.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null || missing+=(postgresql-postgis)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "test.sh: ${missing[*]} not found and not root: the tests that need them will be skipped" >&2
    fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[test]"
# lint and types first: ruff and mypy as configured in pyproject.toml (0 findings on the package)
.venv/bin/ruff check geoevents
.venv/bin/mypy
exec .venv/bin/pytest "$@"
