#!/usr/bin/env python3
"""How fast OGP Desktop starts, beside two references measured in the same run (issue 10 §7).

    python bench/bench_start.py [--db TEN_YEAR.sqlite] [--runs 7] [--platform offscreen|xvfb]
                                [--meeting ID] [--libs /tmp/bench-libs] [--no-libreoffice]

(a) First paint. A fresh process per run, timed from just before it is spawned until its
    top-level window receives its first Paint event (an event filter installed on that
    window prints time.monotonic(), a clock shared by all processes on Linux; the process
    then quits, its exit is not timed):
      - bare: a PySide6 QApplication (right-to-left) showing one QLabel with an Arabic text,
        1280×720, and nothing else;
      - app: the real program, `ogp-desktop --db TEN_YEAR` (ogp_desktop.cli.main), on the
        ten-year database, up to its main window (the filter is put on MainWindow at the end
        of its __init__; nothing in the program waits for it).
    The main window paints before it opens the records (ui/app.py, DeferredStart), so the
    app's run also times (a') the records shown: the first Paint of the meetings table
    after the window was given its database (the list filled; at the end of
    MainWindow.__init__ on a tree that opens the records first, else after
    attach_database). The process quits after both.
    Both share the same harness: the same interpreter, the same environment (a temporary
    home, so the user's settings and caches are not touched), the same platform plugin.
    Runs alternate bare/app so that a change of the machine's load hits both.
    Goal: app / bare <= 3.
(b) One PDF. `python -m ogp_desktop --db TEN_YEAR export-minutes ID --format pdf -o OUT`
    (this checkout, a fresh process, wall clock) against `soffice --headless --convert-to pdf`
    of the same minutes written as a .docx with python-docx (bench_pdf.build_docx, from
    services.documents.minutes_document). LibreOffice gets a private profile, created by a
    first call that is not timed; our first call (it fills the font cache of the temporary
    home) is shown apart as well. Runs alternate ours/LibreOffice. Goal: LibreOffice / ours
    >= 4.

python-docx is not a dependency of the program: install it beside, for instance
`pip install --target /tmp/bench-libs python-docx`, and pass --libs (default /tmp/bench-libs).
The meeting is, unless --meeting says, the signed meeting with the most photos (then the most
minute items) of the database. Every figure is a median of --runs; CPU seconds of the
process (getrusage) are shown beside wall seconds, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]  # bench/common.py, bench_pdf.py; this checkout's package


def _user_env(home: Path, platform: str) -> dict[str, str]:
    """packaging/measure_start.user_env: a temporary home (settings, data, caches)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("measure_start", ROOT / "packaging" / "measure_start.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.user_env(home, platform)

PAINT_GOAL = 3.0  # app first paint <= 3 x a bare window
PDF_GOAL = 4.0  # LibreOffice / ours >= 4
ARABIC_LABEL = "محاضر اجتماعات لجان الحكومة الشفافة"

# One harness for both windows. argv: mode ("bare" or "app"), database.
HARNESS = r"""
import resource, sys, time
mode, db = sys.argv[1], sys.argv[2]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


def stamp(what):
    now = time.monotonic()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{what} {now:.6f} {usage.ru_utime + usage.ru_stime:.4f}", flush=True)


class FirstPaint(QObject):
    # prints `what` at the first Paint of the watched widget; quits once `waiting` is empty

    waiting = set()

    def __init__(self, what):
        super().__init__()
        self.what = what
        self.done = False
        FirstPaint.waiting.add(what)

    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            stamp(self.what)
            FirstPaint.waiting.discard(self.what)
            if not FirstPaint.waiting:
                QTimer.singleShot(0, QApplication.quit)
        return False


watcher = FirstPaint("PAINTED")
if mode == "bare":
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    app = QApplication(sys.argv[:1])
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    label = QLabel(LABEL)
    label.resize(1280, 720)
    label.installEventFilter(watcher)
    label.show()
    sys.exit(app.exec())
else:
    from ogp_desktop.ui import main_window

    records = FirstPaint("RECORDS")

    def watch_records(window):
        if getattr(window, "db", None) is not None:
            meetings = dict(window.sections.built())["meetings"]
            meetings.table.viewport().installEventFilter(records)

    built = main_window.MainWindow.__init__

    def init_and_watch(self, *args, **kwargs):
        built(self, *args, **kwargs)
        self.installEventFilter(watcher)
        watch_records(self)

    main_window.MainWindow.__init__ = init_and_watch
    attach = getattr(main_window.MainWindow, "attach_database", None)
    if attach is not None:
        def attach_and_watch(self, db):
            attach(self, db)
            watch_records(self)

        main_window.MainWindow.attach_database = attach_and_watch
    from ogp_desktop.cli import main

    sys.exit(main(["--db", db]))
""".replace("LABEL", repr(ARABIC_LABEL))


@dataclass
class Runs:
    """Wall and CPU seconds of repeated fresh processes."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def line(self) -> str:
        if not self.wall:
            return f"{self.name:48s}  no runs"
        cpu = f"cpu median {statistics.median(self.cpu):.2f} s" if self.cpu else ""
        return (f"{self.name:48s} N={len(self.wall):<2d} median {statistics.median(self.wall):6.3f} s  "
                f"min {min(self.wall):6.3f}  max {max(self.wall):6.3f}   {cpu}")

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


# --- the database and the meeting ------------------------------------------------------------


def ten_year_db(given: str | None, work: Path) -> Path:
    if given:
        return Path(given)
    db = work / "ten-year.sqlite"
    print(f"making the ten-year database in {db} (bench/make_ten_year_db.py) ...", flush=True)
    subprocess.run([sys.executable, str(HERE / "make_ten_year_db.py"), str(db)], check=True,
                   stdout=subprocess.DEVNULL, env=child_env(os.environ.copy()))
    return db


def pick_meeting(db: Path) -> int:
    """The signed meeting with the most photos, then the most minute items (read-only)."""
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT m.id FROM meetings m "
            "LEFT JOIN attachments a ON a.meeting_id = m.id "
            "WHERE m.status = 'signed' GROUP BY m.id "
            "ORDER BY count(DISTINCT a.id) DESC, "
            "(SELECT count(*) FROM minute_items i WHERE i.meeting_id = m.id) DESC, m.id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    if row is None:
        raise SystemExit(f"{db} has no signed meeting")
    return int(row[0])


# Where the children keep their compiled bytecode (set by main: the bench's temporary folder).
PYCACHE: Path | None = None


def child_env(env: dict[str, str]) -> dict[str, str]:
    """This checkout first on the path, whatever is installed. Bytecode is cached (in the
    bench's temporary folder, not the checkout), as the installed program ships it
    compiled: a PYTHONDONTWRITEBYTECODE inherited from a developer's shell would otherwise
    make every child compile the program's modules from source (~60 ms a process)."""
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("OGP_DESKTOP_DB", None)
    if PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


# --- (a) first paint ---------------------------------------------------------------------------


def first_paint(mode: str, db: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds from spawn to the first Paint event, CPU seconds of the process then)."""
    return paint_times(mode, db, env)["PAINTED"]


def paint_times(mode: str, db: Path, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """For each stamp the harness printed (PAINTED; RECORDS for the app): (wall seconds
    from spawn, CPU seconds of the process then)."""
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", HARNESS, mode, str(db)], env=env, cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    times = {}
    for ln in out.splitlines():
        if ln.startswith(("PAINTED ", "RECORDS ")):
            what, stamp, cpu = ln.split()
            times[what] = (float(stamp) - start, float(cpu))
    wanted = ("PAINTED", "RECORDS") if mode == "app" else ("PAINTED",)
    if any(w not in times for w in wanted):
        raise RuntimeError(f"{mode}: no first paint or records shown (exit {proc.returncode})\n{out}\n{err}")
    return times


class Xvfb:
    """A private X server for --platform xvfb (display :2xx, stopped at the end)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.display = f":{200 + os.getpid() % 500}"

    def __enter__(self) -> Xvfb:
        exe = shutil.which("Xvfb")
        if not exe:
            raise SystemExit("Xvfb is not installed (apt-get install xvfb), or use --platform offscreen")
        self.proc = subprocess.Popen([exe, self.display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        socket = Path("/tmp/.X11-unix") / f"X{self.display[1:]}"
        deadline = time.monotonic() + 10
        while not socket.exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit(f"Xvfb did not start on {self.display}")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)


# --- (b) one PDF -----------------------------------------------------------------------------


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall, CPU seconds of the process and the children it waited for) of one command."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime


def export_cmd(db: Path, meeting: int, out: Path) -> list[str]:
    return [sys.executable, "-m", "ogp_desktop", "--db", str(db), "export-minutes", str(meeting),
            "--format", "pdf", "-o", str(out)]


def soffice_cmd(profile: Path, docx: Path, outdir: Path) -> list[str]:
    return [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]


def write_docx(db: Path, meeting: int, out: Path, libs: str) -> None:
    """The same minutes as a .docx (python-docx from `libs`, never the project's venv)."""
    if libs and libs not in sys.path:
        sys.path.append(libs)
    import importlib.util

    if importlib.util.find_spec("docx") is None:
        raise SystemExit(f"python-docx is not importable (looked in {libs!r} too): "
                         "pip install --target /tmp/bench-libs python-docx, or --no-libreoffice")
    from bench_pdf import build_docx

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.services import documents

    database = open_database(db)
    try:
        with database.session(write=False) as s:
            doc = documents.minutes_document(s, meeting)
            letterhead = documents.letterhead(s)
    finally:
        database.close()
    build_docx(doc, letterhead, out)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="the ten-year database (default: made in a temporary folder)")
    ap.add_argument("--runs", type=int, default=7, help="runs of each process (median)")
    ap.add_argument("--platform", choices=("offscreen", "xvfb"), default="offscreen",
                    help="Qt's offscreen plugin, or xcb on a private Xvfb server")
    ap.add_argument("--meeting", type=int, help="the meeting to export (default: see above)")
    ap.add_argument("--libs", default=os.environ.get("OGP_BENCH_LIBS", "/tmp/bench-libs"),
                    help="folder with python-docx (pip install --target)")
    ap.add_argument("--no-libreoffice", action="store_true", help="skip (b)'s reference")
    ap.add_argument("--skip-paint", action="store_true", help="only (b)")
    ap.add_argument("--skip-pdf", action="store_true", help="only (a)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)
    from common import machine_lines

    print("OGP Desktop start-up benchmark", dt.datetime.now().isoformat(timespec="seconds"))
    for line in machine_lines():
        print(line)
    print(f"load    : {load_average()} (1, 5, 15 min) at the start")
    work = Path(tempfile.mkdtemp(prefix="ogp-bench-start-"))
    global PYCACHE
    PYCACHE = work / "pycache"
    try:
        home = work / "home"
        home.mkdir()
        db = ten_year_db(args.db, work)
        print(f"database: {db} ({db.stat().st_size / 1e6:.1f} MB)")
        lines: list[str] = []
        with (Xvfb() if args.platform == "xvfb" and not args.skip_paint else _Nothing()) as server:
            qpa = "xcb" if args.platform == "xvfb" else "offscreen"
            env = child_env(_user_env(home, qpa))
            if isinstance(server, Xvfb):
                env["DISPLAY"] = server.display
            if not args.skip_paint:
                lines += bench_paint(db, env, args.runs, qpa)
        if not args.skip_pdf:
            env = child_env(_user_env(home, "offscreen"))
            lines += bench_pdf(db, env, work, args)
        print(f"\nload    : {load_average()} (1, 5, 15 min) at the end")
        print("\n".join(lines))
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def bench_paint(db: Path, env: dict[str, str], runs: int, qpa: str) -> list[str]:
    print(f"\n(a) first paint, QT_QPA_PLATFORM={qpa}; an untimed first run of each warms the "
          "file cache and the temporary home ...", flush=True)
    paint_times("bare", db, env)
    paint_times("app", db, env)
    bare, app = Runs("bare window, one Arabic label"), Runs("main window on the ten-year db")
    shown = Runs("  its records shown (meetings list painted)")
    for _ in range(runs):
        for mode, res in (("bare", bare), ("app", app)):
            times = paint_times(mode, db, env)
            res.wall.append(times["PAINTED"][0])
            res.cpu.append(times["PAINTED"][1])
            if mode == "app":
                shown.wall.append(times["RECORDS"][0])
                shown.cpu.append(times["RECORDS"][1])
    print(bare.line())
    print(app.line())
    print(shown.line())
    ratio = app.median / bare.median
    verdict = "met" if ratio <= PAINT_GOAL else "MISSED"
    return [f"first paint: main window {app.median:.3f} s / bare window {bare.median:.3f} s = "
            f"{ratio:.2f}x   goal <= {PAINT_GOAL:.0f}x: {verdict}  (medians of {runs}, {qpa})",
            f"records shown: {shown.median:.3f} s = {shown.median / bare.median:.2f}x the bare window's "
            f"first paint (CPU {statistics.median(shown.cpu):.2f} s; no goal, the time a person waits "
            "for the list)"]


def bench_pdf(db: Path, env: dict[str, str], work: Path, args: argparse.Namespace) -> list[str]:
    meeting = args.meeting or pick_meeting(db)
    ours = Runs("ogp-desktop export-minutes --format pdf")
    out = work / "ours.pdf"
    print(f"\n(b) one PDF of meeting {meeting}; our first call (fills the font cache) ...", flush=True)
    first_wall, first_cpu = timed(export_cmd(db, meeting, out), env)
    print(f"{'  our first call (empty cache)':48s} {first_wall:.3f} s, cpu {first_cpu:.2f} s; "
          f"its PDF has {pages(out)} pages, {out.stat().st_size / 1e3:.0f} kB")
    lo = Runs("soffice --headless --convert-to pdf (.docx)")
    lo_first = None
    if not args.no_libreoffice:
        if not shutil.which("soffice"):
            raise SystemExit("soffice is not installed; --no-libreoffice to skip the reference")
        docx = work / "minutes.docx"
        write_docx(db, meeting, docx, args.libs)
        profile = work / "lo-profile"
        print("  LibreOffice: first call (creates its profile; not timed) ...", flush=True)
        lo_first = timed(soffice_cmd(profile, docx, work / "lo-first"))
        lo_pdf = work / "lo-first" / "minutes.pdf"
        print(f"{'  its first call':48s} {lo_first[0]:.3f} s; its PDF has {pages(lo_pdf)} pages, "
              f"{lo_pdf.stat().st_size / 1e3:.0f} kB")
    for i in range(args.runs):
        wall, cpu = timed(export_cmd(db, meeting, work / f"ours-{i}.pdf"), env)
        ours.wall.append(wall)
        ours.cpu.append(cpu)
        if lo_first is not None:
            wall, cpu = timed(soffice_cmd(work / "lo-profile", work / "minutes.docx", work / f"lo-{i}"))
            lo.wall.append(wall)
            lo.cpu.append(cpu)
    print(ours.line())
    if lo.wall:
        print(lo.line())
        ratio = lo.median / ours.median
        verdict = "met" if ratio >= PDF_GOAL else "MISSED"
        return [f"one PDF: LibreOffice {lo.median:.3f} s / ours {ours.median:.3f} s = {ratio:.2f}x faster"
                f"   goal >= {PDF_GOAL:.0f}x: {verdict}  (medians of {args.runs}, whole processes)"]
    return [f"one PDF: ours {ours.median:.3f} s (LibreOffice not run)"]


if __name__ == "__main__":
    raise SystemExit(main())
