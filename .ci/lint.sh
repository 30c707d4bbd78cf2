#!/usr/bin/env bash
# Lint and type-check with the test venv's tools (ruff and mypy come with the `test`
# extra, which .ci/test.sh installs); the configuration is in pyproject.toml.
# ruff covers the whole tree. mypy checks every module of ogp_desktop except those still
# listed in .ci/mypy-not-yet-clean.txt (issue 10 left them: the list may only shrink);
# `bash .ci/lint.sh --all` type-checks everything and prints the remaining count;
# `bash .ci/lint.sh --types` runs only the mypy part (what .ci/test.sh runs until ruff's
# remaining findings are fixed).
# Both always run, so one run shows every finding; the exit status is non-zero when
# either found something.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV="${OGP_TEST_VENV:-.venv-test}"
status=0
if [ "${1:-}" != "--types" ]; then
  "$VENV/bin/ruff" check . || status=1
fi
if [ "${1:-}" = "--all" ]; then
  "$VENV/bin/mypy" || status=1
else
  mapfile -t clean < <(find ogp_desktop -name '*.py' | sort | grep -vxFf .ci/mypy-not-yet-clean.txt)
  "$VENV/bin/mypy" --follow-imports=silent "${clean[@]}" || status=1
fi
exit "$status"
