"""Cold start of the desktop application to the first painted main window, and memory
after opening it, on the ten-year database (issue 4's targets: < 1.5 s, < 250 MB).

    python bench/bench_gui_start.py [DB] [--runs 7]

Each run is a fresh `python` process (imports, Qt start-up, opening and checking the
database, building the main window and its first table, first paint), timed from just
before the process is spawned until it reports its first paint. Offscreen platform; the
OS file cache is warm after the first run (the first run is shown separately)."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import resource, sys, time
t0 = float(sys.argv[2])
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QTimer
from ogp_desktop.ui.app import apply_language, make_qapp
from ogp_desktop.core.db import open_database
app = make_qapp()
apply_language(app, "ar")
db = open_database(sys.argv[1])
from ogp_desktop.ui.main_window import MainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
            self.done = True
            painted = time.time() - t0
            QTimer.singleShot(0, lambda: finish(painted))
        return False

def finish(painted):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {painted:.4f} {rss:.1f}", flush=True)
    app.quit()

window = MainWindow(db)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.resize(1366, 768)
window.show()
app.exec()
"""


def run_once(db: Path) -> tuple[float, float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), repr(start)],
        capture_output=True, text=True, timeout=120, cwd=HERE.parent,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        raise RuntimeError(f"no result: {out.stdout}\n{out.stderr}")
    _, painted, rss = line.split()
    return float(painted), float(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", help="database (default: make a ten-year one)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if args.db:
        db = Path(args.db)
    else:
        db = Path(tempfile.mkdtemp(prefix="ogp-gui-bench-")) / "ten-year.sqlite"
        print(f"making the ten-year database in {db} ...", flush=True)
        subprocess.run([sys.executable, str(HERE / "make_ten_year_db.py"), str(db)], check=True,
                       stdout=subprocess.DEVNULL)
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: {db} ({db.stat().st_size / 1e6:.1f} MB)")
    first = run_once(db)
    runs = [run_once(db) for _ in range(args.runs)]
    times = [r[0] for r in runs]
    mems = [r[1] for r in runs]
    print(f"first run (cold file cache at best): {first[0]:.2f} s, {first[1]:.0f} MB")
    print(f"start to first paint over {args.runs} runs: median {statistics.median(times):.2f} s, "
          f"worst {max(times):.2f} s   target < 1.5 s  {'PASS' if max(times) < 1.5 else 'MISS'}")
    print(f"peak memory (max RSS): median {statistics.median(mems):.0f} MB, worst {max(mems):.0f} MB"
          f"   target < 250 MB  {'PASS' if max(mems) < 250 else 'MISS'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
