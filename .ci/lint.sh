#!/usr/bin/env bash
# Lint and type-check with the test venv's tools (ruff and mypy come with the `test`
# extra, which .ci/test.sh installs, and run from it); the configuration is in pyproject.toml:
# ruff over the whole tree, mypy over the package (strict on core, pdf and export).
# Both always run, so one run shows every finding; the exit status is non-zero when
# either found something.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV="${OGP_TEST_VENV:-.venv-test}"
status=0
"$VENV/bin/ruff" check . || status=1
"$VENV/bin/mypy" || status=1
exit "$status"
