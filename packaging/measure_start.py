"""Measure how fast the frozen OGP Desktop starts (figures for the closing note).

    python packaging/measure_start.py                       # dist/ogp-desktop/ogp-desktop
    python packaging/measure_start.py /usr/bin/ogp-desktop --runs 7
    python packaging/measure_start.py --platform xcb        # under a real X server (DISPLAY)

Without touching the program (nothing in it waits for a measurement), from outside:
- the records: a temporary home and data folder; `--db records.sqlite load-demo` fills a
  database first, so the application opens straight to its main window (no welcome dialog);
- first window: the application is started on those records (QT_QPA_PLATFORM=offscreen by
  default) with Qt's own logging category `qt.widgets.painting` switched on; the time is
  taken when Qt reports "Flushing QRegion(…) of MainWindow(…)" on stderr: the main window,
  painted, handed to the window system (its first paint). The program's log line "started"
  (written after the window is shown, before the event loop runs) is read as well. Then the
  process is stopped;
- cold: the first run after the kernel's page cache is dropped (needs root on Linux; else
  the first run is only "first"); warm: the following runs (median, min, max);
- `--version` (the bootloader and Python, no Qt) and `--self-test` (every view, the editor,
  a PDF) as further reference points.
Prints a summary; --json writes the figures as JSON too."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EXE = ROOT / "dist" / "ogp-desktop" / (
    "ogp-desktop-cli.exe" if sys.platform.startswith("win") else "ogp-desktop")
FIRST_PAINT = "Flushing QRegion"
TIMEOUT = 30.0


def user_env(home: Path, platform: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "HOME": str(home), "USERPROFILE": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "QT_QPA_PLATFORM": platform,
    })
    env.pop("OGP_DESKTOP_DB", None)
    return env


def drop_page_cache() -> bool:
    """Linux, root: forget cached file contents, so the next start reads from disk."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as fh:
            fh.write("3\n")
        return True
    except OSError:
        return False


def log_file(home: Path) -> Path:
    if sys.platform.startswith("win"):
        return home / "AppData" / "Local" / "ogp-desktop" / "logs" / "ogp-desktop.log"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "ogp-desktop" / "logs" / "ogp-desktop.log"
    return home / ".local" / "share" / "ogp-desktop" / "logs" / "ogp-desktop.log"


def started_lines(log: Path) -> int:
    try:
        return log.read_text(encoding="utf-8", errors="replace").count(": started ")
    except OSError:
        return 0


def time_window(exe: Path, db: Path, env: dict[str, str], log: Path,
                paint_log: bool) -> dict[str, float | None]:
    """Seconds from process start to 'started' and, with paint_log, to the first paint."""
    env = dict(env)
    if paint_log:
        env["QT_LOGGING_RULES"] = "qt.widgets.painting.debug=true"
    before = started_lines(log)
    painted = threading.Event()
    result: dict[str, float | None] = {"first_paint": None, "started_logged": None}
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe), "--db", str(db)], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            errors="replace")

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if not painted.is_set() and FIRST_PAINT in line and "of MainWindow(" in line:
                result["first_paint"] = time.perf_counter() - t0
                painted.set()
        painted.set()  # stderr closed: the process ended

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    deadline = t0 + TIMEOUT
    while time.perf_counter() < deadline:
        if result["started_logged"] is None and started_lines(log) > before:
            result["started_logged"] = time.perf_counter() - t0
        if (painted.is_set() or not paint_log) and result["started_logged"] is not None:
            break
        if proc.poll() is not None:
            break
        time.sleep(0.002)
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    reader.join(2)
    return result


def time_command(exe: Path, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                         errors="replace", timeout=300)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{exe} {' '.join(args)} failed ({out.returncode}):\n{out.stdout}{out.stderr}")
    return elapsed, out.stdout


def summary(values: list[float]) -> str:
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return (f"median {statistics.median(values):.2f} s (min {min(values):.2f}, "
            f"max {max(values):.2f}, {len(values)} runs)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", nargs="?", default=str(DEFAULT_EXE))
    parser.add_argument("--runs", type=int, default=5, help="warm runs after the cold one")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen)")
    parser.add_argument("--no-self-test", action="store_true")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    exe = Path(args.executable)
    if not exe.exists():
        raise SystemExit(f"{exe} does not exist: build first (python packaging/build.py)")
    figures: dict[str, object] = {"executable": str(exe), "platform": args.platform}
    with tempfile.TemporaryDirectory(prefix="ogp-measure-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = user_env(home, args.platform)
        db = Path(tmp) / "records.sqlite"
        time_command(exe, ["--db", str(db), "load-demo"], env)
        log = log_file(home)

        # plain runs (nothing switched on): time to the "started" log line
        cold = drop_page_cache()
        first = time_window(exe, db, env, log, paint_log=False)
        if first["started_logged"] is None:
            raise SystemExit("the application did not show its window within "
                             f"{TIMEOUT:.0f} s (try it by hand: {exe} --db {db})")
        warm = [time_window(exe, db, env, log, paint_log=False) for _ in range(args.runs)]
        # instrumented runs: time to the first paint (Qt's paint logging costs time itself)
        drop_page_cache()
        first_paint = time_window(exe, db, env, log, paint_log=True)
        warm_paint = [time_window(exe, db, env, log, paint_log=True) for _ in range(args.runs)]
        figures["page_cache_dropped"] = cold
        figures["cold"] = {"started_logged": first["started_logged"],
                           "first_paint_instrumented": first_paint["first_paint"]}
        figures["warm_started_logged"] = [w["started_logged"] for w in warm]
        figures["warm_first_paint_instrumented"] = [w["first_paint"] for w in warm_paint]
        figures["warm_started_logged_instrumented"] = [w["started_logged"] for w in warm_paint]

        versions = [time_command(exe, ["--version"], env)[0] for _ in range(3)]
        figures["version_seconds"] = versions
        if not args.no_self_test:
            elapsed, out = time_command(exe, ["--self-test"], env)
            figures["self_test_seconds"] = elapsed
            figures["self_test_last_line"] = out.strip().splitlines()[-1]

    label = "cold (page cache dropped)" if cold else "first run (page cache NOT dropped: not root)"
    paints = [v for v in figures["warm_first_paint_instrumented"] if v is not None]
    gaps = [p - s for p, s in zip(figures["warm_first_paint_instrumented"],
                                 figures["warm_started_logged_instrumented"], strict=True)
            if p is not None and s is not None]
    print(f"OGP Desktop start-up, {exe}, QT_QPA_PLATFORM={args.platform}")
    print(f"  main window shown ('started' logged), {label}: {first['started_logged']:.2f} s")
    print(f"  main window shown ('started' logged), warm: {summary(figures['warm_started_logged'])}")
    fp = first_paint["first_paint"]
    print(f"  first paint, instrumented, {label.split(' (')[0]}: "
          + (f"{fp:.2f} s" if fp is not None else "n/a"))
    print(f"  first paint, instrumented, warm: {summary(paints)}")
    if gaps:
        print(f"    (first paint comes {statistics.median(gaps) * 1000:.0f} ms after 'started'; "
              "Qt's paint logging is on in those runs)")
    print(f"  --version:                   {summary(versions)}")
    if "self_test_seconds" in figures:
        print(f"  --self-test (whole process): {figures['self_test_seconds']:.2f} s"
              f"  [{figures['self_test_last_line']}]")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
