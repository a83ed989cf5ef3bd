#!/usr/bin/env bash
# Set up a development environment in .venv: corefine (editable), its test tools, the
# parquet and eval extras (Parquet batch jobs; `corefine score` and `corefine evaluate`), the
# Spark extra the Spark tests run (they also need a Java runtime, 17 or later) and the
# serve extra of `corefine serve` (its browser test also needs Chromium: see .ci/run), and the
# accurate model's package (models/corefine-accurate: `corefine.load("accurate")`).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev,parquet,eval,spark,serve]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ./models/corefine-accurate
echo "corefine installed in .venv ($(.venv/bin/corefine --help >/dev/null && echo ok))" >&2
