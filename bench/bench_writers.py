"""Writers at once: N real `ogp-desktop import-minutes` processes started together, R
rounds, on one database. Prints landed/failed and the wall times.

Why: a deferred BEGIN that reads and then writes can not wait for SQLite's write lock, so
concurrent imports failed at once ("database is locked", 60 of 80). Write units of work
now begin IMMEDIATE and queue up to the busy timeout. Target: 80 of 80 land.

    python bench/bench_writers.py [--writers 10] [--rounds 8] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINUTES = {
    "format": "ogp-minutes/1", "language": "ar", "title": "محضر اجتماع لجنة المتابعة",
    "committee": "لجنة المتابعة", "date": "2021-06-14", "start": "10:00", "end": "11:00",
    "mode": "online",
    "attendees": [{"name": "مي عليمات", "organization": "وزارة التخطيط والتعاون الدولي"}],
    "discussion": ["النقطة الأولى", "النقطة الثانية"], "outputs": ["قرار"],
    "action_items": [{"text": "مهمة", "owner": "مي عليمات", "due": "2021-07-01"}],
}


def cli(*argv: str) -> list[str]:
    return [sys.executable, "-m", "ogp_desktop.cli", *argv]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ogp-bench-writers-"))
    db = work / "records.sqlite"
    env = {**os.environ, "OGP_DESKTOP_LANG": "en"}
    subprocess.run(cli("--db", str(db), "load-demo"), check=True, env=env,
                   capture_output=True)
    files = []
    for i in range(args.writers):
        path = work / f"m{i}.json"
        path.write_text(json.dumps({**MINUTES, "title": f"محضر {i}"}, ensure_ascii=False),
                        encoding="utf-8")
        files.append(path)
    con = sqlite3.connect(db)
    before = con.execute("SELECT count(*) FROM meetings").fetchone()[0]
    con.close()
    landed = failed = 0
    walls, errors = [], []
    for r in range(args.rounds):
        t0 = time.perf_counter()
        procs = [subprocess.Popen(cli("--db", str(db), "import-minutes", str(f)), env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for f in files]
        for p in procs:
            _out, err = p.communicate()
            if p.returncode == 0:
                landed += 1
            else:
                failed += 1
                errors.append(err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}")
        walls.append(time.perf_counter() - t0)
        print(f"round {r + 1}: {args.writers} writers in {walls[-1]:.2f} s", flush=True)
    con = sqlite3.connect(db)
    after = con.execute("SELECT count(*) FROM meetings").fetchone()[0]
    con.close()
    total = args.writers * args.rounds
    print(f"\nlanded: {landed} of {total}; failed: {failed}; meetings added: {after - before}")
    print(f"wall time per round: min {min(walls):.2f} s, max {max(walls):.2f} s, "
          f"total {sum(walls):.2f} s ({os.cpu_count()} CPUs)")
    for line in sorted(set(errors))[:5]:
        print(f"  failure: {line}")
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if landed == total and after - before == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
