#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them.
# This is the README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(poppler-utils tesseract-ocr tesseract-ocr-ara xvfb libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 nsis binutils)
# PostgreSQL: the tests start a private server of their own (tests/pg_server.py) and run the
# core tests on SQLite and on it; postgresql-client's pg_dump for `backup` on a server
DEBIAN_PACKAGES+=(postgresql postgresql-client)
# SoftHSM2: a software PKCS#11 token, for the tests of signing with a card (tests/cli/test_cli_tokens.py)
DEBIAN_PACKAGES+=(softhsm2)
# Chromium: the tests open the published website headless (tests/publish: right to left,
# links, the site's own search)
DEBIAN_PACKAGES+=(chromium)
# GNU FriBidi: the PDF layer's bidi levels (ogp_desktop/pdf/fribidi.py, loaded with ctypes)
DEBIAN_PACKAGES+=(libfribidi0)
# what Qt's xcb plugin needs (the README's set-up line; ogp_desktop/ui/platform_check.py) and
# x11-utils (xwininfo) for the test that starts the real app on Xvfb
DEBIAN_PACKAGES+=(libfreetype6 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libbrotli1 libzstd1 libgssapi-krb5-2 x11-utils)
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

VENV="${OGP_TEST_VENV:-.venv-test}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[gui,test,build]"
"$VENV/bin/python" i18n/build.py --compile   # the catalogs as .mo (see README, Translations)
OGP_TEST_VENV="$VENV" bash .ci/lint.sh   # ruff and mypy, both clean: a finding fails the tests

export QT_QPA_PLATFORM=offscreen
export OGP_REQUIRE_TOOLS=1   # every tool is installed above: a test skipped for a missing one fails (tests/required_tools.py)
# both cores: two workers, each taking whole test files (their module fixtures, a private
# PostgreSQL server per worker); OGP_TEST_WORKERS=0 runs everything in this one process
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider -n "${OGP_TEST_WORKERS:-2}" --dist loadfile "$@"
