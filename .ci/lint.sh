#!/usr/bin/env bash
# Lint and type-check with the test venv's tools (ruff and mypy come with the `test`
# extra, which .ci/test.sh installs); the configuration is in pyproject.toml.
# Both always run, so one run shows every finding; the exit status is non-zero when
# either found something.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV="${OGP_TEST_VENV:-.venv-test}"
status=0
"$VENV/bin/ruff" check . || status=1
"$VENV/bin/mypy" || status=1   # the files and strictness set in [tool.mypy]
exit "$status"
