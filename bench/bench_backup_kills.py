"""Backups killed at random moments: `ogp-desktop backup` (and the pre-upgrade backup of
an old-schema file opened by `list`) SIGKILLed N times while its copy is being written.
Prints "corrupt backups: K of N" (a file under the backup's name that fails
integrity_check or lacks records).

Why: a backup is written under a temporary name, flushed, checked, then renamed; a kill
must never leave a damaged file under the final name.

    python bench/bench_backup_kills.py [--kills 100] [--mb 25] [--upgrade-kills 40]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cli(*argv) -> list[str]:
    return [sys.executable, "-m", "ogp_desktop.cli", *map(str, argv)]


def whole(path: Path, meetings: int) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return (con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                    and con.execute("SELECT count(*) FROM meetings").fetchone()[0] == meetings)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False


def fill(path: Path, mb: int, *, revision: str | None = None) -> int:
    """Demo records (at `revision`, or head) plus `mb` MB of files; returns the meetings."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from ogp_desktop.core import db as dbmod
    from ogp_desktop.core import guards  # noqa: F401
    from ogp_desktop.core.demo import load_demo
    from ogp_desktop.core.models import AttachmentKind, Meeting, MinutesStatus
    from ogp_desktop.core.services import meetings

    if revision:
        from alembic import command

        engine = dbmod.make_engine(path, foreign_keys=False)
        with engine.connect() as conn, conn.begin():
            cfg = dbmod._alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        engine.dispose()
    else:
        dbmod.open_database(path, create=True).close()
    engine = dbmod.make_engine(path)
    rng = random.Random(14)
    with Session(engine) as s:
        load_demo(s)
        drafts = s.scalars(select(Meeting.id).where(Meeting.status == MinutesStatus.DRAFT)).all()
        s.commit()
    for i in range(mb):
        with Session(engine) as s:
            meetings.add_attachment(s, drafts[i % len(drafts)], name=f"p{i}.bin",
                                    data=rng.randbytes(1_000_000), kind=AttachmentKind.ATTACHMENT)
            s.commit()
    with Session(engine) as s:
        n = len(s.scalars(select(Meeting.id)).all())
    engine.dispose()
    return n


def kill_during(argv: list, folder: Path, spread: float, rng: random.Random) -> None:
    before = set(folder.iterdir()) if folder.exists() else set()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and not (folder.exists() and set(folder.iterdir()) - before):
        time.sleep(0.001)
    if proc.poll() is None:
        time.sleep(rng.uniform(0, spread))
        proc.send_signal(signal.SIGKILL)
    proc.wait()


def spread_of(argv: list, folder: Path) -> float:
    before = set(folder.iterdir()) if folder.exists() else set()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and not (folder.exists() and set(folder.iterdir()) - before):
        time.sleep(0.001)
    t0 = time.monotonic()
    assert proc.wait() == 0
    return max(time.monotonic() - t0, 0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--upgrade-kills", type=int, default=40)
    parser.add_argument("--mb", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="ogp-bench-kills-"))
    os.environ.setdefault("OGP_DESKTOP_LANG", "en")
    try:
        source = work / "big.sqlite"
        n = fill(source, args.mb)
        print(f"database: {source.stat().st_size / 1e6:.1f} MB, {n} meetings", flush=True)
        out = work / "out"
        out.mkdir()
        target = out / "backup.sqlite"
        argv = cli("--db", source, "backup", target)
        spread = spread_of(argv, out) / 2  # the copy, not the interpreter's exit
        target.unlink()
        corrupt = landed = 0
        for _ in range(args.kills):
            kill_during(argv, out, spread, rng)
            if target.exists():
                landed += 1
                corrupt += not whole(target, n)
                target.unlink()
        print(f"backup: corrupt backups: {corrupt} of {args.kills} kills "
              f"({landed} complete before the kill, {args.kills - landed} left no file)")
        ok = subprocess.run(argv, capture_output=True).returncode == 0 and whole(target, n)
        leftovers = [p.name for p in out.iterdir() if p.name != "backup.sqlite"]
        print(f"retry after the kills: {'ok' if ok else 'FAILED'}; leftovers: {leftovers}")

        template = work / "old.sqlite"
        n_old = fill(template, max(args.mb // 2, 1), revision="0001")
        up = work / "up"
        up.mkdir()
        path = up / "records.sqlite"
        shutil.copy(template, path)
        argv = cli("--db", path, "list", "meetings")
        spread = spread_of(argv, up / "backups") / 3
        bad = 0
        for _ in range(args.upgrade_kills):
            for f in list(up.glob("records.sqlite*")) + list((up / "backups").iterdir()):
                f.unlink()
            shutil.copy(template, path)
            kill_during(argv, up / "backups", spread, rng)
            for backup in (up / "backups").glob("*.sqlite"):
                bad += not whole(backup, n_old)
            bad += not whole(path, n_old)
        print(f"pre-upgrade backup: corrupt backups (or databases): {bad} of "
              f"{args.upgrade_kills} kills")
        return 0 if corrupt == 0 and bad == 0 and ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
