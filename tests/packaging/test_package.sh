#!/usr/bin/env bash
# Packaging test of OGP Desktop, one command, as root on a Debian/Ubuntu machine:
#
#     bash tests/packaging/test_package.sh          # with the project's venv active
#
# build (python packaging/build.py) -> dpkg -i the .deb -> `ogp-desktop --version` and
# `ogp-desktop --self-test` from /usr/bin (also as an unprivileged user) -> a test user's
# records in the default data folder (load-demo) -> export and verify a signed demo meeting
# as PDF with the installed program -> the GUI starts from the menu's command -> reinstall
# the same .deb and upgrade to a newer package version: the records are untouched ->
# dpkg -r and dpkg -P: the records are still there.
#
# Environment: OGP_SKIP_BUILD=1 reuses dist/ (no rebuild); OGP_KEEP=1 keeps the work folder.
# Takes a few minutes (most of it the build). Installs the .deb's missing dependencies with
# apt-get. Leaves the package removed, as the last steps require.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

PY=${OGP_PYTHON:-}
if [ -z "$PY" ]; then
  if [ -n "${VIRTUAL_ENV:-}" ]; then PY="$VIRTUAL_ENV/bin/python"
  elif [ -x .venv/bin/python ]; then PY=.venv/bin/python
  else PY=python3; fi
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
DEB="$ROOT/dist/ogp-desktop_${VERSION}_${ARCH}.deb"
WORK=$(mktemp -d /tmp/ogp-packaging-test.XXXXXX)
chmod 755 "$WORK"
USER_HOME="$WORK/home"
mkdir -p "$USER_HOME"
DB="$USER_HOME/.local/share/ogp-desktop/ogp-desktop.sqlite"
STEP=0
START=$(date +%s)
BACKGROUND=()  # processes this script started (the app, Xvfb): stopped on any exit
cleanup() { for p in "${BACKGROUND[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

step() { STEP=$((STEP + 1)); printf '\n[%d] %s\n' "$STEP" "$*"; }
ok() { printf '    ok    %s\n' "$*"; }
fail() { printf '    FAIL  %s\n' "$*"; printf '\npackaging test FAILED at step %d (work folder kept: %s)\n' "$STEP" "$WORK"; exit 1; }
# The test user: a fresh home and data folder, so nothing of the machine's users is touched;
# the system PATH, so `ogp-desktop` is the installed /usr/bin/ogp-desktop, not a venv's.
SYSTEM_PATH=/usr/sbin:/usr/bin:/sbin:/bin
USER_ENV=(PATH="$SYSTEM_PATH" HOME="$USER_HOME" XDG_DATA_HOME="$USER_HOME/.local/share"
          XDG_CONFIG_HOME="$USER_HOME/.config" XDG_CACHE_HOME="$USER_HOME/.cache")
as_user() { env "${USER_ENV[@]}" QT_QPA_PLATFORM=offscreen "$@"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
meetings() { "$PY" -c 'import sqlite3,sys; print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("select count(*) from meetings").fetchone()[0])' "$1"; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

echo "OGP Desktop $VERSION packaging test, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(. /etc/os-release; echo "$PRETTY_NAME")"
echo "work folder: $WORK"

step "build: python packaging/build.py"
if [ "${OGP_SKIP_BUILD:-0}" = 1 ] && [ -f "$DEB" ]; then
  ok "reusing $DEB (OGP_SKIP_BUILD=1)"
else
  t=$(date +%s)
  "$PY" packaging/build.py > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; fail "build failed (log: $WORK/build.log)"; }
  sed -n '/^== sizes/,$p' "$WORK/build.log" | sed 's/^/    /'
  ok "built in $(( $(date +%s) - t )) s"
fi
[ -f "$DEB" ] || fail "$DEB missing"
ok "$(basename "$DEB"): $(du -h "$DEB" | cut -f1), frozen folder dist/ogp-desktop: $(du -sh dist/ogp-desktop | cut -f1)"

step "install: dependencies with apt-get, then dpkg -i"
if installed ogp-desktop; then $SUDO dpkg -r ogp-desktop >/dev/null; ok "removed a copy left from before"; fi
missing=()
IFS=',' read -ra groups <<< "$(dpkg-deb -f "$DEB" Depends)"
for group in "${groups[@]}"; do
  have=""; first=""
  IFS='|' read -ra alts <<< "$group"
  for alt in "${alts[@]}"; do
    name=$(echo "$alt" | sed 's/(.*)//; s/ //g')
    [ -z "$first" ] && apt-cache show "$name" >/dev/null 2>&1 && first="$name"
    installed "$name" && have="$name"
  done
  [ -z "$have" ] && missing+=("${first:-$(echo "${alts[0]}" | sed 's/(.*)//; s/ //g')}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "    missing dependencies: ${missing[*]}"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]}"
  ok "installed ${missing[*]}"
else
  ok "every dependency already installed"
fi
$SUDO dpkg -i "$DEB" > "$WORK/dpkg-install.log" 2>&1 || { cat "$WORK/dpkg-install.log"; fail "dpkg -i"; }
ok "dpkg -i: $(dpkg-query -W -f='${Package} ${Version} ${Status}' ogp-desktop)"
[ "$(PATH=$SYSTEM_PATH command -v ogp-desktop)" = /usr/bin/ogp-desktop ] || fail "ogp-desktop on the system PATH is $(PATH=$SYSTEM_PATH command -v ogp-desktop || echo nothing)"
[ -x /opt/ogp-desktop/ogp-desktop ] || fail "/opt/ogp-desktop/ogp-desktop missing"
for f in /usr/share/applications/ogp-desktop.desktop /usr/share/icons/hicolor/{48x48,128x128,256x256}/apps/ogp-desktop.png; do
  [ -f "$f" ] || fail "$f missing"
done
ok "ogp-desktop on the system PATH is /usr/bin/ogp-desktop; /opt/ogp-desktop ($(du -sh /opt/ogp-desktop | cut -f1)), .desktop entry and 3 icons in place"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate /usr/share/applications/ogp-desktop.desktop || fail "desktop-file-validate"
  ok "desktop-file-validate"
fi
owners=$(dpkg -c "$DEB" | awk '{print $2}' | sort -u | tr '\n' ' ')
[ "$owners" = "root/root " ] || fail "files in the .deb owned by $owners"
ok "every file in the .deb belongs to root/root"

step "ogp-desktop --version (installed)"
out=$(as_user ogp-desktop --version)
echo "    $out"
[ "$out" = "ogp-desktop $VERSION" ] || fail "expected 'ogp-desktop $VERSION'"
ok "version matches pyproject.toml"

step "ogp-desktop --self-test (installed, offscreen)"
t0=$("$PY" -c 'import time; print(time.time())')
as_user ogp-desktop --self-test > "$WORK/self-test.log" 2>&1 || { cat "$WORK/self-test.log"; fail "--self-test"; }
t1=$("$PY" -c 'import time; print(time.time())')
grep -v propagateSizeHints "$WORK/self-test.log" | sed 's/^/    /'
ok "self-test passed ($("$PY" -c "print(f'{$t1 - $t0:.1f}')") s wall clock)"

step "as an unprivileged user (nobody): --version and --self-test"
NOBODY_HOME="$WORK/nobody"
mkdir -p "$NOBODY_HOME" && chown nobody:nogroup "$NOBODY_HOME"
if command -v setpriv >/dev/null 2>&1; then
  setpriv --reuid=nobody --regid=nogroup --clear-groups \
    env -i PATH=/usr/bin:/bin HOME="$NOBODY_HOME" QT_QPA_PLATFORM=offscreen ogp-desktop --version \
    | sed 's/^/    /' || fail "--version as nobody"
  setpriv --reuid=nobody --regid=nogroup --clear-groups \
    env -i PATH=/usr/bin:/bin HOME="$NOBODY_HOME" QT_QPA_PLATFORM=offscreen ogp-desktop --self-test \
    > "$WORK/self-test-nobody.log" 2>&1 || { cat "$WORK/self-test-nobody.log"; fail "--self-test as nobody"; }
  ok "$(tail -1 "$WORK/self-test-nobody.log")"
else
  ok "skipped (no setpriv)"
fi

step "a user's records in the default data folder: ogp-desktop load-demo"
as_user ogp-desktop load-demo | sed 's/^/    /'
[ -f "$DB" ] || fail "$DB was not created"
n=$(meetings "$DB")
[ "$n" -ge 1 ] || fail "no meetings in $DB"
ok "$DB: $n meetings, $(du -h "$DB" | cut -f1)"
as_user ogp-desktop check | sed 's/^/    /' || fail "check"

step "export a signed demo meeting to PDF sealed with the unit's key (pyHanko in the frozen program), and verify it"
PDF="$WORK/minutes-1.pdf"
KEYS="$WORK/keys"; mkdir -p "$KEYS"; chmod 777 "$KEYS"
printf 'unit-authority-password\n' > "$KEYS/pw"; chmod 644 "$KEYS/pw"
as_user ogp-desktop authority init --name "وحدة الحكومة المنفتحة" -o "$KEYS/unit.p12" \
  --password-file "$KEYS/pw" | sed 's/^/    /' || fail "authority init"
as_user ogp-desktop authority issue --ca "$KEYS/unit.p12" --ca-password-file "$KEYS/pw" \
  --name "وحدة الحكومة المنفتحة" --role "ختم الوحدة" -o "$KEYS/seal.p12" \
  --password-file "$KEYS/pw" | sed 's/^/    /' || fail "authority issue"
as_user ogp-desktop export-minutes 1 --format pdf -o "$PDF" --seal "$KEYS/seal.p12" \
  --seal-password-file "$KEYS/pw" || fail "export-minutes --seal"
[ "$(head -c 5 "$PDF")" = "%PDF-" ] || fail "$PDF is not a PDF"
pages=""
command -v pdfinfo >/dev/null 2>&1 && pages=", $(pdfinfo "$PDF" | awk '/^Pages:/{print $2}') page(s)"
ok "$PDF: $(stat -c %s "$PDF") bytes$pages"
as_user ogp-desktop verify "$PDF" | sed 's/^/    /' || fail "verify $PDF"
ok "the PDF matches the signed record"

step "the installed program reaches for a PostgreSQL server (psycopg in the frozen build)"
silent=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if out=$(as_user ogp-desktop --db "postgresql://clerk:pw@127.0.0.1:$silent/ogp" check 2>&1); then
  fail "check on a server that does not answer succeeded: $out"
fi
case "$out" in
  *"does not answer"*) ok "one line: $out" ;;
  *) fail "not the server's message: $out" ;;
esac

step "the desktop application starts from the installed command"
LOG="$USER_HOME/.local/share/ogp-desktop/logs/ogp-desktop.log"
started_lines() { local n; n=$(grep -c " started " "$LOG" 2>/dev/null) || true; echo "${n:-0}"; }
probe() {  # $1 = Qt platform, $2 = X display or "": waits for the "started" line the app logs
  local before pid t0 t1 waited=0
  before=$(started_lines)
  t0=$("$PY" -c 'import time; print(time.time())')
  # env execs the launcher, which execs the program: $! is the program itself
  env "${USER_ENV[@]}" DISPLAY="$2" QT_QPA_PLATFORM="$1" ogp-desktop > "$WORK/gui-$1.log" 2>&1 &
  pid=$!
  BACKGROUND+=("$pid")
  while [ $waited -lt 300 ]; do
    [ "$(started_lines)" -gt "$before" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05; waited=$((waited + 1))
  done
  t1=$("$PY" -c 'import time; print(time.time())')
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  if [ "$(started_lines)" -gt "$before" ]; then
    ok "$1: main window up in $("$PY" -c "print(f'{$t1 - $t0:.2f}')") s (log: $(grep " started " "$LOG" | tail -1 | cut -d' ' -f4-))"
  else
    cat "$WORK/gui-$1.log"; fail "$1: the application did not log 'started' within 15 s"
  fi
}
probe offscreen ""
if command -v Xvfb >/dev/null 2>&1; then
  # a real X server: the xcb platform plugin with the system libraries the .deb depends on
  Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$WORK/display" >/dev/null 2>&1 &
  XVFB_PID=$!
  BACKGROUND+=("$XVFB_PID")
  for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
  [ -s "$WORK/display" ] || fail "Xvfb did not start"
  probe xcb ":$(cat "$WORK/display")"
  kill $XVFB_PID 2>/dev/null || true; wait $XVFB_PID 2>/dev/null || true
else
  ok "xcb: skipped (no Xvfb; Debian package xvfb)"
fi

SUM=$(sha "$DB"); N=$(meetings "$DB")
step "reinstall the same .deb (dpkg -i again): the records are untouched"
$SUDO dpkg -i "$DEB" > "$WORK/dpkg-reinstall.log" 2>&1 || { cat "$WORK/dpkg-reinstall.log"; fail "dpkg -i (again)"; }
[ "$(sha "$DB")" = "$SUM" ] || fail "the database changed"
ok "sha256 of $DB unchanged ($SUM)"
as_user ogp-desktop check | sed 's/^/    /' || fail "check after reinstall"

step "upgrade to a newer package version: the records are untouched"
UP="$WORK/upgrade"
dpkg-deb -R "$DEB" "$UP"
sed -i "s/^Version: .*/Version: ${VERSION}+upgradetest1/" "$UP/DEBIAN/control"
dpkg-deb --root-owner-group -Zgzip -z1 --build "$UP" "$WORK/ogp-desktop_upgrade.deb" >/dev/null
SUM=$(sha "$DB")
$SUDO dpkg -i "$WORK/ogp-desktop_upgrade.deb" > "$WORK/dpkg-upgrade.log" 2>&1 || { cat "$WORK/dpkg-upgrade.log"; fail "dpkg -i (upgrade)"; }
grep -i "unpacking\|setting up" "$WORK/dpkg-upgrade.log" | sed 's/^/    /'
[ "$(dpkg-query -W -f='${Version}' ogp-desktop)" = "${VERSION}+upgradetest1" ] || fail "not upgraded"
[ "$(sha "$DB")" = "$SUM" ] || fail "the database changed"
ok "upgraded to ${VERSION}+upgradetest1; sha256 unchanged"
[ "$(as_user ogp-desktop list meetings --json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$N" ] \
  || fail "meetings differ after the upgrade"
ok "the upgraded program lists the same $N meetings"
as_user ogp-desktop check | sed 's/^/    /' || fail "check after upgrade"

SUM=$(sha "$DB")
step "remove: dpkg -r ogp-desktop"
$SUDO dpkg -r ogp-desktop > "$WORK/dpkg-remove.log" 2>&1 || { cat "$WORK/dpkg-remove.log"; fail "dpkg -r"; }
[ ! -e /opt/ogp-desktop ] || fail "/opt/ogp-desktop still there: $(find /opt/ogp-desktop | head -5)"
[ ! -e /usr/bin/ogp-desktop ] || fail "/usr/bin/ogp-desktop still there"
[ ! -e /usr/share/applications/ogp-desktop.desktop ] || fail "the .desktop entry is still there"
ok "program, launcher and menu entry gone"
[ -f "$DB" ] || fail "the user's database is gone"
[ "$(sha "$DB")" = "$SUM" ] || fail "the database changed"
ok "the user's database is still there, unchanged: $DB ($(meetings "$DB") meetings)"

step "purge: dpkg -P ogp-desktop"
$SUDO dpkg -P ogp-desktop > "$WORK/dpkg-purge.log" 2>&1 || { cat "$WORK/dpkg-purge.log"; fail "dpkg -P"; }
[ -f "$DB" ] && [ "$(sha "$DB")" = "$SUM" ] || fail "the database did not survive the purge"
ok "the user's database survives the purge too"
ls -la "$(dirname "$DB")" | sed 's/^/    /'

printf '\npackaging test PASSED: %d steps in %d s\n' "$STEP" "$(( $(date +%s) - START ))"
if [ "${OGP_KEEP:-0}" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
