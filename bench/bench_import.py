"""Word minutes imported: the five seed documents (rebuilt as .docx by
tests/archive_samples.py) and the variants, into a fresh database with the demo records
(so matching has something to find) and into an empty one; then a batch of 100 files.
Prints, per file, the fields found, guessed and failed, what was created, and the timings:
the figures of docs/archive.md.

    python bench/bench_import.py [--batch 100] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from archive_samples import minutes_batch, write_all  # noqa: E402

from ogp_desktop.core.archive import importer  # noqa: E402
from ogp_desktop.core.db import open_database  # noqa: E402
from ogp_desktop.core.demo import load_demo  # noqa: E402

EXPECTED = ("title", "date", "plan", "commitment", "committee", "sequence", "mode", "location",
            "objective", "attendees", "apologies", "discussion", "outputs", "notes",
            "next_meeting", "attachments")


def _table(title: str, report: importer.BatchReport, seconds: float) -> None:
    print(f"\n## {title} ({seconds:.2f} s)\n")
    print("| file | found | guessed | not found | created | matched by likeness |")
    print("| --- | --- | --- | --- | --- | --- |")
    for done in report.imported:
        missing = [f for f in EXPECTED if f not in done.found]
        created = ", ".join(f"{m.kind} {m.written}" for m in done.created) or "—"
        similar = ", ".join(f"{m.written} → {m.record_name}" for m in done.similar) or "—"
        print(f"| {done.source} | {len(done.found)}: {', '.join(done.found)} | "
              f"{', '.join(done.guessed) or '—'} | {', '.join(missing) or '—'} | {created} | "
              f"{similar} |")
    for failed in report.failed:
        print(f"| {failed.source} | FAILED: {failed.error.render()} | | | | |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ogp-bench-import-"))
    try:
        samples = write_all(tmp / "samples")
        files = [samples[k] for k in sorted(samples)]
        for label, demo in (("into the demo records", True), ("into an empty database", False)):
            db = open_database(tmp / f"{'demo' if demo else 'empty'}.sqlite", create=True)
            if demo:
                with db.session() as s:
                    load_demo(s)
            t0 = time.perf_counter()
            report = importer.import_files(db, files)
            _table(f"The five seeds and the variants, {label}", report, time.perf_counter() - t0)
            db.engine.dispose()
        minutes_batch(tmp / "batch", args.batch - 2)
        (tmp / "batch" / "zz_broken.docx").write_bytes(b"PK\x03\x04broken")
        (tmp / "batch" / "zz_old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        db = open_database(tmp / "batch.sqlite", create=True)
        with db.session() as s:
            load_demo(s)
        t0 = time.perf_counter()
        report = importer.import_files(db, [tmp / "batch"])
        seconds = time.perf_counter() - t0
        n = len(report.imported) + len(report.failed)
        print(f"\n## A batch of {n} files ({seconds:.2f} s, {seconds / n * 1000:.0f} ms a file)\n")
        print(f"- imported: {len(report.imported)}")
        print(f"- needs review: {len(report.needs_review)}")
        print(f"- failed: {len(report.failed)}")
        for failed in report.failed:
            print(f"  - {failed.source}: {failed.error.render()}")
        print(f"- database after the batch: {(tmp / 'batch.sqlite').stat().st_size / 2**20:.1f} MB")
        db.engine.dispose()
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
