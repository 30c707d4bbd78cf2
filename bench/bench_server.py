#!/usr/bin/env python3
"""Benchmark of the office's server (issue 12): a private PostgreSQL server on this machine.

    python bench/bench_server.py --db TEN-YEAR.sqlite [--clients 10] [--seconds 60] [--runs 20]
    (make the file with: python bench/make_ten_year_db.py TEN-YEAR.sqlite)

Starts its own server (as the tests do, tests/pg_server.py: initdb in a temporary folder,
a free port of 127.0.0.1; or OGP_TEST_PG_URL's), then:

  import   `server init` and `server import-sqlite` of the ten-year records (whole seconds).
  read     over loopback, as an editor's login: the first list of 50 meetings
           (services.meetings.list_meetings, what the main window shows first) and loading
           one meeting for the editor (load_meeting + minutes_data), each the median of
           --runs in a new unit of work; the same on the SQLite file in the same run, as
           the reference. Targets: < 20 ms each on the server.
  load     --clients processes, each its own editor login, writing new draft minutes
           (save_minutes, about 2 KB of Arabic text, an audit line each) for --seconds;
           every client counts what it saved and every error a user would have seen; at
           the end the server's meetings are counted: lost = saved − found. Targets: 0
           lost, 0 errors.

Figures are printed; nothing is asserted (speed is not a test)."""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine_lines  # noqa: E402  # after the path

PASSWORD = "bench-password-1"
TEXT = ("ناقش الحضور خطة العمل للمرحلة القادمة، واتفقوا على موعد المسح الميداني في "
        "الأسبوع الثاني من الشهر، مع إشراك مؤسسات المجتمع المدني (CSOs) في التحقق من النتائج. ")


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def read_figures(url: str, runs: int) -> dict[str, float]:
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.services.meetings import list_meetings, load_meeting, minutes_data

    db = open_database(url)
    try:
        with db.session(write=False) as s:
            rows = list_meetings(s, limit=50)
            target = rows[len(rows) // 2].id
        lists, loads = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            with db.session(write=False) as s:
                list_meetings(s, limit=50)
            lists.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            with db.session(write=False) as s:
                minutes_data(load_meeting(s, target))
            loads.append(time.perf_counter() - t0)
        return {"list 50": _median_ms(lists), "load one": _median_ms(loads)}
    finally:
        db.close()


def client(url: str, seconds: float, index: int, out: mp.Queue) -> None:
    """One person's program: saves new drafts until the time is up."""
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.errors import DomainError
    from ogp_desktop.core.services import meetings

    db = open_database(url)
    saved, errors, uuids = 0, [], []
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        data = meetings.MinutesData(
            title=f"محضر تجريبي {index}-{n}", date=dt.date(2026, 1, 1) + dt.timedelta(days=n % 300),
            committee="لجنة تنفيذ الالتزام الأول", discussion=[TEXT * 4, TEXT * 3],
            outputs=[TEXT * 2], uuid=str(uuid.uuid4()))
        try:
            with db.session() as s:
                meetings.save_minutes(s, data)
            saved += 1
            uuids.append(data.uuid)
        except DomainError as exc:  # what the user would have been shown
            errors.append(str(exc))
    db.close()
    out.put((index, saved, errors, uuids))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, type=Path, help="the ten-year SQLite file")
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()

    from pg_server import PrivateServer, server_from_env

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.server import admin

    server = None
    pg = server_from_env()
    if pg is None:
        server = PrivateServer()
        pg = server.start()
    try:
        name = "bench_" + uuid.uuid4().hex[:8]
        t0 = time.perf_counter()
        admin.init_server(pg.url(name), "bench_admin_" + name[-8:], "مدير", PASSWORD)
        db = open_database(pg.url(name))
        report = admin.import_sqlite(db, args.db)
        logins = []
        for i in range(args.clients):
            login = f"clerk{i}_{name[-8:]}"
            admin.add_user(db, login, f"موظف {i}", "editor", PASSWORD)
            logins.append(login)
        db.close()
        imported = time.perf_counter() - t0
        print("\n".join(machine_lines()))
        print(f"server  : PostgreSQL at {pg.host}:{pg.port} (loopback)")
        print(f"records : {args.db} — {report.counts['meetings']} meetings, "
              f"{report.counts['audit_log']} audit lines, {report.signed} signed")
        print(f"import  : server init + import-sqlite + {args.clients} logins: {imported:.1f} s")

        editor = pg.url(name, logins[0], PASSWORD)
        on_server = read_figures(editor, args.runs)
        on_file = read_figures(str(args.db), args.runs)
        print(f"\nread, median of {args.runs} (target < 20 ms on the server):")
        for what in on_server:
            verdict = "PASS" if on_server[what] < 20 else "MISS"
            print(f"  {what:9s} server {on_server[what]:6.1f} ms   SQLite file "
                  f"{on_file[what]:6.1f} ms   {verdict}")

        queue: mp.Queue = mp.Queue()
        ctx_processes = [mp.Process(target=client, args=(pg.url(name, login, PASSWORD),
                                                          args.seconds, i, queue))
                         for i, login in enumerate(logins)]
        t0 = time.perf_counter()
        for p in ctx_processes:
            p.start()
        results = [queue.get(timeout=args.seconds + 300) for _ in ctx_processes]
        for p in ctx_processes:
            p.join()
        wall = time.perf_counter() - t0
        saved = sum(r[1] for r in results)
        errors = [e for r in results for e in r[2]]
        uuids = [u for r in results for u in r[3]]
        check = pg.connect(name)
        found = check.execute("SELECT count(*) FROM meetings WHERE uuid = ANY(%s)",
                              (uuids,)).fetchone()[0]
        check.close()
        lost = saved - found
        print(f"\nload: {args.clients} client processes writing drafts for {args.seconds:.0f} s "
              f"(wall {wall:.1f} s)")
        print(f"  saved {saved} ({saved / args.seconds:.1f}/s), found on the server {found}, "
              f"lost {lost}, errors shown to users {len(errors)}   "
              f"{'PASS' if lost == 0 and not errors else 'MISS'}")
        for e in sorted(set(errors))[:5]:
            print(f"    error: {e}")
        pg.drop_database(name)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    if os.name != "nt":
        mp.set_start_method("fork")
    raise SystemExit(main())
